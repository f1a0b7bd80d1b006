"""The graph as flat records of scalars: what GraphML, GEXF and CSV can hold.

The claim graph carries lists (aliases, sources), nested evidence, free attribute maps
and missing values (None). Flat formats hold none of these, and each tool chokes on a
different one (networkx's GraphML writer refuses None, lists and dates; its GEXF writer
turns dicts into Python reprs; XML cannot hold control characters; Gephi merges parallel
edges that share an id), so every flat exporter reads the graph through this
module, which decides once:

- lists are joined with ``"; "``; evidence becomes readable text (source title, lines,
  note); a claim's ``attributes`` map becomes ``attr_<name>`` columns;
- None, empty strings and NaN are left out (never written as "None" or "");
- one type per column: booleans, integers, floats or text, whichever holds every value
  (integers and floats together become floats; anything else makes the column text);
- characters XML 1.0 cannot hold are removed from every string, with the invisible C1
  controls, so all formats carry the same text (:func:`graphkit.text.clean_text`, the
  one home of control characters);
- nodes and edges are sorted by id; edge ids are the claim ids, unique in the file.

Nothing here mutates the graph.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphkit.citation import cite
from graphkit.dates import span
from graphkit.errors import ExportError
from graphkit.metrics import METRICS
from graphkit.render import in_order
from graphkit.text import clean_text

__all__ = [
    "Scalar", "EdgeRecord", "NodeRecord", "clean_text", "flat_value", "node_records",
    "edge_records", "node_ids", "edge_ids", "column_types", "coerce", "format_scalar",
    "interval", "evidence_text",
    "NODE_FIELDS", "EDGE_FIELDS", "METRIC_FIELDS", "LIST_SEPARATOR", "EVIDENCE_SEPARATOR",
]

Scalar = str | int | float | bool

LIST_SEPARATOR = "; "
EVIDENCE_SEPARATOR = " | "

#: Node attributes of the contract, in column order.
NODE_FIELDS = ("label", "type", "aliases", "description", "country", "date", "start", "end",
               "sources")
#: Attributes ``graphkit.analyse.annotate`` may add, in column order.
METRIC_FIELDS = (*(m.attribute for m in METRICS), "community", "x", "y")
#: Edge attributes of the contract, in column order (``attributes`` are expanded after).
EDGE_FIELDS = ("relation", "label", "directed", "date", "start", "end", "status",
               "claimed_by", "sources", "evidence")
_EDGE_SKIP = {"id", "attributes", "key"}

_INT32 = 2**31
_INT64 = 2**63


def flat_value(value: Any) -> Scalar | None:
    """One value as a scalar, or None when there is nothing to write."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return None if math.isnan(value) else float(value)
    if isinstance(value, str):
        return clean_text(value) or None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        parts = [f"{clean_text(str(k))}={flat_value(v)}" for k, v in value.items()
                 if flat_value(v) is not None]
        return LIST_SEPARATOR.join(parts) or None
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        parts = [str(p) for p in (flat_value(v) for v in items) if p is not None]
        return LIST_SEPARATOR.join(parts) or None
    try:  # numpy scalars and other number-likes
        number = float(value)
    except (TypeError, ValueError):
        return clean_text(str(value)) or None
    return None if math.isnan(number) else number


def evidence_text(evidence: Any, sources: Mapping[str, Any] | None) -> str | None:
    """Evidence as one readable line per item: ``Title [id], lines 49, 51-53: note``."""
    if not evidence:
        return None
    if not isinstance(evidence, (list, tuple)):
        return flat_value(evidence)  # type: ignore[return-value]
    parts = []
    for item in evidence:
        if not isinstance(item, Mapping):
            text = flat_value(item)
            if text is not None:
                parts.append(str(text))
            continue
        source_id = str(item.get("source") or "")
        meta = (sources or {}).get(source_id) or {}
        title = meta.get("title") if isinstance(meta, Mapping) else None
        text = cite(source_id, title, item.get("lines") or [], item.get("note"), show_id=True)
        parts.append(clean_text(text.strip()))
    return EVIDENCE_SEPARATOR.join(p for p in parts if p) or None


@dataclass(frozen=True)
class NodeRecord:
    """A node's id and its flat attributes, in column order."""

    id: str
    data: dict[str, Scalar]


@dataclass(frozen=True)
class EdgeRecord:
    """An edge's unique id, its ends and its flat attributes, in column order."""

    id: str
    source: str
    target: str
    data: dict[str, Scalar]


def node_ids(graph: nx.MultiDiGraph) -> dict[Any, str]:
    """Each node's id as written: its key as text, cleaned; collisions are an error."""
    ids: dict[Any, str] = {}
    taken: dict[str, Any] = {}
    for node in graph.nodes:
        text = clean_text(str(node))
        if not text or text in taken:
            raise ExportError(f"node id {node!r} cannot be written: it is empty or equals "
                              f"{taken.get(text)!r} once invisible characters are removed")
        taken[text] = node
        ids[node] = text
    return ids


