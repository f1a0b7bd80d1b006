"""What rests on what: how much an answer leans on contested claims or on one source.

A finding such as "X is the broker between the union and the regime" is only as strong
as the claims under it. Three checks say how strong:

* **Centrality by status.** The same metric on three cumulative levels of claims, from
  the statuses' ``standing`` in the vocabulary: ``established`` (confirmed claims only),
  ``contested`` (also alleged and disputed ones) and ``all`` (also denied ones). An actor
  in the top N on a wider level but not on the established one owes its place to
  claims that are not established; those claims are named. Spearman's rank correlation
  between levels says how much the picture as a whole moves.
* **Chains that need allegations.** A step of a chain between two actors stands on
  established ground when at least one of its claims is established; a chain with a
  step that does not needs a contested claim, and the shortest chain on established
  claims alone is shown beside it (or its absence stated).
* **Source dependence.** Claims backed by a single source, actors all of whose claims
  come from one source, and for each source what would be left without support if it
  were wrong: the claims only it supports, the ties (pairs of actors) only it supports,
  and the actors only it puts in the case.

Every level keeps every actor (an actor whose claims are all filtered out scores 0), so
normalised scores stay comparable between levels.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from graphkit.analyse.projection import Projections
from graphkit.analyse.scores import DEFAULT_LIMITS, AnalysisLimits, metric_scores
from graphkit.metrics import metric as metric_spec

__all__ = ["Level", "status_levels", "claims_at", "StatusRanking", "centrality_by_status",
           "status_scores", "rank_by_status", "summarise", "SUMMARY_METRICS", "SUMMARY_TOP",
           "chain_reliance", "confirmed_alternative", "SourceSupport", "SourceDependence",
           "source_dependence", "established_statuses"]


@dataclass(frozen=True)
class Level:
    """A cumulative set of statuses an analysis may rest on."""

    key: str
    """``established``, ``contested`` or ``all``."""
    label: str
    """For people: "confirmed only", "confirmed, alleged, disputed", "every claim"."""
    statuses: frozenset[str]


def _statuses(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Status key -> standing, from the graph's vocabulary (and the statuses it uses)."""
    vocabulary = graph.graph.get("vocabulary")
    known = {k: s.standing for k, s in (getattr(vocabulary, "statuses", None) or {}).items()}
    for *_, data in graph.edges(data=True):
        status = data.get("status") or "confirmed"
        known.setdefault(status, "established" if status == "confirmed" else "contested")
    return known


def established_statuses(graph: nx.MultiDiGraph) -> frozenset[str]:
    """The statuses whose claims are stated as fact (``standing: established``)."""
    return frozenset(k for k, standing in _statuses(graph).items() if standing == "established")


def status_levels(graph: nx.MultiDiGraph) -> tuple[Level, ...]:
    """The three cumulative levels, labelled with the statuses each adds."""
    standing = _statuses(graph)
    vocabulary = graph.graph.get("vocabulary")
    labels = {k: s.label.lower() for k, s in (getattr(vocabulary, "statuses", None) or {}).items()}

    def named(keys: Iterable[str]) -> str:
        return ", ".join(labels.get(k, k) for k in keys)

    established = [k for k, s in standing.items() if s == "established"]
    contested = established + [k for k, s in standing.items() if s == "contested"]
    return (Level("established", f"{named(established)} only", frozenset(established)),
            Level("contested", named(contested), frozenset(contested)),
            Level("all", "every claim", frozenset(standing)))


def claims_at(graph: nx.MultiDiGraph, statuses: Iterable[str]) -> nx.MultiDiGraph:
    """A read-only view of ``graph`` with only claims of these statuses, and every actor."""
    wanted = frozenset(statuses)
    return nx.subgraph_view(
        graph, filter_edge=lambda u, v, k: (graph.edges[u, v, k].get("status") or "confirmed")
        in wanted)


def _positions(scores: dict[str, float]) -> dict[str, int]:
    """1-based rank of every actor, highest score first, ties by id (as ``rank`` orders)."""
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return {node: position for position, (node, _score) in enumerate(ordered, 1)}


