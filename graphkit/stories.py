"""Stories: a curated walk through a case, step by step (``stories.yaml``, optional).

A network of hundreds of actors answers questions, but a reader first needs the story:
what happened, who did what to whom, what is contested. A story is a short ordered
series of steps in the curator's own words; each step names the actors and the claims
it is about, by id, so that every sentence of a story rests on claims that carry their
own evidence and status. A step may also say how the explorer shows it: a time window,
and a view (how much context around its actors, which statuses).

This module holds the records and their checks, nothing else. Stories are read after
the claims because they refer to both: :mod:`graphkit.load` calls
:func:`check_stories`, :mod:`graphkit.build` puts :meth:`Story.to_dict` on the graph,
and :mod:`graphkit.analyse.story` turns a story into a sourced narrative.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphkit.dates import PartialDate
from graphkit.filters import GraphFilter
from graphkit.issues import Issue
from graphkit.model import Claim
from graphkit.validate import ENTITY_ID, Checker, EntityIndex, _check_id, refer, suggest
from graphkit.vocab import Vocabulary
from graphkit.yamlsource import Mark, YList, YMap

__all__ = ["Story", "StoryStep", "Window", "ClaimIndex", "check_stories", "lead",
           "STORIES_FILE", "MAX_DEPTH"]

STORIES_FILE = "stories.yaml"
#: The widest context a step may ask for: beyond three steps a case's hubs bring in
#: nearly everyone, and nothing stands out any more.
MAX_DEPTH = 3

STORY_FIELDS = {"id", "title", "summary", "steps"}
STEP_FIELDS = {"title", "text", "actors", "claims", "focus", "window", "view"}
WINDOW_FIELDS = {"from", "to"}
VIEW_FIELDS = {"depth", "statuses"}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def lead(text: str, limit: int = 200) -> str:
    """The first sentence of a text's first paragraph, cut at ``limit`` characters.

    What a list of stories shows of each summary: enough to choose one.
    """
    paragraph = _PARAGRAPH.split(text.strip(), maxsplit=1)[0]
    flat = " ".join(paragraph.split())
    end = _SENTENCE_END.search(flat)
    first = flat[:end.start()] if end else flat
    if len(first) > limit:
        cut = first[:limit]
        first = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;: ") + "…"
    return first


@dataclass(frozen=True)
class Window:
    """The dates a step shows: ``from`` and ``to``, either may be open."""

    start: PartialDate | None = None
    end: PartialDate | None = None

    def to_dict(self) -> dict[str, str | None]:
        """``{"from": "2011-05", "to": None}``: the keys as written in stories.yaml."""
        return {"from": self.start.iso() if self.start else None,
                "to": self.end.iso() if self.end else None}


@dataclass(frozen=True)
class StoryStep:
    """One step of a story: its words, what it is about, and how it is shown.

    ``actors`` are entity ids, the focus included; ``claims`` are claim ids, both in
    the curator's order. ``depth`` and ``statuses`` are the view (None and () mean:
    no context around the step's actors, every status).
    """

    title: str
    text: str
    actors: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    focus: str | None = None
    window: Window | None = None
    depth: int | None = None
    statuses: tuple[str, ...] = ()
    line: int = 0

    def to_dict(self, number: int) -> dict[str, Any]:
        """The step as the graph carries it (see docs/internals.md)."""
        return {"number": number, "title": self.title, "text": self.text,
                "focus": self.focus, "actors": list(self.actors), "claims": list(self.claims),
                "window": self.window.to_dict() if self.window else None,
                "view": {"depth": self.depth, "statuses": list(self.statuses)}}


@dataclass(frozen=True)
class Story:
    """A titled, summarised, ordered series of steps through a case."""

    id: str
    title: str
    summary: str
    steps: tuple[StoryStep, ...]
    file: str = ""
    line: int = 0

    @property
    def lead(self) -> str:
        """The summary's first sentence."""
        return lead(self.summary)

    def to_dict(self) -> dict[str, Any]:
        """The story as the graph carries it, steps numbered from 1."""
        return {"id": self.id, "title": self.title, "summary": self.summary,
                "lead": self.lead,
                "steps": [s.to_dict(n) for n, s in enumerate(self.steps, 1)]}


