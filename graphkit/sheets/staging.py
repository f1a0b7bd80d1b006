"""Write several files of one folder so that readers see all the old ones or all the new.

A data folder (or a folder of CSV sheets) is read as a whole: a failure half-way must not
leave new entities beside old claims. Each file is written into a staging folder inside
the target (same file system, so the moves are renames), and moved into place only once
every file has been written. As ``graphkit.export.write_all`` does for a build.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from graphkit.errors import ExportError

__all__ = ["write_together"]


def write_together(out: Path, files: dict[str, Callable[[Path], None]]) -> list[Path]:
    """Write each file into a staging folder inside ``out``, then move them all into
    place: a failure part-way leaves ``out`` as it was."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".graphkit-staging-", dir=out))
    except OSError as exc:
        raise ExportError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    try:
        for name, write in files.items():
            try:
                write(staging / name)
            except OSError as exc:
                raise ExportError(f"cannot write {out / name}: {exc.strerror or exc}") from exc
        written = []
        for name in files:
            try:
                os.replace(staging / name, out / name)
            except OSError as exc:
                raise ExportError(f"cannot write {out / name}: {exc.strerror or exc}") from exc
            written.append(out / name)
        return written
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
