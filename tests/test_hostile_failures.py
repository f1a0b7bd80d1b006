"""Failure safety: a failed, interrupted or impossible write loses nothing."""

from __future__ import annotations

import errno
import os
import sys
import types
from pathlib import Path

import networkx as nx
import pytest

from graphkit.errors import ExportError
from graphkit.export import FORMATS, write_all
from graphkit.export.atomic import atomic_write


@pytest.fixture
def fake_formats(monkeypatch):
    """Two tiny formats: one that writes, one that fails after writing half a file."""
    module = types.ModuleType("graphkit_test_writers")

    def write_ok(graph, path):
        with atomic_write(path) as handle:
            handle.write(f"new {graph.number_of_nodes()}\n")

    def write_boom(graph, path):
        with atomic_write(path) as handle:
            handle.write("half")
            raise RuntimeError("disk on fire")

    def write_interrupted(graph, path):
        raise KeyboardInterrupt

    module.write_ok, module.write_boom = write_ok, write_boom
    module.write_interrupted = write_interrupted
    monkeypatch.setitem(sys.modules, "graphkit_test_writers", module)
    monkeypatch.setitem(FORMATS, "ok", ("graphkit_test_writers", "write_ok", "ok.txt"))
    monkeypatch.setitem(FORMATS, "boom", ("graphkit_test_writers", "write_boom", "boom.txt"))
    monkeypatch.setitem(FORMATS, "stop", ("graphkit_test_writers", "write_interrupted",
                                          "stop.txt"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("a")
    return g


@pytest.mark.parametrize("failing,error", [("boom", RuntimeError), ("stop", KeyboardInterrupt)])
def test_failed_export_leaves_earlier_outputs_byte_identical(tmp_path: Path, fake_formats,
                                                             failing, error) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "ok.txt").write_text("old output\n", encoding="utf-8")
    (out / "boom.txt").write_text("old boom\n", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(error):
        write_all(graph(), out, formats=("ok", failing))
    assert snapshot(out) == before  # ok.txt was written to staging, never moved in
    write_all(graph(), out, formats=("ok",))
    assert (out / "ok.txt").read_text(encoding="utf-8") == "new 1\n"
    assert sorted(snapshot(out)) == ["boom.txt", "ok.txt"]  # no staging or temp files left


def test_output_path_that_is_a_file_is_a_clear_error(tmp_path: Path, fake_formats) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot write to"):
        write_all(graph(), blocker, formats=("ok",))
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_full_disk_is_a_clear_error_and_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "graph.graphml"
    target.write_text("previous", encoding="utf-8")

    def no_space(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(ExportError, match="No space left on device"), atomic_write(target) as fh:
        fh.write("x" * 1000)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]


def test_atomic_write_is_utf8_whatever_the_locale(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    with atomic_write(tmp_path / "x.txt") as handle:
        handle.write("Жанаозен\n")
    assert (tmp_path / "x.txt").read_bytes() == "Жанаозен\n".encode()


def test_cli_reports_unwritable_output_without_traceback(case: Path, runner, tmp_path) -> None:
    from conftest import invoke

    blocker = tmp_path / "blocked"
    blocker.write_text("x", encoding="utf-8")
    result = invoke(runner, "build", "--data", str(case), "--out", str(blocker / "sub"))
    assert result.exit_code == 1
    assert "Error: cannot write to" in result.stderr and "Traceback" not in result.output