class ClaimIndex:
    """The claims a story may cite: by id, and by the two actors each joins.

    The pair index is what makes a useful suggestion when a cited claim is gone: a
    derived id (``source.relation.target``) changes when a curator changes the
    relation, and the claim still joins the same two actors.
    """

    def __init__(self, claims: Sequence[Claim], complete: bool = True) -> None:
        self.by_id = {c.id: c for c in claims}
        self.complete = complete
        self.by_pair: dict[frozenset[str], list[str]] = {}
        self.triples: Counter[tuple[str, str, str]] = Counter()
        for claim in claims:
            self.by_pair.setdefault(frozenset((claim.source, claim.target)), []).append(claim.id)
            self.triples[(claim.source, claim.relation, claim.target)] += 1

    def unstable(self, claim: Claim) -> bool:
        """Whether the claim's id was derived and depends on the order of edges.yaml.

        ``a.rel.b`` and ``a.rel.b.2`` swap or shift when a claim with the same ends and
        relation is added before them or removed: a story citing one would silently
        point at another.
        """
        base = f"{claim.source}.{claim.relation}.{claim.target}"
        rest = claim.id[len(base):]
        derived = claim.id.startswith(base) and (rest == "" or (rest[:1] == "."
                                                                and rest[1:].isdigit()))
        return derived and self.triples[(claim.source, claim.relation, claim.target)] > 1

    def suggestion(self, ref: str, entities: EntityIndex | None) -> str:
        """What a story citing the unknown claim ``ref`` may have meant."""
        parts = ref.split(".")
        if len(parts) >= 3 and entities is not None:
            a, _ = entities.resolve(parts[0])
            b, _ = entities.resolve(parts[2])
            between = sorted(self.by_pair.get(frozenset((a, b)), [])) if a and b else []
            if len(between) == 1:
                return f"did you mean '{between[0]}'? (the one claim between '{a}' and '{b}')"
            if between:
                shown = ", ".join(f"'{c}'" for c in between[:6])
                more = f" and {len(between) - 6} more" if len(between) > 6 else ""
                return f"claims between '{a}' and '{b}': {shown}{more}"
        close = difflib.get_close_matches(ref, list(self.by_id), n=1, cutoff=0.6)
        if close:
            return f"did you mean '{close[0]}'?"
        if not self.complete:
            return "edges.yaml has errors and this claim may be one of them: fix those first"
        return ("cite a claim's `id:`, or <source>.<relation>.<target> for a claim without "
                "one (`graphkit neighbors ACTOR --format json` lists them)")


def check_stories(doc: Any, file: str, vocab: Vocabulary, entities: EntityIndex | None,
                  claims: ClaimIndex | None) -> tuple[list[Story], list[Issue]]:
    """Read stories.yaml; resolve actors, check claims, windows and views.

    ``entities`` or ``claims`` None means that file could not be read: references into
    it are kept as written and not checked (each would be reported, burying the one
    real problem). Stories with errors are left out of the result.
    """
    checker = Checker(file)
    stories: list[Story] = []
    seen: dict[str, int] = {}
    for index, item in checker.items(doc, "stories"):
        loc = (index,)
        checker.unknown_fields(item, STORY_FIELDS, "a story", loc)
        ident = _check_id(checker, item, ENTITY_ID, loc, seen, "story")
        title = checker.text(item, "title", loc, required=True)
        summary = checker.text(item, "summary", loc, required=True)
        steps = _steps(checker, item, loc, vocab, entities, claims)
        if ident and title and summary and steps is not None:
            stories.append(Story(ident, title, summary, steps, file, item.mark.line))
    return stories, checker.issues


