"""GEXF 1.3 export read back by lxml (strict), networkx and graphology-gexf (Gephi Lite's
parser, with Gephi Lite's options); the timeline is checked from the start/end read back.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from export_support import (
    LONG_NAME,
    handmade_graph,
    load_graph_from,
    node_reader,
    strict_xml,
    write_hostile_case,
)

from graphkit.analyse import annotate
from graphkit.build import build_graph
from graphkit.export.gexf import write_gexf
from graphkit.filters import GraphFilter
from graphkit.load import load_dataset

NS = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
METRICS = ("degree", "in_degree", "out_degree", "betweenness", "closeness", "eigenvector",
           "pagerank", "community")


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def expected(graph: nx.MultiDiGraph) -> tuple[dict, dict]:
    """GEXF attribute titles: the entity type is entity_type, start/end are *_date."""
    nodes = {}
    for node, a in graph.nodes(data=True):
        exp = {"label": a["label"], "entity_type": a["type"]}
        for key, title in (("description", "description"), ("country", "country"),
                           ("date", "date"), ("start", "start_date"), ("end", "end_date")):
            if a.get(key):
                exp[title] = a[key]
        for key in ("aliases", "sources"):
            if a.get(key):
                exp[key] = "; ".join(a[key])
        for key in METRICS:
            if key in a:
                exp[key] = a[key]
        nodes[node] = exp
    edges = {}
    for u, v, k, a in graph.edges(keys=True, data=True):
        exp = {"source": u, "target": v, "relation": a["relation"], "label": a["label"],
               "status": a["status"], "directed": a["directed"]}
        for key, title in (("date", "date"), ("start", "start_date"), ("end", "end_date")):
            if a.get(key):
                exp[title] = a[key]
        if a.get("claimed_by"):
            exp["claimed_by"] = "; ".join(a["claimed_by"])
        edges[k] = exp
    return nodes, edges


def check(found: dict, exp: dict, where: str) -> None:
    for key, value in exp.items():
        if key in ("source", "target"):
            continue
        assert key in found, f"{where}: {key} missing"
        if isinstance(value, float):
            assert float(found[key]) == pytest.approx(value, rel=1e-12), where
        else:
            assert found[key] == value, f"{where}: {key}={found[key]!r}, expected {value!r}"


def check_gexf(graph: nx.MultiDiGraph, path: Path) -> None:
    nodes, edges = expected(graph)
    vocab = graph.graph["vocabulary"]

    root = strict_xml(path).getroot()
    assert root.tag == f"{NS}gexf" and root.get("version") == "1.3"
    for attributes in root.iter(f"{NS}attributes"):
        titles = [a.get("title") for a in attributes.iter(f"{NS}attribute")]
        assert "type" not in titles, "a data attribute named type breaks Gephi"
        assert len(set(titles)) == len(titles)
    xml_edges = {e.get("id"): e for e in root.iter(f"{NS}edge")}
    assert sorted(xml_edges) == sorted(edges)
    for claim, element in xml_edges.items():
        assert element.get("kind") == edges[claim]["relation"]
        assert element.get("label") == edges[claim]["label"]
        assert element.get("type") is None
        colour = element.find(f"{VIZ}color")
        assert (int(colour.get("r")), int(colour.get("g")), int(colour.get("b"))) == \
            rgb(vocab.relations[edges[claim]["relation"]].color)
    for element in root.iter(f"{NS}node"):
        colour = element.find(f"{VIZ}color")
        entity_type = nodes[element.get("id")]["entity_type"]
        assert (int(colour.get("r")), int(colour.get("g")), int(colour.get("b"))) == \
            rgb(vocab.types[entity_type].color)

    read = nx.read_gexf(path, version="1.3")
    assert sorted(read.nodes) == sorted(nodes)
    for node, exp in nodes.items():
        check(read.nodes[node], exp, f"networkx node {node}")
    seen = []
    for u, v, data in read.edges(data=True):
        exp = edges[data["id"]]
        assert (u, v) == (exp["source"], exp["target"])
        check(data, exp, f"networkx edge {data['id']}")
        seen.append(data["id"])
    assert sorted(seen) == sorted(edges)

    js = node_reader("gexf", path)
    assert js["options"]["type"] == "directed"
    assert sorted(n["key"] for n in js["nodes"]) == sorted(nodes)
    assert sorted(e["key"] for e in js["edges"]) == sorted(edges)
    for n in js["nodes"]:
        check(n["attributes"], nodes[n["key"]], f"graphology node {n['key']}")
        assert n["attributes"]["color"] == "rgb({},{},{})".format(
            *rgb(vocab.types[nodes[n["key"]]["entity_type"]].color))
    for e in js["edges"]:
        exp = edges[e["key"]]
        assert (e["source"], e["target"]) == (exp["source"], exp["target"])
        assert e["attributes"]["kind"] == exp["relation"]
        check(e["attributes"], exp, f"graphology edge {e['key']}")


def alive(element, first: str, last: str) -> bool:
    """Whether a node or edge read back from the GEXF shows in Gephi's [first, last]."""
    start, end = element.get("start"), element.get("end")
    return (start is None or start <= last) and (end is None or end >= first)


