"""The formula guard: text that a spreadsheet would run as a formula gets a ``'`` first.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return) as a formula. Case files quote people, and a description copied from a
web page may start with ``=HYPERLINK(...)``; so every CSV graphkit writes, the export
(``graphkit export --format csv``) and every query's ``--format csv`` (centrality,
neighbors, path, communities, stats), prefixes such text cells with ``'``, which
spreadsheets hide and treat as "this is text" (the OWASP advice). Numbers are never
prefixed. One home, so the two kinds of CSV cannot drift apart.
"""

from __future__ import annotations

__all__ = ["FORMULA_PREFIXES", "guard_formula"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(text: str) -> str:
    """``text``, with ``'`` in front when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
