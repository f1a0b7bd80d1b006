"""``graphkit centrality | path | neighbors | communities | stats | report``.

Each command loads and builds the (filtered) graph, calls one function of
:mod:`graphkit.analyse` and prints its result: data on stdout in the chosen format,
messages and progress on stderr.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable
from typing import Any

import click

from graphkit.cli.options import (
    cache_option,
    data_option,
    emit_rows,
    explained_if_filtered,
    filter_options,
    format_option,
    load_graph,
    seed_option,
    verbose_option,
)
from graphkit.metrics import METRIC_KEYS

__all__ = ["centrality", "path", "neighbors", "communities", "stats", "report", "sources"]

TABULAR = ("table", "csv", "json", "markdown")


def _engine_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--engine", type=click.Choice(["auto", "igraph", "networkx"]), default="auto",
        show_default=True,
        help="Who computes betweenness and closeness (same values to 1e-6; igraph is "
             "much faster on large graphs).")(func)


def _json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


# --- centrality ------------------------------------------------------------------------


@click.command()
@data_option
@cache_option
@click.option("--metric", "-m", type=click.Choice(METRIC_KEYS), default="degree",
              show_default=True, help="Which centrality to compute.")
@click.option("--top", "-n", type=click.IntRange(min=0), default=20, show_default=True,
              help="Show the N highest scores (0: every actor).")
@click.option("--rank-type", "rank_types", multiple=True, metavar="TYPE",
              help="Rank only actors of this entity type (repeatable or comma-separated), "
                   "on scores computed in the whole network. --type instead drops the "
                   "other actors first and computes the metric within what is left.")
@filter_options
@click.option("--directed", is_flag=True,
              help="Use the directed projection (a claim A->B is an arc A->B; symmetric "
                   "relations count both ways). In- and out-degree always do.")
@_engine_option
@click.option("--exact", is_flag=True,
              help="Betweenness and closeness: compute exactly even on a large graph.")
@click.option("--sample", type=click.IntRange(min=1), default=None, metavar="K",
              help="Betweenness and closeness: estimate from K sampled actors (seeded).")
@seed_option("the sample of --sample or of a large graph's estimate")
@click.option("--by-status", is_flag=True,
              help="Rank on confirmed claims only, on confirmed + alleged + disputed, and on "
                   "every claim, side by side; flag actors whose place in the top N needs "
                   "claims that are not confirmed, and print the rank correlation.")
@verbose_option
@format_option(TABULAR)
def centrality(data: str, metric: str, top: int, rank_types: tuple[str, ...],
               graph_filter: Any, directed: bool, engine: str, exact: bool,
               sample: int | None, seed: int, by_status: bool, verbose: bool,
               fmt: str) -> None:
    """Rank actors by a centrality metric, highest first (ties by id).

    Metrics run on the simple projection of the claim graph: one tie per pair of
    actors, however many claims support it, because the number of sources that report
    a tie measures documentation effort, not its strength. The values are networkx's
    normalised ones (see docs/analysis.md). On a large graph (above about 10,000 actors
    with 100,000 ties) betweenness and closeness are estimated from a seeded sample of
    actors, and a note on stderr says so; --exact computes them exactly.

    To rank the people of a case within the whole network, use --rank-type person;
    --type person would first drop everyone else and measure the people among
    themselves.

    \b
    Examples:
      graphkit centrality --metric betweenness --top 10
      graphkit centrality --metric betweenness --rank-type person
      graphkit centrality --metric pagerank --directed --format json
      graphkit centrality --metric betweenness --by-status --top 10
      graphkit centrality --relation sentenced --relation prosecuted --since 2012
    """
    from graphkit.analyse.projection import Projections
    from graphkit.analyse.scores import metric_scores, rank, sample_plan
    from graphkit.cli.progress import ProgressLine
    from graphkit.filters import parse_list
    from graphkit.metrics import metric as metric_spec

    if exact and sample:
        raise click.UsageError("--exact and --sample exclude each other")
    dataset, graph = load_graph(data, graph_filter)
    wanted_types = parse_list(rank_types)
    unknown = [t for t in wanted_types if t not in dataset.vocabulary.types]
    if unknown:
        raise click.UsageError(f"--rank-type: unknown type {', '.join(map(repr, unknown))}; "
                               f"known: {', '.join(dataset.vocabulary.types)} (graphkit vocab)")
    spec = metric_spec(metric)
    if by_status:
        if sample:
            raise click.UsageError("--by-status and --sample exclude each other")
        _centrality_by_status(graph, spec.key, top or graph.number_of_nodes(), wanted_types,
                              directed, engine, exact, seed, fmt)
        return
    views = Projections(graph)
    simple = views.simple(directed or spec.directed)
    planned = sample_plan(simple, spec.key, exact=exact or None, sample=sample)
    if planned is not None:
        click.echo(f"graphkit: {spec.key} estimated from {planned:,} of "
                   f"{simple.number_of_nodes():,} actors (seed {seed}); --exact for the "
                   "exact values", err=True)
    line = ProgressLine(verbose)
    try:
        scores = metric_scores(views, spec.key, directed=directed, engine=engine,
                               progress=lambda done, total: line.advance(spec.key, done, total),
                               exact=exact or None, sample=sample, seed=seed)
    finally:
        line.close()
    rows = rank(graph, scores, top or None, types=wanted_types)
    emit_rows(rows, ["rank", "id", "name", "type", "score"], fmt)


def _centrality_by_status(graph: Any, metric: str, top: int, types: tuple[str, ...],
                          directed: bool, engine: str, exact: bool, seed: int,
                          fmt: str) -> None:
    from graphkit.analyse.sensitivity import centrality_by_status

    result = centrality_by_status(graph, metric, top=top, directed=directed, engine=engine,
                                  exact=exact or None, seed=seed, types=types)
    rows = result.rows()
    for row in rows:
        node = graph.nodes[row["id"]]
        row["name"], row["type"] = node.get("label", row["id"]), node.get("type")
    keys = [level.key for level in result.levels]
    if fmt == "json":
        _json({"metric": result.metric, "top": result.top,
               "levels": [{"key": lv.key, "label": lv.label, "statuses": sorted(lv.statuses)}
                          for lv in result.levels],
               "correlation": result.correlation, "actors": rows})
        return
    columns = (["id", "name", "type"] + [f"rank_{k}" for k in keys]
               + ["depends_on", "claims_of", "claims"])
    emit_rows(rows, columns, fmt)
    if fmt in ("table", "markdown"):
        click.echo("")
        for level in result.levels:
            click.echo(f"rank_{level.key}: rank by {result.metric} on {level.label}")
        for pair, value in result.correlation.items():
            a, b = pair.split("~")
            shown = "undefined" if value is None else f"{value:.3f}"
            click.echo(f"Spearman rank correlation, {a} vs {b}: {shown}")
        flagged = [r for r in rows if r["depends_on"]]
        if flagged:
            click.echo(f"{len(flagged)} actor(s) reach the top {result.top} only through "
                       "claims that are not confirmed: depends_on names the level they need; "
                       "claims lists their own such claims (claims_of: own) or, where they "
                       "have none, their neighbours' (claims_of: neighbours).")
        else:
            click.echo(f"Every actor of the top {result.top} is there on confirmed claims "
                       "alone.")


# --- path ------------------------------------------------------------------------------


def _chain_json(graph: Any, chain: Any, unconfirmed: list[int] | None = None,
                alternative: Any = None) -> dict[str, Any]:
    from graphkit.analyse.resolve import actor_name

    name = functools.partial(actor_name, graph)

    extra: dict[str, Any] = {}
    if unconfirmed is not None:
        extra["unconfirmed_steps"] = unconfirmed
        extra["needs_unconfirmed"] = bool(unconfirmed)
        if unconfirmed:
            extra["confirmed_alternative"] = (None if alternative is None
                                              else _chain_json(graph, alternative))
    return {
        **extra,
        "length": chain.length,
        "nodes": [{"id": n, "name": name(n)} for n in chain.nodes],
        "steps": [{
            "from": step.a, "from_name": name(step.a), "to": step.b, "to_name": name(step.b),
            "claims": [{**{k: v for k, v in dataclasses.asdict(c).items()
                           if k not in ("evidence", "claimed_by", "attributes")},
                        "direction": "forward" if c.forward else "backward",
                        "claimed_by": list(c.claimed_by),
                        "attributes": dict(c.attributes),
                        "evidence": [{"source": e.source, "title": e.title,
                                      "lines": list(e.lines), "note": e.note}
                                     for e in c.evidence]}
                       for c in step.claims],
        } for step in chain.steps],
    }


def _chain_rows(graph: Any, chains: list[Any], unconfirmed: list[list[int]]
                ) -> list[dict[str, Any]]:
    from graphkit.analyse.paths import attribute_text
    from graphkit.analyse.resolve import actor_name

    rows = []
    for number, chain in enumerate(chains, 1):
        for index, step in enumerate(chain.steps, 1):
            for claim in step.claims:
                rows.append({
                    "chain": number, "step": index,
                    "step_confirmed": index not in unconfirmed[number - 1],
                    "from": actor_name(graph, step.a),
                    "relation": claim.phrase,
                    "to": actor_name(graph, step.b),
                    "date": claim.when() or None, "status": claim.status,
                    "claim": claim.id,
                    "evidence": [e.text() for e in claim.evidence],
                    "attributes": attribute_text(claim.attributes) or None,
                    "claimed_by": [actor_name(graph, c) for c in claim.claimed_by],
                })
    return rows


def _print_chains(graph: Any, chains: list[Any], unconfirmed: list[list[int]] | None = None,
                  alternative: Any = None) -> None:
    from graphkit.analyse.resolve import actor_name

    name = functools.partial(actor_name, graph)

    for number, chain in enumerate(chains, 1):
        if number > 1:
            click.echo("")
        steps = "step" if chain.length == 1 else "steps"
        header = f"Chain {number} of {len(chains)}" if len(chains) > 1 else "Chain"
        click.echo(f"{header}: {chain.length} {steps}, "
                   + " — ".join(name(n) for n in chain.nodes))
        if unconfirmed is not None:
            needs = unconfirmed[number - 1]
            click.echo("  Every step has a confirmed claim." if not needs else
                       "  Needs a claim that is not confirmed: step" + ("s " if len(needs) > 1
                                                                        else " ")
                       + ", ".join(map(str, needs)) + " has no confirmed claim.")
        _print_steps(graph, chain)
    if unconfirmed is not None and any(unconfirmed):
        click.echo("")
        if alternative is None:
            click.echo("On confirmed claims alone, no chain links "
                       f"{name(chains[0].nodes[0])} and {name(chains[0].nodes[-1])}.")
        else:
            steps = "step" if alternative.length == 1 else "steps"
            click.echo(f"On confirmed claims alone: {alternative.length} {steps}, "
                       + " — ".join(name(n) for n in alternative.nodes))
            _print_steps(graph, alternative)


def _print_steps(graph: Any, chain: Any) -> None:
    from graphkit.analyse.paths import attribute_text
    from graphkit.analyse.resolve import actor_name

    name = functools.partial(actor_name, graph)

    for index, step in enumerate(chain.steps, 1):
        click.echo(f"  {index}. {name(step.a)} → {name(step.b)}")
        for claim in step.claims:
            facts = ", ".join(x for x in (claim.when(), claim.status) if x)
            details = "; ".join(x for x in (facts, attribute_text(claim.attributes)) if x)
            click.echo(f"     {name(step.a)} {claim.phrase} {name(step.b)}"
                       + (f" ({details})" if details else "") + f"  [{claim.id}]")
            if claim.claimed_by:
                click.echo("       claimed by: " + ", ".join(map(name, claim.claimed_by)))
            for evidence in claim.evidence:
                click.echo(f"       evidence: {evidence.text()}")


@click.command()
@click.argument("actor_a", metavar="A")
@click.argument("actor_b", metavar="B")
@data_option
@cache_option
@click.option("--all", "all_paths", is_flag=True, help="Show every shortest chain, not one.")
@click.option("--max-length", type=click.IntRange(min=1), default=None, metavar="N",
              help="Give up on chains longer than N steps.")
@filter_options
@format_option(("text",) + TABULAR)
def path(actor_a: str, actor_b: str, data: str, all_paths: bool, max_length: int | None,
         graph_filter: Any, fmt: str) -> None:
    """How A is connected to B: the shortest chains of claims, with their evidence.

    A and B are actor ids, names or aliases (case and accents do not matter). Chains
    follow claims in either direction; each step lists every claim between the two
    actors, read in the order of the chain ("Roza Tuletaeva sentenced by Zhanaozen City
    Court"), with its date, status and evidence (source title, lines, note).

    \b
    Examples:
      graphkit path "Roza Tuletaeva" "KazMunayGas"
      graphkit path roza-tuletaeva kazmunaygas --all --format json
    """
    from graphkit.analyse.paths import find_paths
    from graphkit.analyse.sensitivity import (
        chain_reliance,
        confirmed_alternative,
        established_statuses,
    )
    from graphkit.errors import NoPath

    dataset, graph = load_graph(data, graph_filter)
    try:
        with explained_if_filtered(dataset, graph, actor_a, actor_b):
            chains = find_paths(graph, actor_a, actor_b, all_paths=all_paths,
                                max_length=max_length)
    except NoPath:
        if fmt == "json":  # a script reads "no chain" as an empty list, exit code 1 as ever
            _json([])
        raise
    established = established_statuses(graph)
    unconfirmed = [chain_reliance(chain, established) for chain in chains]
    alternative = (confirmed_alternative(graph, chains[0].nodes[0], chains[0].nodes[-1])
                   if any(unconfirmed) else None)
    if fmt == "text":
        _print_chains(graph, chains, unconfirmed, alternative)
    elif fmt == "json":
        _json([_chain_json(graph, c, u, alternative)
               for c, u in zip(chains, unconfirmed, strict=True)])
    else:
        emit_rows(_chain_rows(graph, chains, unconfirmed),
              ["chain", "step", "step_confirmed", "from", "relation", "to", "date", "status",
               "claim", "evidence", "attributes", "claimed_by"], fmt)


# --- neighbors -------------------------------------------------------------------------


NEIGHBOUR_COLUMNS = ["relation", "actor", "phrase", "other", "distance", "date", "status",
                     "sources", "claim", "attributes", "claimed_by"]


@click.command()
@click.argument("actor", metavar="X")
@data_option
@cache_option
@click.option("--depth", "-d", type=click.IntRange(min=1), default=1, show_default=True,
              help="How many steps away from X to go.")
@click.option("--out", type=click.Path(file_okay=False, path_type=str), default=None,
              metavar="DIR", help="Also export the ego network (HTML, GraphML, ...) into DIR.")
@seed_option("communities and layout in the --out export")
@filter_options
@format_option(("text",) + TABULAR)
def neighbors(actor: str, data: str, depth: int, out: str | None, seed: int,
              graph_filter: Any, fmt: str) -> None:
    """Who surrounds X: the actors within --depth steps and every claim among them.

    Claims are grouped by relation, nearest first, and read from X's side where they
    touch X. With --out the ego network is written as its own graph.html, graph.graphml
    and the other exports, with metrics computed within it.

    \b
    Examples:
      graphkit neighbors "Roza Tuletaeva"
      graphkit neighbors kazmunaygas --depth 2 --out output/kmg
    """
    from graphkit.analyse.neighbourhood import claim_rows, neighbourhood

    if out:
        from graphkit.export import DEFAULT_FORMATS, FORMATS
        from graphkit.export.target import data_files, output_folder

        names = [FORMATS[f][2] for f in DEFAULT_FORMATS if FORMATS[f][2]]
        output_folder(out, [*names, "nodes.csv", "edges.csv"], data_files(data))
    dataset, graph = load_graph(data, graph_filter)
    with explained_if_filtered(dataset, graph, actor):
        hood = neighbourhood(graph, actor, depth)
    rows = claim_rows(hood)
    if fmt == "text":
        _print_neighbourhood(hood, rows)
    elif fmt == "json":
        center = hood.graph.nodes[hood.center]
        _json({"center": hood.center, "name": center.get("label", hood.center),
               "depth": depth,
               "actors": [{"id": n, "name": hood.graph.nodes[n].get("label", n),
                           "type": hood.graph.nodes[n].get("type"), "distance": d}
                          for n, d in sorted(hood.distance.items(),
                                             key=lambda item: (item[1], item[0]))],
               "claims": [{**{k: r[k] for k in ("relation", "actor_id", "actor", "phrase",
                                                "other_id", "other", "distance", "date",
                                                "status", "sources", "claim")},
                           "claimed_by": r["claimed_by_ids"],
                           "attributes": r["attribute_values"]} for r in rows]})
    else:
        emit_rows(rows, NEIGHBOUR_COLUMNS, fmt)
    if out:
        from graphkit.analyse import annotate
        from graphkit.export import write_all

        written = write_all(annotate(hood.graph, seed=seed), out)
        click.echo(f"Wrote {len(written)} file(s) to {out}", err=True)


def _print_neighbourhood(hood: Any, rows: list[dict[str, Any]]) -> None:
    graph = hood.graph
    name = graph.nodes[hood.center].get("label", hood.center)
    others = len(hood.distance) - 1
    steps = "step" if hood.depth == 1 else "steps"
    click.echo(f"{name}: {others} actor(s) within {hood.depth} {steps}, "
               f"{graph.number_of_edges()} claim(s)")
    current = None
    for row in rows:
        if row["relation"] != current:
            current = row["relation"]
            count = sum(1 for r in rows if r["relation"] == current)
            click.echo(f"\n{current} ({count})")
        facts = ", ".join(str(x) for x in (row["date"], row["status"]) if x)
        details = "; ".join(x for x in (facts, row["attributes"]) if x)
        click.echo(f"  {row['actor']} {row['phrase']} {row['other']}"
                   + (f" ({details})" if details else "")
                   + (f"  [distance {row['distance']}]" if hood.depth > 1 else ""))
        if row["claimed_by"]:
            click.echo("    claimed by: " + ", ".join(row["claimed_by"]))


# --- communities -----------------------------------------------------------------------


@click.command()
@data_option
@cache_option
@seed_option("Louvain's communities")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0,
              show_default=True, help="Above 1: smaller communities; below 1: larger.")
@click.option("--top", "-n", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many central members to list per community.")
@click.option("--members", is_flag=True, help="One row per actor instead of per community.")
@filter_options
@format_option(TABULAR)
def communities(data: str, seed: int, resolution: float, top: int, members: bool,
                graph_filter: Any, fmt: str) -> None:
    """Clusters of actors (Louvain), with modularity and each one's most central members.

    Runs on the unweighted undirected projection; members are ranked by degree. The
    seed is printed with the result: another seed may give other communities.

    \b
    Examples:
      graphkit communities
      graphkit communities --seed 7 --members --format csv
    """
    from graphkit.analyse.communities import detect_communities

    _, graph = load_graph(data, graph_filter)
    result = detect_communities(graph, seed=seed, resolution=resolution)

    def actor(node: str, community: Any) -> dict[str, Any]:
        data = graph.nodes[node]
        return {"community": community.number, "id": node, "name": data.get("label", node),
                "type": data.get("type"), "degree": community.scores[node]}

    if fmt == "json":
        _json({"method": result.method, "seed": result.seed, "resolution": result.resolution,
               "modularity": result.modularity,
               "communities": [{"community": c.number, "size": c.size,
                                "members": [actor(n, c) for n in c.members]}
                               for c in result.communities]})
        return
    if fmt in ("table", "markdown"):
        click.echo(f"Louvain, seed {result.seed}, resolution {result.resolution:g}: "
                   f"{len(result.communities)} communities, modularity "
                   f"{result.modularity:.4f}\n")
    if members:
        rows = [actor(n, c) for c in result.communities for n in c.members]
        emit_rows(rows, ["community", "id", "name", "type", "degree"], fmt)
        return
    rows = [{"community": c.number, "size": c.size,
             "members": ", ".join(graph.nodes[n].get("label", n) for n in c.top(top))
             + (f" and {c.size - top} more" if c.size > top else "")}
            for c in result.communities]
    emit_rows(rows, ["community", "size", "members"], fmt)


# --- sources ---------------------------------------------------------------------------


@click.command()
@data_option
@cache_option
@click.option("--actors", "list_actors", is_flag=True,
              help="List the actors every claim of which comes from one source, instead of "
                   "the sources.")
@filter_options
@format_option(TABULAR)
def sources(data: str, list_actors: bool, graph_filter: Any, fmt: str) -> None:
    """How much of the case rests on each source, and what rests on one source alone.

    For each source: the claims citing it; the claims, ties (pairs of actors) and actors
    that no other source supports, that is what would lose all support if this source
    were wrong; and those as shares of the case. A summary says how many claims and
    actors rest on a single source. --actors lists those actors.

    \b
    Examples:
      graphkit sources
      graphkit sources --actors --format csv
      graphkit sources --status confirmed --format json
    """
    from graphkit.analyse.sensitivity import source_dependence

    _, graph = load_graph(data, graph_filter)
    found = source_dependence(graph)
    actor_rows = [{"id": a, "name": graph.nodes[a].get("label", a),
                   "type": graph.nodes[a].get("type"), "source": s,
                   "claims": graph.degree(a)} for a, s in found.single_source_actors.items()]
    source_rows = [dataclasses.asdict(row) for row in found.sources]
    if fmt == "json":
        _json({"claims": found.claims, "single_source_claims": len(found.single_source_claims),
               "actors": found.actors,
               "single_source_actors": len(found.single_source_actors),
               "sources": source_rows, **({"actor_list": actor_rows} if list_actors else {})})
        return
    if list_actors:
        emit_rows(actor_rows, ["id", "name", "type", "source", "claims"], fmt)
        return
    emit_rows(source_rows, ["id", "title", "claims", "only_claims", "only_ties", "only_actors",
                        "share_claims", "share_actors"], fmt)
    if fmt in ("table", "markdown"):
        single, total = len(found.single_source_claims), found.claims
        click.echo(f"\n{single:,} of {total:,} claims ({single / total:.0%}) rest on a single "
                   f"source; {len(found.single_source_actors):,} of {found.actors:,} actors "
                   "are known from one source only (--actors lists them)." if total else
                   "\nNo claims.")


# --- stats and report ------------------------------------------------------------------


@click.command()
@data_option
@cache_option
@click.option("--top", "-n", type=click.IntRange(min=0), default=5, show_default=True,
              help="How many top brokers (highest betweenness) to list.")
@filter_options
@_engine_option
@format_option(TABULAR)
def stats(data: str, top: int, graph_filter: Any, engine: str, fmt: str) -> None:
    """Counts by type, relation and status; components, density, dates, top brokers.

    The curation rows give the share of claims that are associated_with (target: at
    most 5%) and how many acts (relations of kind act, see `graphkit vocab`) are dated
    (target: at least 75%).

    \b
    Examples:
      graphkit stats
      graphkit stats --since 2011-12-16 --until 2011-12-17 --format json
    """
    from graphkit.analyse.stats import graph_stats

    _, graph = load_graph(data, graph_filter)
    figures = graph_stats(graph, top=top, engine=engine)
    if fmt == "json":
        _json(dataclasses.asdict(figures))
    else:
        emit_rows(figures.rows(), ["section", "key", "value"], fmt)


@click.command()
@data_option
@cache_option
@click.option("--out", type=click.Path(file_okay=False, path_type=str), default=None,
              metavar="DIR", help="Write DIR/report.md instead of printing the report.")
@click.option("--top", "-n", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many actors to list per metric.")
@seed_option("Louvain's communities")
@filter_options
@_engine_option
def report(data: str, out: str | None, top: int, seed: int, graph_filter: Any,
           engine: str) -> None:
    """The Markdown report: statistics, top actors per metric, communities.

    The same report `graphkit build` writes as output/report.md.

    \b
    Examples:
      graphkit report > report.md
      graphkit report --out output --relation sentenced
    """
    from graphkit.analyse.report import render_report

    _, graph = load_graph(data, graph_filter)
    text = render_report(graph, top=top, seed=seed, engine=engine)
    if out is None:
        click.echo(text, nl=False)
        return
    from graphkit.export.atomic import atomic_write
    from graphkit.export.target import data_files, output_folder

    target = output_folder(out, ["report.md"], data_files(data)) / "report.md"
    with atomic_write(target) as handle:
        handle.write(text)
    click.echo(str(target))
