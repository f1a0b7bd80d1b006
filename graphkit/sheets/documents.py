"""Sheets of cells -> the three documents of a case, shaped as the YAML reader shapes them.

The documents are the same ``YList``/``YMap`` values :mod:`graphkit.yamlsource` builds
from a file, with each value's place set to its cell (line = row, column = column), so
that the validators of :mod:`graphkit.validate` check a spreadsheet exactly as they
check YAML: same codes, same hints, and each issue points at a cell. Here, and only
here, the layout's conventions are undone:

* a list cell (``aliases``, ``claimed by``, ``sources``) becomes a list;
* rows sharing a claim's ``id`` (or ``claim`` key) become one claim with one evidence
  item per row; a claim field filled in on several of its rows must agree;
* a blank actor or source id is made from the name or title (:mod:`graphkit.sheets.ids`);
* a source may be named by its title where an id is expected.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphkit.issues import Issue
from graphkit.sheets.ids import IdMaker
from graphkit.sheets.layout import (
    ATTRIBUTE_NAME,
    ATTRIBUTE_PREFIX,
    SPECS,
    classify,
    split_list,
)
from graphkit.sheets.read import Sheet
from graphkit.text import fold
from graphkit.validate import EntityIndex
from graphkit.yamlsource import Mark, YList, YMap
from graphkit.yamlwrite import Typed

__all__ = ["Columns", "columns_of", "build_documents", "locate", "yaml_items"]

_CLAIM_FIELDS = ("id", "from", "to", "relation", "date", "start", "end", "status", "claimed by")
_EVIDENCE = (("source", "source"), ("lines", "lines"), ("note", "note"))
_LINE_PART = re.compile(r"^\d+(\s*[-–]\s*\d+)?$")


@dataclass
class Columns:
    """Where each known column and each attribute column of a sheet is (1-based)."""

    fields: dict[str, int] = field(default_factory=dict)      # written header -> column
    attributes: dict[str, int] = field(default_factory=dict)  # attribute name -> column


def _attribute_name(text: str) -> str:
    name = re.sub(r"[^\w-]+", "_", text.strip()).strip("_") or "attribute"
    return name if ATTRIBUTE_NAME.match(name) else f"_{name}"


def columns_of(sheet: Sheet, issues: list[Issue]) -> Columns | None:
    """Read the header row; None when a required column is missing (issues say which)."""
    spec = SPECS[sheet.kind]
    found = Columns()
    for index, raw in enumerate(sheet.header, start=1):
        text = raw.strip()
        what, name = classify(sheet.kind, text)
        if what == "field":
            if name in found.fields:
                first = sheet.place(1, found.fields[name])
                issues.append(sheet.issue("sheet-column", f"column '{text}' repeats the column "
                                          f"at {first}", 1, index, "keep one of the two columns"))
            else:
                found.fields[name] = index
        elif what == "attribute":
            if name in found.attributes:
                issues.append(sheet.issue("sheet-column", f"attribute column '{name}' appears "
                                          "twice", 1, index, "keep one of the two columns"))
            else:
                found.attributes[name] = index
        elif what == "typo":
            hint = f"did you mean '{name}'?"
            if sheet.kind == "claims":
                hint += (" (to keep it as a claim attribute, head it "
                         f"'{ATTRIBUTE_PREFIX}{_attribute_name(text)}')")
            issues.append(sheet.issue("unknown-field", f"unknown column '{text}'", 1, index, hint))
        elif what == "invalid":
            issues.append(sheet.issue(
                "sheet-column", f"column '{name}' is not a valid attribute name", 1, index,
                f"use letters, digits, _ and -, e.g. '{_attribute_name(name)}'"))
        elif what == "unknown":
            issues.append(sheet.issue("unknown-field", f"unknown column '{text}'", 1, index,
                                      "columns: " + ", ".join(h for h, _ in spec.columns)))
    missing = [h for h in spec.required if h not in found.fields]
    for header in missing:
        issues.append(sheet.issue("sheet-column", f"the {sheet.name} sheet has no '{header}' "
                                  "column", 1, 0, f"add a column headed '{header}'"))
    width = len(sheet.header)
    blank = {i for i, h in enumerate(sheet.header, start=1) if not h.strip()}
    reported: set[int] = set()
    for number, row in sheet.rows:
        for index in range(1, len(row) + 1):
            if row[index - 1] is None or index in reported:
                continue
            if index in blank or index > width:
                reported.add(index)
                issues.append(sheet.issue("sheet-column", "a value in a column without a "
                                          "header", number, index,
                                          "give the column a header, or clear it"))
    return None if missing else found


def _cell(row: list[Any], index: int) -> Any:
    return row[index - 1] if 0 < index <= len(row) else None


def _put(item: YMap, key: str, value: Any, mark: Mark, header_column: int) -> None:
    item[key] = value
    item.key_marks[key] = Mark(1, header_column)
    item.value_marks[key] = mark


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _list(value: Any, mark: Mark) -> YList:
    values = YList(mark)
    for element in split_list(str(value)):
        values.append(element)
        values.item_marks.append(mark)
    return values


def _references(doc: YList, key: str) -> dict[str, str]:
    """Folded ``key`` (a title) -> id, for the titles that name one item only."""
    by_key: dict[str, set[str]] = {}
    for item in doc:
        ident, label = item.get("id"), item.get(key)
        if isinstance(ident, str) and isinstance(label, str) and label.strip():
            by_key.setdefault(fold(label.strip()), set()).add(ident.strip())
    return {k: next(iter(v)) for k, v in by_key.items() if len(v) == 1}


def _source_ref(value: str, ids: set[str], titles: Mapping[str, str]) -> str:
    text = value.strip()
    return text if text in ids else titles.get(fold(text), value)


def _items(sheet: Sheet, cols: Columns, fallback: str, name_field: str,
           sources: tuple[set[str], Mapping[str, str]] | None) -> YList:
    """Actors or sources: one item per row, ids made from names where blank."""
    spec = SPECS[sheet.kind]
    doc = YList(Mark(1, 0))
    id_column = cols.fields.get("id")
    reserved = set()
    if id_column:
        reserved = {str(v).strip() for _, row in sheet.rows
                    if (v := _cell(row, id_column)) is not None and str(v).strip()}
    maker = IdMaker(reserved, fallback)
    for number, row in sheet.rows:
        item = YMap(Mark(number, 0))
        for header, key in spec.columns:
            column = cols.fields.get(header)
            if column is None:
                continue
            value = _cell(row, column)
            mark = Mark(number, column, isinstance(value, Typed))
            if value is None:
                if header in spec.required:
                    _put(item, key, None, mark, column)
                continue
            if header in spec.lists:
                values = _list(value, mark)
                if header == "sources" and sources is not None:
                    values[:] = [_source_ref(v, *sources) for v in values]
                _put(item, key, values, mark, column)
            else:
                _put(item, key, _text(value), mark, column)
        name = item.get(name_field)
        if not (isinstance(item.get("id"), str) and item["id"].strip()) and \
                isinstance(name, str) and name.strip():
            _put(item, "id", maker.make(name), item.mark, id_column or 0)
        doc.append(_ordered(item, [k for _, k in spec.columns]))
        doc.item_marks.append(item.mark)
    return doc


def _ordered(item: YMap, keys: list[str]) -> YMap:
    """The same mapping with its keys in the layout's order (ids made later go first)."""
    result = YMap(item.mark)
    for key in keys + [k for k in item if k not in keys]:
        if key in item:
            result[key] = item[key]
            if key in item.key_marks:
                result.key_marks[key] = item.key_marks[key]
            if key in item.value_marks:
                result.value_marks[key] = item.value_marks[key]
    return result


