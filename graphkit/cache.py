"""A cache of validated datasets, so that a second build of unchanged data skips parsing.

Reading and validating 10,000 actors and 50,000 claims takes seconds; reading the result
back takes a fraction of one. Three rules make that safe:

* **Nothing runs on load.** An entry is JSON (:mod:`graphkit.datasetcodec`), rebuilt
  field by field into the dataclasses; a planted entry can at worst be a wrong answer,
  never code. (Entries used to be pickles, which run whatever they say.)
* **Only the user's own folder.** The cache folder and each entry must belong to the
  current user and be writable by no one else, or the cache is not used and a warning
  (:class:`graphkit.errors.GraphkitWarning`) says why, once: a shared or world-writable
  ``GRAPHKIT_CACHE_DIR``, or a ``~/.cache`` another user can write, is never trusted.
  Entries are opened without following symlinks.
* **Never stale.** The key covers every byte the result depends on: each data file,
  the vocabulary, the README's first 64 KiB (all through :mod:`graphkit.safefile`, so the
  key sees exactly what the reader would see, or refuse, and never hashes a device or an
  oversized file), the folder as named, the options, the Python version and graphkit's
  own code. Files found only while computing (the archived texts that sources.yaml
  names, in subfolders too) are recorded in the entry with their fingerprints and
  checked again on every read.

Where: ``$GRAPHKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/graphkit``, else
``~/.cache/graphkit``. One file per data folder, replaced when its data changes; entries
unused for 30 days are removed. ``GRAPHKIT_NO_CACHE=1`` (or ``--no-cache``) turns it off.
An unreadable, unwritable or corrupt entry is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from graphkit._gc import paused_gc
from graphkit.errors import GraphkitWarning
from graphkit.safefile import fingerprint

__all__ = ["cache_dir", "cache_enabled", "cached", "Input", "trusted_dir"]

T = TypeVar("T")

_FORMAT = b"graphkit-dataset-cache 2\n"
_SUFFIX = ".json"
_MAX_AGE_DAYS = 30
_MAX_ENTRY = 2 * 1024**3  # an entry larger than this is not read
_code_digest: str | None = None
_warned: set[str] = set()


@dataclass(frozen=True)
class Input:
    """One file a result depends on: ``name`` inside ``folder``, read up to ``limit``."""

    folder: Path
    name: str
    limit: int
    truncate: bool = False

    def fingerprint(self) -> str:
        return fingerprint(self.folder, self.name, self.limit, truncate=self.truncate).hex()

    def to_json(self) -> list[object]:
        return [str(self.folder), self.name, self.limit, self.truncate]


def cache_enabled() -> bool:
    """False when ``GRAPHKIT_NO_CACHE`` is set to anything but ``0`` or empty."""
    return os.environ.get("GRAPHKIT_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    """The folder holding cache entries (not created here)."""
    explicit = os.environ.get("GRAPHKIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "graphkit"


def _warn_once(where: Path, why: str) -> None:
    if str(where) in _warned:
        return
    _warned.add(str(where))
    warnings.warn(GraphkitWarning(
        f"not using the cache at {where}: {why}; the data is read afresh (make the folder "
        f"your own with `chmod 700`, or point GRAPHKIT_CACHE_DIR at one that is)"),
        stacklevel=3)


def _unsafe(info: os.stat_result) -> str | None:
    """Why a cache folder or entry with this stat may not be trusted, or None."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return f"it belongs to user id {info.st_uid}, not to you ({getuid()})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"others can write to it (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def trusted_dir(folder: Path) -> bool:
    """Whether ``folder`` (symlinks resolved) is the user's own and writable by no one else.

    Warns (once per folder) when it exists but is not.
    """
    try:
        real = folder.resolve()
        info = os.stat(real)
    except (OSError, RuntimeError):
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    why = _unsafe(info)
    if why:
        _warn_once(folder, why)
        return False
    return True


