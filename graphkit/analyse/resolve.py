"""Find the actor someone means: by id, name or alias, whatever the accents or case.

People type "Zhanaozen", "Zhanaözen" or "zhanaozen-city-court"; sources spell names in
several transliterations, and some arrive as UTF-8 mis-read as Latin-1. The rules
(folded name, then word by word, then transliteration, which must point at a single
actor) are those of :class:`graphkit.nameindex.NameIndex`, shared with validation and
lint. A name that matches nothing, or more than one actor, is a
:class:`~graphkit.errors.NotFound` carrying the closest candidates, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from graphkit.errors import NotFound
from graphkit.nameindex import NameIndex

__all__ = ["resolve", "name_index", "left_out", "actor_name"]


def actor_name(graph: nx.Graph, node: str) -> str:
    """An actor's label, or its id when it has none or is not in ``graph`` (a claimant
    a filter left out): the inverse of :func:`resolve`, for every printed answer."""
    return str(graph.nodes[node].get("label", node)) if node in graph else str(node)


def name_index(graph: nx.Graph) -> NameIndex:
    """The name index of a graph's actors (id, label, aliases of every node)."""
    return NameIndex((str(node), str(data["label"]) if data.get("label") else None,
                      [str(a) for a in data.get("aliases") or ()])
                     for node, data in graph.nodes(data=True))


def resolve(graph: nx.Graph, name: str, index: NameIndex | None = None) -> str:
    """Return the id of the one actor called ``name`` in ``graph``.

    Pass ``index`` (from :func:`name_index`) to resolve several names in one graph
    without indexing it each time.

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
    if name.strip() in graph:
        return name.strip()
    index = index or name_index(graph)
    match = index.find(name)
    if match.unique:
        return match.unique
    if match.ids:
        raise NotFound(f"{name!r} is ambiguous: {len(match.ids)} actors answer to it; "
                       "name one by its id", sorted(index.describe(i) for i in match.ids))
    raise NotFound(f"no actor called {name!r} in this graph",
                   [index.describe(i) for i in index.candidates(name)])


def left_out(graph: nx.Graph, name: str, entities: Iterable[Any]) -> str | None:
    """Why ``name`` is not in a filtered ``graph`` although the data has it, or None.

    ``entities`` are the dataset's (``Dataset.entities.values()``). A filter (a type, a
    status, a date window) drops actors left without claims; "no actor called X" would
    then read like a typo, so callers say this instead.
    """
    try:
        resolve(graph, name)
        return None
    except NotFound:
        pass
    everyone = {e.id: e for e in entities}
    index = NameIndex((e.id, e.name, list(e.aliases)) for e in everyone.values())
    match = index.find(name)
    if not match.unique or match.unique in graph:
        return None
    entity = everyone[match.unique]
    return (f"{entity.name} ({entity.type}, {entity.id}) is in the data but left out by the "
            f"filter ({graph.graph.get('filter') or 'filtered'}), with every claim of it; "
            "widen or drop the filter")
