"""``output/report.md``: the figures of a case and its top actors, readable on its own.

The report is for a reader who has not run anything: it says what was counted, on
which projection, with which seed, and what each metric means, next to the numbers.
It contains no timestamp, so the same data gives the same bytes.

Everything from the data (the case's title, names, labels, the filter) is Markdown
text, escaped (:func:`graphkit.render.markdown_text`): a name such as
``<img src=x onerror=…>`` or a title ``</title><script>`` stays text in any viewer.
The communities table lists the largest :data:`MAX_COMMUNITIES` and sums up the rest,
so a case of a million isolated actors still gives a report one can open.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import networkx as nx

from graphkit.analyse.communities import Communities, detect_communities, from_membership
from graphkit.analyse.curation import DATED_TARGET, VAGUE_RELATION, VAGUE_TARGET
from graphkit.analyse.projection import Projections
from graphkit.analyse.resolve import actor_name
from graphkit.analyse.scores import DEFAULT_LIMITS, AnalysisLimits, centralities, rank
from graphkit.analyse.sensitivity import (
    established_statuses,
    rank_by_status,
    source_dependence,
    status_scores,
)
from graphkit.analyse.stats import graph_stats
from graphkit.metrics import METRICS
from graphkit.metrics import metric as metric_spec
from graphkit.render import emit, format_cell, markdown_text

__all__ = ["render_report", "MAX_COMMUNITIES"]

#: Rows of the communities table; the others are summed up in one sentence.
MAX_COMMUNITIES = 50


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
    blocks = [f"# {markdown_text(stats.name or 'graph')}: network report",
              f"Filter: {markdown_text(stats.filter)}." if stats.filter
              else "Whole case, no filter.",
              *_stories(graph), "## Overview"]
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
    blocks += ["## Curation", *_curation(stats)]
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
    result = _community_result(graph, scores["degree"], seed, limits, views)
    blocks += ["## Communities", *_communities(graph, result)]
    blocks += ["## What rests on contested claims or a single source",
               *_reliance(graph, scores, result, top, engine, limits, views)]
    return "\n\n".join(blocks) + "\n"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part} of {whole})" if whole else "none"


def _curation(stats: Any) -> list[str]:
    """How specific and how dated the claims are, against the targets of a data pass."""
    vague = stats.by_relation.get(VAGUE_RELATION, 0)
    rows = [{"figure": f"claims that only say {VAGUE_RELATION}",
             "value": _share(vague, stats.claims), "target": f"at most {VAGUE_TARGET:.0%}"},
            {"figure": "acts that are dated", "value": _share(stats.acts_dated, stats.acts),
             "target": f"at least {DATED_TARGET:.0%}"}]
    return [_table(rows, ["figure", "value", "target"]),
            "An act (a relation of kind act in the vocabulary, such as sentenced) happened at "
            "a time and should carry a date; a standing tie (member_of, owns, located_in) "
            "need not. associated_with says two actors are linked without saying how."]


def _stories(graph: nx.MultiDiGraph) -> list[str]:
    """The case's stories (stories.yaml), each with its first sentence: a reader's way in.

    Nothing when the case has none, so reports of cases without stories are unchanged.
    """
    stories = graph.graph.get("stories") or []
    if not stories:
        return []
    lines = []
    for story in stories:
        ident = str(story.get("id"))
        command = (f"`graphkit story {ident}`" if re.fullmatch(r"[a-z0-9][a-z0-9-]*", ident)
                   else markdown_text(ident))
        steps = len(story.get("steps") or [])
        lines.append(f"- **{markdown_text(story.get('title'))}**: "
                     f"{markdown_text(story.get('lead'))} ({steps} step"
                     f"{'s' if steps != 1 else ''}; {command})")
    return ["## Stories", "\n".join(lines)]


def _community_result(graph: nx.MultiDiGraph, degree: dict[str, float], seed: int,
                      limits: AnalysisLimits, views: Projections) -> Communities | None:
    """The communities an annotated graph carries, else found now (None: no actors)."""
    if graph.number_of_nodes() == 0:
        return None
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
    return result


def _communities(graph: nx.MultiDiGraph, result: Communities | None) -> list[str]:
    if result is None:
        return ["None."]
    lines = [f"Louvain on the undirected projection (seed {result.seed}): "
             f"{len(result.communities)} communities, modularity "
             f"{format_cell(result.modularity)}. Members are listed by degree."]
    rows = []
    for community in result.communities[:MAX_COMMUNITIES]:
        names = [graph.nodes[n].get("label", n) for n in community.top(5)]
        more = community.size - len(names)
        rows.append({"community": community.number, "size": community.size,
                     "most central members": ", ".join(names) + (f" and {more} more"
                                                                 if more > 0 else "")})
    lines.append(_table(rows, ["community", "size", "most central members"]))
    rest = result.communities[MAX_COMMUNITIES:]
    if rest:
        sizes = [c.size for c in rest]
        lines.append(f"And {len(rest):,} more communities ({sum(sizes):,} actors; the "
                     f"largest of them has {max(sizes):,}, the smallest {min(sizes):,}): "
                     "`graphkit communities --members` lists every one.")
    return lines


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    """An actor's label as data: prose escapes it (markdown_text), tables do themselves."""
    return actor_name(graph, node)


