"""``graphkit export``: one file format, optionally of a filtered graph, to a file or stdout."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from graphkit.cli.options import (
    cache_option,
    data_option,
    filter_options,
    format_option,
    load_graph,
    seed_option,
)
from graphkit.sheets import SHEET_FORMATS

__all__ = ["export"]

EXPORT_FORMATS = ("graphml", "gexf", "json", "csv", "xlsx", "sheets")


@click.command()
@data_option
@cache_option
@format_option(EXPORT_FORMATS)
@click.option("--out", "-o", metavar="PATH", type=click.Path(path_type=str), default=None,
              help="File to write (an existing folder gets graph.graphml, graph.gexf or "
                   "graph.json inside). For csv, the folder that receives nodes.csv and "
                   "edges.csv (required). Without --out, graphml/gexf/json go to stdout.")
@filter_options
@click.option("--metrics/--no-metrics", default=True, show_default=True,
              help="Add degree, centralities, communities and layout positions, as "
                   "`graphkit build` does.")
@seed_option()
@click.option("--raw-csv", is_flag=True,
              help="csv only: write text cells exactly, without the ' prefix that stops "
                   "spreadsheets from running cells starting with = + - @ as formulas.")
@click.option("-v", "--verbose", is_flag=True,
              help="Print data warnings and what was written on stderr.")
def export(data: str, fmt: str, out: str | None, graph_filter: object, metrics: bool,
           seed: int, raw_csv: bool, verbose: bool) -> None:
    """Export the graph as GraphML, GEXF, node-link JSON or CSV, or the case as sheets.

    GraphML and GEXF open in Gephi, Gephi Lite, igraph, R and Cytoscape; the GEXF
    carries the dates for Gephi's timeline; JSON is node-link with evidence, for d3,
    sigma/graphology and notebooks; CSV is Gephi's spreadsheet layout (nodes.csv,
    edges.csv). xlsx (a workbook, case.xlsx in a folder) and sheets (a folder of
    actors.csv, claims.csv, sources.csv) write the case itself for curators, in the
    layout `graphkit import` reads back (docs/sheets.md). The filter options select what
    to export. Files are written atomically; the same data gives the same bytes. See
    docs/exports.md.

    \b
    Examples:
      graphkit export --format gexf --out output/graph.gexf
      graphkit export --format graphml > case.graphml
      graphkit export --format csv --out tables/ --relation prosecuted --relation sentenced \\
          --since 2011 --until 2012
      graphkit export --format json --no-metrics | jq '.links | length'
      graphkit export --format xlsx --out case.xlsx
    """
    from graphkit.errors import UsageError
    from graphkit.export import FORMATS, get_writer

    if raw_csv and fmt != "csv":
        raise UsageError("--raw-csv applies to --format csv only")
    if fmt == "csv" and out is None:
        raise UsageError("--format csv writes two files (nodes.csv, edges.csv): "
                         "pass --out DIR")
    if fmt in SHEET_FORMATS:
        _export_sheets(data, fmt, out, graph_filter, verbose)
        return
    _, graph = load_graph(data, graph_filter, verbose=verbose)
    if metrics:
        from graphkit.analyse import annotate

        graph = annotate(graph, seed=seed, inplace=True)
    if graph.number_of_nodes() == 0:
        click.echo("graphkit: nothing matches the filter; the export is empty", err=True)

    writer = get_writer(fmt)
    if fmt == "csv":
        written = writer(graph, Path(out), formula_guard=not raw_csv)  # type: ignore[arg-type]
    elif out is None:
        _to_stdout(writer, graph, FORMATS[fmt][2])
        written = []
    else:
        target = Path(out)
        if target.is_dir() or out.endswith(("/", os.sep)):
            target = target / FORMATS[fmt][2]
        writer(graph, target)
        written = [target]
    if verbose:
        for path in written:
            click.echo(f"wrote {path}", err=True)
        click.echo(f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} claims",
                   err=True)


def _export_sheets(data: str, fmt: str, out: str | None, graph_filter: Any,
                   verbose: bool) -> None:
    """The case itself (not the graph) in the layout of graphkit.sheets."""
    from graphkit.errors import UsageError
    from graphkit.sheets.write import WORKBOOK_NAME, export_sheets

    if fmt == "sheets" and out is None:
        raise UsageError("--format sheets writes three files (actors.csv, claims.csv, "
                         "sources.csv): pass --out DIR")
    dataset, graph = load_graph(data, graph_filter, verbose=verbose)
    chosen: dict[str, Any] = {}
    if graph_filter is not None and not graph_filter.is_empty():
        chosen = {"entity_ids": set(graph.nodes),
                  "claim_ids": {k for _, _, k in graph.edges(keys=True)}}
    if out is None:
        _to_stdout(lambda _graph, path: export_sheets(dataset, path, fmt, **chosen), graph,
                   WORKBOOK_NAME)
        return
    target = Path(out)
    if fmt == "xlsx" and (target.is_dir() or out.endswith(("/", os.sep))):
        target = target / WORKBOOK_NAME
    written = export_sheets(dataset, target, fmt, **chosen)
    if verbose:
        for path in written:
            click.echo(f"wrote {path}", err=True)


def _to_stdout(writer: object, graph: object, name: str) -> None:
    """Write to a private temporary file, then copy its bytes to stdout.

    The writers write whole files atomically; going through a file keeps stdout
    byte-identical to ``--out`` and never leaves half a document on a failed run.
    """
    folder = tempfile.mkdtemp(prefix="graphkit-export-")
    try:
        path = Path(folder) / name
        writer(graph, path)  # type: ignore[operator]
        stream = sys.stdout.buffer
        with open(path, "rb") as handle:
            shutil.copyfileobj(handle, stream)
        stream.flush()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
