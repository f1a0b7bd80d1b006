"""Node-link JSON (for d3, sigma/graphology, notebooks) and CSV (for Gephi, spreadsheets,
databases).

JSON keeps the graph's structure: lists stay lists, evidence stays a list of objects,
missing values are ``null``. CSV follows Gephi's spreadsheet import (``Id``, ``Label``;
``Source``, ``Target``, ``Type``, ``Kind``) and RFC 4180 (CRLF line ends, quotes only
where needed, UTF-8 without BOM, which Gephi would read into the first column's name).

Text cells a spreadsheet would run as formulas are prefixed with ``'`` by default
(:mod:`graphkit.spreadsheet`, shared with the query commands' CSV); numbers never are.
``write_csv(..., formula_guard=False)`` writes the text exactly, for databases and
scripts.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.export.atomic import atomic_write
from graphkit.export.flatten import (
    EDGE_FIELDS,
    METRIC_FIELDS,
    NODE_FIELDS,
    Scalar,
    clean_text,
    coerce,
    column_types,
    edge_ids,
    edge_records,
    format_scalar,
    node_ids,
    node_records,
)
from graphkit.render import in_order
from graphkit.spreadsheet import FORMULA_PREFIXES, guard_formula

__all__ = ["write_json", "write_csv", "node_link_data", "FORMULA_PREFIXES"]


#: graph attribute -> CSV header, Gephi's spreadsheet names first.
_NODE_HEADERS = {"label": "Label", "type": "Type", "aliases": "Aliases",
                 "description": "Description", "country": "Country", "date": "Date",
                 "start": "Start", "end": "End", "sources": "Sources"}
_EDGE_HEADERS = {"label": "Label", "relation": "Relation", "date": "Date", "start": "Start",
                 "end": "End", "status": "Status", "claimed_by": "Claimed by",
                 "sources": "Sources", "evidence": "Evidence"}


# --------------------------------------------------------------------------- JSON

def _json_value(value: Any) -> Any:
    """A value JSON can hold, with the same text cleaning as the other formats."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {clean_text(str(k)): _json_value(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return [_json_value(v) for v in sorted(value, key=str)]
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return _json_value(to_dict())
    try:  # numpy scalars
        number = float(value)
    except (TypeError, ValueError):
        return clean_text(str(value))
    return number if math.isfinite(number) else None


def node_link_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as a node-link dict (the shape ``graph.json`` holds).

    ``nodes`` are sorted by id and ``links`` by claim id; each link carries ``id`` and
    ``key`` (the claim id, so ``networkx.node_link_graph(data, edges="links")`` gets the
    same multigraph keys back), ``source``, ``target`` and every claim attribute.
    """
    nids = node_ids(graph)
    written = edge_ids(graph)
    meta = graph.graph
    vocabulary = meta.get("vocabulary")
    sources = meta.get("sources") or {}
    data: dict[str, Any] = {
        "directed": True,
        "multigraph": True,
        "graph": {
            "name": _json_value(meta.get("name")),
            "filter": _json_value(meta.get("filter")),
            "sources": {clean_text(str(k)): _json_value(sources[k])
                        for k in sorted(sources, key=str)},
            "vocabulary": _json_value(vocabulary) if vocabulary is not None else None,
        },
    }
    nodes = []
    for node, attrs in graph.nodes(data=True):
        item: dict[str, Any] = {"id": nids[node]}
        for key in in_order(attrs, NODE_FIELDS + METRIC_FIELDS):
            if key != "id":
                item[clean_text(str(key))] = _json_value(attrs[key])
        if not item.get("label"):
            item["label"] = nids[node]
        nodes.append(item)
    nodes.sort(key=lambda n: n["id"])
    links = []
    for u, v, k, attrs in graph.edges(keys=True, data=True):
        claim = written[(u, v, k)]
        item = {"id": claim, "key": claim, "source": nids[u], "target": nids[v]}
        for key in in_order(attrs, EDGE_FIELDS + ("attributes",)):
            if key not in ("id", "key", "source", "target"):
                item[clean_text(str(key))] = _json_value(attrs[key])
        links.append(item)
    links.sort(key=lambda e: e["id"])
    data["nodes"] = nodes
    data["links"] = links
    return data


def write_json(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write the node-link JSON of ``graph`` to ``path`` (UTF-8, stable bytes).

    One node or link per line: diffs between two builds show the claims that changed,
    and each item is encoded by json's C encoder (``indent=`` would fall back to the
    pure-Python one, several times slower on a large case).
    """
    data = node_link_data(graph)

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))

    def items(name: str) -> str:
        rows = ",\n".join("    " + dump(item) for item in data[name])
        return f'  "{name}": [\n{rows}\n  ]' if rows else f'  "{name}": []'

    header = json.dumps(data["graph"], ensure_ascii=False, allow_nan=False, indent=2)
    with atomic_write(path) as handle:
        handle.write("{\n")
        handle.write(f'  "directed": {dump(data["directed"])},\n')
        handle.write(f'  "multigraph": {dump(data["multigraph"])},\n')
        handle.write('  "graph": ' + header.replace("\n", "\n  ") + ",\n")
        handle.write(items("nodes") + ",\n")
        handle.write(items("links") + "\n")
        handle.write("}\n")


