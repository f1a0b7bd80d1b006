"""graphkit.analyse.layout.compute_layout: complete, deterministic, readable, side-effect free."""

from __future__ import annotations

import copy
import math
import random
from statistics import mean

import networkx as nx
import pytest

from graphkit.analyse.layout import compute_layout


def _claims_graph(order: int = 1) -> nx.MultiDiGraph:
    """Two 6-cliques joined by one claim, a 3-node chain, parallel claims, two isolates."""
    edges = [(f"a{i}", f"a{j}", f"ca{i}{j}") for i in range(6) for j in range(i + 1, 6)]
    edges += [(f"b{i}", f"b{j}", f"cb{i}{j}") for i in range(6) for j in range(i + 1, 6)]
    edges += [("a0", "b0", "bridge"), ("a1", "a0", "back"), ("a0", "a1", "again")]
    edges += [("c0", "c1", "cc1"), ("c1", "c2", "cc2")]
    nodes = sorted({n for u, v, _ in edges for n in (u, v)} | {"iso-1", "iso-2"})
    g = nx.MultiDiGraph()
    for n in nodes[::order]:
        g.add_node(n, label=n.upper(), type="person")
    for u, v, k in edges[::order]:
        g.add_edge(u, v, key=k, id=k, relation="supports")
    return g


@pytest.mark.parametrize("backend", ["igraph", "networkx"])
def test_every_node_gets_a_finite_position(backend: str) -> None:
    g = _claims_graph()
    pos = compute_layout(g, seed=3, backend=backend)
    assert set(pos) == set(g.nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert len(set(pos.values())) == len(pos), "two nodes share a position"


@pytest.mark.parametrize("backend", ["igraph", "networkx"])
def test_same_graph_same_positions_whatever_the_insertion_order(backend: str) -> None:
    forward = compute_layout(_claims_graph(1), seed=5, backend=backend)
    again = compute_layout(_claims_graph(1), seed=5, backend=backend)
    reverse = compute_layout(_claims_graph(-1), seed=5, backend=backend)
    assert forward == again == reverse
    assert compute_layout(_claims_graph(), seed=6, backend=backend) != forward


def test_clusters_stay_together_and_components_apart() -> None:
    pos = compute_layout(_claims_graph(), seed=1)

    def dist(u: str, v: str) -> float:
        return math.dist(pos[u], pos[v])

    inside = mean(dist(f"a{i}", f"a{j}") for i in range(6) for j in range(i + 1, 6))
    across = mean(dist(f"a{i}", f"b{j}") for i in range(6) for j in range(6))
    assert inside * 1.5 < across

    def box(names: list[str]) -> tuple[float, float, float, float]:
        xs, ys = [pos[n][0] for n in names], [pos[n][1] for n in names]
        return min(xs), min(ys), max(xs), max(ys)

    main = box([f"a{i}" for i in range(6)] + [f"b{i}" for i in range(6)])
    chain = box(["c0", "c1", "c2"])
    isolates = box(["iso-1", "iso-2"])
    for one, other in ((main, chain), (main, isolates), (chain, isolates)):
        separate = one[2] < other[0] or other[2] < one[0] or one[3] < other[1] or other[3] < one[1]
        assert separate, f"{one} overlaps {other}"


def test_links_are_about_one_unit_long() -> None:
    g = nx.path_graph(30)
    pos = compute_layout(g, seed=2)
    lengths = sorted(math.dist(pos[u], pos[v]) for u, v in g.edges())
    assert 0.9 <= lengths[len(lengths) // 2] <= 1.1


def test_graph_and_global_random_state_untouched() -> None:
    g = _claims_graph()
    before = copy.deepcopy((dict(g.nodes(data=True)), list(g.edges(keys=True, data=True))))
    random.seed(99)
    expected = [random.random() for _ in range(3)]
    random.seed(99)
    compute_layout(g, seed=4, backend="igraph")
    assert [random.random() for _ in range(3)] == expected
    assert (dict(g.nodes(data=True)), list(g.edges(keys=True, data=True))) == before


def test_empty_and_single_node_graphs() -> None:
    assert compute_layout(nx.MultiDiGraph()) == {}
    one = nx.MultiDiGraph()
    one.add_node("solo")
    assert compute_layout(one) == {"solo": (0.0, 0.0)}


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown layout backend"):
        compute_layout(_claims_graph(), backend="gephi")
