"""A case as spreadsheets: the layout of :mod:`graphkit.sheets.layout`, as an .xlsx
workbook or as a folder of CSV files, such that importing it gives the same case back.

What a spreadsheet would change is written so that it cannot:

* text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is never a
  formula: in xlsx it is a string cell (with Excel's "quote prefix" flag, so editing it
  keeps it text), in CSV it gets graphkit's ``'`` prefix (as ``export --format csv``);
* dates, ids, lines and every other text are string cells formatted as Text (``@``), so
  that ``2011-12`` stays a month and ``NO`` stays Norway; numbers and true/false in
  attributes are number and boolean cells, and an attribute text that looks like a
  number (``"7"``) stays text (a string cell; ``'7`` in CSV);
* lists (aliases, claimed by, an actor's sources) are joined with ``; `` (see
  :func:`graphkit.sheets.layout.join_list` for the escaping).

Excel holds at most 32,767 characters in a cell and 15 significant digits in a number:
a workbook that would cut a text or round a number is refused, naming each place,
never written (CSV files have no such limits).
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import os
import shutil
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from graphkit._gc import paused_gc
from graphkit.errors import ExportError
from graphkit.export.atomic import atomic_write
from graphkit.export.commit import write_together
from graphkit.export.tabular import FORMULA_PREFIXES
from graphkit.model import Dataset
from graphkit.sheets.layout import ATTRIBUTE_PREFIX, KINDS, SPECS, classify, join_list
from graphkit.validate import typed_value

__all__ = ["Table", "case_tables", "write_workbook", "write_csv_folder", "export_sheets",
           "EXCEL_CELL_LIMIT", "WORKBOOK_NAME"]

Value = str | int | float | bool | None

EXCEL_CELL_LIMIT = 32_767
EXCEL_EXACT_INTEGER = 2**53
WORKBOOK_NAME = "case.xlsx"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_WIDTHS = {"id": 28, "claim": 28, "name": 30, "title": 40, "description": 60, "note": 60,
           "from": 28, "to": 28, "aliases": 30, "claimed by": 24, "sources": 24, "url": 30}


@dataclass
class Table:
    """One sheet to write: its name, header and rows; ``attributes`` marks the columns
    that hold claim attributes (typed values)."""

    kind: str
    name: str
    header: list[str]
    rows: list[list[Value]] = field(default_factory=list)
    attributes: set[int] = field(default_factory=set)   # 0-based column indexes


def _iso(value: Any) -> str | None:
    return value.iso() if value is not None else None


def attribute_header(name: str) -> str:
    """The header of an attribute column: its name, or ``attr_<name>`` when the name
    alone would read as something else (a claim column, or a likely misspelling of one).

    >>> attribute_header("years"), attribute_header("status"), attribute_header("stauts")
    ('years', 'attr_status', 'attr_stauts')
    """
    return name if classify("claims", name) == ("attribute", name) else ATTRIBUTE_PREFIX + name


def case_tables(dataset: Dataset, entity_ids: Collection[str] | None = None,
                claim_ids: Collection[str] | None = None) -> list[Table]:
    """The Actors, Claims and Sources tables of ``dataset`` (limited to the given actors
    and claims when a filter chose them; every source is kept)."""
    claims = [c for c in dataset.claims if claim_ids is None or c.id in claim_ids]
    if entity_ids is not None:
        # who claims a chosen claim must be there too, or the sheets would not import
        entity_ids = set(entity_ids) | {ref for c in claims for ref in c.claimed_by}
    entities = [e for e in dataset.entities.values() if entity_ids is None or e.id in entity_ids]
    actors = Table("entities", SPECS["entities"].names[0],
                   [h for h, _ in SPECS["entities"].columns])
    for e in entities:
        actors.rows.append([e.id, e.name, e.type, join_list(e.aliases) or None, e.description,
                            e.country, _iso(e.date), _iso(e.start), _iso(e.end), e.url,
                            join_list(e.sources) or None])
    names: dict[str, None] = {}
    for claim in claims:
        names.update(dict.fromkeys(claim.attributes))
    fixed = [h for h, _ in SPECS["claims"].columns]
    table = Table("claims", SPECS["claims"].names[0],
                  fixed + [attribute_header(n) for n in names],
                  attributes=set(range(len(fixed), len(fixed) + len(names))))
    for claim in claims:
        common = [None if claim.derived_id else claim.id,
                  claim.id if claim.derived_id and len(claim.evidence) > 1 else None,
                  claim.source, claim.target, claim.relation, _iso(claim.date),
                  _iso(claim.start), _iso(claim.end), claim.status,
                  join_list(claim.claimed_by) or None]
        attributes = [claim.attributes.get(n) for n in names]
        for item in claim.evidence or (None,):
            evidence: list[Value] = [None, None, None]
            if item is not None:
                evidence = [item.source, ", ".join(item.lines_text()) or None, item.note]
            table.rows.append(common + evidence + attributes)
    sources = Table("sources", SPECS["sources"].names[0],
                    [h for h, _ in SPECS["sources"].columns])
    for s in dataset.sources.values():
        sources.rows.append([s.id, s.title, s.author, s.publisher, _iso(s.date), s.url,
                             s.archive, s.note])
    by_kind = {"entities": actors, "claims": table, "sources": sources}
    return [by_kind[kind] for kind in KINDS]


def _problems(tables: list[Table], xlsx: bool) -> list[str]:
    """Values a spreadsheet cannot hold exactly, as ``Sheet!C14: why`` lines."""
    from graphkit.sheets.read import column_letter

    found = []
    for table in tables:
        for number, row in enumerate(table.rows, start=2):
            for index, value in enumerate(row):
                if isinstance(value, float) and not math.isfinite(value):
                    why = f"the number {value} is not finite"
                elif not xlsx:
                    continue
                elif isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
                    why = (f"{len(value):,} characters, over Excel's limit of "
                           f"{EXCEL_CELL_LIMIT:,} per cell")
                elif isinstance(value, int) and not isinstance(value, bool) and \
                        abs(value) > EXCEL_EXACT_INTEGER:
                    why = f"the whole number {value} has more digits than a spreadsheet keeps"
                elif index in table.attributes and isinstance(value, str) and not value.strip():
                    why = "an attribute whose text is empty or only spaces reads as an empty cell"
                else:
                    continue
                found.append(f"{table.name}!{column_letter(index + 1)}{number}: {why}")
    return found


def _refuse(problems: list[str], xlsx: bool) -> None:
    if not problems:
        return
    shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5
                                       else "")
    hint = (" Write --format sheets instead (CSV files hold any text and number exactly), "
            "or change these values in the YAML." if xlsx else "")
    raise ExportError(f"the case cannot be written as spreadsheets exactly: {shown}.{hint}")


# --------------------------------------------------------------------------- xlsx

class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose members all carry the same date: the same case, the same bytes."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_FIXED_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        with open(filename, "rb") as handle:
            self.writestr(arcname or os.path.basename(filename), handle.read())


def write_workbook(tables: list[Table], target: IO[bytes] | str | os.PathLike[str]) -> None:
    """Write the tables as an .xlsx workbook (atomically, when ``target`` is a path)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    _refuse(_problems(tables, xlsx=True), xlsx=True)
    if not openpyxl.LXML and any("\r" in v for t in tables for r in t.rows for v in r
                                 if isinstance(v, str)):
        raise ExportError("a text holds a carriage return, which openpyxl keeps only when lxml "
                          "is installed (and OPENPYXL_LXML is not False)")
    from graphkit.sheets.read import column_letter

    book = openpyxl.Workbook(write_only=True)
    book.properties.creator = "graphkit"
    book.properties.created = book.properties.modified = _dt.datetime(2000, 1, 1)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.freeze_panes = "A2"
        for index, name in enumerate(table.header, start=1):
            letter = column_letter(index)
            sheet.column_dimensions[letter].width = _WIDTHS.get(name, 14)
        if table.rows:
            sheet.auto_filter.ref = f"A1:{column_letter(len(table.header))}{len(table.rows) + 1}"
        header = []
        for name in table.header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.data_type = "s"
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        cells = _CellMaker(sheet, WriteOnlyCell)
        for row in table.rows:
            sheet.append([cells.make(index, value) for index, value in enumerate(row)])
    buffer = io.BytesIO() if not hasattr(target, "write") else target
    try:
        with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(book, archive).save()
    except ValueError as exc:  # a character XML cannot hold; the loader removes them all
        raise ExportError(f"the workbook cannot be written: {exc}") from exc
    if not hasattr(target, "write"):
        with atomic_write(target, "wb") as handle:  # type: ignore[arg-type]
            handle.write(buffer.getvalue())  # type: ignore[union-attr]


