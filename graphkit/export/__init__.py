"""Exporters: one small module per format, all reading the same graph.

``FORMATS`` maps a format name to ``(module, function, default file name)``; modules
are imported only when used, so ``graphkit --help`` stays fast and a missing optional
piece cannot break the other formats.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

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
              html_options: dict[str, Any] | None = None) -> list[Path]:
    """Write each format into ``out_dir``; return the paths written, in order.

    Everything is first written into a staging folder inside ``out_dir`` and moved into
    place only once every format has succeeded: a failed or interrupted export leaves
    all earlier outputs byte-identical, never a mix of old and new files.
    """
    from graphkit.errors import ExportError

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".graphkit-staging-", dir=out))
    except OSError as exc:
        raise ExportError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    try:
        staged: list[Path] = []
        for name in formats:
            if progress:
                progress(name)
            writer = get_writer(name)
            _, _, filename = FORMATS[name]
            if name in FOLDER_FORMATS:
                staged.extend(writer(graph, staging / filename if filename else staging))
            elif name == "html":
                writer(graph, staging / filename, **(html_options or {}))
                staged.append(staging / filename)
            else:
                writer(graph, staging / filename)
                staged.append(staging / filename)
        written = []
        for path in staged:
            target = out / path.relative_to(staging)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
            except OSError as exc:
                raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
            written.append(target)
        return written
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
