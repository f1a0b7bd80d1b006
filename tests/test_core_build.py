"""The claim graph built from a real data folder, and the filters applied while building."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EDGES, write_case
from graphkit import GraphFilter, build_graph, load_dataset
from graphkit.errors import UsageError


def test_graph_follows_the_documented_schema(case: Path) -> None:
    graph = build_graph(load_dataset(case))
    assert sorted(graph.nodes) == ["acme-oil", "city-court", "oil-union", "roza-tuletaeva",
                                   "strike-2011"]
    acme = graph.nodes["acme-oil"]
    assert acme["label"] == "Acme Oil" and acme["type"] == "company"
    assert acme["country"] == "NO"  # Norway stays Norway
    assert acme["aliases"] == ["AcmeOil", "Acmé Oil"]
    assert graph.nodes["strike-2011"]["start"] == "2011-05"
    # the alias in edges.yaml resolved to the entity id
    [(source, target, key, data)] = [e for e in graph.edges(keys=True, data=True)
                                     if e[3]["relation"] == "sentenced"]
    assert (source, target) == ("city-court", "roza-tuletaeva")
    assert key == data["id"] == "city-court.sentenced.roza-tuletaeva"
    assert data["date"] == "2012-06-04" and data["attributes"] == {"years": 7}
    assert data["label"] == "sentenced" and data["directed"] is True
    assert data["evidence"] == [{"source": "report-2012", "lines": ["1"],
                                 "note": "Sentenced to seven years."}]
    assert graph.graph["sources"]["report-2012"]["date"] == "2012-12"
    alleged = [d for *_, d in graph.edges(data=True) if d["status"] == "alleged"]
    assert alleged[0]["claimed_by"] == ["oil-union"]


def test_parallel_claims_get_unique_ids(tmp_path: Path) -> None:
    twice = EDGES + ("- source: roza-tuletaeva\n  target: acme-oil\n  relation: employed_by\n"
                     "  evidence: [{source: report-2012, lines: [2]}]\n"
                     "- id: explicit-claim\n  source: roza-tuletaeva\n  target: acme-oil\n"
                     "  relation: employed_by\n  evidence: [{source: report-2012}]\n")
    graph = build_graph(load_dataset(write_case(tmp_path / "d", edges=twice)))
    keys = sorted(k for u, v, k in graph.edges(keys=True) if (u, v) == ("roza-tuletaeva",
                                                                          "acme-oil"))
    assert keys == ["explicit-claim", "roza-tuletaeva.employed_by.acme-oil",
                    "roza-tuletaeva.employed_by.acme-oil.2"]


def test_relation_and_status_filters(case: Path) -> None:
    dataset = load_dataset(case)
    only = build_graph(dataset, GraphFilter(relations=("sentenced",)))
    assert [d["relation"] for *_, d in only.edges(data=True)] == ["sentenced"]
    assert sorted(only.nodes) == ["city-court", "roza-tuletaeva"]  # actors left alone drop out
    alleged = build_graph(dataset, GraphFilter(statuses=("alleged",)))
    assert [d["relation"] for *_, d in alleged.edges(data=True)] == ["criticizes"]


def test_type_filter_keeps_actors_of_the_type(case: Path) -> None:
    graph = build_graph(load_dataset(case), GraphFilter(types=("person", "company", "union")))
    assert sorted(graph.nodes) == ["acme-oil", "oil-union", "roza-tuletaeva"]
    assert sorted(d["relation"] for *_, d in graph.edges(data=True)) == [
        "criticizes", "employed_by", "member_of"]


def test_date_window_uses_partial_date_intervals(case: Path) -> None:
    dataset = load_dataset(case)
    in_2011 = build_graph(dataset, GraphFilter(since="2011", until="2011"))
    relations = sorted(d["relation"] for *_, d in in_2011.edges(data=True))
    # sentenced (2012-06-04) is out; employed_by has no date and is kept by default
    assert relations == ["criticizes", "employed_by", "member_of", "participated_in"]
    dated = build_graph(dataset, GraphFilter(since="2011-12", until="2012", keep_undated=False))
    assert sorted(d["relation"] for *_, d in dated.edges(data=True)) == [
        "member_of", "participated_in", "sentenced"]  # member_of: open-ended span from 2011


def test_filter_rejects_unknown_names_and_dates(case: Path) -> None:
    dataset = load_dataset(case)
    with pytest.raises(UsageError, match="unknown relation 'jailed'"):
        build_graph(dataset, GraphFilter(relations=("jailed",)))
    with pytest.raises(UsageError, match="--since"):
        GraphFilter(since="16/12/2011")
    with pytest.raises(UsageError, match="--since 2012 is after --until 2011"):
        GraphFilter(since="2012", until="2011")
    # A month inside a year is a window, not an inverted one.
    assert GraphFilter(since="2011-12", until="2011").window[0].isoformat() == "2011-12-01"


def test_building_twice_gives_equal_graphs(case: Path) -> None:
    dataset = load_dataset(case)
    first, second = build_graph(dataset), build_graph(dataset)
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
