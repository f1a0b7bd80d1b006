"""Exceptions raised by the graphkit library.

The library never prints: it returns values or raises one of these. The CLI turns each
into a short message on stderr and an exit code (1 for bad data, a failed output or no
answer; 2 for bad usage, an unknown actor included), and shows a traceback only with
``--debug``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphkit.issues import Issue

__all__ = ["GraphkitError", "DataError", "NotFound", "NoPath", "ExportError", "UsageError",
           "GraphkitWarning"]


class GraphkitError(Exception):
    """Base class of every error graphkit raises on purpose."""

    exit_code = 1


class DataError(GraphkitError):
    """The data folder is invalid; ``issues`` holds every problem found, sorted by place."""

    def __init__(self, issues: Sequence[Issue], message: str | None = None) -> None:
        self.issues = list(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        super().__init__(message or f"{len(errors)} error(s) in the data")


class NotFound(GraphkitError):
    """An actor named on the command line or in a call matches no entity (or several).

    A usage error (exit code 2): the data is fine, the name given is not.
    """

    exit_code = 2

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        self.candidates = list(candidates)
        super().__init__(message)


class NoPath(GraphkitError):
    """Two actors exist but are not connected in the (filtered) graph."""


class ExportError(GraphkitError):
    """An output could not be written (unwritable folder, full disk, ...)."""


class UsageError(GraphkitError):
    """A call's arguments are wrong (unknown metric, bad date in a filter, ...).

    ``candidates`` lists what the caller may have meant (the closest story ids, say);
    the CLI prints them under the message.
    """

    exit_code = 2

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        self.candidates = list(candidates)
        super().__init__(message)

class GraphkitWarning(UserWarning):
    """Something was skipped for safety and the run went on (e.g. an unsafe cache folder).

    Issued with :func:`warnings.warn`: the library never prints; the CLI shows each one
    once on stderr as ``graphkit: warning: …``.
    """
