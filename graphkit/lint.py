"""Find what transliteration and many hands leave behind: duplicates and gaps.

A split actor (Tuletaeva here, Tuletayeva there) silently breaks a network in two, so
the first job is finding likely duplicates, ranked by how sure the match is and with
the spellings that matched. The other checks catch gaps a reviewer would flag: claims
stated twice, actors with no claims, sources never cited, evidence without lines, and
claims whose direction the vocabulary contradicts.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from graphkit.issues import Issue
from graphkit.model import Claim, Dataset, Entity
from graphkit.names import is_initial_of, skeleton, skeleton_tokens
from graphkit.text import fold

__all__ = ["Finding", "lint_dataset", "DUPLICATE_THRESHOLD", "SAFE_MERGE_SCORE"]

#: Pairs scoring below this are not reported as likely duplicates.
DUPLICATE_THRESHOLD = 0.8
#: Pairs scoring at least this, of the same type, are merged by ``--fix``.
SAFE_MERGE_SCORE = 0.95


@dataclass(frozen=True)
class Finding:
    """One lint result, pointing at the YAML item to look at."""

    code: str
    message: str
    ids: tuple[str, ...]
    file: str = ""
    line: int = 0
    score: float | None = None
    fix: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def format(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else (self.file or "<data>")
        score = f" (score {self.score:.2f})" if self.score is not None else ""
        text = f"{place}: [{self.code}]{score} {self.message}"
        return text + (f" — {self.fix}" if self.fix else "")

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "ids": list(self.ids), "file": self.file, "line": self.line,
                "message": self.message, "score": self.score, "fix": self.fix,
                **({"details": self.details} if self.details else {})}


def _form_score(a: str, b: str) -> tuple[float, str]:
    """How likely two spellings name the same actor, and by which rule."""
    if fold(a) == fold(b):
        return 1.0, "same name apart from case and accents"
    sa, sb = skeleton(a), skeleton(b)
    if not sa or not sb:
        return 0.0, ""
    if sa == sb:
        return 0.97, "same name after transliteration and spelling variants"
    ta, tb = skeleton_tokens(a), skeleton_tokens(b)
    if sorted(ta) == sorted(tb):
        return 0.95, "same words in another order"
    if len(ta) == len(tb) > 1:
        pairs = list(zip(sorted(ta, key=len), sorted(tb, key=len), strict=True))
        aligned = list(zip(ta, tb, strict=True))
        for candidate in (aligned, list(zip(ta, reversed(tb), strict=True)), pairs):
            initials = [is_initial_of(x, y) or is_initial_of(y, x) for x, y in candidate]
            equal = [x == y for x, y in candidate]
            if all(i or e for i, e in zip(initials, equal, strict=True)) and any(
                    e and len(x) >= 4 for e, (x, _y) in zip(equal, candidate, strict=True)):
                return 0.85, "same name with initials"
        ratios = [difflib.SequenceMatcher(None, x, y).ratio() for x, y in aligned]
        whole = difflib.SequenceMatcher(None, sa, sb).ratio()
        numbers_differ = any(x != y and (x.isdigit() or y.isdigit()) for x, y in aligned)
        if (min(ratios) >= 0.7 and whole >= 0.85 and any(r == 1.0 for r in ratios)
                and not numbers_differ):  # the 1972 strike is not the 1974 strike
            return round(0.6 + 0.3 * whole, 3), "one word spelt differently"
    if len(ta) == len(tb) == 1:
        whole = difflib.SequenceMatcher(None, sa, sb).ratio()
        if whole >= 0.9 and min(len(sa), len(sb)) >= 6:
            return round(0.5 + 0.4 * whole, 3), "one letter or two apart"
    if (len(ta) == 1) != (len(tb) == 1):
        single, full = (ta, tb) if len(ta) == 1 else (tb, ta)
        if len(single[0]) >= 5 and len(full) <= 3 and single[0] == full[-1]:
            return 0.8, "surname alone matches a full name"
    return 0.0, ""


def _different_given_names(a: str, b: str) -> bool:
    """Whether two full personal names clearly differ in their first word."""
    ta, tb = skeleton_tokens(a), skeleton_tokens(b)
    if len(ta) < 2 or len(tb) < 2:
        return False
    first_a, first_b = ta[0], tb[0]
    if first_a == first_b or is_initial_of(first_a, first_b) or is_initial_of(first_b, first_a):
        return False
    # surname first ("Ukteshbaev Esenbek"): the same words in another order are one person
    if sorted(ta) == sorted(tb):
        return False
    return difflib.SequenceMatcher(None, first_a, first_b).ratio() < 0.7


def _forms(entity: Entity) -> list[str]:
    return [entity.name, *entity.aliases]


def _candidate_pairs(entities: list[Entity]) -> set[tuple[str, str]]:
    """Pairs sharing a skeleton word or a word's first four letters (blocking)."""
    blocks: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for form in _forms(entity):
            tokens = skeleton_tokens(form)
            blocks["=" + " ".join(tokens)].add(entity.id)
            for token in tokens:
                if len(token) >= 4:
                    blocks[token[:4]].add(entity.id)
    pairs: set[tuple[str, str]] = set()
    for members in blocks.values():
        if 1 < len(members) <= 200:  # a prefix shared by hundreds says nothing
            pairs.update(combinations(sorted(members), 2))
    return pairs


