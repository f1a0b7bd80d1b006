"""``graphkit export`` through the real CLI (click's runner, and a real pipe)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
from click.testing import CliRunner
from export_support import node_reader, strict_xml, write_hostile_case

from conftest import invoke
from graphkit.analyse import annotate
from graphkit.export.graphml import write_graphml


def test_stdout_is_the_same_bytes_as_out(case: Path, tmp_path: Path, runner: CliRunner) -> None:
    for fmt in ("graphml", "gexf", "json"):
        piped = invoke(runner, "export", "--data", str(case), "--format", fmt)
        assert piped.exit_code == 0, piped.stderr
        assert piped.stderr == ""                     # quiet by default
        target = tmp_path / f"graph.{fmt}"
        written = invoke(runner, "export", "--data", str(case), "--format", fmt,
                         "--out", str(target))
        assert written.exit_code == 0 and written.stdout == "" and written.stderr == ""
        assert piped.stdout_bytes == target.read_bytes()


def test_output_matches_the_library_with_metrics(case: Path, tmp_path: Path,
                                                 runner: CliRunner) -> None:
    from export_support import load_graph_from

    write_graphml(annotate(load_graph_from(case), seed=7), tmp_path / "lib.graphml")
    result = invoke(runner, "export", "--data", str(case), "--seed", "7",
                    "--out", str(tmp_path / "cli.graphml"))
    assert result.exit_code == 0
    assert (tmp_path / "cli.graphml").read_bytes() == (tmp_path / "lib.graphml").read_bytes()
    bare = invoke(runner, "export", "--data", str(case), "--no-metrics")
    assert b"pagerank" not in bare.stdout_bytes and b"pagerank" in \
        (tmp_path / "cli.graphml").read_bytes()


def test_filters_select_what_is_exported(tmp_path: Path, runner: CliRunner) -> None:
    data = write_hostile_case(tmp_path / "data")
    out = tmp_path / "opposes.gexf"
    result = invoke(runner, "export", "--data", str(data), "--format", "gexf",
                    "--relation", "opposes,criticizes", "--since", "2011", "--until", "2011",
                    "--out", str(out))
    assert result.exit_code == 0, result.stderr
    read = nx.read_gexf(out, version="1.3")
    assert sorted(d["id"] for _, _, d in read.edges(data=True)) == ["p-criticizes",
                                                                    "p-opposes-1"]
    assert sorted(read.nodes) == ["h-cyrillic", "h-emoji"]


def test_csv_needs_a_folder_and_writes_two_files(case: Path, tmp_path: Path,
                                                 runner: CliRunner) -> None:
    missing = invoke(runner, "export", "--data", str(case), "--format", "csv")
    assert missing.exit_code == 2 and "--out" in missing.stderr and missing.stdout == ""
    result = invoke(runner, "export", "--data", str(case), "--format", "csv", "--out",
                    str(tmp_path / "tables"), "-v")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["edges.csv", "nodes.csv"]
    assert "wrote" in result.stderr and result.stdout == ""
    edges = node_reader("csv", tmp_path / "tables" / "nodes.csv",
                        tmp_path / "tables" / "edges.csv")["edges"]
    assert len(edges) == 5
    wrong = invoke(runner, "export", "--data", str(case), "--format", "gexf", "--raw-csv")
    assert wrong.exit_code == 2 and "--raw-csv" in wrong.stderr


def test_out_folder_gets_the_default_name(case: Path, tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "out").mkdir()
    result = invoke(runner, "export", "--data", str(case), "--format", "gexf",
                    "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    strict_xml(tmp_path / "out" / "graph.gexf")


def test_invalid_data_writes_nothing(tmp_path: Path, runner: CliRunner) -> None:
    from conftest import write_case

    data = write_case(tmp_path / "data", edges="- source: nobody\n  target: acme-oil\n"
                      "  relation: owns\n  evidence: [{source: report-2012}]\n")
    target = tmp_path / "graph.graphml"
    target.write_text("earlier output", encoding="utf-8")
    result = invoke(runner, "export", "--data", str(data), "--out", str(target))
    assert result.exit_code == 1
    assert "unknown-entity" in result.stderr and "edges.yaml:1" in result.stderr
    assert target.read_text(encoding="utf-8") == "earlier output"


def test_real_pipe_into_another_program(case: Path) -> None:
    producer = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "export", "--data", str(case), "--format", "json",
         "--no-metrics"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    consumer = subprocess.run(
        [sys.executable, "-c", "import json,sys; d=json.load(sys.stdin); "
         "print(len(d['nodes']), len(d['links']))"],
        stdin=producer.stdout, capture_output=True, text=True, timeout=120)
    producer.stdout.close()
    assert producer.wait(timeout=120) == 0, producer.stderr.read()
    assert consumer.stdout.split() == ["5", "5"]
