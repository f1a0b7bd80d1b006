"""The claim graph reduced to a simple graph: one tie per pair of actors.

Graph algorithms (betweenness, closeness, Louvain, ...) are defined on simple graphs,
and several refuse multigraphs outright. The claim graph has one edge per *claim*, so
two actors described by five sources carry five parallel edges. Collapsing keeps one
tie per pair and records how many claims support it as the edge attribute ``weight``
(and their ids, sorted, as ``claims``).

Why the metrics ignore that weight by default: the number of claims between two actors
measures how much the curators documented a tie, not how strong the tie is. A sentence
that four newspapers reported is no stronger a link than a marriage recorded once.
Weighting by claim count would let documentation effort masquerade as structure, so
``graphkit`` computes every metric on the unweighted projection; the weight stays on
the edges for anyone who wants it.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

__all__ = ["collapse"]


def collapse(graph: nx.MultiDiGraph, directed: bool = False) -> nx.Graph | nx.DiGraph:
    """Return the simple projection of a claim graph.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The claim graph built by :func:`graphkit.build.build_graph`.
    directed : bool
        ``False`` (default): an undirected :class:`networkx.Graph`, one edge per pair of
        actors linked by any claim in either direction. ``True``: a
        :class:`networkx.DiGraph` with an arc ``u -> v`` for each claim from ``u`` to
        ``v``; a claim of a symmetric relation (``directed`` false on the edge, such as
        ``family_of``) reads both ways and gives both arcs.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Nodes in sorted id order with the claim graph's node attributes (shared
        dicts' copies), ``graph.graph`` copied; each edge has ``weight`` (number of
        claims, int) and ``claims`` (sorted claim ids).

    Notes
    -----
    A claim from an actor to itself links nobody and is left out. Node and edge
    insertion order is sorted by id, so every algorithm that depends on iteration
    order (Louvain, tie-breaking in paths) gives the same answer on the same data.
    """
    simple: nx.Graph | nx.DiGraph = nx.DiGraph() if directed else nx.Graph()
    simple.graph.update(graph.graph)
    simple.add_nodes_from((n, dict(graph.nodes[n])) for n in sorted(graph.nodes))
    ties: dict[tuple[str, str], list[str]] = {}
    for u, v, key, data in graph.edges(keys=True, data=True):
        if u == v:
            continue
        claim = str(data.get("id", key))
        if directed:
            pairs = [(u, v)] if data.get("directed", True) else [(u, v), (v, u)]
        else:
            pairs = [(u, v) if u <= v else (v, u)]
        for pair in pairs:
            ties.setdefault(pair, []).append(claim)
    edges: list[tuple[str, str, dict[str, Any]]] = [
        (u, v, {"weight": len(claims), "claims": sorted(claims)})
        for (u, v), claims in sorted(ties.items())
    ]
    simple.add_edges_from(edges)
    return simple
