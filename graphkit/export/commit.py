"""Replace a set of output files together: stage them all, then commit through a journal.

A build writes seven files (graph.html, graph.graphml, graph.gexf, graph.json,
nodes.csv, edges.csv, report.md) that describe one graph; a reader must never find
graph.html from today beside report.md from yesterday. The files stay plain files at
their usual paths (users open and link ``output/graph.html``), and no file system can
rename seven files in one step, so the set is replaced in two phases:

1. **Stage.** Every file is written into ``OUT/.graphkit-staging-XXXX/`` (same file
   system, so the moves below are renames). An interrupt or a failure here leaves the
   old set untouched; the staging folder is removed (after a SIGKILL, by the next run).
2. **Commit.** A journal, ``OUT/.graphkit-commit.json``, naming the staging folder and
   the files, is written atomically and flushed: from that instant the new set is
   decided. Then each file is renamed into place, the folder is flushed, and the
   journal and the staging folder are removed. The commit takes milliseconds, and
   SIGINT, SIGTERM and SIGHUP are held until it ends, so Ctrl-C or ``kill`` always
   leaves a whole set. Only SIGKILL or a power cut can stop it half way: the journal
   then stays, and :func:`recover` (run by the next write into the folder, before
   anything else) completes the renames, so the folder holds the whole new set.

Two builds into one folder take turns (an exclusive ``flock`` on the folder), so one
never removes the other's staging folder as a leftover.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import stat
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from graphkit.errors import ExportError, GraphkitWarning
from graphkit.safefile import JOURNAL, kind_of, unsafe_name

__all__ = ["JOURNAL", "STAGING_PREFIX", "OutputSet", "held_signals", "complete_interrupted", "recover",
           "write_together"]

STAGING_PREFIX = ".graphkit-staging-"
_HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
              if hasattr(signal, name))


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP for a few milliseconds; deliver them afterwards.

    Only the main thread can set signal handlers; elsewhere nothing is held (the
    journal still makes the commit complete on the next run).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = {}
    for number in _HELD:
        with contextlib.suppress(OSError, ValueError):
            previous[number] = signal.signal(number, lambda n, _frame: pending.append(n))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(pending):
            signal.raise_signal(number)  # as if it came now: Ctrl-C raises, TERM ends


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def recover(out: Path) -> str | None:
    """Finish or clear what an interrupted write left in ``out``; say what was done.

    A journal means a commit was under way: its remaining renames are done (the new
    set was decided). Staging folders without a journal are leftovers of builds stopped
    before committing: they are removed, and the old set stays as it is.
    """
    done = None
    journal = out / JOURNAL
    if journal.is_file():
        try:
            plan = json.loads(journal.read_text(encoding="utf-8"))
            staging = out / str(plan["staging"])
            names = [str(n) for n in plan["files"]]
            if not staging.name.startswith(STAGING_PREFIX) or any(
                    unsafe_name(n) for n in names):
                raise ValueError("not a graphkit journal")
        except (OSError, ValueError, KeyError, TypeError):
            names, staging = [], None
        moved = 0
        for name in names:
            source = staging / name  # type: ignore[operator]
            if source.is_file():
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, out / name)
                moved += 1
        _fsync_dir(out)
        journal.unlink()
        if staging is not None:
            done = (f"{out} held a replacement of {len(names)} files stopped half way (the "
                    f"process was killed); it was completed ({moved} files moved), so the "
                    "folder holds the whole set that build wrote")
    for leftover in out.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.glob(f".{JOURNAL}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
    return done


def complete_interrupted(out: Path) -> str | None:
    """Complete or clear what a killed write left in ``out`` (under the folder's lock);
    say what was done. For a writer about to read the folder before writing it."""
    lock = _lock(out)
    try:
        with held_signals():
            return recover(out)
    finally:
        if lock is not None:
            with contextlib.suppress(OSError):
                os.close(lock)


class OutputSet:
    """Stage files in ``out``, then replace the old ones together (see the module doc).

    ``with OutputSet(out) as stage:`` recovers the folder, creates the staging folder
    and takes the folder's lock; write each file to ``stage.path(name)``, then call
    ``stage.commit(names)``. Leaving the block early removes the staging folder, and an
    interrupt carries a ``state`` attribute saying what the folder holds. ``on_commit``
    is called with the final paths as soon as the set is in place, before a held
    signal is delivered: a caller can then tell which set an interrupt left.
    """

    def __init__(self, out: str | os.PathLike[str],
                 on_commit: Callable[[list[Path]], None] | None = None) -> None:
        self.out = Path(out)
        self.staging = self.out
        self.committed = False
        self.on_commit = on_commit
        self._lock: int | None = None

    def __enter__(self) -> OutputSet:
        # Until __enter__ returns, __exit__ will not run: an interrupt in here cleans up
        # itself (recovery is held whole; its renames could be redone anyway).
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(self.out)
            with held_signals():
                done = recover(self.out)
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out))
        except BaseException as exc:
            if self.staging != self.out:
                shutil.rmtree(self.staging, ignore_errors=True)
            self._unlock()
            if isinstance(exc, KeyboardInterrupt):
                exc.state = (f"Interrupted before any output was replaced: "  # type: ignore[attr-defined]
                             f"{self.out} holds the previous files, unchanged.")
            if isinstance(exc, OSError):
                raise ExportError(f"cannot write to {self.out}: {exc.strerror or exc}") from exc
            raise
        if done:
            warnings.warn(GraphkitWarning(done), stacklevel=2)
        return self

    def path(self, name: str) -> Path:
        """Where to write output ``name`` while staging."""
        return self.staging / name

    def commit(self, names: Sequence[str]) -> list[Path]:
        """Move the staged ``names`` into place as one set; return their final paths.

        A name may lead into a sub-folder (``neo4j/claims.csv``), never out of ``out``.
        """
        if any(unsafe_name(name) for name in names):
            raise ValueError(f"output names must stay inside {self.out}: {names}")
        targets = [self.out / name for name in names]
        for target in targets:  # refuse before anything moves
            try:
                mode = os.lstat(target).st_mode
            except FileNotFoundError:
                continue
            if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
                raise ExportError(f"cannot write {target}: it is {kind_of(mode)}; remove it "
                                  "or choose another --out")
        with held_signals():
            try:
                _write_journal(self.out, self.staging.name, list(names))
            except OSError as exc:
                raise ExportError(f"cannot write to {self.out}: {exc.strerror or exc}") from exc
            self.committed = True  # decided: from here on, only forward
            try:
                for name, target in zip(names, targets, strict=True):
                    target.parent.mkdir(parents=True, exist_ok=True)  # neo4j/ and the like
                    os.replace(self.staging / name, target)
                _fsync_dir(self.out)
                (self.out / JOURNAL).unlink()
            except OSError as exc:
                raise ExportError(
                    f"cannot finish replacing the outputs in {self.out}: "
                    f"{exc.strerror or exc}; the next build into it completes the set") from exc
            shutil.rmtree(self.staging, ignore_errors=True)
            if self.on_commit is not None:  # told before a held Ctrl-C is delivered
                self.on_commit(targets)
        return targets

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 _tb: object) -> None:
        try:
            if not self.committed:
                shutil.rmtree(self.staging, ignore_errors=True)
            if isinstance(exc, KeyboardInterrupt) and not getattr(exc, "state", None):
                exc.state = (  # type: ignore[attr-defined]
                    f"Interrupted after the new outputs were in place: {self.out} holds the "
                    "complete new set." if self.committed else
                    f"Interrupted before any output was replaced: {self.out} holds the "
                    "previous files, unchanged.")
        finally:
            self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                os.close(self._lock)  # closing the descriptor releases the flock
            self._lock = None


def write_together(out: Path, files: dict[str, Callable[[Path], None]]) -> list[Path]:
    """Write each file (``{name: write(path)}``) into a staging folder inside ``out``, then
    move them all into place as one set; return the final paths.

    The one call the writers of data folders use (``graphkit import``, the sheets exports,
    ``graphkit lint --fix``): a data folder is read as a whole, so new entities must
    never sit beside old claims.

    A failure or an interrupt before the commit leaves ``out`` as it was; a SIGKILL during
    the commit's few renames is completed by the next write into ``out``.
    """
    with OutputSet(out) as stage:
        for name, write in files.items():
            try:
                write(stage.path(name))
            except OSError as exc:
                raise ExportError(f"cannot write {out / name}: {exc.strerror or exc}") from exc
        return stage.commit(list(files))


def _lock(folder: Path) -> int | None:
    """An exclusive lock on ``folder`` (where flock exists): builds into it take turns."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    with contextlib.suppress(OSError):  # a file system without locks: go on unlocked
        fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def _write_journal(out: Path, staging: str, names: list[str]) -> None:
    """The commit point: once this file exists, the new set is the one to complete."""
    fd, temp = tempfile.mkstemp(prefix=f".{JOURNAL}.", suffix=".tmp", dir=out)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"staging": staging, "files": names}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, out / JOURNAL)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(out)
