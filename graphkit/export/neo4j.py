"""A folder for Neo4j: CSV files in ``neo4j-admin database import`` format, and a
``LOAD CSV`` script for a running server.

Files (see docs/exports.md for the commands):

- ``actors.csv``: one node per actor. ``id:ID(Actor)``, ``:LABEL`` (``Actor`` plus one
  label per entity type: ``Person``, ``StateBody``...), ``name``, ``type``,
  ``aliases:string[]``, ``description``, ``country``, ``date``/``start``/``end`` as
  written, ``first_day:date``/``last_day:date`` (the days the dates cover), ``sources:string[]``,
  then the metrics, typed.
- ``sources.csv``: one ``Source`` node per cited source (``id:ID(Source)``).
- ``claims.csv``: one relationship per claim. ``:START_ID(Actor)``, ``:END_ID(Actor)``,
  ``:TYPE`` (the relation in Neo4j's upper case: ``MEMBER_OF``), ``id``, ``relation``,
  ``label``, ``directed:boolean``, the dates as for actors, ``status``,
  ``claimed_by:string[]``, ``sources:string[]``, ``evidence`` (text), ``attr_<name>`` typed.
- ``load.cypher``: the same files into a running database with ``LOAD CSV``.

Why the dates are twice: Neo4j's ``date`` type holds a day, and reads ``2011-12`` as
2011-12-01, so a partial date would silently become precise. The written dates stay
strings; ``first_day``/``last_day`` are real dates (the rule the GEXF timeline and the
``--since``/``--until`` filters use), so range queries work.

Text is quoted as RFC 4180 (quotes doubled), always, so neither reader trims or misreads
it; typed values are bare. Arrays and labels are separated by U+001F (the unit
separator): every text graphkit exports has its control characters removed, so this is
the one delimiter no value can contain (``;`` is common in names and notes). The import
command therefore passes ``--array-delimiter=U+001F``; the Cypher script splits on it.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.errors import ExportError
from graphkit.export.atomic import atomic_write
from graphkit.export.flatten import (
    METRIC_FIELDS,
    Scalar,
    clean_text,
    coerce,
    column_types,
    edge_ids,
    evidence_text,
    flat_value,
    format_scalar,
    interval,
    node_ids,
)

__all__ = ["write_neo4j", "ARRAY_DELIMITER", "FILES", "relationship_type", "node_label",
           "import_command"]

#: Between the items of an array and between labels (``--array-delimiter=U+001F``).
ARRAY_DELIMITER = "\x1f"
FILES = ("actors.csv", "sources.csv", "claims.csv", "load.cypher")
#: Rows per transaction in the LOAD CSV script.
BATCH = 10_000

#: flatten's column types -> Neo4j's header types
_NEO4J_TYPES = {"boolean": "boolean", "int": "long", "long": "long", "double": "double",
                "string": "string"}
_ACTOR_FIELDS = {"label", "type", "aliases", "description", "country", "date", "start", "end",
                 "sources"}
_CLAIM_FIELDS = {"id", "key", "relation", "label", "directed", "date", "start", "end",
                 "status", "claimed_by", "sources", "evidence", "attributes"}


def relationship_type(relation: Any) -> str:
    """The relationship type of a relation: its key in upper case (``MEMBER_OF``).

    Vocabulary keys are already ``[a-z][a-z0-9_]*``; anything else (a graph built by hand)
    is reduced to letters, digits and ``_`` so the type needs no quoting anywhere.
    """
    text = re.sub(r"[^0-9A-Za-z]+", "_", clean_text(str(relation))).strip("_").upper()
    if not text:
        return "RELATED_TO"
    return text if text[0].isalpha() else "R_" + text


def node_label(kind: Any) -> str:
    """The label of an entity type: its key in CamelCase (``state_body`` → ``StateBody``).

    The labels graphkit gives every node (``Actor``, and ``Source`` for sources) are
    never produced for a type: a type called ``source`` becomes ``SourceType``.
    """
    words = re.split(r"[^0-9A-Za-z]+", clean_text(str(kind)))
    text = "".join(w[:1].upper() + w[1:] for w in words if w)
    if not text:
        text = "Untyped"
    if not text[0].isalpha():
        text = "T" + text
    return text + "Type" if text in ("Actor", "Source") else text


def import_command(folder: str = "import", database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command for a folder of these files."""
    return (f"neo4j-admin database import full --array-delimiter=U+001F "
            f"--multiline-fields=true --nodes={folder}/actors.csv "
            f"--nodes={folder}/sources.csv --relationships={folder}/claims.csv {database}")