def likely_duplicates(dataset: Dataset) -> list[Finding]:
    """Pairs of actors that are probably one actor, best first."""
    entities = dataset.entities
    findings = []
    for a_id, b_id in _candidate_pairs(list(entities.values())):
        a, b = entities[a_id], entities[b_id]
        best, rule, forms = 0.0, "", ("", "")
        for fa in _forms(a):
            for fb in _forms(b):
                score, why = _form_score(fa, fb)
                if score > best:
                    best, rule, forms = score, why, (fa, fb)
        if rule == "surname alone matches a full name" and not a.type == b.type == "person":
            continue  # "police" is not the surname of "Russian police"
        if a.type != b.type:
            best -= 0.1
        if a.type == b.type == "person" and _different_given_names(a.name, b.name):
            continue  # Roza and Aigul Tuletaeva share a surname, not an identity
        if best < DUPLICATE_THRESHOLD:
            continue
        keep, drop = sorted((a, b), key=lambda e: (e.file, e.line))
        findings.append(Finding(
            "duplicate-actor",
            f"'{a.id}' ({a.type}) and '{b.id}' ({b.type}) look like one actor: "
            f"'{forms[0]}' ~ '{forms[1]}' ({rule})",
            (a.id, b.id), drop.file, drop.line, round(best, 3),
            f"merge '{drop.id}' into '{keep.id}' (its name becomes an alias)"
            + (" — `graphkit lint --fix` does it" if best >= SAFE_MERGE_SCORE
               and a.type == b.type else ""),
            {"keep": keep.id, "drop": drop.id, "forms": list(forms), "rule": rule}))
    findings.sort(key=lambda f: (-(f.score or 0), f.ids))
    return findings


def _dates_compatible(a: Claim, b: Claim) -> bool:
    for name in ("date", "start", "end"):
        x, y = getattr(a, name), getattr(b, name)
        if x and y and x != y:
            return False
    return True


def duplicate_claims(dataset: Dataset) -> list[Finding]:
    """Claims stating the same thing twice (to merge into one with several evidence items)."""
    groups: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in dataset.claims:
        directed = dataset.vocabulary.relations[claim.relation].directed
        ends = (claim.source, claim.target) if directed else tuple(sorted((claim.source,
                                                                            claim.target)))
        groups[(ends[0], ends[1], claim.relation)].append(claim)
    findings = []
    for (source, target, relation), claims in sorted(groups.items()):
        for a, b in combinations(claims, 2):
            if (a.status, a.claimed_by) != (b.status, b.claimed_by):
                continue  # different statuses are a disagreement to keep, not a duplicate
            if not _dates_compatible(a, b) or any(
                    k in b.attributes and b.attributes[k] != v for k, v in a.attributes.items()):
                continue
            sources = sorted({e.source for e in (*a.evidence, *b.evidence)})
            findings.append(Finding(
                "duplicate-claim",
                f"claims '{a.id}' (line {a.line}) and '{b.id}' state that {source} "
                f"{relation.replace('_', ' ')} {target}",
                (source, target), b.file, b.line, None,
                f"merge them into one claim whose evidence lists {', '.join(sources)}",
                {"claims": [a.id, b.id]}))
    return findings


def gaps(dataset: Dataset) -> list[Finding]:
    """Actors without claims, sources never cited, evidence without lines."""
    findings = []
    linked = {c.source for c in dataset.claims} | {c.target for c in dataset.claims}
    for entity in dataset.entities.values():
        if entity.id not in linked:
            findings.append(Finding("orphan-actor", f"'{entity.id}' is in no claim",
                                    (entity.id,), entity.file, entity.line, None,
                                    "add the claims the sources make about it, or remove it"))
    cited = {e.source for c in dataset.claims for e in c.evidence}
    cited |= {s for e in dataset.entities.values() for s in e.sources}
    for source in dataset.sources.values():
        if source.id not in cited:
            findings.append(Finding("unused-source", f"source '{source.id}' is never cited",
                                    (), source.file, source.line, None,
                                    "cite it in evidence, or remove it"))
    for claim in dataset.claims:
        for evidence in claim.evidence:
            if not evidence.lines:
                findings.append(Finding(
                    "evidence-without-lines",
                    f"evidence from '{evidence.source}' for '{claim.id}' cites no lines",
                    (claim.source, claim.target), claim.file, evidence.line or claim.line,
                    None, "add `lines:` so a reader can check the claim"))
    return findings


def from_validation(issues: Iterable[Issue], dataset: Dataset) -> list[Finding]:
    """Lint findings for the validation errors lint knows how to explain further."""
    findings = []
    claims = sorted(dataset.claims, key=lambda c: (c.file, c.line))
    for issue in issues:
        if issue.code == "alias-collision":
            findings.append(Finding("alias-is-other-name", issue.message, (), issue.file,
                                    issue.line, None, issue.hint))
        elif issue.code == "endpoint-type":
            before = [c for c in claims if c.file == issue.file and c.line <= issue.line]
            claim = before[-1] if before else None
            fix = issue.hint
            ids: tuple[str, ...] = ()
            if claim is not None:
                rel = dataset.vocabulary.relations[claim.relation]
                s, t = dataset.entities[claim.source], dataset.entities[claim.target]
                ids = (s.id, t.id)
                if t.type in rel.source_types and s.type in rel.target_types:
                    fix = "swap source and target: the reverse direction fits the vocabulary"
            findings.append(Finding("relation-direction", issue.message, ids, issue.file,
                                    issue.line, None, fix))
    return findings


LINT_CODES = ("alias-collision", "endpoint-type")


def lint_dataset(dataset: Dataset, validation_issues: Iterable[Issue] = ()) -> list[Finding]:
    """Every finding, duplicates first (best score first), then the rest by file and line."""
    rest = (duplicate_claims(dataset) + gaps(dataset)
            + from_validation(validation_issues, dataset))
    rest.sort(key=lambda f: (f.file, f.line, f.code))
    return likely_duplicates(dataset) + rest
