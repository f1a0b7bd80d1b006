"""Which clusters exist: Louvain communities with their modularity and central members.

Louvain is randomised; the same graph with another seed can give other communities.
The seed (default 42) is therefore an explicit argument and part of every result, and
the graph is collapsed with sorted node and edge order, so the same data and seed
always give the same communities. Like the centrality metrics, it runs on the
unweighted undirected projection (claim counts measure documentation, not ties).

Engines: networkx's ``louvain_communities`` runs in Python, which takes about 5 s at
50,000 ties and 4 minutes at 500,000. From ``limits.igraph_louvain_from_ties`` ties
(:class:`~graphkit.analyse.scores.AnalysisLimits`), igraph's ``community_multilevel``
(the same Louvain method, in C: 0.3 s and 20 s) is used instead, seeded through
:func:`~graphkit.analyse.projection.seeded_random`. The two implementations visit nodes
differently, so they find similar but not identical partitions; below the threshold,
results stay networkx's, as documented.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graphkit.analyse.projection import Projections, seeded_random
from graphkit.analyse.scores import DEFAULT_LIMITS, AnalysisLimits
from graphkit.errors import UsageError

__all__ = ["Community", "Communities", "detect_communities", "from_membership"]


@dataclass(frozen=True)
class Community:
    """One community: its number (1 = largest), members by centrality, then by id."""

    number: int
    members: tuple[str, ...]
    scores: dict[str, float]

    @property
    def size(self) -> int:
        return len(self.members)

    def top(self, count: int = 5) -> tuple[str, ...]:
        """The ``count`` most central members."""
        return self.members[:count]


@dataclass(frozen=True)
class Communities:
    """The partition found, its modularity, and how it was found."""

    communities: tuple[Community, ...]
    modularity: float
    """Newman's modularity of the partition (resolution 1, whatever ``resolution`` found
    it): a partition's quality on the usual scale (at most 1, at least -0.5), so runs at
    different resolutions can be compared."""
    seed: int
    resolution: float
    method: str = "louvain"

    def membership(self) -> dict[str, int]:
        """``{actor id: community number}``, in sorted id order."""
        return dict(sorted((n, c.number) for c in self.communities for n in c.members))


def detect_communities(graph: nx.MultiDiGraph, *, seed: int = 42, resolution: float = 1.0,
                       scores: dict[str, float] | None = None,
                       limits: AnalysisLimits = DEFAULT_LIMITS,
                       projections: Projections | None = None) -> Communities:
    """Louvain communities of a claim graph.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The claim graph.
    seed : int
        Louvain's random seed; reported in the result.
    resolution : float
        Above 1, smaller communities; below 1, larger ones.
    scores : dict, optional
        How to rank members inside a community (default: degree centrality on the
        undirected projection).
    limits, projections
        When to switch to igraph's Louvain; the graph's shared projections.

    Returns
    -------
    Communities
        Numbered from 1 by decreasing size, ties by smallest member id. Actors with no
        claims form communities of their own.
    """
    if resolution <= 0:
        raise UsageError("resolution must be positive")
    views = Projections.of(graph, projections)
    simple = views.simple(False)
    if len(simple) == 0:
        return Communities((), 0.0, seed, resolution)
    if simple.number_of_edges() >= limits.igraph_louvain_from_ties:
        parts = _igraph_louvain(views, seed, resolution)
    else:
        parts = nx.community.louvain_communities(simple, weight=None, resolution=resolution,
                                                  seed=seed)
    return _numbered(simple, [set(p) for p in parts], seed, resolution, scores)


def _igraph_louvain(views: Projections, seed: int, resolution: float) -> list[set[str]]:
    """igraph's multilevel (Louvain) on the projection, nodes in sorted order."""
    g, nodes = views.igraph(False)
    with seeded_random(seed):
        clustering = g.community_multilevel(resolution=resolution)
    return [{nodes[i] for i in members} for members in clustering]


def from_membership(graph: nx.MultiDiGraph, membership: dict[str, int], *, seed: int,
                    resolution: float = 1.0, scores: dict[str, float] | None = None,
                    modularity: float | None = None,
                    projections: Projections | None = None) -> Communities:
    """The :class:`Communities` of a partition already stored on a graph's nodes.

    An annotated graph carries ``community`` on each node; a report of that graph must
    describe those communities, not a new run. Numbers are re-derived the same way
    (by size, then smallest id), so a partition found by :func:`detect_communities`
    keeps its numbers. ``modularity``, when the caller recorded it with the partition,
    saves recomputing it (a minute at 500,000 ties).
    """
    simple = Projections.of(graph, projections).simple(False)
    groups: dict[int, set[str]] = {}
    for node, number in membership.items():
        groups.setdefault(number, set()).add(node)
    return _numbered(simple, list(groups.values()), seed, resolution, scores, modularity)


def _numbered(simple: nx.Graph, parts: list[set[str]], seed: int, resolution: float,
              scores: dict[str, float] | None, modularity: float | None = None) -> Communities:
    if modularity is None:
        modularity = (nx.community.modularity(simple, parts, weight=None)
                      if simple.number_of_edges() else 0.0)
    ranking = scores if scores is not None else nx.degree_centrality(simple)
    ordered = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    communities = []
    for number, members in enumerate(ordered, 1):
        by_score = sorted(members, key=lambda n: (-ranking.get(n, 0.0), n))
        communities.append(Community(number, tuple(by_score),
                                     {n: float(ranking.get(n, 0.0)) for n in by_score}))
    return Communities(tuple(communities), float(modularity), seed, resolution)