# ---------------------------------------------------------------------------- columns

@dataclass(frozen=True)
class _Column:
    """One CSV column: its header, the property it sets and how to write its values."""

    header: str
    prop: str | None       # property name (None for :ID-less specials such as :LABEL)
    kind: str              # string, long, double, boolean, date, string[], special


def _prop_name(name: str, taken: set[str]) -> str:
    """A property name that needs no quoting in a header or in Cypher, unique in its file."""
    base = re.sub(r"[^0-9A-Za-z_]", "_", clean_text(name)) or "value"
    if not (base[0].isalpha() or base[0] == "_"):
        base = "_" + base
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
    taken.add(candidate)
    return candidate


def _typed_columns(rows: Iterable[Mapping[str, Scalar]], first: Sequence[str],
                   taken: set[str]) -> list[tuple[str, _Column]]:
    """Extra columns (metrics, attributes) with one Neo4j type each, in column order."""
    result = []
    for key, kind in column_types(rows, first).items():
        prop = _prop_name(key, taken)
        neo = _NEO4J_TYPES[kind]
        result.append((key, _Column(f"{prop}:{neo}", prop, neo)))
    return result


# ------------------------------------------------------------------------------ cells

def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cell(value: Any, kind: str) -> str:
    """One value as the column's type; an empty cell is a missing value to both readers."""
    if value is None:
        return ""
    if kind == "string[]":
        items = [v for v in (_text(x) for x in value) if v]
        return _quote(ARRAY_DELIMITER.join(items)) if items else ""
    if kind in ("string", "special"):
        text = _text(value)
        return _quote(text) if text else ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "date":
        return str(value)
    return format_scalar(coerce(value, "double" if kind == "double" else "int"))


def _text(value: Any) -> str:
    if type(value) is str:  # the common case, without flat_value's checks
        return clean_text(value)
    flat = flat_value(value)
    if flat is None:
        return ""
    return flat if isinstance(flat, str) else format_scalar(flat)


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return [value]


def _days(attrs: Mapping[str, Any]) -> tuple[str | None, str | None]:
    found = interval(attrs.get("date"), attrs.get("start"), attrs.get("end"))
    return found if found is not None else (None, None)


class _Table:
    """One CSV file being written row by row; remembers whether any cell has a ``\\``."""

    def __init__(self, handle: Any, columns: list[_Column]) -> None:
        self.handle = handle
        self.columns = columns
        handle.write(",".join(_quote(c.header) if "," in c.header else c.header
                              for c in columns) + "\n")
        self.backslash = False

    def add(self, values: Sequence[Any]) -> None:
        line = ",".join(_cell(v, c.kind) for v, c in zip(values, self.columns, strict=True))
        if "\\" in line:
            self.backslash = True
        self.handle.write(line + "\n")


def _flat_kind(neo: str) -> str:
    return {"long": "int", "double": "double", "boolean": "boolean"}.get(neo, "string")


def _extra_values(row: Mapping[str, Scalar], extra: list[tuple[str, _Column]]) -> list[Any]:
    values = []
    for key, column in extra:
        value = row.get(key)
        values.append(None if value is None else coerce(value, _flat_kind(column.kind)))
    return values


# ------------------------------------------------------------------------------ files