class _CellMaker:
    """The cells of a row, styled once per column and reused row after row.

    openpyxl's write-only sheet writes each row as it is appended, so one styled cell per
    column and kind can carry every row's value: a string cell formatted as Text (with
    the quote-prefix flag when it starts like a formula), or a decimal formatted ``0.0``.
    Setting the value directly keeps openpyxl from reading it as a formula; building a
    cell per value would cost three times as much on a large case.
    """

    def __init__(self, sheet: Any, make: Callable[..., Any]) -> None:
        self.sheet = sheet
        self.new = make
        self.cache: dict[tuple[int, str], Any] = {}

    def _cell(self, index: int, kind: str) -> Any:
        cell = self.cache.get((index, kind))
        if cell is None:
            cell = self.new(self.sheet)
            if kind == "float":
                cell.number_format = "0.0"  # stored as "7": the format says it is 7.0
                cell.data_type = "n"
            else:
                cell.number_format = "@"
                cell.data_type = "s"  # never a formula, whatever the text starts with
                cell.quotePrefix = kind == "guarded"
            self.cache[(index, kind)] = cell
        return cell

    def make(self, index: int, value: Value) -> Any:
        if isinstance(value, str):
            cell = self._cell(index, "guarded" if value.startswith(FORMULA_PREFIXES) else "text")
        elif isinstance(value, float) and value.is_integer():
            cell = self._cell(index, "float")
        else:
            return value  # numbers and booleans as they are; None leaves the cell empty
        cell._value = value
        return cell


