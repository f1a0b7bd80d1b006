"""``graphkit import``: real workbooks and CSV folders, written to tmp_path, through the CLI.

Workbooks are written here with openpyxl the way a spreadsheet saves them (date cells
with number formats, formulas, error values), CSV files with the csv module; what
lands is read back by the project's own loader.
"""

from __future__ import annotations

import csv
import datetime as dt
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import STORIES, invoke, write_case
from graphkit.load import load_dataset
from graphkit.validate import typed_value

ACTORS = [
    ["name", "type", "aliases", "description", "country"],
    ["Roza Tuletaeva", "person", "Roza Tuletayeva; Tuletaeva", "Strike spokesperson.", "KZ"],
    ["Zhanaozen City Court", "court", None, None, "KZ"],
    ["Acme Oil", "company", "AcmeOil", "+7 701 000 0000", "NO"],
    ["Oil Workers Union", "union", None, None, None],
    ["Жаңаөзен", "place", None, None, "KZ"],
]
CLAIMS = [
    ["from", "to", "relation", "date", "status", "claimed by", "source", "lines", "note",
     "years", "role"],
    ["Zhanaozen City Court", "Roza Tuletayeva", "sentenced", "2012-06", "confirmed", None,
     "A report on the strike", "1", "Sentenced to seven years.", 7, "7"],
    ["roza tuletaeva", "Acme Oil", "employed_by", "2011", None, None, "report-2012", "2-3",
     None, None, None],
    ["Acme Oil", "Oil Workers Union", "criticizes", "2011-11", "alleged", "Oil Workers Union",
     "report-2012", "3", None, None, None],
    ["Acme Oil", "Жаңаөзен", "located_in", None, None, None, "report-2012", "4, 6-7", None,
     None, None],
]
SOURCES = [
    ["id", "title", "author", "date"],
    ["report-2012", "A report on the strike", "Jane Doe", "2012-12"],
]


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write an .xlsx as a spreadsheet would (openpyxl, normal mode)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def csv_cell(value: object) -> object:
    """A cell as the CSV layout writes it: text that would read as a number gets ``'``."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(typed_value(value), str):
        return "'" + value
    return value


def csv_folder(folder: Path, sheets: dict[str, list[list[object]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with open(folder / f"{name.lower()}.csv", "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([[csv_cell(v) for v in r] for r in rows])
    return folder


def case_sheets() -> dict[str, list[list[object]]]:
    return {"Actors": [list(r) for r in ACTORS], "Claims": [list(r) for r in CLAIMS],
            "Sources": [list(r) for r in SOURCES]}


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_a_valid_sheet_becomes_a_data_folder(tmp_path: Path, runner: CliRunner,
                                             form: str) -> None:
    source = (workbook(tmp_path / "case.xlsx", case_sheets()) if form == "xlsx"
              else csv_folder(tmp_path / "sheets", case_sheets()))
    result = invoke(runner, "import", str(source), "--out", str(tmp_path / "data"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""                                   # quiet by default
    assert result.stdout.split() == [str(tmp_path / "data" / n) for n in
                                     ("sources.yaml", "entities.yaml", "edges.yaml")]
    dataset = load_dataset(tmp_path / "data", use_cache=False)
    assert sorted(dataset.entities) == ["acme-oil", "oil-workers-union", "roza-tuletaeva",
                                        "zhanaozen", "zhanaozen-city-court"]
    roza = dataset.entities["roza-tuletaeva"]
    assert roza.aliases == ("Roza Tuletayeva", "Tuletaeva") and roza.country == "KZ"
    assert dataset.entities["acme-oil"].country == "NO"                      # Norway, text
    assert dataset.entities["acme-oil"].description == "+7 701 000 0000"
    claims = {c.id: c for c in dataset.claims}
    sentenced = claims["zhanaozen-city-court.sentenced.roza-tuletaeva"]
    assert sentenced.derived_id and str(sentenced.date) == "2012-06"
    assert sentenced.evidence[0].source == "report-2012"           # named by its title
    assert sentenced.attributes == {"years": 7, "role": "7"}
    assert type(sentenced.attributes["years"]) is int and type(sentenced.attributes["role"]) is str
    criticizes = claims["acme-oil.criticizes.oil-workers-union"]
    assert criticizes.status == "alleged" and criticizes.claimed_by == ("oil-workers-union",)
    assert claims["acme-oil.located_in.zhanaozen"].evidence[0].lines == ((4, 4), (6, 7))
    edges = (tmp_path / "data" / "edges.yaml").read_text(encoding="utf-8")
    assert "target: roza-tuletaeva" in edges and "Tuletayeva" not in edges  # aliases resolved


def test_csv_and_xlsx_of_the_same_sheets_give_the_same_files(tmp_path: Path,
                                                             runner: CliRunner) -> None:
    for form, source in (("x", workbook(tmp_path / "case.xlsx", case_sheets())),
                         ("c", csv_folder(tmp_path / "sheets", case_sheets()))):
        assert invoke(runner, "import", str(source), "--out", str(tmp_path / form)).exit_code == 0
    for name in ("sources.yaml", "entities.yaml", "edges.yaml"):
        assert (tmp_path / "x" / name).read_bytes() == (tmp_path / "c" / name).read_bytes()


def test_ids_are_made_from_names_stable_and_unique(tmp_path: Path, runner: CliRunner) -> None:
    sheets = case_sheets()
    sheets["Actors"] = [["id", "name", "type"],
                        [None, "John Smith", "person"],
                        [None, "JOHN SMITH!", "person"],       # another name, the same slug
                        [None, "John Smith.", "person"],
                        [None, "Жаңаөзен", "place"],
                        ["john-smith-3", "Someone else", "person"],   # an id stated later
                        [None, "¿?", "person"]]
    sheets["Claims"] = [["from", "to", "relation", "source"],
                        ["john-smith", "Someone else", "associated_with", "report-2012"]]
    source = workbook(tmp_path / "case.xlsx", sheets)
    for out in ("one", "two"):
        assert invoke(runner, "import", str(source), "--out", str(tmp_path / out)).exit_code == 0
    assert list(load_dataset(tmp_path / "one", use_cache=False).entities) == [
        "john-smith", "john-smith-2", "john-smith-4", "zhanaozen", "john-smith-3", "actor"]
    assert (tmp_path / "one" / "entities.yaml").read_bytes() == \
        (tmp_path / "two" / "entities.yaml").read_bytes()


def test_errors_point_at_the_cell_with_the_yaml_codes(tmp_path: Path, runner: CliRunner) -> None:
    sheets = case_sheets()
    sheets["Claims"][2][2] = "employd_by"                  # row 3, column C
    sheets["Claims"][3][1] = "Nobody Known"                # row 4, column B
    sheets["Claims"][4][3] = "2011-13"                     # row 5, column D
    sheets["Claims"][1][6] = "no-such-source"              # row 2, column G
    sheets["Actors"].append(["Lone Judge", "persn", None, None, None])      # row 7, column B
    book = workbook(tmp_path / "case.xlsx", sheets)
    folder = csv_folder(tmp_path / "sheets", sheets)
    for source, places in (
            (book, [f"[{book}]Actors!B7", f"[{book}]Claims!G2", f"[{book}]Claims!C3",
                    f"[{book}]Claims!B4", f"[{book}]Claims!D5"]),
            (folder, [f"{folder}/actors.csv:7:type", f"{folder}/claims.csv:2:source",
                      f"{folder}/claims.csv:3:relation", f"{folder}/claims.csv:4:to",
                      f"{folder}/claims.csv:5:date"])):
        result = invoke(runner, "import", str(source), "--out", str(tmp_path / "data"))
        assert result.exit_code == 1 and result.stdout == ""
        lines = result.stderr.splitlines()
        errors = [line for line in lines if ": error [" in line]
        assert [line.split(": error [")[0] for line in errors] == places, result.stderr
        assert "[unknown-type] type 'persn' is not in the vocabulary — did you mean 'person'?" \
            in errors[0]
        sources = "the Sources sheet" if source == book else "sources.csv"
        assert f"[unknown-source] evidence source 'no-such-source' is not in {sources}" \
            in errors[1]
        assert "[unknown-relation] relation 'employd_by' is not in the vocabulary — did you " \
            "mean 'employed_by'?" in errors[2]
        assert "[unknown-entity] target 'Nobody Known' is not an entity" in errors[3]
        assert "[bad-date]" in errors[4] and "format the column as Text" in errors[4]
        assert lines[-1] == "5 error(s), 0 warning(s)"
        assert "Traceback" not in result.stderr
        assert not (tmp_path / "data").exists()                       # nothing written


def test_header_problems_are_found_once_at_the_header(tmp_path: Path, runner: CliRunner) -> None:
    sheets = case_sheets()
    sheets["Claims"][0][4] = "stauts"                       # a typo: not silently an attribute
    sheets["Claims"][0][9] = "years served"                 # not an attribute name
    sheets["Actors"][0] = ["name", "kind", "aliases", "description", "country"]
    sheets["Sources"][0].append("")
    sheets["Sources"][1].append("stray value")
    book = workbook(tmp_path / "case.xlsx", sheets)
    result = invoke(runner, "import", str(book), "--out", str(tmp_path / "data"))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error [" in line]
    assert errors == [
        f"[{book}]Actors!1:1: error [sheet-column] the Actors sheet has no 'type' column — add "
        "a column headed 'type'",
        f"[{book}]Actors!B1: error [unknown-field] unknown column 'kind' — columns: id, name, "
        "type, aliases, description, country, date, start, end, url, sources",
        f"[{book}]Claims!E1: error [unknown-field] unknown column 'stauts' — did you mean "
        "'status'? (to keep it as a claim attribute, head it 'attr_stauts')",
        f"[{book}]Claims!J1: error [sheet-column] column 'years served' is not a valid attribute "
        "name — use letters, digits, _ and -, e.g. 'years_served'",
        f"[{book}]Sources!E2: error [sheet-column] a value in a column without a header — give "
        "the column a header, or clear it",
    ]


def test_formulas_errors_and_times_are_refused_never_computed(tmp_path: Path,
                                                               runner: CliRunner) -> None:
    sheets = case_sheets()
    sheets["Actors"][1][3] = "=CONCATENATE(A2, \" spokesperson\")"
    sheets["Actors"][2][3] = "#N/A"
    sheets["Claims"][1][3] = dt.datetime(2012, 6, 4, 15, 30)
    book = workbook(tmp_path / "case.xlsx", sheets)
    result = invoke(runner, "import", str(book), "--out", str(tmp_path / "data"))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error [" in line]
    assert errors[0].startswith(f"[{book}]Actors!D2: error [sheet-formula] the cell holds a "
                                "formula (=CONCATENATE(A2, \" spokesperson\"))")
    assert "Paste special" in errors[0]
    assert errors[1].startswith(f"[{book}]Actors!D3: error [sheet-value] the cell holds the "
                                "error #N/A")
    assert errors[2].startswith(f"[{book}]Claims!D2: error [sheet-value] the cell holds a date "
                                "with a time of day")


def test_date_cells_keep_the_precision_their_format_shows(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    sheets = case_sheets()
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    claims = book["Claims"]
    for row, (value, number_format) in enumerate(
            [(dt.datetime(2012, 6, 4), "yyyy-mm-dd"), (dt.datetime(2011, 12, 1), "mmm-yy"),
             (dt.datetime(2011, 1, 1), "yyyy"), (2011, "General")], start=2):
        claims.cell(row, 4, value).number_format = number_format
    book.save(tmp_path / "case.xlsx")
    result = invoke(runner, "import", str(tmp_path / "case.xlsx"), "--out", str(tmp_path / "d"))
    assert result.exit_code == 0, result.stderr
    dates = [str(c.date) for c in load_dataset(tmp_path / "d", use_cache=False).claims]
    assert dates == ["2012-06-04", "2011-12", "2011", "2011"]


def test_rows_sharing_a_claim_key_are_one_claim_and_must_agree(tmp_path: Path,
                                                              runner: CliRunner) -> None:
    sheets = case_sheets()
    sheets["Claims"] = [
        ["id", "claim", "from", "to", "relation", "status", "source", "lines", "note"],
        [None, "k1", "Roza Tuletaeva", "Acme Oil", "employed_by", None, "report-2012", "2", "a"],
        [None, "k1", None, None, None, None, "report-2012", "3", "b"],
        ["fixed-id", None, "Acme Oil", "Oil Workers Union", "opposes", "alleged",
         "report-2012", "3", None],
        ["fixed-id", None, "Acme Oil", "Oil Workers Union", "opposes", "alleged",
         "report-2012", "4", None],
        [None, None, "Roza Tuletaeva", "Acme Oil", "employed_by", None, "report-2012", "9",
         None],
    ]
    book = workbook(tmp_path / "case.xlsx", sheets)
    assert invoke(runner, "import", str(book), "--out", str(tmp_path / "d")).exit_code == 0
    claims = load_dataset(tmp_path / "d", use_cache=False).claims
    assert [(c.id, c.derived_id, [e.note for e in c.evidence], [e.lines for e in c.evidence])
            for c in claims] == [
        ("roza-tuletaeva.employed_by.acme-oil", True, ["a", "b"], [((2, 2),), ((3, 3),)]),
        ("fixed-id", False, [None, None], [((3, 3),), ((4, 4),)]),
        ("roza-tuletaeva.employed_by.acme-oil.2", True, [None], [((9, 9),)])]
    sheets["Claims"][4][5] = "confirmed"
    book = workbook(tmp_path / "case.xlsx", sheets)
    result = invoke(runner, "import", str(book), "--out", str(tmp_path / "e"))
    assert result.exit_code == 1
    assert f"[{book}]Claims!F5: error [sheet-conflict] 'status' here differs from row 4 of the " \
        "same claim" in result.stderr


def test_names_resolve_through_aliases_and_ambiguity_is_an_error(tmp_path: Path,
                                                                runner: CliRunner) -> None:
    sheets = case_sheets()
    sheets["Actors"].append(["Roza Tuletaeva (niece)", "person", "Tuletaeva", None, None])
    sheets["Claims"][2][0] = "Tuletaeva"                   # row 3, column A: two actors
    book = workbook(tmp_path / "case.xlsx", sheets)
    result = invoke(runner, "import", str(book), "--out", str(tmp_path / "d"))
    assert result.exit_code == 1
    assert f"[{book}]Claims!A3: error [unknown-entity] source 'Tuletaeva' matches several " \
        "entities: roza-tuletaeva, roza-tuletaeva-niece — use the entity id" in result.stderr
    sheets["Claims"][2][0] = "Roza Tuletaeva"              # a name only one of them has
    book = workbook(tmp_path / "case.xlsx", sheets)
    result = invoke(runner, "import", str(book), "--out", str(tmp_path / "d"), "-v")
    assert result.exit_code == 0, result.stderr
    assert f"[{book}]Actors!" in result.stderr and "warning" in result.stderr   # namesakes


def test_an_existing_case_is_replaced_only_with_force(tmp_path: Path, runner: CliRunner,
                                                      case: Path) -> None:
    before = {p.name: p.read_bytes() for p in case.iterdir()}
    book = workbook(tmp_path / "case.xlsx", case_sheets())
    refused = invoke(runner, "import", str(book), "--out", str(case))
    assert refused.exit_code == 1 and "already holds a case" in refused.stderr
    assert "--force" in refused.stderr and refused.stdout == ""
    assert {p.name: p.read_bytes() for p in case.iterdir()} == before
    forced = invoke(runner, "import", str(book), "--out", str(case), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert sorted(p.name for p in case.iterdir()) == ["edges.yaml", "entities.yaml",
                                                      "sources.yaml"]
    assert "zhanaozen-city-court" in load_dataset(case, use_cache=False).entities


def test_stories_of_the_replaced_case_are_kept_when_they_fit_else_moved_aside(
        tmp_path: Path, runner: CliRunner) -> None:
    # The case's own workbook imported back over it: its stories still fit and stay.
    case = write_case(tmp_path / "data", stories=STORIES)
    exported = invoke(runner, "export", "--data", str(case), "--format", "xlsx", "--out",
                      str(tmp_path / "case.xlsx"))
    assert exported.exit_code == 0, exported.stderr
    again = invoke(runner, "import", str(tmp_path / "case.xlsx"), "--out", str(case), "--force")
    assert again.exit_code == 0, again.stderr
    assert (case / "stories.yaml").read_text(encoding="utf-8") == textwrap.dedent(STORIES)
    assert [s.id for s in load_dataset(case, use_cache=False).stories] == ["tuletaeva"]
    # Another case over it: the stories cite what it lacks; moved aside, never deleted.
    book = workbook(tmp_path / "other.xlsx", case_sheets())
    other = invoke(runner, "import", str(book), "--out", str(case), "--force")
    assert other.exit_code == 0, other.stderr
    assert not (case / "stories.yaml").exists()
    moved = case / "stories.yaml.before-import"
    assert moved.read_text(encoding="utf-8") == textwrap.dedent(STORIES)
    assert str(moved) in other.stderr and "stories" in other.stderr
    assert load_dataset(case, use_cache=False).stories == []


def test_keep_invalid_writes_what_could_be_read_and_still_fails(tmp_path: Path,
                                                                runner: CliRunner) -> None:
    sheets = case_sheets()
    sheets["Claims"][2][2] = "employd_by"
    book = workbook(tmp_path / "case.xlsx", sheets)
    result = invoke(runner, "import", str(book), "--out", str(tmp_path / "d"), "--keep-invalid")
    assert result.exit_code == 1
    assert "[unknown-relation]" in result.stderr and "--keep-invalid" in result.stderr
    assert len(result.stdout.split()) == 3
    check = invoke(runner, "validate", "--data", str(tmp_path / "d"))
    assert check.exit_code == 1
    assert "edges.yaml:" in check.stdout and "[unknown-relation] relation 'employd_by'" in \
        check.stdout


def test_a_vocabulary_beside_the_csv_files_is_used_and_copied(tmp_path: Path,
                                                              runner: CliRunner) -> None:
    sheets = case_sheets()
    sheets["Claims"][2][2] = "smuggled_oil_for"
    folder = csv_folder(tmp_path / "sheets", sheets)
    refused = invoke(runner, "import", str(folder), "--out", str(tmp_path / "a"))
    assert refused.exit_code == 1 and "'smuggled_oil_for' is not in the vocabulary" in refused.stderr
    vocabulary = ("relations:\n  smuggled_oil_for:\n    label: smuggled oil for\n    inverse: was bribed by\n"
                  "    directed: true\n    color: '#aa3333'\n    source_types: [person]\n"
                  "    target_types: [company]\n")
    (folder / "vocabulary.yaml").write_text(vocabulary, encoding="utf-8")
    result = invoke(runner, "import", str(folder), "--out", str(tmp_path / "b"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "b" / "vocabulary.yaml").read_text(encoding="utf-8") == vocabulary
    (folder / "vocabulary.yaml").unlink()
    (tmp_path / "v.yaml").write_text(vocabulary, encoding="utf-8")
    given = invoke(runner, "import", str(folder), "--out", str(tmp_path / "c"),
                   "--vocabulary", str(tmp_path / "v.yaml"))
    assert given.exit_code == 0, given.stderr
    assert "smuggled_oil_for" in {c.relation for c in load_dataset(tmp_path / "c").claims}


@pytest.mark.parametrize("name, content, expected", [
    ("case.xlsx", b"PK\x03\x04 not really a zip", "[unreadable-file] not an .xlsx workbook"),
    ("case.xls", b"\xd0\xcf\x11\xe0", "save it as .xlsx"),
    ("claims.csv", b"from,to\n", "pass the folder holding actors.csv"),
])
def test_files_that_are_no_workbook_are_refused_cleanly(tmp_path: Path, runner: CliRunner,
                                                        name: str, content: bytes,
                                                        expected: str) -> None:
    (tmp_path / name).write_bytes(content)
    result = invoke(runner, "import", str(tmp_path / name), "--out", str(tmp_path / "d"))
    assert result.exit_code == 1 and expected in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "d").exists()


def test_a_missing_sheet_or_file_is_named(tmp_path: Path, runner: CliRunner) -> None:
    sheets = case_sheets()
    sheets["Claim"] = sheets.pop("Claims")
    book = workbook(tmp_path / "case.xlsx", sheets)
    result = invoke(runner, "import", str(book), "--out", str(tmp_path / "d"))
    assert result.exit_code == 1
    assert f"{book}: error [missing-file] the workbook has no 'Claims' sheet — did you mean " \
        "'Claim'?" in result.stderr
    folder = csv_folder(tmp_path / "sheets", case_sheets())
    (folder / "sources.csv").rename(folder / "source.csv")
    result = invoke(runner, "import", str(folder), "--out", str(tmp_path / "d"))
    assert "error [missing-file] sources.csv does not exist — did you mean 'source.csv'?" in \
        result.stderr


def test_xml_entities_in_a_workbook_are_never_expanded(tmp_path: Path,
                                                       runner: CliRunner) -> None:
    """A workbook whose XML declares entities (a billion laughs, or an external file) is
    refused by defusedxml: nothing outside the file is read, nothing blows up."""
    book = workbook(tmp_path / "plain.xlsx", case_sheets())
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(tmp_path / "evil.xlsx", "w") as evil:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                dtd = (f'<!DOCTYPE worksheet [<!ENTITY leak SYSTEM "file://{secret}">'
                       '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
                assert "Roza Tuletaeva" in text
                data = (dtd + text.replace("Roza Tuletaeva", "&leak;&b;")).encode("utf-8")
            evil.writestr(info, data)
    result = invoke(runner, "import", str(tmp_path / "evil.xlsx"), "--out", str(tmp_path / "d"))
    assert result.exit_code == 1
    assert "[unreadable-file] the workbook cannot be read (EntitiesForbidden" in result.stderr
    assert "SECRET" not in result.stderr + result.stdout and not (tmp_path / "d").exists()


def test_csv_that_is_not_utf8_is_named_with_the_fix(tmp_path: Path, runner: CliRunner) -> None:
    folder = csv_folder(tmp_path / "sheets", case_sheets())
    (folder / "actors.csv").write_bytes("name,type\nZhanaözen,place\n".encode("cp1252"))
    result = invoke(runner, "import", str(folder), "--out", str(tmp_path / "d"))
    assert result.exit_code == 1
    assert f"{folder}/actors.csv:2: error [bad-encoding] byte 0xf6 is not valid UTF-8 — save " \
        "it as \"CSV UTF-8\"" in result.stderr


def test_a_csv_file_linked_from_outside_the_folder_is_not_read(tmp_path: Path,
                                                               runner: CliRunner) -> None:
    folder = csv_folder(tmp_path / "sheets", case_sheets())
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("name,type\nSECRET,person\n", encoding="utf-8")
    (folder / "actors.csv").unlink()
    (folder / "actors.csv").symlink_to(outside)
    result = invoke(runner, "import", str(folder), "--out", str(tmp_path / "d"))
    assert result.exit_code == 1 and "SECRET" not in result.stderr
    assert "[unreadable-file] actors.csv is a link to a file outside" in result.stderr
