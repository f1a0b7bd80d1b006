"""The claim graph as the simple graphs that algorithms run on, each built once.

Graph algorithms (betweenness, closeness, Louvain, layout, ...) are defined on simple
graphs, and several refuse multigraphs outright. The claim graph has one edge per
*claim*, so two actors described by five sources carry five parallel edges. Collapsing
keeps one tie per pair and records how many claims support it as the edge attribute
``weight`` (and their ids, sorted, as ``claims``).

Why the metrics ignore that weight by default: the number of claims between two actors
measures how much the curators documented a tie, not how strong the tie is. A sentence
that four newspapers reported is no stronger a link than a marriage recorded once.
Weighting by claim count would let documentation effort masquerade as structure, so
``graphkit`` computes every metric on the unweighted projection; the weight stays on
the edges for anyone who wants it.

A build needs the same projections many times (each metric, communities, layout,
statistics, the report); collapsing 500,000 claims takes seconds, so
:class:`Projections` builds each one (networkx undirected and directed, their igraph
copies, the connected components) at most once per claim graph and hands it to every
step. The projections share nothing mutable with the claim graph: they hold node ids,
not node attributes (read those from the claim graph).
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from typing import Any

import networkx as nx

__all__ = ["collapse", "Projections", "to_igraph", "seeded_random"]


def collapse(graph: nx.MultiDiGraph, directed: bool = False) -> nx.Graph | nx.DiGraph:
    """Return the simple projection of a claim graph.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The claim graph built by :func:`graphkit.build.build_graph` (any networkx
        graph is accepted; a simple one counts each edge as one claim).
    directed : bool
        ``False`` (default): an undirected :class:`networkx.Graph`, one edge per pair of
        actors linked by any claim in either direction. ``True``: a
        :class:`networkx.DiGraph` with an arc ``u -> v`` for each claim from ``u`` to
        ``v``; a claim of a symmetric relation (``directed`` false on the edge, such as
        ``family_of``) reads both ways and gives both arcs.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Nodes in sorted id order, without their attributes (read them from the claim
        graph), ``graph.graph`` copied; each edge has ``weight`` (number of claims, int)
        and ``claims`` (sorted claim ids).

    Notes
    -----
    A claim from an actor to itself links nobody and is left out. Node and edge
    insertion order is sorted by id, so every algorithm that depends on iteration
    order (Louvain, tie-breaking in paths) gives the same answer on the same data.
    """
    simple: nx.Graph | nx.DiGraph = nx.DiGraph() if directed else nx.Graph()
    simple.graph.update(graph.graph)
    simple.add_nodes_from(sorted(graph.nodes))
    ties: dict[tuple[str, str], list[str]] = {}
    claims = (graph.edges(keys=True, data=True) if graph.is_multigraph()
              else ((u, v, f"{u}->{v}", d) for u, v, d in graph.edges(data=True)))
    for u, v, key, data in claims:
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


def to_igraph(g: nx.Graph) -> tuple[Any, list[str]]:
    """An igraph copy of a simple graph, and the node ids in igraph's vertex order."""
    import igraph

    nodes = list(g)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in g.edges()]
    return igraph.Graph(n=len(nodes), edges=edges, directed=g.is_directed()), nodes


@contextlib.contextmanager
def seeded_random(seed: int) -> Iterator[None]:
    """Make igraph's randomised algorithms (Louvain, layout) repeatable, then put things back.

    python-igraph draws from Python's ``random`` module unless a program installed
    another generator, and offers no way to read which one is installed; replacing it
    would lose a caller's choice. So the generator is left alone: the ``random`` module
    is seeded for the call and its state restored afterwards, so the caller's own stream
    of random numbers continues as if graphkit had never run.
    """
    state = random.getstate()
    random.seed(seed)
    try:
        yield
    finally:
        random.setstate(state)


class Projections:
    """The simple projections of one claim graph, each built on first use and kept.

    Give one to every analysis step of a run (see :func:`graphkit.analyse.annotate`);
    each function that takes ``projections=None`` otherwise builds its own. The claim
    graph must not gain or lose nodes or claims while its projections are in use
    (attributes may change: the projections do not hold them).
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self._simple: dict[bool, nx.Graph] = {}
        self._igraph: dict[bool, tuple[Any, list[str]]] = {}
        self._components: list[list[str]] | None = None
        self._levels: dict[frozenset[str], Projections] = {}
        self._parent: tuple[Projections, frozenset[str]] | None = None

    def simple(self, directed: bool = False) -> nx.Graph:
        """:func:`collapse` of the claim graph (undirected, or directed)."""
        if directed not in self._simple:
            if self._parent is None:
                self._simple[directed] = collapse(self.graph, directed=directed)
            else:
                parent, statuses = self._parent
                self._simple[directed] = parent._keeping(directed, statuses)
        return self._simple[directed]

    def with_statuses(self, statuses: frozenset[str]) -> Projections:
        """The projections of the claims of these statuses only (every actor kept).

        Derived from this graph's own projections, whose ties list their claims, instead
        of collapsing a filtered view of the claim graph again: ranking actors on
        confirmed claims alone (graphkit.analyse.sensitivity) costs one pass over the
        ties, not over the claims.
        """
        key = frozenset(statuses)
        if key not in self._levels:
            child = Projections(self.graph)
            child._parent = (self, key)
            self._levels[key] = child
        return self._levels[key]

    def _keeping(self, directed: bool, statuses: frozenset[str]) -> nx.Graph:
        status = {str(d.get("id", k)): d.get("status") or "confirmed"
                  for _u, _v, k, d in self.graph.edges(keys=True, data=True)}
        full = self.simple(directed)
        kept: nx.Graph = nx.DiGraph() if directed else nx.Graph()
        kept.graph.update(full.graph)
        kept.add_nodes_from(full)
        for u, v, data in full.edges(data=True):
            claims = [c for c in data["claims"] if status[c] in statuses]
            if claims:
                kept.add_edge(u, v, weight=len(claims), claims=claims)
        return kept

    def igraph(self, directed: bool = False) -> tuple[Any, list[str]]:
        """The igraph copy of :meth:`simple` and its vertex order (sorted ids)."""
        if directed not in self._igraph:
            self._igraph[directed] = to_igraph(self.simple(directed))
        return self._igraph[directed]

    def components(self) -> list[list[str]]:
        """Connected components of the undirected projection, largest first, ids sorted.

        Ties in size are broken by smallest id, so the order is the same on every run.
        """
        if self._components is None:
            parts = nx.connected_components(self.simple(False))
            self._components = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
        return self._components

    @classmethod
    def of(cls, graph: nx.MultiDiGraph, projections: Projections | None) -> Projections:
        """``projections`` when given (checked to belong to ``graph``), else new ones."""
        if projections is None:
            return cls(graph)
        if projections.graph is not graph and (
                projections.graph.number_of_nodes() != graph.number_of_nodes()
                or projections.graph.number_of_edges() != graph.number_of_edges()):
            raise ValueError("these projections belong to another graph")
        return projections
