"""How one piece of evidence reads as text: ``Title, lines 49, 51-53: note``.

Path steps on the terminal, the flat exports (GraphML, GEXF, CSV) and the report all
cite evidence; this is the one place that decides how, so a reader meets the same form
everywhere. (The explorer renders the same parts as HTML elements of its own.)
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["lines_phrase", "cite"]


def lines_phrase(lines: Sequence[object]) -> str:
    """``"line 49"``, ``"lines 49, 51-53"``, or ``""`` when no line is cited.

    >>> lines_phrase(["49"]), lines_phrase(["51-53"]), lines_phrase([49, "51-53"])
    ('line 49', 'lines 51-53', 'lines 49, 51-53')
    """
    if not lines:
        return ""
    single = len(lines) == 1 and "-" not in str(lines[0])
    return ("line " if single else "lines ") + ", ".join(str(x) for x in lines)


def cite(source: str, title: str | None, lines: Sequence[object], note: str | None, *,
         show_id: bool = False) -> str:
    """One evidence item as text: the source's title (its id when untitled, or beside the
    title with ``show_id``), the cited lines, and the curator's note after a colon.

    >>> cite("levy-2012", "Worker organisation", ["49"], "Sentenced to seven years.")
    'Worker organisation, line 49: Sentenced to seven years.'
    >>> cite("levy-2012", "Worker organisation", [], None, show_id=True)
    'Worker organisation [levy-2012]'
    """
    where = (f"{title} [{source}]" if show_id else title) if title else source
    phrase = lines_phrase(lines)
    if phrase:
        where += ", " + phrase
    return f"{where}: {note}" if note else where