_ACTOR_COLUMNS = [
    _Column("id:ID(Actor)", "id", "special"), _Column(":LABEL", None, "string[]"),
    _Column("name", "name", "string"), _Column("type", "type", "string"),
    _Column("aliases:string[]", "aliases", "string[]"),
    _Column("description", "description", "string"), _Column("country", "country", "string"),
    _Column("date", "date", "string"), _Column("start", "start", "string"),
    _Column("end", "end", "string"), _Column("first_day:date", "first_day", "date"),
    _Column("last_day:date", "last_day", "date"),
    _Column("sources:string[]", "sources", "string[]")]
_SOURCE_COLUMNS = [
    _Column("id:ID(Source)", "id", "special"), _Column(":LABEL", None, "special"),
    _Column("title", "title", "string"), _Column("author", "author", "string"),
    _Column("publisher", "publisher", "string"), _Column("date", "date", "string"),
    _Column("first_day:date", "first_day", "date"), _Column("last_day:date", "last_day", "date"),
    _Column("url", "url", "string"), _Column("archive", "archive", "string")]
_CLAIM_COLUMNS = [
    _Column(":START_ID(Actor)", None, "special"), _Column(":END_ID(Actor)", None, "special"),
    _Column(":TYPE", None, "special"), _Column("id", "id", "string"),
    _Column("relation", "relation", "string"), _Column("label", "label", "string"),
    _Column("directed:boolean", "directed", "boolean"), _Column("date", "date", "string"),
    _Column("start", "start", "string"), _Column("end", "end", "string"),
    _Column("first_day:date", "first_day", "date"), _Column("last_day:date", "last_day", "date"),
    _Column("status", "status", "string"),
    _Column("claimed_by:string[]", "claimed_by", "string[]"),
    _Column("sources:string[]", "sources", "string[]"),
    _Column("evidence", "evidence", "string")]


def _flat_extras(items: Iterable[tuple[Any, Any]], skip: set[str], prefix: str = ""
                 ) -> dict[str, Scalar]:
    row: dict[str, Scalar] = {}
    for key, value in items:
        if key in skip:
            continue
        flat = flat_value(value)
        if flat is not None:
            row[prefix + clean_text(str(key))] = flat
    return row


def _write_actors(graph: nx.MultiDiGraph, nids: Mapping[Any, str], path: Path
                  ) -> tuple[list[_Column], bool]:
    nodes = sorted(graph.nodes, key=lambda n: nids[n])
    rows = [_flat_extras(graph.nodes[n].items(), _ACTOR_FIELDS) for n in nodes]
    extra = _typed_columns(rows, METRIC_FIELDS, {c.prop for c in _ACTOR_COLUMNS if c.prop})
    columns = _ACTOR_COLUMNS + [c for _, c in extra]
    with atomic_write(path) as handle:
        table = _Table(handle, columns)
        for node, row in zip(nodes, rows, strict=True):
            attrs = graph.nodes[node]
            first, last = _days(attrs)
            table.add([nids[node], ["Actor", node_label(attrs.get("type"))],
                       _text(attrs.get("label")) or nids[node], attrs.get("type"),
                       _list(attrs.get("aliases")), attrs.get("description"),
                       attrs.get("country"), attrs.get("date"), attrs.get("start"),
                       attrs.get("end"), first, last, _list(attrs.get("sources")),
                       *_extra_values(row, extra)])
    return columns, table.backslash


def _cited(graph: nx.MultiDiGraph) -> list[str]:
    """Ids of the sources an exported actor or claim cites: the others are not written."""
    cited: set[Any] = set()
    for _, sources in graph.nodes(data="sources"):
        cited.update(_list(sources))
    for *_, attrs in graph.edges(data=True):
        cited.update(_list(attrs.get("sources")))
        for item in _list(attrs.get("evidence")):
            if isinstance(item, Mapping):
                cited.add(item.get("source"))
    return sorted({_text(c) for c in cited} - {""})


