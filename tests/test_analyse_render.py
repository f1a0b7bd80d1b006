"""The shared row renderer: table, CSV, JSON and Markdown read back by real readers."""

from __future__ import annotations

import csv
import io
import json

import pytest

from graphkit.errors import UsageError
from graphkit.render import emit

ROWS = [
    {"id": "roza", "name": "Roza | Tuletaeva", "score": 0.1234567891, "tags": ["a", "b"],
     "n": 3},
    {"id": "omg", "name": "ÖzenMunaiGas,\n\"OMG\"", "score": None, "tags": [], "n": 12},
]
COLUMNS = ["id", "name", "score", "tags", "n"]


def render(fmt: str, rows=ROWS, columns=COLUMNS) -> str:
    out = io.StringIO()
    emit(rows, columns, fmt, out)
    return out.getvalue()


def test_json_keeps_full_precision_and_column_order() -> None:
    data = json.loads(render("json"))
    assert data == [
        {"id": "roza", "name": "Roza | Tuletaeva", "score": 0.1234567891, "tags": ["a", "b"],
         "n": 3},
        {"id": "omg", "name": "ÖzenMunaiGas,\n\"OMG\"", "score": None, "tags": [], "n": 12}]
    assert list(data[0]) == COLUMNS
    assert "ÖzenMunaiGas" in render("json")  # not \u00d6-escaped
    assert json.loads(render("json", [{"x": float("nan")}], ["x"])) == [{"x": None}]


def test_csv_round_trips_through_the_csv_module() -> None:
    rows = list(csv.reader(io.StringIO(render("csv"))))
    assert rows == [COLUMNS, ["roza", "Roza | Tuletaeva", "0.1234567891", "a; b", "3"],
                    ["omg", "ÖzenMunaiGas,\n\"OMG\"", "", "", "12"]]


def test_table_aligns_and_rounds_for_people() -> None:
    lines = render("table").splitlines()
    # name is 19 wide (the folded newline becomes a space), numbers right-aligned
    assert lines == [
        "id    name                    score  tags   n",
        "----  -------------------  --------  ----  --",
        "roza  Roza | Tuletaeva     0.123457  a; b   3",
        "omg   ÖzenMunaiGas, \"OMG\"                  12",
    ]


def test_markdown_escapes_pipes() -> None:
    lines = render("markdown").splitlines()
    assert lines[0] == "| id | name | score | tags | n |"
    assert lines[1] == "| --- | --- | ---: | --- | ---: |"
    assert lines[2] == "| roza | Roza \\| Tuletaeva | 0.123457 | a; b | 3 |"
    assert lines[3] == "| omg | ÖzenMunaiGas, \"OMG\" |  |  | 12 |"


def test_empty_rows_and_unknown_format() -> None:
    assert render("table", [], ["a", "b"]) == "a  b\n-  -\n"
    assert json.loads(render("json", [], ["a"])) == []
    with pytest.raises(UsageError):
        render("yaml")