# --------------------------------------------------------------------------- CSV

def _csv_text(value: Value, attribute: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    stripped = value.strip()
    if (value.startswith(("'", *FORMULA_PREFIXES)) or not stripped
            or (attribute and not isinstance(typed_value(stripped), str))):
        return "'" + value
    return value


def write_csv_folder(tables: list[Table], folder: str | os.PathLike[str],
                     vocabulary: Path | None = None) -> list[Path]:
    """Write ``actors.csv``, ``claims.csv`` and ``sources.csv`` (UTF-8 with a BOM, so that
    Excel reads the accents; CRLF line ends) into ``folder``, all or none."""
    import csv

    _refuse(_problems(tables, xlsx=False), xlsx=False)

    def writer(table: Table) -> Callable[[Path], None]:
        def write(path: Path) -> None:
            with atomic_write(path) as handle:
                handle.write("\ufeff")
                out = csv.writer(handle, lineterminator="\r\n")
                out.writerow(table.header)
                for row in table.rows:
                    out.writerow([_csv_text(v, i in table.attributes) for i, v in enumerate(row)])
        return write

    files: dict[str, Callable[[Path], None]] = {
        f"{t.name.lower()}.csv": writer(t) for t in tables}
    if vocabulary is not None:
        files["vocabulary.yaml"] = lambda path: shutil.copyfile(vocabulary, path)
    return write_together(Path(folder), files)


def export_sheets(dataset: Dataset, out: str | os.PathLike[str], fmt: str,
                  entity_ids: Collection[str] | None = None,
                  claim_ids: Collection[str] | None = None) -> list[Path]:
    """Write ``dataset`` as ``xlsx`` (a workbook file) or ``sheets`` (a folder of CSV
    files, with the case's vocabulary.yaml when it has one); return the paths written."""
    with paused_gc():
        tables = case_tables(dataset, entity_ids, claim_ids)
    if fmt == "xlsx":
        write_workbook(tables, out)
        return [Path(out)]
    if fmt == "sheets":
        vocabulary = Path(dataset.folder) / "vocabulary.yaml"
        return write_csv_folder(tables, out, vocabulary if vocabulary.is_file() else None)
    raise ValueError(f"unknown sheets format {fmt!r}")
