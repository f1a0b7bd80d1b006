"""The two sides of a diff: a data folder, a spreadsheet, or a data folder at a git revision.

A side at a revision is read with git itself (``git ls-tree`` and ``git cat-file``, run
without a shell, with arguments that cannot be taken for options), into a private
temporary folder, and validated there by the normal loader; messages name the files
as ``REV:path/edges.yaml``. Only the data files of the one folder are read, by the
paths git lists inside the repository: nothing outside it is reached, a symbolic link
is refused rather than followed, no filter or hook of the repository runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from graphkit.casefile import CASE_FILE
from graphkit.errors import DataError, UsageError
from graphkit.issues import Issue
from graphkit.load import DATA_FILES, load_dataset
from graphkit.model import Dataset
from graphkit.stories import STORIES_FILE

__all__ = ["load_side", "load_revision", "parse_revisions"]

_FILES = (*DATA_FILES, "vocabulary.yaml", STORIES_FILE, CASE_FILE, "README.md")
_BLOB_MODES = {"100644", "100755"}


def _is_sheets(path: Path) -> bool:
    if path.is_file():
        return path.suffix.casefold() in (".xlsx", ".xlsm")
    return path.is_dir() and not (path / "entities.yaml").exists() and \
        any(p.suffix.casefold() == ".csv" for p in path.iterdir())


def load_side(path: str | Path, use_cache: bool = True) -> Dataset:
    """A data folder, or a workbook or CSV folder in the sheet layout, validated."""
    path = Path(path)
    if _is_sheets(path):
        from graphkit.sheets import check_sheets

        case = check_sheets(path)
        if case.dataset is None:
            raise DataError(case.issues)
        return case.dataset
    return load_dataset(path, use_cache=use_cache)


def parse_revisions(spec: str) -> tuple[str, str | None]:
    """``A..B`` -> (A, B); ``A..`` -> (A, HEAD); ``..B`` -> (HEAD, B); ``A`` -> (A, None),
    None meaning the working folder, as ``git diff A`` compares A with the working tree."""
    if "..." in spec:
        raise UsageError(f"'{spec}': use two dots (A..B), not three")
    if ".." in spec:
        old, new = spec.split("..", 1)
        return old or "HEAD", new or "HEAD"
    return spec, None


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-c", "core.fsmonitor=false", *args], cwd=cwd, capture_output=True,
            check=False, env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except FileNotFoundError as exc:
        raise UsageError("git is not installed (needed for --git)") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def _where(folder: Path) -> tuple[Path, str]:
    """The repository's top folder and ``folder``'s path inside it (``data/``)."""
    existing, rest = folder.absolute(), []
    while not existing.is_dir() and existing != existing.parent:
        rest.insert(0, existing.name)
        existing = existing.parent
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], existing).decode("utf-8").strip())
        prefix = _git(["rev-parse", "--show-prefix"], existing).decode("utf-8").strip()
    except UsageError as exc:
        raise UsageError(f"{folder} is not inside a git repository ({exc})") from exc
    return top, prefix + "".join(f"{part}/" for part in rest)


def load_revision(folder: str | Path, revision: str) -> Dataset:
    """The data folder ``folder`` as it was at ``revision``, validated."""
    folder = Path(folder)
    if not revision or revision.startswith("-") or any(c in revision for c in "\0\n"):
        raise UsageError(f"'{revision}' is not a revision")
    top, prefix = _where(folder)
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options",
                       f"{revision}^{{commit}}"], top).decode("ascii").strip()
    except UsageError:
        raise UsageError(f"no revision {revision!r} in the git repository at {top}: name a "
                         "commit, a branch or a tag (`git log --oneline` lists them)") from None
    listing = _git(["ls-tree", "-z", commit, "--", prefix or "."], top)
    entries = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split()
        entries[name.decode("utf-8", "replace")] = (mode, kind, blob)
    shown = f"{revision}:{prefix}"
    if not any(f"{prefix}{name}" in entries for name in DATA_FILES):
        raise DataError([Issue("missing-file", f"there is no data folder at {shown or '.'}",
                               shown, hint="pass --data DIR, the data folder in the "
                               "repository")])
    staging = Path(tempfile.mkdtemp(prefix="graphkit-diff-"))
    try:
        case = staging / "case"
        case.mkdir()
        for name in _FILES:
            found = entries.get(f"{prefix}{name}")
            if found is None:
                continue
            mode, kind, blob = found
            if kind != "blob" or mode not in _BLOB_MODES:
                raise DataError([Issue("unreadable-file", f"{shown}{name} is not a plain file "
                                       f"in {revision} (mode {mode})", f"{shown}{name}",
                                       hint="graphkit reads data files, never links")])
            with open(case / name, "wb") as handle:
                subprocess.run(["git", "cat-file", "blob", blob], cwd=top, stdout=handle,
                               stderr=subprocess.DEVNULL, check=True)
        try:
            dataset = load_dataset(case, use_cache=False)
        except DataError as exc:
            raise DataError([_renamed(i, case, shown) for i in exc.issues]) from None
        dataset.warnings = [_renamed(i, case, shown) for i in dataset.warnings]
        dataset.folder = Path(f"{shown}") if shown else Path(revision)
        return dataset
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)


def _renamed(issue: Issue, case: Path, shown: str) -> Issue:
    """An issue about a file of the temporary copy, naming it ``REV:path/file``."""
    prefix = str(case) + os.sep
    if issue.file.startswith(prefix):
        return dataclasses.replace(issue, file=shown + issue.file[len(prefix):])
    return issue