def node_records(graph: nx.MultiDiGraph) -> list[NodeRecord]:
    """Every node as flat data, sorted by id; ``label`` falls back to the id."""
    ids = node_ids(graph)
    records = []
    for node, attrs in graph.nodes(data=True):
        data: dict[str, Scalar] = {}
        for key in in_order(attrs, NODE_FIELDS + METRIC_FIELDS):
            value = flat_value(attrs[key])
            if value is not None:
                data[clean_text(str(key))] = value
        if "label" not in data or not isinstance(data["label"], str):
            data = {"label": ids[node], **{k: v for k, v in data.items() if k != "label"}}
        records.append(NodeRecord(ids[node], data))
    records.sort(key=lambda r: r.id)
    return records


def edge_ids(graph: nx.MultiDiGraph) -> dict[tuple[Any, Any, Any], str]:
    """Claim ids as edge ids; a repeated or missing id gets a stable ``~n`` suffix."""
    wanted = {}
    for u, v, k, attrs in graph.edges(keys=True, data=True):
        raw = attrs.get("id")
        wanted[(u, v, k)] = clean_text(str(raw if raw not in (None, "") else k)) or "edge"
    ids: dict[tuple[Any, Any, Any], str] = {}
    used: set[str] = set()
    for edge in sorted(wanted, key=lambda e: (wanted[e], str(e[0]), str(e[1]), str(e[2]))):
        base = candidate = wanted[edge]
        n = 1
        while candidate in used:
            n += 1
            candidate = f"{base}~{n}"
        used.add(candidate)
        ids[edge] = candidate
    return ids


def edge_records(graph: nx.MultiDiGraph) -> list[EdgeRecord]:
    """Every edge as flat data, sorted by id.

    ``label`` falls back to the relation; evidence becomes text; the claim's
    ``attributes`` become ``attr_<name>`` columns after the contract's columns.
    """
    nids = node_ids(graph)
    eids = edge_ids(graph)
    sources = graph.graph.get("sources") or {}
    records = []
    for u, v, k, attrs in graph.edges(keys=True, data=True):
        data: dict[str, Scalar] = {}
        for key in in_order(attrs, EDGE_FIELDS):
            if key in _EDGE_SKIP:
                continue
            raw = attrs[key]
            value = evidence_text(raw, sources) if key == "evidence" else flat_value(raw)
            if value is not None:
                data[clean_text(str(key))] = value
        extra = attrs.get("attributes")
        if isinstance(extra, Mapping):
            for name in sorted(extra, key=str):
                value = flat_value(extra[name])
                if value is not None:
                    data[f"attr_{clean_text(str(name))}"] = value
        if "label" not in data or not isinstance(data["label"], str):
            fallback = data.get("relation") or eids[(u, v, k)]
            data = {**{kk: vv for kk, vv in data.items() if kk != "label"},
                    "label": str(fallback)}
        records.append(EdgeRecord(eids[(u, v, k)], nids[u], nids[v], data))
    records.sort(key=lambda r: r.id)
    return records


def column_types(rows: Iterable[Mapping[str, Scalar]], first: Iterable[str] = ()
                 ) -> dict[str, str]:
    """One type per column, in column order: boolean, int, long, double or string.

    ``long`` is used when an integer does not fit Java's 32-bit ``int`` (Gephi); an
    integer beyond 64 bits (validation refuses them, a graph built by hand may not) makes
    its column text, never a ``long`` no reader can parse.
    """
    kinds: dict[str, set[str]] = {}
    big: set[str] = set()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, bool):
                kind = "boolean"
            elif isinstance(value, int):
                kind = "int"
                if not -_INT64 <= value < _INT64:
                    kind = "string"  # no reader's long holds it: write its digits as text
                elif not -_INT32 <= value < _INT32:
                    big.add(key)
            elif isinstance(value, float):
                kind = "double"
            else:
                kind = "string"
            kinds.setdefault(key, set()).add(kind)
    result = {}
    for key in in_order(kinds, first):
        found = kinds[key]
        if len(found) == 1:
            kind = found.pop()
        elif found <= {"int", "double"}:
            kind = "double"
        else:
            kind = "string"
        if kind == "int" and key in big:
            kind = "long"
        result[key] = kind
    return result


def coerce(value: Scalar, kind: str) -> Scalar:
    """``value`` as the column's type (an int in a double column becomes a float)."""
    if kind == "double" and not isinstance(value, float):
        return float(value)
    if kind == "string" and not isinstance(value, str):
        return format_scalar(value)
    return value


def format_scalar(value: Scalar) -> str:
    """Text every reader parses back: ``true``/``false``, shortest round-trip floats,
    ``Infinity``/``-Infinity`` (understood by Python, Java, JavaScript and C)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return clean_text(value)


def interval(date: Any, start: Any, end: Any) -> tuple[str | None, str | None] | None:
    """The days an item covers (:func:`graphkit.dates.span`) as ISO dates, or None."""
    days = span(date, start, end)
    if days is None:
        return None
    return tuple(d.isoformat() if d else None for d in days)  # type: ignore[return-value]
