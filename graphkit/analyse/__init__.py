"""Analysis of a claim graph: centrality, chains with evidence, neighbourhoods,
communities, statistics, and the Markdown report.

Functions here take a graph (``networkx.MultiDiGraph`` from
:func:`graphkit.build.build_graph`) and return plain data; none reads files or prints.
:func:`annotate` adds every metric, the community and a layout position to each node,
which is what the exporters draw and the pipeline writes. Steps that need the simple
projections of the graph accept ``projections=`` (:class:`Projections`) so that a run
builds each projection once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from graphkit.analyse.communities import Communities, detect_communities
from graphkit.analyse.layout import compute_layout
from graphkit.analyse.neighbourhood import Neighbourhood, claim_rows, ego_network, neighbourhood
from graphkit.analyse.paths import Chain, find_paths
from graphkit.analyse.projection import Projections, collapse
from graphkit.analyse.report import render_report
from graphkit.analyse.resolve import resolve
from graphkit.analyse.scores import (
    DEFAULT_LIMITS,
    AnalysisLimits,
    centralities,
    centrality,
    choose_engine,
    rank,
)
from graphkit.analyse.sensitivity import summarise
from graphkit.analyse.stats import GraphStats, graph_stats
from graphkit.errors import GraphkitError
from graphkit.metrics import METRIC_KEYS, METRICS

__all__ = [
    "annotate", "collapse", "Projections", "AnalysisLimits", "METRICS", "METRIC_KEYS",
    "centrality", "centralities", "rank", "find_paths", "Chain", "neighbourhood",
    "ego_network", "claim_rows", "Neighbourhood", "detect_communities", "Communities",
    "graph_stats", "GraphStats", "resolve", "render_report", "compute_layout",
]


def annotate(graph: nx.MultiDiGraph, seed: int = 42, *, engine: str = "auto",
             progress: Callable[[str, int, int], None] | None = None,
             exact: bool | None = None, limits: AnalysisLimits = DEFAULT_LIMITS,
             projections: Projections | None = None, inplace: bool = False
             ) -> nx.MultiDiGraph:
    """``graph`` with every metric, the community and a position on each node.

    Node attributes added: ``degree``, ``in_degree``, ``out_degree``, ``betweenness``,
    ``closeness``, ``eigenvector``, ``pagerank`` (float, networkx's normalisation, on
    the undirected projection except in/out-degree), ``community`` (int, 1 = largest,
    Louvain with ``seed``), and ``x``, ``y`` (float, see
    :func:`graphkit.analyse.layout.compute_layout`). ``graph.graph["analysis"]`` records
    the seed and engine used, and under ``"estimated"`` the sample size of any metric
    that was estimated rather than computed exactly (large graphs, unless ``exact``; see
    :func:`graphkit.analyse.scores.sample_plan`); ``graph.graph["sensitivity"]`` what
    rests on contested claims or a single source
    (:func:`graphkit.analyse.sensitivity.summarise`), read by the report and the explorer.

    By default the input graph is left as it was (exporters and notebooks may hold it)
    and an annotated copy is returned; ``inplace=True`` annotates ``graph`` itself and
    returns it, which saves copying every claim (the pipeline, which owns the graph it
    built, does so).
    """
    views = Projections.of(graph, projections)
    engine = choose_engine(engine)
    notes: dict[str, str] = {}
    plans: dict[str, int | None] = {}
    options: dict[str, Any] = {"engine": engine, "progress": progress, "exact": exact,
                               "seed": seed, "plans": plans, "limits": limits,
                               "projections": views}
    try:
        scores = centralities(graph, METRIC_KEYS, **options)
    except GraphkitError as exc:  # eigenvector only: it may not converge
        scores = centralities(graph, [m for m in METRIC_KEYS if m != "eigenvector"], **options)
        scores["eigenvector"] = {n: 0.0 for n in graph.nodes}
        notes["eigenvector"] = str(exc)
    report = progress or (lambda _what, _done, _total: None)
    report("communities", 0, 1)
    communities = detect_communities(graph, seed=seed, scores=scores["degree"], limits=limits,
                                     projections=views)
    membership = communities.membership()
    report("communities", 1, 1)
    report("layout", 0, 1)
    positions = compute_layout(graph, seed=seed, projections=views)
    report("layout", 1, 1)
    report("what rests on contested claims", 0, 1)
    sensitivity = summarise(graph, scores, engine=engine, seed=seed, limits=limits,
                            projections=views)
    report("what rests on contested claims", 1, 1)
    result = graph if inplace else graph.copy()
    if not inplace:
        result.graph = dict(graph.graph)
    for node, data in result.nodes(data=True):
        for spec in METRICS:
            data[spec.attribute] = scores[spec.key].get(node, 0.0)
        data["community"] = membership.get(node, 0)
        data["x"], data["y"] = positions[node]
    estimated = {m: {"sample": k, "of": graph.number_of_nodes(), "seed": seed}
                 for m, k in plans.items() if k is not None}
    result.graph["analysis"] = {"seed": seed, "engine": engine,
                                "modularity": communities.modularity,
                                "communities": len(communities.communities),
                                "estimated": estimated, **notes}
    result.graph["sensitivity"] = sensitivity
    return result