def _steps(checker: Checker, item: YMap, loc: tuple[Any, ...], vocab: Vocabulary,
           entities: EntityIndex | None, claims: ClaimIndex | None
           ) -> tuple[StoryStep, ...] | None:
    """The story's steps, or None when any of them has an error."""
    raw = item.get("steps")
    if raw is None:
        if "steps" in item:
            checker.add("empty-value", "'steps' is empty", item.mark_of("steps"),
                        "add at least one step", loc=loc + ("steps",))
        else:
            checker.add("missing-field", "'steps' is missing", item.mark,
                        "add `steps:` with at least one `- title: …` below it",
                        loc=loc + ("steps",))
        return None
    if not isinstance(raw, YList):
        checker.add("wrong-shape", "'steps' must be a list of steps", item.mark_of("steps"),
                    "start each step with `- title: …`", loc=loc + ("steps",))
        return None
    if not raw:
        checker.add("empty-value", "'steps' is empty", item.mark_of("steps"),
                    "add at least one step", loc=loc + ("steps",))
        return None
    before = sum(1 for i in checker.issues if i.severity == "error")
    steps = []
    for position, element in enumerate(raw):
        sloc = loc + ("steps", position)
        if not isinstance(element, YMap):
            checker.add("wrong-shape", f"step {position + 1} must be a mapping of fields",
                        raw.mark_of(position), "write `- title: …` with text, actors and "
                        "claims below it", loc=sloc)
            continue
        step = _step(checker, element, sloc, position + 1, vocab, entities, claims)
        if step is not None:
            steps.append(step)
    if sum(1 for i in checker.issues if i.severity == "error") > before:
        return None
    return tuple(steps)


def _actor(checker: Checker, ref: str, mark: Mark, what: str, entities: EntityIndex | None,
           loc: tuple[Any, ...]) -> str | None:
    """The entity id a step's reference names, or None (and an issue)."""
    if entities is None:
        return ref
    return refer(checker, entities, what, ref, mark, loc)


def _step(checker: Checker, step: YMap, loc: tuple[Any, ...], number: int,
          vocab: Vocabulary, entities: EntityIndex | None, claims: ClaimIndex | None
          ) -> StoryStep | None:
    checker.unknown_fields(step, STEP_FIELDS, "a story step", loc)
    title = checker.text(step, "title", loc, required=True)
    text = checker.text(step, "text", loc, required=True)
    actors: list[str] = []
    written = checker.text_list(step, "actors", loc)
    for ref, mark in written:
        found = _actor(checker, ref, mark, "actor", entities, loc + ("actors",))
        if found and found not in actors:
            actors.append(found)
    focus_ref = checker.text(step, "focus", loc)
    focus = None
    if focus_ref is not None:
        focus = _actor(checker, focus_ref, step.mark_of("focus"), "focus", entities,
                       loc + ("focus",))
        if focus and focus not in actors:
            actors.insert(0, focus)
    cited: list[tuple[str, Mark]] = []
    refs = checker.text_list(step, "claims", loc)
    for ref, mark in refs:
        if claims is not None and ref not in claims.by_id:
            checker.add("unknown-claim", f"claim '{ref}' is not in edges.yaml", mark,
                        claims.suggestion(ref, entities), loc=loc + ("claims",))
        elif ref not in (c for c, _ in cited):
            cited.append((ref, mark))
    if not written and not refs and focus_ref is None:
        checker.add("empty-step", f"step {number} names no actor and no claim", step.mark,
                    "list the `actors:` or `claims:` the step is about", loc=loc)
    window = _window(checker, step, loc)
    depth, statuses = _view(checker, step, loc, vocab)
    if claims is not None:
        _coherence(checker, number, cited, claims, set(actors), window, statuses, loc)
    if title is None or text is None:
        return None
    return StoryStep(title, text, tuple(actors), tuple(c for c, _ in cited), focus, window,
                     depth, statuses, step.mark.line)