def _spearman(a: dict[str, float], b: dict[str, float]) -> float | None:
    from scipy.stats import spearmanr

    nodes = sorted(a)
    if len(nodes) < 3:
        return None
    x, y = [a[n] for n in nodes], [b.get(n, 0.0) for n in nodes]
    if len(set(x)) < 2 or len(set(y)) < 2:
        return None
    value = float(spearmanr(x, y).statistic)
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class StatusRanking:
    """A metric on each level of claims, the actors whose place depends on the level."""

    metric: str
    top: int
    levels: tuple[Level, ...]
    scores: dict[str, dict[str, float]]
    """level key -> {actor: score}"""
    ranks: dict[str, dict[str, int]]
    """level key -> {actor: 1-based rank among the ranked actors (all, or those of the
    types asked for)}"""
    depends: dict[str, str]
    """Actors in the top ``top`` of a wider level but not of the established one -> the
    narrowest level whose top they reach."""
    claims: dict[str, list[str]]
    """For each actor in ``depends``: its own claims that are not established (ids); when
    it has none (a global metric such as betweenness can rise through claims elsewhere),
    those of its direct neighbours, and ``scope`` says so."""
    scope: dict[str, str] = field(default_factory=dict)
    """For each actor in ``depends``: ``own`` or ``neighbours`` (see ``claims``)."""
    correlation: dict[str, float | None] = field(default_factory=dict)
    """``"established~contested"``, ``"established~all"``, ``"contested~all"``:
    Spearman's rank correlation of the scores over every actor (None when undefined)."""

    def rows(self) -> list[dict[str, Any]]:
        """One row per ranked actor in the top ``top`` of any level, by rank on every claim."""
        keys = [lv.key for lv in self.levels]
        chosen = sorted({n for k in keys for n, r in self.ranks[k].items() if r <= self.top},
                        key=lambda n: (self.ranks["all"][n], n))
        rows = []
        for node in chosen:
            row: dict[str, Any] = {"id": node}
            for key in keys:
                row[f"rank_{key}"] = self.ranks[key][node]
                row[f"score_{key}"] = self.scores[key][node]
            row["depends_on"] = self.depends.get(node)
            row["claims_of"] = self.scope.get(node)
            row["claims"] = self.claims.get(node, [])
            rows.append(row)
        return rows


def status_scores(graph: nx.MultiDiGraph, metric: str, *, directed: bool = False,
                  engine: str = "auto", exact: bool | None = None, seed: int = 42,
                  limits: AnalysisLimits = DEFAULT_LIMITS,
                  scores_all: dict[str, float] | None = None) -> dict[str, dict[str, float]]:
    """``metric`` on each level of claims: ``{level key: {actor: score}}``.

    ``scores_all``, when the caller already has the metric on every claim (an annotated
    graph), saves computing it again.
    """
    spec = metric_spec(metric)
    scores: dict[str, dict[str, float]] = {}
    for level in status_levels(graph):
        if level.key == "all" and scores_all is not None:
            scores[level.key] = {n: float(scores_all.get(n, 0.0)) for n in sorted(graph)}
            continue
        view = graph if level.key == "all" else claims_at(graph, level.statuses)
        scores[level.key] = metric_scores(Projections(view), spec.key, directed=directed,
                                          engine=engine, exact=exact, seed=seed,
                                          limits=limits)
    return scores


