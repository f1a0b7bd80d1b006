"""GEXF 1.3 for Gephi's timeline (and Gephi Lite, networkx, graphology).

Written by hand (see ``xmlwrite``): networkx's ``write_gexf`` cannot write an edge's
``kind`` (the edge type Gephi keeps parallel claims apart by), writes an attribute named
``type`` as the edge direction, and stamps today's date into the file. Here:

- the relation is the edge's ``kind`` and its human label the edge's ``label``; no data
  attribute is named ``type`` (the entity type is ``entity_type``);
- ``viz`` colours come from the vocabulary (entity types for nodes, relations for
  edges), sizes from ``pagerank`` (else ``degree``) when present, positions from ``x``
  and ``y`` when present;
- the graph is dynamic (``timeformat="date"``) when anything is dated: a claim or actor
  dated ``2011`` lives from 2011-01-01 to 2011-12-31, a span from its start's first day
  to its end's last day (an open side is left out), and undated items always; the
  partial dates as written stay in the ``date``, ``start_date`` and ``end_date``
  attributes (not ``start``/``end``, which readers take for the interval itself);
- ``lastmodifieddate`` is the latest date found in the data, so the same data gives the
  same bytes on any day.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graphkit.dates import parse_partial_date
from graphkit.export.atomic import atomic_write
from graphkit.export.flatten import (
    EDGE_FIELDS,
    METRIC_FIELDS,
    NODE_FIELDS,
    EdgeRecord,
    NodeRecord,
    coerce,
    column_types,
    edge_records,
    format_scalar,
    interval,
    node_ids,
    node_records,
)
from graphkit.export.xmlwrite import XmlWriter

__all__ = ["write_gexf"]

_NS = [("xmlns", "http://gexf.net/1.3"),
       ("xmlns:viz", "http://gexf.net/1.3/viz"),
       ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
       ("xsi:schemaLocation", "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"),
       ("version", "1.3")]
_GEXF_TYPES = {"boolean": "boolean", "int": "integer", "long": "long", "double": "double",
               "string": "string"}
#: graph attribute -> GEXF attribute title, where the plain name would mislead readers.
_RENAMED = {"type": "entity_type", "start": "start_date", "end": "end_date"}
#: Written as viz elements or XML attributes instead of data attributes.
_NODE_VIZ = {"label", "x", "y"}
_EDGE_XML = {"label"}
_MIN_SIZE, _MAX_SIZE = 10.0, 50.0


def _title(name: str) -> str:
    return _RENAMED.get(name, name)


def _rgb(color: Any) -> list[tuple[str, str]] | None:
    """``#rrggbb`` as viz r, g, b attributes (None when not a colour)."""
    if not isinstance(color, str) or len(color) != 7 or not color.startswith("#"):
        return None
    try:
        r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    except ValueError:
        return None
    return [("r", str(r)), ("g", str(g)), ("b", str(b))]


def _colours(graph: nx.MultiDiGraph) -> tuple[dict[str, Any], dict[str, Any]]:
    """Type and relation colours from the graph's vocabulary (empty without one)."""
    vocab = graph.graph.get("vocabulary")
    types = getattr(vocab, "types", None) or {}
    relations = getattr(vocab, "relations", None) or {}
    return ({k: getattr(t, "color", None) for k, t in types.items()},
            {k: getattr(r, "color", None) for k, r in relations.items()})


def _sizes(nodes: list[NodeRecord]) -> dict[str, float]:
    """Node sizes scaled from ``pagerank`` (else ``degree``) into [10, 50]."""
    for metric in ("pagerank", "degree"):
        values = {n.id: float(v) for n in nodes
                  if isinstance(v := n.data.get(metric), (int, float))
                  and not isinstance(v, bool)}
        if values:
            low, high = min(values.values()), max(values.values())
            span = high - low
            return {k: round(_MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * ((v - low) / span if span
                                                                       else 0.0), 4)
                    for k, v in values.items()}
    return {}


def _last_modified(graph: nx.MultiDiGraph) -> str | None:
    """The latest day any date in the data starts on (sources, actors, claims)."""
    found = []
    values: list[Any] = []
    for _, attrs in graph.nodes(data=True):
        values += [attrs.get("date"), attrs.get("start"), attrs.get("end")]
    for _, _, attrs in graph.edges(data=True):
        values += [attrs.get("date"), attrs.get("start"), attrs.get("end")]
    for meta in (graph.graph.get("sources") or {}).values():
        if isinstance(meta, Mapping):
            values.append(meta.get("date"))
    for value in values:
        if value in (None, ""):
            continue
        try:
            found.append(parse_partial_date(str(value)).first_day())
        except ValueError:
            continue
    return max(found).isoformat() if found else None


