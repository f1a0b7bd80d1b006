"""Outputs (issue #19, items 6 and 7, and #13's ``--out x.csv``): what --out may replace,
and a build's files replaced as one set, tested by killing real builds.

``--out`` targets are made at run time: FIFOs (os.mkfifo), a device node like /dev/null
(os.mknod, as root), symlinks to them, hard links and symlinks to data files. Builds
run as subprocesses with timeouts; SIGKILL and SIGINT land at random moments, and one
driver kills itself at an exact moment of the commit.
"""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ENTITIES, SOURCES, invoke, write_case
from graphkit.export.commit import JOURNAL, STAGING_PREFIX, recover

SET = ["edges.csv", "graph.gexf", "graph.graphml", "graph.html", "graph.json", "nodes.csv",
       "report.md"]


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "graphkit", *args], capture_output=True,
                          text=True, timeout=timeout, check=False,
                          env=dict(os.environ, GRAPHKIT_NO_CACHE="1"))


# ------------------------------------------------------------------ 7. what --out may be


def _null_device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")


@pytest.mark.parametrize("kind", ["fifo", "device", "link-to-fifo", "link-to-device",
                                  "dangling-link", "folder-as-csv-file"])
def test_export_out_refuses_what_is_not_a_regular_file(case: Path, tmp_path: Path,
                                                       kind: str) -> None:
    special = tmp_path / "special"
    if "fifo" in kind:
        os.mkfifo(special)
    elif "device" in kind:
        _null_device(special)
    target = special
    if kind.startswith("link") or kind == "dangling-link":
        target = tmp_path / "link"
        target.symlink_to(special if kind != "dangling-link" else tmp_path / "nothing")
    fmt = "json"
    if kind == "folder-as-csv-file":
        target.write_text("a file\n", encoding="utf-8")
        fmt = "csv"
    before = os.lstat(target)
    result = cli("export", "--data", str(case), "--format", fmt, "--out", str(target),
                 timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"Error: --out {target} ")
    assert ("pass a regular file or a new path" in result.stderr
            or "is a symlink to nothing" in result.stderr
            or "is not a folder" in result.stderr)
    after = os.lstat(target)
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (stat.S_IFMT(before.st_mode),
                                                          before.st_ino)


def test_export_out_never_overwrites_a_data_file(case: Path, tmp_path: Path,
                                                 runner) -> None:
    edges = case / "edges.yaml"
    original = edges.read_bytes()
    hard = tmp_path / "hard.json"
    os.link(edges, hard)
    soft = tmp_path / "soft.json"
    soft.symlink_to(edges)
    for target in (edges, hard, soft, case / "sources.yaml"):
        result = invoke(runner, "export", "--data", str(case), "--format", "json", "--out",
                        str(target))
        assert result.exit_code == 2, result.output
        assert "a file of the data folder; write the output elsewhere" in result.stderr
    assert edges.read_bytes() == original and soft.is_symlink()


def test_export_out_writes_through_a_symlink_to_a_regular_file(case: Path, tmp_path: Path,
                                                               runner) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = invoke(runner, "export", "--data", str(case), "--format", "json", "--out",
                    str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("{")


def test_csv_out_ending_in_csv_is_a_usage_error(case: Path, tmp_path: Path, runner) -> None:
    target = tmp_path / "x.csv"
    result = invoke(runner, "export", "--data", str(case), "--format", "csv", "--out",
                    str(target))
    assert result.exit_code == 2
    assert result.stderr == (f"Error: --format csv writes nodes.csv and edges.csv into a "
                             f"folder, and '{target}' names a file: pass a folder, e.g. "
                             f"--out {tmp_path / 'x'}/\n")
    assert not target.exists()
    folder = tmp_path / "tables"  # a folder, new or existing, is what csv wants
    for _ in range(2):
        result = invoke(runner, "export", "--data", str(case), "--format", "csv", "--out",
                        str(folder))
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "nodes.csv"]


