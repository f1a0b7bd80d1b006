"""The simple projection, the two engines, progress reporting and annotate().

Graphs here are built by hand per docs/internals.md (random ones, larger than the
classic networks, with parallel claims, symmetric relations and several components) or
loaded from the hand-made case; references are networkx's own functions.
"""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest
from test_analyse_paths import small_case

from graphkit import build_graph, load_dataset
from graphkit.analyse import annotate, collapse
from graphkit.analyse.projection import Projections
from graphkit.analyse.scores import centralities, centrality, rank
from graphkit.errors import UsageError
from graphkit.metrics import METRIC_KEYS as METRICS


def claim_graph(nodes: int, claims: int, seed: int) -> nx.MultiDiGraph:
    """A random claim graph: about a tenth of the claims symmetric, some repeated."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph(name="random")
    for i in range(nodes):
        graph.add_node(f"a{i:04d}", label=f"Actor {i}", type="person")
    for c in range(claims):
        u, v = rng.sample(range(nodes), 2)
        symmetric = rng.random() < 0.1
        key = f"c{c:05d}"
        graph.add_edge(f"a{u:04d}", f"a{v:04d}", key=key, id=key,
                       relation="family_of" if symmetric else "supports",
                       directed=not symmetric)
    return graph


def reference_projection(graph: nx.MultiDiGraph, directed: bool) -> nx.Graph:
    simple = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        simple.add_edge(u, v)
        if directed and not data["directed"]:
            simple.add_edge(v, u)
    return simple


def test_collapse_counts_claims_and_reads_symmetric_relations_both_ways() -> None:
    graph = nx.MultiDiGraph()
    graph.add_edge("a", "b", key="1", id="1", directed=True)
    graph.add_edge("b", "a", key="2", id="2", directed=True)
    graph.add_edge("a", "b", key="3", id="3", directed=True)
    graph.add_edge("b", "c", key="4", id="4", directed=False)
    graph.add_edge("c", "c", key="5", id="5", directed=True)  # links nobody
    undirected = collapse(graph)
    assert sorted(undirected.edges(data=True)) == [
        ("a", "b", {"weight": 3, "claims": ["1", "2", "3"]}),
        ("b", "c", {"weight": 1, "claims": ["4"]})]
    directed = collapse(graph, directed=True)
    assert sorted(directed.edges(data=True)) == [
        ("a", "b", {"weight": 2, "claims": ["1", "3"]}),
        ("b", "a", {"weight": 1, "claims": ["2"]}),
        ("b", "c", {"weight": 1, "claims": ["4"]}),
        ("c", "b", {"weight": 1, "claims": ["4"]})]
    assert list(undirected.nodes) == ["a", "b", "c"]


@pytest.mark.parametrize("directed", [False, True])
def test_engines_agree_with_networkx_on_a_larger_random_graph(directed: bool) -> None:
    graph = claim_graph(300, 700, seed=5)  # sparse: several components and isolates
    simple = reference_projection(graph, directed)
    assert nx.number_connected_components(simple.to_undirected()) > 1
    references = {
        "betweenness": nx.betweenness_centrality(simple),
        "closeness": nx.closeness_centrality(simple),
        "pagerank": nx.pagerank(simple, weight=None),
        "degree": nx.degree_centrality(simple),
    }
    for engine in ("igraph", "networkx"):
        found = centralities(graph, list(references), directed=directed, engine=engine)
        for metric, reference in references.items():
            assert found[metric].keys() == reference.keys()
            worst = max(abs(found[metric][n] - reference[n]) for n in reference)
            assert worst < 1e-9, (engine, metric, worst)


@pytest.mark.parametrize("engine", ["igraph", "networkx"])
@pytest.mark.parametrize("metric", ["betweenness", "closeness"])
def test_progress_is_reported_and_changes_nothing(engine: str, metric: str) -> None:
    graph = claim_graph(250, 600, seed=9)
    calls: list[tuple[int, int]] = []
    with_progress = centrality(graph, metric, engine=engine,
                               progress=lambda done, total: calls.append((done, total)))
    without = centrality(graph, metric, engine=engine)
    assert with_progress.keys() == without.keys()
    assert max(abs(with_progress[n] - without[n]) for n in without) < 1e-12
    assert calls[0] == (0, 250) and calls[-1] == (250, 250)
    assert len(calls) > 10
    done = [d for d, _ in calls]
    assert done == sorted(done)


def test_rank_orders_by_score_then_id() -> None:
    graph = nx.MultiDiGraph()
    for node in ("b", "a", "c"):
        graph.add_node(node, label=node.upper(), type="person")
    rows = rank(graph, {"b": 0.5, "a": 0.5, "c": 0.9})
    assert [(r["rank"], r["id"], r["name"]) for r in rows] == [(1, "c", "C"), (2, "a", "A"),
                                                                (3, "b", "B")]
    assert [r["id"] for r in rank(graph, {"b": 0.5, "a": 0.5, "c": 0.9}, top=2)] == ["c", "a"]


def test_rank_by_type_ranks_within_the_whole_network() -> None:
    """--rank-type: the people of a network ranked on scores of the whole network."""
    graph = nx.MultiDiGraph()
    graph.add_node("court", label="Court", type="court")
    for person in ("p1", "p2", "p3"):
        graph.add_node(person, label=person, type="person")
        graph.add_edge("court", person, key=f"c-{person}", id=f"c-{person}", directed=True)
    graph.add_edge("p1", "p2", key="x", id="x", directed=True)
    scores = centrality(graph, "betweenness")
    rows = rank(graph, scores, types=["person"])
    assert [r["id"] for r in rows] == ["p1", "p2", "p3"]  # nobody brokers among them: by id
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert all(r["score"] == scores[r["id"]] for r in rows)
    assert scores["court"] > 0 and "court" not in [r["id"] for r in rows]
    # filtering the graph to people instead measures them among themselves
    people = graph.subgraph(["p1", "p2", "p3"])
    assert centrality(people, "betweenness") == {"p1": 0.0, "p2": 0.0, "p3": 0.0}


def test_projections_are_built_once_and_shared(monkeypatch) -> None:
    """Every metric, communities and layout of annotate() use one set of projections."""
    import graphkit.analyse.projection as projection

    graph = claim_graph(120, 300, seed=3)
    built: list[bool] = []
    real = projection.collapse

    def counting(g, directed=False):
        if g is graph:  # (the report also ranks views of it by status: other graphs)
            built.append(directed)
        return real(g, directed)

    monkeypatch.setattr(projection, "collapse", counting)
    views = Projections(graph)
    annotate(graph, projections=views)
    assert sorted(built) == [False, True]  # one undirected, one directed, for everything
    from graphkit.analyse.report import render_report

    render_report(annotate(graph, projections=views), projections=views)
    assert sorted(built) == [False, True]


def test_annotate_in_place_adds_attributes_without_copying(tmp_path: Path) -> None:
    graph = build_graph(load_dataset(small_case(tmp_path / "data")))
    copied = annotate(graph, seed=42)
    same = annotate(graph, seed=42, inplace=True)
    assert same is graph
    assert dict(same.nodes(data=True)) == dict(copied.nodes(data=True))


def test_bad_metric_or_engine_is_a_usage_error() -> None:
    graph = claim_graph(5, 5, seed=1)
    with pytest.raises(UsageError, match="unknown metric 'katz'"):
        centrality(graph, "katz")
    with pytest.raises(UsageError):
        centrality(graph, "degree", engine="graph-tool")
    assert centrality(graph, "in_degree") == centrality(graph, "in-degree")


def test_empty_graph() -> None:
    empty = nx.MultiDiGraph()
    assert all(centrality(empty, m) == {} for m in METRICS)


def test_annotate_returns_a_copy_with_every_attribute(tmp_path: Path) -> None:
    graph = build_graph(load_dataset(small_case(tmp_path / "data")))
    before = {n: dict(d) for n, d in graph.nodes(data=True)}
    annotated = annotate(graph, seed=42)
    assert {n: dict(d) for n, d in graph.nodes(data=True)} == before  # input untouched
    expected = centralities(graph)
    for node, data in annotated.nodes(data=True):
        for metric, attribute in (("degree", "degree"), ("in-degree", "in_degree"),
                                  ("out-degree", "out_degree"), ("betweenness", "betweenness"),
                                  ("closeness", "closeness"), ("eigenvector", "eigenvector"),
                                  ("pagerank", "pagerank")):
            assert data[attribute] == pytest.approx(expected[metric][node], abs=1e-12)
        assert isinstance(data["community"], int) and data["community"] >= 1
        assert isinstance(data["x"], float) and isinstance(data["y"], float)
        assert data["label"] == before[node]["label"]
    assert annotated.graph["analysis"]["seed"] == 42
    assert sorted(annotated.edges(keys=True)) == sorted(graph.edges(keys=True))
    # the same seed gives the same annotations
    again = annotate(graph, seed=42)
    assert dict(again.nodes(data=True)) == dict(annotated.nodes(data=True))
