"""The ``ftm`` section of the vocabulary: how a case's types and relations become
FollowTheMoney (FtM) schemata.

Which FtM schema an entity type or a relation becomes depends on the case (one case's
``media`` are outlets, another's are films), so the mapping is data, beside the types and
relations it maps. This module reads and checks its *shape* only: that every entry names
a type or relation of the vocabulary and looks like a schema or property name. Whether
``Persn`` is a schema of the installed followthemoney, or ``owner`` a property of
``Ownership``, is checked by the FtM exporter (``graphkit.export.ftm``) against the model
itself, with the same ``file:line`` places: importing followthemoney takes a second, which
every other command should not pay.

Unlike the other sections, an ``ftm`` entry of a data folder's vocabulary.yaml replaces
the default entry as a whole: a relation mapped to ``UnknownLink`` must not inherit the
``source: asset`` of the default's ``Ownership``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graphkit.issues import Issue
from graphkit.yamlsource import YMap

__all__ = ["FtmType", "FtmRelation", "FtmMapping", "read_ftm_layer", "resolve_ftm"]

_SCHEMA = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_PROPERTY = re.compile(r"^[a-z][A-Za-z0-9]*$")
_TYPE_FIELDS = {"schema", "date", "start", "end"}
_RELATION_FIELDS = {"schema", "source", "target", "attributes"}
_SECTION_FIELDS = {"sources", "types", "relations"}

#: Where an entry was declared: file, line, column (for messages).
Place = tuple[str, int, int]
_NOWHERE: Place = ("vocabulary", 0, 0)


@dataclass(frozen=True)
class FtmType:
    """An entity type as an FtM schema; ``date``/``start``/``end`` name the schema's
    date properties that receive the actor's dates (None: the schema's own ``date``,
    ``startDate``, ``endDate`` when it has them)."""

    key: str
    schema: str
    date: str | None = None
    start: str | None = None
    end: str | None = None
    place: Place = field(default=_NOWHERE, compare=False)


@dataclass(frozen=True)
class FtmRelation:
    """A relation as an FtM schema.

    For an interval schema (Membership, Ownership, ...), ``source`` and ``target`` name
    the properties that receive the claim's source and target actors (None: the
    schema's own edge, e.g. ``member`` → ``organization``). For ``CourtCase`` they are
    the roles of the two CourtCaseParty entities (``court``, ``defendant``).
    ``attributes`` maps claim attributes to properties (``share`` → ``percentage``).
    """

    key: str
    schema: str
    source: str | None = None
    target: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()
    place: Place = field(default=_NOWHERE, compare=False)


@dataclass(frozen=True)
class FtmMapping:
    """The whole ``ftm`` section: the schema of sources, and the type and relation maps.

    Types without an entry become ``LegalEntity``; relations without one ``UnknownLink``.
    """

    sources: str = "Article"
    types: dict[str, FtmType] = field(default_factory=dict)
    relations: dict[str, FtmRelation] = field(default_factory=dict)
    sources_place: Place = field(default=_NOWHERE, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, for ``graphkit vocab --format json`` and graph.json."""
        def drop_none(d: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in d.items() if v not in (None, {}, ())}

        return {
            "sources": self.sources,
            "types": {k: drop_none({"schema": t.schema, "date": t.date, "start": t.start,
                                    "end": t.end}) for k, t in self.types.items()},
            "relations": {k: drop_none({"schema": r.schema, "source": r.source,
                                        "target": r.target,
                                        "attributes": dict(r.attributes)})
                          for k, r in self.relations.items()},
        }


def read_ftm_layer(doc: Any, name: str, section_mark: Any, merged: dict[str, Any],
                   issues: list[Issue]) -> None:
    """Merge one layer's ``ftm`` section into ``merged`` (entries replace whole ones).

    ``merged`` holds ``sources`` (value, place) and ``types``/``relations`` maps of
    key -> (raw spec, place).
    """
    if doc is None:
        return
    if not isinstance(doc, YMap):
        issues.append(Issue("wrong-shape", "'ftm' must be a mapping with sources, types "
                            "and relations", name, section_mark.line, section_mark.column))
        return
    for part, entries in doc.items():
        mark = doc.mark_of(part)
        if part not in _SECTION_FIELDS:
            mark = doc.key_marks.get(part) or mark
            issues.append(Issue("unknown-field", f"unknown ftm field '{part}'", name,
                                mark.line, mark.column,
                                hint="ftm holds " + ", ".join(sorted(_SECTION_FIELDS))))
            continue
        if part == "sources":
            merged["sources"] = (entries, (name, mark.line, mark.column))
            continue
        if entries is None:
            continue
        if not isinstance(entries, YMap):
            issues.append(Issue("wrong-shape", f"ftm '{part}' must be a mapping of keys",
                                name, mark.line, mark.column))
            continue
        for key, spec in entries.items():
            m = entries.mark_of(key)
            merged[part][key] = (spec, (name, m.line, m.column))


