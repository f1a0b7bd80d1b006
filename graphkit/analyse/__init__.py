"""Analysis of a claim graph: centrality, chains with evidence, neighbourhoods,
communities, statistics, and the Markdown report.

Functions here take a graph (``networkx.MultiDiGraph`` from
:func:`graphkit.build.build_graph`) and return plain data; none reads files, prints or
changes the graph it is given. :func:`annotate` returns a copy carrying every metric as
node attributes, which is what the exporters draw and the pipeline writes.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

import networkx as nx

from graphkit.analyse._collapse import collapse
from graphkit.analyse.centrality import (
    ATTRIBUTES,
    METRICS,
    centralities,
    centrality,
    choose_engine,
    rank,
)
from graphkit.analyse.communities import Communities, detect_communities
from graphkit.analyse.neighbourhood import Neighbourhood, claim_rows, ego_network, neighbourhood
from graphkit.analyse.paths import Chain, find_paths
from graphkit.analyse.resolve import resolve
from graphkit.analyse.stats import GraphStats, graph_stats
from graphkit.errors import GraphkitError

__all__ = [
    "annotate", "collapse", "METRICS", "centrality", "centralities", "rank", "find_paths",
    "Chain", "neighbourhood", "ego_network", "claim_rows", "Neighbourhood",
    "detect_communities", "Communities", "graph_stats", "GraphStats", "resolve",
    "render_report",
]


def render_report(graph: nx.MultiDiGraph, **kwargs: Any) -> str:
    """See :func:`graphkit.analyse.report.render_report`."""
    from graphkit.analyse.report import render_report as _render

    return _render(graph, **kwargs)


def _positions(graph: nx.MultiDiGraph, seed: int) -> dict[str, tuple[float, float]]:
    """Layout positions from graphkit.analyse.layout, when that module is installed."""
    if importlib.util.find_spec("graphkit.analyse.layout") is None:
        return {}
    from graphkit.analyse import layout  # written separately; optional here

    compute: Callable[..., Any] | None = getattr(layout, "compute_layout", None)
    if compute is None:
        return {}
    found = compute(graph, seed=seed) or {}
    positions = {}
    for node, value in found.items():
        if isinstance(value, dict):
            positions[node] = (float(value["x"]), float(value["y"]))
        else:
            x, y = value
            positions[node] = (float(x), float(y))
    return positions


def annotate(graph: nx.MultiDiGraph, seed: int = 42, *, engine: str = "auto",
             progress: Callable[[str, int, int], None] | None = None,
             exact: bool | None = None) -> nx.MultiDiGraph:
    """A copy of ``graph`` with every metric, the community and a position on each node.

    Node attributes added: ``degree``, ``in_degree``, ``out_degree``, ``betweenness``,
    ``closeness``, ``eigenvector``, ``pagerank`` (float, networkx's normalisation, on
    the undirected projection except in/out-degree), ``community`` (int, 1 = largest,
    Louvain with ``seed``), and ``x``, ``y`` (float) when graphkit.analyse.layout is
    available. ``graph.graph["analysis"]`` records the seed and engine used, and under
    ``"estimated"`` the sample size of any metric that was estimated rather than computed
    exactly (large graphs, unless ``exact``; see :func:`centrality.sample_plan`).

    The input graph is not modified (exporters and notebooks may hold it).
    """
    result = graph.copy()
    result.graph = dict(graph.graph)
    engine = choose_engine(engine)
    notes: dict[str, str] = {}
    plans: dict[str, int | None] = {}
    options = {"engine": engine, "progress": progress, "exact": exact, "seed": seed,
               "plans": plans}
    try:
        scores = centralities(graph, METRICS, **options)
    except GraphkitError as exc:  # eigenvector only: it may not converge
        scores = centralities(graph, [m for m in METRICS if m != "eigenvector"], **options)
        scores["eigenvector"] = {n: 0.0 for n in graph.nodes}
        notes["eigenvector"] = str(exc)
    report = progress or (lambda _what, _done, _total: None)
    report("communities", 0, 1)
    communities = detect_communities(graph, seed=seed, scores=scores["degree"])
    membership = communities.membership()
    report("communities", 1, 1)
    report("layout", 0, 1)
    positions = _positions(graph, seed)
    report("layout", 1, 1)
    for node, data in result.nodes(data=True):
        for metric in METRICS:
            data[ATTRIBUTES[metric]] = scores[metric].get(node, 0.0)
        data["community"] = membership.get(node, 0)
        if node in positions:
            data["x"], data["y"] = positions[node]
    estimated = {m: {"sample": k, "of": graph.number_of_nodes(), "seed": seed}
                 for m, k in plans.items() if k is not None}
    result.graph["analysis"] = {"seed": seed, "engine": engine,
                                "modularity": communities.modularity,
                                "communities": len(communities.communities),
                                "estimated": estimated, **notes}
    return result
