"""Load a data folder: read the three YAML files (and stories.yaml if present), check
them, return a Dataset.

The one entry point for reading data (`load_dataset`). Every problem in every file is
collected before anything is raised, so one run shows the whole list.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from graphkit._gc import paused_gc
from graphkit.archive import ARCHIVE_BYTES, archive_files, check_archive
from graphkit.cache import Input, cached
from graphkit.casefile import CASE_FILE, check_case
from graphkit.datasetcodec import decode_dataset, encode_dataset
from graphkit.errors import DataError
from graphkit.issues import Issue, sort_issues
from graphkit.model import Claim, Dataset
from graphkit.safefile import JOURNAL, Refused, read_inside
from graphkit.stories import STORIES_FILE, ClaimIndex, Story, check_stories
from graphkit.validate import EntityIndex, check_documents
from graphkit.vocab import Vocabulary, load_vocabulary
from graphkit.yamlsource import Limits, read_yaml_file

__all__ = ["load_dataset", "read_dataset", "DATA_FILES", "STORIES_FILE"]

DATA_FILES = ("sources.yaml", "entities.yaml", "edges.yaml")
_KINDS = ("sources", "entities", "claims")

Progress = Callable[[str, int, int], None]
"""``progress(what, done, total)``: how far a long step has gone."""


def load_dataset(folder: str | Path = "data", *, archive: str | Path | None = None,
                 strict: bool = False, limits: Limits | None = None,
                 use_cache: bool = True, progress: Progress | None = None) -> Dataset:
    """Read and validate ``folder``; raise DataError with every issue if any is an error.

    ``archive`` names a folder of archived source texts: each cited line must exist
    there and mention both ends of its claim (warnings, or errors when ``strict``).
    Warnings are returned on ``Dataset.warnings``. An unchanged folder read before is
    taken from the cache (:mod:`graphkit.cache`) unless ``use_cache`` is false.
    ``progress(what, done, total)`` reports the reading of each file.
    """
    dataset = read_dataset(folder, archive=archive, strict=strict, limits=limits,
                           use_cache=use_cache, progress=progress)
    if any(i.severity == "error" for i in dataset.warnings):
        raise DataError(dataset.warnings)
    return dataset


def read_dataset(folder: str | Path = "data", *, archive: str | Path | None = None,
                 strict: bool = False, limits: Limits | None = None,
                 use_cache: bool = True, progress: Progress | None = None) -> Dataset:
    """Like :func:`load_dataset`, but return whatever could be read, errors included.

    ``Dataset.warnings`` then holds every issue, errors too; records with errors are
    left out. For tools such as lint that report on imperfect data. A missing folder
    or an invalid vocabulary still raise DataError.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError([Issue("missing-file", f"data folder '{folder}' does not exist",
                               str(folder), hint="check the path: a data folder holds "
                               "sources.yaml, entities.yaml and edges.yaml (most commands "
                               "take it as --data DIR)")])
    _refuse_interrupted_write(folder)
    archive = Path(archive) if archive is not None else None
    limits = limits or Limits()
    inputs = [Input(folder, name, limits.max_bytes)
              for name in (*DATA_FILES, STORIES_FILE, "vocabulary.yaml", CASE_FILE)]
    inputs.append(Input(folder, "README.md", README_BYTES, truncate=True))

    def texts(dataset: Dataset) -> list[Input]:
        """The archived texts the check read: they decide its result too."""
        if archive is None:
            return []
        return [Input(archive, name, ARCHIVE_BYTES) for name in archive_files(dataset.sources)]

    where = None if archive is None else (str(archive), str(archive.resolve()))
    with paused_gc():
        return cached(folder, inputs, ("read_dataset", strict, limits, where),
                      lambda: _read_uncached(folder, archive, strict, limits, progress),
                      encode=encode_dataset, decode=decode_dataset, found=texts,
                      use_cache=use_cache)


