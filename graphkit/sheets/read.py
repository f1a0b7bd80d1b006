"""Read a workbook (.xlsx) or a folder of CSV files into sheets of cells with places.

Nothing in a spreadsheet is run or followed: formulas are reported, never computed (the
value a spreadsheet last showed may be stale or absent); external links, macros and
pictures are ignored; the XML is parsed by openpyxl with defusedxml (no entities, no
DTDs), after the archive's unpacked size is checked (a zip bomb is refused before it
is opened). Each cell becomes text (``str``), a number or true/false exactly as the
sheet typed it (:class:`graphkit.yamlwrite.Typed`), or None when empty:

* xlsx: a text cell is text, whatever it looks like (``7``, ``=1+1``, ``NO``); a number
  or boolean cell is typed; a date cell becomes an ISO date at the precision its
  format shows (``mmm-yy`` is ``2011-12``, ``yyyy`` is ``2011``), so a month a
  spreadsheet turned into the 1st of that month is a month again;
* CSV: a cell is text, except a number or ``true``/``false``, which is typed; a leading
  ``'`` marks the rest as text (``'7`` is the text 7, ``'=1+1`` the text =1+1), as
  spreadsheets and graphkit's own CSV exports write it.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.issues import Issue
from graphkit.sheets.layout import KINDS, SPECS
from graphkit.validate import suggest, typed_value
from graphkit.yamlsource import Limits
from graphkit.yamlwrite import Typed

__all__ = ["Sheet", "read_workbook", "read_csv_folder", "read_sheets", "column_letter"]

Value = str | None

_LIMITS = Limits()
#: An xlsx is zipped XML, several times the size of what it holds: its parts may unpack
#: to this much in all (a 256 MiB YAML file's worth of claims is well within it).
MAX_UNPACKED = 8 * _LIMITS.max_bytes
MAX_COLUMNS = 1000


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Sheet:
    """The cells of one sheet: a header row and data rows, each row with its number."""

    kind: str
    name: str                 # the sheet's name in the workbook, or the CSV file's name
    path: str                 # the workbook or CSV file, as named by the user
    is_csv: bool
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[Value]]] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        """What every place in this sheet starts with."""
        return f"{self.path}:" if self.is_csv else f"[{self.path}]{self.name}!"

    def place(self, row: int, column: int = 0) -> str:
        """``[case.xlsx]Claims!C14`` or ``claims.csv:14:relation``; column 0 is the row."""
        if self.is_csv:
            if not column:
                return f"{self.path}:{row}"
            name = self.header[column - 1].strip() if column <= len(self.header) else ""
            return f"{self.path}:{row}:{name or column_letter(column)}"
        if not column:
            return f"{self.prefix}{row}:{row}"
        return f"{self.prefix}{column_letter(column)}{row}"

    def issue(self, code: str, message: str, row: int, column: int = 0, hint: str = "",
              severity: str = "error") -> Issue:
        return Issue(code, message, self.path, row, column, severity, hint,  # type: ignore[arg-type]
                     place=self.place(row, column))


# --------------------------------------------------------------------------- CSV

def _csv_value(text: str) -> Value:
    if not text:
        return None
    first = text[0]
    if first == "'":
        return text[1:]
    if first.isalpha() and text not in ("true", "false"):  # text, and the most of it
        return text
    stripped = text.strip()
    if not stripped:
        return None
    if not isinstance(typed_value(stripped), str):
        return Typed(stripped)
    return text


def _read_csv(path: Path, kind: str, display: str) -> tuple[Sheet | None, list[Issue]]:
    sheet = Sheet(kind, path.name, display, True)
    try:
        size = path.stat().st_size
        if size > _LIMITS.max_bytes:
            return None, [Issue("file-too-large", f"{size:,} bytes is over the limit of "
                                f"{_LIMITS.max_bytes:,}", display, hint="split the sheet")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Issue("unreadable-file", f"cannot read: {exc.strerror or exc}", display)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Issue("bad-encoding", "the file is UTF-16, not UTF-8", display, 1,
                            hint="save it as \"CSV UTF-8\"")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw.count(b"\n", 0, exc.start) + 1
        return None, [Issue("bad-encoding", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                            display, row, hint="save it as \"CSV UTF-8\" (Excel: File > Save "
                            "As > CSV UTF-8), or convert it: iconv -f cp1252 -t utf-8")]
    if "\x00" in text:
        row = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Issue("control-character", "the file holds a NUL character", display, row,
                            hint="this is not a text file; export the sheet as CSV UTF-8")]
    first = text.split("\n", 1)[0]
    delimiter = next((d for d in (",", ";", "\t") if d in first), ",")
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, _LIMITS.max_bytes))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        for number, record in enumerate(reader, start=1):
            if number == 1:
                sheet.header = [c.lstrip("\ufeff") for c in record]
                continue
            if len(record) > MAX_COLUMNS:
                return None, [sheet.issue("sheet-column", f"row holds {len(record):,} cells, "
                                          f"over the limit of {MAX_COLUMNS:,}", number)]
            values = [_csv_value(c) for c in record]
            if any(v is not None for v in values):
                sheet.rows.append((number, values))
    except csv.Error as exc:
        return None, [Issue("unreadable-file", f"not a readable CSV file: {exc}", display)]
    finally:
        csv.field_size_limit(old_limit)
    return sheet, []


def read_csv_folder(folder: str | Path) -> tuple[dict[str, Sheet], list[Issue]]:
    """The sheets of a folder holding ``actors.csv``, ``claims.csv`` and ``sources.csv``."""
    folder = Path(folder)
    files = {p.stem.casefold(): p for p in folder.iterdir()
             if p.suffix.casefold() == ".csv" and p.is_file()}
    sheets: dict[str, Sheet] = {}
    issues: list[Issue] = []
    inside = folder.resolve()
    for stem, path in list(files.items()):
        if not path.resolve().is_relative_to(inside):  # a link out of the folder
            issues.append(Issue("unreadable-file", f"{path.name} is a link to a file outside "
                                f"{folder}", str(path), hint="copy the file into the folder"))
            del files[stem]
    for kind in KINDS:
        spec = SPECS[kind]
        found = [files[n.casefold()] for n in spec.names if n.casefold() in files]
        if not found:
            wanted = f"{spec.names[0].lower()}.csv"
            hint = suggest(wanted, [p.name for p in files.values()]) or \
                f"add {wanted} (see docs/sheets.md)"
            issues.append(Issue("missing-file", f"{wanted} does not exist",
                                str(folder / wanted), hint=hint))
            continue
        if len(found) > 1:
            issues.append(Issue("sheet-column", "several files hold the "
                                f"{spec.names[0].lower()}: " + ", ".join(p.name for p in found),
                                str(folder), hint="keep one of them"))
            continue
        sheet, found_issues = _read_csv(found[0], kind, str(found[0]))
        issues += found_issues
        if sheet is not None:
            sheets[kind] = sheet
    return sheets, issues


# --------------------------------------------------------------------------- xlsx

_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _date_text(value: _dt.date | _dt.datetime, number_format: str) -> str | None:
    """The ISO date a date cell shows, at the precision of its format; None for a time."""
    shown = _QUOTED.sub("", (number_format or "").casefold())
    if isinstance(value, _dt.datetime):
        if value.time() != _dt.time(0):
            return None
        value = value.date()
    if "d" in shown or not ("m" in shown or "y" in shown):
        return value.isoformat()
    if "m" in shown and "h" not in shown and "s" not in shown:
        return value.isoformat()[:7]
    return value.isoformat()[:4]


def _xlsx_value(cell: Any, sheet: Sheet, row: int, column: int, issues: list[Issue]) -> Value:
    value = cell.value
    if value is None:
        return None
    kind = cell.data_type
    if kind == "f" or (isinstance(value, str) and kind not in ("s", "inlineStr", "str")
                       and value.startswith("=")):
        issues.append(sheet.issue("sheet-formula", f"the cell holds a formula ({_short(value)});"
                                  " graphkit never computes formulas", row, column,
                                  "replace it by its value (copy, then Paste special > "
                                  "Values only)"))
        return None
    if kind == "e":
        issues.append(sheet.issue("sheet-value", f"the cell holds the error {_short(value)}",
                                  row, column, "fix or clear the cell"))
        return None
    if isinstance(value, bool):
        return Typed("true" if value else "false")
    if isinstance(value, (_dt.datetime, _dt.date)):
        text = _date_text(value, cell.number_format)
        if text is None:
            issues.append(sheet.issue("sheet-value", "the cell holds a date with a time of day",
                                      row, column, "write the date as text: YYYY, YYYY-MM or "
                                      "YYYY-MM-DD"))
        return text
    if isinstance(value, (_dt.time, _dt.timedelta)):
        issues.append(sheet.issue("sheet-value", "the cell holds a time or a duration", row,
                                  column, "type the value as text"))
        return None
    if isinstance(value, int):  # a float stored as "7" is shown 7.0 by its format
        shows_decimals = "." in (cell.number_format or "")
        return Typed(repr(float(value)) if shows_decimals else str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            issues.append(sheet.issue("sheet-value", "the cell holds a number that is not finite",
                                      row, column, "type a finite number, or text"))
            return None
        return Typed(repr(value))
    text = str(value)
    return text if text.strip() else None


def _why(exc: BaseException) -> str:
    """The root of an error openpyxl wraps (``EntitiesForbidden``, a zip error, ...)."""
    root = exc.__cause__ or exc
    return f"{type(root).__name__}: {_short(root)}"


def _short(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _unpacked_size(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(info.file_size for info in archive.infolist())


def _workbook_rows(worksheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) of the rows that hold cells; openpyxl yields every row in
    order, an empty tuple for a row the file leaves out."""
    worksheet.reset_dimensions()  # never trust the file's own idea of its size
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        if cells:
            yield number, cells


