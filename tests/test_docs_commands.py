"""Documentation that runs: every concrete `graphkit …` command the docs show works.

The commands are collected from README.md and docs/*.md (code blocks and inline code)
and from the "Examples:" of every command's --help, then run through the real CLI on a
copy of the default data, each in a scratch folder of its own: it must exit 0 (or what
its own docs promise) and print something. Synopses with placeholders (``graphkit path
A B [--all]``) are not commands and are left out; folders the examples invent
(``--data cases/other``) are the default data, and ``../shared/seeds`` is the archive.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA, ROOT, SEEDS, SEEDS_ABSENT
from graphkit.cli import main

#: Words that mark a synopsis rather than a command to run.
PLACEHOLDERS = {"A", "B", "X", "N", "M", "K", "R", "S", "DIR", "PATH", "TYPE", "REL", "STATUS",
                "DATE", "ID", "SHEETS", "OLD", "NEW", "REV..REV", "F", "FILE", "..."}
INLINE = re.compile(r"`(graphkit [^`]+)`")
SHELL_FENCES = {"", "sh", "bash", "console", "shell"}


def _is_command(text: str) -> bool:
    """A concrete command line, not a synopsis such as ``graphkit path A B [--all]``."""
    own = text.split(" | ")[0].split(" > ")[0]
    words = own.replace("\\|", "|").split()
    if any(w in PLACEHOLDERS or w.startswith("[") or w.endswith("]") or "…" in w
           for w in words):
        return False
    return not any("|" in w for w in words)


def _blocks(text: str) -> tuple[list[str], str]:
    """The shell code blocks of a Markdown page, and its text outside any code block."""
    blocks: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    current: list[str] = []
    for line in text.splitlines():
        marker = line.strip()
        if fence is None and marker.startswith("```"):
            fence, current = marker[3:].strip(), []
        elif fence is not None and marker.startswith("```"):
            if fence in SHELL_FENCES:
                blocks.append("\n".join(current))
            fence = None
        elif fence is not None:
            current.append(line)
        else:
            prose.append(line)
    return blocks, "\n".join(prose)


def _from_markdown(path: Path) -> list[tuple[str, str]]:
    blocks, prose = _blocks(path.read_text(encoding="utf-8"))
    found: list[tuple[str, str]] = []
    for block in blocks:
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip().removeprefix("$ ")
            for part in line.split("&&"):
                part = " ".join(shlex.split(part, comments=True)) if "#" in part else part
                part = part.strip()
                if part.startswith("graphkit ") and _is_command(part):
                    found.append((f"{path.name}: {part}", part))
    for command in INLINE.findall(prose.replace("\n", " ")):
        if _is_command(command):
            found.append((f"{path.name}: {command}", command))
    return found


def _from_help() -> list[tuple[str, str]]:
    found = []
    for name, command in sorted(main.commands.items()):
        help_text = command.help or ""
        if "Examples:" not in help_text:
            continue
        examples = help_text.split("Examples:", 1)[1].replace("\\\n", " ")
        for line in examples.splitlines():
            line = line.strip()
            if line.startswith("graphkit ") and _is_command(line):
                found.append((f"graphkit {name} --help: {line}", line))
    return found


def documented_commands() -> list[tuple[str, str]]:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
             ROOT / "data" / "README.md"]
    seen: dict[str, tuple[str, str]] = {}
    for where, command in [c for page in pages if page.name != "cli.md"
                           for c in _from_markdown(page)] + _from_help():
        seen.setdefault(command, (where, command))
    return sorted(seen.values())


COMMANDS = documented_commands()


def test_the_docs_show_commands_for_every_command() -> None:
    shown = {shlex.split(c)[1] for _, c in COMMANDS}
    assert set(main.commands) <= shown, set(main.commands) - shown


@pytest.mark.parametrize("where,command", COMMANDS, ids=[w for w, _ in COMMANDS])
def test_documented_command_runs(where: str, command: str, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    if "shared/seeds" in command and not SEEDS.is_dir():
        pytest.skip(SEEDS_ABSENT)
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    pipeline = command.split(" | ")[0]
    redirect = None
    if " > " in pipeline:
        pipeline, redirect = (p.strip() for p in pipeline.split(" > ", 1))
    args = shlex.split(pipeline)[1:]
    for index, arg in enumerate(args):
        if index and args[index - 1] == "--data":
            args[index] = "data"
        elif "shared/seeds" in arg:
            args[index] = str(SEEDS)
        elif arg.startswith("docs/examples/"):   # the example sheets ship with the project
            args[index] = str(ROOT / arg)
    if "--git" in args:
        _two_revisions(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        where, result.exception)
    # lint: 1 means "findings", diff: 1 means "the cases differ", as documented
    allowed = {"lint": {0, 1}, "diff": {0, 1}}.get(args[0], {0})
    assert result.exit_code in allowed, f"{where}\nexit {result.exit_code}\n{result.stderr}"
    written = [p for p in tmp_path.rglob("*") if p.is_file()
               and not p.is_relative_to(tmp_path / "data")]
    assert result.stdout.strip() or result.stderr.strip() or written, (
        f"{where}: printed and wrote nothing")
    if redirect:
        (tmp_path / redirect).write_text(result.stdout, encoding="utf-8")


def _two_revisions(folder: Path) -> None:
    """Make the scratch folder a git repository whose data changed in its last commit,
    for the examples of ``graphkit diff --git``."""
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "docs@example.org")
    git("config", "user.name", "Docs")
    git("add", "data")
    git("commit", "-q", "-m", "the case")
    edges = folder / "data" / "edges.yaml"
    edges.write_text(edges.read_text(encoding="utf-8").replace("status: alleged",
                                                               "status: confirmed", 1),
                     encoding="utf-8")
    git("commit", "-q", "-am", "a review")
