"""The cited lines the explorer quotes: exact, numbered, bounded, and only with --archive."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ARCHIVE, DATA, invoke
from graphkit.build import build_graph
from graphkit.export.html import explorer_data
from graphkit.export.quotes import QuoteBudget, cited_quotes
from graphkit.load import load_dataset

DATA_BLOCK = re.compile(r'<script type="application/json" id="gk-data">(.*?)</script>', re.S)


def _edges(graph):
    return list(graph.edges(keys=True, data=True))


def test_cited_lines_are_quoted_exactly_with_their_numbers(case: Path) -> None:
    graph = build_graph(load_dataset(case, use_cache=False))
    data = explorer_data(graph, archive=case.parent / "archive")
    lines = ARCHIVE.splitlines()
    quotes = {e["id"]: [ev.get("quote") for ev in e["evidence"]] for e in data["edges"]}
    member = next(e["id"] for e in data["edges"] if e["relation"] == "member_of")
    assert quotes[member] == [{"lines": [[2, lines[1]], [3, lines[2]]], "cut": False}]
    assert data["quotes"]["quoted"] == 5 and data["quotes"]["left_out"] == 0
    # Without the archive nothing is quoted and the page says nothing about quotations.
    plain = explorer_data(graph)
    assert plain["quotes"] is None
    assert all("quote" not in ev for e in plain["edges"] for ev in e["evidence"])


def test_quotations_are_bounded_per_citation_and_in_all(case: Path, tmp_path: Path) -> None:
    graph = build_graph(load_dataset(case, use_cache=False))
    sources = graph.graph["sources"]
    small = QuoteBudget(max_lines=1, max_chars=20, max_total=30)
    quotes = cited_quotes(_edges(graph), sources, case.parent / "archive", small)
    kept = [q for q in quotes.values() if "lines" in q]
    assert all(len(q["lines"]) == 1 and len(q["lines"][0][1]) <= 21 for q in kept)
    assert any(q["cut"] for q in kept)
    assert small.spent <= 30 + 20 and small.left_out == sum(1 for q in quotes.values() if q.get("left_out"))
    assert small.left_out > 0


def test_a_missing_archived_text_gives_no_quote(case: Path, tmp_path: Path) -> None:
    graph = build_graph(load_dataset(case, use_cache=False))
    budget = QuoteBudget()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cited_quotes(_edges(graph), graph.graph["sources"], empty, budget) == {}
    assert budget.missing == 5


def test_default_page_stays_under_two_megabytes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    result = invoke(CliRunner(), "build", "--data", str(DATA), "--out", str(tmp_path), "--only", "html")
    assert result.exit_code == 0, result.output
    page = tmp_path / "graph.html"
    assert page.stat().st_size < 2_000_000
    data = json.loads(DATA_BLOCK.search(page.read_text(encoding="utf-8")).group(1))
    graph = build_graph(load_dataset(DATA))
    assert data["quotes"] is None and len(data["nodes"]) == graph.number_of_nodes()
