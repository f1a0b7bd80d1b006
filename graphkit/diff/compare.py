"""Compare two versions of a case: what a reviewer of the change needs to see.

Sources, actors and claims are matched across the versions, then compared field by
field. Matching is where the care goes:

* actors by id; an actor that disappears while an added one answers to its name or one
  of its aliases (case and accents aside) was **renamed**, and every claim follows it;
* claims by their written id; then, since an id graphkit derives (``a.relation.b``,
  ``.2``) changes with its ends, by content: the same ends (through renames) and
  relation, the most alike first; then a claim whose relation or one end changed but
  whose evidence is the same;
* a changed **status** (alleged -> confirmed) is listed on its own as well, first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphkit._gc import paused_gc
from graphkit.model import Claim, Dataset, Entity, Source
from graphkit.text import fold

__all__ = ["Change", "ItemChange", "StatusChange", "Section", "CaseDiff", "diff_datasets"]


@dataclass(frozen=True)
class Change:
    """One field that differs; list fields also say what was added and removed."""

    field: str
    old: Any
    new: Any

    def delta(self) -> tuple[list[Any], list[Any]]:
        """For a list field: the items added and removed, counting repeats (an evidence
        item stated twice, then once, was removed once)."""
        added, removed = list(self.new or []), []
        for item in self.old or []:
            if item in added:
                added.remove(item)
            else:
                removed.append(item)
        return added, removed

    def to_dict(self) -> dict[str, Any]:
        data = {"field": self.field, "old": self.old, "new": self.new}
        if isinstance(self.old, list) and isinstance(self.new, list):
            data["added"], data["removed"] = self.delta()
        return data


@dataclass(frozen=True)
class ItemChange:
    """A source, actor or claim found in both versions, with the fields that differ."""

    id: str
    old_id: str
    label: str
    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "old_id": self.old_id, "label": self.label,
                "changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True)
class StatusChange:
    """A claim whose status moved (alleged -> confirmed, confirmed -> disputed, ...)."""

    id: str
    old_id: str
    label: str
    old: str
    new: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "old_id": self.old_id, "label": self.label, "old": self.old,
                "new": self.new}


@dataclass
class Section:
    """Added, removed, renamed (actors only) and changed items of one kind."""

    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    renamed: list[dict[str, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.renamed)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed),
                "renamed": len(self.renamed), "changed": len(self.changed)}

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "removed": self.removed, "renamed": self.renamed,
                "changed": [c.to_dict() for c in self.changed]}


@dataclass
class CaseDiff:
    """Everything that differs between two versions of a case."""

    old: str
    new: str
    status_changes: list[StatusChange] = field(default_factory=list)
    actors: Section = field(default_factory=Section)
    claims: Section = field(default_factory=Section)
    sources: Section = field(default_factory=Section)
    stories: Section = field(default_factory=Section)

    @property
    def equal(self) -> bool:
        return not (self.actors or self.claims or self.sources or self.stories)

    def summary(self) -> dict[str, Any]:
        return {"status_changes": len(self.status_changes), "actors": self.actors.counts(),
                "claims": self.claims.counts(), "sources": self.sources.counts(),
                "stories": self.stories.counts()}

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "equal": self.equal,
                "summary": self.summary(),
                "status_changes": [s.to_dict() for s in self.status_changes],
                "actors": self.actors.to_dict(), "claims": self.claims.to_dict(),
                "sources": self.sources.to_dict(), "stories": self.stories.to_dict()}


def _iso(value: Any) -> str | None:
    return value.iso() if value is not None else None


def _source_fields(source: Source) -> dict[str, Any]:
    return {"title": source.title, "author": source.author, "publisher": source.publisher,
            "date": _iso(source.date), "url": source.url, "archive": source.archive,
            "note": source.note}


def _story_fields(story: Any, rename: dict[str, str] | None = None,
                  claim_rename: dict[str, str] | None = None) -> dict[str, Any]:
    """A story's title, summary and each step's fields (``step 3 text``), so that a
    rewritten paragraph shows as that step's change, not as the whole story's; actor
    and claim ids are named as the new version names them."""
    actor, claim = (rename or {}).get, (claim_rename or {}).get
    fields: dict[str, Any] = {"title": story.title, "summary": story.summary,
                              "steps": len(story.steps)}
    for number, step in enumerate(story.steps, 1):
        for key, value in step.to_dict(number).items():
            if key == "focus" and value:
                value = actor(value, value)
            elif key == "actors":
                value = [actor(v, v) for v in value]
            elif key == "claims":
                value = [claim(v, v) for v in value]
            if key != "number":
                fields[f"step {number} {key}"] = value
    return fields


def _entity_fields(entity: Entity) -> dict[str, Any]:
    return {"name": entity.name, "type": entity.type, "aliases": list(entity.aliases),
            "description": entity.description, "country": entity.country,
            "date": _iso(entity.date), "start": _iso(entity.start), "end": _iso(entity.end),
            "url": entity.url, "sources": list(entity.sources)}


def _claim_fields(claim: Claim, rename: dict[str, str]) -> dict[str, Any]:
    """The fields of a claim, its actors named by their ids in the new version."""
    return {
        "source": rename.get(claim.source, claim.source),
        "target": rename.get(claim.target, claim.target),
        "relation": claim.relation, "status": claim.status, "date": _iso(claim.date),
        "start": _iso(claim.start), "end": _iso(claim.end),
        "claimed_by": [rename.get(c, c) for c in claim.claimed_by],
        "attributes": dict(claim.attributes),
        "evidence": [{"source": e.source, "lines": e.lines_text(), "note": e.note}
                     for e in claim.evidence],
    }


def _changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[Change, ...]:
    found = []
    for key in new:
        a, b = old.get(key), new.get(key)
        if key == "attributes":  # 7 and 7.0, 1 and True differ here
            if {k: (type(v), v) for k, v in a.items()} != {k: (type(v), v) for k, v in b.items()}:
                found.append(Change(key, a, b))
        elif a != b:
            found.append(Change(key, a, b))
    return tuple(found)


def _keys(entity: Entity) -> set[str]:
    return {fold(n) for n in (entity.name, *entity.aliases)}


def _renames(old: Dataset, new: Dataset) -> tuple[dict[str, str], set[str]]:
    """Removed actor id -> the actor it became, where the names leave no doubt; and the
    removed ids that were merged into an actor of both versions rather than renamed.

    A rename: an added actor answers to the removed one's name or an alias (and no other
    removed actor does). A merge (``graphkit lint --fix``): no added actor does, but an
    actor of both versions newly answers to the removed one's name.
    """
    removed = [old.entities[i] for i in old.entities if i not in new.entities]
    added = [new.entities[i] for i in new.entities if i not in old.entities]
    by_key: dict[str, set[str]] = defaultdict(set)
    for entity in added:
        for key in _keys(entity):
            by_key[key].add(entity.id)
    gained: dict[str, set[str]] = defaultdict(set)   # a name an actor did not answer to
    for ident, entity in new.entities.items():
        if ident in old.entities:
            for key in _keys(entity) - _keys(old.entities[ident]):
                gained[key].add(ident)
    candidates: dict[str, tuple[set[str], bool]] = {}
    for entity in removed:
        found: set[str] = set()
        for key in _keys(entity):
            found |= by_key.get(key, set())
        if found:
            candidates[entity.id] = (found, False)
        elif (into := gained.get(fold(entity.name), set())):
            candidates[entity.id] = (into, True)
    claimed: dict[str, list[str]] = defaultdict(list)
    merged = set()
    for old_id, (found, is_merge) in candidates.items():
        if len(found) == 1:
            claimed[next(iter(found))].append(old_id)
            if is_merge:
                merged.add(old_id)
    renames = {olds[0]: new_id for new_id, olds in claimed.items()
               if len(olds) == 1 or olds[0] in merged}
    for new_id, olds in claimed.items():   # several actors merged into one: all follow it
        for old_id in olds:
            if old_id in merged:
                renames[old_id] = new_id
    return renames, merged & set(renames)


def _label(claim_fields: dict[str, Any], dataset: Dataset) -> str:
    def name(ident: str) -> str:
        entity = dataset.entities.get(ident)
        return entity.name if entity else ident

    relation = dataset.vocabulary.relations.get(claim_fields["relation"])
    verb = relation.label if relation else claim_fields["relation"]
    return f"{name(claim_fields['source'])} {verb} {name(claim_fields['target'])}"


def _claim_summary(claim: Claim, fields: dict[str, Any], dataset: Dataset) -> dict[str, Any]:
    return {"id": claim.id, "label": _label(fields, dataset), **fields}


def _similarity(a: dict[str, Any], b: dict[str, Any]) -> int:
    return sum(1 for key in ("status", "date", "start", "end", "claimed_by", "attributes",
                             "evidence") if a[key] == b[key])


def _evidence_key(fields: dict[str, Any]) -> tuple[Any, ...]:
    return tuple((e["source"], tuple(e["lines"]), e["note"]) for e in fields["evidence"])


def _match_claims(old: list[tuple[Claim, dict[str, Any]]], new: list[tuple[Claim, dict[str, Any]]]
                  ) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs (old index, new index), then the old and new indexes left unmatched."""
    pairs: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    written = {c.id: j for j, (c, _) in enumerate(new) if not c.derived_id}
    for i, (claim, _) in enumerate(old):
        j = written.get(claim.id)
        if not claim.derived_id and j is not None:
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)

    def ends(fields: dict[str, Any]) -> tuple[str, str, str]:
        return fields["source"], fields["relation"], fields["target"]

    groups_new: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for j, (_, fields) in enumerate(new):
        if j not in used_new:
            groups_new[ends(fields)].append(j)
    groups_old: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, (_, fields) in enumerate(old):
        if i not in used_old:
            groups_old[ends(fields)].append(i)
    for key, olds in groups_old.items():
        news = groups_new.get(key, [])
        if not news:
            continue
        if len(olds) == 1 and len(news) == 1:
            scored = [(0, olds[0], news[0])]
        else:
            scored = sorted((-_similarity(old[i][1], new[j][1]), i, j)
                             for i in olds for j in news)
        for _, i, j in scored:
            if i not in used_old and j not in used_new:
                pairs.append((i, j))
                used_old.add(i)
                used_new.add(j)
    by_evidence: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for j, (_, fields) in enumerate(new):
        if j not in used_new and fields["evidence"]:
            by_evidence[_evidence_key(fields)].append(j)
    for i, (_, fields) in enumerate(old):
        if i in used_old:
            continue
        for j in by_evidence.get(_evidence_key(fields), []):
            same = sum(a == b for a, b in zip(ends(fields), ends(new[j][1]), strict=True))
            if j not in used_new and same >= 2:
                pairs.append((i, j))
                used_old.add(i)
                used_new.add(j)
                break
    return (pairs, [i for i in range(len(old)) if i not in used_old],
            [j for j in range(len(new)) if j not in used_new])


