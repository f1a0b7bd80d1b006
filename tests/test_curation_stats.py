"""`graphkit stats` and the report: the share of associated_with and of dated acts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ENTITIES, SOURCES, invoke, write_case


def claim(source: str, target: str, relation: str, extra: str = "") -> str:
    return (f"- source: {source}\n  target: {target}\n  relation: {relation}\n{extra}"
            "  evidence: [{source: report-2012, lines: [1]}]\n")


# 5 claims: 1 associated_with; acts are sentenced (dated), criticizes (undated) and
# participated_in (a start only, which dates it); member_of and associated_with are ties
EDGES = (claim("city-court", "roza-tuletaeva", "sentenced", "  date: 2012-06-04\n")
         + claim("acme-oil", "oil-union", "criticizes")
         + claim("roza-tuletaeva", "strike-2011", "participated_in", "  start: 2011-05\n")
         + claim("roza-tuletaeva", "oil-union", "member_of")
         + claim("acme-oil", "city-court", "associated_with"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_case(tmp_path / "data", SOURCES, ENTITIES, EDGES)


def test_stats_json_adds_the_curation_keys(folder: Path, runner) -> None:
    result = invoke(runner, "stats", "--data", str(folder), "--format", "json")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert (found["associated_with_share"], found["acts"], found["acts_dated"],
            found["acts_dated_share"]) == (0.2, 3, 2, 2 / 3)
    # the keys that were there before are all still there
    assert {"actors", "claims", "ties", "by_relation", "undated_claims", "top_brokers",
            "diameter_exact"} <= set(found)
    assert found["undated_claims"] == 3


def test_stats_table_and_csv_show_them(folder: Path, runner) -> None:
    table = invoke(runner, "stats", "--data", str(folder)).stdout
    cells = [row.split() for row in table.splitlines()]
    assert ["curation", "associated_with_share", "0.2"] in cells
    assert ["curation", "acts", "3"] in cells and ["curation", "acts_dated", "2"] in cells
    assert ["curation", "acts_dated_share", "0.666667"] in cells
    csv = invoke(runner, "stats", "--data", str(folder), "--format", "csv").stdout
    assert "curation,acts_dated_share,0.6666666666666666\n" in csv


def test_kind_is_read_from_the_data_vocabulary(tmp_path: Path, runner) -> None:
    folder = write_case(tmp_path / "data", SOURCES, ENTITIES, EDGES,
                        "relations:\n  criticizes: {kind: tie}\n")
    found = json.loads(invoke(runner, "stats", "--data", str(folder), "--format",
                              "json").stdout)
    assert (found["acts"], found["acts_dated"], found["acts_dated_share"]) == (2, 2, 1.0)


def test_filters_apply(folder: Path, runner) -> None:
    found = json.loads(invoke(runner, "stats", "--data", str(folder), "--relation",
                              "member_of", "--format", "json").stdout)
    assert (found["associated_with_share"], found["acts"], found["acts_dated_share"]) == (
        0.0, 0, None)


def test_report_states_figures_and_targets(folder: Path, runner) -> None:
    text = invoke(runner, "report", "--data", str(folder)).stdout
    section = text.split("## Curation\n\n")[1].split("\n## ")[0]
    assert "| claims that only say associated_with | 20.0% (1 of 5) | at most 5% |" in section
    assert "| acts that are dated | 66.7% (2 of 3) | at least 75% |" in section
    assert "standing tie" in section
