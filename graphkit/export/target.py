"""Check where ``--out`` points before anything is written there.

Writing replaces a file by renaming a new one over it, which is right for a previous
export and wrong for almost anything else: over a character device (as root, ``--out
/dev/null`` would replace the real one), a FIFO or a symlink to one, it leaves a regular
file in their place; over ``data/edges.yaml`` it destroys the data it was made from.
So an output path must be new, or a regular file (a symlink is followed to the regular
file it names, and the link is kept), and never one of the data folder's own files
(compared by identity, so a hard link or a symlink to them is caught too).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from graphkit.errors import UsageError
from graphkit.safefile import kind_of

__all__ = ["output_file", "output_folder", "data_files"]


def data_files(data_dir: str | os.PathLike[str]) -> list[Path]:
    """The files graphkit reads from a data folder: outputs must never replace them."""
    folder = Path(data_dir)
    names = ("sources.yaml", "entities.yaml", "edges.yaml", "vocabulary.yaml", "README.md")
    return [folder / name for name in names if (folder / name).exists()]


def _same(path: Path, others: Iterable[Path]) -> Path | None:
    for other in others:
        try:
            if os.path.samefile(path, other):
                return other
        except OSError:
            continue
    return None


def output_file(path: str | os.PathLike[str], protected: Iterable[Path] = (),
                option: str = "--out") -> Path:
    """The file to write for ``path``: itself when new or a regular file, or the regular
    file a symlink names. UsageError for anything else, and for a protected file."""
    target = Path(path)
    try:
        mode = os.lstat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return target  # new (or under a file: writing it fails with a clear ExportError)
    except OSError as exc:
        raise UsageError(f"{option} {target}: {exc.strerror or exc}") from exc
    if stat.S_ISLNK(mode):
        try:
            resolved = target.resolve(strict=True)
        except (OSError, RuntimeError):
            raise UsageError(f"{option} {target} is a symlink to nothing; remove it or pass "
                             "another path") from None
        mode = os.stat(resolved).st_mode
        if not stat.S_ISREG(mode):
            raise UsageError(f"{option} {target} is a symlink to {kind_of(mode)} "
                             f"({resolved}); pass a regular file or a new path")
        target = resolved
    elif not stat.S_ISREG(mode):
        raise UsageError(f"{option} {target} is {kind_of(mode)}; pass a regular file or a "
                         "new path")
    clash = _same(target, protected)
    if clash is not None:
        raise UsageError(f"{option} {path} would overwrite {clash}, a file of the data folder; "
                         "write the output elsewhere")
    return target


def output_folder(path: str | os.PathLike[str], names: Iterable[str],
                  protected: Iterable[Path] = (), option: str = "--out") -> Path:
    """A folder to write ``names`` into: new, or a folder whose files by those names are
    new or regular. UsageError otherwise."""
    folder = Path(path)
    if os.path.lexists(folder) and not folder.is_dir():
        raise UsageError(f"{option} {folder} is not a folder; pass a folder (it is created "
                         "if it does not exist)")
    for name in names:
        output_file(folder / name, protected, option)
    return folder
