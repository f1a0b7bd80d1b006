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
from graphkit.nameindex import NameIndex, same_name
from graphkit.names import is_initial_of, skeleton, skeleton_tokens, vowel_frame
from graphkit.text import fold

__all__ = ["Finding", "lint_dataset", "set_reviewed_aside", "DUPLICATE_THRESHOLD",
           "SAFE_MERGE_SCORE"]

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
    level = same_name(a, b)  # the lookup rules of graphkit path and of validation
    if level == "name":
        return 1.0, "same name apart from case and accents"
    if level is not None:
        return 0.97, "same name after transliteration and spelling variants"
    sa, sb = skeleton(a), skeleton(b)
    if not sa or not sb:
        return 0.0, ""
    ta, tb = skeleton_tokens(a), skeleton_tokens(b)
    if sorted(ta) == sorted(tb):
        return 0.95, "same words in another order"
    if len(ta) == len(tb) and _vowel_variants(ta, tb):
        return 0.85, "same consonants, vowels spelt differently"
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


#: A word shorter than this is too short to tell a vowel variant from another word
#: (Nova and Niva, Bitter and Butter, Amanov and Aminov).
_VOWEL_VARIANT_LENGTH = 7


def _vowel_variants(ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
    """Whether two names differ only in the vowels of long words, word for word.

    Zhanaozen / Zhenaozen, Zhansaule Karabalaeva / Jansole Karabaleva, Burgylau /
    Burgylai: the same consonants in the same places, the same first letter, and most
    letters shared (Santana and Santino share a frame but too few letters).
    """
    changed = False
    for x, y in zip(ta, tb, strict=True):
        if x == y:
            continue
        if (min(len(x), len(y)) < _VOWEL_VARIANT_LENGTH or x[0] != y[0]
                or x.isdigit() or y.isdigit() or vowel_frame(x) != vowel_frame(y)
                or difflib.SequenceMatcher(None, x, y).ratio() < 0.75):
            return False
        changed = True
    return changed


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
    """Pairs sharing a skeleton word, a word's first four letters or the vowel frame of
    the whole name (blocking)."""
    blocks: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for form in _forms(entity):
            tokens = skeleton_tokens(form)
            blocks["=" + " ".join(tokens)].add(entity.id)
            # the whole name's vowel frame: Zhanaozen and Zhenaozen share no prefix
            blocks["~" + " ".join(vowel_frame(t) for t in tokens)].add(entity.id)
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


def _dates_differ(a: Claim, b: Claim) -> bool:
    """Whether two claims are clearly dated apart (2011-07 and 2011-12, not 2011 and
    2011-12): then they record two acts, not one told twice."""
    for name in ("date", "start", "end"):
        x, y = getattr(a, name), getattr(b, name)
        if x and y and not (str(x).startswith(str(y)) or str(y).startswith(str(x))):
            return True
    return False


def _attributes_agree(a: Claim, b: Claim) -> bool:
    return not any(k in b.attributes and b.attributes[k] != v for k, v in a.attributes.items())


def duplicate_claims(dataset: Dataset) -> list[Finding]:
    """Claims of one relation between the same two actors that a reviewer should see.

    ``duplicate-claim``: the same thing twice (same status and claimants, dates and
    attributes that agree): merge into one claim with several evidence items.
    ``repeated-claim``: the same source, relation and target again, with dates or
    attributes that differ, for a standing tie (which holds over a span, so one claim
    should carry it) or for an act that nothing tells apart (dates as 2011 and
    2011-12, attributes that do not conflict): one fact told twice, or two that need
    telling apart. Acts dated apart (attacked in July, again in December) or told
    apart by an attribute (charged with theft, charged with fraud) are left alone.
    ``contradicting-claims``: different statuses (confirmed and disputed) with no
    distinct claimants, so nothing says whose version is whose.
    """
    vocabulary = dataset.vocabulary
    groups: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in dataset.claims:
        directed = vocabulary.relations[claim.relation].directed
        ends = (claim.source, claim.target) if directed else tuple(sorted((claim.source,
                                                                            claim.target)))
        groups[(ends[0], ends[1], claim.relation)].append(claim)
    findings = []
    for (source, target, relation), claims in sorted(groups.items()):
        tie = vocabulary.relations[relation].kind == "tie"
        said = f"{source} {relation.replace('_', ' ')} {target}"
        for a, b in combinations(claims, 2):
            ids = {"claims": [a.id, b.id]}
            if set(a.claimed_by) != set(b.claimed_by):
                continue  # each version has its own claimants: a disagreement to keep
            if a.status != b.status:
                if _dates_differ(a, b):
                    continue
                findings.append(Finding(
                    "contradicting-claims",
                    f"claims '{a.id}' (line {a.line}, {a.status}) and '{b.id}' "
                    f"({b.status}) both state that {said}, "
                    + (f"both claimed by {', '.join(a.claimed_by)}" if a.claimed_by
                       else "and neither names who claims it"),
                    (source, target), b.file, b.line, None,
                    "say who holds each version (claimed_by), or keep the one the sources "
                    "support", {**ids, "statuses": [a.status, b.status]}))
                continue
            if _dates_compatible(a, b) and _attributes_agree(a, b):
                sources = sorted({e.source for e in (*a.evidence, *b.evidence)})
                findings.append(Finding(
                    "duplicate-claim",
                    f"claims '{a.id}' (line {a.line}) and '{b.id}' state that {said}",
                    (source, target), b.file, b.line, None,
                    f"merge them into one claim whose evidence lists {', '.join(sources)}",
                    ids))
            elif tie or not (_dates_differ(a, b) or not _attributes_agree(a, b)):
                differs = [name for name in ("date", "start", "end", "attributes")
                           if getattr(a, name) != getattr(b, name)]
                findings.append(Finding(
                    "repeated-claim",
                    f"claims '{a.id}' (line {a.line}) and '{b.id}' both state that {said}, "
                    f"with different {' and '.join(differs)}",
                    (source, target), b.file, b.line, None,
                    ("a standing tie is one claim: merge them, with start and end for its "
                     "span" if tie else "if it is one act, merge them; if two, date each "
                     "or tell them apart in attributes"),
                    {**ids, "differs": differs}))
    return findings


def claimants_on_confirmed(dataset: Dataset) -> list[Finding]:
    """Confirmed claims that name who claims them.

    A confirmed claim is stated as fact by its source; naming a claimant says it is
    someone's assertion, which is what alleged (or disputed) records.
    """
    return [Finding("confirmed-with-claimant",
                    f"claim '{c.id}' is confirmed but names who claims it "
                    f"(claimed_by: {', '.join(c.claimed_by)})",
                    (c.source, c.target), c.file, c.line, None,
                    "make it alleged (or disputed) if it is their assertion, or drop "
                    "claimed_by if the source states it as fact")
            for c in dataset.claims if c.claimed_by and c.status == "confirmed"]


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
    """Lint findings for the validation issues lint knows how to explain further."""
    findings = []
    claims = sorted(dataset.claims, key=lambda c: (c.file, c.line))
    for issue in issues:
        if issue.code == "endpoint-type":
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


def namesakes(dataset: Dataset, paired: set[frozenset[str]]) -> list[Finding]:
    """Names held by several actors that lint did not already pair as one actor.

    Namesakes are allowed (validation warns); they are listed because a claim naming
    them by that name no longer validates. Roza and Aigul Tuletaeva, both with the alias
    "Tuletaeva", are listed here: two people, never paired as one, whose shared alias
    makes "Tuletaeva" ambiguous. Pairs already reported as likely duplicates
    (``paired``) are not repeated.
    """
    index = NameIndex((e.id, e.name, e.aliases) for e in dataset.entities.values())
    findings = []
    for _key, ids in sorted(index.namesakes(), key=lambda item: item[1]):
        if all(frozenset(pair) in paired for pair in combinations(ids, 2)):
            continue
        entities = sorted((dataset.entities[i] for i in ids), key=lambda e: (e.file, e.line))
        forms = {form for i in ids for form in index.names_of(i) if fold(form) == _key}
        findings.append(Finding(
            "alias-is-other-name",
            f"{' / '.join(repr(f) for f in sorted(forms))} names {len(ids)} actors: "
            + ", ".join(f"'{e.id}' (line {e.line})" for e in entities),
            tuple(ids), entities[-1].file, entities[-1].line, None,
            "fine for namesakes, but claims must then name each by its id; if one actor, "
            "merge them; if the name belongs to one of them only, remove it from the other"))
    return findings


LINT_CODES = ("alias-collision", "endpoint-type")


def lint_dataset(dataset: Dataset, validation_issues: Iterable[Issue] = ()) -> list[Finding]:
    """Every finding, duplicates first (best score first), then the rest by file and line."""
    duplicates = likely_duplicates(dataset)
    paired = {frozenset(f.ids) for f in duplicates}
    rest = (duplicate_claims(dataset) + claimants_on_confirmed(dataset) + gaps(dataset)
            + namesakes(dataset, paired) + from_validation(validation_issues, dataset))
    rest.sort(key=lambda f: (f.file, f.line, f.code))
    return duplicates + rest


def set_reviewed_aside(findings: list[Finding], dataset: Dataset
                       ) -> tuple[list[Finding], list[Finding]]:
    """Split ``findings`` by the case's ``lint.reviewed`` (case.yaml): (open, reviewed).

    A review that matches no finding any more is itself an open ``stale-review`` finding,
    pointing at its line of case.yaml, so that reviews do not outlive what they were about.
    """
    reviews = dataset.settings.reviewed if dataset.settings else ()
    if not reviews:
        return findings, []
    open_, reviewed = [], []
    used = set()
    for finding in findings:
        match = next((r for r in reviews if r.covers(finding.code, finding.ids)), None)
        if match is None:
            open_.append(finding)
        else:
            used.add(match)
            reviewed.append(finding)
    case_file = str(dataset.folder / "case.yaml")
    for review in reviews:
        if review not in used:
            open_.append(Finding("stale-review",
                                 f"the reviewed finding {review.code} on "
                                 f"{', '.join(sorted(review.ids))} no longer occurs",
                                 tuple(sorted(review.ids)), case_file, review.line,
                                 fix="remove it from lint.reviewed in case.yaml"))
    return open_, reviewed
