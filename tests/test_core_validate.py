"""Each class of data error, from a real YAML folder through the real CLI.

Every case asserts the code, the file and line it points at, and the exit code, since
those are what a researcher fixing the file relies on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EDGES, ENTITIES, SOURCES, invoke, write_case

EVIDENCE = "  evidence: [{source: report-2012, lines: [1]}]\n"


def one_edge(body: str) -> str:
    return body + ("" if "evidence" in body else EVIDENCE)


NEXT = ENTITIES.count("\n") + 1  # the line of an entity appended to ENTITIES

# (name, which file, replacement text, expected code, expected line)
CASES = [
    ("unknown target with suggestion", "edges.yaml",
     one_edge("- source: city-court\n  target: roza-tuletaev\n  relation: sentenced\n"),
     "unknown-entity", 2, "did you mean 'roza-tuletaeva'?"),
    ("unknown relation", "edges.yaml",
     one_edge("- source: city-court\n  target: roza-tuletaeva\n  relation: sentenced_to\n"),
     "unknown-relation", 3, "did you mean 'sentenced'?"),
    ("unknown source in evidence", "edges.yaml",
     "- source: city-court\n  target: roza-tuletaeva\n  relation: sentenced\n"
     "  evidence: [{source: report-2013, lines: [1]}]\n",
     "unknown-source", 4, "did you mean 'report-2012'?"),
    ("evidence missing", "edges.yaml",
     "- source: city-court\n  target: roza-tuletaeva\n  relation: sentenced\n",
     "missing-evidence", 1, "evidence"),
    ("bad date", "edges.yaml",
     one_edge("- source: city-court\n  target: roza-tuletaeva\n  relation: sentenced\n"
              "  date: 2012-13-01\n"), "bad-date", 4, "YYYY"),
    ("bad status", "edges.yaml",
     one_edge("- source: city-court\n  target: roza-tuletaeva\n  relation: sentenced\n"
              "  status: rumoured\n"), "unknown-status", 4, "alleged"),
    ("endpoint type", "edges.yaml",
     one_edge("- source: roza-tuletaeva\n  target: acme-oil\n  relation: family_of\n"),
     "endpoint-type", 2, "allowed: person"),
    ("unknown field", "edges.yaml",
     one_edge("- source: city-court\n  target: roza-tuletaeva\n  relation: sentenced\n"
              "  stauts: alleged\n"), "unknown-field", 4, "did you mean 'status'?"),
    ("mapping where a list is expected", "edges.yaml",
     "source: city-court\n", "wrong-shape", 1, "- "),
    ("nested value where a scalar is expected", "edges.yaml",
     one_edge("- source: city-court\n  target: {id: roza-tuletaeva}\n  relation: sentenced\n"),
     "wrong-shape", 2, "one value"),
    ("bad evidence lines", "edges.yaml",
     "- source: city-court\n  target: roza-tuletaeva\n  relation: sentenced\n"
     "  evidence: [{source: report-2012, lines: [0, \"5-3\"]}]\n", "bad-lines", 4, "range"),
    ("duplicate entity id", "entities.yaml",
     ENTITIES + "- id: acme-oil\n  name: Acme Two\n  type: company\n", "duplicate-id", NEXT,
     "merge"),
    ("unknown type", "entities.yaml",
     ENTITIES + "- id: x-person\n  name: X\n  type: persn\n", "unknown-type", NEXT + 2,
     "did you mean 'person'?"),
    ("missing name", "entities.yaml", ENTITIES + "- id: x-person\n  type: person\n",
     "missing-field", NEXT, "name"),
    ("bad id", "entities.yaml", ENTITIES + "- id: X Person\n  name: X\n  type: person\n",
     "bad-id", NEXT, "x-person"),
    ("bad country", "entities.yaml",
     ENTITIES + "- id: x-person\n  name: X\n  type: person\n  country: Norway\n",
     "bad-country", NEXT + 3, "KZ"),
    ("missing title", "sources.yaml", "- id: report-2012\n  author: A\n", "missing-field", 1,
     "title"),
    ("duplicate key", "sources.yaml", SOURCES + "  title: Again\n", "duplicate-key", 7, "keep one"),
    ("yaml syntax", "entities.yaml", "- id: a\n  name: [unclosed\n", "yaml-syntax", 3, ""),
]


@pytest.mark.parametrize("name,file,text,code,line,hint", CASES, ids=[c[0] for c in CASES])
def test_error_is_reported_with_place_and_exit_1(tmp_path: Path, runner, name, file, text, code,
                                                  line, hint) -> None:
    texts = {"sources.yaml": SOURCES, "entities.yaml": ENTITIES, "edges.yaml": EDGES}
    texts[file] = text
    folder = write_case(tmp_path / "data", texts["sources.yaml"], texts["entities.yaml"],
                        texts["edges.yaml"])
    result = invoke(runner, "validate", "--data", str(folder))
    assert result.exit_code == 1, result.output
    path = str(folder / file)
    matching = [row for row in result.stdout.splitlines() if f"[{code}]" in row]
    assert matching, result.stdout
    assert any(row.startswith(f"{path}:{line}:") or row.startswith(f"{path}:{line} ")
               for row in matching), matching
    assert hint in "\n".join(matching)
    assert "Traceback" not in result.output


def test_all_problems_reported_at_once_sorted(tmp_path: Path, runner) -> None:
    edges = ("- source: nobody\n  target: roza-tuletaeva\n  relation: sentenced\n" + EVIDENCE
             + "- source: city-court\n  target: roza-tuletaeva\n  relation: jailed\n" + EVIDENCE)
    entities = ENTITIES + "- id: x\n  name: X\n  type: alien\n"
    folder = write_case(tmp_path / "data", entities=entities, edges=edges)
    result = invoke(runner, "validate", "--data", str(folder), "--format", "json")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert [i["type"] for i in issues] == ["unknown-entity", "unknown-relation", "unknown-type"]
    assert [i["line"] for i in issues] == [1, 7, NEXT + 2]
    assert all({"type", "loc", "msg", "file", "line", "column", "hint"} <= set(i) for i in issues)


def test_valid_folder_exits_0_with_summary(case: Path, runner) -> None:
    result = invoke(runner, "validate", "--data", str(case))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "valid" in result.stderr and "5 claims" in result.stderr


def test_missing_folder_and_file(tmp_path: Path, runner) -> None:
    result = invoke(runner, "validate", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 1 and "does not exist" in result.stdout
    folder = write_case(tmp_path / "data", edges=None)
    result = invoke(runner, "validate", "--data", str(folder))
    assert result.exit_code == 1 and "[missing-file]" in result.stdout


def test_empty_files_are_a_valid_empty_case(tmp_path: Path, runner) -> None:
    folder = write_case(tmp_path / "data", "", "[]\n", "")
    assert invoke(runner, "validate", "--data", str(folder)).exit_code == 0


def test_usage_error_exits_2(runner) -> None:
    result = invoke(runner, "validate", "--format", "xml")
    assert result.exit_code == 2


def test_archive_check_warns_then_strict_fails(case: Path, runner) -> None:
    archive = case.parent / "archive"
    ok = invoke(runner, "validate", "--data", str(case), "--archive", str(archive), "--strict")
    assert ok.exit_code == 0, ok.stdout
    text = (archive / "report.txt").read_text(encoding="utf-8")
    (archive / "report.txt").write_text(text.replace("Roza Tuletaeva to", "her to"),
                                        encoding="utf-8")
    warned = invoke(runner, "validate", "--data", str(case), "--archive", str(archive))
    assert warned.exit_code == 0
    assert "warning [archive-mention]" in warned.stdout and "Roza Tuletaeva" in warned.stdout
    strict = invoke(runner, "validate", "--data", str(case), "--archive", str(archive), "--strict")
    assert strict.exit_code == 1 and "error [archive-mention]" in strict.stdout


def test_archive_line_out_of_range(case: Path, runner) -> None:
    edges = (case / "edges.yaml").read_text(encoding="utf-8").replace("lines: [4]", "lines: [40]")
    (case / "edges.yaml").write_text(edges, encoding="utf-8")
    result = invoke(runner, "validate", "--data", str(case), "--archive",
                    str(case.parent / "archive"), "--strict")
    assert result.exit_code == 1
    assert "[archive-line] line(s) 40 do not exist: 'report-2012' has 4 lines" in result.stdout


def test_data_vocabulary_extends_default(tmp_path: Path, runner) -> None:
    vocabulary = "relations:\n  bribed:\n    label: bribed\n    inverse: bribed by\n"
    edges = "- source: acme-oil\n  target: city-court\n  relation: bribed\n" + EVIDENCE
    folder = write_case(tmp_path / "data", edges=edges, vocabulary=vocabulary)
    assert invoke(runner, "validate", "--data", str(folder)).exit_code == 0
    bad = write_case(tmp_path / "bad", edges=edges,
                     vocabulary="relations:\n  bribed: {colour: red}\n")
    result = invoke(runner, "validate", "--data", str(bad))
    assert result.exit_code == 1
    assert "vocabulary.yaml:2" in result.stdout and "unknown field 'colour'" in result.stdout


def test_debug_shows_traceback_only_when_asked(tmp_path: Path, runner) -> None:
    folder = write_case(tmp_path / "data", edges="- [unclosed\n")
    plain = invoke(runner, "build", "--data", str(folder), "--out", str(tmp_path / "out"))
    assert plain.exit_code == 1 and "Traceback" not in plain.output
    assert "[yaml-syntax]" in plain.stderr


@pytest.mark.parametrize("names,text,expected", [
    (("Roza Tuletaeva", ()), "Tuletaeva was jailed.", True),            # a distinctive word
    (("Zhanaozen City Court", ()), "the court sat in Aktau", False),     # only a common word
    (("Kazakh courts", ()), "the Kazakh courts ruled", True),             # all-common name, whole
    (("Kazakh courts", ()), "Kazakh workers", False),                     # ... but not in part
    (("Government of Kazakhstan", ("Kazakh authorities",)), "the authorities said", True),
    (("Ozenmunaigaz", ("OzenMounaÃ¯Gaz",)), "the company “OzenMounaÃ¯Gaz”", True),
])
def test_archive_mention_rule(names, text, expected) -> None:
    from graphkit.archive import mentions
    from graphkit.model import Entity
    from graphkit.text import fold_words

    entity = Entity(id="x", name=names[0], type="person", aliases=tuple(names[1]))
    assert mentions(entity, fold_words(text)) is expected
