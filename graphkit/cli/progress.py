"""Progress on stderr: a bar redrawn in place on a terminal, plain lines with -v, else nothing.

The one progress renderer of the CLI: ``build`` reports stages and steps, the analysis
commands (``centrality -v``) steps only.

Long stages (reading a large file, exact betweenness, the layout) report
``advance(what, done, total)``; stage changes report ``stage(name)``. On a terminal
one line is redrawn with ``\\r`` and cleared when the work ends, so the terminal is left
as it was and stdout (the data) is never touched. When stderr is not a terminal,
nothing is printed unless ``--verbose`` asks for it, and then each stage is one plain
line with the seconds elapsed since the start (no carriage returns in logs).
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

from graphkit.cli.safeio import unescaped
from graphkit.text import escape_controls

__all__ = ["ProgressLine"]

_BAR = 24
_REDRAW_EVERY = 0.1  # seconds: a terminal need not be redrawn more often


class ProgressLine:
    """Callable as a stage reporter (``line("load")``) and a step reporter (``line.advance``)."""

    def __init__(self, verbose: bool = False, stream: TextIO | None = None,
                 prefix: str = "graphkit") -> None:
        self.stream = unescaped(stream or sys.stderr)
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = self.interactive or verbose
        self.prefix = prefix
        self.stage_name = ""
        self.started = time.monotonic()
        self.stage_started = self.started
        self._last_draw = 0.0
        self._drawn = False

    # stages ------------------------------------------------------------------------

    def __call__(self, stage: str) -> None:
        self.stage(stage)

    def stage(self, name: str) -> None:
        """A new stage begins."""
        if not self.enabled:
            return
        self.stage_name = name
        self.stage_started = time.monotonic()
        if self.interactive:
            self._draw(f"{name}…", force=True)
        else:
            self._line(f"{self.prefix}: {name}… ({self.stage_started - self.started:.1f} s)")

    def advance(self, what: str, done: int, total: int) -> None:
        """Step ``done`` of ``total`` in the current stage (``what`` names the work).

        On a terminal the bar is redrawn; in a log (``--verbose``) one line is written
        when the step completes.
        """
        if not self.enabled:
            return
        finished = total > 0 and done >= total
        if not self.interactive:
            if finished:
                self._line(f"{self.prefix}: {self._label(what)} 100% ({done:,}/{total:,}, "
                           f"{time.monotonic() - self.started:.1f} s)")
            return
        now = time.monotonic()
        if not finished and now - self._last_draw < _REDRAW_EVERY:
            return
        fraction = min(1.0, done / total) if total > 0 else 0.0
        filled = round(fraction * _BAR)
        bar = "█" * filled + "·" * (_BAR - filled)
        self._draw(f"{self._label(what)} {bar} {fraction:4.0%}", force=finished)

    def _label(self, what: str) -> str:
        if not self.stage_name or what.startswith(self.stage_name):
            return what
        return f"{self.stage_name} · {what}"

    def close(self) -> None:
        """Clear the redrawn line (a terminal is left as it was found)."""
        if self.interactive and self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._drawn = False

    # drawing -----------------------------------------------------------------------

    def _draw(self, text: str, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_draw < _REDRAW_EVERY:
            return
        self._last_draw = now
        elapsed = now - self.started
        line = escape_controls(f"{self.prefix}: {text}  {elapsed:5.1f} s")
        width = shutil.get_terminal_size((80, 20)).columns - 1
        self.stream.write("\r\x1b[2K" + line[:width])
        self.stream.flush()
        self._drawn = True

    def _line(self, text: str) -> None:
        self.stream.write(escape_controls(text) + "\n")
        self.stream.flush()