def read_workbook(path: str | Path) -> tuple[dict[str, Sheet], list[Issue]]:
    """The sheets of an .xlsx workbook (sheets named Actors, Claims and Sources)."""
    import openpyxl

    path = Path(path)
    display = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return {}, [Issue("unreadable-file", f"cannot read: {exc.strerror or exc}", display)]
    if size > _LIMITS.max_bytes:
        return {}, [Issue("file-too-large", f"{size:,} bytes is over the limit of "
                          f"{_LIMITS.max_bytes:,}", display, hint="split the workbook")]
    try:
        unpacked = _unpacked_size(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return {}, [Issue("unreadable-file", f"not an .xlsx workbook ({_short(exc)})", display,
                          hint="save it from your spreadsheet as Excel 2007-365 (.xlsx)")]
    if unpacked > MAX_UNPACKED:
        return {}, [Issue("file-too-large", f"the workbook unpacks to {unpacked:,} bytes, over "
                          f"the limit of {MAX_UNPACKED:,}", display, hint="split the workbook")]
    issues: list[Issue] = []
    sheets: dict[str, Sheet] = {}
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False,
                                      keep_links=False, keep_vba=False)
    except Exception as exc:  # noqa: BLE001 - any malformed archive or XML is the user's file
        return {}, [Issue("unreadable-file", f"the workbook cannot be read ({_why(exc)})",
                          display, hint="open it in a spreadsheet and save it again as .xlsx")]
    try:
        names = {name.strip().casefold(): name for name in book.sheetnames}
        for kind in KINDS:
            spec = SPECS[kind]
            found = [names[n.casefold()] for n in spec.names if n.casefold() in names]
            if not found:
                hint = suggest(spec.names[0], book.sheetnames) or \
                    "sheets found: " + ", ".join(book.sheetnames)
                issues.append(Issue("missing-file", f"the workbook has no '{spec.names[0]}' "
                                    "sheet", display, hint=hint))
                continue
            if len(found) > 1:
                issues.append(Issue("sheet-column", "several sheets hold the "
                                    f"{spec.names[0].lower()}: " + ", ".join(found), display,
                                    hint="keep one of them"))
                continue
            sheet = Sheet(kind, found[0], display, False)
            values = 0
            for number, cells in _workbook_rows(book[found[0]]):
                if len(cells) > MAX_COLUMNS:
                    issues.append(sheet.issue("sheet-column", f"row holds {len(cells):,} cells, "
                                              f"over the limit of {MAX_COLUMNS:,}", number))
                    break
                row = [_xlsx_value(c, sheet, number, i, issues)
                       for i, c in enumerate(cells, start=1)]
                values += len(row)
                if values > _LIMITS.max_values:
                    issues.append(sheet.issue("file-too-large", "more than "
                                              f"{_LIMITS.max_values:,} cells", number))
                    break
                if all(v is None for v in row):
                    continue
                if not sheet.header:  # the first row that holds anything
                    sheet.header = ["" if v is None else str(v) for v in row]
                    continue
                sheet.rows.append((number, row))
            sheets[kind] = sheet
    except Exception as exc:  # noqa: BLE001 - a sheet's XML may break half-way through
        return {}, issues + [Issue("unreadable-file", f"the workbook cannot be read ({_why(exc)})",
                                   display, hint="open it in a spreadsheet and save it again "
                                   "as .xlsx")]
    finally:
        book.close()
    return sheets, issues


