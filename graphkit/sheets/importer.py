"""Sheets -> a data folder: read, check as YAML is checked, write, read back.

Nothing is written while the sheets hold an error (unless ``keep_invalid``: then every
row that could be read is written, so the curator can go on in YAML), and a folder that
already holds a case is replaced only with ``force``. The files are written into a
staging folder and moved into place together, then read back by the normal loader:
what lands is what ``graphkit build`` will read.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graphkit._gc import paused_gc
from graphkit.errors import DataError, ExportError
from graphkit.export.commit import write_together
from graphkit.issues import Issue
from graphkit.load import DATA_FILES, load_dataset
from graphkit.model import Dataset
from graphkit.sheets.documents import build_documents, locate, yaml_items
from graphkit.sheets.layout import KINDS
from graphkit.sheets.read import read_sheets
from graphkit.stories import STORIES_FILE
from graphkit.validate import EntityIndex, check_documents
from graphkit.vocab import Vocabulary, load_vocabulary
from graphkit.yamlwrite import write_documents

__all__ = ["SheetCase", "check_sheets", "import_sheets", "ImportResult"]

HEADER = ("Written by `graphkit import` from a spreadsheet. Edit it here, or edit the\n"
          "sheet and import it again with --force (see docs/sheets.md).")
_FILES = dict(zip(("sources", "entities", "claims"), DATA_FILES, strict=True))


@dataclass
class SheetCase:
    """What a workbook or CSV folder holds, checked: documents, records and issues."""

    documents: dict[str, object]
    issues: list[Issue]
    dataset: Dataset | None          # None when any issue is an error
    index: EntityIndex | None = None

    @property
    def ok(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)


@dataclass
class ImportResult:
    """The folder written, its files, and the case as the loader read it back."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    dataset: Dataset | None = None
    issues: list[Issue] = field(default_factory=list)
    #: ``(stories.yaml, where it was moved)`` when the replaced case's stories cite
    #: actors or claims the imported case lacks (see :func:`import_sheets`).
    stories_moved: tuple[Path, Path] | None = None

    @property
    def ok(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)


def check_sheets(path: str | Path, vocabulary: Vocabulary | None = None) -> SheetCase:
    """Read a workbook or CSV folder and check it as the loader checks a data folder.

    Every issue points at its sheet cell (:attr:`graphkit.issues.Issue.place`).
    """
    vocab = vocabulary or load_vocabulary()
    with paused_gc():  # millions of small objects, no cycles: see graphkit/_gc.py
        sheets, issues = read_sheets(path)
        docs, cols = build_documents(sheets, issues)
        unreadable = {kind for kind in ("sources", "entities", "claims") if docs[kind] is None}
        files = {kind: kind for kind in ("sources", "entities", "claims")}
        checked = check_documents(docs, files, vocab, unreadable)
    issues += [locate(i, sheets, cols) for i in checked.issues]
    prefixes = [sheets[kind].prefix for kind in KINDS if kind in sheets]

    def order(issue: Issue) -> tuple[int, int, int, str, str]:
        sheet = next((n for n, p in enumerate(prefixes) if issue.place.startswith(p)), -1)
        return sheet, issue.line, issue.column, issue.code, issue.message

    issues.sort(key=order)
    case = SheetCase(docs, issues, None, checked.index)
    if case.ok:
        case.dataset = Dataset(Path(path), vocab, checked.sources, checked.entities,
                               checked.claims, issues)
    return case


def _vocabulary_file(sheets: Path, out: Path, given: str | Path | None) -> Path | None:
    """The vocabulary the case is checked against: given, beside the CSV files, or the
    one the target folder already holds."""
    if given is not None:
        return Path(given)
    for folder in (sheets, out):
        if folder.is_dir() and (folder / "vocabulary.yaml").is_file():
            return folder / "vocabulary.yaml"
    return None


def import_sheets(path: str | Path, out: str | Path, *, force: bool = False,
                  keep_invalid: bool = False, vocabulary: str | Path | None = None,
                  use_cache: bool = True) -> ImportResult:
    """Turn a workbook or CSV folder into the data folder ``out``.

    Raises DataError (with every issue, each at its cell) when the sheets are invalid and
    ``keep_invalid`` is false, and ExportError when ``out`` already holds a case and
    ``force`` is false; in both cases nothing is written. With ``keep_invalid``, invalid
    sheets are written and the issues returned.
    """
    path, out = Path(path), Path(out)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder")
    vocab_file = _vocabulary_file(path, out, vocabulary)
    copy_vocabulary = vocab_file is not None and vocab_file != out / "vocabulary.yaml"
    replaced = [n for n in (*DATA_FILES, "vocabulary.yaml" if copy_vocabulary else "")
                if n and (out / n).exists()]
    if replaced and not force:
        raise ExportError(f"{out} already holds a case ({', '.join(replaced)}); pass --force "
                          "to replace it, or choose another --out folder")
    vocab = load_vocabulary(file=vocab_file) if vocab_file is not None else load_vocabulary()
    case = check_sheets(path, vocab)
    if not case.ok and not keep_invalid:
        raise DataError(case.issues)
    items = yaml_items(case.documents, case.index)
    files = {_FILES[kind]: _writer(items[kind]) for kind in ("sources", "entities", "claims")}
    if copy_vocabulary:
        files["vocabulary.yaml"] = lambda target: shutil.copyfile(vocab_file, target)
    written = write_together(out, files)
    result = ImportResult(out, written, None, case.issues)
    if case.ok:
        try:
            result.dataset = load_dataset(out, use_cache=use_cache)
        except DataError as exc:
            # A spreadsheet carries no stories: the stories.yaml of the case replaced
            # stays, and is kept as long as it still fits (an exported case imported
            # back). When it cites actors or claims the new case lacks, it belongs to
            # the old case: it is moved aside, never deleted, and the folder builds.
            result.stories_moved = _move_stale_stories(out, exc)
            if result.stories_moved is None:
                raise
            result.dataset = load_dataset(out, use_cache=use_cache)
    return result


def _move_stale_stories(out: Path, error: DataError) -> tuple[Path, Path] | None:
    """Rename ``out/stories.yaml`` to ``stories.yaml.before-import`` (or ``.2``, …) when
    it alone holds the errors of ``error``; None (nothing moved) otherwise."""
    stories = out / STORIES_FILE
    errors = [i for i in error.issues if i.severity == "error"]
    if not stories.exists() or not errors or any(Path(i.file).name != STORIES_FILE
                                                 for i in errors):
        return None
    target, n = out / f"{STORIES_FILE}.before-import", 1
    while target.exists():
        n += 1
        target = out / f"{STORIES_FILE}.before-import.{n}"
    stories.rename(target)
    return stories, target


def _writer(items: list[dict[str, object]]) -> Callable[[Path], None]:
    return lambda target: write_documents(target, items, HEADER)
