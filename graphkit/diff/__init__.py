"""What changed in a case: actors and claims added, removed, renamed and changed.

``diff_datasets(old, new)`` compares two loaded versions (:mod:`graphkit.diff.compare`);
``render`` writes the result as text, Markdown or JSON (:mod:`graphkit.diff.render`);
``load_side`` and ``load_revision`` read a version from a folder, a spreadsheet or a git
revision (:mod:`graphkit.diff.sides`)::

    from graphkit.diff import diff_datasets, load_revision, load_side
    changes = diff_datasets(load_revision("data", "HEAD~1"), load_side("data"))
    changes.status_changes, changes.equal
"""

from __future__ import annotations

from graphkit.diff.compare import CaseDiff, Change, ItemChange, StatusChange, diff_datasets
from graphkit.diff.render import FORMATS, render
from graphkit.diff.sides import load_revision, load_side, parse_revisions

__all__ = ["diff_datasets", "render", "load_side", "load_revision", "parse_revisions",
           "CaseDiff", "Change", "ItemChange", "StatusChange", "FORMATS"]