def _write_sources(graph: nx.MultiDiGraph, path: Path) -> bool:
    known: Mapping[str, Any] = graph.graph.get("sources") or {}
    with atomic_write(path) as handle:
        table = _Table(handle, _SOURCE_COLUMNS)
        for source_id in _cited(graph):
            meta = known.get(source_id)
            meta = meta if isinstance(meta, Mapping) else {}
            first, last = _days({"date": meta.get("date")})
            table.add([source_id, "Source", meta.get("title") or source_id,
                       meta.get("author"), meta.get("publisher"), meta.get("date"), first,
                       last, meta.get("url"), meta.get("archive")])
    return table.backslash


def _write_claims(graph: nx.MultiDiGraph, nids: Mapping[Any, str], path: Path
                  ) -> tuple[list[_Column], bool]:
    sources = graph.graph.get("sources") or {}
    eids = edge_ids(graph)
    edges = sorted(eids, key=lambda e: eids[e])
    rows = []
    for edge in edges:
        attrs = graph.edges[edge]
        attributes = attrs.get("attributes")
        row = _flat_extras(attributes.items(), set(), "attr_") \
            if isinstance(attributes, Mapping) else {}
        row.update(_flat_extras(attrs.items(), _CLAIM_FIELDS))
        rows.append(row)
    extra = _typed_columns(rows, (), {c.prop for c in _CLAIM_COLUMNS if c.prop})
    columns = _CLAIM_COLUMNS + [c for _, c in extra]
    with atomic_write(path) as handle:
        table = _Table(handle, columns)
        for (u, v, k), row in zip(edges, rows, strict=True):
            attrs = graph.edges[u, v, k]
            relation = _text(attrs.get("relation"))
            first, last = _days(attrs)
            directed = attrs.get("directed")
            table.add([nids[u], nids[v], relationship_type(relation), eids[(u, v, k)], relation,
                       _text(attrs.get("label")) or relation or eids[(u, v, k)],
                       None if directed is None else directed is not False,
                       attrs.get("date"), attrs.get("start"), attrs.get("end"), first, last,
                       attrs.get("status"), _list(attrs.get("claimed_by")),
                       _list(attrs.get("sources")),
                       evidence_text(attrs.get("evidence"), sources),
                       *_extra_values(row, extra)])
    return columns, table.backslash


# ------------------------------------------------------------------------------ Cypher

def _field(header: str) -> str:
    return "row.`" + header.replace("`", "``") + "`"


def _expression(column: _Column) -> str:
    """The Cypher expression that reads one column's value with its type."""
    field = _field(column.header)
    present = f"coalesce({field}, '') <> ''"
    if column.kind == "long":
        return f"toInteger({field})"
    if column.kind == "double":
        return f"toFloat({field})"
    if column.kind == "boolean":
        return f"toBoolean({field})"
    if column.kind == "date":
        return f"CASE WHEN {present} THEN date({field}) END"
    if column.kind == "string[]":
        return f"CASE WHEN {present} THEN split({field}, '\\u001F') END"
    return field


def _properties(columns: Iterable[_Column], indent: str) -> str:
    items = [f"{c.prop}: {_expression(c)}" for c in columns if c.prop is not None]
    return "{\n" + ",\n".join(indent + "  " + item for item in items) + "\n" + indent + "}"


