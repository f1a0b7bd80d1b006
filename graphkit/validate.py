"""Check the three data files and turn them into records, collecting every issue.

Pure functions: raw values from :mod:`graphkit.yamlsource` in, records and issues out.
Nothing stops at the first problem: a researcher fixing a file wants the whole list,
sorted by file and line.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.dates import PartialDate, parse_partial_date
from graphkit.issues import Issue
from graphkit.model import Claim, Entity, Evidence, Scalar, Source
from graphkit.nameindex import NameIndex
from graphkit.safefile import unsafe_name
from graphkit.text import CONTROL_CHARS, fold
from graphkit.vocab import Vocabulary
from graphkit.yamlsource import Mark, YList, YMap

__all__ = ["Checker", "check_sources", "check_entities", "check_claims", "check_documents",
           "Checked", "EntityIndex", "refer", "typed_value"]

# Patterns end in \Z, not $ (which also accepts a final newline: "person\n"), and
# digits are [0-9], not \d (which also matches "٧", read by int() as 7).
ENTITY_ID = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")
CLAIM_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*\Z")
COUNTRY = re.compile(r"^[A-Z]{2}\Z")
_INT = re.compile(r"^[+-]?[0-9]+\Z")
_FLOAT = re.compile(r"^[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?\Z")
_LINE = re.compile(r"^[0-9]{1,9}\Z")  # a line number: at most 999,999,999
_RANGE = re.compile(r"^\s*([0-9]{1,9})\s*[-–]\s*([0-9]{1,9})\s*\Z")
_ATTRIBUTE_KEY = re.compile(r"^[A-Za-z_][\w-]*\Z")
#: Attribute integers must fit in 64 bits: GraphML's and GEXF's long, Java's, SQL's.
_INT64 = 2**63

SOURCE_FIELDS = {"id", "title", "author", "publisher", "date", "url", "archive", "note"}
ENTITY_FIELDS = {"id", "name", "type", "aliases", "description", "country", "sources", "date",
                 "start", "end", "url"}
CLAIM_FIELDS = {"id", "source", "target", "relation", "date", "start", "end", "status",
                "claimed_by", "attributes", "evidence"}
EVIDENCE_FIELDS = {"source", "lines", "note"}


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` — did you mean 'x'?`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


@dataclass
class Checker:
    """Collects issues for one file, with helpers that read typed values from mappings."""

    file: str
    issues: list[Issue] = field(default_factory=list)

    def add(self, code: str, message: str, mark: Mark | None, hint: str = "",
            severity: str = "error", loc: tuple[Any, ...] = ()) -> None:
        line, column = (mark.line, mark.column) if mark else (0, 0)
        self.issues.append(Issue(code, message, self.file, line, column, severity,  # type: ignore[arg-type]
                                 hint, loc))

    def text(self, item: YMap, key: str, loc: tuple[Any, ...], required: bool = False) -> str | None:
        """A scalar string field; lists, mappings and control characters are issues."""
        value = item.get(key)
        mark = item.mark_of(key)
        if value is None:
            if required:
                if key in item:
                    self.add("empty-value", f"'{key}' is empty", mark, f"give '{key}' a value",
                             loc=loc + (key,))
                else:
                    self.add("missing-field", f"'{key}' is missing", item.mark,
                             f"add `{key}:` to this item", loc=loc + (key,))
            return None
        if isinstance(value, (YMap, YList)):
            shape = "a mapping" if isinstance(value, YMap) else "a list"
            self.add("wrong-shape", f"'{key}' must be a single value, not {shape}", mark,
                     "write one value (quote it if it contains ': ' or starts with [ or {)",
                     loc=loc + (key,))
            return None
        if CONTROL_CHARS.search(value):
            self.add("control-character", f"'{key}' contains invisible control characters",
                     mark, "they were removed; delete them from the file", severity="warning",
                     loc=loc + (key,))
            value = CONTROL_CHARS.sub("", value)
        value = value.strip()  # after the removal: "\x1b\nRoza" is "Roza", as written again
        if not value:  # an optional text left blank is no text, as in an empty cell
            if required:
                self.add("empty-value", f"'{key}' is empty", mark, f"give '{key}' a value",
                         loc=loc + (key,))
            return None
        return value

    def text_list(self, item: YMap, key: str, loc: tuple[Any, ...]) -> list[tuple[str, Mark]]:
        """A list of strings (a single string is accepted as a list of one)."""
        value = item.get(key)
        mark = item.mark_of(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [(value.strip(), mark)] if value.strip() else []
        if not isinstance(value, YList):
            self.add("wrong-shape", f"'{key}' must be a list", mark,
                     f"write `{key}: [a, b]`", loc=loc + (key,))
            return []
        result = []
        for index, element in enumerate(value):
            emark = value.mark_of(index)
            if element is None:
                continue
            if not isinstance(element, str):
                self.add("wrong-shape", f"item {index + 1} of '{key}' must be a single value",
                         emark, loc=loc + (key, index))
                continue
            cleaned = CONTROL_CHARS.sub("", element).strip()
            if cleaned != element.strip():
                self.add("control-character", f"'{key}' contains invisible control characters",
                         emark, "they were removed; delete them from the file",
                         severity="warning", loc=loc + (key, index))
            if cleaned:
                result.append((cleaned, emark))
        return result

    def date(self, item: YMap, key: str, loc: tuple[Any, ...]) -> PartialDate | None:
        """An ISO partial date field."""
        value = self.text(item, key, loc)
        if value is None:
            return None
        try:
            return parse_partial_date(value)
        except ValueError as exc:
            self.add("bad-date", str(exc), item.mark_of(key),
                     "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2011-12-16", loc=loc + (key,))
            return None

    def unknown_fields(self, item: YMap, allowed: set[str], what: str,
                       loc: tuple[Any, ...]) -> None:
        for key in item:
            if key not in allowed:
                hint = suggest(key, allowed) or "allowed fields: " + ", ".join(sorted(allowed))
                self.add("unknown-field", f"unknown field '{key}' in {what}",
                         item.key_marks.get(key, item.mark), hint, loc=loc + (key,))

    def items(self, doc: Any, what: str) -> list[tuple[int, YMap]]:
        """The mappings of a top-level list; other shapes are issues."""
        if doc is None:
            return []
        if not isinstance(doc, YList):
            mark = doc.mark if isinstance(doc, YMap) else None
            self.add("wrong-shape", f"the file must be a list of {what}", mark,
                     "start each item with `- `")
            return []
        result = []
        for index, item in enumerate(doc):
            if not isinstance(item, YMap):
                self.add("wrong-shape", f"item {index + 1} must be a mapping of fields",
                         doc.mark_of(index), "write `- id: ...` with fields below it",
                         loc=(index,))
                continue
            result.append((index, item))
        return result

    def span(self, item: YMap, start: PartialDate | None, end: PartialDate | None,
             loc: tuple[Any, ...]) -> None:
        if start and end and end.last_day() < start.first_day():
            self.add("bad-span", f"end {end} is before start {start}", item.mark_of("end"),
                     "swap start and end", loc=loc + ("end",))


def _check_id(checker: Checker, item: YMap, pattern: re.Pattern[str], loc: tuple[Any, ...],
              seen: dict[str, int], what: str, required: bool = True) -> str | None:
    ident = checker.text(item, "id", loc, required=required)
    if ident is None:
        return None
    mark = item.mark_of("id")
    if not pattern.match(ident):
        fixed = re.sub(r"[^a-z0-9-]+", "-", fold(ident)).strip("-")
        checker.add("bad-id", f"{what} id '{ident}' is not a lowercase slug", mark,
                    f"use lowercase letters, digits and hyphens, e.g. '{fixed}'", loc=loc + ("id",))
        return None
    if ident in seen:
        checker.add("duplicate-id", f"{what} id '{ident}' is already used on line {seen[ident]}",
                    mark, "give each item its own id, or merge the two", loc=loc + ("id",))
        return None
    seen[ident] = mark.line
    return ident


def check_sources(doc: Any, file: str) -> tuple[dict[str, Source], list[Issue]]:
    """Read sources.yaml."""
    checker = Checker(file)
    sources: dict[str, Source] = {}
    seen: dict[str, int] = {}
    for index, item in checker.items(doc, "sources"):
        loc = (index,)
        checker.unknown_fields(item, SOURCE_FIELDS, "a source", loc)
        ident = _check_id(checker, item, ENTITY_ID, loc, seen, "source")
        title = checker.text(item, "title", loc, required=True)
        source = Source(
            id=ident or "", title=title or "", author=checker.text(item, "author", loc),
            publisher=checker.text(item, "publisher", loc), date=checker.date(item, "date", loc),
            url=checker.text(item, "url", loc), archive=_archive_name(checker, item, loc),
            note=checker.text(item, "note", loc), file=file, line=item.mark.line)
        if ident and title:
            sources[ident] = source
    return sources, checker.issues


def _archive_name(checker: Checker, item: YMap, loc: tuple[Any, ...]) -> str | None:
    """``archive:``, a file name inside the archive folder: never a way out of it."""
    name = checker.text(item, "archive", loc)
    why = unsafe_name(name) if name is not None else None
    if why:
        checker.add("path-outside", f"'archive' ('{name}') leads outside the archive folder: "
                    f"{why}", item.mark_of("archive"),
                    "write the file's name inside the --archive folder, e.g. 004_report.txt",
                    loc=loc + ("archive",))
        return None
    return name


class EntityIndex:
    """Find the entity a claim refers to: by id, or by a name or alias (case- and
    accent-insensitive), through the shared :class:`~graphkit.nameindex.NameIndex`.

    Data references are held to the exact rules (id, folded name); the looser ones
    (word by word, transliteration) only suggest what a broken reference meant.
    ``file`` is entities.yaml and ``items`` the number of items it holds, for saying
    why there is nothing to refer to.
    """

    def __init__(self, entities: dict[str, Entity], file: str = "", items: int = 0) -> None:
        self.entities = entities
        self.file = file
        self.items = items
        self.names = NameIndex((e.id, e.name, e.aliases) for e in entities.values())

    def resolve(self, reference: str) -> tuple[str | None, list[str]]:
        """(entity id, []) when the reference is unique, else (None, candidates)."""
        match = self.names.exact(reference)
        if match.unique:
            return match.unique, []
        return None, list(match.ids)

    def suggestion(self, reference: str) -> str:
        """The hint for a reference that names no entity."""
        close = self.names.suggestion(reference)
        return f"did you mean '{close}'?" if close else "use an entity id, name or alias"


def check_entities(doc: Any, file: str, vocab: Vocabulary, source_ids: set[str] | None
                   ) -> tuple[dict[str, Entity], list[Issue]]:
    """Read entities.yaml; check types, ids, aliases, countries and source references.

    ``source_ids`` None means sources.yaml could not be read: references are kept unchecked.
    """
    checker = Checker(file)
    entities: dict[str, Entity] = {}
    seen: dict[str, int] = {}
    names = NameIndex()  # to find namesakes as they are read
    lines: dict[str, int] = {}
    for index, item in checker.items(doc, "entities"):
        loc = (index,)
        checker.unknown_fields(item, ENTITY_FIELDS, "an entity", loc)
        ident = _check_id(checker, item, ENTITY_ID, loc, seen, "entity")
        name = checker.text(item, "name", loc, required=True)
        kind = checker.text(item, "type", loc, required=True)
        if kind is not None and kind not in vocab.types:
            checker.add("unknown-type", f"type '{kind}' is not in the vocabulary",
                        item.mark_of("type"),
                        (suggest(kind, vocab.types) or "types: " + ", ".join(vocab.types))
                        + " (`graphkit vocab` lists every type)",
                        loc=loc + ("type",))
            kind = None
        country = checker.text(item, "country", loc)
        if country is not None and not COUNTRY.match(country):
            checker.add("bad-country", f"country '{country}' is not an ISO 3166 alpha-2 code",
                        item.mark_of("country"), "write two capital letters, e.g. KZ",
                        loc=loc + ("country",))
            country = None
        sources = []
        for ref, mark in checker.text_list(item, "sources", loc):
            if source_ids is not None and ref not in source_ids:
                checker.add("unknown-source", f"source '{ref}' is not in sources.yaml", mark,
                            suggest(ref, source_ids) or "add it to sources.yaml",
                            loc=loc + ("sources",))
            else:
                sources.append(ref)
        aliases = []
        for alias, _mark in checker.text_list(item, "aliases", loc):
            if alias != name and alias not in aliases:
                aliases.append(alias)
        if ident and name and kind:
            for label, others in names.add(ident, name, aliases):
                field_name = "aliases" if label in aliases else "name" if label == name else "id"
                where = ", ".join(f"'{o}' (line {lines[o]})" for o in others)
                checker.add("alias-collision", f"'{label}' of '{ident}' also names {where}",
                            item.mark_of(field_name),
                            "namesakes are allowed, but a claim must name each by its id; "
                            "if they are one actor, merge them (`graphkit lint`)",
                            severity="warning", loc=loc + (field_name,))
            lines[ident] = item.mark.line
            start, end = checker.date(item, "start", loc), checker.date(item, "end", loc)
            checker.span(item, start, end, loc)
            entities[ident] = Entity(
                id=ident, name=name, type=kind, aliases=tuple(aliases),
                description=checker.text(item, "description", loc), country=country,
                sources=tuple(sources), date=checker.date(item, "date", loc), start=start, end=end,
                url=checker.text(item, "url", loc), file=file, line=item.mark.line)
    return entities, checker.issues


def typed_value(value: str) -> Scalar:
    """How an unquoted attribute value is read: an int, a float, a bool or the text.

    >>> [typed_value(v) for v in ("7", "007", "2.5", "1e3", "true", "yes", "NO")]
    [7, 7, 2.5, 1000.0, True, 'yes', 'NO']
    """
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if value in ("true", "false"):
        return value == "true"
    return value


def _scalar(value: str, plain: bool) -> Scalar:
    """Typed attribute value: numbers and true/false only when written unquoted."""
    return typed_value(value) if plain else value


def _attribute(checker: Checker, key: str, value: str, mark: Mark, loc: tuple[Any, ...]
               ) -> Scalar | None:
    """An attribute's typed value; control characters and unholdable numbers are issues."""
    if CONTROL_CHARS.search(value):
        checker.add("control-character", f"attribute '{key}' contains invisible control "
                    "characters", mark, "they were removed; delete them from the file",
                    severity="warning", loc=loc)
        value = CONTROL_CHARS.sub("", value)
    if mark.plain and _INT.match(value):
        digits = len(value.lstrip("+-"))
        if digits > 19 or not -_INT64 <= int(value) < _INT64:  # int() of 4,301 digits raises
            checker.add("bad-number", f"attribute '{key}' is an integer of {digits:,} digits, "
                        "beyond the 64-bit range every export can hold", mark,
                        "quote it to keep it as text", loc=loc)
            return None
    typed = _scalar(value, mark.plain)
    if isinstance(typed, float) and not math.isfinite(typed):
        checker.add("bad-number", f"attribute '{key}' is too large for a floating-point "
                    "number", mark, "quote it to keep it as text", loc=loc)
        return None
    return typed