def test_realistic_case_with_metrics(case: Path, tmp_path: Path) -> None:
    graph = annotate(load_graph_from(case))
    path = tmp_path / "graph.gexf"
    write_gexf(graph, path)
    check_gexf(graph, path)
    root = strict_xml(path).getroot()
    assert root.find(f"{NS}meta").get("lastmodifieddate") == "2012-12-01"  # report-2012
    graph_element = root.find(f"{NS}graph")
    assert (graph_element.get("mode"), graph_element.get("timeformat")) == ("dynamic", "date")
    sizes = {n.get("id"): float(n.find(f"{VIZ}size").get("value"))
             for n in root.iter(f"{NS}node")}
    pagerank = nx.get_node_attributes(graph, "pagerank")
    top, bottom = max(pagerank, key=pagerank.get), min(pagerank, key=pagerank.get)
    assert sizes[top] == 50.0 and sizes[bottom] == 10.0
    for node in root.iter(f"{NS}node"):
        position = node.find(f"{VIZ}position")
        assert float(position.get("x")) == pytest.approx(graph.nodes[node.get("id")]["x"])
        assert float(position.get("y")) == pytest.approx(graph.nodes[node.get("id")]["y"])
    js = node_reader("gexf", path)
    roza = next(n for n in js["nodes"] if n["key"] == "roza-tuletaeva")["attributes"]
    assert roza["size"] == sizes["roza-tuletaeva"]
    assert roza["x"] == pytest.approx(graph.nodes["roza-tuletaeva"]["x"])
    assert js["attributes"]["lastModifiedDate"] == "2012-12-01"


def test_hostile_strings_survive_every_reader(tmp_path: Path) -> None:
    graph = load_graph_from(write_hostile_case(tmp_path / "data"))
    path = tmp_path / "graph.gexf"
    write_gexf(graph, path)
    check_gexf(graph, path)
    read = nx.read_gexf(path, version="1.3")
    assert read.nodes["h-long"]["label"] == LONG_NAME
    assert read.nodes["h-controls"]["label"] == "Alpha end"
    assert read.nodes["h-norway"]["label"] == "NO"
    assert read.nodes["h-markup"]["description"].endswith("line two\r\ntab\tend")
    js_kinds = sorted(e["attributes"]["kind"] for e in node_reader("gexf", path)["edges"]
                      if (e["source"], e["target"]) == ("h-emoji", "h-cyrillic"))
    assert js_kinds == ["criticizes", "opposes", "opposes", "supports"]
    kinds = sorted(e.get("kind") for e in strict_xml(path).getroot().iter(f"{NS}edge")
                   if (e.get("source"), e.get("target")) == ("h-emoji", "h-cyrillic"))
    assert kinds == ["criticizes", "opposes", "opposes", "supports"]


