"""A story told from the graph: each step's claims as plain statements with their evidence.

A story (``graph.graph["stories"]``, from stories.yaml) names claims by id; this module
looks each one up in the graph and turns it into a :class:`Statement`: "Zhanaozen City
Court sentenced Roza Tuletaeva", when, its attributes, its status where it is not
confirmed and who claims it, and its evidence (source, author, date, lines, the
curator's note). Nothing is written here but what the claims hold, so a narrative can
be checked against the data sentence by sentence. The statement is read in the claim's
own direction, with the vocabulary's label (:func:`graphkit.analyse.paths.claim_step`).

``quote`` (see :class:`graphkit.archive.ArchiveTexts`) adds the exact cited lines of the
archived texts, bounded so that a story stays a story. Rendering as Markdown or text is
:mod:`graphkit.analyse.story_render`; :func:`narrative_json` is the JSON interface.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphkit.analyse.paths import ClaimStep, Evidence, attribute_text, claim_step
from graphkit.analyse.resolve import actor_name
from graphkit.dates import when_words
from graphkit.errors import UsageError
from graphkit.text import fold, strip_controls

__all__ = ["Citation", "Statement", "NarratedStep", "Narrative", "Quoter", "story_rows",
           "find_story", "narrate", "narrative_json", "MAX_QUOTE_LINES", "MAX_QUOTE_CHARS"]

#: At most this many cited lines, and this many characters, are quoted per citation:
#: enough to check a note against its source, not enough to reprint the source.
MAX_QUOTE_LINES = 6
MAX_QUOTE_CHARS = 600

Quoter = Callable[[str, Sequence[str]], "list[str] | None"]
"""``quote(source_id, lines)``: the text of the cited lines (``["49", "51-53"]``), or None."""


@dataclass(frozen=True)
class Citation:
    """One evidence item of a statement, with the cited lines when an archive was given.

    ``quote`` holds at most :data:`MAX_QUOTE_LINES` non-blank lines; ``omitted`` counts
    the cited lines left out (or cut short) to stay within the bounds. ``quote`` is None
    when no quotation was asked for or the archived text is not available.
    """

    evidence: Evidence
    quote: tuple[str, ...] | None = None
    omitted: int = 0

    @property
    def key(self) -> tuple[str, tuple[str, ...], str | None]:
        """Same source, lines and note: the same footnote."""
        return (self.evidence.source, self.evidence.lines, self.evidence.note)


@dataclass(frozen=True)
class Statement:
    """One claim of a step as a plain statement, with its facts and citations."""

    claim: ClaimStep
    source_name: str
    target_name: str
    status_label: str | None
    claimed_by: tuple[tuple[str, str], ...]
    attributes: dict[str, Any]
    citations: tuple[Citation, ...]

    @property
    def sentence(self) -> str:
        """``Zhanaozen City Court sentenced Roza Tuletaeva``."""
        return f"{self.source_name} {self.claim.phrase} {self.target_name}"

    @property
    def when(self) -> str:
        """The claim's date or span in words (``4 June 2012``), or an empty string."""
        return when_words(self.claim.date, self.claim.start, self.claim.end)

    @property
    def confirmed(self) -> bool:
        return self.claim.status in (None, "", "confirmed")

    def details(self) -> str:
        """What follows the sentence: ``4 June 2012; years: 7``.

        The date is left out when the sentence already ends with it, as it does when an
        event's name carries its date ("… took part in Ozenmunaigaz strike (March 2010)"):
        a reader should not meet "(March 2010) (March 2010)".
        """
        when = self.when
        if when and self.sentence.endswith(f"({when})"):
            when = ""
        parts = [when] if when else []
        if self.attributes:
            parts.append(attribute_text(self.attributes))
        return "; ".join(parts)

    @property
    def closes_with_brackets(self) -> bool:
        """Whether the sentence ends with a bracket, so that its details follow a dash
        ("Burgylau strike (2009) — count: 2000") rather than a second pair of brackets."""
        return self.sentence.endswith(")")


@dataclass(frozen=True)
class NarratedStep:
    """A step of a story with its statements, numbered from 1.

    ``missing`` lists claim ids the step names that this graph does not hold (a filter
    left them out); their statements are absent.
    """

    number: int
    title: str
    text: str
    actors: tuple[tuple[str, str], ...]
    focus: str | None
    window: dict[str, str | None] | None
    view: dict[str, Any]
    statements: tuple[Statement, ...]
    missing: tuple[str, ...] = ()

    def window_words(self) -> str:
        """``May 2011 to December 2011``, or an empty string without a window."""
        if not self.window:
            return ""
        return when_words(None, self.window.get("from"), self.window.get("to"))


@dataclass(frozen=True)
class Narrative:
    """A whole story, ready to render."""

    id: str
    title: str
    summary: str
    lead: str
    case: str | None
    steps: tuple[NarratedStep, ...] = field(default=())


