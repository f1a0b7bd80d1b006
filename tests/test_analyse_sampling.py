"""Estimated betweenness and closeness on large graphs: seeded, close to exact, stated.

The size thresholds are lowered for these tests (``limits=SMALL``) so that a graph of
1,500 actors takes the path a graph of 100,000 takes by default. The exact references come
from ``exact=True`` (igraph, checked against networkx to 1e-6 in
test_analyse_centrality.py) and igraph's diameter, so that the tests stay quick.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import networkx as nx
import pytest

from conftest import invoke
from graphkit.analyse import annotate, collapse, render_report
from graphkit.analyse import scores as centrality_module
from graphkit.analyse.projection import Projections, to_igraph
from graphkit.analyse.scores import AnalysisLimits
from graphkit.analyse.stats import graph_stats

#: Limits at which 1,500 actors count as a large graph.
SMALL = AnalysisLimits(exact_steps=10_000, sample_steps=300 * 3000, min_sample=50)


def heavy_tailed_case(actors: int = 1500, seed: int = 3) -> nx.MultiDiGraph:
    """Preferential attachment plus two small components and an isolated actor."""
    base = nx.barabasi_albert_graph(actors, 2, seed=seed)
    base.add_edges_from([(actors, actors + 1), (actors + 1, actors + 2), (actors + 3, actors + 4)])
    base.add_node(actors + 5)
    graph = nx.MultiDiGraph(name="synthetic")
    for node in base:
        graph.add_node(f"a{node:05d}", label=f"Actor {node}", type="person")
    for index, (u, v) in enumerate(base.edges()):
        key = f"c{index:05d}"
        graph.add_edge(f"a{u:05d}", f"a{v:05d}", key=key, id=key, relation="supports",
                       directed=True, status="confirmed")
    return graph


def top(scores: dict[str, float], count: int) -> list[str]:
    return [n for n, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:count]]


def test_plan_follows_size_and_options() -> None:
    simple = collapse(heavy_tailed_case())

    def plan(*args, **kwargs):
        return centrality_module.sample_plan(*args, limits=SMALL, **kwargs)

    expected = math.ceil(900_000 / simple.number_of_edges())  # about 300
    assert plan(simple, "betweenness") == expected and 290 < expected < 310
    assert plan(simple, "closeness") == expected
    assert plan(simple, "pagerank") is None and plan(simple, "degree") is None
    assert plan(simple, "betweenness", exact=True) is None
    assert plan(simple, "betweenness", sample=40) == 40
    assert plan(simple, "betweenness", sample=10**6) is None  # covers everyone: exact
    assert plan(collapse(heavy_tailed_case(), directed=True), "closeness") is None


def test_default_budget_keeps_ten_thousand_actors_exact() -> None:
    simple = nx.gnm_random_graph(10_000, 50_000, seed=1)
    assert centrality_module.sample_plan(simple, "betweenness") is None
    big = nx.empty_graph(100_000)
    big.add_edges_from((i, (i * 7 + 1) % 100_000) for i in range(100_000))
    big.add_edges_from((i, (i * 13 + 5) % 100_000) for i in range(100_000))
    planned = centrality_module.sample_plan(big, "betweenness")
    assert planned is not None and 256 <= planned < 10_000


@pytest.mark.parametrize("metric", ["betweenness", "closeness"])
def test_estimate_is_close_to_exact_and_both_engines_agree(metric: str) -> None:
    graph = heavy_tailed_case()
    exact = centrality_module.centrality(graph, metric, exact=True)
    by_igraph = centrality_module.centrality(graph, metric, engine="igraph", limits=SMALL)
    by_networkx = centrality_module.centrality(graph, metric, engine="networkx", limits=SMALL)
    assert max(abs(by_igraph[n] - by_networkx[n]) for n in exact) < 1e-9
    assert by_igraph != exact  # it is an estimate
    assert len(set(top(by_igraph, 10)) & set(top(exact, 10))) >= 7
    assert set(top(by_igraph, 3)) <= set(top(exact, 10))
    for node in top(exact, 5):
        assert by_igraph[node] == pytest.approx(exact[node], rel=0.35)
    # actors in the small components and the isolated one are measured exactly
    for node in ("a01500", "a01501", "a01503", "a01505"):
        assert by_igraph[node] == pytest.approx(exact[node], abs=1e-12)


def test_a_sample_of_everyone_is_the_exact_value() -> None:
    views = Projections(heavy_tailed_case(400))
    simple = views.simple()
    nodes = list(simple)
    exact_b = nx.betweenness_centrality(simple)
    exact_c = nx.closeness_centrality(simple)
    for scores in (centrality_module._igraph_betweenness(views, False, None, nodes),
                   centrality_module._nx_betweenness(simple, None, nodes)):
        assert max(abs(scores[n] - exact_b[n]) for n in nodes) < 1e-9
    scores = centrality_module._sampled_closeness(views, len(nodes), 7, None)
    assert max(abs(scores[n] - exact_c[n]) for n in nodes) < 1e-12


def test_same_seed_same_numbers_other_seed_other_numbers() -> None:
    graph = heavy_tailed_case()
    first = centrality_module.centrality(graph, "betweenness", seed=1, limits=SMALL)
    again = centrality_module.centrality(graph.copy(), "betweenness", seed=1, limits=SMALL)
    other = centrality_module.centrality(graph, "betweenness", seed=2, limits=SMALL)
    assert first == again and first != other


def test_annotate_and_report_state_the_estimate() -> None:
    graph = heavy_tailed_case()
    annotated = annotate(graph, seed=5, limits=SMALL)
    estimated = annotated.graph["analysis"]["estimated"]
    k = math.ceil(900_000 / collapse(graph).number_of_edges())
    assert estimated == {"betweenness": {"sample": k, "of": 1506, "seed": 5},
                         "closeness": {"sample": k, "of": 1506, "seed": 5}}
    report = render_report(annotated, limits=SMALL)
    assert "**Estimated values.**" in report and f"betweenness from {k} sampled actors" in report
    assert "seed 5" in report
    exact = annotate(graph, seed=5, exact=True, limits=SMALL)
    assert exact.graph["analysis"]["estimated"] == {}
    assert "Estimated values" not in render_report(exact, limits=SMALL)
    reference = centrality_module.centrality(graph, "betweenness", exact=True)
    assert max(abs(exact.nodes[n]["betweenness"] - reference[n]) for n in graph) < 1e-12


def test_diameter_is_a_lower_bound_on_large_graphs() -> None:
    graph = heavy_tailed_case()
    simple = collapse(graph)
    largest = simple.subgraph(max(nx.connected_components(simple), key=len))
    true_diameter = to_igraph(largest)[0].diameter(directed=False)
    stats = graph_stats(graph, limits=SMALL)
    assert not stats.diameter_exact
    assert 0 < stats.diameter <= true_diameter
    assert stats.diameter >= true_diameter - 1
    assert "at least" in render_report(graph, limits=SMALL)
    assert graph_stats(graph).diameter == true_diameter  # exact under the default limits


def test_cli_states_the_estimate_on_stderr(tmp_path: Path, runner) -> None:
    from test_perf_generate import generate  # the benchmark's generator: real files

    folder = tmp_path / "case"
    generate.generate(400, 1200, folder, seed=4)
    estimated = invoke(runner, "centrality", "--data", str(folder), "--metric", "betweenness",
                       "--format", "json", "--top", "0", "--sample", "60")
    assert estimated.exit_code == 0
    assert "betweenness estimated from" in estimated.stderr and "--exact" in estimated.stderr
    exact = invoke(runner, "centrality", "--data", str(folder), "--metric", "betweenness",
                   "--format", "json", "--top", "0", "--exact")
    assert exact.stderr == ""
    rows_estimated = {r["id"]: r["score"] for r in json.loads(estimated.stdout)}
    rows_exact = {r["id"]: r["score"] for r in json.loads(exact.stdout)}
    assert rows_estimated.keys() == rows_exact.keys() and rows_estimated != rows_exact
    both = invoke(runner, "centrality", "--data", str(folder), "--exact", "--sample", "5")
    assert both.exit_code == 2