def _lines(checker: Checker, value: Any, mark: Mark, loc: tuple[Any, ...]
           ) -> tuple[tuple[int, int], ...]:
    items: list[tuple[Any, Mark]]
    if isinstance(value, YList):
        items = [(v, value.mark_of(i)) for i, v in enumerate(value)]
    elif isinstance(value, str):
        items = [(part, mark) for part in value.split(",")]
    else:
        checker.add("wrong-shape", "'lines' must be a list of line numbers or ranges", mark,
                    "write e.g. lines: [49, \"51-53\"]", loc=loc)
        return ()
    result = []
    for element, emark in items:
        text = element.strip() if isinstance(element, str) else None
        if text and _LINE.match(text) and int(text) >= 1:
            result.append((int(text), int(text)))
            continue
        match = _RANGE.match(text or "")
        if match and 1 <= int(match.group(1)) <= int(match.group(2)):
            result.append((int(match.group(1)), int(match.group(2))))
            continue
        checker.add("bad-lines", f"'{element}' is not a line number or range", emark,
                    "write a positive number or a range such as \"51-53\"", loc=loc)
    return tuple(result)


def check_claims(doc: Any, file: str, vocab: Vocabulary, index: EntityIndex,
                 source_ids: set[str] | None) -> tuple[list[Claim], list[Issue]]:
    """Read edges.yaml; resolve endpoints and check the vocabulary, dates and evidence."""
    checker = Checker(file)
    explicit: dict[str, int] = {}
    pending: list[tuple[str | None, dict[str, Any]]] = []
    dangling: list[str] = []  # references made while there is no entity to refer to
    for position, item in checker.items(doc, "claims"):
        loc = (position,)
        checker.unknown_fields(item, CLAIM_FIELDS, "a claim", loc)
        ident = _check_id(checker, item, CLAIM_ID, loc, explicit, "claim", required=False)
        ends: dict[str, Entity | None] = {}
        for side in ("source", "target"):
            ref = checker.text(item, side, loc, required=True)
            ends[side] = None
            if ref is None:
                continue
            found = refer(checker, index, side, ref, item.mark_of(side), loc + (side,), dangling)
            ends[side] = index.entities[found] if found else None
        relation = checker.text(item, "relation", loc, required=True)
        rel = vocab.relations.get(relation) if relation else None
        if relation and rel is None:
            checker.add("unknown-relation", f"relation '{relation}' is not in the vocabulary",
                        item.mark_of("relation"), _relation_hint(relation, vocab),
                        loc=loc + ("relation",))
        source, target = ends["source"], ends["target"]
        if source and target and source.id == target.id:
            checker.add("self-loop", f"'{source.id}' is linked to itself",
                        item.mark_of("target"), "check source and target", severity="warning",
                        loc=loc + ("target",))
        if rel and source and target:
            ok = source.type in rel.source_types and target.type in rel.target_types
            if not ok and not rel.directed:
                ok = target.type in rel.source_types and source.type in rel.target_types
            if not ok:
                side, entity, allowed = (
                    ("source", source, rel.source_types)
                    if source.type not in rel.source_types else ("target", target, rel.target_types))
                checker.add("endpoint-type",
                            f"'{rel.key}' does not allow a {entity.type} ('{entity.id}') as its {side}",
                            item.mark_of(side),
                            "allowed: " + ", ".join(sorted(allowed)) + "; or pick another relation",
                            loc=loc + (side,))
        status = checker.text(item, "status", loc) or "confirmed"
        if status not in vocab.statuses:
            checker.add("unknown-status", f"status '{status}' is not known",
                        item.mark_of("status"), suggest(status, vocab.statuses)
                        or "use " + ", ".join(vocab.statuses), loc=loc + ("status",))
        claimed_by = []
        for ref, mark in checker.text_list(item, "claimed_by", loc):
            found = refer(checker, index, "claimed_by", ref, mark, loc + ("claimed_by",),
                          dangling)
            if found:
                claimed_by.append(found)
        attributes: dict[str, Scalar] = {}
        raw_attrs = item.get("attributes")
        if raw_attrs is not None:
            if not isinstance(raw_attrs, YMap):
                checker.add("wrong-shape", "'attributes' must be a mapping of names to values",
                            item.mark_of("attributes"), "write e.g. attributes: {years: 7}",
                            loc=loc + ("attributes",))
            else:
                for key, value in raw_attrs.items():
                    mark = raw_attrs.mark_of(key)
                    if value is None:
                        continue
                    if isinstance(value, (YMap, YList)) or not _ATTRIBUTE_KEY.match(key):
                        checker.add("wrong-shape", f"attribute '{key}' must be a name with one value",
                                    mark, "attributes hold single values (text, numbers, true/false)",
                                    loc=loc + ("attributes", key))
                        continue
                    typed = _attribute(checker, key, value, mark, loc + ("attributes", key))
                    if typed is not None:
                        attributes[key] = typed
        evidence = _evidence(checker, item, loc, source_ids)
        date = checker.date(item, "date", loc)
        start, end = checker.date(item, "start", loc), checker.date(item, "end", loc)
        checker.span(item, start, end, loc)
        if source and target and rel and status in vocab.statuses:
            pending.append((ident, dict(
                source=source.id, target=target.id, relation=rel.key, status=status,
                date=date, start=start, end=end, claimed_by=tuple(claimed_by),
                attributes=attributes, evidence=evidence, file=file, line=item.mark.line)))
    claims = []
    used = set(explicit)
    for ident, fields in pending:
        derived = ident is None
        if ident is None:
            base = f"{fields['source']}.{fields['relation']}.{fields['target']}"
            ident, n = base, 1
            while ident in used:
                n += 1
                ident = f"{base}.{n}"
            used.add(ident)
        claims.append(Claim(id=ident, derived_id=derived, **fields))
    if dangling:
        checker.issues.append(_no_entities(index, file, dangling))
    return claims, checker.issues


