"""A validated Dataset as JSON and back: the cache's format, which runs no code on load.

The cache used to hold pickles, and unpickling runs whatever the file says: a planted
entry would run as whoever next validated. JSON can only describe lists, mappings,
strings, numbers and null; the records are rebuilt here from those, field by field,
into the dataclasses of :mod:`graphkit.model`. Sources, entities and claims (tens of
thousands) are lists of their fields in declaration order (names are not repeated
50,000 times), dates ``[year, month, day]``, the file a record came from an index into
one table. The few other records (vocabulary, stories, issues) use a generic tagged form
that names their class, from a fixed list of the classes a dataset holds.

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

from graphkit.casefile import CaseSettings, Review
from graphkit.dates import PartialDate
from graphkit.issues import Issue
from graphkit.model import Claim, Dataset, Entity, Evidence, Source
from graphkit.stories import Story, StoryStep, Window
from graphkit.vocab import EntityType, RelationType, Status, Vocabulary
from graphkit.vocab.ftm import FtmMapping, FtmRelation, FtmType

__all__ = ["encode_dataset", "decode_dataset"]

_VERSION = 3
#: The only classes an entry may name (small records, rebuilt through their __init__).
_CLASSES: dict[str, type] = {c.__name__: c for c in (
    Vocabulary, EntityType, RelationType, Status, FtmMapping, FtmType, FtmRelation, Story,
    StoryStep, Window, Issue, PartialDate, CaseSettings, Review)}
_DATE_FIELDS = {"date", "start", "end"}
_TUPLE_FIELDS = {"aliases", "sources", "claimed_by"}


def _names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


_SOURCE, _ENTITY, _CLAIM = _names(Source), _names(Entity), _names(Claim)


def _new(cls: type, values: dict[str, Any]) -> Any:
    obj = object.__new__(cls)
    object.__setattr__(obj, "__dict__", values)  # the dict itself: no copy, no __init__
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


def _tree(value: Any) -> Any:
    """Small records (vocabulary, stories, issues) in a tagged, generic JSON form."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _CLASSES.get(name) is not type(value):
            raise TypeError(f"{name} is not a record the cache may hold")
        return {"@": name, "f": [_tree(getattr(value, f.name))
                                 for f in dataclasses.fields(value)]}
    if isinstance(value, tuple):
        return {"@t": [_tree(v) for v in value]}
    if isinstance(value, frozenset):
        return {"@s": sorted(_tree(v) for v in value)}
    if isinstance(value, list):
        return [_tree(v) for v in value]
    if isinstance(value, dict):
        return {"@d": [[_tree(k), _tree(v)] for k, v in value.items()]}
    raise TypeError(f"{type(value).__name__} cannot go into the cache")


def _untree(value: Any) -> Any:
    """The inverse of :func:`_tree`; only the classes named in ``_CLASSES`` are built."""
    if isinstance(value, list):
        return [_untree(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "@" in value:
        return _CLASSES[value["@"]](*[_untree(v) for v in value["f"]])
    if "@t" in value:
        return tuple(_untree(v) for v in value["@t"])
    if "@s" in value:
        return frozenset(_untree(v) for v in value["@s"])
    return {_untree(k): _untree(v) for k, v in value["@d"]}


def encode_dataset(dataset: Dataset) -> str:
    """The dataset as one JSON document (its warnings and vocabulary included)."""
    files = _Files()
    body = {
        "version": _VERSION,
        "folder": str(dataset.folder),
        "title": dataset.title,
        "vocabulary": _tree(dataset.vocabulary),
        "stories": _tree(dataset.stories),
        "settings": _tree(dataset.settings),
        "sources": _rows(dataset.sources.values(), _SOURCE, files),
        "entities": _rows(dataset.entities.values(), _ENTITY, files),
        "claims": _rows(dataset.claims, _CLAIM, files),
        "warnings": _tree(dataset.warnings),
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
            row[evidence_at] = tuple([
                _new(Evidence, {"source": s, "lines": tuple(map(tuple, lines)), "note": note,
                                "line": line})
                for s, lines, note, line in row[evidence_at]])
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
    return Dataset(Path(body["folder"]), _untree(body["vocabulary"]),
                   {s.id: s for s in sources}, {e.id: e for e in entities}, claims,
                   _untree(body["warnings"]), title=body["title"],
                   stories=_untree(body["stories"]), settings=_untree(body["settings"]))
