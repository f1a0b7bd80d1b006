"""Read a file a data folder names, and nothing else: the one way graphkit opens inputs.

A data folder may come from anyone (a downloaded case, a shared drive, a CI checkout),
and the names in it are data too: ``archive: ../../../etc/passwd``, an absolute path, a
``README.md`` that is a symlink to a private file, an ``edges.yaml`` that is
``/dev/zero``, a FIFO that never ends, or a 20 GB sparse file. Every input is therefore

1. *resolved inside its folder* (:func:`resolve_inside`): no absolute path, no ``..``,
   and no symlink that leads out (a symlink to another file of the folder is fine);
2. *a regular file*, checked with ``stat`` before it is opened (opening some devices
   has effects of its own) and again with ``fstat`` on what was opened;
3. *within its size limit*, checked before a byte is read or hashed, and read with a
   bound, so a file that grows meanwhile is still cut off.

The same function serves the reader and the cache's fingerprint, so both see exactly
the same bytes and refuse exactly the same files. A refusal is a :class:`Refused`
carrying a stable issue code (``path-outside``, ``special-file``, ``file-too-large``,
``missing-file``, ``unreadable-file``); callers turn it into an Issue at their place.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path, PurePath

__all__ = ["Refused", "resolve_inside", "read_regular", "read_inside", "fingerprint",
           "unsafe_name", "JOURNAL"]

#: The journal a replacement of several files leaves in their folder until it is complete
#: (written by graphkit.export.commit; a reader of a data folder refuses one it finds).
JOURNAL = ".graphkit-commit.json"

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


class Refused(Exception):
    """A file graphkit will not read; ``code`` is an issue code, ``hint`` how to fix it."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def kind_of(mode: int) -> str:
    """What a non-regular file is, for messages."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def unsafe_name(name: str) -> str | None:
    """Why a relative file name written in the data could leave its folder, or None."""
    if not name:
        return "it is empty"
    path = PurePath(name)
    if path.is_absolute() or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "it is an absolute path"
    if ".." in path.parts or ".." in name.replace("\\", "/").split("/"):
        return "it climbs out with '..'"
    if "\0" in name:
        return "it contains a NUL character"
    return None


def resolve_inside(folder: Path, name: str) -> Path:
    """``folder/name`` with every symlink resolved; Refused unless it stays in ``folder``."""
    why = unsafe_name(name)
    if why:
        raise Refused("path-outside", f"'{name}' leads outside {folder}: {why}",
                      "name a file inside the folder")
    try:
        root = folder.resolve()
        target = (root / name).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise Refused("unreadable-file", f"cannot resolve '{name}' in {folder}: {exc}") from exc
    if target != root and root not in target.parents:
        raise Refused("path-outside",
                      f"'{name}' in {folder} is a symlink to {target}, outside the folder",
                      "copy the file into the folder instead of linking to it")
    return target


def read_regular(path: Path, limit: int, *, truncate: bool = False) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Over ``limit`` is Refused (``file-too-large``) unless ``truncate``, when the first
    ``limit`` bytes are returned (a README, whose first heading is all that is read).
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise Refused("missing-file", f"{path.name} does not exist") from None
    except OSError as exc:
        raise Refused("unreadable-file", f"cannot read: {exc.strerror or exc}") from exc
    _check(info, limit, truncate)
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
             | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_BINARY", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Refused("unreadable-file", f"cannot read: {exc.strerror or exc}") from exc
    try:
        _check(os.fstat(fd), limit, truncate)  # what was opened, not what was stat'ed
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except BlockingIOError as exc:  # pragma: no cover - a regular file never blocks
        raise Refused("special-file", f"{path.name} would block") from exc
    except OSError as exc:
        raise Refused("unreadable-file", f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        if truncate:
            return data[:limit]
        raise Refused("file-too-large", f"{path.name} grew over the limit of {limit:,} bytes "
                      "while it was read", "split the file into smaller ones")
    return data


def _check(info: os.stat_result, limit: int, truncate: bool) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise Refused("special-file", f"it is {kind_of(info.st_mode)}, not a regular file",
                      "graphkit reads regular files only; replace it with one")
    if info.st_size > limit and not truncate:
        raise Refused("file-too-large",
                      f"{info.st_size:,} bytes is over the limit of {limit:,}",
                      "split the file into smaller ones")


def read_inside(folder: Path, name: str, limit: int, *, truncate: bool = False) -> bytes:
    """:func:`resolve_inside` then :func:`read_regular`."""
    return read_regular(resolve_inside(folder, name), limit, truncate=truncate)


def fingerprint(folder: Path, name: str, limit: int, *, truncate: bool = False) -> bytes:
    """A digest of what :func:`read_inside` returns, or of why it refuses.

    The cache keys on this: whatever the reader would see (or refuse), the key sees.
    """
    digest = hashlib.blake2b(f"{name}\0".encode(), digest_size=20)
    try:
        digest.update(read_inside(folder, name, limit, truncate=truncate))
        digest.update(b"\0read")
    except Refused as refused:
        digest.update(f"\0refused\0{refused.code}\0{refused.message}".encode())
    return digest.digest()
