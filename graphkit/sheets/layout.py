"""The sheet layout, as data: which sheets, which columns, and how a cell holds a list.

A case as spreadsheets is three sheets (or three CSV files), one per data file:

* **Actors** (entities.yaml): one row per actor;
* **Claims** (edges.yaml): one row per evidence item; a claim with one evidence item is
  one row, and the rows of a claim with several share its ``id`` (or, for a claim
  whose id graphkit makes, a ``claim`` key); every other column is a claim attribute;
* **Sources** (sources.yaml): one row per source.

Headers are matched whatever their case, spaces, underscores or hyphens (``Claimed
by``, ``claimed_by``), and a few names other tools use are accepted (Kumu's ``Label``
for a name and ``Type`` for a relation). docs/sheets.md explains the layout to people.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

__all__ = ["SheetSpec", "SPECS", "KINDS", "normalise", "split_list", "join_list", "classify",
           "ATTRIBUTE_PREFIX", "ATTRIBUTE_NAME", "LIST_SEPARATOR", "DATE_FIELDS"]


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: its names, its columns (header -> field) and which are required."""

    kind: str                       # the document it becomes: sources, entities, claims
    names: tuple[str, ...]          # accepted sheet / CSV file names; the first is written
    columns: tuple[tuple[str, str], ...]   # (header as written, field), in written order
    required: tuple[str, ...]       # headers that must be present
    lists: tuple[str, ...] = ()     # headers whose cells hold several values
    synonyms: tuple[tuple[str, str], ...] = ()  # other header -> header

    @property
    def headers(self) -> dict[str, str]:
        """Normalised header -> written header, synonyms included."""
        found = {normalise(h): h for h, _ in self.columns}
        found.update((normalise(other), h) for other, h in self.synonyms)
        return found

    @property
    def fields(self) -> dict[str, str]:
        """Written header -> field of the YAML item (``from`` -> ``source``)."""
        return dict(self.columns)


SPECS: dict[str, SheetSpec] = {
    "entities": SheetSpec(
        "entities", ("Actors", "Entities", "Elements"),
        (("id", "id"), ("name", "name"), ("type", "type"), ("aliases", "aliases"),
         ("description", "description"), ("country", "country"), ("date", "date"),
         ("start", "start"), ("end", "end"), ("url", "url"), ("sources", "sources")),
        required=("name", "type"), lists=("aliases", "sources"),
        synonyms=(("label", "name"), ("alias", "aliases"))),
    "claims": SheetSpec(
        "claims", ("Claims", "Edges", "Connections", "Relationships"),
        (("id", "id"), ("claim", "claim"), ("from", "source"), ("to", "target"),
         ("relation", "relation"), ("date", "date"), ("start", "start"), ("end", "end"),
         ("status", "status"), ("claimed by", "claimed_by"), ("source", "evidence.source"),
         ("lines", "evidence.lines"), ("note", "evidence.note")),
        required=("from", "to", "relation", "source"), lists=("claimed by",),
        synonyms=(("type", "relation"),)),
    "sources": SheetSpec(
        "sources", ("Sources", "Bibliography"),
        (("id", "id"), ("title", "title"), ("author", "author"), ("publisher", "publisher"),
         ("date", "date"), ("url", "url"), ("archive", "archive"), ("note", "note")),
        required=("title",)),
}
#: The sheets in the order a workbook holds them.
KINDS = ("entities", "claims", "sources")
DATE_FIELDS = frozenset({"date", "start", "end"})

#: A claims column named ``attr_<name>`` is the attribute ``<name>`` whatever ``<name>``
#: is; any other column that is not a claim field is an attribute named by its header.
ATTRIBUTE_PREFIX = "attr_"
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z_][\w-]*$")

LIST_SEPARATOR = ";"
_SPLIT = re.compile(r"\\(.)|;", re.S)
_WORDS = re.compile(r"[\s_-]+")


def normalise(header: str) -> str:
    """The comparable form of a header: ``"Claimed_By "`` -> ``"claimed by"``."""
    return " ".join(w for w in _WORDS.split(header.strip().casefold()) if w)


def split_list(cell: str) -> list[str]:
    """The values of a list cell: separated by ``;``; ``\\;`` is a semicolon and ``\\\\``
    a backslash inside a value; any other backslash is kept as it is. Values are
    stripped and empty ones dropped.

    >>> split_list(r"Roza Tuletaeva; Tuletayeva\\; R.; AC\\DC; ;")
    ['Roza Tuletaeva', 'Tuletayeva; R.', 'AC\\\\DC']
    """
    values: list[str] = []
    current: list[str] = []
    position = 0
    for match in _SPLIT.finditer(cell):
        current.append(cell[position:match.start()])
        escaped = match.group(1)
        if escaped is None:
            values.append("".join(current))
            current = []
        elif escaped in ";\\":
            current.append(escaped)
        else:
            current.append(match.group(0))
        position = match.end()
    current.append(cell[position:])
    values.append("".join(current))
    return [v.strip() for v in values if v.strip()]


def join_list(values: list[str] | tuple[str, ...]) -> str:
    """The cell holding ``values``, so that :func:`split_list` gives them back.

    >>> join_list(["Roza Tuletaeva", "Tuletayeva; R.", "AC\\\\DC"])
    'Roza Tuletaeva; Tuletayeva\\\\; R.; AC\\\\\\\\DC'
    """
    return "; ".join(v.replace("\\", "\\\\").replace(";", "\\;") for v in values)


def classify(kind: str, header: str) -> tuple[str, str]:
    """What a header names: ``("field", header as written in the layout)``,
    ``("attribute", name)`` (claims only), ``("typo", closest header)`` for an unknown
    header that looks like a misspelt column, ``("invalid", header)`` for a claims
    header that is no attribute name, ``("unknown", header)`` otherwise, ``("empty", "")``.

    >>> [classify("claims", h) for h in ("Claimed_By", "years", "attr_status", "stauts")]
    [('field', 'claimed by'), ('attribute', 'years'), ('attribute', 'status'), ('typo', 'status')]
    """
    text = header.strip()
    if not text:
        return "empty", ""
    known = SPECS[kind].headers
    norm = normalise(text)
    if kind == "claims" and text.casefold().startswith(ATTRIBUTE_PREFIX):
        name = text[len(ATTRIBUTE_PREFIX):].strip()
        return ("attribute", name) if ATTRIBUTE_NAME.match(name) else ("invalid", name)
    if norm in known:
        return "field", known[norm]
    close = difflib.get_close_matches(norm, list(known), n=1, cutoff=0.8)
    if kind != "claims":
        return ("typo", known[close[0]]) if close else ("unknown", text)
    if close:
        return "typo", known[close[0]]
    return ("attribute", text) if ATTRIBUTE_NAME.match(text) else ("invalid", text)
