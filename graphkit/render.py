"""Rows of results as a table, CSV, JSON or Markdown: one renderer for every query command.

Every command that prints a list (centrality, path, neighbors, communities, stats)
hands its rows here, so ``--format`` means the same thing everywhere and a script can
switch from reading a table to reading JSON without surprises. Output is deterministic:
rows come out in the order given, columns in the order named, floats in ``repr`` form
in CSV and JSON (full precision, so results can be compared exactly) and rounded to six
significant digits only where a person reads them (table, markdown).

Text is made safe for where it goes: CSV text cells get the spreadsheet formula guard
(:mod:`graphkit.spreadsheet`); Markdown (cells, and report.md) goes through
:func:`markdown_text`; terminal control characters are escaped by the CLI on the way out.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from graphkit.errors import UsageError
from graphkit.spreadsheet import guard_formula
from graphkit.text import strip_controls

__all__ = ["FORMATS", "emit", "format_cell", "in_order", "markdown_text", "markdown_cell",
           "markdown_paragraphs"]

FORMATS = ("table", "csv", "json", "markdown")


def in_order(keys: Iterable[str], preferred: Iterable[str]) -> list[str]:
    """``keys`` with the ``preferred`` ones first, in that order, then the rest sorted.

    How every listing orders its columns or rows: the vocabulary's (or the contract's)
    order for what it knows, then anything else alphabetically, so output is stable.

    >>> in_order(["zeta", "status", "alpha", "relation"], ["relation", "status"])
    ['relation', 'status', 'alpha', 'zeta']
    """
    present = list(keys)
    seen = set(present)
    known = [k for k in preferred if k in seen]
    first = set(known)
    return known + sorted(k for k in present if k not in first)


def format_cell(value: Any) -> str:
    """A value as one line of text for people: lists joined by "; ", floats to 6 digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(format_cell(v) for v in value)
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


#: Characters Markdown (CommonMark, GitHub's GFM with footnotes and math) may read as
#: markup anywhere in a line: emphasis, code, links and footnotes, tables, strikethrough,
#: math, headings' closing hashes, and the escape character itself.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~$#])")
#: What starts a block when it begins a line: a list item (``-``, ``+``, ``1.``, ``1)``).
_MD_LINE_START = re.compile(r"^([-+])|^(\d+)([.)])")


def markdown_text(value: Any) -> str:
    """``value`` as one line of Markdown that shows exactly what was typed.

    Every string in a case file is hostile to the page it lands on: a name may hold
    ``<script>``, a title ``[link](javascript:…)`` or ``[^1]``, a note ``| col |``.
    Control characters (terminal escapes) are removed, whitespace runs become one space,
    ``& < >`` become entities (never HTML), Markdown punctuation is backslash-escaped,
    and a leading list marker is escaped so the text may start a line.
    """
    text = " ".join(strip_controls(format_cell(value)).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1)
                              else f"{m.group(2)}\\{m.group(3)}", text)


#: In a table cell only what could leave the cell or make markup that runs or links
#: needs escaping: pipes, the escape character, HTML's angle brackets, link brackets.
_CELL = str.maketrans({"\\": "\\\\", "|": "\\|", "[": "\\[", "]": "\\]", "<": "&lt;",
                       ">": "&gt;"})


def markdown_cell(value: Any) -> str:
    """``value`` as the text of one Markdown table cell: no HTML, no link, no new cell.

    Lighter than :func:`markdown_text` (a cell starts no block, and intraword ``_`` is
    no emphasis), so tables stay readable as plain text: ``associated_with``, ``20.0%``.
    """
    return " ".join(strip_controls(format_cell(value)).split()).translate(_CELL)


def markdown_paragraphs(value: Any) -> list[str]:
    """A curator's text as escaped Markdown paragraphs: blank lines separate them."""
    text = strip_controls(str(value or "")).replace("\r\n", "\n").replace("\r", "\n")
    return [markdown_text(p) for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(_csv_text(v) for v in value)
    return str(value)


def _csv_cell(value: Any) -> str:
    """A CSV cell: numbers as written, text behind the formula guard."""
    text = _csv_text(value)
    return text if _is_number(value) else guard_formula(text)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


#: The narrowest a text column is cut to when a table must fit a terminal.
MIN_CUT_WIDTH = 12


def _fit(widths: list[int], numeric: list[bool], columns: Sequence[str],
         width: int) -> list[int]:
    """Column widths for a line of at most ``width`` characters: the widest text
    columns give way first, none below :data:`MIN_CUT_WIDTH` or its header."""
    widths = list(widths)
    while True:
        total = sum(widths) + 2 * (len(widths) - 1)
        if total <= width:
            return widths
        floors = [max(MIN_CUT_WIDTH, len(c)) for c in columns]
        cuttable = [i for i, w in enumerate(widths) if not numeric[i] and w > floors[i]]
        if not cuttable:
            return widths
        widest = max(cuttable, key=lambda i: widths[i])
        widths[widest] = max(floors[widest], widths[widest] - (total - width))


def _table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], stream: IO[str],
           width: int | None = None) -> bool:
    cells = [[format_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [bool(rows) and all(_is_number(row.get(c)) or row.get(c) is None for row in rows)
               for c in columns]
    cut = False
    if width is not None:
        fitted = _fit(widths, numeric, columns, width)
        if fitted != widths:
            widths, cut = fitted, True
            cells = [[v if len(v) <= w else v[:w - 1] + "…" for v, w in zip(r, widths, strict=True)]
                     for r in cells]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w)
                 for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    stream.write(line(list(columns)) + "\n")
    stream.write(line(["-" * w for w in widths]) + "\n")
    for row in cells:
        stream.write(line(row) + "\n")
    return cut


def _markdown(rows: Sequence[Mapping[str, Any]], columns: Sequence[str],
              stream: IO[str]) -> None:
    def cell(value: Any) -> str:
        return format_cell(value) if _is_number(value) else markdown_cell(value)

    numeric = [bool(rows) and all(_is_number(row.get(c)) or row.get(c) is None for row in rows)
               for c in columns]
    stream.write("| " + " | ".join(cell(c) for c in columns) + " |\n")
    stream.write("| " + " | ".join("---:" if n else "---" for n in numeric) + " |\n")
    for row in rows:
        stream.write("| " + " | ".join(cell(row.get(c)) for c in columns) + " |\n")


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def emit(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str,
         stream: IO[str], width: int | None = None) -> bool:
    """Write ``rows`` (dicts) restricted to ``columns`` to ``stream`` in format ``fmt``.

    ``fmt`` is one of ``table`` (aligned text, numbers right-aligned), ``csv`` (header
    row, RFC 4180 quoting), ``json`` (a list of objects, keys in column order; NaN
    becomes null) or ``markdown`` (a pipe table, ``|`` escaped).

    ``width`` (a terminal's, for ``table`` only) cuts the widest text cells with "…" so
    that lines fit; the return value says whether any cell was cut. Other formats are
    always whole.
    """
    if fmt == "table":
        return _table(rows, columns, stream, width)
    elif fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row.get(c)) for c in columns])
    elif fmt == "json":
        data = [{c: _json_value(row.get(c)) for c in columns} for row in rows]
        stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "markdown":
        _markdown(rows, columns, stream)
    else:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return False
