"""Louvain communities: seeded, deterministic, numbered by size, modularity as networkx
computes it; on a classic network and on the hand-made case."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from test_analyse_paths import small_case

from graphkit import build_graph, load_dataset
from graphkit.analyse.communities import detect_communities, from_membership
from graphkit.cli import main

KARATE = Path(__file__).resolve().parent / "fixtures" / "classic" / "karate"


@pytest.fixture(scope="module")
def karate():
    return build_graph(load_dataset(KARATE))


def reference_karate() -> nx.Graph:
    plain = nx.Graph()
    plain.add_nodes_from(f"member-{n + 1:02d}" for n in range(34))
    plain.add_edges_from((f"member-{u + 1:02d}", f"member-{v + 1:02d}")
                         for u, v in nx.karate_club_graph().edges())
    return plain


def test_partition_and_modularity_match_networkx(karate) -> None:
    found = detect_communities(karate, seed=42)
    parts = [set(c.members) for c in found.communities]
    assert set().union(*parts) == set(karate.nodes)
    assert sum(len(p) for p in parts) == 34  # a partition: no actor twice
    # modularity as networkx defines it, on the karate graph itself
    assert found.modularity == pytest.approx(
        nx.community.modularity(reference_karate(), parts), abs=1e-12)
    # Louvain on Zachary's club finds about 0.42 (the best known partition: 0.4198)
    assert 0.38 < found.modularity <= 0.4198 + 1e-9
    sizes = [c.size for c in found.communities]
    assert sizes == sorted(sizes, reverse=True)
    assert [c.number for c in found.communities] == list(range(1, len(parts) + 1))
    # the two leaders of the split end up in different communities
    membership = found.membership()
    assert membership["member-01"] != membership["member-34"]
    assert found.seed == 42 and found.method == "louvain"


def test_same_seed_same_communities(karate) -> None:
    first = detect_communities(karate, seed=7)
    again = detect_communities(build_graph(load_dataset(KARATE)), seed=7)
    assert first.membership() == again.membership()
    assert first.modularity == again.modularity


def test_members_ranked_by_degree(karate) -> None:
    found = detect_communities(karate, seed=42)
    degree = nx.degree_centrality(reference_karate())
    for community in found.communities:
        keys = [(-degree[n], n) for n in community.members]
        assert keys == sorted(keys)
        assert community.scores[community.members[0]] == pytest.approx(
            degree[community.members[0]])


def test_stored_membership_keeps_its_numbers(karate) -> None:
    found = detect_communities(karate, seed=3)
    rebuilt = from_membership(karate, found.membership(), seed=3)
    assert rebuilt.membership() == found.membership()
    assert rebuilt.modularity == pytest.approx(found.modularity)


def test_separate_components_never_share_a_community(tmp_path: Path) -> None:
    graph = build_graph(load_dataset(small_case(tmp_path / "data")))
    found = detect_communities(graph, seed=42)
    membership = found.membership()
    assert membership["vadim-kuramshin"] == membership["strike"]
    others = {membership[n] for n in graph if n not in ("vadim-kuramshin", "strike")}
    assert membership["strike"] not in others


def test_cli_communities_json_and_table() -> None:
    result = CliRunner().invoke(main, ["communities", "--data", str(KARATE), "--format",
                                       "json", "--seed", "42"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["seed"] == 42 and found["method"] == "louvain"
    library = detect_communities(build_graph(load_dataset(KARATE)), seed=42)
    assert found["modularity"] == pytest.approx(library.modularity)
    assert [[m["id"] for m in c["members"]] for c in found["communities"]] == [
        list(c.members) for c in library.communities]

    table = CliRunner().invoke(main, ["communities", "--data", str(KARATE), "--top", "2"])
    lines = table.stdout.splitlines()
    assert lines[0] == (f"Louvain, seed 42, resolution 1: {len(library.communities)} "
                        f"communities, modularity {library.modularity:.4f}")
    assert lines[2].split() == ["community", "size", "members"]
    first = library.communities[0]
    assert lines[4].split(None, 2) == [
        "1", str(first.size), f"Member {first.members[0][-2:].lstrip('0')}, Member "
        f"{first.members[1][-2:].lstrip('0')} and {first.size - 2} more"]

    members = CliRunner().invoke(main, ["communities", "--data", str(KARATE), "--members",
                                        "--format", "csv"])
    rows = members.stdout.splitlines()
    assert rows[0] == "community,id,name,type,degree"
    assert len(rows) == 35


def test_large_graphs_use_igraph_louvain_seeded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the threshold Louvain runs in igraph: a full partition, as good, reproducible."""
    import random

    from graphkit.analyse import communities as module
    from graphkit.analyse.scores import AnalysisLimits

    low = AnalysisLimits(igraph_louvain_from_ties=100)
    base = nx.barabasi_albert_graph(1200, 3, seed=1)
    graph = nx.MultiDiGraph()
    for index, (u, v) in enumerate(base.edges()):
        graph.add_edge(f"a{u:04d}", f"a{v:04d}", key=f"c{index}", id=f"c{index}", directed=True)
    graph.add_node("lonely")
    by_networkx = detect_communities(graph, seed=3)
    calls = []
    original = module._igraph_louvain
    monkeypatch.setattr(module, "_igraph_louvain",
                        lambda *a: calls.append(1) or original(*a))
    random.seed(99)
    expected_stream = [random.random() for _ in range(3)]
    random.seed(99)
    first = detect_communities(graph, seed=3, limits=low)
    # the caller's own random numbers go on as if graphkit had not run
    assert [random.random() for _ in range(3)] == expected_stream
    assert calls, "igraph was not used above the threshold"
    members = [m for c in first.communities for m in c.members]
    assert sorted(members) == sorted(graph.nodes) and len(members) == len(set(members))
    assert first.modularity == pytest.approx(
        nx.community.modularity(nx.Graph(base.edges()), [
            {int(m[1:]) for m in c.members if m != "lonely"} for c in first.communities]),
        abs=1e-9)
    assert first.modularity > by_networkx.modularity - 0.03
    again = detect_communities(graph, seed=3, limits=low)
    other = detect_communities(graph, seed=4, limits=low)
    assert [c.members for c in again.communities] == [c.members for c in first.communities]
    assert [c.members for c in other.communities] != [c.members for c in first.communities]


@pytest.mark.parametrize("resolution", [0.01, 1.0, 1000.0])
def test_modularity_is_newmans_whatever_resolution_found_the_partition(resolution: float) -> None:
    """The resolution steers Louvain; the modularity printed is the usual one (-0.5..1)."""
    from conftest import DATA
    from graphkit.analyse.projection import collapse

    graph = build_graph(load_dataset(DATA))
    found = detect_communities(graph, resolution=resolution)
    parts = [set(c.members) for c in found.communities]
    expected = nx.community.modularity(collapse(graph), parts, weight=None)
    assert found.modularity == pytest.approx(expected, abs=1e-12)
    assert -0.5 <= found.modularity <= 1
    result = CliRunner().invoke(main, ["communities", "--data", str(DATA), "--resolution",
                                       str(resolution), "--format", "json"])
    assert json.loads(result.stdout)["modularity"] == pytest.approx(expected, abs=1e-12)
