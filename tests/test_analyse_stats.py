"""Statistics and the Markdown report on the hand-made case of test_analyse_paths.

Expected figures, worked out by hand from its edge list: 9 actors, 11 claims, 9 ties;
components {roza, natalia, marat, court, union, omg, kmg} and {vadim, strike}; density
9/36; diameter 3 (marat to kmg); dates from 2008 (roza employed) to 2012-09 (appeal).
Betweenness by pair counting (normalised by (n-1)(n-2)/2 = 28): roza 7.5, omg 17/3,
natalia 2.5, court 2/3, union 2/3.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_analyse_paths import small_case

from graphkit import GraphFilter, build_graph, load_dataset
from graphkit.analyse import annotate
from graphkit.analyse.report import render_report
from graphkit.analyse.stats import graph_stats
from graphkit.cli import main


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return small_case(tmp_path / "data")


@pytest.fixture
def graph(data: Path):
    return build_graph(load_dataset(data))


@pytest.mark.parametrize("engine", ["igraph", "networkx"])
def test_figures_checked_by_hand(graph, engine: str) -> None:
    stats = graph_stats(graph, engine=engine)
    assert (stats.actors, stats.claims, stats.ties) == (9, 11, 9)
    assert (stats.components, stats.largest_component, stats.isolated) == (2, 7, 0)
    assert stats.density == pytest.approx(0.25)
    assert stats.diameter == 3
    assert (stats.first_date, stats.last_date, stats.undated_claims) == ("2008", "2012-09", 7)
    # vocabulary order, as the legend shows it
    assert stats.by_type == {"person": 4, "company": 2, "union": 1, "court": 1, "event": 1}
    assert stats.by_relation == {"member_of": 2, "employed_by": 2, "subsidiary_of": 1,
                                 "family_of": 1, "sentenced": 3, "criticizes": 1,
                                 "reported_on": 1}
    assert stats.by_status == {"confirmed": 10, "alleged": 1}
    assert [(b["id"], round(b["score"] * 28, 6)) for b in stats.top_brokers] == [
        ("roza-tuletaeva", 7.5), ("ozenmunaigas", round(17 / 3, 6)),
        ("natalia-sokolova", 2.5), ("city-court", round(2 / 3, 6)),
        ("oil-union", round(2 / 3, 6))]


def test_filtered_stats(data: Path) -> None:
    graph = build_graph(load_dataset(data), GraphFilter(relations=("sentenced",)))
    stats = graph_stats(graph)
    assert (stats.actors, stats.claims, stats.ties, stats.components) == (3, 3, 2, 1)
    assert stats.by_relation == {"sentenced": 3}
    assert stats.filter  # the filter is described, so a reader knows what was counted
    assert [b["id"] for b in stats.top_brokers] == ["city-court"]


def test_cli_stats_formats(data: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--data", str(data), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["diameter"] == 3 and found["ties"] == 9
    assert found["by_status"] == {"confirmed": 10, "alleged": 1}
    table = CliRunner().invoke(main, ["stats", "--data", str(data)]).stdout.splitlines()
    assert table[0].split() == ["section", "key", "value"]
    cells = [row.split() for row in table]
    assert ["graph", "density", "0.25"] in cells
    assert ["broker", "roza-tuletaeva", "0.267857"] in cells  # 7.5 / 28
    csv = CliRunner().invoke(main, ["stats", "--data", str(data), "--format", "csv"]).stdout
    assert "relation,sentenced,3\n" in csv


def test_report_reads_on_its_own(graph) -> None:
    from graphkit.render import markdown_text

    text = render_report(graph)
    title = markdown_text(graph.graph["name"])  # the name as Markdown text: _ escaped
    assert text.startswith(f"# {title}: network report\n\nWhole case, no filter.")
    assert "| actors | 9 |" in text and "| diameter of the largest component (steps) | 3 |" in text
    assert "| sentenced | sentenced | 3 |" in text
    for heading in ("### Degree", "### In-degree", "### Out-degree", "### Betweenness",
                    "### Closeness", "### Eigenvector", "### PageRank", "## Communities"):
        assert heading in text
    # the broker table: Roza first with 7.5/28
    brokers = text.split("### Betweenness")[1].split("###")[0]
    assert "| 1 | Roza Tuletaeva | person | 0.267857 |" in brokers
    assert "documentation effort" in text  # says why claims are not weights
    assert "seed 42" in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_report_is_deterministic_and_reuses_annotations(graph) -> None:
    plain = render_report(graph)
    assert render_report(graph) == plain
    annotated = annotate(graph, seed=42)
    assert render_report(annotated) == plain
    # an annotated graph's stored communities are what the report describes
    other = annotate(graph, seed=5)
    assert "seed 5" in render_report(other)


def test_cli_report_writes_a_file(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["report", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(out / "report.md")
    printed = CliRunner().invoke(main, ["report", "--data", str(data)]).stdout
    assert (out / "report.md").read_text(encoding="utf-8") == printed
