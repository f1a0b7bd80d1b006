"""graphkit: curated, sourced case files of actors and relationships, as a network.

The library API (the CLI is a thin shell over it)::

    import graphkit
    dataset = graphkit.load_dataset("data")
    graph = graphkit.build_graph(dataset, graphkit.GraphFilter(relations=("sentenced",)))
    graphkit.run("data", "output")          # the whole main job

Heavy modules are imported on first use, so ``import graphkit`` stays quick.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "load_dataset", "build_graph", "run", "GraphFilter", "Vocabulary", "load_vocabulary",
    "write_all", "show", "GraphkitError", "DataError", "NotFound", "__version__",
    "import_sheets", "export_sheets", "diff_datasets",
]

_LAZY = {
    "load_dataset": "graphkit.load",
    "build_graph": "graphkit.build",
    "run": "graphkit.pipeline",
    "GraphFilter": "graphkit.filters",
    "Vocabulary": "graphkit.vocab",
    "load_vocabulary": "graphkit.vocab",
    "write_all": "graphkit.export",
    "show": "graphkit.notebook",
    "GraphkitError": "graphkit.errors",
    "DataError": "graphkit.errors",
    "NotFound": "graphkit.errors",
    "import_sheets": "graphkit.sheets",
    "export_sheets": "graphkit.sheets",
    "diff_datasets": "graphkit.diff",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
