"""The YAML reader: values stay what was written, every hazard becomes a located issue."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from graphkit.yamlsource import Limits, YList, YMap, read_yaml_bytes, read_yaml_file, read_yaml_text


def codes(result) -> list[str]:
    return [i.code for i in result.issues]


def test_scalars_stay_strings_norway_and_dates() -> None:
    result = read_yaml_text("- country: NO\n  date: 2012-06-04\n  n: 010\n  t: 12:30\n", "f.yaml")
    item = result.value[0]
    assert item == {"country": "NO", "date": "2012-06-04", "n": "010", "t": "12:30"}
    assert result.issues == []


def test_null_values_and_quoted_null() -> None:
    result = read_yaml_text("a: ~\nb:\nc: 'null'\n", "f.yaml")
    assert result.value == {"a": None, "b": None, "c": "null"}


def test_marks_point_at_values() -> None:
    result = read_yaml_text("- id: a\n  name: A\n- id: b\n  aliases: [x, y]\n", "f.yaml")
    doc = result.value
    assert isinstance(doc, YList) and isinstance(doc[1], YMap)
    assert doc.mark_of(1).line == 3
    assert doc[1].mark_of("aliases").line == 4
    assert doc[1]["aliases"].mark_of(1).column == 16


def test_duplicate_key_is_an_error_with_both_lines() -> None:
    result = read_yaml_text("- id: a\n  name: A\n  id: b\n", "f.yaml")
    assert result.value is None
    [issue] = result.issues
    assert (issue.code, issue.line, issue.column) == ("duplicate-key", 3, 3)
    assert "first on line 1" in issue.message


def test_python_tag_is_refused_and_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"- !!python/object/apply:os.system ['touch {marker}']\n"
    result = read_yaml_text(text, "f.yaml")
    assert codes(result) == ["yaml-tag"]
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!custom x", "!!binary aGVsbG8=", "!!set {a, b}"])
def test_other_tags_refused(tag: str) -> None:
    assert codes(read_yaml_text(f"a: {tag}\n", "f.yaml")) == ["yaml-tag"]


def test_standard_str_tag_is_harmless() -> None:
    assert read_yaml_text("a: !!str 5\n", "f.yaml").value == {"a": "5"}


def test_alias_bomb_stops_quickly() -> None:
    rows = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for n, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[n]
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    started = time.perf_counter()
    result = read_yaml_text("\n".join(rows) + "\n", "f.yaml")
    assert time.perf_counter() - started < 5  # a guard against a hang, not a speed goal
    assert codes(result) == ["yaml-limit"]
    assert "alias" in result.issues[0].message


def test_small_aliases_are_fine() -> None:
    result = read_yaml_text("base: &b [x, y]\nother: *b\n", "f.yaml")
    assert result.value == {"base": ["x", "y"], "other": ["x", "y"]}


def test_deep_nesting_is_bounded() -> None:
    result = read_yaml_text("[" * 5000 + "]" * 5000, "f.yaml", Limits(max_depth=64))
    assert codes(result) == ["yaml-limit"]


def test_tab_indentation_named_as_such() -> None:
    result = read_yaml_text("- id: a\n\tname: A\n", "f.yaml")
    assert codes(result) == ["yaml-tab"]
    assert result.issues[0].line == 2


def test_syntax_error_has_place_and_hint() -> None:
    result = read_yaml_text("- id: a\n  note: a: b\n", "f.yaml")
    [issue] = result.issues
    assert (issue.code, issue.line) == ("yaml-syntax", 2)
    assert "quoted" in issue.hint


def test_bom_and_crlf_are_accepted() -> None:
    raw = "\ufeff- id: a\r\n  name: Ä\r\n".encode()
    result = read_yaml_bytes(raw, "f.yaml")
    assert result.issues == [] and result.value == [{"id": "a", "name": "Ä"}]


def test_latin1_file_is_a_clear_encoding_error() -> None:
    raw = "- id: a\n  name: Zhanaözen\n".encode("latin-1")
    [issue] = read_yaml_bytes(raw, "f.yaml").issues
    assert (issue.code, issue.line) == ("bad-encoding", 2)
    assert "Latin-1" in issue.message and "UTF-8" in issue.hint


def test_utf16_file_is_a_clear_encoding_error() -> None:
    raw = "- id: a\n".encode("utf-16")
    assert codes(read_yaml_bytes(raw, "f.yaml")) == ["bad-encoding"]


def test_raw_control_character_is_located() -> None:
    [issue] = read_yaml_text("- id: a\n  name: A\x07B\n", "f.yaml").issues
    assert (issue.code, issue.line, issue.column) == ("control-character", 2, 10)


def test_several_documents_refused() -> None:
    assert codes(read_yaml_text("- a\n---\n- b\n", "f.yaml")) == ["yaml-syntax"]


def test_missing_and_oversized_files(tmp_path: Path) -> None:
    assert codes(read_yaml_file(tmp_path / "nope.yaml")) == ["missing-file"]
    big = tmp_path / "big.yaml"
    big.write_text("- " + "x" * 2000 + "\n", encoding="utf-8")
    assert codes(read_yaml_file(big, limits=Limits(max_bytes=1000))) == ["file-too-large"]


def test_empty_file_is_an_empty_document(tmp_path: Path) -> None:
    empty = tmp_path / "e.yaml"
    empty.write_text("", encoding="utf-8")
    result = read_yaml_file(empty)
    assert result.value is None and result.issues == []
