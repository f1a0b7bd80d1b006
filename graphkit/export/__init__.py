"""Exporters: one small module per format, all reading the same graph.

``FORMATS`` maps a format name to ``(module, function, default file name)``; modules
are imported only when used, so ``graphkit --help`` stays fast and a missing optional
piece cannot break the other formats.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

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
              html_options: dict[str, Any] | None = None) -> list[Path]:
    """Write each format into ``out_dir``; return the paths written, in order.

    Each file is written atomically, so a failure part-way leaves every earlier output
    as it was and every file already rewritten complete.
    """
    out = Path(out_dir)
    written: list[Path] = []
    for name in formats:
        if progress:
            progress(name)
        writer = get_writer(name)
        _, _, filename = FORMATS[name]
        if name == "csv":
            written.extend(writer(graph, out))
        elif name == "html":
            writer(graph, out / filename, **(html_options or {}))
            written.append(out / filename)
        else:
            writer(graph, out / filename)
            written.append(out / filename)
    return written
