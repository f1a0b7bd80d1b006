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

from graphkit.archive import read_lines
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


def _numbers(lines: list[str]) -> list[int]:
    """``["49", "51-53"]`` -> ``[49, 51, 52, 53]`` (in citation order, no repeats)."""
    result: list[int] = []
    for item in lines:
        first, _, last = str(item).partition("-")
        try:
            a, b = int(first), int(last or first)
        except ValueError:
            continue
        for n in range(a, min(b, a + 10_000) + 1):
            if n not in result:
                result.append(n)
    return result


def cited_quotes(edges: list[tuple[Any, Any, Any, Any]], sources: dict[str, Any],
                 archive: Path, budget: QuoteBudget) -> dict[tuple[str, int], dict[str, Any]]:
    """``{(claim id, evidence index): quote}`` for every evidence item citing lines.

    A quote is ``{"lines": [[number, text], ...], "cut": bool}`` or
    ``{"left_out": true}``. Sources without an archived text, or whose text is missing
    from ``archive``, give no quote (counted as ``missing``).
    """
    texts: dict[str, list[str] | None] = {}
    result: dict[tuple[str, int], dict[str, Any]] = {}
    for _u, _v, key, data in sorted(edges, key=lambda e: str(e[2])):
        for index, item in enumerate(data.get("evidence") or []):
            numbers = _numbers(item.get("lines") or [])
            source = str(item.get("source"))
            if not numbers:
                continue
            if source not in texts:
                name = (sources.get(source) or {}).get("archive")
                try:
                    texts[source] = read_lines(archive / name) if name else None
                except OSError:
                    texts[source] = None
            text = texts[source]
            if text is None:
                budget.missing += 1
                continue
            if budget.spent >= budget.max_total:
                budget.left_out += 1
                result[(str(key), index)] = {"left_out": True}
                continue
            quoted, size, cut = [], 0, False
            for n in numbers:
                if not 1 <= n <= len(text):
                    continue
                line = strip_controls(fix_mojibake(text[n - 1])).strip()
                if len(quoted) >= budget.max_lines or size >= budget.max_chars:
                    cut = True
                    break
                if size + len(line) > budget.max_chars:
                    line = line[: budget.max_chars - size].rstrip() + "…"
                    cut = True
                quoted.append([n, line])
                size += len(line)
            if not quoted:
                budget.missing += 1
                continue
            budget.spent += size
            budget.quoted += 1
            budget.cut += cut
            result[(str(key), index)] = {"lines": quoted, "cut": cut}
    return result
