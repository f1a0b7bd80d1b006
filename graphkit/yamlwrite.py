"""Write data files that graphkit's own reader reads back exactly, whatever the text.

``graphkit import`` turns spreadsheet cells into ``sources.yaml``, ``entities.yaml`` and
``edges.yaml``. Cells are hostile: formulas, ``NO`` (Norway), ``7`` meant as text, ``null``,
newlines, bidi controls, 30,000-character notes. Each string is written either as a plain
scalar, when that is unambiguous, or double-quoted:

* plain only when it starts with a letter or digit, holds none of the characters that
  could end or change it (``: ``, `` #``, brackets, braces; commas inside ``[a, b]``),
  and neither YAML 1.1 (``yes``, ``NO``, ``~``, ``2011-12-16``) nor graphkit (``1e3``,
  ``true``, ``007`` in attributes) would read it as anything but text;
* otherwise double-quoted with JSON's escapes (a subset of YAML's), and every character
  that is not printable (DEL, C1 controls, U+2028, bidi controls, BOM) escaped as
  ``\\uXXXX``, so that nothing is folded, dropped or hidden.

Numbers and ``true``/``false`` in attributes are written plain, exactly as the sheet
held them. No tags, anchors or flow mappings are ever written.

Why not ``yaml.dump``: with the C emitter it still represents and resolves every value
in Python; on 50,000 claims it takes 18 s where this module takes about 1 s, and the
quoting rules here are few enough to be tested exhaustively (tests/test_yamlwrite.py
checks them against PyYAML's reader and graphkit's own).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

import yaml

from graphkit.export.atomic import atomic_write
from graphkit.validate import typed_value

__all__ = ["Typed", "scalar", "dump_documents", "write_documents"]

#: Plain scalars: a letter or digit first, then a conservative set of characters. In a
#: block (``key: value``) a comma, ``: `` is excluded but ``:`` before a non-space is fine
#: (``https://``), and ``#`` after a non-space (``no#1``); in a flow list (``[a, b]``) no
#: comma, colon, ``#`` or ``?`` at all (``0?`` before ``,`` reads as a mapping key there).
_PLAIN_BLOCK = re.compile(r"[^\W_](?:[\w .,;()/'’&+!?\"%*@$=~<>|-]|:(?=\S)|(?<=\S)#)*")
_PLAIN_FLOW = re.compile(r"[^\W_][\w .;()/'’&+!\"%*@$=~<>|-]*")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


class Typed(str):
    """A number or ``true``/``false`` exactly as written, to be written plain (typed)."""

    def __new__(cls, text: str) -> Typed:
        if text != text.strip() or isinstance(typed_value(text), str):
            raise ValueError(f"{text!r} is not a number or true/false")
        return super().__new__(cls, text)


@lru_cache(maxsize=65536)
def _text(value: str, flow: bool) -> str:
    plain = _PLAIN_FLOW if flow else _PLAIN_BLOCK
    if (plain.fullmatch(value) and value[-1] != " " and value.isprintable()
            and isinstance(typed_value(value), str)
            and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR):
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    if quoted.isprintable():
        return quoted
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in quoted)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def scalar(value: str | int | float | bool, flow: bool = False) -> str:
    """One value as a YAML scalar that reads back as the same value; ``flow`` for an
    item of a ``[a, b]`` list.

    >>> [scalar(v) for v in ("Roza Tuletaeva", "NO", "7", "=1+1", "a: b", Typed("7"), 7)]
    ['Roza Tuletaeva', '"NO"', '"7"', '"=1+1"', '"a: b"', '7', '7']
    """
    if isinstance(value, Typed):
        return str.__str__(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and value != value:  # NaN has no exact YAML form here
            raise ValueError("NaN cannot be written")
        return repr(value) if isinstance(value, float) else str(value)
    return _text(value, flow)


def _lines(item: Mapping[str, Any], indent: str) -> Iterator[str]:
    """The ``key: value`` lines of one mapping; None and empty values are left out."""
    first = True
    for key, value in item.items():
        if value is None or (isinstance(value, (list, tuple, dict)) and not value):
            continue
        lead = indent if not first else ""
        first = False
        name = scalar(key)
        if isinstance(value, Mapping):
            yield f"{lead}{name}:\n"
            for sub, subvalue in value.items():
                if subvalue is not None:
                    yield f"{indent}  {scalar(sub)}: {scalar(subvalue)}\n"
        elif isinstance(value, (list, tuple)) and all(isinstance(v, Mapping) for v in value):
            yield f"{lead}{name}:\n"
            for element in value:
                yield f"{indent}- "
                yield from _lines(element, indent + "  ")
        elif isinstance(value, (list, tuple)):
            yield f"{lead}{name}: [{', '.join(scalar(v, flow=True) for v in value)}]\n"
        else:
            yield f"{lead}{name}: {scalar(value)}\n"
    if first:  # a mapping with nothing to write
        yield "{}\n"


def dump_documents(items: Iterable[Mapping[str, Any]], header: str = "") -> Iterator[str]:
    """YAML text of a list of mappings, in chunks, one blank line between items.

    Values may be strings, numbers, booleans, :class:`Typed`, lists of those (written
    ``[a, b]``), mappings of those (written as a block, like ``attributes``) and lists
    of mappings (written as a block list, like ``evidence``).
    """
    for line in header.splitlines():
        yield f"# {line}\n" if line else "#\n"
    any_item = False
    for item in items:
        yield "\n" if (any_item or header) else ""
        any_item = True
        yield "- "
        yield from _lines(item, "  ")
    if not any_item:
        yield "[]\n"


def write_documents(path: str | os.PathLike[str], items: Iterable[Mapping[str, Any]],
                    header: str = "") -> None:
    """Write :func:`dump_documents` to ``path`` atomically (UTF-8, ``\\n`` line ends)."""
    with atomic_write(path) as handle:
        buffer: list[str] = []
        for chunk in dump_documents(items, header):
            buffer.append(chunk)
            if len(buffer) >= 4096:
                handle.write("".join(buffer))
                buffer.clear()
        handle.write("".join(buffer))
