"""Progress of `graphkit build`: a bar on a terminal, nothing in a pipe, lines with -v."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from conftest import drain, invoke
from graphkit.cli.progress import ProgressLine


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_is_redrawn_in_place_and_cleared() -> None:
    stream = FakeTerminal()
    line = ProgressLine(stream=stream)
    line("analyse")
    for done in range(0, 101, 25):
        line.advance("betweenness", done, 100)
    line.close()
    text = stream.getvalue()
    assert "\n" not in text  # one line, redrawn
    assert text.count("\r") >= 3
    assert "graphkit: analyse…" in text
    assert "analyse · betweenness" in text and "100%" in text
    assert text.endswith("\r\x1b[2K")  # left clean


def test_silent_when_not_a_terminal_and_plain_lines_when_verbose() -> None:
    quiet = io.StringIO()
    line = ProgressLine(stream=quiet)
    line("load")
    line.advance("reading edges.yaml", 5, 10)
    line.close()
    assert quiet.getvalue() == ""
    loud = io.StringIO()
    line = ProgressLine(verbose=True, stream=loud)
    line("load")
    line.advance("reading edges.yaml", 5, 10)
    line("build")
    line.close()
    assert re.fullmatch(r"graphkit: load… \(0\.\d s\)\ngraphkit: build… \(\d+\.\d s\)\n",
                        loud.getvalue())


def test_build_is_quiet_in_a_pipe(case: Path, runner, tmp_path: Path) -> None:
    result = invoke(runner, "build", "--data", str(case), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0 and result.stderr == ""
    assert len(result.stdout.splitlines()) == 7


def test_build_shows_progress_on_a_real_terminal(case: Path, tmp_path: Path) -> None:
    """stderr on a pseudo-terminal: the stages appear, stdout (a pipe) holds only paths."""
    primary, secondary = pty.openpty()
    env = dict(os.environ, GRAPHKIT_NO_CACHE="1", COLUMNS="120")
    process = subprocess.run(
        [sys.executable, "-m", "graphkit", "build", "--data", str(case), "--out",
         str(tmp_path / "out")], stdout=subprocess.PIPE, stderr=secondary, env=env,
        timeout=120, check=False)
    os.close(secondary)
    shown = drain(primary).decode("utf-8")
    os.close(primary)
    assert process.returncode == 0
    for stage in ("load", "build", "analyse", "html", "graphml", "report"):
        assert f"graphkit: {stage}" in shown
    assert "\r" in shown and shown.rstrip("\n").endswith("\x1b[2K")
    assert process.stdout.decode().splitlines()[0].endswith("graph.html")
