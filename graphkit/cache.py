"""A cache of validated datasets, so that a second build of unchanged data skips parsing.

Reading and validating 10,000 actors and 50,000 claims takes seconds; unpickling the
result takes a fraction of a second. The cache is keyed by everything the result depends
on: the bytes of every data file (and of the vocabulary, README and archived texts when
used), the folder as it was named (issue messages quote it), the options, the Python
version, and the bytes of graphkit's own code and vocabulary, so that editing graphkit
invalidates it too. Any change gives a new key; a stale entry is never returned.

Where: ``$GRAPHKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/graphkit``, else
``~/.cache/graphkit``. One file per data folder, replaced when its data changes; entries
unused for 30 days are removed. ``GRAPHKIT_NO_CACHE=1`` (or ``--no-cache``) turns it off.
The cache is a convenience: an unreadable, unwritable or corrupt cache is ignored, never
an error. Entries are pickles, so the cache folder must be the user's own (it is created
with mode 0700); graphkit never reads a cache from the data folder or from anyone else.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from graphkit._gc import paused_gc

__all__ = ["cache_dir", "cache_enabled", "cached", "dataset_key"]

T = TypeVar("T")

_FORMAT = b"graphkit-dataset-cache 1\n"
_MAX_AGE_DAYS = 30
_code_digest: str | None = None


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


def _update_with_file(digest: hashlib._Hash, path: Path) -> None:
    digest.update(str(path.name).encode() + b"\0")
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0end\0")
    except OSError as exc:
        digest.update(f"\0unreadable {type(exc).__name__}\0".encode())


def dataset_key(folder: Path, files: Iterable[str], archive: Path | None,
                options: object) -> str:
    """The content key of one read of ``folder``: any change to an input changes it."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(_FORMAT)
    digest.update(f"{sys.version}\0{_code_fingerprint()}\0{str(folder)}\0{options!r}\0".encode())
    for name in files:
        _update_with_file(digest, folder / name)
    if archive is not None:
        digest.update(f"archive\0{archive}\0".encode())
        if archive.is_dir():
            for path in sorted(archive.iterdir()):
                if path.is_file():
                    _update_with_file(digest, path)
    return digest.hexdigest()


def _slot(folder: Path) -> Path:
    """One entry per data folder (as named and as resolved)."""
    where = f"{folder}\0{folder.resolve()}".encode()
    return cache_dir() / f"dataset-{hashlib.blake2b(where, digest_size=12).hexdigest()}.pickle"


def _read(slot: Path, key: str) -> object | None:
    try:
        with open(slot, "rb") as handle:
            if handle.readline() != _FORMAT or handle.readline().decode().strip() != key:
                return None
            with paused_gc():  # unpickling many small objects: 4x faster
                value = pickle.load(handle)
        os.utime(slot)
        return value
    except Exception:  # noqa: BLE001 - a bad cache entry is a miss, never an error
        return None


def _write(slot: Path, key: str, value: object) -> None:
    try:
        slot.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=slot.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_FORMAT + key.encode() + b"\n")
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
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
    for path in folder.glob("dataset-*.pickle"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


def cached(folder: Path, files: Iterable[str], archive: Path | None, options: object,
           compute: Callable[[], T], *, use_cache: bool = True) -> T:
    """``compute()``, or its result from an earlier run on the same inputs.

    ``files`` are the names in ``folder`` the result depends on; ``options`` is anything
    else it depends on (its repr goes into the key).
    """
    if not (use_cache and cache_enabled()):
        return compute()
    key = dataset_key(folder, files, archive, options)
    slot = _slot(folder)
    value = _read(slot, key)
    if value is not None:
        return value  # type: ignore[return-value]
    value = compute()
    _write(slot, key, value)
    return value
