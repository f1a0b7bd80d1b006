"""The shape of a case at a glance: how many of what, how connected, over what time.

Counts are of claims and actors as curated; structural figures (components, density,
diameter) are of the undirected projection, where two actors are linked when any
claim joins them, because "is this case one story or several?" does not depend on who
sentenced whom.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphkit.analyse.curation import curation
from graphkit.analyse.projection import Projections, to_igraph
from graphkit.analyse.scores import DEFAULT_LIMITS, AnalysisLimits, choose_engine, metric_scores, rank
from graphkit.dates import PartialDate, parse_partial_date
from graphkit.render import in_order

__all__ = ["GraphStats", "graph_stats", "date_span"]


@dataclass(frozen=True)
class GraphStats:
    """Figures about one (possibly filtered) claim graph. Every count is an int."""

    name: str | None
    filter: str | None
    actors: int
    claims: int
    ties: int
    by_type: dict[str, int]
    by_relation: dict[str, int]
    by_status: dict[str, int]
    components: int
    largest_component: int
    isolated: int
    density: float
    diameter: int | None
    first_date: str | None
    last_date: str | None
    undated_claims: int
    top_brokers: list[dict[str, Any]] = field(default_factory=list)
    #: False when the graph is too large for an exact diameter: ``diameter`` is then a
    #: lower bound found by repeated double sweeps (breadth-first searches).
    diameter_exact: bool = True
    #: Curation figures (:mod:`graphkit.analyse.curation`): the share of claims that are
    #: associated_with, and how many acts (relations of kind act) are dated.
    associated_with_share: float | None = None
    acts: int = 0
    acts_dated: int = 0
    acts_dated_share: float | None = None

    def rows(self) -> list[dict[str, Any]]:
        """``{section, key, value}`` rows, for the CLI's table/CSV/JSON output."""
        rows: list[dict[str, Any]] = [
            {"section": "graph", "key": k, "value": v} for k, v in (
                ("name", self.name), ("filter", self.filter), ("actors", self.actors),
                ("claims", self.claims), ("ties", self.ties),
                ("components", self.components),
                ("largest_component", self.largest_component),
                ("isolated", self.isolated), ("density", self.density),
                ("diameter", self.diameter), ("diameter_exact", self.diameter_exact),
                ("first_date", self.first_date),
                ("last_date", self.last_date), ("undated_claims", self.undated_claims))]
        for section, counts in (("type", self.by_type), ("relation", self.by_relation),
                                ("status", self.by_status)):
            rows.extend({"section": section, "key": k, "value": v} for k, v in counts.items())
        rows.extend({"section": "broker", "key": b["id"], "value": b["score"]}
                    for b in self.top_brokers)
        rows.extend({"section": "curation", "key": k, "value": v} for k, v in (
            ("associated_with_share", self.associated_with_share), ("acts", self.acts),
            ("acts_dated", self.acts_dated), ("acts_dated_share", self.acts_dated_share)))
        return rows


def _ordered(counts: Counter[str], order: Any) -> dict[str, int]:
    """Vocabulary order first (as the legend shows it), then unknown keys sorted."""
    return {k: counts[k] for k in in_order((k for k in counts if counts[k]), order or ())}


def date_span(graph: nx.MultiDiGraph) -> tuple[str | None, str | None, int]:
    """The earliest and latest date of any claim (as written) and the undated count.

    A partial date counts from its first day for the start of the span and to its last
    day for the end: ``2011`` and ``2011-12-16`` give the span ``2011`` - ``2011``.
    """
    first: tuple[Any, str] | None = None
    last: tuple[Any, str] | None = None
    undated = 0
    for *_, data in graph.edges(data=True):
        values = [data.get(k) for k in ("date", "start", "end") if data.get(k)]
        if not values:
            undated += 1
            continue
        for text in values:
            date: PartialDate = parse_partial_date(text)
            early, late = (date.first_day(), text), (date.last_day(), text)
            first = early if first is None or early < first else first
            last = late if last is None or late > last else last
    return (first[1] if first else None, last[1] if last else None, undated)


