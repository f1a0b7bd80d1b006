"""Validation that points at the real cause: indentation, relations read backwards, an
empty entities.yaml. Real folders through the real CLI, checking code, place and hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EDGES, ENTITIES, SOURCES, invoke, write_case

EVIDENCE = "  evidence: [{source: report-2012, lines: [1]}]\n"
NEXT = ENTITIES.count("\n") + 1  # the line of an entity appended to ENTITIES


def issues(runner, folder: Path) -> list[dict]:
    result = invoke(runner, "validate", "--data", str(folder), "--format", "json")
    assert "Traceback" not in result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("text,line,hint", [
    # a key indented deeper than its siblings: YAML reads it as more of the value above
    (ENTITIES + "- id: x\n  name: X\n    type: person\n", NEXT + 2,
     f"'type:' is indented deeper than 'name:' on line {NEXT + 1} (column 5, not 3)"),
    (ENTITIES + "- id: x\n   name: X\n  type: person\n", NEXT + 1,
     f"'name:' is indented deeper than 'id:' on line {NEXT} (column 4, not 3)"),
    (ENTITIES + "- id: x\n  aliases: [X, Ex]\n      type: person\n", NEXT + 2,
     "'type:' is indented deeper than 'aliases:'"),
    (ENTITIES + "- id: x\n  name: X  # the name\n\n    type: person\n", NEXT + 3,
     "'type:' is indented deeper than 'name:'"),
    # and one indented less than its siblings
    (ENTITIES + "- id: x\n  name: X\n type: person\n", NEXT + 2,
     f"'type:' is indented less deep than 'name:' on line {NEXT + 1} (column 2, not 3)"),
])
def test_misaligned_key_gets_an_indentation_hint(tmp_path: Path, runner, text: str, line: int,
                                                  hint: str) -> None:
    folder = write_case(tmp_path / "data", SOURCES, text, EDGES)
    [issue] = issues(runner, folder)
    assert (issue["type"], issue["line"]) == ("yaml-syntax", line)
    assert hint in issue["hint"] and "quoted" not in issue["hint"]


@pytest.mark.parametrize("text", [
    ENTITIES + "- id: x\n  name: X: the second\n  type: person\n",
    # returning to an enclosing key's column is right; the colon is the fault
    EDGES + "- source: acme-oil\n  evidence:\n    - source: report-2012\n      note: hi\n"
            "  relation: see: this\n",
    # a block scalar's lines are text, and a key may follow it
    ENTITIES + "- id: x\n  description: |\n    text: here\n  name: X: Y\n",
])
def test_a_colon_in_a_value_still_asks_for_quotes(tmp_path: Path, runner, text: str) -> None:
    entities, edges = (text, EDGES) if text.startswith(ENTITIES) else (ENTITIES, text)
    folder = write_case(tmp_path / "data", SOURCES, entities, edges)
    [issue] = issues(runner, folder)
    assert issue["type"] == "yaml-syntax"
    assert issue["hint"] == "a value containing ': ' must be quoted"


@pytest.mark.parametrize("relation,hint", [
    ("owned_by", "did you mean 'owns' with source and target swapped? "
                 "('B owned by A' is written 'A owns B'"),
    ("ownd_by", "did you mean 'owns' with source and target swapped?"),
    ("sentenced by", "did you mean 'sentenced' with source and target swapped?"),
    ("Sentenced_By", "did you mean 'sentenced' with source and target swapped?"),
    ("employs", "did you mean 'employed_by' with source and target swapped?"),
    ("sentenced_to", "did you mean 'sentenced'? (`graphkit vocab` lists every relation)"),
    ("demanded", "did you mean 'demanded_from'?"),
    ("photosynthesised", "add it to vocabulary.yaml, or use one in force (`graphkit vocab` lists every "
                         "relation)"),
])
def test_unknown_relation_hints(tmp_path: Path, runner, relation: str, hint: str) -> None:
    edges = (f"- source: city-court\n  target: roza-tuletaeva\n  relation: {relation}\n"
             + EVIDENCE)
    folder = write_case(tmp_path / "data", SOURCES, ENTITIES, edges)
    [issue] = issues(runner, folder)
    assert (issue["type"], issue["line"]) == ("unknown-relation", 3)
    assert hint in issue["hint"]


def test_inverse_labels_of_a_data_vocabulary_are_read_too(tmp_path: Path, runner) -> None:
    vocabulary = ("relations:\n  extorted: {label: extorted, inverse: paid protection to, "
                  "directed: true}\n")
    edges = ("- source: city-court\n  target: acme-oil\n  relation: paid_protection_to\n"
             + EVIDENCE)
    folder = write_case(tmp_path / "data", SOURCES, ENTITIES, edges, vocabulary)
    [issue] = issues(runner, folder)
    assert "did you mean 'extorted' with source and target swapped?" in issue["hint"]


def test_unknown_type_points_at_vocab(tmp_path: Path, runner) -> None:
    folder = write_case(tmp_path / "data", SOURCES,
                        ENTITIES + "- id: x\n  name: X\n  type: persn\n", EDGES)
    [issue] = issues(runner, folder)
    assert issue["type"] == "unknown-type"
    assert issue["hint"] == "did you mean 'person'? (`graphkit vocab` lists every type)"


@pytest.mark.parametrize("entities", ["", "[]\n", "# nobody yet\n"])
def test_empty_entities_file_is_said_once(tmp_path: Path, runner, entities: str) -> None:
    folder = write_case(tmp_path / "data", SOURCES, entities, EDGES)
    result = invoke(runner, "validate", "--data", str(folder))
    assert result.exit_code == 1
    rows = result.stdout.splitlines()
    assert len(rows) == 1 and "[unknown-entity]" not in result.stdout
    assert rows[0].startswith(f"{folder / 'entities.yaml'}: error [no-entities] ")
    assert ("entities.yaml: it holds no entities, so the 11 reference(s) of edges.yaml to "
            "6 actor(s) ('city-court', 'Roza Tuletayeva', 'roza-tuletaeva', 'acme-oil', "
            "'oil-union', ...) name nothing — add the actors to entities.yaml") in rows[0]


def test_empty_entities_and_claims_are_an_empty_case(tmp_path: Path, runner) -> None:
    folder = write_case(tmp_path / "data", SOURCES, "", "")
    assert issues(runner, folder) == []


def test_entities_that_all_fail_say_why_once_more(tmp_path: Path, runner) -> None:
    folder = write_case(tmp_path / "data", SOURCES,
                        "- id: a\n  name: A\n  type: alien\n", EDGES)
    found = issues(runner, folder)
    assert [i["type"] for i in found] == ["no-entities", "unknown-type"]
    assert "none of its 1 item(s) is a valid entity (see its errors)" in found[0]["msg"]
