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
from graphkit.cli.safeio import unescaped
from graphkit.sheets import SHEET_FORMATS

__all__ = ["export"]

#: The files ``--format neo4j`` writes into its folder.
NEO4J_FILES = ("actors.csv", "sources.csv", "claims.csv", "load.cypher")
EXPORT_FORMATS = ("graphml", "gexf", "json", "csv", "xlsx", "sheets", "ftm", "neo4j")


@click.command()
@data_option
@cache_option
@format_option(EXPORT_FORMATS)
@click.option("--out", "-o", metavar="PATH", type=click.Path(path_type=str), default=None,
              help="File to write (an existing folder gets graph.graphml, graph.gexf, "
                   "graph.json or graph.ftm.json inside): a new path or a regular file, never "
                   "a device, a FIFO or a file of the data folder. For csv and neo4j, the "
                   "folder that receives their files (required; for csv a path ending in "
                   ".csv is refused). Without --out, graphml/gexf/json/ftm go to stdout, and "
                   "xlsx too unless stdout is a terminal.")
@filter_options
@click.option("--metrics/--no-metrics", default=True, show_default=True,
              help="Add degree, centralities, communities and layout positions, as "
                   "`graphkit build` does (not to ftm, which has no place for them).")
@seed_option()
@click.option("--raw-csv", is_flag=True,
              help="csv only: write text cells exactly, without the ' prefix that stops "
                   "spreadsheets from running cells starting with = + - @ as formulas.")
@click.option("-v", "--verbose", is_flag=True,
              help="Print data warnings and what was written on stderr.")
def export(data: str, fmt: str, out: str | None, graph_filter: object, metrics: bool,
           seed: int, raw_csv: bool, verbose: bool) -> None:
    """Export the graph as GraphML, GEXF, JSON, CSV, FollowTheMoney or for Neo4j, or the
    case as sheets.

    GraphML and GEXF open in Gephi, Gephi Lite, igraph, R and Cytoscape; the GEXF
    carries the dates for Gephi's timeline; JSON is node-link with evidence, for d3,
    sigma/graphology and notebooks; CSV is Gephi's spreadsheet layout (nodes.csv,
    edges.csv). xlsx (a workbook, case.xlsx in a folder) and sheets (a folder of
    actors.csv, claims.csv, sources.csv) write the case itself for curators, in the
    layout `graphkit import` reads back (docs/sheets.md). The filter options select what
    to export. ftm writes FollowTheMoney entities, one JSON object per line, for
    Aleph/OpenAleph (alephclient write-entities) and the ftm tools; it needs
    pip install 'graphkit[ftm]'. neo4j writes a folder for neo4j-admin database import
    (actors.csv, sources.csv, claims.csv) and load.cypher for LOAD CSV. Files are written
    atomically; the same data gives the same bytes. See docs/exports.md.

    \b
    Examples:
      graphkit export --format gexf --out output/graph.gexf
      graphkit export --format graphml > case.graphml
      graphkit export --format csv --out tables/ --relation prosecuted --relation sentenced \\
          --since 2011 --until 2012
      graphkit export --format json --no-metrics | jq '.links | length'
      graphkit export --format xlsx --out case.xlsx
      graphkit export --format ftm --no-metrics | ftm validate
      graphkit export --format neo4j --out neo4j-import/
    """
    from graphkit.errors import UsageError
    from graphkit.export import FORMATS, check_formats, get_writer, write_all

    if raw_csv and fmt != "csv":
        raise UsageError("--raw-csv applies to --format csv only")
    if fmt in SHEET_FORMATS:
        _export_sheets(data, fmt, out, graph_filter, verbose)
        return
    target = _target(fmt, out, data)  # refused before any work is done
    check_formats([fmt])
    _, graph = load_graph(data, graph_filter, verbose=verbose)
    if metrics and fmt != "ftm":  # FtM has no property for metrics: skip the work
        from graphkit.analyse import annotate

        graph = annotate(graph, seed=seed, inplace=True)
    if graph.number_of_nodes() == 0:
        click.echo("graphkit: nothing matches the filter; the export is empty", err=True)

    writer = get_writer(fmt)
    if fmt == "csv":  # two files: replaced together, as a build's outputs are
        written = write_all(graph, target, ["csv"],  # type: ignore[arg-type]
                            options={"csv": {"formula_guard": not raw_csv}})
    elif fmt == "neo4j":
        written = writer(graph, target)  # type: ignore[arg-type]
    elif target is None:
        _to_stdout(writer, graph, FORMATS[fmt][2])
        written = []
    else:
        writer(graph, target)
        written = [target]
    if verbose:
        for path in written:
            click.echo(f"wrote {path}", err=True)
        click.echo(f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} claims",
                   err=True)


