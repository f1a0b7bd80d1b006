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


def test_a_table_for_a_terminal_is_cut_to_its_width_and_says_so() -> None:
    rows = [{"id": "a", "score": 0.5, "evidence": "x" * 300, "title": "Short"},
            {"id": "b", "score": 0.25, "evidence": "y" * 40, "title": "t" * 90}]
    out = io.StringIO()
    assert emit(rows, ["id", "score", "evidence", "title"], "table", out, width=80) is True
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" in lines[2] and lines[2].startswith("a  ") and "0.5" in lines[2]
    whole = io.StringIO()
    assert emit(rows, ["id", "score", "evidence", "title"], "table", whole) is False
    assert "x" * 300 in whole.getvalue()  # no width: whole cells


def test_the_cli_cuts_tables_only_for_a_terminal(tmp_path) -> None:
    """A real pty gets lines of its width and a note on stderr; a pipe gets whole cells."""
    import os
    import pty
    import subprocess
    import sys

    from conftest import DATA, drain

    env = dict(os.environ, GRAPHKIT_NO_CACHE="1", COLUMNS="100")
    command = [sys.executable, "-m", "graphkit", "sources", "--data", str(DATA)]
    controller, terminal = pty.openpty()
    try:
        shown = subprocess.run(command, stdout=terminal, stderr=subprocess.PIPE, text=True,
                               env=env, timeout=120, check=False)
        os.close(terminal)
        printed = drain(controller)
    finally:
        os.close(controller)
    assert shown.returncode == 0, shown.stderr
    lines = printed.decode("utf-8").replace("\r\n", "\n").splitlines()
    table = lines[:lines.index("")] if "" in lines else lines  # the summary follows it
    assert len(table) > 3 and max(len(line) for line in table) <= 100
    assert "long cells cut to fit 100 columns" in shown.stderr
    piped = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120,
                           check=False)
    assert max(len(line) for line in piped.stdout.splitlines()) > 100
    assert "cut" not in piped.stderr