# --------------------------------------------------------------------------- CSV

def _cell(value: Scalar | None, guard: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = clean_text(value)
        return guard_formula(text) if guard else text
    return format_scalar(value)


def _header(name: str, known: Mapping[str, str]) -> str:
    return known.get(name, name)


def _cells(data: dict[str, Any], columns: list[str], types: dict[str, str],
           formula_guard: bool) -> list[str]:
    """One record's cells in column order, each value in its column's single type."""
    cells = []
    for column in columns:
        value = data.get(column)
        if value is not None and column in types:
            value = coerce(value, types[column])
        cells.append(_cell(value, formula_guard))
    return cells


def write_csv(graph: nx.MultiDiGraph, out_dir: str | os.PathLike[str], *,
              formula_guard: bool = True) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` into ``out_dir``; return their paths.

    Columns: ``Id, Label, Type, Aliases, Description, Country, Date, Start, End,
    Sources`` then any metrics for nodes; ``Id, Source, Target, Type`` (Directed or
    Undirected), ``Kind`` (the relation, Gephi's edge type), ``Label, Relation, Date,
    Start, End, Status, Claimed by, Sources, Evidence`` then ``attr_<name>`` for edges.
    The contract's columns are always present, even when empty.
    """
    folder = Path(out_dir)
    nodes = node_records(graph)
    edges = edge_records(graph)
    node_types = column_types((r.data for r in nodes), NODE_FIELDS + METRIC_FIELDS)
    edge_types = column_types((r.data for r in edges), EDGE_FIELDS)
    node_columns = list(NODE_FIELDS) + [c for c in node_types if c not in NODE_FIELDS]
    edge_columns = list(_EDGE_HEADERS)
    edge_columns += [c for c in edge_types if c not in EDGE_FIELDS]

    nodes_path, edges_path = folder / "nodes.csv", folder / "edges.csv"
    with atomic_write(nodes_path) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["Id"] + [_header(c, _NODE_HEADERS) for c in node_columns])
        for node in nodes:
            writer.writerow([_cell(node.id, formula_guard)]
                            + _cells(node.data, node_columns, node_types, formula_guard))
    with atomic_write(edges_path) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["Id", "Source", "Target", "Type", "Kind"]
                        + [_header(c, _EDGE_HEADERS) for c in edge_columns])
        for edge in edges:
            directed = edge.data.get("directed", True) is not False
            row = [_cell(edge.id, formula_guard), _cell(edge.source, formula_guard),
                   _cell(edge.target, formula_guard), "Directed" if directed else "Undirected",
                   _cell(edge.data.get("relation"), formula_guard)]
            writer.writerow(row + _cells(edge.data, edge_columns, edge_types, formula_guard))
    return [nodes_path, edges_path]
