"""GraphML export read back by lxml (strict), networkx, igraph and graphology-graphml.

Expected values are derived here from the graph with the rules docs/exports.md states
(lists joined with "; ", None left out, ...), independently of graphkit's flattening
code, plus literal values checked by hand.
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import igraph
import networkx as nx
import pytest
from export_support import (
    LONG_NAME,
    clean_name,
    handmade_graph,
    load_graph_from,
    node_reader,
    strict_xml,
    write_hostile_case,
)

from graphkit.analyse import annotate
from graphkit.export.graphml import write_graphml

NS = "{http://graphml.graphdrawing.org/xmlns}"
METRICS = ("degree", "in_degree", "out_degree", "betweenness", "closeness", "eigenvector",
           "pagerank", "community", "x", "y")


def expected_nodes(graph: nx.MultiDiGraph) -> dict[str, dict]:
    result = {}
    for node, a in graph.nodes(data=True):
        exp = {"label": a["label"], "type": a["type"]}
        for key in ("description", "country", "date", "start", "end"):
            if a.get(key):
                exp[key] = a[key]
        for key in ("aliases", "sources"):
            if a.get(key):
                exp[key] = "; ".join(a[key])
        for key in METRICS:
            if key in a:
                exp[key] = a[key]
        result[node] = exp
    return result


def expected_edges(graph: nx.MultiDiGraph) -> dict[str, dict]:
    result = {}
    for u, v, k, a in graph.edges(keys=True, data=True):
        exp = {"source": u, "target": v, "relation": a["relation"], "label": a["label"],
               "status": a["status"], "directed": a["directed"]}
        for key in ("date", "start", "end"):
            if a.get(key):
                exp[key] = a[key]
        for key in ("claimed_by", "sources"):
            if a.get(key):
                exp[key] = "; ".join(a[key])
        for name, value in a["attributes"].items():
            exp[f"attr_{name}"] = value
        result[k] = exp
    return result


def same(value, expected) -> bool:
    if isinstance(expected, float) or isinstance(value, float):
        return float(value) == pytest.approx(float(expected), rel=1e-12)
    return value == expected


def check_attrs(found: dict, expected: dict, where: str, skip: tuple[str, ...] = ()) -> None:
    for key, value in expected.items():
        if key in skip:
            continue
        assert key in found, f"{where}: {key} missing"
        assert same(found[key], value), f"{where}: {key}={found[key]!r}, expected {value!r}"


def check_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """Every reader sees the same nodes, edges and key attributes as the graph holds."""
    nodes, edges = expected_nodes(graph), expected_edges(graph)
    mixed_attr = {name for e in edges.values() for name in e if name.startswith("attr_")
                  and len({type(x.get(name)) for x in edges.values() if name in x}) > 1}

    tree = strict_xml(path)
    root = tree.getroot()
    assert root.tag == f"{NS}graphml"
    keys = root.findall(f"{NS}key")
    assert len({(k.get("for"), k.get("attr.name")) for k in keys}) == len(keys), \
        "one <key> per attribute name and scope"
    xml_edges = root.findall(f"{NS}graph/{NS}edge")
    assert sorted(e.get("id") for e in xml_edges) == sorted(edges)
    assert all(e.get("label") == edges[e.get("id")]["relation"] for e in xml_edges)
    assert len(root.findall(f"{NS}graph/{NS}node")) == len(nodes)

    # networkx
    read = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    assert sorted(read.nodes) == sorted(nodes)
    assert sorted(k for _, _, k in read.edges(keys=True)) == sorted(edges)
    for node, exp in nodes.items():
        check_attrs(read.nodes[node], exp, f"networkx node {node}")
    for u, v, k, data in read.edges(keys=True, data=True):
        exp = edges[k]
        assert (u, v) == (exp["source"], exp["target"])
        check_attrs(data, {n: x for n, x in exp.items() if n not in ("source", "target")},
                    f"networkx edge {k}", skip=tuple(mixed_attr))

    # igraph (python-igraph 1.0 fills the edge "id" attribute with vertex ids, so edges
    # are matched by their ends and relation instead)
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.is_directed()
    assert sorted(ig.vs["id"]) == sorted(nodes)
    for vertex in ig.vs:
        exp = nodes[vertex["id"]]
        assert vertex["label"] == exp["label"]
        assert vertex["type"] == exp["type"]
    found = Counter((ig.vs[e.source]["id"], ig.vs[e.target]["id"], e["relation"], e["label"],
                     e["status"]) for e in ig.es)
    assert found == Counter((e["source"], e["target"], e["relation"], e["label"], e["status"])
                            for e in edges.values())

    # graphology-graphml, the parser of Gephi Lite
    js = node_reader("graphml", path)
    assert js["options"]["type"] == "directed"
    assert sorted(n["key"] for n in js["nodes"]) == sorted(nodes)
    assert sorted(e["key"] for e in js["edges"]) == sorted(edges)
    for n in js["nodes"]:
        check_attrs(n.get("attributes", {}), nodes[n["key"]], f"graphology node {n['key']}")
    for e in js["edges"]:
        exp = edges[e["key"]]
        assert (e["source"], e["target"]) == (exp["source"], exp["target"])
        check_attrs(e["attributes"], {n: x for n, x in exp.items()
                                      if n not in ("source", "target")},
                    f"graphology edge {e['key']}", skip=tuple(mixed_attr))


def test_realistic_case_reads_back_the_same_in_four_readers(case: Path, tmp_path: Path) -> None:
    graph = annotate(load_graph_from(case))
    assert "pagerank" in graph.nodes["roza-tuletaeva"], "metrics expected from annotate"
    path = tmp_path / "graph.graphml"
    write_graphml(graph, path)
    check_graphml(graph, path)
    read = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    sentenced = read.edges["city-court", "roza-tuletaeva", "city-court.sentenced.roza-tuletaeva"]
    assert sentenced["evidence"] == ("A report on the strike [report-2012], line 1: "
                                     "Sentenced to seven years.")
    assert sentenced["attr_years"] == 7
    assert read.nodes["acme-oil"]["country"] == "NO"
    assert read.nodes["acme-oil"]["aliases"] == "AcmeOil; Acmé Oil"
    assert isinstance(read.nodes["acme-oil"]["community"], int)


def test_hostile_strings_survive_every_reader(tmp_path: Path) -> None:
    graph = load_graph_from(write_hostile_case(tmp_path / "data"))
    path = tmp_path / "graph.graphml"
    write_graphml(graph, path)
    check_graphml(graph, path)
    read = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    for key in ("markup", "cdata-end", "rtl", "emoji", "cyrillic", "norway", "float-like",
                "bool-like", "formula"):
        assert read.nodes[f"h-{key}"]["label"] == clean_name(key)
    assert read.nodes["h-controls"]["label"] == "Alpha end"
    assert read.nodes["h-long"]["label"] == LONG_NAME and len(LONG_NAME) == 20_000
    assert read.nodes["h-markup"]["description"].endswith("line two\r\ntab\tend")
    assert read.nodes["h-norway"]["label"] == "NO"       # not False
    assert read.nodes["h-float-like"]["label"] == "1e3"  # not 1000.0
    # parallel claims between the same two actors stay separate edges
    assert sorted(read["h-emoji"]["h-cyrillic"]) == ["c-05", "p-criticizes", "p-opposes-1",
                                                    "p-opposes-2"]
    edge = read.edges["h-emoji", "h-cyrillic", "p-criticizes"]
    assert edge["attr_big"] == 1099511627776 and edge["attr_verified"] is True
    assert edge["attr_rank"] == "2.5"  # the column holds 0..16, 2.5 and "seven": text
    assert edge["claimed_by"] == "h-rtl; h-markup"
    assert edge["evidence"].startswith("Report <i>on</i> ]]> Жанаозен")
    assert edge["evidence"].endswith("[other]: = not a formula")
    assert read.edges["h-norway", "h-bool-like", "f-family"]["directed"] is False


def test_keys_have_one_type_and_values_are_scalars(tmp_path: Path) -> None:
    graph = load_graph_from(write_hostile_case(tmp_path / "data"))
    path = tmp_path / "graph.graphml"
    write_graphml(graph, path)
    root = strict_xml(path).getroot()
    types = {(k.get("for"), k.get("attr.name")): k.get("attr.type")
             for k in root.findall(f"{NS}key")}
    assert types[("edge", "attr_rank")] == "string"
    assert types[("edge", "attr_big")] == "long"
    assert types[("edge", "attr_verified")] == "boolean"
    assert types[("edge", "directed")] == "boolean"
    assert types[("node", "label")] == types[("edge", "label")] == "string"
    texts = [d.text for d in root.iter(f"{NS}data")]
    assert all(t and t not in ("None", "nan", "[]") and not t.startswith("[") for t in texts)
    for element in root.iter(f"{NS}node", f"{NS}edge"):
        label_keys = {k.get("id") for k in root.findall(f"{NS}key")
                      if k.get("attr.name") == "label"}
        assert any(d.get("key") in label_keys for d in element.findall(f"{NS}data"))


def test_handmade_graph_with_unwritable_values(tmp_path: Path) -> None:
    graph = handmade_graph()
    before = repr((list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True)),
                   graph.graph))
    path = tmp_path / "graph.graphml"
    write_graphml(graph, path)
    assert repr((list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True)),
                 graph.graph)) == before, "the exporter must not change the graph"
    strict_xml(path)
    read = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    assert read.nodes["a"]["label"] == "Alpha "          # NUL, VT, lone surrogate removed
    assert read.nodes["a"]["aliases"] == "x; y"
    assert read.nodes["a"]["born"] == "1970-01-02"
    assert read.nodes["a"]["extra"] == "k=1; 2"
    assert read.nodes["a"]["degree"] == 3.0            # 3 and 1.5 in one column: double
    assert read.nodes["b"]["label"] == "b"              # empty label falls back to the id
    assert read.nodes["c"]["label"] == "c"
    assert "pagerank" not in read.nodes["b"]            # NaN is left out
    assert read.nodes["b"]["description"] == "d\r\nline"
    assert sorted(k for _, _, k in read.edges(keys=True)) == ["0", "1", "dup", "dup~2"]
    assert read.edges["a", "b", "dup"]["attr_t"] == "xy"
    assert read.edges["b", "c", "dup~2"]["attr_t"] == "3"
    assert read.edges["b", "c", "dup~2"]["attr_n"] == 2.5
    assert read.edges["a", "b", "0"]["label"] == "opposes"
    assert read.edges["a", "c", "1"]["label"] == "1"
    js = node_reader("graphml", path)
    assert sorted(e["key"] for e in js["edges"]) == ["0", "1", "dup", "dup~2"]


def test_same_graph_gives_same_bytes_whatever_the_insertion_order(case: Path,
                                                                  tmp_path: Path) -> None:
    graph = load_graph_from(case)
    reordered = nx.MultiDiGraph()
    reordered.graph.update(copy.copy(graph.graph))
    for node in reversed(list(graph.nodes)):
        reordered.add_node(node, **graph.nodes[node])
    for u, v, k, data in reversed(list(graph.edges(keys=True, data=True))):
        reordered.add_edge(u, v, key=k, **data)
    first, second, third = (tmp_path / f"{n}.graphml" for n in ("a", "b", "c"))
    write_graphml(graph, first)
    write_graphml(load_graph_from(case), second)
    write_graphml(reordered, third)
    assert first.read_bytes() == second.read_bytes() == third.read_bytes()


def test_empty_graph_is_a_valid_document(tmp_path: Path) -> None:
    path = tmp_path / "empty.graphml"
    write_graphml(nx.MultiDiGraph(), path)
    strict_xml(path)
    assert nx.read_graphml(path).number_of_nodes() == 0
    assert igraph.Graph.Read_GraphML(str(path)).vcount() == 0
    assert node_reader("graphml", path)["nodes"] == []