def _spans(graph: nx.MultiDiGraph, edges: list[EdgeRecord]) -> tuple[dict[str, tuple[str | None, str | None]],
                      dict[str, tuple[str | None, str | None]]]:
    """Timeline intervals keyed by written node and edge ids."""
    written = node_ids(graph)
    node_spans = {}
    for node, attrs in graph.nodes(data=True):
        span = interval(attrs.get("date"), attrs.get("start"), attrs.get("end"))
        if span is not None:
            node_spans[written[node]] = span
    edge_spans = {}
    for record in edges:
        span = interval(record.data.get("date"), record.data.get("start"),
                        record.data.get("end"))
        if span is not None:
            edge_spans[record.id] = span
    return node_spans, edge_spans


def _time_attributes(span: tuple[str | None, str | None] | None) -> list[tuple[str, str]]:
    if span is None:
        return []
    return [(name, value) for name, value in zip(("start", "end"), span, strict=True)
            if value is not None]


def write_gexf(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write ``graph`` as GEXF 1.3 to ``path`` (atomically; same graph, same bytes)."""
    nodes = node_records(graph)
    edges = edge_records(graph)
    node_types = column_types(({k: v for k, v in r.data.items() if k not in _NODE_VIZ}
                               for r in nodes), NODE_FIELDS + METRIC_FIELDS)
    edge_types = column_types(({k: v for k, v in r.data.items() if k not in _EDGE_XML}
                               for r in edges), EDGE_FIELDS)
    node_keys = {name: str(i) for i, name in enumerate(node_types)}
    edge_keys = {name: str(i) for i, name in enumerate(edge_types)}
    type_colours, relation_colours = _colours(graph)
    sizes = _sizes(nodes)
    node_spans, edge_spans = _spans(graph, edges)
    dynamic = bool(node_spans or edge_spans)
    modified = _last_modified(graph)
    description = " — ".join(str(p) for p in (graph.graph.get("name"),
                                               graph.graph.get("filter")) if p)

    with atomic_write(path) as handle:
        xml = XmlWriter(handle)
        xml.declaration()
        xml.start("gexf", _NS)
        xml.start("meta", [("lastmodifieddate", modified)] if modified else [])
        xml.element("creator", text="graphkit")
        if description:
            xml.element("description", text=description)
        xml.end("meta")
        graph_attrs = [("defaultedgetype", "directed")]
        if dynamic:
            graph_attrs += [("mode", "dynamic"), ("timeformat", "date"),
                            ("timerepresentation", "interval")]
        else:
            graph_attrs.append(("mode", "static"))
        xml.start("graph", graph_attrs)
        for scope, types, ids in (("node", node_types, node_keys), ("edge", edge_types, edge_keys)):
            if not types:
                continue
            xml.start("attributes", [("class", scope), ("mode", "static")])
            for name, kind in types.items():
                xml.element("attribute", [("id", ids[name]), ("title", _title(name)),
                                          ("type", _GEXF_TYPES[kind])])
            xml.end("attributes")

        xml.start("nodes", [("count", str(len(nodes)))])
        for node in nodes:
            attrs = [("id", node.id), ("label", format_scalar(node.data["label"]))]
            xml.start("node", attrs + _time_attributes(node_spans.get(node.id)))
            _attvalues(xml, node.data, node_types, node_keys)
            colour = _rgb(type_colours.get(str(node.data.get("type"))))
            if colour:
                xml.element("viz:color", colour)
            if node.id in sizes:
                xml.element("viz:size", [("value", format_scalar(sizes[node.id]))])
            x, y = node.data.get("x"), node.data.get("y")
            if isinstance(x, (int, float)) and isinstance(y, (int, float)):
                xml.element("viz:position", [("x", format_scalar(float(x))),
                                             ("y", format_scalar(float(y))), ("z", "0.0")])
            xml.end("node")
        xml.end("nodes")

        xml.start("edges", [("count", str(len(edges)))])
        for edge in edges:
            attrs = [("id", edge.id), ("source", edge.source), ("target", edge.target)]
            relation = edge.data.get("relation")
            if relation is not None:
                attrs.append(("kind", format_scalar(relation)))
            attrs.append(("label", format_scalar(edge.data["label"])))
            xml.start("edge", attrs + _time_attributes(edge_spans.get(edge.id)))
            _attvalues(xml, edge.data, edge_types, edge_keys)
            colour = _rgb(relation_colours.get(str(relation)))
            if colour:
                xml.element("viz:color", colour)
            xml.end("edge")
        xml.end("edges")
        xml.end("graph")
        xml.end("gexf")
        xml.close()


def _attvalues(xml: XmlWriter, data: Mapping[str, Any], types: Mapping[str, str],
               ids: Mapping[str, str]) -> None:
    present = [name for name in types if name in data]
    if not present:
        return
    xml.start("attvalues")
    for name in present:
        xml.element("attvalue", [("for", ids[name]),
                                 ("value", format_scalar(coerce(data[name], types[name])))])
    xml.end("attvalues")