def _reliance(graph: nx.MultiDiGraph, scores: dict[str, dict[str, float]],
              communities: Communities | None, top: int, engine: str,
              limits: AnalysisLimits, views: Projections) -> list[str]:
    """Plain words on how far the top actors and the communities lean on claims that are
    not confirmed, and on single sources (see :mod:`graphkit.analyse.sensitivity`)."""
    if graph.number_of_edges() == 0:
        return ["No claims."]
    lines = ["Each top actor's rank is computed again on confirmed claims alone; an actor "
             "that leaves the top without the alleged, disputed or denied claims owes its "
             "place to them. A claim, tie or actor rests on a single source when only one "
             "text supports it: if that text were wrong, it would lose all support."]
    stored = (graph.graph.get("sensitivity") or {}).get("by_status") or {}
    simple = views.simple(False)
    metrics = ["pagerank", "degree"]
    if "betweenness" in stored or (
            simple.number_of_nodes() * simple.number_of_edges() <= limits.rerank_steps):
        metrics.insert(0, "betweenness")
    else:
        lines.append("Betweenness is not re-ranked by status at this size; "
                     "`graphkit centrality --metric betweenness --by-status` does it.")
    top_actors: list[str] = []
    for metric in metrics:
        level_scores = (stored[metric]["scores"] if metric in stored else
                        status_scores(graph, metric, engine=engine, limits=limits,
                                      scores_all=scores[metric], projections=views))
        ranking = rank_by_status(graph, metric, level_scores, top=top)
        established = ranking.ranks["established"]
        flagged = [row for row in ranking.rows() if row["depends_on"]]
        top_actors += [n for n, r in ranking.ranks["all"].items() if r <= top]
        rho = ranking.correlation.get("established~all")
        agreement = "" if rho is None else (
            f" (rank correlation between the two orders: {rho:.2f})")
        if not flagged:
            lines.append(f"**{metric_spec(metric).title}.** Every actor of the top {top} "
                         f"holds its place on confirmed claims alone{agreement}.")
            continue
        parts = []
        for row in flagged:
            whose = ("its claims that are not confirmed" if row["claims_of"] == "own" else
                     "it has no such claim of its own; its neighbours' are")
            listed = ", ".join(f"`{c}`" for c in row["claims"][:5])
            more = f" and {len(row['claims']) - 5} more" if len(row["claims"]) > 5 else ""
            name = markdown_text(_name(graph, row["id"]))
            parts.append(f"{name} ranks {_ordinal(row['rank_all'])} on every "
                         f"claim but {_ordinal(established[row['id']])} on confirmed claims "
                         f"alone ({whose}: {listed}{more})")
        owe = "owes its place" if len(flagged) == 1 else "owe their place"
        lines.append(f"**{metric_spec(metric).title}.** {len(flagged)} of the top {top} {owe} "
                     f"to claims that are not confirmed{agreement}:\n\n"
                     + "\n".join(f"- {p}." for p in parts))
    dependence = source_dependence(graph)
    sources = graph.graph.get("sources") or {}

    def title(source: str) -> str:
        return str((sources.get(source) or {}).get("title") or source)

    single = sorted({n: None for n in top_actors if n in dependence.single_source_actors})
    if single:
        lines.append("Top actors known from one text only: " + "; ".join(
            f"{markdown_text(_name(graph, n))} "
            f"({markdown_text(title(dependence.single_source_actors[n]))})" for n in single)
            + ".")
    share = len(dependence.single_source_claims) / dependence.claims
    lines.append(f"{len(dependence.single_source_claims):,} of {dependence.claims:,} claims "
                 f"({share:.0%}) and {len(dependence.single_source_actors):,} of "
                 f"{dependence.actors:,} actors rest on a single source.")
    rows = [{"source": title(s.id), "claims": s.claims, "claims only it supports": s.only_claims,
             "actors only it supports": s.only_actors, "share of claims": f"{s.share_claims:.0%}",
             "share of actors": f"{s.share_actors:.0%}"} for s in dependence.sources]
    lines.append(_table(rows, ["source", "claims", "claims only it supports",
                               "actors only it supports", "share of claims", "share of actors"]))
    if communities is not None:
        lines.append(_community_reliance(graph, communities, top, title))
    return lines


def _community_reliance(graph: nx.MultiDiGraph, communities: Communities, top: int,
                        title: Any) -> str:
    established = established_statuses(graph)
    shown = communities.communities[:top]
    number_of = {m: c.number for c in shown for m in c.members}
    within: dict[int, list[dict]] = {c.number: [] for c in shown}
    for u, v, d in graph.edges(data=True):  # one pass for every community shown
        number = number_of.get(u)
        if number is not None and number_of.get(v) == number:
            within[number].append(d)
    rows = []
    for community in shown:
        inside = within[community.number]
        if len(community.members) < 3 or not inside:
            continue
        unconfirmed = sum(1 for d in inside if (d.get("status") or "confirmed") not in established)
        by_source: dict[str, int] = {}
        for d in inside:
            found = set(d.get("sources") or ())
            if len(found) == 1:
                by_source[next(iter(found))] = by_source.get(next(iter(found)), 0) + 1
        main, _most = max(by_source.items(), key=lambda item: (item[1], item[0]),
                          default=("", 0))
        alone = sum(by_source.values())
        rows.append({"community": community.number,
                     "most central members": ", ".join(_name(graph, n) for n in community.top(3)),
                     "claims within": len(inside),
                     "not confirmed": f"{unconfirmed / len(inside):.0%}",
                     "resting on one text alone": f"{alone / len(inside):.0%}"
                     + (f" (mostly {title(main)})" if alone else "")})
    header = ("Within each community: the share of its claims that are not confirmed, and "
              "the share that only one text supports (and the text that alone supports the "
              "most of them).")
    return header + "\n\n" + _table(rows, ["community", "most central members", "claims within",
                                            "not confirmed", "resting on one text alone"])
