"""``graphkit validate``, ``graphkit build`` and ``graphkit vocab``."""

from __future__ import annotations

import json
import sys

import click

from graphkit.cli.options import (
    cache_option,
    cache_wanted,
    data_option,
    filter_options,
    format_option,
    out_option,
    seed_option,
    verbose_option,
)

__all__ = ["validate", "build", "vocab"]


@click.command()
@data_option
@click.option("--archive", metavar="DIR", type=click.Path(file_okay=False, path_type=str),
              help="Folder of archived source texts: check that cited lines exist and "
                   "mention both ends of each claim.")
@click.option("--strict", is_flag=True, help="Treat archive mismatches as errors.")
@format_option(("text", "json"))
@cache_option
def validate(data: str, archive: str | None, strict: bool, fmt: str) -> None:
    """Check a data folder and list every problem, sorted by file and line.

    The folder's stories.yaml, when there is one, is checked too. Each problem reads
    `file:line:column: severity [code] message — hint`.
    Exit code 0 when valid (warnings allowed), 1 when any error is found.

    \b
    Examples:
      graphkit validate
      graphkit validate --data cases/other --format json
      graphkit validate --archive ../shared/seeds --strict
    """
    from graphkit.errors import DataError
    from graphkit.load import load_dataset

    try:
        dataset = load_dataset(data, archive=archive, strict=strict, use_cache=cache_wanted())
        issues, ok = dataset.warnings, True
    except DataError as exc:
        issues, ok, dataset = exc.issues, False, None
    if fmt == "json":
        click.echo(json.dumps([i.to_dict() for i in issues], ensure_ascii=False, indent=2))
    else:
        for issue in issues:
            click.echo(issue.format())
    errors = sum(1 for i in issues if i.severity == "error")
    if ok and dataset is not None:
        count = len(dataset.stories)
        stories = f"{count} {'story' if count == 1 else 'stories'}, " if count else ""
        click.echo(f"{data}: valid — {len(dataset.sources)} sources, "
                   f"{len(dataset.entities)} entities, {len(dataset.claims)} claims, "
                   f"{stories}{len(issues)} warning(s)", err=True)
    else:
        click.echo(f"{data}: {errors} error(s), {len(issues) - errors} warning(s)", err=True)
        sys.exit(1)


@click.command()
@data_option
@out_option("output", "Folder to write graph.html, graph.graphml, graph.gexf, graph.json, "
                      "nodes.csv, edges.csv and report.md into (and, when asked for with "
                      "--only, graph.ftm.json and the neo4j/ folder).")
@filter_options
@click.option("--only", "formats", multiple=True,
              type=click.Choice(["html", "graphml", "gexf", "json", "csv", "ftm", "neo4j"]),
              help="Write only these formats (repeatable). Default: html, graphml, gexf, "
                   "json and csv; ftm (FollowTheMoney) and neo4j are written when named.")
@click.option("--archive", metavar="DIR", type=click.Path(file_okay=False, path_type=str),
              help="Also check evidence against archived texts (warnings), and carry "
                   "the cited lines into graph.html as quotations.")
@click.option("--max-nodes", type=click.IntRange(min=0), default=None,
              help="Keep only the N most central actors in the HTML explorer (default: "
                   "5,000 when the graph is larger; 0 keeps everyone).")
@seed_option()
@click.option("--exact", is_flag=True,
              help="Compute betweenness and closeness exactly even on large graphs (by "
                   "default they are estimated from a seeded sample above about 10,000 "
                   "actors with 100,000 ties; the report says so).")
@cache_option
@verbose_option
def build(data: str, out: str, graph_filter: object, formats: tuple[str, ...],
          archive: str | None, max_nodes: int | None, seed: int, exact: bool,
          verbose: bool) -> None:
    """Validate the data, then write every output (the main job).

    Prints the paths it wrote, one per line. Invalid data writes nothing and exits 1;
    a failure while writing leaves earlier outputs untouched. On a terminal, a progress
    line shows each stage on stderr. Unchanged data is read from a cache the second
    time (see --no-cache).

    \b
    Examples:
      graphkit build
      graphkit build --data cases/other --out public/
      graphkit build --relation sentenced --relation prosecuted --since 2011 --until 2012
      graphkit build --only ftm --only neo4j --out exports/
    """
    from pathlib import Path

    from graphkit.cli.progress import ProgressLine
    from graphkit.export import DEFAULT_FORMATS, FOLDER_FORMATS, FORMATS
    from graphkit.export.target import data_files, output_folder
    from graphkit.pipeline import run

    chosen = formats or DEFAULT_FORMATS
    # files at the top of --out (a folder format's own folder is checked as it is committed)
    names = [FORMATS[f][2] for f in chosen if f not in FOLDER_FORMATS] + ["report.md"]
    names += ["nodes.csv", "edges.csv"] if "csv" in chosen else []
    output_folder(out, names, data_files(data))  # refused before any work is done
    html_options = None if max_nodes is None else {"max_nodes": max_nodes or None}
    line = ProgressLine(verbose)
    committed: list[Path] = []
    try:
        result = run(data, out, graph_filter=graph_filter,  # type: ignore[arg-type]
                     formats=chosen, archive=archive, seed=seed,
                     progress=line, advance=line.advance, html_options=html_options,
                     use_cache=cache_wanted(), exact=True if exact else None,
                     on_commit=committed.extend)
        if verbose:
            for issue in result.warnings:
                click.echo(issue.format(), err=True)
        for path in result.written:
            click.echo(str(path))
    except KeyboardInterrupt as exc:  # say exactly which set the folder holds
        exc.state = (  # type: ignore[attr-defined]
            f"Interrupted after the new outputs were in place: {out} holds the complete new "
            f"set ({len(committed)} files)." if committed else
            f"Interrupted before any output was replaced: {out} holds the previous files, "
            "unchanged.")
        raise
    finally:
        line.close()
    if verbose:
        click.echo(f"{result.graph.number_of_nodes()} actors, "
                   f"{result.graph.number_of_edges()} claims", err=True)


@click.command()
@data_option
@format_option(("table", "json"))
def vocab(data: str, fmt: str) -> None:
    """Show the vocabulary in force: entity types, relations, statuses and FtM schemata.

    The default vocabulary, extended by DIR/vocabulary.yaml when the data folder has one.
    For each relation: how a claim reads both ways, its kind (act: something done at a
    time, to be dated; tie: a standing fact such as member_of) and the entity types
    allowed at each end, named by group where a whole group is allowed.

    \b
    Examples:
      graphkit vocab
      graphkit vocab --data cases/other
      graphkit vocab --format json | jq '.relations | map_values(.kind)'
    """
    from pathlib import Path

    from graphkit.vocab import load_vocabulary
    from graphkit.vocab.describe import describe_vocabulary

    vocabulary = load_vocabulary(data if Path(data).is_dir() else None)
    if fmt == "json":
        click.echo(json.dumps(vocabulary.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(describe_vocabulary(vocabulary), nl=False)
