"""A validated Dataset as JSON and back: the cache's format, which runs no code on load.

The cache used to hold pickles, and unpickling runs whatever the file says: a planted
entry would run as whoever next validated. JSON can only describe lists, mappings,
strings, numbers and null; the records are rebuilt here from those, field by field,
into the dataclasses of :mod:`graphkit.model`. A record is a list of its fields in
declaration order (names are not repeated 50,000 times), dates are ``[year, month,
day]``, and the file a record came from is an index into one table.

Rebuilding goes around the frozen dataclasses' ``__init__`` (which sets each field
through ``object.__setattr__``, several times slower) by filling ``__dict__`` directly:
the values were checked when the entry was written, and the entry is read only from the
user's own cache folder. Anything malformed raises, and the cache treats it as a miss.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from graphkit.dates import PartialDate
from graphkit.issues import Issue
from graphkit.model import Claim, Dataset, Entity, Evidence, Source
from graphkit.vocab import EntityType, RelationType, Status, Vocabulary

__all__ = ["encode_dataset", "decode_dataset"]

_VERSION = 1
_DATE_FIELDS = {"date", "start", "end"}
_TUPLE_FIELDS = {"aliases", "sources", "claimed_by"}


def _names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


_SOURCE, _ENTITY, _CLAIM = _names(Source), _names(Entity), _names(Claim)


def _new(cls: type, values: dict[str, Any]) -> Any:
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def _undate(value: list[int | None] | None) -> PartialDate | None:
    if value is None:
        return None
    year, month, day = value
    if not isinstance(year, int):
        raise ValueError("bad date in cache entry")
    return _new(PartialDate, {"year": year, "month": month, "day": day})


class _Files:
    """File names as indices into one table (every record of a file shares its name)."""

    def __init__(self, names: list[str] | None = None) -> None:
        self.names = names or []
        self.index = {n: i for i, n in enumerate(self.names)}

    def add(self, name: str) -> int:
        if name not in self.index:
            self.index[name] = len(self.names)
            self.names.append(name)
        return self.index[name]


def _rows(records: Any, names: list[str], files: _Files) -> list[list[Any]]:
    """Each record as the list of its fields, each converted to its JSON form."""
    dates = [i for i, n in enumerate(names) if n in _DATE_FIELDS]
    tuples = [i for i, n in enumerate(names) if n in _TUPLE_FIELDS]
    file_at = names.index("file")
    evidence_at = names.index("evidence") if "evidence" in names else -1
    rows = []
    for record in records:
        fields = vars(record)
        row = [fields[n] for n in names]
        for i in dates:
            value = row[i]
            if value is not None:
                row[i] = [value.year, value.month, value.day]
        for i in tuples:
            row[i] = list(row[i])
        row[file_at] = files.add(row[file_at])
        if evidence_at >= 0:
            row[evidence_at] = [[e.source, [list(r) for r in e.lines], e.note, e.line]
                                for e in row[evidence_at]]
        rows.append(row)
    return rows


def _vocabulary(vocab: Vocabulary) -> dict[str, Any]:
    return {
        "types": [[t.key, t.label, t.plural, t.color, t.shape, t.description]
                  for t in vocab.types.values()],
        "relations": [[r.key, r.label, r.inverse, r.directed, r.color, sorted(r.source_types),
                       sorted(r.target_types), r.description] for r in vocab.relations.values()],
        "statuses": [[s.key, s.label, s.dashes, s.description] for s in vocab.statuses.values()],
        "groups": {k: sorted(v) for k, v in vocab.groups.items()},
    }


def _unvocabulary(data: dict[str, Any]) -> Vocabulary:
    types = {row[0]: EntityType(*row) for row in data["types"]}
    relations = {}
    for key, label, inverse, directed, color, sources, targets, description in data["relations"]:
        relations[key] = RelationType(key, label, inverse, bool(directed), color,
                                      frozenset(sources), frozenset(targets), description)
    statuses = {row[0]: Status(row[0], row[1], bool(row[2]), row[3]) for row in data["statuses"]}
    groups = {k: frozenset(v) for k, v in data["groups"].items()}
    return Vocabulary(types, relations, statuses, groups)


def encode_dataset(dataset: Dataset) -> str:
    """The dataset as one JSON document (its warnings and vocabulary included)."""
    files = _Files()
    body = {
        "version": _VERSION,
        "folder": str(dataset.folder),
        "title": dataset.title,
        "vocabulary": _vocabulary(dataset.vocabulary),
        "sources": _rows(dataset.sources.values(), _SOURCE, files),
        "entities": _rows(dataset.entities.values(), _ENTITY, files),
        "claims": _rows(dataset.claims, _CLAIM, files),
        "warnings": [[i.code, i.message, i.file, i.line, i.column, i.severity, i.hint,
                      list(i.loc)] for i in dataset.warnings],
    }
    body["files"] = files.names
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _records(rows: list[list[Any]], cls: type, names: list[str], files: list[str]
             ) -> list[Any]:
    """Rebuild records; each kind of field converted back from its JSON form."""
    dates = [i for i, n in enumerate(names) if n in _DATE_FIELDS]
    tuples = [i for i, n in enumerate(names) if n in _TUPLE_FIELDS]
    file_at = names.index("file")
    evidence_at = names.index("evidence") if "evidence" in names else -1
    records = []
    for row in rows:
        if len(row) != len(names):
            raise ValueError("bad record in cache entry")
        for i in dates:
            if row[i] is not None:
                row[i] = _undate(row[i])
        for i in tuples:
            row[i] = tuple(row[i])
        row[file_at] = files[row[file_at]]
        if evidence_at >= 0:
            row[evidence_at] = tuple(
                _new(Evidence, {"source": s, "lines": tuple(tuple(r) for r in lines),
                                "note": note, "line": line})
                for s, lines, note, line in row[evidence_at])
        records.append(_new(cls, dict(zip(names, row, strict=True))))
    return records


def decode_dataset(text: str) -> Dataset:
    """The dataset :func:`encode_dataset` wrote; raises on anything malformed."""
    body = json.loads(text)
    if body.get("version") != _VERSION:
        raise ValueError("unknown cache entry version")
    files = body["files"]
    sources = _records(body["sources"], Source, _SOURCE, files)
    entities = _records(body["entities"], Entity, _ENTITY, files)
    claims = _records(body["claims"], Claim, _CLAIM, files)
    warnings = [Issue(code, message, file, line, column, severity, hint, tuple(loc))
                for code, message, file, line, column, severity, hint, loc in body["warnings"]]
    return Dataset(Path(body["folder"]), _unvocabulary(body["vocabulary"]),
                   {s.id: s for s in sources}, {e.id: e for e in entities}, claims, warnings,
                   title=body["title"])
