"""The exact cited lines of each evidence item, for the explorer to show as quotations.

A curator's note is a paraphrase; only the source's own words are a quotation. When a
build is given the archived texts (``--archive DIR``), the page carries, for each
evidence item, the lines it cites, numbered, so a reader sees what the source says
beside what the curator made of it. The texts stay out of the repository: they reach
only the generated page.

Bounded, so that a case with long citations still makes a page a browser opens:
:class:`QuoteBudget` keeps at most ``max_lines`` lines and ``max_chars`` characters per
evidence item (the rest is cut and marked ``cut``), and ``max_total`` characters in all;
once that is spent, later evidence items (in claim id order) carry
``{"left_out": true}`` and the page says so and points at the lines in the archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkit.archive import ArchiveTexts
from graphkit.text import fix_mojibake, strip_controls

__all__ = ["QuoteBudget", "cited_quotes"]


@dataclass
class QuoteBudget:
    """Size limits of the quotations one page carries, and what was spent."""

    max_lines: int = 12
    max_chars: int = 1_500
    max_total: int = 1_000_000
    spent: int = 0
    quoted: int = 0
    cut: int = 0
    left_out: int = 0
    missing: int = 0

    def summary(self) -> dict[str, int]:
        """What the page says about its quotations (limits and counts)."""
        return {"max_lines": self.max_lines, "max_chars": self.max_chars,
                "max_total": self.max_total, "chars": self.spent, "quoted": self.quoted,
                "cut": self.cut, "left_out": self.left_out, "missing": self.missing}


def cited_quotes(edges: list[tuple[Any, Any, Any, Any]], sources: dict[str, Any],
                 archive: Path, budget: QuoteBudget) -> dict[tuple[str, int], dict[str, Any]]:
    """``{(claim id, evidence index): quote}`` for every evidence item citing lines.

    A quote is ``{"lines": [[number, text], ...], "cut": bool}`` or
    ``{"left_out": true}``. Sources without an archived text, whose text is missing from
    ``archive`` or whose ``archive:`` name leads out of it, give no quote (counted as
    ``missing``): :class:`graphkit.archive.ArchiveTexts` reads the texts.
    """
    texts = ArchiveTexts(archive, {sid: (s or {}).get("archive") for sid, s in sources.items()})
    result: dict[tuple[str, int], dict[str, Any]] = {}
    for _u, _v, key, data in sorted(edges, key=lambda e: str(e[2])):
        for index, item in enumerate(data.get("evidence") or []):
            cited = [str(x) for x in item.get("lines") or []]
            if not cited:
                continue
            numbered = texts.numbered(str(item.get("source")), cited)
            if not numbered:
                budget.missing += 1
                continue
            if budget.spent >= budget.max_total:
                budget.left_out += 1
                result[(str(key), index)] = {"left_out": True}
                continue
            quoted: list[list[Any]] = []
            seen: set[int] = set()
            size, cut = 0, False
            for n, raw in numbered:
                if n in seen:
                    continue
                seen.add(n)
                if len(quoted) >= budget.max_lines or size >= budget.max_chars:
                    cut = True
                    break
                line = strip_controls(fix_mojibake(raw)).strip()
                if size + len(line) > budget.max_chars:
                    line = line[: budget.max_chars - size].rstrip() + "…"
                    cut = True
                quoted.append([n, line])
                size += len(line)
            budget.spent += size
            budget.quoted += 1
            budget.cut += cut
            result[(str(key), index)] = {"lines": quoted, "cut": cut}
    return result