def _stories(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    return list(graph.graph.get("stories") or [])


def story_rows(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One row per story: ``id``, ``title``, ``steps`` (count) and ``lead``."""
    return [{"id": s.get("id"), "title": s.get("title"), "steps": len(s.get("steps") or []),
             "lead": s.get("lead")} for s in _stories(graph)]


def find_story(graph: nx.MultiDiGraph, ident: str) -> dict[str, Any]:
    """The story with this id (case does not matter).

    Raises
    ------
    UsageError
        No story has this id; ``candidates`` lists the closest ids (or all of them).
    """
    stories = _stories(graph)
    for story in stories:
        if story.get("id") == ident or fold(str(story.get("id"))) == fold(ident):
            return story
    if not stories:
        raise UsageError(f"no story {ident!r}: this data folder has no stories "
                         "(write them in stories.yaml; see docs/data-format.md)")
    ids = [str(s.get("id")) for s in stories]
    titles = {str(s.get("id")): strip_controls(" ".join(str(s.get("title")).split()))
              for s in stories}
    close = difflib.get_close_matches(ident, ids, n=5, cutoff=0.5) or ids[:8]
    raise UsageError(f"no story {ident!r} in this data folder",
                     [f"{c} ({titles[c]})" for c in close])


def _edge_index(graph: nx.MultiDiGraph) -> dict[str, tuple[Any, Any, Any]]:
    return {str(data.get("id", key)): (u, v, key)
            for u, v, key, data in graph.edges(keys=True, data=True)}


def _bounded(lines: list[str]) -> tuple[tuple[str, ...], int]:
    """The non-blank cited lines within the quotation bounds, and how many were left out."""
    wanted = [" ".join(strip_controls(line).split()) for line in lines]
    wanted = [line for line in wanted if line]
    shown: list[str] = []
    used = 0
    for line in wanted:
        room = MAX_QUOTE_CHARS - used
        if len(shown) == MAX_QUOTE_LINES or room <= 0:
            break
        if len(line) > room:
            shown.append(line[:room].rsplit(" ", 1)[0] + " …")
            used = MAX_QUOTE_CHARS
            continue
        shown.append(line)
        used += len(line)
    cut = sum(1 for a, b in zip(shown, wanted, strict=False) if a != b)
    return tuple(shown), len(wanted) - len(shown) + cut


def _citation(evidence: Evidence, quote: Quoter | None) -> Citation:
    if quote is None or not evidence.lines:
        return Citation(evidence)
    found = quote(evidence.source, evidence.lines)
    if found is None:
        return Citation(evidence)
    shown, omitted = _bounded(found)
    return Citation(evidence, shown, omitted)


def _statement(graph: nx.MultiDiGraph, edge: tuple[Any, Any, Any],
               quote: Quoter | None) -> Statement:
    u, v, key = edge
    claim = claim_step(graph, u, v, key)
    data = graph.edges[u, v, key]

    def name(node: str) -> str:
        return actor_name(graph, node)

    statuses = getattr(graph.graph.get("vocabulary"), "statuses", {}) or {}
    status = claim.status or "confirmed"
    label = None if status == "confirmed" else getattr(statuses.get(status), "label", status)
    return Statement(
        claim=claim, source_name=name(u), target_name=name(v), status_label=label,
        claimed_by=tuple((c, name(c)) for c in claim.claimed_by),
        attributes=dict(data.get("attributes") or {}),
        citations=tuple(_citation(e, quote) for e in claim.evidence))


def narrate(graph: nx.MultiDiGraph, ident: str, quote: Quoter | None = None) -> Narrative:
    """The story ``ident`` of the graph, each step's claims as sourced statements.

    Raises UsageError (with candidates) when no story has this id.
    """
    story = find_story(graph, ident)
    edges = _edge_index(graph)
    steps = []
    for number, step in enumerate(story.get("steps") or [], 1):
        statements, missing = [], []
        for claim_id in step.get("claims") or []:
            if claim_id in edges:
                statements.append(_statement(graph, edges[claim_id], quote))
            else:
                missing.append(claim_id)
        actors = tuple((a, str(graph.nodes[a].get("label", a)) if a in graph else a)
                       for a in step.get("actors") or [])
        steps.append(NarratedStep(
            number=int(step.get("number") or number), title=str(step.get("title") or ""),
            text=str(step.get("text") or ""), actors=actors, focus=step.get("focus"),
            window=step.get("window"), view=dict(step.get("view") or {}),
            statements=tuple(statements), missing=tuple(missing)))
    return Narrative(id=str(story.get("id")), title=str(story.get("title") or ""),
                     summary=str(story.get("summary") or ""), lead=str(story.get("lead") or ""),
                     case=graph.graph.get("name"), steps=tuple(steps))


def _citation_json(citation: Citation) -> dict[str, Any]:
    e = citation.evidence
    return {"source": e.source, "title": e.title, "author": e.author, "date": e.date,
            "lines": list(e.lines), "note": e.note,
            "quote": None if citation.quote is None
            else {"text": list(citation.quote), "omitted": citation.omitted}}


def _statement_json(statement: Statement) -> dict[str, Any]:
    c = statement.claim
    return {"id": c.id, "statement": statement.sentence,
            "source": c.source, "source_name": statement.source_name,
            "relation": c.relation, "phrase": c.phrase,
            "target": c.target, "target_name": statement.target_name,
            "date": c.date, "start": c.start, "end": c.end, "when": statement.when or None,
            "status": c.status or "confirmed",
            "claimed_by": [{"id": i, "name": n} for i, n in statement.claimed_by],
            "attributes": statement.attributes,
            "evidence": [_citation_json(x) for x in statement.citations]}


def narrative_json(narrative: Narrative) -> dict[str, Any]:
    """The narrative as JSON-ready data (the structure is documented in docs/stories.md)."""
    return {
        "id": narrative.id, "title": narrative.title, "summary": narrative.summary,
        "lead": narrative.lead, "case": narrative.case,
        "steps": [{
            "number": s.number, "title": s.title, "text": s.text, "focus": s.focus,
            "actors": [{"id": i, "name": n} for i, n in s.actors],
            "window": s.window, "view": s.view,
            "claims": [_statement_json(x) for x in s.statements],
            "missing_claims": list(s.missing),
        } for s in narrative.steps],
    }