def _same(first: Any, other: Any, is_list: bool) -> bool:
    if is_list:
        return split_list(str(first)) == split_list(str(other))
    return (str(first).strip() == str(other).strip()
            and isinstance(first, Typed) == isinstance(other, Typed))


def _claims(sheet: Sheet, cols: Columns, issues: list[Issue],
            sources: tuple[set[str], Mapping[str, str]]) -> YList:
    """Claims: rows grouped by id (or claim key), one evidence item per row."""
    spec = SPECS["claims"]
    fields = spec.fields
    groups: dict[tuple[str, str], list[tuple[int, list[Any]]]] = {}
    for number, row in sheet.rows:
        key = ("row", str(number))
        for header in ("id", "claim"):
            column = cols.fields.get(header)
            value = _cell(row, column) if column else None
            if value is not None and str(value).strip():
                key = (header, str(value).strip())
                break
        groups.setdefault(key, []).append((number, row))
    doc = YList(Mark(1, 0))
    for rows in groups.values():
        first_number = rows[0][0]
        item = YMap(Mark(first_number, 0))
        for header in _CLAIM_FIELDS:
            column = cols.fields.get(header)
            if column is None:
                continue
            chosen: tuple[int, Any] | None = None
            for number, row in rows:
                value = _cell(row, column)
                if value is None:
                    continue
                if chosen is None:
                    chosen = (number, value)
                elif not _same(chosen[1], value, header in spec.lists):
                    issues.append(sheet.issue(
                        "sheet-conflict", f"'{header}' here differs from row {chosen[0]} of the "
                        "same claim", number, column, "rows with the same id or claim key are "
                        "one claim: repeat its fields on each row, or leave them blank"))
            key = fields[header]
            if chosen is None:
                if header in spec.required:
                    _put(item, key, None, Mark(first_number, column), column)
                continue
            number, value = chosen
            mark = Mark(number, column, isinstance(value, Typed))
            if header in spec.lists:
                _put(item, key, _list(value, mark), mark, column)
            else:
                _put(item, key, _text(value), mark, column)
        if cols.attributes:
            attributes = YMap(Mark(first_number, 0))
            for name, column in cols.attributes.items():
                chosen = None
                for number, row in rows:
                    value = _cell(row, column)
                    if value is None:
                        continue
                    if chosen is None:
                        chosen = (number, value)
                    elif not _same(chosen[1], value, False):
                        issues.append(sheet.issue(
                            "sheet-conflict", f"attribute '{name}' here differs from row "
                            f"{chosen[0]} of the same claim", number, column,
                            "rows with the same id or claim key are one claim: repeat its "
                            "fields on each row, or leave them blank"))
                if chosen is not None:
                    number, value = chosen
                    _put(attributes, name, value, Mark(number, column,
                                                       isinstance(value, Typed)), column)
            if attributes:
                _put(item, "attributes", attributes, attributes.mark, 0)
        evidence = YList(Mark(first_number, 0))
        for number, row in rows:
            element = YMap(Mark(number, 0))
            for header, key in _EVIDENCE:
                column = cols.fields.get(header)
                value = _cell(row, column) if column else None
                if value is not None:
                    text = str(value)
                    if key == "source":
                        text = _source_ref(text, *sources)
                    _put(element, key, text, Mark(number, column), column)
            if element:
                if "source" not in element and cols.fields.get("source"):
                    column = cols.fields["source"]
                    _put(element, "source", None, Mark(number, column), column)
                element = _ordered(element, ["source", "lines", "note"])
                evidence.append(element)
                evidence.item_marks.append(element.mark)
        if evidence:
            _put(item, "evidence", evidence, evidence.mark, 0)
        order = ["id", "source", "target", "relation", "date", "start", "end", "status",
                 "claimed_by", "attributes", "evidence"]
        doc.append(_ordered(item, order))
        doc.item_marks.append(item.mark)
    return doc