def _sorted(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: item["id"])


def diff_datasets(old: Dataset, new: Dataset, old_name: str | None = None,
                  new_name: str | None = None) -> CaseDiff:
    """What changed from ``old`` to ``new``."""
    with paused_gc():  # many small records, no cycles: see graphkit/_gc.py
        return _diff(old, new, old_name, new_name)


def _diff(old: Dataset, new: Dataset, old_name: str | None, new_name: str | None) -> CaseDiff:
    result = CaseDiff(old_name or old.name, new_name or new.name)
    for ident in sorted(set(old.sources) | set(new.sources)):
        a, b = old.sources.get(ident), new.sources.get(ident)
        if a is None:
            result.sources.added.append({"id": ident, **_source_fields(b)})  # type: ignore[arg-type]
        elif b is None:
            result.sources.removed.append({"id": ident, **_source_fields(a)})
        elif changes := _changes(_source_fields(a), _source_fields(b)):
            result.sources.changed.append(ItemChange(ident, ident, b.title, changes))

    rename, merged = _renames(old, new)
    renamed_to = {new_id for old_id, new_id in rename.items() if old_id not in merged}
    for old_id, new_id in sorted(rename.items(), key=lambda p: (p[1], p[0])):
        result.actors.renamed.append({"old": old_id, "new": new_id,
                                      "name": new.entities[new_id].name,
                                      "merged": old_id in merged})
    for ident in sorted(set(old.entities) | set(new.entities)):
        a, b = old.entities.get(ident), new.entities.get(ident)
        if (a is None and ident in renamed_to) or ident in merged:
            continue
        if a is not None and ident in rename:
            a, b, ident = a, new.entities[rename[ident]], rename[ident]
        if a is None:
            result.actors.added.append({"id": ident, **_entity_fields(b)})  # type: ignore[arg-type]
        elif b is None:
            result.actors.removed.append({"id": ident, **_entity_fields(a)})
        elif changes := _changes(_entity_fields(a), _entity_fields(b)):
            result.actors.changed.append(ItemChange(b.id, a.id, b.name, changes))
    result.actors.changed.sort(key=lambda c: c.id)

    old_claims = [(c, _claim_fields(c, rename)) for c in old.claims]
    new_claims = [(c, _claim_fields(c, {})) for c in new.claims]
    pairs, removed, added = _match_claims(old_claims, new_claims)
    for i, j in pairs:
        (a, fa), (b, fb) = old_claims[i], new_claims[j]
        changes = _changes(fa, fb)
        if a.id != b.id and not (a.derived_id and b.derived_id):
            changes = (Change("id", None if a.derived_id else a.id,
                              None if b.derived_id else b.id), *changes)
        label = _label(fb, new)
        if a.status != b.status:
            result.status_changes.append(StatusChange(b.id, a.id, label, a.status, b.status))
        if changes:
            result.claims.changed.append(ItemChange(b.id, a.id, label, changes))
    result.claims.added = _sorted(_claim_summary(*new_claims[j], new) for j in added)
    result.claims.removed = _sorted(  # a removed claim as the old version wrote it
        _claim_summary(old_claims[i][0], _claim_fields(old_claims[i][0], {}), old)
        for i in removed)
    result.claims.changed.sort(key=lambda c: c.id)
    result.status_changes.sort(key=lambda s: s.id)

    # Stories name actors and claims: they follow renamed actors and re-derived claim ids.
    claim_rename = {old_claims[i][0].id: new_claims[j][0].id for i, j in pairs}
    old_stories = {story.id: story for story in old.stories}
    new_stories = {story.id: story for story in new.stories}
    for ident in sorted(set(old_stories) | set(new_stories)):
        a, b = old_stories.get(ident), new_stories.get(ident)
        if a is None:
            result.stories.added.append({"id": ident, **_story_fields(b)})
        elif b is None:
            result.stories.removed.append({"id": ident, **_story_fields(a)})
        elif changes := _changes(_story_fields(a, rename, claim_rename), _story_fields(b)):
            result.stories.changed.append(ItemChange(ident, ident, b.title, changes))

    return result
