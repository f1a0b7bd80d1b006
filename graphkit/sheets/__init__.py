"""Spreadsheets in and out: a case as an .xlsx workbook or a folder of CSV files.

Curators often collect actors and claims in a spreadsheet first. ``import_sheets`` turns
a workbook (Actors, Claims and Sources sheets) or a folder of CSV files into a data
folder, checked by the same validators as YAML, each issue pointing at its cell;
``export_sheets`` writes a case in the same layout, so that importing the export gives
the same case back. The layout is :mod:`graphkit.sheets.layout`; docs/sheets.md shows it.

Modules, in the order data flows: ``read`` (cells), ``documents`` (cells -> the YAML
reader's documents), ``ids`` (ids from names), ``importer`` (check, write, read back);
``write`` (a case -> cells -> xlsx or CSV).
"""

from __future__ import annotations

from graphkit.sheets.importer import ImportResult, SheetCase, check_sheets, import_sheets
from graphkit.sheets.write import export_sheets

__all__ = ["import_sheets", "check_sheets", "export_sheets", "ImportResult", "SheetCase",
           "SHEET_FORMATS"]

#: ``graphkit export`` formats written by this package: a workbook, or a folder of CSV.
SHEET_FORMATS = ("xlsx", "sheets")