def build_documents(sheets: Mapping[str, Sheet], issues: list[Issue]
                    ) -> tuple[dict[str, Any], dict[str, Columns]]:
    """The documents (``sources``, ``entities``, ``claims``) of the sheets that could be
    read, and the columns found in each; header problems are added to ``issues``."""
    cols: dict[str, Columns] = {}
    for kind, sheet in sheets.items():
        found = columns_of(sheet, issues)
        if found is not None:
            cols[kind] = found
    docs: dict[str, Any] = {"sources": None, "entities": None, "claims": None}
    source_ids: set[str] = set()
    titles: dict[str, str] = {}
    if "sources" in cols:
        docs["sources"] = _items(sheets["sources"], cols["sources"], "source", "title", None)
        source_ids = {str(i["id"]).strip() for i in docs["sources"] if i.get("id")}
        titles = _references(docs["sources"], "title")
    if "entities" in cols:
        docs["entities"] = _items(sheets["entities"], cols["entities"], "actor", "name",
                                  (source_ids, titles))
    if "claims" in cols:
        docs["claims"] = _claims(sheets["claims"], cols["claims"], issues, (source_ids, titles))
    return docs, cols


_SHEET_WORDING = ((" on line ", " on row "), ("(line ", "(row "))


def locate(issue: Issue, sheets: Mapping[str, Sheet], cols: Mapping[str, Columns]) -> Issue:
    """An issue the validators found in a document, pointed at its sheet cell.

    The validators name the document by its kind (``claims``) and give the row and
    column as line and column; their wording is kept, bar what only YAML needs.
    """
    sheet = sheets.get(issue.file)
    if sheet is None:
        return issue
    column = issue.column
    if issue.code == "missing-evidence" and not column:
        column = cols[sheet.kind].fields.get("source", 0)
    message, hint = issue.message, issue.hint
    for yaml_name, kind in (("sources.yaml", "sources"), ("entities.yaml", "entities")):
        other = sheets.get(kind)
        name = (other.name if other.is_csv else f"the {other.name} sheet") if other else \
            f"the {SPECS[kind].names[0]} sheet"
        message = message.replace(yaml_name, name)
        hint = hint.replace(yaml_name, name)
    for old, new in _SHEET_WORDING:
        message = message.replace(old, new)
    if issue.code == "missing-evidence":
        hint = "fill in 'source' (and 'lines', 'note') on the claim's row"
    elif issue.code == "bad-date":
        hint += "; format the column as Text so the spreadsheet keeps the date as typed"
    return dataclasses.replace(issue, file=sheet.path, column=column, message=message,
                               hint=hint, place=sheet.place(issue.line, column))


