"""The YAML writer: whatever the text, graphkit's reader (and PyYAML's) read back the same."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from export_support import HOSTILE_NAMES
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.validate import typed_value
from graphkit.yamlsource import read_yaml_file, read_yaml_text
from graphkit.yamlwrite import Typed, dump_documents, scalar, write_documents

# Every character a Python string can hold and UTF-8 can encode (no lone surrogates).
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
TRICKY = ["", " ", "NO", "no", "Yes", "off", "~", "null", "Null", "7", "007", "-7", "+7",
          "1e3", "1.5", ".5", "1.", "0x1F", "0o17", "1_000", "2011", "2011-12", "2011-12-16",
          "true", "True", "=1+1", "@x", "- item", "a: b", "a #b", "#c", "[x]", "{y}", "*z",
          "&a", "!tag", "!!python/object:os.system", "%YAML", "|", ">", "'q'", '"dq"',
          "`b`", "a\nb", "a\r\nb", "\rx", "\tx", "x\t", " lead", "trail ", "\x00\x07\x1b",
          "\x7f\x85\x9f", "\u2028\u2029", "\ufeffbom", "\ufffe\uffff", "\u202eevil",
          "\U000e0001tag", "…", "Жанаөзен", "🛢️ oil", "a\\b", "a\\nb", "---", "...",
          "<script>alert(1)</script>", "https://x.org/a?b=c#d", "a, b", "a:b", "a: b",
          "a:", "no#1", "a #1", "x|y>z", "a,b", "50%", "x!", "it's", '5" gun', "x" * 40_000]


def read_back(text: str) -> tuple[object, bool]:
    result = read_yaml_text(f"- k: {text}\n", "t.yaml")
    assert not result.issues, result.issues
    item = result.value[0]
    return item["k"], item.mark_of("k").plain


def read_back_in_a_list(value: str) -> list[object]:
    """``value`` written as an item of a flow list, between two others."""
    text = f"- k: [a, {scalar(value, flow=True)}, b]\n"
    result = read_yaml_text(text, "t.yaml")
    assert not result.issues, result.issues
    assert yaml.safe_load(text)[0]["k"] == ["a", value, "b"]
    return list(result.value[0]["k"])


@pytest.mark.parametrize("value", TRICKY + [raw for raw, _ in HOSTILE_NAMES.values()])
def test_tricky_strings_read_back_as_the_same_text(value: str) -> None:
    written = scalar(value)
    assert "\n" not in written and "\r" not in written
    got, plain = read_back(written)
    assert got == value
    assert not plain or typed_value(got) == got      # never typed by graphkit
    assert yaml.safe_load(f"k: {written}")["k"] == value   # nor by standard YAML 1.1
    assert read_back_in_a_list(value) == ["a", value, "b"]


@settings(max_examples=500, deadline=None)
@given(ANY_TEXT)
def test_any_text_reads_back_as_the_same_text(value: str) -> None:
    got, plain = read_back(scalar(value))
    assert got == value
    assert not plain or isinstance(typed_value(got), str)
    assert yaml.safe_load(f"k: {scalar(value)}")["k"] == value
    assert read_back_in_a_list(value) == ["a", value, "b"]


def test_plain_where_unambiguous_quoted_elsewhere() -> None:
    assert scalar("Roza Tuletaeva") == "Roza Tuletaeva"
    assert scalar("Zhanaozen City Court (Aktau)") == "Zhanaozen City Court (Aktau)"
    assert scalar("Жанаөзен") == "Жанаөзен"
    assert scalar("NO") == '"NO"' and scalar("7") == '"7"' and scalar("1e3") == '"1e3"'
    assert scalar("Over twenty men, one armed.") == "Over twenty men, one armed."
    assert scalar("a, b", flow=True) == '"a, b"' and scalar("https://x.org") == "https://x.org"
    assert scalar("\u202eevil") == '"\\u202Eevil"'


def test_typed_values_are_written_as_they_were_and_read_typed() -> None:
    for text, value in (("7", 7), ("007", 7), ("-2.5", -2.5), ("1e3", 1000.0),
                        ("true", True), ("1e999", float("inf"))):
        got, plain = read_back(scalar(Typed(text)))
        assert plain and typed_value(got) == value and type(typed_value(got)) is type(value)
    for text in ("seven", "NO", " 7", "7\n"):
        with pytest.raises(ValueError):
            Typed(text)


def test_documents_read_back_item_by_item(tmp_path: Path) -> None:
    items = [
        {"id": "a", "name": "=HYPERLINK(\"x\")", "aliases": ["NO", "a, b", "[x]"],
         "description": "line one\nline two\r\n\ttab", "country": "NO", "empty": None,
         "nothing": []},
        {"source": "a", "target": "b", "relation": "member_of",
         "attributes": {"years": Typed("7"), "text": "7", "flag": Typed("true"), "true": "x"},
         "evidence": [{"source": "s", "lines": [49, "51-53"], "note": "- a dash"},
                      {"source": "t"}]},
    ]
    path = tmp_path / "out.yaml"
    write_documents(path, items, header="Written by a test.\nSecond line.")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Written by a test.\n# Second line.\n\n- id: a\n")
    result = read_yaml_file(path)
    assert not result.issues
    first, second = result.value
    assert first["name"] == items[0]["name"] and first["country"] == "NO"
    assert list(first["aliases"]) == ["NO", "a, b", "[x]"]
    assert first["description"] == "line one\nline two\r\n\ttab"
    assert "empty" not in first and "nothing" not in first
    attributes = second["attributes"]
    assert attributes.mark_of("years").plain and attributes["years"] == "7"
    assert not attributes.mark_of("text").plain and attributes["text"] == "7"
    assert attributes["true"] == "x"
    assert [dict(e) for e in second["evidence"]] == [
        {"source": "s", "lines": ["49", "51-53"], "note": "- a dash"}, {"source": "t"}]
    assert yaml.safe_load(text)[1]["attributes"] == {"years": 7, "text": "7", "flag": True,
                                                      "true": "x"}


def test_an_empty_list_is_written_as_an_empty_list() -> None:
    assert "".join(dump_documents([])) == "[]\n"
    assert read_yaml_text("".join(dump_documents([], header="h")), "t").value == []


def test_question_mark_before_a_comma_in_a_flow_list() -> None:
    """Found by hypothesis: ``[a, 0?, b]`` does not parse; such values are quoted."""
    assert scalar("0?", flow=True) != "0?"
    assert yaml.safe_load(f"k: [a, {scalar('0?', flow=True)}, b]") == {"k": ["a", "0?", "b"]}
