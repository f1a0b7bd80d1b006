"""Ids made from names, for rows that leave the id out.

A curator's sheet rarely has an id column. graphkit needs one per actor and source,
stable (the same sheet always gives the same ids) and unique. The id is the name as a
lowercase ASCII slug, the way ids are written in the contract (``Roza Tuletaeva`` ->
``roza-tuletaeva``, ``Жаңаөзен`` -> ``zhanaozen``); a clash gets ``-2``, ``-3``, … in
row order. Ids written in the sheet are reserved first, so a made id never takes one a
later row states. Once imported, ids are written into the YAML and into any later
export of the case: they stay fixed from then on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graphkit.names import romanise

__all__ = ["slug", "IdMaker"]

_NON_SLUG = re.compile(r"[^a-z0-9]+")
MAX_LENGTH = 60


def slug(name: str, fallback: str = "item") -> str:
    """``name`` as an id: lowercase ASCII letters, digits and single hyphens.

    >>> slug("Roza Tuletaeva"), slug("Жаңаөзен city court"), slug("OzenMounaÃ¯Gaz")
    ('roza-tuletaeva', 'zhanaozen-city-court', 'ozenmounaigaz')
    >>> slug("=HYPERLINK()"), slug("¿?", "actor")
    ('hyperlink', 'actor')
    """
    text = _NON_SLUG.sub("-", romanise(name).lower()).strip("-")
    if len(text) > MAX_LENGTH:
        cut = text[:MAX_LENGTH]
        text = cut[: cut.rfind("-")] if "-" in cut[MAX_LENGTH // 2:] else cut
        text = text.strip("-")
    return text or fallback


class IdMaker:
    """Hands out unique ids made from names, never one of the ``reserved`` ids."""

    def __init__(self, reserved: Iterable[str], fallback: str) -> None:
        self.taken = set(reserved)
        self.fallback = fallback

    def make(self, name: str) -> str:
        base = slug(name, self.fallback)
        ident, n = base, 1
        while ident in self.taken:
            n += 1
            ident = f"{base}-{n}"
        self.taken.add(ident)
        return ident