def _lines(text: str) -> list[int | str] | str:
    parts = [p.strip() for p in text.split(",")]
    if not all(_LINE_PART.match(p) for p in parts):
        return text
    return [int(p) if p.isdigit() else p for p in parts]


def _plain(value: Any, resolve: Any = None) -> Any:
    if value is None:
        return None
    text = str(value).strip()
    return resolve(text) if resolve is not None else text


def yaml_items(docs: Mapping[str, Any], index: EntityIndex | None
               ) -> dict[str, list[dict[str, Any]]]:
    """The documents as plain values for :mod:`graphkit.yamlwrite`: references to actors
    by name or alias replaced by their ids where ``index`` resolves them, lines as lists,
    attributes typed as the sheet typed them."""
    def entity(ref: str) -> str:
        if index is None:
            return ref
        found, _ = index.resolve(ref)
        return found or ref

    result: dict[str, list[dict[str, Any]]] = {"sources": [], "entities": [], "claims": []}
    for kind in ("sources", "entities"):
        for item in docs.get(kind) or []:
            result[kind].append({key: ([str(v) for v in value] if isinstance(value, list)
                                       else _plain(value)) for key, value in item.items()})
    for item in docs.get("claims") or []:
        claim: dict[str, Any] = {}
        for key, value in item.items():
            if key in ("source", "target"):
                claim[key] = _plain(value, entity)
            elif key == "claimed_by":
                claim[key] = [entity(str(v)) for v in value]
            elif key == "attributes":
                claim[key] = {name: (Typed(str(v).strip()) if v.__class__ is Typed else str(v))
                              for name, v in value.items()}
            elif key == "evidence":
                claim[key] = [{k: (_lines(str(v).strip()) if k == "lines" and v is not None
                                   else _plain(v)) for k, v in element.items()}
                              for element in value]
            else:
                claim[key] = _plain(value)
        result["claims"].append(claim)
    return result
