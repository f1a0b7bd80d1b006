"""FollowTheMoney (FtM) entities as line-delimited JSON, for Aleph, OpenAleph and ``ftm``.

One ``{"id", "schema", "properties"}`` object per line, every property a list of
strings: what ``alephclient write-entities``, ``ftm validate`` and the rest of the FtM
tooling read. The vocabulary's ``ftm`` section (``graphkit.vocab.ftm``) says which schema
each entity type and relation becomes:

- every source cited by an exported actor or claim becomes a Document (``Article`` by
  default) with its title, author, publisher, date, URL and archived file name;
- every actor becomes a Thing (Person, Organization, PublicBody, Address, Event...) with
  its name, aliases, description, country and dates, its type's label as ``keywords``
  and its sources as ``proof``;
- every claim becomes an interval (Membership, Ownership, Family...) or, for court
  relations, a CourtCase with two CourtCaseParty entities; a claim whose ends do not fit
  the schema's ranges, or whose relation has no mapping, becomes an ``UnknownLink``. The
  claim's label goes to ``role`` (``relationship`` for Family and Associate), its dates to
  ``date``/``startDate``/``endDate``, its status to ``status``, a sentence with the status
  and claimants to ``summary``, its evidence (cited lines and notes) to ``description``,
  its sources to ``proof`` and its id to ``recordId``.

Why the writer needs the followthemoney library rather than writing the JSON by hand:
the model decides which schema may stand in which property (a Person is a LegalEntity,
an Organization is not an Asset), which properties exist in the installed FtM version, and
how each value is normalised (countries as lowercase ISO codes, names with collapsed
whitespace, invisible joiners removed). Copying those rules would drift from the library
that Aleph and the ``ftm`` tools run; using it makes every line what FtM itself would
produce. Ids use FtM's own ``make_entity_id`` over the case's name, the kind of item and
graphkit's id, so they are stable across runs and unique per case.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphkit.errors import DataError, ExportError
from graphkit.export.atomic import atomic_write
from graphkit.export.flatten import (
    clean_text,
    edge_ids,
    evidence_text,
    flat_value,
    format_scalar,
    node_ids,
)
from graphkit.issues import Issue, sort_issues
from graphkit.vocab import FtmMapping, FtmRelation, Vocabulary

__all__ = ["write_ftm", "ftm_entities", "ftm_id", "INSTALL_HINT", "check_mapping",
           "check_available"]

INSTALL_HINT = ("the ftm export needs the followthemoney library: "
                "pip install 'graphkit[ftm]'")

#: The schema of actors whose type has no mapping, and of claims without a fitting one.
FALLBACK_TYPE = "LegalEntity"
FALLBACK_RELATION = "UnknownLink"
COURT_CASE = "CourtCase"
#: Values up to this length have their FtM cleaning remembered, at most _CACHE_SIZE of them.
_CACHED_LENGTH = 200
_CACHE_SIZE = 200_000
_MISSING = object()


def _followthemoney() -> tuple[Any, Any]:
    """The FtM model and ``make_entity_id``, or a clear error saying how to install them."""
    try:
        from followthemoney import model
        from followthemoney.util import make_entity_id
    except ImportError as exc:
        raise ExportError(INSTALL_HINT) from exc
    return model, make_entity_id


def check_available() -> None:
    """Raise ExportError, saying how to install it, when followthemoney is missing."""
    _followthemoney()


def ftm_id(case: str, kind: str, *key: str) -> str:
    """The FtM id of one item: FtM's ``make_entity_id`` over the case, kind and key.

    The parts are passed as one JSON list because ``make_entity_id`` concatenates its
    arguments without a separator (("ab", "c") and ("a", "bc") would collide).
    """
    _, make_entity_id = _followthemoney()
    return _make_id(make_entity_id, case, kind, *key)


def _make_id(make_entity_id: Any, case: str, *parts: str) -> str:
    return str(make_entity_id(json.dumps([case, *parts], ensure_ascii=False)))


# ------------------------------------------------------------------ the mapping, checked

def _close(name: str, choices: Any) -> str:
    found = difflib.get_close_matches(name, list(choices), n=3)
    return ("did you mean " + ", ".join(found) + "?") if found else ""


def check_mapping(mapping: FtmMapping, model: Any) -> list[Issue]:
    """Problems of the vocabulary's ``ftm`` section against the installed FtM model.

    The vocabulary loader checks the section's shape; only here, with the library
    loaded, can it be told that a schema or property does not exist or cannot hold what
    the mapping puts in it.
    """
    issues: list[Issue] = []

    def problem(place: tuple[str, int, int], message: str, hint: str = "") -> None:
        issues.append(Issue("vocabulary", message, place[0], place[1], place[2], hint=hint))

    def schema_of(name: str, place: tuple[str, int, int], what: str) -> Any:
        schema = model.get(name)
        if schema is None:
            problem(place, f"{what}: '{name}' is not a FollowTheMoney schema",
                    _close(name, model.schemata) or "see `ftm ref` or followthemoney.tech")
        return schema

    sources = schema_of(mapping.sources, mapping.sources_place, "ftm sources")
    if sources is not None and not sources.is_a("Document"):
        problem(mapping.sources_place, f"ftm sources: '{mapping.sources}' is not a Document "
                "schema", "use Document, Article, PlainText, HyperText...")
    for key, spec in mapping.types.items():
        what = f"ftm type '{key}'"
        schema = schema_of(spec.schema, spec.place, what)
        if schema is None:
            continue
        if schema.abstract or not schema.is_a("Thing"):
            problem(spec.place, f"{what}: '{spec.schema}' cannot stand for an actor",
                    "use a concrete Thing schema: Person, Organization, Company, "
                    "PublicBody, LegalEntity, Address, Event...")
        for side in ("date", "start", "end"):
            prop_name = getattr(spec, side)
            if prop_name is None:
                continue
            prop = schema.get(prop_name)
            if prop is None or prop.type.name != "date":
                dates = sorted(n for n, p in schema.properties.items() if p.type.name == "date")
                problem(spec.place, f"{what}: {side} '{prop_name}' is not a date property of "
                        f"{spec.schema}", _close(prop_name, dates) or "its date properties: "
                        + ", ".join(dates))
    for key, rel in mapping.relations.items():
        what = f"ftm relation '{key}'"
        schema = schema_of(rel.schema, rel.place, what)
        if schema is None:
            continue
        if rel.schema != COURT_CASE:
            if schema.abstract or not schema.is_a("Interval"):
                problem(rel.place, f"{what}: '{rel.schema}' is not a relationship schema",
                        "use an interval such as Membership, Ownership, UnknownLink, or "
                        "CourtCase")
                continue
            for side, default in (("source", schema.edge_source), ("target", schema.edge_target)):
                prop_name = getattr(rel, side) or default
                if prop_name is None:
                    problem(rel.place, f"{what}: {rel.schema} has no edge; name the {side} "
                            "property")
                    continue
                prop = schema.get(prop_name)
                if prop is None or prop.type.name != "entity" or prop.stub:
                    refs = sorted(n for n, p in schema.properties.items()
                                  if p.type.name == "entity" and not p.stub)
                    problem(rel.place, f"{what}: {side} '{prop_name}' is not an entity property "
                            f"of {rel.schema}", "its entity properties: " + ", ".join(refs))
        for attribute, prop_name in rel.attributes:
            prop = schema.get(prop_name)
            if prop is None or prop.type.name == "entity" or prop.stub:
                problem(rel.place, f"{what}: attribute '{attribute}' goes to '{prop_name}', "
                        f"which is not a value property of {rel.schema}",
                        _close(prop_name, schema.properties))
    return issues


# ------------------------------------------------------------------------ the entities

def _chunks(text: str, size: int) -> list[str]:
    """``text`` in pieces of at most ``size`` characters, cut between two non-blank
    characters where possible (FtM strips the blanks at the ends of each value)."""
    pieces = []
    while len(text) > size:
        cut = size
        while cut > size // 2 and (text[cut - 1].isspace() or text[cut].isspace()):
            cut -= 1
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return pieces


@dataclass(frozen=True)
class _Resolved:
    """A relation resolved against the model: its schema and the two end properties."""

    schema: Any
    source: str | None
    target: str | None
    attributes: tuple[tuple[str, str], ...]
    court: bool


class _Builder:
    """Turns the graph's sources, nodes and edges into FtM entity proxies."""

    def __init__(self, graph: nx.MultiDiGraph, model: Any, make_entity_id: Any) -> None:
        self.graph = graph
        self.model = model
        self.make_entity_id = make_entity_id
        vocabulary = graph.graph.get("vocabulary")
        self.vocabulary: Vocabulary | None = vocabulary if isinstance(vocabulary, Vocabulary) \
            else None
        self.mapping = self.vocabulary.ftm if self.vocabulary else FtmMapping()
        issues = check_mapping(self.mapping, model)
        if issues:
            raise DataError(sort_issues(issues),
                            f"{len(issues)} error(s) in the vocabulary's ftm section")
        self.case = clean_text(str(graph.graph.get("name") or "graphkit"))
        self.nids = node_ids(graph)
        self.sources: Mapping[str, Any] = graph.graph.get("sources") or {}
        self._ids: dict[tuple[str, ...], str] = {}
        self._relations: dict[str, _Resolved] = {}
        self._fits: dict[tuple[str, str, str], bool] = {}
        self._cleaned: dict[tuple[str, str | None, str], str | None] = {}
        self.node_schema = {node: self._type_schema(attrs.get("type"))
                            for node, attrs in graph.nodes(data=True)}

    # ids -------------------------------------------------------------------------
    def id(self, kind: str, *key: str) -> str:
        """``ftm_id``; the ids of actors and sources, met again and again, are kept."""
        if kind not in ("actor", "source"):
            return _make_id(self.make_entity_id, self.case, kind, *key)
        parts = (kind, *key)
        found = self._ids.get(parts)
        if found is None:
            found = self._ids[parts] = _make_id(self.make_entity_id, self.case, *parts)
        return found

    # schemata ------------------------------------------------------------------
    def _type_schema(self, kind: Any) -> Any:
        spec = self.mapping.types.get(str(kind))
        return self.model.get(spec.schema if spec else FALLBACK_TYPE)

    def _fallback(self) -> _Resolved:
        schema = self.model.get(FALLBACK_RELATION)
        return _Resolved(schema, schema.edge_source, schema.edge_target, (), False)

    def _relation(self, relation: str) -> _Resolved:
        found = self._relations.get(relation)
        if found is None:
            spec: FtmRelation | None = self.mapping.relations.get(relation)
            if spec is None:
                found = self._fallback()
            elif spec.schema == COURT_CASE:
                found = _Resolved(self.model.get(COURT_CASE), spec.source or "party",
                                  spec.target or "party", spec.attributes, True)
            else:
                schema = self.model.get(spec.schema)
                found = _Resolved(schema, spec.source or schema.edge_source,
                                  spec.target or schema.edge_target, spec.attributes, False)
            self._relations[relation] = found
        return found

    def _fits_range(self, schema: Any, prop_name: str, node_schema: Any) -> bool:
        key = (schema.name, prop_name, node_schema.name)
        found = self._fits.get(key)
        if found is None:
            prop = schema.get(prop_name)
            found = prop is not None and prop.range is not None and node_schema.is_a(prop.range)
            self._fits[key] = found
        return found

    # values -------------------------------------------------------------------
    def _clean(self, prop: Any, text: str) -> str | None:
        """``text`` as FtM's ``add`` would clean it for ``prop``, remembered for short
        values: dates, countries, roles and names repeat across a case, and parsing a
        prefix date costs about a millisecond."""
        if len(text) > _CACHED_LENGTH:
            return prop.type.clean(text, format=prop.format)
        key = (prop.type.name, prop.format, text)
        found = self._cleaned.get(key, _MISSING)
        if found is _MISSING:
            if len(self._cleaned) >= _CACHE_SIZE:
                self._cleaned.clear()
            found = self._cleaned[key] = prop.type.clean(text, format=prop.format)
        return found  # type: ignore[return-value]

    def _add(self, proxy: Any, prop_name: str, value: Any) -> None:
        """Add text, a number or each item of a list, as FtM cleans them; skip missing.

        FtM holds a value of at most ``max_length`` characters (384 for a name, 1,024 for
        other strings, 65,000 for text); longer values fail ``ftm`` validation and may
        not fit Aleph's index. Nothing is dropped: a long text is split into several
        values of its property; a long name or string is cut (ending in "…") and kept in
        full in ``notes`` (``description`` for relationships, which have no notes).
        """
        if isinstance(value, (list, tuple, set, frozenset)):
            items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
            for item in items:
                self._add(proxy, prop_name, item)
            return
        flat = flat_value(value)
        if flat is None:
            return
        prop = proxy.schema.properties[prop_name]
        cleaned = self._clean(prop, flat if isinstance(flat, str) else format_scalar(flat))
        if cleaned is None:
            return
        limit = prop.type.max_length
        if len(cleaned) <= limit:
            proxy.add(prop, cleaned, cleaned=True)
        elif prop.type.name in ("text", "html"):
            for chunk in _chunks(cleaned, limit):
                proxy.add(prop, self._clean(prop, chunk), cleaned=True)
        else:
            proxy.add(prop, self._clean(prop, cleaned[:limit - 1] + "…"), cleaned=True)
            keep = "notes" if "notes" in proxy.schema.properties else "description"
            keep_prop = proxy.schema.properties[keep]
            for chunk in _chunks(f"{prop_name} in full: {cleaned}", keep_prop.type.max_length):
                proxy.add(keep_prop, self._clean(keep_prop, chunk), cleaned=True)

    def _label(self, node: Any) -> str:
        label = flat_value(self.graph.nodes[node].get("label")) if node in self.graph else None
        return str(label) if isinstance(label, str) else str(self.nids.get(node, node))

    def _proof(self, proxy: Any, source_ids: Any) -> None:
        for source in source_ids or []:
            if isinstance(source, str) and clean_text(source):
                proxy.add("proof", self.id("source", clean_text(source)), cleaned=True)

    # entities ------------------------------------------------------------------
    def cited_sources(self) -> list[str]:
        """Ids of the sources an exported actor or claim cites, sorted."""
        cited: set[str] = set()
        for _, attrs in self.graph.nodes(data=True):
            cited.update(str(s) for s in attrs.get("sources") or [] if isinstance(s, str))
        for *_, attrs in self.graph.edges(keys=True, data=True):
            cited.update(str(s) for s in attrs.get("sources") or [] if isinstance(s, str))
            for item in attrs.get("evidence") or []:
                if isinstance(item, Mapping) and isinstance(item.get("source"), str):
                    cited.add(str(item["source"]))
        return sorted(c for c in (clean_text(s) for s in cited) if c)

    def source(self, source_id: str) -> Any:
        meta = self.sources.get(source_id) or {}
        meta = meta if isinstance(meta, Mapping) else {}
        proxy = self.model.make_entity(self.mapping.sources)
        proxy.id = self.id("source", source_id)
        self._add(proxy, "title", meta.get("title") or source_id)
        self._add(proxy, "author", meta.get("author"))
        self._add(proxy, "publisher", meta.get("publisher"))
        self._add(proxy, "publishedAt", meta.get("date"))
        self._add(proxy, "sourceUrl", meta.get("url"))
        self._add(proxy, "fileName", meta.get("archive"))
        return proxy

    def actor(self, node: Any, attrs: Mapping[str, Any]) -> Any:
        schema = self.node_schema[node]
        proxy = self.model.make_entity(schema)
        proxy.id = self.id("actor", self.nids[node])
        self._add(proxy, "name", self._label(node))
        if schema.is_a("Address"):
            self._add(proxy, "full", self._label(node))
        self._add(proxy, "alias", attrs.get("aliases"))
        self._add(proxy, "description", attrs.get("description"))
        self._add(proxy, "country", attrs.get("country"))
        kind = attrs.get("type")
        entity_type = self.vocabulary.types.get(str(kind)) if self.vocabulary else None
        self._add(proxy, "keywords", entity_type.label if entity_type else kind)
        spec = self.mapping.types.get(str(kind))
        defaults = {"date": "date", "start": "startDate", "end": "endDate"}
        kept = []
        for side in ("date", "start", "end"):
            value = flat_value(attrs.get(side))
            if value is None:
                continue
            prop = getattr(spec, side, None) if spec else None
            prop = prop or (defaults[side] if schema.get(defaults[side]) is not None else None)
            if prop is not None:
                self._add(proxy, prop, value)
            else:
                kept.append(f"{side}: {value}")
        if kept:
            self._add(proxy, "notes", "graphkit dates: " + "; ".join(kept))
        self._proof(proxy, attrs.get("sources"))
        return proxy

    def claim(self, claim_id: str, u: Any, v: Any, attrs: Mapping[str, Any]) -> list[Any]:
        relation = str(flat_value(attrs.get("relation")) or "")
        label = str(flat_value(attrs.get("label")) or relation or "linked to")
        resolved = self._relation(relation)
        if not resolved.court:
            fits = (self._fits_range(resolved.schema, str(resolved.source), self.node_schema[u])
                    and self._fits_range(resolved.schema, str(resolved.target),
                                         self.node_schema[v]))
            if not fits:
                resolved = self._fallback()
        extra = attrs.get("attributes")
        extra = extra if isinstance(extra, Mapping) else {}
        placed = {name for name, _ in resolved.attributes}
        if not resolved.court:
            placed.add("role")
        sentence = f"{self._label(u)} {label} {self._label(v)}"
        summary = self._summary(attrs, extra, placed)
        evidence = evidence_text(attrs.get("evidence"), self.sources)
        status = flat_value(attrs.get("status"))
        if resolved.court:
            return self._court_case(claim_id, u, v, attrs, resolved, sentence, summary,
                                    evidence, status, extra)
        proxy = self.model.make_entity(resolved.schema)
        proxy.id = self.id("claim", claim_id)
        proxy.add(resolved.source, self.id("actor", self.nids[u]), cleaned=True)
        proxy.add(resolved.target, self.id("actor", self.nids[v]), cleaned=True)
        role_prop = "role" if resolved.schema.get("role") is not None else (
            "relationship" if resolved.schema.get("relationship") is not None else None)
        if role_prop:
            self._add(proxy, role_prop, [label, extra.get("role")])
        if resolved.schema.get("status") is not None:
            self._add(proxy, "status", status)
        self._dates(proxy, attrs)
        self._add(proxy, "summary", sentence + (". " + summary if summary else ""))
        self._add(proxy, "description", evidence)
        for name, prop in resolved.attributes:
            self._add(proxy, prop, extra.get(name))
        self._proof(proxy, attrs.get("sources"))
        self._add(proxy, "recordId", claim_id)
        return [proxy]

    def _court_case(self, claim_id: str, u: Any, v: Any, attrs: Mapping[str, Any],
                    resolved: _Resolved, sentence: str, summary: str, evidence: str | None,
                    status: Any, extra: Mapping[str, Any]) -> list[Any]:
        case = self.model.make_entity(COURT_CASE)
        case.id = self.id("claim", claim_id)
        self._add(case, "name", sentence)
        self._add(case, "status", status)
        self._add(case, "summary", summary)
        self._add(case, "description", evidence)
        for name, prop in resolved.attributes:
            self._add(case, prop, extra.get(name))
        self._proof(case, attrs.get("sources"))
        entities = [case]
        for side, node, role in (("source", u, resolved.source), ("target", v, resolved.target)):
            party = self.model.make_entity("CourtCaseParty")
            party.id = self.id("claim", claim_id, side)
            party.add("party", self.id("actor", self.nids[node]), cleaned=True)
            party.add("case", case.id, cleaned=True)
            self._add(party, "role", role)
            self._add(party, "status", status)
            self._dates(party, attrs)
            self._proof(party, attrs.get("sources"))
            self._add(party, "recordId", claim_id)
            entities.append(party)
        return entities

    def _dates(self, proxy: Any, attrs: Mapping[str, Any]) -> None:
        self._add(proxy, "date", attrs.get("date"))
        self._add(proxy, "startDate", attrs.get("start"))
        self._add(proxy, "endDate", attrs.get("end"))

    def _summary(self, attrs: Mapping[str, Any], extra: Mapping[str, Any],
                 placed: set[str]) -> str:
        """The status (FtM has no 'disputed'), claimants and attributes no property holds."""
        parts = []
        status = flat_value(attrs.get("status"))
        claimants = [self._label(c) if c in self.graph else str(flat_value(c))
                     for c in attrs.get("claimed_by") or [] if flat_value(c) is not None]
        if (status and status != "confirmed") or claimants:
            spec = self.vocabulary.statuses.get(str(status)) if self.vocabulary else None
            text = f"Status: {spec.label if spec else status or 'confirmed'}"
            if claimants:
                text += ", claimed by " + ", ".join(claimants)
            parts.append(text)
        rest = [f"{clean_text(str(k))}: {format_scalar(flat)}" for k, flat in
                ((k, flat_value(val)) for k, val in extra.items())
                if k not in placed and flat is not None]
        if rest:
            parts.append("; ".join(rest))
        return ". ".join(parts)

    def entities(self) -> Iterator[Any]:
        """Every entity, in a fixed order: documents, actors, then claims by claim id."""
        for source_id in self.cited_sources():
            yield self.source(source_id)
        for node in sorted(self.graph.nodes, key=lambda n: self.nids[n]):
            yield self.actor(node, self.graph.nodes[node])
        eids = edge_ids(self.graph)
        for (u, v, k), claim_id in sorted(eids.items(), key=lambda item: item[1]):
            yield from self.claim(claim_id, u, v, self.graph.edges[u, v, k])


def ftm_entities(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """The graph as FtM entity dicts (``{"id", "schema", "properties"}``), in file order.

    Raises ExportError when followthemoney is not installed and DataError when the
    vocabulary's ``ftm`` section names schemata or properties the model does not have.
    """
    for proxy in _Builder(graph, *_followthemoney()).entities():
        yield proxy.to_dict()


def write_ftm(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write the FtM entities of ``graph`` to ``path``, one JSON object per line."""
    builder = _Builder(graph, *_followthemoney())  # checks the mapping before any writing
    with atomic_write(path) as handle:
        for proxy in builder.entities():
            handle.write(json.dumps(proxy.to_dict(), ensure_ascii=False,
                                    separators=(",", ":")))
            handle.write("\n")