def _script(name: str, actor_columns: list[_Column], claim_columns: list[_Column],
            backslash: bool) -> str:
    """The LOAD CSV script: constraints, then sources, actors and claims, each in batches.

    Labels and relationship types are read from the files with Cypher's dynamic
    ``$(...)`` (Neo4j 5.26 and later), so the script does not change with the case.
    """
    quoting = (
        "// Some texts in these files contain a backslash. LOAD CSV reads \\\" as an escaped\n"
        "// quote unless the server sets db.import.csv.legacy_quote_escaping=false (in\n"
        "// neo4j.conf, then restart; neo4j-admin import is not affected). Set it first.\n"
        if backslash else
        "// No text in these files contains a backslash, so LOAD CSV reads them the same\n"
        "// whatever db.import.csv.legacy_quote_escaping is set to.\n")
    case = clean_text(name).replace("\n", " ")
    source_props = [c for c in _SOURCE_COLUMNS if c.prop not in (None, "id")]
    actor_props = [c for c in actor_columns if c.prop not in (None, "id")]
    claim_props = [c for c in claim_columns if c.prop not in (None, "id")]
    return "\n".join([
        f"// graphkit: {case}\n"
        "// Load actors.csv, sources.csv and claims.csv into a running Neo4j (5.26 or later).\n"
        "// 1. Copy the three CSV files into the server's import folder\n"
        "//    (server.directories.import; by default <NEO4J_HOME>/import).\n"
        "// 2. cypher-shell -u neo4j -p <password> -f load.cypher\n"
        "//    (in Neo4j Browser, prefix each statement with :auto).\n"
        + quoting +
        "// Running it again updates the same nodes and relationships (MERGE on id). For a\n"
        "// large case, `neo4j-admin database import full` is much faster (docs/exports.md).\n",
        "CREATE CONSTRAINT graphkit_actor_id IF NOT EXISTS\n"
        "FOR (n:Actor) REQUIRE n.id IS UNIQUE;\n",
        "CREATE CONSTRAINT graphkit_source_id IF NOT EXISTS\n"
        "FOR (n:Source) REQUIRE n.id IS UNIQUE;\n",
        "LOAD CSV WITH HEADERS FROM 'file:///sources.csv' AS row\n"
        "CALL (row) {\n"
        f"  MERGE (n:Source {{id: {_field('id:ID(Source)')}}})\n"
        f"  SET n += {_properties(source_props, '  ')}\n"
        f"}} IN TRANSACTIONS OF {BATCH} ROWS;\n",
        "LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row\n"
        "CALL (row) {\n"
        f"  MERGE (n:Actor {{id: {_field('id:ID(Actor)')}}})\n"
        f"  SET n += {_properties(actor_props, '  ')}\n"
        f"  SET n:$(split({_field(':LABEL')}, '\\u001F'))\n"
        f"}} IN TRANSACTIONS OF {BATCH} ROWS;\n",
        "LOAD CSV WITH HEADERS FROM 'file:///claims.csv' AS row\n"
        "CALL (row) {\n"
        f"  MATCH (a:Actor {{id: {_field(':START_ID(Actor)')}}})\n"
        f"  MATCH (b:Actor {{id: {_field(':END_ID(Actor)')}}})\n"
        f"  MERGE (a)-[r:$({_field(':TYPE')}) {{id: {_field('id')}}}]->(b)\n"
        f"  SET r += {_properties(claim_props, '  ')}\n"
        f"}} IN TRANSACTIONS OF {BATCH} ROWS;\n",
    ])


def write_neo4j(graph: nx.MultiDiGraph, out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write actors.csv, sources.csv, claims.csv and load.cypher into ``out_dir``.

    Returns their paths. The four files are written into a staging folder first and
    moved into place only when all are complete, so a failed export leaves the earlier
    ones as they were (never new actors beside old claims). The same graph gives the
    same bytes (rows sorted by id).
    """
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".graphkit-neo4j-", dir=folder))
    except OSError as exc:
        raise ExportError(f"cannot write to {folder}: {exc.strerror or exc}") from exc
    try:
        nids = node_ids(graph)
        staged = [staging / name for name in FILES]
        actor_columns, in_actors = _write_actors(graph, nids, staged[0])
        in_sources = _write_sources(graph, staged[1])
        claim_columns, in_claims = _write_claims(graph, nids, staged[2])
        script = _script(str(graph.graph.get("name") or "graph"), actor_columns,
                         claim_columns, in_actors or in_sources or in_claims)
        with atomic_write(staged[3]) as handle:
            handle.write(script)
        paths = []
        for path in staged:
            target = folder / path.name
            try:
                os.replace(path, target)
            except OSError as exc:
                raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
            paths.append(target)
        return paths
    finally:
        shutil.rmtree(staging, ignore_errors=True)
