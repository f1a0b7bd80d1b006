"""A case diff as text (for a terminal), Markdown (a pull-request comment) or JSON.

Status changes come first in every form. Text and Markdown are for people: a value
longer than a few lines is cut with the count of what was left out (JSON always holds
everything), newlines are shown as ``↵``. In Markdown every value from the data sits
in a code span, so that nothing a curator typed (``<script>``, ``@someone``, ``[a](b)``,
``|``) renders as markup, pings anyone or breaks a list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import IO, Any

from graphkit.diff.compare import CaseDiff, Change, Section

__all__ = ["render", "FORMATS", "MAX_SHOWN"]

FORMATS = ("text", "markdown", "json")
MAX_SHOWN = 300
_BACKTICKS = re.compile(r"`+")


def _shown(value: Any) -> str:
    """A value as one line for people: strings quoted, lists joined, long text cut."""
    if value is None:
        return "(none)"
    if isinstance(value, list):
        text = "[" + ", ".join(_shown(v) for v in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) + "}"
    elif isinstance(value, str):
        text = value
        if len(text) > MAX_SHOWN:
            text = text[:MAX_SHOWN] + f"… (+{len(value) - MAX_SHOWN:,} characters)"
        text = '"' + text.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵") + '"'
    else:
        text = json.dumps(value)
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def _code(text: str) -> str:
    """A Markdown code span holding ``text``, whatever backticks it holds."""
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _evidence(item: dict[str, Any]) -> str:
    text = str(item["source"])
    if item["lines"]:
        many = len(item["lines"]) > 1 or "-" in item["lines"][0]
        text += (", lines " if many else ", line ") + ", ".join(item["lines"])
    if item["note"]:
        text += ": " + _shown(item["note"])
    return text


def _change_lines(change: Change) -> list[str]:
    """One change as lines: ``field: old → new``; lists item by item (``+``/``-``)."""
    if isinstance(change.old, list) and isinstance(change.new, list):
        added, removed = change.delta()
        show = _evidence if change.field == "evidence" else _shown
        lines = [f"{change.field}: + {show(v)}" for v in added]
        lines += [f"{change.field}: - {show(v)}" for v in removed]
        return lines or [f"{change.field}: same items, another order"]
    if change.field == "attributes":
        lines = []
        for key in sorted(set(change.old) | set(change.new), key=str):
            a, b = change.old.get(key), change.new.get(key)
            if (type(a), a) != (type(b), b):
                lines.append(f"attributes.{key}: {_shown(a)} → {_shown(b)}")
        return lines
    return [f"{change.field}: {_shown(change.old)} → {_shown(change.new)}"]


def _counts(section: Section) -> str:
    counts = section.counts()
    parts = [f"{n} {what}" for what, n in counts.items() if n]
    return ", ".join(parts) if parts else "unchanged"


def _headline(diff: CaseDiff) -> str:
    parts = []
    if diff.status_changes:
        n = len(diff.status_changes)
        parts.append(f"{n} status change{'s' if n != 1 else ''}")
    for name, section in (("actors", diff.actors), ("claims", diff.claims),
                          ("sources", diff.sources), ("stories", diff.stories)):
        if section:
            parts.append(f"{name}: {_counts(section)}")
    return "; ".join(parts)


def _entries(diff: CaseDiff) -> list[tuple[str, list[tuple[str, str, str, list[str]]]]]:
    """Sections of (mark, id, label, detail lines), in the order every form shows them."""
    status = [("~", s.id, s.label, [f"status: {s.old} → {s.new}"])
              for s in diff.status_changes]
    sections = [("Status changes", status)]
    for title, section, label in (
            ("Actors", diff.actors, lambda i: f"{i['name']} ({i['type']})"),
            ("Claims", diff.claims, lambda i: i["label"]),
            ("Sources", diff.sources, lambda i: i["title"]),
            ("Stories", diff.stories, lambda i: i["title"])):
        rows: list[tuple[str, str, str, list[str]]] = []
        for item in section.renamed:
            how = ["merged into an actor already there"] if item.get("merged") else []
            rows.append((">", f"{item['old']} → {item['new']}", item["name"], how))
        for item in section.added:
            rows.append(("+", item["id"], label(item), []))
        for item in section.removed:
            rows.append(("-", item["id"], label(item), []))
        for change in section.changed:
            lines = [line for c in change.changes for line in _change_lines(c)]
            # an id is shown changing when a written id changed; an id graphkit derives
            # follows its ends, and a rename is listed with the actors already
            ident = f"{change.old_id} → {change.id}" \
                if any(c.field == "id" for c in change.changes) else change.id
            rows.append(("~", ident, change.label, lines))
        sections.append((title, rows))
    return [(t, rows) for t, rows in sections if rows]


def _text(diff: CaseDiff, stream: IO[str]) -> None:
    stream.write(f"{diff.old} → {diff.new}: {_headline(diff)}\n")
    for title, rows in _entries(diff):
        stream.write(f"\n{title}\n")
        for mark, ident, label, lines in rows:
            stream.write(f"  {mark} {ident}  {_shown(label)[1:-1]}\n")
            for line in lines:
                stream.write(f"      {line}\n")


def _markdown(diff: CaseDiff, stream: IO[str]) -> None:
    stream.write(f"### Changes to the case: {_code(diff.old)} → {_code(diff.new)}\n\n")
    stream.write(f"**{_headline(diff)}**\n")
    words = {"+": "added", "-": "removed", "~": "changed", ">": "renamed"}
    for title, rows in _entries(diff):
        stream.write(f"\n#### {title}\n\n")
        for mark, ident, label, lines in rows:
            what = "" if title == "Status changes" else f"{words[mark]} "
            head = f"- {what}{_code(ident)} {_code(_shown(label)[1:-1])}"
            if title == "Status changes":
                head += f": **{lines[0].split(': ', 1)[1]}**"
                lines = []
            stream.write(head + "\n")
            for line in lines:
                field, colon, rest = line.partition(": ")
                stream.write(f"  - {field}: {_code(rest)}\n" if colon else f"  - {line}\n")


def _json(diff: CaseDiff, stream: IO[str]) -> None:
    stream.write(json.dumps(diff.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n")


_RENDERERS: dict[str, Callable[[CaseDiff, IO[str]], None]] = {
    "text": _text, "markdown": _markdown, "json": _json}


def render(diff: CaseDiff, fmt: str, stream: IO[str]) -> None:
    """Write ``diff`` to ``stream``; text and Markdown write nothing when the cases are
    equal (like diff(1)), JSON always writes an object (``"equal": true``)."""
    if diff.equal and fmt != "json":
        return
    _RENDERERS[fmt](diff, stream)
