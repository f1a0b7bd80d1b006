"""Hostile values on their way out (issue #19, items 5, 9, 11, 12, 13): terminals,
spreadsheets, Markdown, messages, numbers, the explorer's page and lint --fix.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from conftest import ENTITIES, SOURCES, invoke, write_case
from graphkit import build_graph, load_dataset

CORPUS = Path(__file__).parent / "hostile"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and line feed

ESCAPE = "\\e]0;TITLE\\a\\e[2J\\e]52;c;cm0gLXJmIH4K\\a\\x9b31m"  # as written in YAML


def hostile_names(tmp_path: Path) -> Path:
    """A case whose names carry OSC, CSI and C1 sequences, markup and formulas."""
    entities = ENTITIES.replace("name: Acme Oil", f'name: "=HYPERLINK(\\"x\\")Acme{ESCAPE}"')
    entities = entities.replace("name: Oil Workers Union",
                                'name: "<img src=x onerror=alert(1)> [link](javascript:x)"')
    entities = entities.replace("name: Roza Tuletaeva", 'name: "=1+1 Roza"')
    folder = write_case(tmp_path / "data", entities=entities.replace(
        "  aliases: [AcmeOil, Acmé Oil]\n", ""))
    (folder / "README.md").write_text("# </title><script>alert(1)</script> case\n",
                                      encoding="utf-8")
    return folder


# ------------------------------------------------------------- 9. terminal escapes


def test_escape_sequences_in_a_key_reach_no_terminal(runner) -> None:
    """The corpus case: OSC title, clear screen, OSC 52 clipboard and a C1 CSI in a key."""
    for fmt in ("text", "json"):
        result = invoke(runner, "validate", "--data", str(CORPUS / "terminal-escapes"),
                        "--format", fmt)
        assert result.exit_code == 1
        assert not RAW_CONTROL.search(result.stdout + result.stderr)
    assert "unknown field '\\u001b]0;TITLE\\u0007" in result.stdout  # JSON: still valid
    json.loads(result.stdout)
    text = invoke(runner, "validate", "--data", str(CORPUS / "terminal-escapes")).stdout
    assert "'\\u001b]0;TITLE\\u0007" in text and "\\u009b31m' in an entity" in text


@pytest.mark.parametrize("args", [
    ("validate",), ("lint",), ("centrality", "--format", "csv"),
    ("path", "=1+1 Roza", "city-court"), ("neighbors", "city-court"),
    ("communities", "--members"), ("report",), ("export", "--format", "json"),
])
def test_no_command_prints_a_raw_control_character(tmp_path: Path, args: tuple) -> None:
    """Real subprocesses on a pseudo-terminal and in a pipe: every print path is escaped."""
    import pty

    folder = hostile_names(tmp_path)
    command = [sys.executable, "-m", "graphkit", *args, "--data", str(folder)]
    env = dict(os.environ, GRAPHKIT_NO_CACHE="1")
    piped = subprocess.run(command, capture_output=True, timeout=120, env=env, check=False)
    assert piped.returncode in (0, 1), piped.stderr
    assert b"Traceback" not in piped.stderr
    for stream in (piped.stdout, piped.stderr):
        assert not RAW_CONTROL.search(stream.decode("utf-8")), stream[:2000]
    primary, secondary = pty.openpty()  # stdout and stderr both on a terminal
    process = subprocess.Popen(command, stdout=secondary, stderr=secondary, env=env)
    os.close(secondary)
    shown = b""
    while True:  # read while it runs: a full terminal buffer would stop it
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    process.wait(timeout=120)
    assert process.returncode in (0, 1)
    text = shown.decode("utf-8").replace("\r\n", "\n")
    assert "\x1b]" not in text and "\x07" not in text and "\x9b" not in text


def test_progress_line_escapes_the_folder_name(tmp_path: Path) -> None:
    from graphkit.cli.progress import ProgressLine

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    line = ProgressLine(stream=stream)
    line("load")
    line.advance("reading \x1b]0;x\x07/edges.yaml", 10, 10)
    line.close()
    assert "\\u001b]0;x\\u0007" in stream.getvalue()
    assert stream.getvalue().count("\x1b") == stream.getvalue().count("\x1b[2K")


# ----------------------------------------------------------- 11. formulas in CSV


@pytest.mark.parametrize("args,column", [
    (("centrality", "--format", "csv"), "name"),
    (("neighbors", "city-court", "--depth", "2", "--format", "csv"), "other"),
    (("path", "=1+1 Roza", "Oil Workers", "--format", "csv"), "from"),
])
def test_query_csv_cells_are_guarded_against_formulas(tmp_path: Path, runner, args,
                                                      column: str) -> None:
    entities = ENTITIES.replace("name: Roza Tuletaeva", 'name: "=1+1 Roza"').replace(
        "name: Acme Oil", 'name: "=HYPERLINK(\\"http://x\\")"').replace(
        "name: Oil Workers Union", 'name: "@Oil Workers"')
    folder = write_case(tmp_path / "data", entities=entities.replace(
        "  aliases: [AcmeOil, Acmé Oil]\n", ""))
    result = invoke(runner, *args, "--data", str(folder))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    cells = [value for row in rows for value in row.values() if value]
    assert cells and not any(c.startswith(("=", "+", "@")) for c in cells), cells
    assert any(c.startswith("'=") or c.startswith("'@") for c in cells)
    scores = [row["score"] for row in rows if "score" in row]
    assert all(not s.startswith("'") for s in scores)  # numbers never prefixed


# ------------------------------------------------------------- 12. report.md


def test_report_escapes_names_and_the_title(tmp_path: Path) -> None:
    folder = hostile_names(tmp_path)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "graphkit", "build", "--data", str(folder),
                             "--out", str(out)], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, GRAPHKIT_NO_CACHE="1"), check=False)
    assert result.returncode == 0, result.stderr
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "<" not in report and ">" not in report and "](" not in report.replace("\\](", "")
    assert report.startswith("# &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; case: "
                             "network report\n")
    assert "&lt;img src=x onerror=alert(1)&gt; \\[link\\](javascript:x)" in report


def test_many_singletons_give_a_bounded_report() -> None:
    """20,000 isolated actors (the issue had a million: 1,000,165 lines before the fix)."""
    from graphkit.analyse.report import MAX_COMMUNITIES, render_report

    graph = nx.MultiDiGraph(name="many")
    graph.add_nodes_from((f"a{i}", {"label": f"A {i}", "type": "person"})
                         for i in range(20_000))
    graph.add_edge("a0", "a1", key="c1", relation="associated_with", status="confirmed")
    text = render_report(graph)
    assert len(text.splitlines()) < 250
    assert (f"And {19_999 - MAX_COMMUNITIES:,} more communities ({19_999 - MAX_COMMUNITIES:,} "
            "actors; the largest of them has 1, the smallest 1)") in text


# --------------------------------------------------------- 5. alias byte budget


def test_aliases_of_a_long_string_are_bounded_in_characters(tmp_path: Path, runner) -> None:
    big = "x" * 1_000_000
    edges = "- source: city-court\n  target: roza-tuletaeva\n  relation: sentenced\n" \
            f"  attributes: {{note: &big {big}}}\n" \
            "  evidence: [{source: report-2012, lines: [1]}]\n"
    for _ in range(99):
        edges += ("- source: city-court\n  target: roza-tuletaeva\n  relation: sentenced\n"
                  "  attributes: {note: *big}\n  evidence: [{source: report-2012, lines: [1]}]\n")
    folder = write_case(tmp_path / "data", edges=edges)
    assert (folder / "edges.yaml").stat().st_size < 2_100_000
    result = invoke(runner, "validate", "--data", str(folder))
    assert result.exit_code == 1
    assert "error [yaml-limit] aliases expand to more than 4,000,000 characters" in result.stdout
    small = write_case(tmp_path / "small", edges=edges.replace(big, "seven years")[:2000]
                       .rsplit("- source", 1)[0])
    assert invoke(runner, "validate", "--data", str(small)).exit_code == 0


# ------------------------------------------------------------ 13. the smaller ones


def test_a_one_megabyte_value_is_quoted_in_short(tmp_path: Path, runner) -> None:
    name = "Ж" * 1_000_000
    edges = f"- source: {name}\n  target: city-court\n  relation: sentenced\n" \
            "  evidence: [{source: report-2012, lines: [1]}]\n"
    folder = write_case(tmp_path / "data", edges=edges)
    result = invoke(runner, "validate", "--data", str(folder))
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert len(line) < 600 and "characters left out)…" in line
    assert line.endswith("' is not an entity — use an entity id, name or alias")


def test_non_ascii_digits_stay_text_and_are_no_date(tmp_path: Path, runner) -> None:
    folder = write_case(tmp_path / "d", edges=(
        "- source: city-court\n  target: roza-tuletaeva\n  relation: sentenced\n"
        "  attributes: {years: ٧, real: 7}\n"
        "  evidence: [{source: report-2012, lines: [1]}]\n"))
    graph = build_graph(load_dataset(folder))
    (attributes,) = [d["attributes"] for _u, _v, d in graph.edges(data=True)]
    assert attributes == {"years": "٧", "real": 7}
    folder = write_case(tmp_path / "dates", sources=SOURCES.replace("2012-12", "٢٠١٢-١٢"))
    result = invoke(runner, "validate", "--data", str(folder))
    assert result.exit_code == 1 and "[bad-date]" in result.stdout


def test_control_characters_in_attribute_values_are_warned_about(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "d", edges=(
        "- source: city-court\n  target: roza-tuletaeva\n  relation: sentenced\n"
        '  attributes: {court: "Aktau\\x07 \\e[31mcourt"}\n'
        "  evidence: [{source: report-2012, lines: [1]}]\n"))
    dataset = load_dataset(folder)
    assert dataset.claims[0].attributes == {"court": "Aktau [31mcourt"}
    assert [(i.code, i.severity, i.line) for i in dataset.warnings] == [
        ("control-character", "warning", 4)]


def test_integers_beyond_64_bits_are_never_written_as_long(tmp_path: Path) -> None:
    """Validation refuses them; a graph built by hand gets a text column instead."""
    from lxml import etree

    from graphkit.export.graphml import write_graphml

    graph = nx.MultiDiGraph()
    graph.add_node("a", label="A", big=10**100, fits=2**40)
    write_graphml(graph, tmp_path / "g.graphml")
    keys = {k.get("attr.name"): k.get("attr.type") for k in
            etree.parse(str(tmp_path / "g.graphml")).iter("{*}key")}
    assert keys["big"] == "string" and keys["fits"] == "long"


def test_page_data_cuts_a_million_character_name(tmp_path: Path) -> None:
    from graphkit.export.html import PAGE_TEXT_LIMIT, explorer_data

    name = "Ж" * 1_000_000
    folder = write_case(tmp_path / "d", entities=ENTITIES.replace("name: Acme Oil",
                                                                  f"name: {name}"))
    graph = build_graph(load_dataset(folder))
    assert graph.nodes["acme-oil"]["label"] == name  # the graph and the exports: whole
    data = explorer_data(graph)
    (node,) = [n for n in data["nodes"] if n["id"] == "acme-oil"]
    assert len(node["label"]) <= PAGE_TEXT_LIMIT and "characters left out" in node["label"]


def test_lint_fix_keeps_a_symlinked_data_file_a_symlink(tmp_path: Path, runner) -> None:
    entities = ENTITIES + "- id: acme-oil-2\n  name: Acme  Oil\n  type: company\n"
    folder = write_case(tmp_path / "d", entities=entities)
    (folder / "entities.yaml").rename(folder / "actors.yaml")
    (folder / "entities.yaml").symlink_to("actors.yaml")
    result = invoke(runner, "lint", "--data", str(folder), "--fix")
    assert "merged 'acme-oil-2' into 'acme-oil'" in result.stderr, result.output
    assert (folder / "entities.yaml").is_symlink()
    assert "acme-oil-2" not in (folder / "actors.yaml").read_text(encoding="utf-8")