def read_sheets(path: str | Path) -> tuple[dict[str, Sheet], list[Issue]]:
    """Read a workbook or a folder of CSV files; unreadable sheets are left out, with issues."""
    path = Path(path)
    if path.is_dir():
        if not any(p.suffix.casefold() == ".csv" for p in path.iterdir()) and \
                (path / "entities.yaml").exists():
            return {}, [Issue("missing-file", "the folder holds no CSV files: it looks like a "
                              "YAML data folder", str(path), hint="pass a workbook or a folder "
                              "of actors.csv, claims.csv and sources.csv")]
        return read_csv_folder(path)
    suffix = path.suffix.casefold()
    if not path.exists():
        return {}, [Issue("missing-file", f"{path} does not exist", str(path),
                          hint="pass an .xlsx workbook or a folder of CSV files")]
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(path)
    hints = {".xls": "save it as .xlsx (Excel 2007-365): the old .xls format is not read",
             ".ods": "save it as .xlsx, or export each sheet as CSV UTF-8 into a folder",
             ".csv": "pass the folder holding actors.csv, claims.csv and sources.csv"}
    return {}, [Issue("unreadable-file", f"'{path.name}' is not an .xlsx workbook or a folder",
                      str(path), hint=hints.get(suffix, "pass an .xlsx workbook or a folder of "
                                                "CSV files"))]
