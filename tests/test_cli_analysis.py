"""The analysis commands as a user meets them: help, formats, filters, progress, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_analyse_paths import EDGES, ENTITIES, SOURCES, small_case

from conftest import write_case
from graphkit.cli import main

COMMANDS = ["centrality", "path", "neighbors", "communities", "stats", "report"]


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def data(tmp_path: Path) -> str:
    return str(small_case(tmp_path / "data"))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "--data" in result.stdout
    assert "--relation" in result.stdout and "--since" in result.stdout
    assert command in cli("--help").stdout


def test_centrality_table_and_markdown(data: str) -> None:
    table = cli("centrality", "--data", data, "--top", "3").stdout.splitlines()
    # degree: Roza has 4 of 8 possible ties; ÖzenMunaiGas and the others follow by id
    assert table == [
        "rank  id                name              type     score",
        "----  ----------------  ----------------  -------  -----",
        "   1  roza-tuletaeva    Roza Tuletaeva    person     0.5",
        "   2  natalia-sokolova  Natalia Sokolova  person   0.375",
        "   3  ozenmunaigas      ÖzenMunaiGas      company  0.375",
    ]
    markdown = cli("centrality", "--data", data, "--top", "1", "--format", "markdown").stdout
    assert markdown == ("| rank | id | name | type | score |\n| ---: | --- | --- | --- | ---: |\n"
                        "| 1 | roza-tuletaeva | Roza Tuletaeva | person | 0.5 |\n")


def test_centrality_respects_filters_and_direction(data: str) -> None:
    rows = json.loads(cli("centrality", "--data", data, "--relation", "sentenced",
                          "--metric", "out-degree", "--format", "json").stdout)
    # only the court's three sentences remain: 3 actors, the court points at 2 of them
    assert [(r["id"], r["score"]) for r in rows] == [
        ("city-court", 1.0), ("natalia-sokolova", 0.0), ("roza-tuletaeva", 0.0)]
    dated = json.loads(cli("centrality", "--data", data, "--since", "2012", "--dated-only",
                           "--top", "0", "--format", "json").stdout)
    assert {r["id"] for r in dated} == {"city-court", "roza-tuletaeva", "natalia-sokolova"}


def test_progress_on_stderr_only_when_asked(data: str) -> None:
    quiet = cli("centrality", "--data", data, "--metric", "betweenness", "--format", "csv")
    assert quiet.stderr == ""
    loud = cli("centrality", "--data", data, "--metric", "betweenness", "--format", "csv", "-v")
    assert "graphkit: betweenness 100% (9/9," in loud.stderr
    assert loud.stdout == quiet.stdout


def test_unknown_and_ambiguous_names(tmp_path: Path) -> None:
    entities = ENTITIES + "- id: oil-union-2\n  name: Oil Union\n  type: union\n"
    folder = str(write_case(tmp_path / "d", sources=SOURCES, entities=entities, edges=EDGES))
    result = cli("neighbors", "Oil_Union", "--data", folder)
    assert result.exit_code == 2 and result.stdout == ""  # a usage error: the data is fine
    assert "'Oil_Union' is ambiguous" in result.stderr
    # the id oil-union and the name "Oil Union" both read "oil union" word by word
    assert ("Closest matches: Oil Union (oil-union-2), Oil Workers Union (oil-union)"
            in result.stderr)
    # an exact spelling is never ambiguous
    assert cli("neighbors", "oil union", "--data", folder).exit_code == 0
    mojibake = cli("neighbors", "Ã–zenMunaiGas", "--data", folder, "--format", "json")
    assert json.loads(mojibake.stdout)["center"] == "ozenmunaigas"


def test_usage_errors_exit_2(data: str) -> None:
    assert cli("centrality", "--data", data, "--metric", "katz").exit_code == 2
    assert cli("neighbors", "roza-tuletaeva", "--depth", "0", "--data", data).exit_code == 2
    result = cli("centrality", "--data", data, "--relation", "no_such_relation")
    assert result.exit_code == 2 and "unknown relation" in result.stderr


def test_invalid_data_is_reported_not_raised(tmp_path: Path) -> None:
    folder = str(write_case(tmp_path / "bad", sources=SOURCES, entities=ENTITIES,
                            edges=EDGES.replace("relation: sentenced", "relation: sentencd",
                                                1)))
    result = cli("stats", "--data", folder)
    assert result.exit_code == 1 and result.stdout == ""
    assert "edges.yaml:" in result.stderr and "sentencd" in result.stderr


def test_real_process_and_pipe(data: str) -> None:
    """The installed entry point, its output read through a pipe as a script would."""
    done = subprocess.run([sys.executable, "-m", "graphkit", "centrality", "--data", data,
                           "--metric", "pagerank", "--format", "csv"],
                          capture_output=True, text=True, check=True, encoding="utf-8")
    lines = done.stdout.splitlines()
    assert lines[0] == "rank,id,name,type,score" and len(lines) == 10
    assert sum(float(line.rsplit(",", 1)[1]) for line in lines[1:]) == pytest.approx(1.0)
    assert done.stderr == ""


def test_rank_type_ranks_within_the_whole_network(data: str) -> None:
    """--rank-type keeps the whole graph and ranks some actors; --type drops the rest."""
    everyone = {r["id"]: r["score"] for r in json.loads(cli(
        "centrality", "--data", data, "--metric", "betweenness", "--top", "0",
        "--format", "json").stdout)}
    people = json.loads(cli("centrality", "--data", data, "--metric", "betweenness",
                            "--rank-type", "person", "--top", "0", "--format", "json").stdout)
    assert people and {r["type"] for r in people} == {"person"}
    assert all(r["score"] == everyone[r["id"]] for r in people)
    assert [r["rank"] for r in people] == list(range(1, len(people) + 1))
    among = {r["id"]: r["score"] for r in json.loads(cli(
        "centrality", "--data", data, "--metric", "betweenness", "--type", "person",
        "--top", "0", "--format", "json").stdout)}
    assert among != {r["id"]: r["score"] for r in people}
    bad = cli("centrality", "--data", data, "--rank-type", "persn")
    assert bad.exit_code == 2 and "unknown type 'persn'" in bad.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_no_cache_is_honoured_by_every_analysis_command(command: str, data: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(cache))
    args = {"path": ["roza-tuletaeva", "natalia-sokolova"],
            "neighbors": ["roza-tuletaeva"]}.get(command, [])
    assert cli(command, *args, "--data", data, "--no-cache").exit_code == 0
    assert not cache.exists() or not any(cache.iterdir())
    assert cli(command, *args, "--data", data).exit_code == 0
    assert any(cache.iterdir())


def test_competing_claims_print_what_tells_them_apart(tmp_path: Path) -> None:
    """Two death tolls between the same actors: path and neighbors show each one's count and
    who claims it, in every format, not two identical lines."""
    sources = "- id: s\n  title: A report\n"
    entities = ("- id: police\n  name: Police\n  type: state_body\n"
                "- id: victims\n  name: Victims\n  type: organization\n"
                "- id: ministry\n  name: Ministry\n  type: state_body\n"
                "- id: monitors\n  name: Monitors\n  type: ngo\n")
    edges = ("- source: police\n  target: victims\n  relation: killed\n  date: 2011-12-16\n"
             "  status: disputed\n  claimed_by: [ministry]\n  attributes: {count: 11}\n"
             "  evidence: [{source: s, lines: [1]}]\n"
             "- source: police\n  target: victims\n  relation: killed\n  date: 2011-12-16\n"
             "  status: disputed\n  claimed_by: [monitors]\n  attributes: {count: dozens}\n"
             "  evidence: [{source: s, lines: [2]}]\n")
    folder = str(write_case(tmp_path / "d", sources=sources, entities=entities, edges=edges))
    text = cli("neighbors", "police", "--data", folder)
    assert text.exit_code == 0, text.output
    assert "(2011-12-16, disputed; count: 11)" in text.stdout
    assert "(2011-12-16, disputed; count: dozens)" in text.stdout
    assert "claimed by: Ministry" in text.stdout and "claimed by: Monitors" in text.stdout
    claims = json.loads(cli("neighbors", "police", "--data", folder, "--format", "json").stdout)["claims"]
    assert sorted((str(c["attributes"]["count"]), c["claimed_by"][0]) for c in claims) == [
        ("11", "ministry"), ("dozens", "monitors")]
    csv_out = cli("neighbors", "police", "--data", folder, "--format", "csv").stdout
    assert "count: 11" in csv_out and "Monitors" in csv_out
    path = cli("path", "police", "victims", "--data", folder)
    assert "disputed; count: 11)" in path.stdout and "disputed; count: dozens)" in path.stdout
    steps = json.loads(cli("path", "police", "victims", "--data", folder, "--format", "json")
                       .stdout)[0]["steps"]
    assert sorted(str(c["attributes"]["count"]) for c in steps[0]["claims"]) == ["11", "dozens"]
    table = cli("path", "police", "victims", "--data", folder, "--format", "csv").stdout
    assert "count: dozens" in table and "Ministry" in table


def test_an_actor_the_filter_left_out_is_said_so_not_unknown(data: str) -> None:
    """Filtered away is no typo: exit 1 (no answer in this view), naming the filter."""
    from graphkit.build import build_graph
    from graphkit.load import load_dataset

    graph = build_graph(load_dataset(data))
    actor, kind = next((n, d["type"]) for n, d in graph.nodes(data=True) if d["type"] != "person")
    other = next(n for n, d in graph.nodes(data=True) if d["type"] == "person")
    for args in (("neighbors", actor), ("path", other, actor)):
        result = cli(*args, "--data", data, "--type", "person")
        assert result.exit_code == 1, result.output
        assert "is in the data but left out by the filter (types: person" in result.stderr
        assert f"({kind}, {actor})" in result.stderr
    typo = cli("neighbors", "no-such-actor-at-all", "--data", data, "--type", "person")
    assert typo.exit_code == 2 and "no actor called" in typo.stderr
