"""Find the actor someone means: by id, name or alias, whatever the accents or case.

People type "Zhanaozen", "Zhanaözen" or "zhanaozen-city-court"; sources spell names in
several transliterations, and some arrive as UTF-8 mis-read as Latin-1. A name is
compared in folded form (:func:`graphkit.text.fold`: mojibake repaired, NFKD, combining
marks dropped, casefolded), then, failing that, word by word so that hyphens and
punctuation do not matter, then as a transliteration (:func:`graphkit.names.skeleton`),
which must point at a single actor. A name that matches nothing, or more than one actor, is a
:class:`~graphkit.errors.NotFound` carrying the closest candidates, never a guess.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

import networkx as nx

from graphkit.errors import NotFound
from graphkit.names import skeleton
from graphkit.text import fold, fold_words

__all__ = ["resolve", "names_of"]


def names_of(graph: nx.Graph, node: str) -> Iterator[str]:
    """Every name an actor answers to: its id, its label, its aliases."""
    data = graph.nodes[node]
    yield node
    if data.get("label"):
        yield str(data["label"])
    for alias in data.get("aliases") or ():
        yield str(alias)


def _describe(graph: nx.Graph, node: str) -> str:
    label = graph.nodes[node].get("label")
    return f"{label} ({node})" if label and label != node else node


def resolve(graph: nx.Graph, name: str) -> str:
    """Return the id of the one actor called ``name`` in ``graph``.

    Raises
    ------
    NotFound
        When no actor or several actors answer to ``name``; ``candidates`` then lists
        the closest (or all matching) actors as ``"Label (id)"``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("roza-tuletaeva", label="Roza Tuletaeva", aliases=["Roza Tuletayeva"])
    >>> resolve(g, "ROZA TULETAYEVA")
    'roza-tuletaeva'
    """
    text = name.strip()
    if text in graph:
        return text
    folded = fold(text)
    words = " ".join(fold_words(text))
    exact: set[str] = set()
    loose: set[str] = set()
    every: dict[str, set[str]] = {}
    for node in graph.nodes:
        for alias in names_of(graph, node):
            key = fold(alias)
            every.setdefault(key, set()).add(node)
            if key == folded:
                exact.add(node)
            elif words and " ".join(fold_words(alias)) == words:
                loose.add(node)
    found = exact or loose
    if not found:
        # a transliteration of a recorded spelling (Tuletayeva for Tuletaeva, Janaozen
        # for Zhanaozen): accepted only when it points at exactly one actor
        target = skeleton(text)
        found = {node for key, nodes in every.items() if target and skeleton(key) == target
                 for node in nodes}
    if len(found) == 1:
        return next(iter(found))
    if found:
        options = sorted(_describe(graph, n) for n in found)
        raise NotFound(f"{name!r} is ambiguous: {len(found)} actors answer to it; "
                       "name one by its id", options)
    # Names that contain every word typed ("roza" -> Roza Tuletaeva) come first, then
    # spellings that are merely close ("tuletaieva"); neither is taken on trust.
    wanted = set(fold_words(text))
    partial = sorted({node for key, nodes in every.items()
                      if wanted and wanted <= set(fold_words(key)) for node in nodes})
    close = difflib.get_close_matches(folded, list(every), n=8, cutoff=0.6)
    candidates: list[str] = [_describe(graph, node) for node in partial]
    for key in close:
        for node in sorted(every[key]):
            described = _describe(graph, node)
            if described not in candidates:
                candidates.append(described)
    raise NotFound(f"no actor called {name!r} in this graph", candidates[:8])