@dataclass
class Checked:
    """The records of a case's three documents, the name index, and every issue."""

    sources: dict[str, Source]
    entities: dict[str, Entity]
    claims: list[Claim]
    index: EntityIndex | None      # None when the entities could not be read
    issues: list[Issue]


def check_documents(docs: dict[str, Any], files: dict[str, str], vocab: Vocabulary,
                    unreadable: Collection[str] = ()) -> Checked:
    """Check the three documents of a case, keyed ``sources``, ``entities``, ``claims``.

    ``files`` names each document in messages; a document named in ``unreadable`` could
    not be read (its issues are already reported): references into it are not checked,
    since every one of them would be reported as unknown, burying the one real problem.
    Whatever the documents were read from (YAML files, spreadsheet sheets), the same
    checks run and the same issues come out.
    """
    issues: list[Issue] = []
    sources, found = check_sources(docs["sources"], files["sources"])
    issues += found
    source_ids = None if "sources" in unreadable else set(sources)
    entities, found = check_entities(docs["entities"], files["entities"], vocab, source_ids)
    issues += found
    claims: list[Claim] = []
    index = None
    if "entities" not in unreadable:
        items = docs["entities"]
        index = EntityIndex(entities, files["entities"],
                            len(items) if isinstance(items, list) else 0)
        claims, found = check_claims(docs["claims"], files["claims"], vocab, index, source_ids)
        issues += found
    return Checked(sources, entities, claims, index, issues)


