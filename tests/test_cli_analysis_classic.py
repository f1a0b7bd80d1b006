"""Every centrality metric, through the real CLI on real YAML data folders, against
networkx's reference implementation on the same classic networks.

The folders under tests/fixtures/classic/ are written by generate.py from networkx's
built-in graphs; the references here are computed from those built-in graphs directly,
not from anything graphkit produced, so a wrong projection, normalisation or id
mapping shows up as a mismatch.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from conftest import write_case
from graphkit.cli import main

CLASSIC = Path(__file__).resolve().parent / "fixtures" / "classic"
METRICS = ("degree", "in-degree", "out-degree", "betweenness", "closeness", "eigenvector",
           "pagerank")


def _florentine_id(name: str) -> str:
    return name.lower()


def florentine(directed: bool) -> nx.Graph:
    graph = nx.relabel_nodes(nx.florentine_families_graph(), _florentine_id)
    # "married" is symmetric: both directions in the directed projection
    return graph.to_directed() if directed else graph


def karate(directed: bool) -> nx.Graph:
    graph = nx.relabel_nodes(nx.karate_club_graph(), lambda n: f"member-{n + 1:02d}")
    plain = nx.Graph()
    plain.add_nodes_from(graph)
    plain.add_edges_from(graph.edges())  # drop networkx's 'weight': metrics are unweighted
    if not directed:
        return plain
    # each tie is written from the lower-numbered member to the higher one
    return nx.DiGraph([(min(u, v), max(u, v)) for u, v in plain.edges()])


REFERENCE: dict[str, Callable[[nx.Graph], dict]] = {
    "degree": nx.degree_centrality,
    "in-degree": nx.in_degree_centrality,
    "out-degree": nx.out_degree_centrality,
    "betweenness": nx.betweenness_centrality,
    "closeness": nx.closeness_centrality,
    "eigenvector": lambda g: nx.eigenvector_centrality(g, weight=None),
    "pagerank": lambda g: nx.pagerank(g, weight=None),
}
NETWORKS = {"florentine": florentine, "karate": karate}


def run_json(*args: str) -> list[dict]:
    result = CliRunner().invoke(main, ["centrality", *args, "--top", "0", "--format", "json"])
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("engine", ["igraph", "networkx"])
@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("network", sorted(NETWORKS))
def test_metric_matches_networkx(network: str, metric: str, directed: bool,
                                 engine: str) -> None:
    projection_directed = directed or metric in ("in-degree", "out-degree")
    reference_graph = NETWORKS[network](projection_directed)
    args = ["--data", str(CLASSIC / network), "--metric", metric, "--engine", engine]
    if directed:
        args.append("--directed")
    if network == "karate" and metric == "eigenvector" and directed:
        # the oriented karate graph has no cycles: networkx's power iteration fails,
        # and graphkit says so instead of printing numbers
        with pytest.raises(nx.PowerIterationFailedConvergence):
            REFERENCE[metric](reference_graph)
        result = CliRunner().invoke(main, ["centrality", *args])
        assert result.exit_code == 1
        assert "does not converge" in result.stderr and "pagerank" in result.stderr
        assert result.stdout == ""
        return
    reference = REFERENCE[metric](reference_graph)
    rows = run_json(*args)
    assert len(rows) == len(reference)
    for row in rows:
        assert row["score"] == pytest.approx(reference[row["id"]], abs=1e-6), row
    # highest first, ties broken by id
    keys = [(-row["score"], row["id"]) for row in rows]
    assert keys == sorted(keys)
    assert [row["rank"] for row in rows] == list(range(1, len(rows) + 1))


def test_published_florentine_values() -> None:
    """Spot values checked by hand against the literature: the Medici broker."""
    rows = {r["id"]: r for r in run_json("--data", str(CLASSIC / "florentine"),
                                         "--metric", "betweenness")}
    assert rows["medici"]["rank"] == 1
    assert rows["medici"]["score"] == pytest.approx(0.521978, abs=1e-6)  # 47.5 / 91
    assert rows["medici"]["name"] == "Medici" and rows["medici"]["type"] == "family"
    degree = {r["id"]: r["score"] for r in run_json("--data", str(CLASSIC / "florentine"))}
    assert degree["medici"] == pytest.approx(6 / 14)  # six marriages, 14 other families
    assert degree["pazzi"] == pytest.approx(1 / 14)


def test_parallel_claims_count_once() -> None:
    """The fixture records each Medici marriage twice (once each way); degree stays 6."""
    edges = (CLASSIC / "florentine" / "edges.yaml").read_text(encoding="utf-8")
    assert edges.count("relation: married") == 26  # 20 marriages + 6 repeated claims
    rows = run_json("--data", str(CLASSIC / "florentine"), "--metric", "in-degree")
    medici = next(r for r in rows if r["id"] == "medici")
    assert medici["score"] == pytest.approx(6 / 14)


@pytest.mark.parametrize("engine", ["igraph", "networkx"])
@pytest.mark.parametrize("metric", ["betweenness", "closeness", "eigenvector", "pagerank"])
def test_disconnected_union_matches_networkx(tmp_path: Path, metric: str, engine: str) -> None:
    """Both networks in one folder: two components plus an actor with no claim, where
    normalisation (n = 50) and closeness's Wasserman-Faust correction matter."""
    folder = tmp_path / "both"
    vocabulary = ((CLASSIC / "florentine" / "vocabulary.yaml").read_text(encoding="utf-8")
                  .replace("types:\n", "types:\n  member: {label: Club member}\n", 1)
                  .replace("relations:\n", "relations:\n  interacted_with: {label: "
                           "interacted with, directed: true}\n", 1))
    sources = "".join((CLASSIC / n / "sources.yaml").read_text(encoding="utf-8")
                      for n in NETWORKS)
    entities = "".join((CLASSIC / n / "entities.yaml").read_text(encoding="utf-8")
                       for n in NETWORKS) + "- id: loner\n  name: A Loner\n  type: member\n"
    edges = "".join((CLASSIC / n / "edges.yaml").read_text(encoding="utf-8")
                    for n in NETWORKS)
    write_case(folder, sources=sources, entities=entities, edges=edges,
               vocabulary=vocabulary)
    reference_graph = nx.union(florentine(False), karate(False))
    reference_graph.add_node("loner")
    reference = (nx.eigenvector_centrality(reference_graph, weight=None, max_iter=1000)
                 if metric == "eigenvector" else REFERENCE[metric](reference_graph))
    rows = run_json("--data", str(folder), "--metric", metric, "--engine", engine)
    assert len(rows) == 50
    for row in rows:
        assert row["score"] == pytest.approx(reference[row["id"]], abs=1e-6), row
    if metric == "closeness":
        loner = next(r for r in rows if r["id"] == "loner")
        assert loner["score"] == 0.0
