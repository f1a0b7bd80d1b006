"""Show the explorer inline in Jupyter, JupyterLab, VS Code or Colab.

``show(graph)`` returns a small object whose ``_repr_html_`` is an ``<iframe srcdoc=…>``
holding the very page :func:`graphkit.export.html.write_html` writes. Why an iframe with
``srcdoc``:

* the page keeps its own Content-Security-Policy and styles, cannot clash with the
  notebook's CSS or scripts, and still makes no network request (nothing is loaded from
  a CDN or a local server, which is where pyvis's notebook mode breaks in VS Code/Colab);
* the sandbox allows scripts and popups (for source links) but not same-origin access,
  so the page cannot reach into the notebook.

IPython is never imported: notebooks look for ``_repr_html_`` by name, so importing
graphkit works without it.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import networkx as nx

from graphkit.export.atomic import atomic_write
from graphkit.export.html import render_html

__all__ = ["show", "Explorer"]


class Explorer:
    """The explorer page for one graph, displayable in a notebook and savable to a file."""

    def __init__(self, page: str, *, height: int = 640) -> None:
        self.html = page
        self.height = int(height)

    def _repr_html_(self) -> str:
        """An iframe whose ``srcdoc`` is the whole page, attribute-escaped."""
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{self.height}px;border:1px solid #e3e5e8;border-radius:4px" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
            'title="graphkit network explorer" loading="lazy"></iframe>'
        )

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path`` (atomically, UTF-8), the same bytes write_html writes."""
        target = Path(path)
        with atomic_write(target, "w") as handle:
            handle.write(self.html)
        return target

    def __repr__(self) -> str:
        return f"<graphkit Explorer: {len(self.html):,} characters; display it in a notebook>"


def show(
    graph: nx.MultiDiGraph,
    *,
    height: int = 640,
    max_nodes: int | None = None,
    title: str | None = None,
    size_metric: str | None = None,
) -> Explorer:
    """The interactive explorer for ``graph``, ready to display in a notebook cell.

    Sizes nodes by the metrics present on the graph (run ``graphkit.analyse.annotate``
    first for PageRank, betweenness and the stored layout; otherwise claim counts and a
    fresh seeded layout are used). The graph is not modified.

    In a cell::

        explorer = show(graph)
        explorer          # the last expression of a cell displays it
    """
    page = render_html(graph, max_nodes=max_nodes, title=title, size_metric=size_metric)
    return Explorer(page, height=height)
