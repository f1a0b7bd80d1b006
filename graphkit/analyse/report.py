"""``output/report.md``: the figures of a case and its top actors, readable on its own.

The report is for a reader who has not run anything: it says what was counted, on
which projection, with which seed, and what each metric means, next to the numbers.
It contains no timestamp, so the same data gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import networkx as nx

from graphkit.analyse.communities import detect_communities, from_membership
from graphkit.analyse.projection import Projections
from graphkit.analyse.scores import DEFAULT_LIMITS, AnalysisLimits, centralities, rank
from graphkit.analyse.stats import graph_stats
from graphkit.metrics import METRICS
from graphkit.render import emit, format_cell

__all__ = ["render_report"]


def _scores(graph: nx.MultiDiGraph, engine: str, plans: dict[str, int | None],
            limits: AnalysisLimits, views: Projections) -> dict[str, dict[str, float]]:
    """Metric values already on the nodes (annotated graph), else computed now.

    ``plans`` receives the sample size of each estimated metric (see sample_plan).
    """
    estimated = (graph.graph.get("analysis") or {}).get("estimated") or {}
    plans.update({m: e.get("sample") for m, e in estimated.items()})
    found: dict[str, dict[str, float]] = {}
    missing = []
    for spec in METRICS:
        values = {n: d.get(spec.attribute) for n, d in graph.nodes(data=True)}
        if graph.number_of_nodes() and all(isinstance(v, (int, float)) for v in values.values()):
            found[spec.key] = {n: float(v) for n, v in values.items()}  # type: ignore[arg-type]
        else:
            missing.append(spec.key)
    if missing:
        found.update(centralities(graph, missing, engine=engine, plans=plans, limits=limits,
                                  projections=views))
    return found


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return "None."
    out = io.StringIO()
    emit(rows, columns, "markdown", out)
    return out.getvalue().rstrip("\n")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def render_report(graph: nx.MultiDiGraph, *, top: int = 10, seed: int = 42,
                  engine: str = "auto", limits: AnalysisLimits = DEFAULT_LIMITS,
                  projections: Projections | None = None) -> str:
    """The Markdown report of a claim graph.

    Uses the metric and community attributes of an annotated graph when present (so
    ``graphkit build`` computes nothing twice), and computes them otherwise;
    ``projections`` are the graph's shared projections when the caller has them.
    """
    views = Projections.of(graph, projections)
    plans: dict[str, int | None] = {}
    scores = _scores(graph, engine, plans, limits, views)
    stats = graph_stats(graph, engine=engine, betweenness=scores["betweenness"],
                        limits=limits, projections=views)
    vocabulary = graph.graph.get("vocabulary")
    specs = {"type": getattr(vocabulary, "types", {}) or {},
             "relation": getattr(vocabulary, "relations", {}) or {},
             "status": getattr(vocabulary, "statuses", {}) or {}}
    blocks = [f"# {stats.name or 'graph'}: network report",
              f"Filter: {stats.filter}." if stats.filter else "Whole case, no filter.",
              "## Overview"]
    overview = [
        ("actors", stats.actors), ("claims", stats.claims),
        ("pairs of actors linked (ties)", stats.ties),
        ("connected components", stats.components),
        ("actors in the largest component", stats.largest_component),
        ("actors without any claim", stats.isolated),
        ("density (undirected)", stats.density),
        ("diameter of the largest component (steps)",
         stats.diameter if stats.diameter_exact else f"at least {stats.diameter}"),
        ("earliest date", stats.first_date), ("latest date", stats.last_date),
        ("claims without a date", stats.undated_claims),
    ]
    blocks.append(_table([{"figure": k, "value": v} for k, v in overview],
                         ["figure", "value"]))
    blocks.append("Ties, components, density and diameter are of the undirected projection: "
                  "two actors are tied when any claim joins them, whatever its direction and "
                  "however many sources report it.")
    for title, counts, kind in (("Actors by type", stats.by_type, "type"),
                                ("Claims by relation", stats.by_relation, "relation"),
                                ("Claims by status", stats.by_status, "status")):
        rows = [{"key": k, "label": getattr(specs[kind].get(k), "label", k), "count": v}
                for k, v in counts.items()]
        blocks += [f"## {title}", _table(rows, ["key", "label", "count"])]
    blocks += ["## Top actors by metric",
               "Every metric is computed on the simple projection of the claim graph, "
               "unweighted: parallel claims between two actors count once, because the "
               "number of sources reporting a tie measures documentation effort, not the "
               "strength of the tie. In- and out-degree use the directed projection (a "
               "symmetric relation such as family_of counts both ways); the others the "
               "undirected one. Values follow networkx's normalisation."]
    sampled = {m: k for m, k in plans.items() if k}
    if sampled:
        seed_used = (graph.graph.get("analysis") or {}).get("seed", seed)
        parts = [f"{m} from {k:,} sampled actors" for m, k in sampled.items()]
        blocks.append(
            f"**Estimated values.** With {graph.number_of_nodes():,} actors the exact "
            f"computation is too slow for every build, so {' and '.join(parts)} (seed "
            f"{seed_used}) are estimated: the leading actors are found reliably, their "
            "scores are approximate. `graphkit build --exact` computes them exactly.")
    for spec in METRICS:
        blocks += [f"### {spec.title}", _sentence(spec.meaning),
                   _table(rank(graph, scores[spec.key], top), ["rank", "name", "type", "score"])]
    blocks += ["## Communities", *_communities(graph, scores["degree"], seed, limits, views)]
    return "\n\n".join(blocks) + "\n"


def _communities(graph: nx.MultiDiGraph, degree: dict[str, float], seed: int,
                 limits: AnalysisLimits, views: Projections) -> list[str]:
    if graph.number_of_nodes() == 0:
        return ["None."]
    stored = {n: d.get("community") for n, d in graph.nodes(data=True)}
    if all(isinstance(v, int) and not isinstance(v, bool) for v in stored.values()):
        # an annotated graph: describe the communities its exports carry
        analysis = graph.graph.get("analysis") or {}
        seed = analysis.get("seed", seed)
        result = from_membership(graph, stored, seed=seed, scores=degree,  # type: ignore[arg-type]
                                 modularity=analysis.get("modularity"), projections=views)
    else:
        result = detect_communities(graph, seed=seed, scores=degree, limits=limits,
                                    projections=views)
    lines = [f"Louvain on the undirected projection (seed {result.seed}): "
             f"{len(result.communities)} communities, modularity "
             f"{format_cell(result.modularity)}. Members are listed by degree."]
    rows = []
    for community in result.communities:
        names = [graph.nodes[n].get("label", n) for n in community.top(5)]
        more = community.size - len(names)
        rows.append({"community": community.number, "size": community.size,
                     "most central members": ", ".join(names) + (f" and {more} more"
                                                                 if more > 0 else "")})
    lines.append(_table(rows, ["community", "size", "most central members"]))
    return lines