def resolve_ftm(merged: dict[str, Any], type_keys: set[str], relation_keys: set[str],
                issues: list[Issue]) -> FtmMapping:
    """Check the merged section's shape and build the mapping."""

    def problem(place: Place, message: str, hint: str = "") -> None:
        issues.append(Issue("vocabulary", message, place[0], place[1], place[2], hint=hint))

    def name_of(value: Any, pattern: re.Pattern[str], what: str, place: Place,
                hint: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, str) and pattern.match(value):
            return value
        kind = "schema" if pattern is _SCHEMA else "property"
        problem(place, f"{what} '{value}' is not an FtM {kind} name", hint)
        return None

    schema_hint = "an FtM schema name such as Person, Organization, Membership"
    property_hint = "an FtM property name such as member, startDate"

    def spec_fields(spec: Any, allowed: set[str], what: str, place: Place) -> dict | None:
        if isinstance(spec, str):
            return {"schema": spec}
        if not isinstance(spec, YMap):
            problem(place, f"{what} must be a schema name or a mapping with 'schema'")
            return None
        unknown = sorted(set(spec) - allowed)
        if unknown:
            problem(place, f"{what} has unknown field(s): {', '.join(unknown)}",
                    "allowed: " + ", ".join(sorted(allowed)))
        if "schema" not in spec:
            problem(place, f"{what} has no 'schema'", schema_hint)
            return None
        return dict(spec)

    sources = "Article"
    sources_place = _NOWHERE
    if "sources" in merged:
        raw, sources_place = merged["sources"]
        sources = name_of(raw, _SCHEMA, "ftm sources schema", sources_place,
                          "a Document schema such as Article or Document") or "Article"

    types: dict[str, FtmType] = {}
    for key, (spec, place) in merged["types"].items():
        what = f"ftm type '{key}'"
        if key not in type_keys:
            problem(place, f"{what} is not an entity type of the vocabulary",
                    "map a type declared under types:")
            continue
        fields = spec_fields(spec, _TYPE_FIELDS, what, place)
        if fields is None:
            continue
        schema = name_of(fields.get("schema"), _SCHEMA, f"{what}: schema", place, schema_hint)
        dates = {side: name_of(fields.get(side), _PROPERTY, f"{what}: {side}", place,
                               "an FtM date property such as birthDate")
                 for side in ("date", "start", "end")}
        if schema:
            types[key] = FtmType(key, schema, dates["date"], dates["start"], dates["end"],
                                 place)

    relations: dict[str, FtmRelation] = {}
    for key, (spec, place) in merged["relations"].items():
        what = f"ftm relation '{key}'"
        if key not in relation_keys:
            problem(place, f"{what} is not a relation of the vocabulary",
                    "map a relation declared under relations:")
            continue
        fields = spec_fields(spec, _RELATION_FIELDS, what, place)
        if fields is None:
            continue
        schema = name_of(fields.get("schema"), _SCHEMA, f"{what}: schema", place, schema_hint)
        ends = {}
        for side in ("source", "target"):
            value = fields.get(side)
            if value is not None and not (isinstance(value, str) and value.strip()):
                problem(place, f"{what}: {side} must be a property name or a role")
                value = None
            ends[side] = value
        attributes: list[tuple[str, str]] = []
        raw_attributes = fields.get("attributes")
        if raw_attributes is not None:
            if not isinstance(raw_attributes, YMap):
                problem(place, f"{what}: attributes must map attribute names to properties",
                        "write e.g. attributes: {share: percentage}")
            else:
                for attribute, prop in raw_attributes.items():
                    checked = name_of(prop, _PROPERTY, f"{what}: attribute '{attribute}'",
                                      place, property_hint)
                    if checked:
                        attributes.append((str(attribute), checked))
        if schema:
            relations[key] = FtmRelation(key, schema, ends["source"], ends["target"],
                                         tuple(attributes), place)
    return FtmMapping(sources, types, relations, sources_place)
