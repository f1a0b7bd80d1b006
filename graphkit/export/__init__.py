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

__all__ = ["FORMATS", "DEFAULT_FORMATS", "get_writer", "write_all"]

#: name -> (module, function, output name); csv writes a folder's nodes.csv and edges.csv
FORMATS: dict[str, tuple[str, str, str]] = {
    "html": ("graphkit.export.html", "write_html", "graph.html"),
    "graphml": ("graphkit.export.graphml", "write_graphml", "graph.graphml"),
    "gexf": ("graphkit.export.gexf", "write_gexf", "graph.gexf"),
    "json": ("graphkit.export.tabular", "write_json", "graph.json"),
    "csv": ("graphkit.export.tabular", "write_csv", ""),
}
DEFAULT_FORMATS = ("html", "graphml", "gexf", "json", "csv")


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
            if name == "csv":
                names += [p.name for p in writer(graph, stage.staging, **kwargs)]
            else:
                writer(graph, stage.path(filename), **kwargs)
                names.append(filename)
        for filename, write in extra:
            write(stage.path(filename))
            names.append(filename)
        return stage.commit(names)