def rank_by_status(graph: nx.MultiDiGraph, metric: str, scores: dict[str, dict[str, float]],
                   *, top: int = 10, types: Iterable[str] = ()) -> StatusRanking:
    """Ranks, flags and correlations from :func:`status_scores` (see the module notes).

    ``types``, when given, ranks only actors of those entity types (on scores computed
    in the whole graph).
    """
    levels = status_levels(graph)
    wanted = set(types)
    ranked = [n for n in graph if not wanted or graph.nodes[n].get("type") in wanted]
    ranks = {key: _positions({n: values.get(n, 0.0) for n in ranked})
             for key, values in scores.items()}
    established = levels[0].statuses
    depends: dict[str, str] = {}
    claims: dict[str, list[str]] = {}
    for level in levels[1:]:
        for node, position in ranks[level.key].items():
            if position <= top and ranks["established"][node] > top and node not in depends:
                depends[node] = level.key
    scope: dict[str, str] = {}
    for node in depends:
        claims[node], scope[node] = _unestablished(graph, [node], established), "own"
        if not claims[node]:
            neighbours = set(nx.all_neighbors(graph, node)) - {node}
            claims[node], scope[node] = _unestablished(graph, neighbours, established), "neighbours"
    keys = [lv.key for lv in levels]
    correlation = {f"{a}~{b}": _spearman(scores[a], scores[b])
                   for i, a in enumerate(keys) for b in keys[i + 1:]}
    return StatusRanking(metric_spec(metric).key, top, levels, scores, ranks, depends, claims,
                         scope=scope, correlation=correlation)


def centrality_by_status(graph: nx.MultiDiGraph, metric: str = "degree", *, top: int = 10,
                         directed: bool = False, engine: str = "auto",
                         exact: bool | None = None, seed: int = 42,
                         limits: AnalysisLimits = DEFAULT_LIMITS,
                         scores_all: dict[str, float] | None = None,
                         types: Iterable[str] = ()) -> StatusRanking:
    """``metric`` on each level of claims, ranked (:func:`status_scores`, then
    :func:`rank_by_status`)."""
    scores = status_scores(graph, metric, directed=directed, engine=engine, exact=exact,
                           seed=seed, limits=limits, scores_all=scores_all)
    return rank_by_status(graph, metric, scores, top=top, types=types)


#: Metrics whose dependence on contested claims the pipeline records for the report and
#: the explorer (betweenness only where it is computed exactly: see summarise()).
SUMMARY_METRICS = ("betweenness", "pagerank", "degree")
#: How many top actors the explorer's panel speaks about.
SUMMARY_TOP = 20


def summarise(graph: nx.MultiDiGraph, scores_all: dict[str, dict[str, float]], *,
              engine: str = "auto", seed: int = 42, limits: AnalysisLimits = DEFAULT_LIMITS,
              projections: Projections | None = None) -> dict[str, Any]:
    """What :func:`graphkit.analyse.annotate` records as ``graph.graph["sensitivity"]``.

    ``by_status``: for each of :data:`SUMMARY_METRICS` (betweenness only when the graph
    is small enough for it to be exact: re-ranking costs two more runs of it), the
    scores on each level, so that the report can rank any top N without computing them
    again, and ``rows`` for the top :data:`SUMMARY_TOP` (what the explorer shows).
    ``sources``: :func:`source_dependence` as plain data.
    """
    simple = (projections or Projections(graph)).simple(False)
    small = simple.number_of_nodes() * simple.number_of_edges() <= limits.exact_steps
    by_status: dict[str, Any] = {}
    for metric in SUMMARY_METRICS:
        if metric not in scores_all or (metric == "betweenness" and not small):
            continue
        scores = status_scores(graph, metric, engine=engine, seed=seed, limits=limits,
                               scores_all=scores_all[metric])
        ranking = rank_by_status(graph, metric, scores, top=SUMMARY_TOP)
        by_status[metric] = {"scores": scores, "rows": ranking.rows(),
                             "correlation": ranking.correlation, "top": SUMMARY_TOP}
    found = source_dependence(graph)
    return {"by_status": by_status,
            "sources": {"claims": found.claims, "actors": found.actors,
                        "single_source_claims": len(found.single_source_claims),
                        "single_source_actors": len(found.single_source_actors),
                        "support": [asdict(s) for s in found.sources]}}


def _unestablished(graph: nx.MultiDiGraph, nodes: Iterable[str],
                   established: frozenset[str]) -> list[str]:
    """Ids of the claims touching ``nodes`` whose status is not established."""
    return sorted({str(d.get("id", k)) for node in nodes for _u, _v, k, d in _incident(graph, node)
                   if (d.get("status") or "confirmed") not in established})


