"""The hostile corpus: one data folder per hazard, each with its exact expected outcome.

Each folder under ``tests/hostile/`` holds the three data files (some broken on purpose)
and ``expect.yaml``: the exit code of ``graphkit validate`` and the exact list of issues
(code, file, line, severity) it must report, nothing more and nothing less.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from conftest import invoke
from graphkit import build_graph, load_dataset

CORPUS = Path(__file__).parent / "hostile"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expect.yaml").exists())


def expectation(name: str) -> dict:
    return yaml.safe_load((CORPUS / name / "expect.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CASES)
def test_validate_reports_exactly_the_expected_issues(name: str, runner, monkeypatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # anything a payload might create would land here
    expect = expectation(name)
    result = invoke(runner, "validate", "--data", str(CORPUS / name), "--format", "json")
    assert result.exit_code == expect["exit"], result.output
    assert "Traceback" not in result.output
    found = [(i["type"], Path(i["file"]).name, i["line"], i["severity"])
             for i in json.loads(result.stdout)]
    wanted = [(i["code"], i["file"], i["line"], i.get("severity", "error"))
              for i in expect["issues"]]
    assert found == wanted
    assert list(tmp_path.iterdir()) == []  # e.g. the python-tags payload never ran


@pytest.mark.parametrize("name", [c for c in CASES if expectation(c)["exit"] == 0])
def test_valid_hostile_folders_build_a_faithful_graph(name: str) -> None:
    expect = expectation(name)
    graph = build_graph(load_dataset(CORPUS / name))
    assert graph.number_of_nodes() == expect["nodes"]
    assert graph.number_of_edges() == expect["edges"]
    for node, values in (expect.get("values") or {}).items():
        for key, value in values.items():
            assert graph.nodes[node][key] == value


@pytest.mark.parametrize("name", [c for c in CASES if expectation(c)["exit"] == 0])
def test_valid_hostile_folders_build_every_output(name: str, runner, tmp_path: Path) -> None:
    from lxml import etree

    out = tmp_path / "out"
    result = invoke(runner, "build", "--data", str(CORPUS / name), "--out", str(out))
    assert result.exit_code == 0, result.output
    written = sorted(Path(line).name for line in result.stdout.splitlines())
    assert written == ["edges.csv", "graph.gexf", "graph.graphml", "graph.html", "graph.json",
                       "nodes.csv", "report.md"]
    strict = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    for xml in ("graph.graphml", "graph.gexf"):
        etree.parse(str(out / xml), strict)  # raises on any malformed byte
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page and "<img src=x" not in page


def test_markup_survives_as_text() -> None:
    graph = build_graph(load_dataset(CORPUS / "markup-everywhere"))
    assert graph.nodes["h0"]["label"] == "</script><script>window.__pwned=1</script>"
    assert graph.nodes["h4"]["label"] == "\u202eevil\u202c \u200f"
    assert graph.graph["sources"]["src"]["url"] == "javascript:alert(1)"


def test_enormous_string_is_carried_whole(tmp_path: Path) -> None:
    from conftest import write_case

    name = "Ж" * 1_000_000
    folder = write_case(tmp_path / "d", entities=f"- id: big\n  name: {name}\n  type: person\n",
                        edges="")
    graph = build_graph(load_dataset(folder))
    assert graph.nodes["big"]["label"] == name


def test_file_over_the_size_limit_is_refused_without_reading(tmp_path: Path, runner) -> None:
    from conftest import write_case

    folder = write_case(tmp_path / "d")
    with open(folder / "edges.yaml", "ab") as handle:  # sparse: costs no disk or time
        handle.truncate(257 * 1024 * 1024)
    result = invoke(runner, "validate", "--data", str(folder))
    assert result.exit_code == 1
    assert "[file-too-large]" in result.stdout and "split the file" in result.stdout


def test_stat_of_every_data_file_unchanged_by_build(case: Path, runner, tmp_path: Path) -> None:
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in case.iterdir()}
    result = invoke(runner, "build", "--data", str(case), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in case.iterdir()}
    assert before == after


def test_control_characters_escaped_are_stripped() -> None:
    graph = build_graph(load_dataset(CORPUS / "control-characters-escaped"))
    assert graph.nodes["alpha"]["label"] == "Alpha"
    assert not any(ord(ch) < 32 for ch in graph.nodes["alpha"]["label"])


def test_deep_nesting_limit_is_documented() -> None:
    text = (Path(__file__).parent.parent / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert "nested at most 64 levels" in text and "100,000 values" in text
    assert os.path.exists(CORPUS / "deep-nesting" / "edges.yaml")