def refer(checker: Checker, index: EntityIndex, what: str, ref: str, mark: Mark,
          loc: tuple[Any, ...], dangling: list[str] | None = None) -> str | None:
    """The id a reference to an entity names, or None with the issue explaining why:
    no such entity (with a suggestion), or several (namesakes, listed).

    Given ``dangling``, a reference made while there is no entity at all (an empty
    entities.yaml) is collected there instead, for the caller to report once.
    """
    found, candidates = index.resolve(ref)
    if found:
        return found
    if dangling is not None and not index.entities:
        dangling.append(ref)
    elif candidates:
        checker.add("unknown-entity", f"{what} '{ref}' matches several entities: "
                    + ", ".join(candidates), mark,
                    "use the entity id (namesakes share this name)", loc=loc)
    else:
        checker.add("unknown-entity", f"{what} '{ref}' is not an entity", mark,
                    index.suggestion(ref), loc=loc)
    return None


def _no_entities(index: EntityIndex, claims_file: str, dangling: list[str]) -> Issue:
    """One issue for every reference made into an entities.yaml that holds none."""
    names = list(dict.fromkeys(dangling))
    shown = ", ".join(f"'{n}'" for n in names[:5]) + (", ..." if len(names) > 5 else "")
    where = index.file or "entities.yaml"
    state = (f"none of its {index.items} item(s) is a valid entity (see its errors)" if index.items
             else "it holds no entities")
    return Issue("no-entities",
                 f"{Path(where).name}: {state}, so the {len(dangling)} reference(s) of "
                 f"{Path(claims_file).name} to {len(names)} actor(s) ({shown}) name nothing",
                 where, hint="add the actors to entities.yaml (id, name, type)"
                 + ("" if index.items else ", or check that it is the file you meant to save"))


