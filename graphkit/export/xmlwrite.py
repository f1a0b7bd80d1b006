"""A small streaming XML writer that cannot produce a malformed document.

GraphML and GEXF are written with this instead of networkx's writers because those
writers emit XML that strict parsers reject (control characters), reuse edge ids, and
cannot write the attributes Gephi reads edge kinds from (``kind``, ``<edge label>``).
Every value passes through :func:`graphkit.export.flatten.clean_text`, and escaping
covers what a parser would otherwise normalise away: ``\\r`` in text, and tab, line
feed and carriage return inside attribute values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from graphkit.export.flatten import clean_text

__all__ = ["XmlWriter", "escape_attribute", "escape_text"]

_MARKUP = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_WHITESPACE = (("\t", "&#9;"), ("\n", "&#10;"), ("\r", "&#13;"))

Attributes = Iterable[tuple[str, str]]


def escape_text(value: str) -> str:
    """Character data: XML-invalid characters removed, markup escaped, ``\\r`` kept."""
    value = clean_text(value)
    for char, entity in _MARKUP:
        if char in value:
            value = value.replace(char, entity)
    return value.replace("\r", "&#13;") if "\r" in value else value


def escape_attribute(value: str) -> str:
    """An attribute value for double quotes; whitespace escaped so it reads back unchanged."""
    value = escape_text(value)
    if '"' in value:
        value = value.replace('"', "&quot;")
    if not value.isprintable():  # tab, line feed, carriage return (and harmless others)
        for char, entity in _WHITESPACE:
            value = value.replace(char, entity)
    return value


class XmlWriter:
    """Write elements one at a time, indented, into an open text file.

    Element and attribute *names* are graphkit's own constants and are written as
    given; attribute *values* and text are always escaped.
    """

    def __init__(self, handle: IO[str], indent: str = "  ") -> None:
        self._out = handle
        self._indent = indent
        self._open: list[str] = []

    def declaration(self) -> None:
        self._out.write('<?xml version="1.0" encoding="UTF-8"?>\n')

    def _tag(self, name: str, attributes: Attributes) -> str:
        parts = [name]
        parts.extend(f'{key}="{escape_attribute(value)}"' for key, value in attributes)
        return " ".join(parts)

    def start(self, name: str, attributes: Attributes = ()) -> None:
        """Open an element that will have children."""
        self._out.write(f"{self._indent * len(self._open)}<{self._tag(name, attributes)}>\n")
        self._open.append(name)

    def end(self, name: str) -> None:
        """Close the innermost element (which must be ``name``)."""
        if not self._open or self._open[-1] != name:
            raise ValueError(f"closing <{name}> but <{self._open[-1] if self._open else ''}> "
                             "is open")
        self._open.pop()
        self._out.write(f"{self._indent * len(self._open)}</{name}>\n")

    def element(self, name: str, attributes: Attributes = (), text: str | None = None) -> None:
        """A leaf element: empty, or holding text exactly as given (no added whitespace)."""
        pad = self._indent * len(self._open)
        tag = self._tag(name, attributes)
        if text is None:
            self._out.write(f"{pad}<{tag}/>\n")
        else:
            self._out.write(f"{pad}<{tag}>{escape_text(text)}</{name}>\n")

    def close(self) -> None:
        """Check that every element was closed."""
        if self._open:
            raise ValueError(f"unclosed elements: {', '.join(self._open)}")