def _window(checker: Checker, step: YMap, loc: tuple[Any, ...]) -> Window | None:
    raw = step.get("window")
    if raw is None:
        return None
    wloc = loc + ("window",)
    if not isinstance(raw, YMap):
        checker.add("wrong-shape", "'window' must be a mapping with `from` and/or `to`",
                    step.mark_of("window"), "write e.g. `window: {from: 2011-05, to: 2011-12}`",
                    loc=wloc)
        return None
    checker.unknown_fields(raw, WINDOW_FIELDS, "a window", wloc)
    start, end = checker.date(raw, "from", wloc), checker.date(raw, "to", wloc)
    if start and end and end.last_day() < start.first_day():
        checker.add("bad-span", f"the window ends ({end}) before it starts ({start})",
                    raw.mark_of("to"), "swap `from` and `to`", loc=wloc + ("to",))
        return None
    return Window(start, end) if start or end else None


def _view(checker: Checker, step: YMap, loc: tuple[Any, ...], vocab: Vocabulary
          ) -> tuple[int | None, tuple[str, ...]]:
    raw = step.get("view")
    if raw is None:
        return None, ()
    vloc = loc + ("view",)
    if not isinstance(raw, YMap):
        checker.add("wrong-shape", "'view' must be a mapping with `depth` and/or `statuses`",
                    step.mark_of("view"), "write e.g. `view: {depth: 1, statuses: [confirmed]}`",
                    loc=vloc)
        return None, ()
    checker.unknown_fields(raw, VIEW_FIELDS, "a view", vloc)
    depth = None
    value = checker.text(raw, "depth", vloc)
    if value is not None:
        if value.isdigit() and 1 <= int(value) <= MAX_DEPTH:
            depth = int(value)
        else:
            checker.add("bad-depth", f"depth '{value}' is not 1, 2 or 3", raw.mark_of("depth"),
                        "depth is how many steps of context around the step's actors stay "
                        "in view: 1, 2 or 3 (leave it out for none)", loc=vloc + ("depth",))
    statuses: list[str] = []
    for status, mark in checker.text_list(raw, "statuses", vloc):
        if status not in vocab.statuses:
            checker.add("unknown-status", f"status '{status}' is not known", mark,
                        suggest(status, vocab.statuses) or "use " + ", ".join(vocab.statuses),
                        loc=vloc + ("statuses",))
        elif status not in statuses:
            statuses.append(status)
    return depth, tuple(statuses)


def _coherence(checker: Checker, number: int, cited: list[tuple[str, Mark]],
               claims: ClaimIndex, actors: set[str], window: Window | None,
               statuses: tuple[str, ...], loc: tuple[Any, ...]) -> None:
    """Warnings for a step that would not show what it says: each is likely a slip."""
    dates = GraphFilter(since=window.start.iso() if window and window.start else None,
                        until=window.end.iso() if window and window.end else None)
    for ident, mark in cited:
        claim = claims.by_id[ident]
        cloc = loc + ("claims",)
        if actors and claim.source not in actors and claim.target not in actors:
            checker.add("unrelated-claim", f"step {number}: claim '{ident}' involves none of "
                        f"the step's actors ('{claim.source}' and '{claim.target}' are not "
                        "listed)", mark, "add one of its ends to `actors:`, or check the "
                        "claim id", severity="warning", loc=cloc)
        if statuses and claim.status not in statuses:
            checker.add("hidden-claim", f"step {number}: the view shows only "
                        f"{', '.join(statuses)}, which hides claim '{ident}' ({claim.status})",
                        mark, f"add '{claim.status}' to `statuses:`", severity="warning",
                        loc=cloc)
        if window and not dates.claim_passes(claim):
            when = claim.date or (f"{claim.start or '…'} to {claim.end or '…'}")
            checker.add("hidden-claim", f"step {number}: the window "
                        f"{dates.since or '…'} to {dates.until or '…'} hides claim "
                        f"'{ident}' (dated {when})", mark,
                        "widen the window or leave the claim to another step",
                        severity="warning", loc=cloc)
        if claims.unstable(claim):
            checker.add("unstable-claim-id", f"claim id '{ident}' was derived from its ends "
                        "and relation and shifts when a claim with the same ends and relation "
                        "is added or removed before it", mark, "give the claim an explicit "
                        "`id:` in edges.yaml and cite that", severity="warning", loc=cloc)