@pytest.mark.parametrize("command", ["build", "report", "neighbors"])
def test_folder_outputs_refuse_a_fifo_in_place_of_a_file(case: Path, tmp_path: Path,
                                                         command: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    name = "report.md" if command == "report" else "graph.json"
    os.mkfifo(out / name)
    args = {"build": ("build",), "report": ("report",),
            "neighbors": ("neighbors", "Roza Tuletaeva")}[command]
    result = cli(*args, "--data", str(case), "--out", str(out), timeout=60)
    assert result.returncode == 2, result.stderr
    assert f"--out {out / name} is a FIFO (named pipe); pass a regular file" in result.stderr
    assert stat.S_ISFIFO(os.lstat(out / name).st_mode)
    assert sorted(p.name for p in out.iterdir()) == [name]


# ------------------------------------------------------ 6. outputs replaced as one set


@pytest.fixture(scope="module")
def two_sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Data A and data B (every output differs), and the bytes each build writes."""
    root = tmp_path_factory.mktemp("sets")
    old = write_case(root / "old")
    new = write_case(root / "new", sources=SOURCES.replace("A report on the strike",
                                                           "A second report"),
                     entities=ENTITIES.replace("Acme Oil\n", "Acme Petroleum\n"))
    found = {}
    for label, data in (("old", old), ("new", new)):
        out = root / f"reference-{label}"
        result = cli("build", "--data", str(data), "--out", str(out))
        assert result.returncode == 0, result.stderr
        found[label] = {name: (out / name).read_bytes() for name in SET}
    assert all(found["old"][n] != found["new"][n] for n in SET)
    return {"old": found["old"], "new": found["new"], "new_data": new}


def state_of(out: Path, sets: dict[str, object]) -> str:
    """'old', 'new' or 'mixed' for the seven files in ``out``."""
    kinds = set()
    for name in SET:
        data = (out / name).read_bytes() if (out / name).is_file() else None
        kinds.add("old" if data == sets["old"][name] else  # type: ignore[index]
                  "new" if data == sets["new"][name] else "other")  # type: ignore[index]
    return kinds.pop() if len(kinds) == 1 else "mixed"


def fill_old(out: Path, sets: dict[str, object]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in SET:
        (out / name).write_bytes(sets["old"][name])  # type: ignore[index]


KILL_DRIVER = textwrap.dedent("""
    import os, signal, sys
    import graphkit.export.commit as commit
    from graphkit.pipeline import run

    after = int(sys.argv[3])
    real_replace = os.replace
    moved = []

    def replace(src, dst):
        if os.path.dirname(str(dst)) != sys.argv[2] or str(dst).endswith(commit.JOURNAL):
            return real_replace(src, dst)  # staging and the journal: not the commit's moves
        if len(moved) == after:
            os.kill(os.getpid(), signal.SIGKILL)  # a real SIGKILL, mid-commit
        real_replace(src, dst)
        moved.append(dst)

    commit.os.replace = replace
    run(sys.argv[1], sys.argv[2])
""")


@pytest.mark.parametrize("after", [0, 3, 6])
def test_sigkill_in_the_middle_of_the_commit_is_completed_by_the_next_run(
        tmp_path: Path, two_sets: dict[str, object], after: int, runner) -> None:
    out = tmp_path / "out"
    fill_old(out, two_sets)
    process = subprocess.run([sys.executable, "-c", KILL_DRIVER, str(two_sets["new_data"]),
                              str(out), str(after)], capture_output=True, timeout=120,
                             env=dict(os.environ, GRAPHKIT_NO_CACHE="1"), check=False)
    assert process.returncode == -signal.SIGKILL, process.stderr
    assert (out / JOURNAL).is_file()  # the commit was decided, then cut short
    assert state_of(out, two_sets) == ("old" if after == 0 else "mixed")
    # The next write into the folder completes it first, and says so.
    result = invoke(runner, "export", "--data", str(two_sets["new_data"]), "--format", "csv",
                    "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "was completed" in result.stderr and "holds the whole set" in result.stderr
    assert state_of(out, two_sets) == "new"
    assert sorted(p.name for p in out.iterdir()) == SET


def _kill_once(out: Path, sets: dict[str, object], sig: int, delay: float
               ) -> tuple[str, str, int]:
    """One build of the new data over the old set, sent ``sig`` after ``delay`` s."""
    fill_old(out, sets)
    process = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "build", "--data", str(sets["new_data"]), "--out",
         str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, GRAPHKIT_NO_CACHE="1"))
    time.sleep(delay)
    process.send_signal(sig)
    _stdout, stderr = process.communicate(timeout=120)
    raw = state_of(out, sets)
    leftovers = [p.name for p in out.iterdir() if p.name not in SET]
    if sig == signal.SIGINT and process.returncode == 130:
        # Ctrl-C: never a leftover, never a mix, and the message says which set it is.
        assert leftovers == [] and raw in ("old", "new"), (raw, leftovers, stderr)
        if raw == "old":  # (the generic message: stopped before `build` itself began)
            assert ("holds the previous files, unchanged" in stderr
                    or "Interrupted; every file is as it was or complete" in stderr), stderr
        else:
            assert "holds the complete new set (7 files)" in stderr, stderr
    recover(out)
    final = state_of(out, sets)
    assert final in ("old", "new"), (raw, final, leftovers)
    assert sorted(p.name for p in out.iterdir()) == SET
    label = "journal" if JOURNAL in leftovers else (
        "staging" if any(n.startswith(STAGING_PREFIX) for n in leftovers) else "clean")
    return raw, label, process.returncode


def test_builds_killed_at_random_moments_leave_the_old_or_the_new_set(
        tmp_path: Path, two_sets: dict[str, object]) -> None:
    """SIGKILL and SIGINT at random moments of real builds (GRAPHKIT_KILL_RUNS to run more).

    Each leftover is classified before recovery (the seven files all old, all new, or
    mixed; with a journal, a staging folder or nothing else) and must be the whole old
    or the whole new set once the next run's recovery has run; a Ctrl-C must never need
    recovery at all.
    """
    runs = int(os.environ.get("GRAPHKIT_KILL_RUNS", "6"))
    start = time.monotonic()
    fill_old(tmp_path / "timing", two_sets)
    assert cli("build", "--data", str(two_sets["new_data"]), "--out",
               str(tmp_path / "timing")).returncode == 0
    duration = time.monotonic() - start
    rng = random.Random(int(os.environ.get("GRAPHKIT_KILL_SEED", "19")))
    outcomes: dict[tuple[str, str, str], int] = {}
    for number in range(runs):
        sig = signal.SIGKILL if number % 2 else signal.SIGINT
        # half anywhere in the build, half in its last fifth, where the writing happens
        low = 0.1 if number % 4 < 2 else 0.8 * duration
        delay = rng.uniform(low, 1.1 * duration)
        raw, label, code = _kill_once(tmp_path / f"run{number}", two_sets, sig, delay)
        key = (signal.Signals(sig).name, raw, label)
        outcomes[key] = outcomes.get(key, 0) + 1
    print(f"\n{runs} interrupted builds (build takes {duration:.2f} s):")
    for (name, raw, label), count in sorted(outcomes.items()):
        print(f"  {name:8} left {raw:5} set, {label:8} x{count}")


def test_a_staging_folder_left_by_a_killed_build_is_removed(case: Path, tmp_path: Path,
                                                            runner) -> None:
    out = tmp_path / "out"
    leftover = out / f"{STAGING_PREFIX}killed"
    leftover.mkdir(parents=True)
    (leftover / "graph.html").write_text("half a page", encoding="utf-8")
    (out / "graph.json").write_text("old\n", encoding="utf-8")
    result = invoke(runner, "build", "--data", str(case), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == SET
    assert "was completed" not in result.stderr  # no journal: the old set was never touched
