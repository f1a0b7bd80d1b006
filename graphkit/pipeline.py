"""The main job: load, validate, build, annotate, export. The notebook entry point too.

``run()`` is what ``graphkit build`` calls; it is the only place that chains the layers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from graphkit._gc import paused_gc
from graphkit.analyse import annotate
from graphkit.analyse.projection import Projections
from graphkit.analyse.report import render_report
from graphkit.build import build_graph
from graphkit.export import DEFAULT_FORMATS, check_formats, write_all
from graphkit.export.atomic import atomic_write
from graphkit.filters import GraphFilter
from graphkit.issues import Issue
from graphkit.load import load_dataset
from graphkit.model import Dataset

__all__ = ["run", "RunResult"]


@dataclass
class RunResult:
    """What a run produced: the dataset, the annotated graph and the files written."""

    dataset: Dataset
    graph: nx.MultiDiGraph
    written: list[Path] = field(default_factory=list)

    @property
    def warnings(self) -> list[Issue]:
        return self.dataset.warnings


def run(data_dir: str | Path = "data", out_dir: str | Path = "output", *,
        graph_filter: GraphFilter | None = None, formats: Sequence[str] = DEFAULT_FORMATS,
        archive: str | Path | None = None, seed: int = 42, report: bool = True,
        progress: Callable[[str], None] | None = None,
        html_options: dict | None = None, use_cache: bool = True,
        advance: Callable[[str, int, int], None] | None = None,
        exact: bool | None = None,
        on_commit: Callable[[list[Path]], None] | None = None) -> RunResult:
    """Validate ``data_dir`` and write every output into ``out_dir``.

    ``progress(stage)`` is called as each stage starts, ``advance(what, done, total)``
    as long steps within a stage move on (reading big files, exact metrics, layout).
    ``use_cache=False`` re-reads the data even when it is unchanged since the last run.
    ``exact=True`` computes betweenness and closeness exactly even on large graphs,
    where they are otherwise estimated from a seeded sample (and the report says so).
    ``on_commit(paths)`` is called the moment the new outputs are in place (all at once:
    see :mod:`graphkit.export.commit`). Raises DataError (nothing is written) when the
    data is invalid.
    """
    with paused_gc():
        return _run(data_dir, out_dir, graph_filter, formats, archive, seed, report,
                    progress or (lambda _name: None), html_options, use_cache, advance, exact,
                    on_commit)


def _run(data_dir: str | Path, out_dir: str | Path, graph_filter: GraphFilter | None,
         formats: Sequence[str], archive: str | Path | None, seed: int, report: bool,
         step: Callable[[str], None], html_options: dict | None, use_cache: bool,
         advance: Callable[[str, int, int], None] | None, exact: bool | None,
         on_commit: Callable[[list[Path]], None] | None) -> RunResult:
    check_formats(formats)
    step("load")
    dataset = load_dataset(data_dir, archive=archive, use_cache=use_cache, progress=advance)
    step("build")
    graph = build_graph(dataset, graph_filter)
    step("analyse")
    views = Projections(graph)  # every analysis step below shares these
    annotate(graph, seed=seed, progress=advance, exact=exact, projections=views, inplace=True)
    if archive is not None:
        # The explorer quotes the cited lines of the archived texts (docs/explorer.md).
        html_options = {"archive": archive, **(html_options or {})}
    extra = []
    if report:
        def write_report(path: Path) -> None:
            step("report")
            with atomic_write(path) as handle:
                handle.write(render_report(graph, seed=seed, projections=views))

        extra.append(("report.md", write_report))
    # report.md is staged with the other files and committed with them: one set.
    written = write_all(graph, out_dir, formats, progress=step, html_options=html_options,
                        extra=extra, on_commit=on_commit)
    return RunResult(dataset, graph, written)