def _code_fingerprint() -> str:
    """A digest of graphkit's own source and vocabulary files (computed once per process)."""
    global _code_digest
    if _code_digest is None:
        digest = hashlib.blake2b(digest_size=16)
        package = Path(__file__).resolve().parent
        for path in sorted(package.rglob("*")):
            if path.suffix in (".py", ".yaml") and path.is_file():
                digest.update(str(path.relative_to(package)).encode())
                digest.update(path.read_bytes())
        _code_digest = digest.hexdigest()
    return _code_digest


def _key(folder: Path, inputs: Sequence[Input], options: object) -> str:
    """The content key of one read of ``folder``: any change to an input changes it."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(_FORMAT)
    digest.update(f"{sys.version}\0{_code_fingerprint()}\0{folder}\0{options!r}\0".encode())
    for item in inputs:
        digest.update(json.dumps(item.to_json()).encode() + b"\0")
        digest.update(item.fingerprint().encode() + b"\0")
    return digest.hexdigest()


def _slot(folder: Path) -> Path:
    """One entry per data folder (as named and as resolved)."""
    where = f"{folder}\0{folder.resolve()}".encode()
    return cache_dir() / f"dataset-{hashlib.blake2b(where, digest_size=12).hexdigest()}{_SUFFIX}"


def _open_entry(slot: Path) -> bytes | None:
    """The bytes of an entry that is a regular file of the user's own, else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(slot, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_ENTRY:
            return None
        why = _unsafe(info)
        if why:
            _warn_once(slot, why)
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read()
    finally:
        os.close(fd)


def _read(slot: Path, key: str, decode: Callable[[str], T]) -> T | None:
    raw = _open_entry(slot)
    if raw is None:
        return None
    try:
        magic, stored_key, depends, body = raw.split(b"\n", 3)
        if magic + b"\n" != _FORMAT or stored_key.decode() != key:
            return None
        for folder, name, limit, truncate, print_ in json.loads(depends):
            if Input(Path(folder), name, int(limit), bool(truncate)).fingerprint() != print_:
                return None  # an archived text changed since
        with paused_gc():  # rebuilding many small objects: 4x faster
            value = decode(body.decode("utf-8"))
        with contextlib.suppress(OSError):
            os.utime(slot)
        return value
    except Exception:  # noqa: BLE001 - a bad cache entry is a miss, never an error
        return None


def _write(slot: Path, key: str, depends: Sequence[Input], text: str) -> None:
    try:
        slot.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not trusted_dir(slot.parent):
            return
        recorded = [item.to_json() + [item.fingerprint()] for item in depends]
        fd, temp = tempfile.mkstemp(dir=slot.parent, prefix=".tmp-", suffix=_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_FORMAT + key.encode() + b"\n")
                handle.write(json.dumps(recorded).encode() + b"\n")
                handle.write(text.encode("utf-8"))
            os.replace(temp, slot)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        _prune(slot.parent)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is simply not used
        return


def _prune(folder: Path) -> None:
    cutoff = time.time() - _MAX_AGE_DAYS * 86400
    for path in folder.glob("dataset-*"):
        with contextlib.suppress(OSError):
            # entries of the old pickle format are never read again: remove them now
            if path.suffix == ".pickle" or path.lstat().st_mtime < cutoff:
                path.unlink()


def cached(folder: Path, inputs: Sequence[Input], options: object,
           compute: Callable[[], T], *, encode: Callable[[T], str],
           decode: Callable[[str], T], found: Callable[[T], Sequence[Input]] = lambda _v: (),
           use_cache: bool = True) -> T:
    """``compute()``, or its result from an earlier run on the same inputs.

    ``inputs`` are the files the result depends on, known beforehand; ``found(result)``
    the ones only the computation discovers (checked again on each read); ``options`` is
    anything else it depends on (its repr goes into the key). ``encode`` and ``decode``
    turn a result into JSON text and back.
    """
    if not (use_cache and cache_enabled()):
        return compute()
    slot = _slot(folder)
    key = _key(folder, inputs, options)
    if trusted_dir(slot.parent):
        value = _read(slot, key, decode)
        if value is not None:
            return value
    value = compute()
    try:
        text = encode(value)
    except Exception:  # noqa: BLE001 - a result the codec cannot hold is simply not cached
        return value
    _write(slot, key, found(value), text)
    return value