def graph_stats(graph: nx.MultiDiGraph, *, top: int = 5, engine: str = "auto",
                betweenness: dict[str, float] | None = None,
                limits: AnalysisLimits = DEFAULT_LIMITS,
                projections: Projections | None = None) -> GraphStats:
    """Compute :class:`GraphStats` for a claim graph.

    ``top`` brokers are the actors with the highest betweenness (pass precomputed
    ``betweenness`` scores to skip that computation). ``diameter`` is that of the
    largest component (None for an empty graph), a lower bound above
    ``limits.exact_steps``.
    """
    vocabulary = graph.graph.get("vocabulary")
    views = Projections.of(graph, projections)
    simple = views.simple(False)
    by_type = Counter(str(d.get("type")) for _, d in graph.nodes(data=True))
    by_relation = Counter(str(d.get("relation")) for *_, d in graph.edges(data=True))
    by_status = Counter(str(d.get("status")) for *_, d in graph.edges(data=True))
    parts = views.components()
    diameter, diameter_exact = None, True
    if parts:
        diameter, diameter_exact = _diameter(views, engine, limits)
    first, last, undated = date_span(graph)
    scores = betweenness
    if scores is None:
        scores = (metric_scores(views, "betweenness", engine=engine, limits=limits)
                  if len(simple) else {})
    brokers = [row for row in rank(graph, scores, top) if row["score"] > 0]
    shares = curation(graph)
    return GraphStats(
        name=graph.graph.get("name"), filter=graph.graph.get("filter"),
        actors=graph.number_of_nodes(), claims=graph.number_of_edges(),
        ties=simple.number_of_edges(),
        by_type=_ordered(by_type, getattr(vocabulary, "types", None)),
        by_relation=_ordered(by_relation, getattr(vocabulary, "relations", None)),
        by_status=_ordered(by_status, getattr(vocabulary, "statuses", None)),
        components=len(parts), largest_component=len(parts[0]) if parts else 0,
        isolated=sum(1 for p in parts if len(p) == 1),
        density=float(nx.density(simple)) if len(simple) > 1 else 0.0,
        diameter=diameter, first_date=first, last_date=last, undated_claims=undated,
        top_brokers=brokers, diameter_exact=diameter_exact,
        associated_with_share=shares.associated_with_share, acts=shares.acts,
        acts_dated=shares.acts_dated, acts_dated_share=shares.acts_dated_share)


def _diameter(views: Projections, engine: str, limits: AnalysisLimits) -> tuple[int, bool]:
    """The exact diameter, or on a graph too large for that a lower bound (and False).

    The exact value needs a breadth-first search from every actor, as betweenness does.
    The bound comes from double sweeps: the farthest actor from a start, then the
    farthest from that one; on real networks it is usually the diameter itself.
    """
    largest = views.components()[0]
    if len(largest) <= 1:
        return 0, True
    simple = views.simple(False)
    whole = len(largest) == simple.number_of_nodes()
    component = simple if whole else simple.subgraph(largest)
    if len(component) * component.number_of_edges() > limits.exact_steps:
        return _double_sweep(component), False
    if choose_engine(engine) == "igraph":
        ig, _ = views.igraph(False) if whole else to_igraph(component)
        return int(ig.diameter(directed=False)), True
    return int(nx.diameter(component)), True


def _double_sweep(component: nx.Graph, sweeps: int = 4) -> int:
    nodes = sorted(component, key=str)
    hub = max(nodes, key=lambda n: component.degree(n))
    starts = [hub] + [nodes[(i * 7919) % len(nodes)] for i in range(1, sweeps)]
    best = 0
    for start in starts:
        first = nx.single_source_shortest_path_length(component, start)
        far = max(first, key=lambda n: (first[n], str(n)))
        second = nx.single_source_shortest_path_length(component, far)
        best = max(best, max(second.values()))
    return best