def _refuse_interrupted_write(folder: Path) -> None:
    """A journal in the folder means ``lint --fix`` or ``import`` was killed while
    replacing its files: some may be new and others old. Reading goes no further (a
    reader never writes the data folder); the next ``lint --fix`` completes it."""
    if os.path.lexists(folder / JOURNAL):
        raise DataError([Issue(
            "interrupted-write", "a graphkit write into this folder (lint --fix or import) "
            "was killed while replacing its files, so they may not belong together",
            str(folder / JOURNAL),
            hint=f"run `graphkit lint --fix --data {folder}` to complete it; it finishes the "
                 "replacement before anything else")])


def _read_uncached(folder: Path, archive: Path | None, strict: bool,
                   limits: Limits | None, progress: Progress | None) -> Dataset:
    vocab = load_vocabulary(folder)
    issues: list[Issue] = []
    docs = {}
    unreadable = set()
    for name, kind in zip(DATA_FILES, _KINDS, strict=True):
        step = None
        if progress is not None:
            def step(done: int, total: int, _what: str = f"reading {name}") -> None:
                progress(_what, done, total)
        result = read_yaml_file(folder / name, str(folder / name), limits, step, within=folder)
        issues += result.issues
        docs[kind] = result.value
        wrong_shape = result.value is not None and not isinstance(result.value, list)
        if wrong_shape or any(i.severity == "error" for i in result.issues):
            unreadable.add(kind)
    files = {kind: str(folder / name) for name, kind in zip(DATA_FILES, _KINDS, strict=True)}
    checked = check_documents(docs, files, vocab, unreadable)
    issues += checked.issues
    sources, entities, claims, index = checked.sources, checked.entities, checked.claims, \
        checked.index
    # a claim with an error is left out of `claims`: stories citing it are told so
    complete = not any(i.severity == "error" and i.file == files["claims"] for i in issues)
    known = claims if index is not None and "claims" not in unreadable else None
    stories, found = _read_stories(folder, vocab, index, known, complete, limits)
    issues += found
    if archive is not None:
        issues += check_archive(claims, entities, sources, archive, files["claims"], strict)
    settings = None
    if os.path.lexists(folder / CASE_FILE):
        result = read_yaml_file(folder / CASE_FILE, str(folder / CASE_FILE), limits,
                                within=folder)
        issues += result.issues
        settings, found = check_case(result.value, str(folder / CASE_FILE),
                                     None if "entities" in unreadable else EntityIndex(entities))
        issues += found
    readme_title = _title(folder, issues)
    title = (settings.title if settings else None) or readme_title
    return Dataset(folder, vocab, sources, entities, claims, sort_issues(issues),
                   title=title, stories=stories, settings=settings)


def _read_stories(folder: Path, vocab: Vocabulary, index: EntityIndex | None,
                  claims: list[Claim] | None, complete: bool, limits: Limits | None
                  ) -> tuple[list[Story], list[Issue]]:
    """The optional stories.yaml: no file, no stories and no issue.

    ``index`` or ``claims`` None: that file could not be read, references stay unchecked.
    """
    path = folder / STORIES_FILE
    if not os.path.lexists(path):
        return [], []
    result = read_yaml_file(path, str(path), limits, within=folder)
    if result.value is None:
        return [], result.issues
    known = ClaimIndex(claims, complete) if claims is not None else None
    stories, found = check_stories(result.value, str(path), vocab, index, known)
    return stories, result.issues + found


def _count(doc: object) -> int:
    """How many items a data file's top-level list holds (0 for anything else)."""
    return len(doc) if isinstance(doc, list) else 0


#: The README's first heading is looked for in its first 64 KiB only.
README_BYTES = 64 * 1024


def _title(folder: Path, issues: list[Issue]) -> str | None:
    """The first ``# heading`` of the folder's README.md: how the case names itself.

    A README that leads outside the folder or is not a regular file is not read (a
    warning says so): its heading would be published in every output.
    """
    try:
        raw = read_inside(folder, "README.md", README_BYTES, truncate=True)
    except Refused as refused:
        if refused.code != "missing-file":
            issues.append(Issue(refused.code, f"README.md is not read: {refused.message}",
                                str(folder / "README.md"), severity="warning",
                                hint=refused.hint))
        return None
    for line in raw.decode("utf-8", errors="replace").splitlines():
        if line.startswith("# ") and line[2:].strip():
            return " ".join(line[2:].split())[:200]
    return None
