"""Ego networks and their claims grouped by relation, on the hand-made case of
test_analyse_paths (answers worked out by hand from its edge list)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from test_analyse_paths import small_case

from graphkit import build_graph, load_dataset
from graphkit.analyse.neighbourhood import claim_rows, ego_network, neighbourhood
from graphkit.cli import main
from graphkit.errors import NotFound, UsageError


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return small_case(tmp_path / "data")


@pytest.fixture
def graph(data: Path) -> nx.MultiDiGraph:
    return build_graph(load_dataset(data))


def test_depth_one_keeps_direct_ties_and_their_claims(graph) -> None:
    hood = neighbourhood(graph, "roza tuletayeva")
    assert hood.center == "roza-tuletaeva"
    assert hood.distance == {"city-court": 1, "marat-tuletaev": 1, "oil-union": 1,
                             "ozenmunaigas": 1, "roza-tuletaeva": 0}
    assert sorted(hood.graph.edges(keys=True)) == sorted([
        ("city-court", "roza-tuletaeva", "roza-sentenced"),
        ("city-court", "roza-tuletaeva", "roza-sentence-upheld"),
        ("roza-tuletaeva", "city-court", "roza-criticizes-court"),
        ("marat-tuletaev", "roza-tuletaeva", "marat-family"),
        ("roza-tuletaeva", "oil-union", "roza-member"),
        ("roza-tuletaeva", "ozenmunaigas", "roza-employed"),
    ])
    # claims keep every attribute, evidence included; the graph keeps its context
    data = hood.graph.edges["city-court", "roza-tuletaeva", "roza-sentenced"]
    assert data["evidence"][0]["lines"] == ["12", "14-15"]
    assert hood.graph.graph["sources"] == graph.graph["sources"]
    assert hood.graph.graph["name"] == f"{graph.graph['name']}: Roza Tuletaeva (depth 1)"
    assert hood.graph.nodes["ozenmunaigas"]["label"] == "ÖzenMunaiGas"


def test_depth_two_and_the_input_is_untouched(graph) -> None:
    before = (sorted(graph.nodes), sorted(graph.edges(keys=True)))
    ego = ego_network(graph, "roza-tuletaeva", depth=2)
    assert sorted(ego.nodes) == ["city-court", "kazmunaygas", "marat-tuletaev",
                                 "natalia-sokolova", "oil-union", "ozenmunaigas",
                                 "roza-tuletaeva"]
    assert ego.number_of_edges() == 10  # everything but Vadim's report on the strike
    ego.nodes["roza-tuletaeva"]["label"] = "changed"
    assert graph.nodes["roza-tuletaeva"]["label"] == "Roza Tuletaeva"
    assert (sorted(graph.nodes), sorted(graph.edges(keys=True))) == before


def test_rows_grouped_by_relation_read_from_the_centre(graph) -> None:
    rows = claim_rows(neighbourhood(graph, "roza-tuletaeva"))
    assert [(r["relation"], r["actor_id"], r["phrase"], r["other_id"], r["date"])
            for r in rows] == [
        ("criticizes", "roza-tuletaeva", "criticizes", "city-court", None),
        ("employed_by", "roza-tuletaeva", "employed by", "ozenmunaigas", "2008–2011-12"),
        ("family_of", "roza-tuletaeva", "family of", "marat-tuletaev", None),
        ("member_of", "roza-tuletaeva", "member of", "oil-union", None),
        ("sentenced", "roza-tuletaeva", "sentenced by", "city-court", "2012-06-04"),
        ("sentenced", "roza-tuletaeva", "sentenced by", "city-court", "2012-09"),
    ]


def test_depth_two_rows_put_the_centre_first_then_farther_claims(graph) -> None:
    rows = claim_rows(neighbourhood(graph, "kmg", depth=2))
    # kmg - omg - {roza, natalia}: two claims at distance 1 or 2, no more
    assert [(r["relation"], r["actor_id"], r["phrase"], r["other_id"], r["distance"])
            for r in rows] == [
        ("employed_by", "natalia-sokolova", "employed by", "ozenmunaigas", 2),
        ("employed_by", "roza-tuletaeva", "employed by", "ozenmunaigas", 2),
        ("subsidiary_of", "kazmunaygas", "parent company of", "ozenmunaigas", 1),
    ]


def test_bad_names_and_depths(graph) -> None:
    with pytest.raises(NotFound):
        neighbourhood(graph, "nobody at all")
    with pytest.raises(UsageError):
        neighbourhood(graph, "roza-tuletaeva", depth=0)


def test_cli_neighbors_text(data: Path) -> None:
    result = CliRunner().invoke(main, ["neighbors", "Roza Tuletaeva", "--data", str(data)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Roza Tuletaeva: 4 actor(s) within 1 step, 6 claim(s)",
        "",
        "criticizes (1)",
        "  Roza Tuletaeva criticizes Zhanaözen City Court (alleged)",
        "    claimed by: Roza Tuletaeva",
        "",
        "employed_by (1)",
        "  Roza Tuletaeva employed by ÖzenMunaiGas (2008–2011-12, confirmed)",
        "",
        "family_of (1)",
        "  Roza Tuletaeva family of Marat Tuletaev (confirmed)",
        "",
        "member_of (1)",
        "  Roza Tuletaeva member of Oil Workers Union (confirmed)",
        "",
        "sentenced (2)",
        "  Roza Tuletaeva sentenced by Zhanaözen City Court (2012-06-04, confirmed)",
        "  Roza Tuletaeva sentenced by Zhanaözen City Court (2012-09, confirmed)",
    ]


def test_cli_neighbors_json_and_filters(data: Path) -> None:
    result = CliRunner().invoke(main, ["neighbors", "natalia-sokolova", "--depth", "2",
                                       "--data", str(data), "--format", "json",
                                       "--relation", "employed_by",
                                       "--relation", "subsidiary_of"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["center"] == "natalia-sokolova" and found["depth"] == 2
    assert [(a["id"], a["distance"]) for a in found["actors"]] == [
        ("natalia-sokolova", 0), ("ozenmunaigas", 1), ("kazmunaygas", 2),
        ("roza-tuletaeva", 2)]
    assert [c["claim"] for c in found["claims"]] == ["natalia-employed", "roza-employed",
                                                     "omg-subsidiary"]


def test_cli_neighbors_out_exports_only_the_ego_network(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "ego"
    result = CliRunner().invoke(main, ["neighbors", "kazmunaygas", "--data", str(data),
                                       "--out", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == ("relation,actor,phrase,other,distance,date,"
                                             "status,sources,claim,attributes,claimed_by")
    assert "Wrote" in result.stderr
    graphml = out / "graph.graphml"
    assert graphml.exists() and (out / "graph.html").exists()
    exported = nx.read_graphml(graphml)
    assert sorted(exported.nodes) == ["kazmunaygas", "ozenmunaigas"]
    assert exported.number_of_edges() == 1
    # metrics were computed within the ego network: two actors, one tie
    assert float(exported.nodes["kazmunaygas"]["degree"]) == 1.0
