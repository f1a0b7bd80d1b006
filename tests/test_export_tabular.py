"""Node-link JSON and Gephi CSV read back by Python (json, csv, networkx) and by Node
(graphology, csv-parse in strict RFC 4180 mode)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from export_support import (
    HOSTILE_NAMES,
    LONG_NAME,
    clean_name,
    handmade_graph,
    load_graph_from,
    node_reader,
    write_hostile_case,
)

from graphkit.analyse import annotate
from graphkit.export.tabular import write_csv, write_json


def strict_json(path: Path) -> dict:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(path.read_bytes().decode("utf-8"), parse_constant=refuse)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, strict=True))


# --------------------------------------------------------------------------- JSON

def check_json(graph: nx.MultiDiGraph, path: Path) -> dict:
    data = strict_json(path)
    assert data["directed"] is True and data["multigraph"] is True
    assert [n["id"] for n in data["nodes"]] == sorted(graph.nodes)
    assert [e["id"] for e in data["links"]] == sorted(k for _, _, k in graph.edges(keys=True))

    read = nx.node_link_graph(data, edges="links")
    assert isinstance(read, nx.MultiDiGraph)
    assert sorted(read.nodes) == sorted(graph.nodes)
    for node, attrs in graph.nodes(data=True):
        for key, value in attrs.items():
            assert read.nodes[node][key] == value, (node, key)
    for u, v, k, attrs in graph.edges(keys=True, data=True):
        got = read.edges[u, v, k]
        for key, value in attrs.items():
            assert got[key] == value, (k, key)
    assert data["graph"]["vocabulary"] == graph.graph["vocabulary"].to_dict()
    assert data["graph"]["sources"] == graph.graph["sources"]

    js = node_reader("json", path)
    assert js["options"] == {"type": "directed", "multi": True, "allowSelfLoops": True}
    assert sorted(n["key"] for n in js["nodes"]) == sorted(graph.nodes)
    for n in js["nodes"]:
        assert n["attributes"]["label"] == graph.nodes[n["key"]]["label"]
        assert n["attributes"]["aliases"] == graph.nodes[n["key"]]["aliases"]
    for e in js["edges"]:
        u, v = e["source"], e["target"]
        assert graph.edges[u, v, e["key"]]["evidence"] == e["attributes"]["evidence"]
    return data


def test_json_realistic_case_round_trips(case: Path, tmp_path: Path) -> None:
    graph = annotate(load_graph_from(case))
    path = tmp_path / "graph.json"
    write_json(graph, path)
    data = check_json(graph, path)
    link = next(e for e in data["links"] if e["id"] == "city-court.sentenced.roza-tuletaeva")
    assert link["evidence"] == [{"source": "report-2012", "lines": ["1"],
                                 "note": "Sentenced to seven years."}]
    assert link["attributes"] == {"years": 7}
    assert link["key"] == link["id"] and link["date"] == "2012-06-04"
    node = next(n for n in data["nodes"] if n["id"] == "acme-oil")
    assert node["aliases"] == ["AcmeOil", "Acmé Oil"] and node["country"] == "NO"
    assert node["description"] is None


def test_json_hostile_strings(tmp_path: Path) -> None:
    graph = load_graph_from(write_hostile_case(tmp_path / "data"))
    path = tmp_path / "graph.json"
    write_json(graph, path)
    data = check_json(graph, path)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    for key in HOSTILE_NAMES:
        assert labels[f"h-{key}"] == clean_name(key)
    assert labels["h-long"] == LONG_NAME


def test_json_handmade_graph(tmp_path: Path) -> None:
    graph = handmade_graph()
    before = repr((list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))))
    path = tmp_path / "graph.json"
    write_json(graph, path)
    assert repr((list(graph.nodes(data=True)),
                 list(graph.edges(keys=True, data=True)))) == before
    data = strict_json(path)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["a"]["label"] == "Alpha "
    assert nodes["a"]["aliases"] == ["x", "y"]
    assert nodes["a"]["born"] == "1970-01-02"
    assert nodes["a"]["extra"] == {"k": [1, 2]}
    assert nodes["b"]["pagerank"] is None          # NaN is not JSON
    assert nodes["b"]["label"] == "b" and nodes["c"]["label"] == "c"
    assert data["graph"]["sources"]["s1"]["title"] == "Title  <x>"
    assert [e["id"] for e in data["links"]] == ["0", "1", "dup", "dup~2"]
    assert node_reader("json", path)["edges"][3]["key"] == "dup~2"


def test_json_same_bytes(case: Path, tmp_path: Path) -> None:
    write_json(load_graph_from(case), tmp_path / "a.json")
    write_json(load_graph_from(case), tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


# --------------------------------------------------------------------------- CSV

NODE_HEADER = ["Id", "Label", "Type", "Aliases", "Description", "Country", "Date", "Start",
               "End", "Sources"]
EDGE_HEADER = ["Id", "Source", "Target", "Type", "Kind", "Label", "Relation", "Date", "Start",
               "End", "Status", "Claimed by", "Sources", "Evidence"]


def check_csv(graph: nx.MultiDiGraph, folder: Path) -> tuple[list, list]:
    paths = write_csv(graph, folder)
    assert paths == [folder / "nodes.csv", folder / "edges.csv"]
    nodes, edges = read_csv(paths[0]), read_csv(paths[1])
    for path in paths:
        raw = path.read_bytes()
        assert raw.startswith(b"Id,"), "no BOM: Gephi would read it into the Id header"
        assert raw.endswith(b"\r\n")
        raw.decode("utf-8")
    assert list(nodes[0])[:len(NODE_HEADER)] == NODE_HEADER
    assert list(edges[0])[:len(EDGE_HEADER)] == EDGE_HEADER
    assert [n["Id"] for n in nodes] == sorted(graph.nodes)
    assert [e["Id"] for e in edges] == sorted(k for _, _, k in graph.edges(keys=True))
    js = node_reader("csv", *paths)
    assert js["nodes"] == nodes and js["edges"] == edges, "csv-parse and Python disagree"
    for row in edges:
        u, v = row["Source"].removeprefix("'"), row["Target"].removeprefix("'")
        attrs = graph.edges[u, v, row["Id"]]
        assert row["Kind"] == row["Relation"] == attrs["relation"]
        assert row["Label"] == attrs["label"]
        assert row["Type"] == ("Directed" if attrs["directed"] else "Undirected")
        assert row["Status"] == attrs["status"]
        assert row["Sources"] == "; ".join(attrs["sources"])
    return nodes, edges


def test_csv_realistic_case(case: Path, tmp_path: Path) -> None:
    graph = annotate(load_graph_from(case))
    nodes, edges = check_csv(graph, tmp_path / "out")
    acme = next(n for n in nodes if n["Id"] == "acme-oil")
    assert (acme["Label"], acme["Type"], acme["Aliases"], acme["Country"]) == \
        ("Acme Oil", "company", "AcmeOil; Acmé Oil", "NO")
    assert acme["Description"] == "" and acme["Date"] == ""
    assert float(acme["pagerank"]) == pytest.approx(graph.nodes["acme-oil"]["pagerank"])
    assert int(acme["community"]) == graph.nodes["acme-oil"]["community"]
    negative = [n for n in nodes for c in ("x", "y") if float(n[c]) < 0]
    assert negative and all(not n["x"].startswith("'") for n in nodes), \
        "numbers are never prefixed"
    sentenced = next(e for e in edges if e["Id"] == "city-court.sentenced.roza-tuletaeva")
    assert sentenced["Evidence"] == ("A report on the strike [report-2012], line 1: "
                                     "Sentenced to seven years.")
    assert sentenced["attr_years"] == "7" and sentenced["Date"] == "2012-06-04"


def test_csv_hostile_strings_and_formula_guard(tmp_path: Path) -> None:
    graph = load_graph_from(write_hostile_case(tmp_path / "data"))
    nodes, edges = check_csv(graph, tmp_path / "guarded")
    labels = {n["Id"]: n["Label"] for n in nodes}
    assert labels["h-formula"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert labels["h-plus"] == "'+7 701 000 0000"
    assert labels["h-minus"] == "'-1"
    assert labels["h-at"] == "'@SUM(A1:A2)"
    for key in ("markup", "cdata-end", "quotes", "rtl", "emoji", "cyrillic", "long",
                "norway", "float-like", "bool-like", "null-like", "nan-like", "controls"):
        assert labels[f"h-{key}"] == clean_name(key)
    markup = next(n for n in nodes if n["Id"] == "h-markup")
    assert markup["Description"].endswith("line two\r\ntab\tend")
    family = next(e for e in edges if e["Id"] == "f-family")
    assert family["Type"] == "Undirected"
    criticizes = next(e for e in edges if e["Id"] == "p-criticizes")
    assert (criticizes["attr_big"], criticizes["attr_verified"], criticizes["attr_rank"]) == \
        ("1099511627776", "true", "2.5")

    raw_nodes = read_csv(write_csv(graph, tmp_path / "raw", formula_guard=False)[0])
    raw_labels = {n["Id"]: n["Label"] for n in raw_nodes}
    for key in ("formula", "plus", "minus", "at"):
        assert raw_labels[f"h-{key}"] == clean_name(key)


def test_csv_handmade_graph_and_same_bytes(case: Path, tmp_path: Path) -> None:
    nodes = read_csv(write_csv(handmade_graph(), tmp_path / "hand")[0])
    a = next(n for n in nodes if n["Id"] == "a")
    assert a["Label"] == "Alpha " and a["Aliases"] == "x; y" and a["degree"] == "3.0"
    assert next(n for n in nodes if n["Id"] == "b")["pagerank"] == ""
    first = [p.read_bytes() for p in write_csv(load_graph_from(case), tmp_path / "one")]
    second = [p.read_bytes() for p in write_csv(load_graph_from(case), tmp_path / "two")]
    assert first == second