def test_timeline_2012_items_are_absent_from_a_2011_slice(tmp_path: Path) -> None:
    folder = write_hostile_case(tmp_path / "data")
    graph = load_graph_from(folder)
    path = tmp_path / "graph.gexf"
    write_gexf(graph, path)
    root = strict_xml(path).getroot()
    assert root.find(f"{NS}graph").get("timeformat") == "date"
    nodes = {n.get("id"): n for n in root.iter(f"{NS}node")}
    edges = {e.get("id"): e for e in root.iter(f"{NS}edge")}

    in_2011 = {k for k, e in edges.items() if alive(e, "2011-01-01", "2011-12-31")}
    actors_2011 = {k for k, n in nodes.items() if alive(n, "2011-01-01", "2011-12-31")}
    # dated 2012: absent
    assert "trial-2012" not in actors_2011
    assert {"e-trial", "p-opposes-2", "c-00", "c-02"}.isdisjoint(in_2011)
    # dated 2011, spans over 2011, and undated items: present
    assert "strike-2011" in actors_2011 and "h-markup" in actors_2011
    assert {"e-strike", "p-criticizes", "p-opposes-1", "c-01", "f-family",
            "e-employed"} <= in_2011
    # precision widened to whole days: a year, a month, a span, an open end
    assert (edges["c-01"].get("start"), edges["c-01"].get("end")) == ("2011-01-01",
                                                                      "2011-12-31")
    assert (edges["e-strike"].get("start"), edges["e-strike"].get("end")) == ("2011-12-01",
                                                                              "2011-12-31")
    assert (nodes["strike-2011"].get("start"), nodes["strike-2011"].get("end")) == \
        ("2011-05-01", "2011-12-16")
    assert (edges["p-opposes-2"].get("start"), edges["p-opposes-2"].get("end")) == \
        ("2012-01-01", None)
    assert edges["f-family"].get("start") is None and edges["f-family"].get("end") is None
    # the 2011 slice holds exactly the claims graphkit's own date filter keeps
    filtered = build_graph(load_dataset(folder), GraphFilter(since="2011", until="2011"))
    assert in_2011 == {k for _, _, k in filtered.edges(keys=True)}
    # and a 2012 slice drops the 2011 event
    actors_2012 = {k for k, n in nodes.items() if alive(n, "2012-01-01", "2012-12-31")}
    assert "strike-2011" not in actors_2012 and "trial-2012" in actors_2012
    # networkx reads the interval back as start/end
    read = nx.read_gexf(path, version="1.3")
    assert read.nodes["trial-2012"]["start"] == "2012-03-01"
    assert read.nodes["trial-2012"]["end"] == "2012-03-31"
    assert read.nodes["trial-2012"]["date"] == "2012-03"


def test_undated_graph_is_static_and_handmade_values_are_safe(tmp_path: Path) -> None:
    graph = handmade_graph()
    before = repr((list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))))
    path = tmp_path / "graph.gexf"
    write_gexf(graph, path)
    assert repr((list(graph.nodes(data=True)),
                 list(graph.edges(keys=True, data=True)))) == before
    root = strict_xml(path).getroot()
    assert root.find(f"{NS}graph").get("mode") == "dynamic"  # node b is dated 2012
    assert root.find(f"{NS}meta").get("lastmodifieddate") == "2012-01-01"
    assert root.find(f"{NS}meta/{NS}description").text == "hand <made>"  # BEL removed
    read = nx.read_gexf(path, version="1.3")
    assert read.nodes["a"]["label"] == "Alpha "
    assert read.nodes["c"]["label"] == "c"
    assert "viz" not in read.nodes["c"]  # unknown type: no colour; no metric: no size
    assert sorted(d["id"] for _, _, d in read.edges(data=True)) == ["0", "1", "dup", "dup~2"]
    js = node_reader("gexf", path)
    assert sorted(e["key"] for e in js["edges"]) == ["0", "1", "dup", "dup~2"]

    undated = nx.MultiDiGraph()
    undated.add_node("x", label="X", type="person")
    undated.add_node("y", label="Y", type="person")
    undated.add_edge("x", "y", key="x-y", id="x-y", relation="supports", label="supports")
    write_gexf(undated, tmp_path / "static.gexf")
    element = strict_xml(tmp_path / "static.gexf").getroot().find(f"{NS}graph")
    assert element.get("mode") == "static" and element.get("timeformat") is None
    assert strict_xml(tmp_path / "static.gexf").getroot().find(f"{NS}meta").get(
        "lastmodifieddate") is None


def test_same_data_gives_same_bytes(case: Path, tmp_path: Path) -> None:
    write_gexf(annotate(load_graph_from(case)), tmp_path / "a.gexf")
    write_gexf(annotate(load_graph_from(case)), tmp_path / "b.gexf")
    assert (tmp_path / "a.gexf").read_bytes() == (tmp_path / "b.gexf").read_bytes()
