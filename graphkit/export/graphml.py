"""GraphML for Gephi, Gephi Lite, igraph, R, Cytoscape and yEd.

Written by hand (see ``xmlwrite``) rather than with ``nx.write_graphml``, which writes
the multigraph key (``0``, ``1``, ...) as the edge id (Gephi drops the duplicates and
Gephi Lite refuses the file), one ``<key>`` per value type, and XML that strict
parsers reject. Here:

- one ``<key>`` per attribute name and scope, typed boolean/int/long/double/string;
- every node and edge has ``label``; edge ids are the claim ids;
- each ``<edge>`` also carries the relation as an XML ``label=`` attribute, which is
  where Gephi's GraphML importer reads the edge *type* from, so parallel claims of
  different relations stay apart;
- no graph-level ``<data>`` (Gephi warns about it and ignores it);
- all edges are directed, as in the graph; a symmetric relation is marked by the
  boolean ``directed`` attribute only, because per-edge ``directed="false"`` in a
  directed graph is an error for networkx's reader.
"""

from __future__ import annotations

import os

import networkx as nx

from graphkit.export.atomic import atomic_write
from graphkit.export.flatten import (
    EDGE_FIELDS,
    METRIC_FIELDS,
    NODE_FIELDS,
    coerce,
    column_types,
    edge_records,
    format_scalar,
    node_records,
)
from graphkit.export.xmlwrite import XmlWriter

__all__ = ["write_graphml"]

_NS = [("xmlns", "http://graphml.graphdrawing.org/xmlns"),
       ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
       ("xsi:schemaLocation", "http://graphml.graphdrawing.org/xmlns "
                              "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd")]


def write_graphml(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write ``graph`` as GraphML to ``path`` (atomically; same graph, same bytes)."""
    nodes = node_records(graph)
    edges = edge_records(graph)
    node_types = column_types((r.data for r in nodes), NODE_FIELDS + METRIC_FIELDS)
    edge_types = column_types((r.data for r in edges), EDGE_FIELDS)
    node_keys = {name: f"n{i}" for i, name in enumerate(node_types)}
    edge_keys = {name: f"e{i}" for i, name in enumerate(edge_types)}
    with atomic_write(path) as handle:
        xml = XmlWriter(handle)
        xml.declaration()
        xml.start("graphml", _NS)
        for scope, types, keys in (("node", node_types, node_keys),
                                   ("edge", edge_types, edge_keys)):
            for name, kind in types.items():
                xml.element("key", [("id", keys[name]), ("for", scope), ("attr.name", name),
                                    ("attr.type", kind)])
        xml.start("graph", [("id", "G"), ("edgedefault", "directed")])
        for node in nodes:
            xml.start("node", [("id", node.id)])
            for name, value in node.data.items():
                xml.element("data", [("key", node_keys[name])],
                            format_scalar(coerce(value, node_types[name])))
            xml.end("node")
        for edge in edges:
            attributes = [("id", edge.id), ("source", edge.source), ("target", edge.target)]
            relation = edge.data.get("relation")
            if relation is not None:
                attributes.append(("label", format_scalar(relation)))
            xml.start("edge", attributes)
            for name, value in edge.data.items():
                xml.element("data", [("key", edge_keys[name])],
                            format_scalar(coerce(value, edge_types[name])))
            xml.end("edge")
        xml.end("graph")
        xml.end("graphml")
        xml.close()
