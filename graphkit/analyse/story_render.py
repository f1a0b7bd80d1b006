"""A narrative (:mod:`graphkit.analyse.story`) as Markdown or as plain text.

Markdown is for publishing: every statement carries footnotes to its evidence (source
title, author, date, lines), the curator's note is marked as a note and never set as a
quotation, and only the archived text itself (``--archive``) is quoted. Every string
from the data is escaped (:func:`graphkit.render.markdown_text`), so a title holding
``<script>`` or ``[^1]`` prints as typed. Plain text is for reading in a terminal: the
same content, with control characters removed, and the evidence worded as ``graphkit
path`` words it (:meth:`graphkit.analyse.paths.Evidence.text`).
"""

from __future__ import annotations

from collections.abc import Callable

from graphkit.analyse.story import Citation, NarratedStep, Narrative, Statement
from graphkit.citation import lines_phrase
from graphkit.dates import when_words
from graphkit.render import markdown_paragraphs, markdown_text
from graphkit.text import strip_controls

__all__ = ["narrative_markdown", "narrative_text"]


def _names(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _details(statement: Statement, escape: Callable[[str], str]) -> str:
    """`` (4 June 2012; years: 7)`` after a sentence, `` — count: 2000`` after one that
    ends with a bracket, or nothing."""
    details = statement.details()
    if not details:
        return ""
    return f" — {escape(details)}" if statement.closes_with_brackets else f" ({escape(details)})"


# --- Markdown ---------------------------------------------------------------------------


def _footnote(citation: Citation) -> str:
    """``*Title*, Author, December 2012, lines 49, 51-53. Curator's note: …`` and the quote."""
    e = citation.evidence
    parts = [f"*{markdown_text(e.title)}*" if e.title else markdown_text(e.source)]
    if e.author:
        parts.append(markdown_text(e.author))
    if e.date:
        parts.append(markdown_text(when_words(e.date)))
    if e.lines:
        parts.append(markdown_text(lines_phrase(e.lines)))
    text = ", ".join(parts) + "."
    if e.note:
        text += f" Curator's note: {markdown_text(e.note)}"
    if citation.quote:
        text += "\n\n    Cited text:\n"
        text += "".join(f"\n    > {markdown_text(line)}" for line in citation.quote)
        if citation.omitted:
            text += (f"\n    >\n    > \\[… {citation.omitted} cited line(s) shortened or "
                     "left out\\]")
    return text


class _Footnotes:
    """Numbers citations in order of first use; the same evidence keeps its number."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[object, ...], int] = {}
        self.texts: list[str] = []

    def ref(self, citation: Citation) -> str:
        number = self.numbers.get(citation.key)
        if number is None:
            number = self.numbers[citation.key] = len(self.texts) + 1
            self.texts.append(_footnote(citation))
        return f"[^{number}]"


def _statement_markdown(statement: Statement, notes: _Footnotes) -> str:
    text = markdown_text(statement.sentence) + _details(statement, markdown_text)
    text += "."
    if not statement.confirmed:
        text += f" **{markdown_text(statement.status_label)}**"
        if statement.claimed_by:
            text += ", claimed by " + _names([markdown_text(n) for _, n in statement.claimed_by])
        text += "."
    return "- " + text + "".join(notes.ref(c) for c in statement.citations)


def _step_markdown(step: NarratedStep, notes: _Footnotes) -> list[str]:
    blocks = [f"## {step.number}. {markdown_text(step.title)}"]
    if step.window:
        blocks.append(f"*Period: {markdown_text(step.window_words())}.*")
    blocks += markdown_paragraphs(step.text)
    if step.statements:
        blocks.append("\n".join(_statement_markdown(s, notes) for s in step.statements))
    if step.missing:
        blocks.append(f"*{len(step.missing)} claim(s) of this step are not in this graph "
                      "(filtered out).*")
    if step.actors:
        blocks.append("*Actors:* " + ", ".join(markdown_text(n) for _, n in step.actors) + ".")
    return blocks


def narrative_markdown(narrative: Narrative) -> str:
    """The story as Markdown: title, summary, a section per step, footnoted evidence."""
    notes = _Footnotes()
    blocks = [f"# {markdown_text(narrative.title)}", *markdown_paragraphs(narrative.summary)]
    count = len(narrative.steps)
    case = f"{markdown_text(narrative.case)}: a" if narrative.case else "A"
    blocks.append(f"*{case} story in {count} step{'s' if count != 1 else ''}. Each "
                  "statement is a claim of the case, with its status where it is not "
                  "confirmed; footnotes give its sources. Notes are the curator's words, "
                  "not quotations.*")
    for step in narrative.steps:
        blocks += _step_markdown(step, notes)
    if notes.texts:
        blocks.append("\n\n".join(f"[^{n}]: {t}" for n, t in enumerate(notes.texts, 1)))
    return "\n\n".join(blocks) + "\n"


# --- plain text -------------------------------------------------------------------------


def _plain(value: object) -> str:
    """One line without control characters (terminal escapes)."""
    return " ".join(strip_controls(str(value or "")).split())


def _paragraphs(value: object, indent: str) -> list[str]:
    text = strip_controls(str(value or "")).replace("\r\n", "\n")
    lines = []
    for paragraph in text.split("\n\n"):
        flat = " ".join(paragraph.split())
        if flat:
            lines += [indent + flat, ""]
    return lines


def _statement_text(statement: Statement) -> list[str]:
    line = _plain(statement.sentence) + _details(statement, _plain)
    if not statement.confirmed:
        line += f" [{_plain(statement.status_label).lower()}"
        if statement.claimed_by:
            line += ", claimed by " + _names([_plain(n) for _, n in statement.claimed_by])
        line += "]"
    lines = [f"   - {line}  [{_plain(statement.claim.id)}]"]
    for citation in statement.citations:
        lines.append(f"       evidence: {_plain(citation.evidence.text())}")
        for quoted in citation.quote or ():
            lines.append(f"         | {_plain(quoted)}")
        if citation.omitted:
            lines.append(f"         | [… {citation.omitted} cited line(s) shortened or left out]")
    return lines


def narrative_text(narrative: Narrative) -> str:
    """The story as plain text for a terminal."""
    title = _plain(narrative.title)
    lines = [title, "=" * min(len(title), 79), ""] + _paragraphs(narrative.summary, "")
    for step in narrative.steps:
        head = f"{step.number}. {_plain(step.title)}"
        if step.window:
            head += f"  ({_plain(step.window_words())})"
        lines += [head, ""] + _paragraphs(step.text, "   ")
        for statement in step.statements:
            lines += _statement_text(statement)
        if step.missing:
            lines.append(f"   ({len(step.missing)} claim(s) not in this graph)")
        if step.actors:
            lines.append("   actors: " + ", ".join(_plain(n) for _, n in step.actors))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
