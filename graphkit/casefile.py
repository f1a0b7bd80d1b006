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
    lint:
      reviewed:                            # findings a curator checked and kept
        - code: duplicate-actor
          ids: [european-parliament, european-parliamentarians]
          why: The institution, and the members who acted on the case.

Checked like the other files: every problem is an issue with its file and line, and
an unknown actor gets the closest id as a suggestion. ``lint.reviewed`` exists because
look-alikes are real (namesakes, an institution and its members): a reviewed finding,
with the reason written down, stops being reported and is never merged by
``graphkit lint --fix``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graphkit.issues import Issue
from graphkit.metrics import ATTRIBUTES
from graphkit.validate import Checker, EntityIndex, suggest
from graphkit.yamlsource import YList, YMap

__all__ = ["CASE_FILE", "CaseSettings", "Review", "check_case"]

CASE_FILE = "case.yaml"
CASE_FIELDS = {"title", "view", "lint"}
VIEW_FIELDS = {"set_aside", "metric", "depth"}
LINT_FIELDS = {"reviewed"}
REVIEW_FIELDS = {"code", "ids", "why"}
_METRIC = re.compile(r"^[a-z][a-z0-9_]*$")
#: The explorer offers neighbourhoods of 1 to this many steps around an actor.
MAX_DEPTH = 3


@dataclass(frozen=True)
class Review:
    """A lint finding a curator checked and decided to keep, and why."""

    code: str
    ids: frozenset[str]
    why: str
    line: int = 0

    def covers(self, code: str, ids: tuple[str, ...]) -> bool:
        """Whether this review is about the finding ``code`` on exactly these actors or claims."""
        return code == self.code and frozenset(ids) == self.ids


@dataclass(frozen=True)
class CaseSettings:
    """What ``case.yaml`` says; every field optional."""

    title: str | None = None
    set_aside: tuple[str, ...] = ()
    metric: str | None = None
    depth: int | None = None
    reviewed: tuple[Review, ...] = ()

    def view(self) -> dict[str, Any]:
        """The ``view`` graph attribute (docs/internals.md): only what was set."""
        result: dict[str, Any] = {"set_aside": list(self.set_aside)}
        if self.metric:
            result["metric"] = self.metric
        if self.depth:
            result["depth"] = self.depth
        return result


def check_case(doc: Any, file: str, index: EntityIndex | None
               ) -> tuple[CaseSettings, list[Issue]]:
    """Read the parsed ``case.yaml`` (``None`` when absent) into settings and issues.

    ``index`` None means entities.yaml could not be read: the actors set aside are kept
    as written and not checked (each would be reported, burying the one real problem).
    """
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
    reviewed = _reviews(checker, doc.get("lint"), doc.mark_of("lint"))
    view = doc.get("view")
    if view is None:
        return CaseSettings(title=title or None, reviewed=reviewed), checker.issues
    if not isinstance(view, YMap):
        checker.add("wrong-shape", "'view' must be a mapping", doc.mark_of("view"),
                    "write `set_aside: [ids]` indented below `view:`", loc=("view",))
        return CaseSettings(title=title or None, reviewed=reviewed), checker.issues
    checker.unknown_fields(view, VIEW_FIELDS, "view", ("view",))
    set_aside: list[str] = []
    for index_, (reference, mark) in enumerate(checker.text_list(view, "set_aside", ("view",))):
        if index is None:
            set_aside.append(reference)
            continue
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
                    suggest(metric, ATTRIBUTES.values()) or "e.g. pagerank", loc=("view", "metric"))
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
                         depth=depth, reviewed=reviewed), checker.issues)


def _reviews(checker: Checker, lint: Any, mark: Any) -> tuple[Review, ...]:
    """``lint.reviewed``: each item a lint code, the ids it is about, and why it stays."""
    if lint is None:
        return ()
    if not isinstance(lint, YMap):
        checker.add("wrong-shape", "'lint' must be a mapping", mark,
                    "write `reviewed:` indented below `lint:`", loc=("lint",))
        return ()
    checker.unknown_fields(lint, LINT_FIELDS, "lint", ("lint",))
    items = lint.get("reviewed")
    if items is None:
        return ()
    if not isinstance(items, YList):
        checker.add("wrong-shape", "'reviewed' must be a list of findings", lint.mark_of("reviewed"),
                    "start each item with `- code: ...`", loc=("lint", "reviewed"))
        return ()
    found = []
    for number, item in enumerate(items):
        loc = ("lint", "reviewed", number)
        if not isinstance(item, YMap):
            checker.add("wrong-shape", "a reviewed finding must be a mapping with code, ids and why",
                        items.mark_of(number), loc=loc)
            continue
        checker.unknown_fields(item, REVIEW_FIELDS, "a reviewed finding", loc)
        code = checker.text(item, "code", loc, required=True)
        ids = [i for i, _mark in checker.text_list(item, "ids", loc)]
        why = checker.text(item, "why", loc, required=True)
        if not ids:
            checker.add("missing-field", "a reviewed finding names the ids it is about",
                        item.mark, "add `ids: [a, b]` as lint printed them", loc=loc + ("ids",))
        if code and ids and why:
            found.append(Review(code, frozenset(ids), why, item.mark.line))
    return tuple(found)