def _incident(graph: nx.MultiDiGraph, node: str) -> list[tuple[str, str, str, dict[str, Any]]]:
    found = list(graph.out_edges(node, keys=True, data=True))
    found += [e for e in graph.in_edges(node, keys=True, data=True) if e[0] != node]
    return found


def chain_reliance(chain: Any, established: frozenset[str]) -> list[int]:
    """The 1-based steps of a :class:`~graphkit.analyse.paths.Chain` that no established
    claim supports: the chain needs a contested claim exactly when this is not empty."""
    return [index for index, step in enumerate(chain.steps, 1)
            if not any((c.status or "confirmed") in established for c in step.claims)]


def confirmed_alternative(graph: nx.MultiDiGraph, a: str, b: str) -> Any:
    """The shortest chain between ``a`` and ``b`` on established claims alone, or None.

    ``a`` and ``b`` are actor ids; every step of the chain returned has an established
    claim (only those are kept in the view it is found on).
    """
    from graphkit.analyse.paths import find_paths
    from graphkit.errors import NoPath

    try:
        return find_paths(claims_at(graph, established_statuses(graph)), a, b)[0]
    except NoPath:
        return None


@dataclass(frozen=True)
class SourceSupport:
    """What one source supports, and what would lose all support if it were wrong."""

    id: str
    title: str | None
    claims: int
    """Claims citing it."""
    only_claims: int
    """Claims no other source supports."""
    only_ties: int
    """Pairs of actors every claim of which rests on it alone."""
    only_actors: int
    """Actors every claim of which rests on it alone."""
    share_claims: float
    """``only_claims`` over every claim of the graph."""
    share_actors: float
    """``only_actors`` over every actor with at least one claim."""


@dataclass(frozen=True)
class SourceDependence:
    """Source dependence of a claim graph (see the module notes)."""

    claims: int
    single_source_claims: list[str]
    actors: int
    """Actors with at least one claim."""
    single_source_actors: dict[str, str]
    """Actors all of whose claims come from one source -> that source."""
    sources: list[SourceSupport]


def _claim_sources(data: dict[str, Any]) -> frozenset[str]:
    return frozenset(data.get("sources") or (e.get("source") for e in data.get("evidence") or ()))


def source_dependence(graph: nx.MultiDiGraph) -> SourceDependence:
    """Which claims, ties and actors rest on a single source, and on which."""
    meta = graph.graph.get("sources") or {}
    cites: dict[str, int] = defaultdict(int)
    single: dict[str, str] = {}
    pair_sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    actor_sources: dict[str, set[str]] = defaultdict(set)
    for u, v, k, data in graph.edges(keys=True, data=True):
        found = _claim_sources(data)
        for source in found:
            cites[source] += 1
        if len(found) == 1:
            single[str(data.get("id", k))] = next(iter(found))
        pair_sources[(u, v) if u <= v else (v, u)].update(found)
        actor_sources[u].update(found)
        actor_sources[v].update(found)
    single_actors = {a: next(iter(s)) for a, s in sorted(actor_sources.items()) if len(s) == 1}
    only_ties: dict[str, int] = defaultdict(int)
    for found in pair_sources.values():
        if len(found) == 1:
            only_ties[next(iter(found))] += 1
    only_claims: dict[str, int] = defaultdict(int)
    for source in single.values():
        only_claims[source] += 1
    only_actors: dict[str, int] = defaultdict(int)
    for source in single_actors.values():
        only_actors[source] += 1
    total_claims = graph.number_of_edges()
    total_actors = len(actor_sources)
    rows = [SourceSupport(
        id=source, title=(meta.get(source) or {}).get("title"), claims=cites[source],
        only_claims=only_claims[source], only_ties=only_ties[source],
        only_actors=only_actors[source],
        share_claims=only_claims[source] / total_claims if total_claims else 0.0,
        share_actors=only_actors[source] / total_actors if total_actors else 0.0)
        for source in sorted(set(cites) | set(meta))]
    rows.sort(key=lambda r: (-r.only_claims, -r.claims, r.id))
    return SourceDependence(total_claims, sorted(single), total_actors, single_actors, rows)
