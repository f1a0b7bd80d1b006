"""The optional case settings file, ``case.yaml``: how a case presents itself.

The data files say what is known; this file says how a reader should first be shown
it. A case about one town has actors that touch everything and explain nothing (the
country, the town itself): drawn as hubs they pull every actor into one knot and
every chain of the explorer's path finder runs through them. ``view.set_aside``
names such actors once, for every reader, instead of each reader unticking them.

    title: The Zhanaozen case              # overrides the README's first heading
    view:
      set_aside: [kazakhstan, zhanaozen]   # hubs set aside by default (ids or aliases)
      metric: pagerank                     # what sizes actors and ranks their labels
      depth: 1                             # neighbourhood shown around a chosen actor

Checked like the other files: every problem is an issue with its file and line, and
an unknown actor gets the closest id as a suggestion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graphkit.issues import Issue
from graphkit.validate import Checker, EntityIndex, suggest
from graphkit.yamlsource import YList, YMap

__all__ = ["CASE_FILE", "CaseSettings", "check_case"]

CASE_FILE = "case.yaml"
CASE_FIELDS = {"title", "view"}
VIEW_FIELDS = {"set_aside", "metric", "depth"}
_METRIC = re.compile(r"^[a-z][a-z0-9_]*$")
#: The explorer offers neighbourhoods of 1 to this many steps around an actor.
MAX_DEPTH = 3


@dataclass(frozen=True)
class CaseSettings:
    """What ``case.yaml`` says; every field optional."""

    title: str | None = None
    set_aside: tuple[str, ...] = ()
    metric: str | None = None
    depth: int | None = None

    def view(self) -> dict[str, Any]:
        """The ``view`` graph attribute (docs/internals.md): only what was set."""
        result: dict[str, Any] = {"set_aside": list(self.set_aside)}
        if self.metric:
            result["metric"] = self.metric
        if self.depth:
            result["depth"] = self.depth
        return result


def check_case(doc: Any, file: str, index: EntityIndex) -> tuple[CaseSettings, list[Issue]]:
    """Read the parsed ``case.yaml`` (``None`` when absent) into settings and issues."""
    checker = Checker(file)
    if doc is None:
        return CaseSettings(), []
    if not isinstance(doc, YMap):
        checker.add("wrong-shape", "case.yaml must be a mapping of settings",
                    doc.mark if isinstance(doc, YList) else None,
                    "write `view:` with `set_aside: [ids]` below it")
        return CaseSettings(), checker.issues
    checker.unknown_fields(doc, CASE_FIELDS, "case.yaml", ())
    title = checker.text(doc, "title", ())
    view = doc.get("view")
    if view is None:
        return CaseSettings(title=title or None), checker.issues
    if not isinstance(view, YMap):
        checker.add("wrong-shape", "'view' must be a mapping", doc.mark_of("view"),
                    "write `set_aside: [ids]` indented below `view:`", loc=("view",))
        return CaseSettings(title=title or None), checker.issues
    checker.unknown_fields(view, VIEW_FIELDS, "view", ("view",))
    set_aside: list[str] = []
    for index_, (reference, mark) in enumerate(checker.text_list(view, "set_aside", ("view",))):
        found, _ = index.resolve(reference)
        if found is None:
            hint = index.suggestion(reference)
            # A warning: the setting only shapes a view, and a case whose actors were
            # renamed or re-imported must still build.
            checker.add("unknown-set-aside", f"set_aside names no actor: '{reference}'", mark,
                        hint, severity="warning", loc=("view", "set_aside", index_))
        elif found not in set_aside:
            set_aside.append(found)
    metric = checker.text(view, "metric", ("view",))
    if metric is not None and not _METRIC.match(metric):
        checker.add("wrong-shape", f"metric '{metric}' is not a metric name", view.mark_of("metric"),
                    suggest(metric, ("degree", "pagerank", "betweenness", "eigenvector",
                                     "closeness", "in_degree", "out_degree"))
                    or "e.g. pagerank", loc=("view", "metric"))
        metric = None
    depth_text = checker.text(view, "depth", ("view",))
    depth = None
    if depth_text is not None:
        if depth_text.isdigit() and 1 <= int(depth_text) <= MAX_DEPTH:
            depth = int(depth_text)
        else:
            checker.add("wrong-shape", f"depth '{depth_text}' must be 1, 2 or 3",
                        view.mark_of("depth"), "write `depth: 1`", loc=("view", "depth"))
    return (CaseSettings(title=title or None, set_aside=tuple(set_aside), metric=metric or None,
                         depth=depth), checker.issues)