def _relation_hint(relation: str, vocab: Vocabulary) -> str:
    """What an unknown relation probably meant: a relation, or one read backwards."""
    guess = vocab.guess_relation(relation)
    more = "`graphkit vocab` lists every relation"
    if guess is None:
        return f"add it to vocabulary.yaml, or use one in force ({more})"
    key, swapped = guess
    if swapped:
        inverse = vocab.relations[key].inverse
        return (f"did you mean '{key}' with source and target swapped? ('B {inverse} A' "
                f"is written 'A {key} B'; {more})")
    return f"did you mean '{key}'? ({more})"


def _evidence(checker: Checker, item: YMap, loc: tuple[Any, ...], source_ids: set[str] | None
              ) -> tuple[Evidence, ...]:
    raw = item.get("evidence")
    if raw is None:
        checker.add("missing-evidence", "the claim has no evidence", item.mark,
                    "add `evidence: [{source: <source id>, lines: [..], note: ..}]`",
                    loc=loc + ("evidence",))
        return ()
    if isinstance(raw, YMap):
        raw_list: list[tuple[Any, Mark]] = [(raw, raw.mark)]
    elif isinstance(raw, YList):
        raw_list = [(v, raw.mark_of(i)) for i, v in enumerate(raw)]
    else:
        checker.add("wrong-shape", "'evidence' must be a list of {source, lines, note} items",
                    item.mark_of("evidence"), loc=loc + ("evidence",))
        return ()
    result = []
    for number, (element, mark) in enumerate(raw_list):
        eloc = loc + ("evidence", number)
        if not isinstance(element, YMap):
            checker.add("wrong-shape", "an evidence item must be a mapping with 'source'", mark,
                        "write `- source: <source id>`", loc=eloc)
            continue
        checker.unknown_fields(element, EVIDENCE_FIELDS, "an evidence item", eloc)
        ref = checker.text(element, "source", eloc, required=True)
        if ref is None:
            continue
        if source_ids is not None and ref not in source_ids:
            checker.add("unknown-source", f"evidence source '{ref}' is not in sources.yaml",
                        element.mark_of("source"), suggest(ref, source_ids)
                        or "add it to sources.yaml", loc=eloc + ("source",))
            continue
        lines: tuple[tuple[int, int], ...] = ()
        if element.get("lines") is not None:
            lines = _lines(checker, element["lines"], element.mark_of("lines"), eloc + ("lines",))
        result.append(Evidence(ref, lines, checker.text(element, "note", eloc), mark.line))
    if not result and not any(i.code in ("unknown-source", "wrong-shape", "missing-field")
                              and i.loc[:2] == loc + ("evidence",) for i in checker.issues):
        checker.add("missing-evidence", "the claim has no evidence", item.mark_of("evidence"),
                    "add at least one item naming a source", loc=loc + ("evidence",))
    return tuple(result)

