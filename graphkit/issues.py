"""Validation issues: one dataclass and the catalogue of stable codes.

Every problem found in a data folder becomes an :class:`Issue` that knows its file,
line and column, so that a message can point at the exact place and say how to fix it.
The catalogue maps each stable kebab-case code to a title and a generic hint; it is
what ``docs/errors.md`` lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from graphkit.text import shorten

__all__ = ["Issue", "CATALOGUE", "sort_issues"]

Severity = Literal["error", "warning"]

#: code -> (title, generic hint shown when an issue carries no specific one)
CATALOGUE: dict[str, tuple[str, str]] = {
    "missing-file": ("A required data file is missing", "create it (an empty list `[]` is valid)"),
    "unreadable-file": ("A data file cannot be read", "check the path and its permissions"),
    "file-too-large": ("A data file exceeds the size limit (256 MiB)", "split the file"),
    "special-file": ("A file to read is a device, FIFO, socket or folder",
                     "replace it with a regular file"),
    "path-outside": ("A file the data names leads outside its folder (.., absolute path, "
                     "symlink out)", "keep the file inside the folder; copy, do not link"),
    "interrupted-write": ("A write into the data folder (lint --fix, import) was killed half "
                          "way", "run `graphkit lint --fix --data DIR` to complete it"),
    "bad-number": ("A number is outside the range any export can hold",
                   "quote it to keep it as text"),
    "bad-encoding": ("A data file is not UTF-8", "re-save the file as UTF-8"),
    "yaml-syntax": ("The YAML cannot be parsed", "fix the syntax at the place shown"),
    "yaml-tab": ("A tab is used for indentation", "indent with spaces, never tabs"),
    "yaml-tag": ("A YAML tag is used", "remove the tag: graphkit reads plain values only"),
    "yaml-limit": ("The YAML exceeds a safety limit", "simplify the document (nesting, anchors)"),
    "duplicate-key": ("A key appears twice in one mapping", "keep one of the two keys"),
    "wrong-shape": ("A value has the wrong shape", "see the data format (docs/data-format.md)"),
    "missing-field": ("A required field is missing", "add the field"),
    "unknown-field": ("A field is not part of the format", "remove it or fix its spelling"),
    "empty-value": ("A required value is empty", "give it a value"),
    "bad-id": ("An id is not a lowercase slug", "use lowercase letters, digits and hyphens"),
    "duplicate-id": ("An id is used twice", "give each item its own id"),
    "alias-collision": ("Two entities share a name or alias (namesakes: a warning)",
                        "fine if they are namesakes: claims must then name each by its id; "
                        "if they are one actor, merge them"),
    "unknown-type": ("An entity type is not in the vocabulary", "use a declared type"),
    "unknown-relation": ("A relation is not in the vocabulary", "use a declared relation"),
    "unknown-status": ("A status is not in the vocabulary", "use confirmed, alleged, disputed or denied"),
    "unknown-entity": ("A reference names no entity, or names several (namesakes)",
                       "use an entity id or alias; for namesakes, the id"),
    "no-entities": ("Claims refer to actors but entities.yaml holds none",
                    "add the actors to entities.yaml"),
    "unknown-source": ("A reference names no source", "use an id from sources.yaml"),
    "bad-date": ("A date is not an ISO partial date", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    "bad-span": ("A span ends before it starts", "swap start and end"),
    "bad-lines": ("Evidence lines are not line numbers", "write numbers or ranges like \"51-53\""),
    "bad-country": ("A country is not an ISO 3166 alpha-2 code", "write two capital letters, e.g. KZ"),
    "control-character": ("A text contains control characters", "remove the invisible characters"),
    "endpoint-type": ("A relation does not allow this type at this end", "check the relation"),
    "missing-evidence": ("A claim has no evidence", "add at least one evidence item"),
    "self-loop": ("A claim links an entity to itself", "check source and target"),
    "archive-missing": ("An archived text is not found", "check `archive:` and --archive DIR"),
    "archive-line": ("A cited line does not exist in the archived text", "cite existing lines"),
    "archive-mention": ("Cited lines do not mention an end of the claim", "cite the right lines"),
    "unknown-set-aside": ("case.yaml sets aside an actor that is not in the data",
                          "use an entity id from entities.yaml"),
    "vocabulary": ("The vocabulary is invalid", "fix vocabulary.yaml"),
    "sheet-column": ("A sheet's header row is wrong (missing, repeated or misspelt column)",
                     "fix the header row; see docs/sheets.md for the columns"),
    "sheet-formula": ("A sheet cell holds a formula", "replace the formula by its value"),
    "sheet-value": ("A sheet cell holds a value of the wrong kind (an error, a time)",
                    "type the value as text"),
    "sheet-conflict": ("Rows of one claim disagree on a claim field",
                       "repeat the claim's fields on each of its rows, or leave them blank"),
    "unknown-claim": ("A story names a claim that does not exist",
                      "use a claim id: an explicit `id:` or <source>.<relation>.<target>"),
    "empty-step": ("A story step names no actor and no claim",
                   "list the `actors:` or `claims:` the step is about"),
    "bad-depth": ("A step's view depth is not 1, 2 or 3", "write `view: {depth: 1}` (to 3)"),
    "unrelated-claim": ("A step's claim involves none of the step's actors",
                        "add one of its ends to `actors:`, or check the claim id"),
    "hidden-claim": ("A step's window or statuses would hide one of its own claims",
                     "widen the window or add the claim's status to `statuses:`"),
    "unstable-claim-id": ("A story cites a claim id that depends on the order of edges.yaml",
                          "give the claim an explicit `id:` in edges.yaml and cite that"),
}


@dataclass(frozen=True)
class Issue:
    """One problem in the data, with its place.

    ``loc`` is the path inside the document, e.g. ``(17, "evidence", 0, "lines")``;
    ``line`` and ``column`` are 1-based, 0 when unknown. ``place``, when set, is where
    the problem is in the notation of the file it came from (a spreadsheet cell such
    as ``[case.xlsx]Claims!C14`` or ``claims.csv:14:relation``) and is shown instead of
    ``file:line:column``; ``line`` and ``column`` then hold the row and column numbers.
    """

    code: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    severity: Severity = "error"
    hint: str = ""
    loc: tuple[Any, ...] = field(default_factory=tuple)
    place: str = ""

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:  # a programming error: every code is documented
            raise ValueError(f"issue code {self.code!r} is not in the catalogue")
        # A message may quote a value of any length (a 1 MB name): keep it readable.
        object.__setattr__(self, "message", shorten(self.message))
        object.__setattr__(self, "hint", shorten(self.hint))

    def where(self) -> str:
        """``file:line:col``, or ``place`` when the issue carries its own notation."""
        if self.place:
            return self.place
        place = self.file or "<data>"
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        return place

    def format(self) -> str:
        """``file:line:col: severity [code] message — hint`` as one line."""
        text = f"{self.where()}: {self.severity} [{self.code}] {self.message}"
        hint = self.hint
        if hint:
            text += f" — {hint}"
        # One issue, one line: a key or value may hold line breaks of its own.
        return text.replace("\r", "\\r").replace("\n", "\\n")

    def to_dict(self) -> dict[str, Any]:
        """Machine form, with pydantic-style keys (``type``, ``loc``, ``msg``) plus place."""
        return {
            "type": self.code,
            "severity": self.severity,
            "loc": list(self.loc),
            "msg": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "hint": self.hint,
            "place": self.where(),
        }


def sort_issues(issues: list[Issue]) -> list[Issue]:
    """Sort by file, line, column, then code, so reports read top to bottom."""
    return sorted(issues, key=lambda i: (i.file, i.line, i.column, i.code, i.message))
