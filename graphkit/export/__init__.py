"""Exporters: one small module per format, all reading the same graph.

``FORMATS`` maps a format name to ``(module, function, default file name)``; modules
are imported only when used, so ``graphkit --help`` stays fast and a missing optional
piece cannot break the other formats.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.export.commit import OutputSet

__all__ = ["FORMATS", "DEFAULT_FORMATS", "FOLDER_FORMATS", "check_formats", "get_writer",
           "write_all"]

#: name -> (module, function, output name). The folder formats (``FOLDER_FORMATS``) write
#: several files: csv puts nodes.csv and edges.csv in the output folder itself, neo4j its
#: files in the sub-folder named here.
FORMATS: dict[str, tuple[str, str, str]] = {
    "html": ("graphkit.export.html", "write_html", "graph.html"),
    "graphml": ("graphkit.export.graphml", "write_graphml", "graph.graphml"),
    "gexf": ("graphkit.export.gexf", "write_gexf", "graph.gexf"),
    "json": ("graphkit.export.tabular", "write_json", "graph.json"),
    "csv": ("graphkit.export.tabular", "write_csv", ""),
    "ftm": ("graphkit.export.ftm", "write_ftm", "graph.ftm.json"),
    "neo4j": ("graphkit.export.neo4j", "write_neo4j", "neo4j"),
}
FOLDER_FORMATS = ("csv", "neo4j")
#: What ``graphkit build`` writes unless told otherwise; ftm and neo4j are asked for
#: (``--only``), as they serve other tools and ftm needs an optional library.
DEFAULT_FORMATS = ("html", "graphml", "gexf", "json", "csv")


def check_formats(formats: Sequence[str]) -> None:
    """Raise ExportError now if a format cannot be written (a missing optional library),
    rather than after minutes of loading and analysis. A format module says so with a
    ``check_available()`` function."""
    for name in formats:
        module = importlib.import_module(FORMATS[name][0])
        check = getattr(module, "check_available", None)
        if check is not None:
            check()


def get_writer(name: str) -> Callable[..., Any]:
    """The writer function of a format."""
    module, function, _ = FORMATS[name]
    return getattr(importlib.import_module(module), function)


def write_all(graph: nx.MultiDiGraph, out_dir: str | Path,
              formats: Sequence[str] = DEFAULT_FORMATS,
              progress: Callable[[str], None] | None = None,
              html_options: dict[str, Any] | None = None,
              extra: Sequence[tuple[str, Callable[[Path], None]]] = (),
              options: Mapping[str, dict[str, Any]] | None = None,
              on_commit: Callable[[list[Path]], None] | None = None) -> list[Path]:
    """Write each format (and each ``extra`` file) into ``out_dir`` as one set.

    ``extra`` holds ``(file name, write(path))`` pairs for files that belong to the same
    set (the pipeline's report.md); ``options`` keyword arguments per format (``{"csv":
    {"formula_guard": False}}``). Everything is staged and then committed together
    (:mod:`graphkit.export.commit`): a failure or an interrupt at any moment leaves the
    whole previous set or the whole new one; ``on_commit(paths)`` is called the moment
    the new set is in place. Returns the paths written, in order.
    """
    per_format = {name: dict(kwargs) for name, kwargs in (options or {}).items()}
    if html_options:
        per_format.setdefault("html", {}).update(html_options)
    with OutputSet(out_dir, on_commit) as stage:
        names: list[str] = []
        for name in formats:
            if progress:
                progress(name)
            writer = get_writer(name)
            _, _, filename = FORMATS[name]
            kwargs = per_format.get(name, {})
            if name in FOLDER_FORMATS:  # csv into the folder itself, neo4j into neo4j/
                folder = stage.path(filename) if filename else stage.staging
                names += [p.relative_to(stage.staging).as_posix()
                          for p in writer(graph, folder, **kwargs)]
            else:
                writer(graph, stage.path(filename), **kwargs)
                names.append(filename)
        for filename, write in extra:
            write(stage.path(filename))
            names.append(filename)
        return stage.commit(names)