def _target(fmt: str, out: str | None, data: str) -> Path | None:
    """Where ``--out`` writes, checked: a new path or a regular file (a folder for csv),
    never a device, a FIFO or a file of the data folder."""
    from graphkit.errors import UsageError
    from graphkit.export import FORMATS
    from graphkit.export.target import data_files, output_file, output_folder

    protected = data_files(data)
    if fmt == "csv":
        if out is None:
            raise UsageError("--format csv writes two files (nodes.csv, edges.csv) into a "
                             "folder: pass --out DIR")
        if out.lower().endswith(".csv") and not os.path.isdir(out):
            raise UsageError(f"--format csv writes nodes.csv and edges.csv into a folder, and "
                             f"'{out}' names a file: pass a folder, e.g. --out "
                             f"{out[:-4] or 'tables'}/")
        return output_folder(out, ("nodes.csv", "edges.csv"), protected)
    if fmt == "neo4j":
        if out is None:
            raise UsageError("--format neo4j writes a folder (actors.csv, sources.csv, "
                             "claims.csv, load.cypher): pass --out DIR")
        return output_folder(out, NEO4J_FILES, protected)
    if out is None:
        return None
    target = Path(out)
    if target.is_dir() or out.endswith(("/", os.sep)):
        target = target / FORMATS[fmt][2]
    return output_file(target, protected)


def _export_sheets(data: str, fmt: str, out: str | None, graph_filter: Any,
                   verbose: bool) -> None:
    """The case itself (not the graph) in the layout of graphkit.sheets."""
    from graphkit.errors import UsageError
    from graphkit.sheets.write import WORKBOOK_NAME, export_sheets

    if fmt == "sheets" and out is None:
        raise UsageError("--format sheets writes three files (actors.csv, claims.csv, "
                         "sources.csv): pass --out DIR")
    if fmt == "xlsx" and out is None and sys.stdout.isatty():
        raise UsageError("--format xlsx is a binary workbook, not for a terminal: pass "
                         "--out case.xlsx, or send stdout to a file or a pipe")
    target = _sheets_target(fmt, out, data)  # refused before any work is done
    dataset, graph = load_graph(data, graph_filter, verbose=verbose)
    chosen: dict[str, Any] = {}
    if graph_filter is not None and not graph_filter.is_empty():
        chosen = {"entity_ids": set(graph.nodes),
                  "claim_ids": {k for _, _, k in graph.edges(keys=True)}}
    if out is None:
        _to_stdout(lambda _graph, path: export_sheets(dataset, path, fmt, **chosen), graph,
                   WORKBOOK_NAME)
        return
    written = export_sheets(dataset, target, fmt, **chosen)
    if verbose:
        for path in written:
            click.echo(f"wrote {path}", err=True)


def _sheets_target(fmt: str, out: str | None, data: str) -> Path | None:
    """``--out`` of xlsx (a file) or sheets (a folder), checked like every other."""
    from graphkit.export.target import data_files, output_file, output_folder
    from graphkit.sheets.write import WORKBOOK_NAME

    if out is None:
        return None
    protected = data_files(data)
    if fmt == "sheets":
        return output_folder(out, ("actors.csv", "claims.csv", "sources.csv"), protected)
    target = Path(out)
    if target.is_dir() or out.endswith(("/", os.sep)):
        target = target / WORKBOOK_NAME
    return output_file(target, protected)


def _to_stdout(writer: object, graph: object, name: str) -> None:
    """Write to a private temporary file, then copy its bytes to stdout.

    The writers write whole files atomically; going through a file keeps stdout
    byte-identical to ``--out`` and never leaves half a document on a failed run.
    """
    folder = tempfile.mkdtemp(prefix="graphkit-export-")
    try:
        path = Path(folder) / name
        writer(graph, path)  # type: ignore[operator]
        stream = unescaped(sys.stdout).buffer  # data, not text: bytes as written
        with open(path, "rb") as handle:
            shutil.copyfileobj(handle, stream)
        stream.flush()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
