"""Neo4j export: the CSV files checked against neo4j-admin's documented header format and
read back with Python's csv module (and csv-parse under Node); the LOAD CSV script
checked by Neo4j's own Cypher parser and semantic analysis (@neo4j-cypher/language-support).

No Neo4j server runs in the tests (see docs/exports.md for what that leaves unchecked)."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from export_support import (
    HOSTILE_NAMES,
    clean_name,
    handmade_graph,
    load_graph_from,
    node_reader,
    write_hostile_case,
)

from conftest import DATA, ROOT
from conftest import invoke as run_cli
from graphkit.analyse import annotate
from graphkit.errors import ExportError
from graphkit.export.flatten import evidence_text
from graphkit.export.neo4j import FILES, import_command, write_neo4j

DELIMITER = "\x1f"
#: The header fields neo4j-admin documents (operations manual, "Import header format").
HEADER = re.compile(r"^(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)?:(?P<special>ID|START_ID|END_ID)"
                    r"\((?P<space>Actor|Source)\)|:(?P<field>LABEL|TYPE)|"
                    r"(?P<prop>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<type>string|long|double|boolean"
                    r"|date)(?P<array>\[\])?)?)$")


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        header = next(reader)
        rows = [dict(zip(header, row, strict=True)) for row in reader]
    for field in header:
        assert HEADER.match(field), f"{path.name}: header field {field!r}"
    assert len(set(header)) == len(header)
    return header, rows


def typed(header: list[str], row: dict[str, str]) -> dict[str, Any]:
    """A row as neo4j-admin reads it: each column parsed by its declared type; an empty
    cell is a missing property."""
    values: dict[str, Any] = {}
    for field in header:
        cell = row[field]
        if cell == "":
            continue
        match = HEADER.match(field)
        assert match
        kind = match["type"] or "string"
        if match["array"]:
            values[field] = cell.split(DELIMITER)
        elif kind == "long":
            values[field] = int(cell)
        elif kind == "double":
            values[field] = float(cell)
        elif kind == "boolean":
            assert cell in ("true", "false"), (field, cell)
            values[field] = cell == "true"
        elif kind == "date":
            values[field] = dt.date.fromisoformat(cell)
        else:
            values[field] = cell
    return values


def days(*dates: str | None) -> tuple[dt.date | None, dt.date | None]:
    """First and last day covered by date/start/end, worked out independently."""
    date, start, end = dates

    def first(text: str) -> dt.date:
        parts = [int(p) for p in text.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    def last(text: str) -> dt.date:
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        return dt.date(*parts)

    lo, hi = start or date, end or date
    return (first(lo) if lo else None, last(hi) if hi else None)


def camel(kind: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in kind.split("_"))


def check_folder(graph: nx.MultiDiGraph, folder: Path) -> dict[str, Any]:
    """Everything the files must say about ``graph``; returns the typed rows by file."""
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    a_header, actors = read(folder / "actors.csv")
    s_header, sources = read(folder / "sources.csv")
    c_header, claims = read(folder / "claims.csv")
    assert a_header[:2] == ["id:ID(Actor)", ":LABEL"]
    assert s_header[:2] == ["id:ID(Source)", ":LABEL"]
    assert c_header[:3] == [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE"]
    actors_t = [typed(a_header, r) for r in actors]
    claims_t = [typed(c_header, r) for r in claims]
    sources_t = [typed(s_header, r) for r in sources]

    assert [a["id:ID(Actor)"] for a in actors_t] == sorted(graph.nodes)
    for row in actors_t:
        attrs = graph.nodes[row["id:ID(Actor)"]]
        assert row[":LABEL"].split(DELIMITER) == ["Actor", camel(attrs["type"])]
        assert row["name"] == attrs["label"]
        assert row["type"] == attrs["type"]
        assert row.get("aliases:string[]", []) == attrs["aliases"]
        assert row.get("sources:string[]", []) == attrs["sources"]
        for key in ("description", "country", "date", "start", "end"):
            assert row.get(key) == attrs[key], key
        assert (row.get("first_day:date"), row.get("last_day:date")) == \
            days(attrs["date"], attrs["start"], attrs["end"])
        for metric in ("pagerank", "betweenness", "x", "y"):
            if metric in attrs:
                assert row[f"{metric}:double"] == pytest.approx(attrs[metric], abs=1e-15)
        if "community" in attrs:
            assert row["community:long"] == attrs["community"]

    claim_ids = sorted(k for _, _, k in graph.edges(keys=True))
    assert [c["id"] for c in claims_t] == claim_ids
    actor_ids = {a["id:ID(Actor)"] for a in actors_t}
    for row in claims_t:
        u, v = row[":START_ID(Actor)"], row[":END_ID(Actor)"]
        assert u in actor_ids and v in actor_ids
        attrs = graph.edges[u, v, row["id"]]
        assert row[":TYPE"] == attrs["relation"].upper()
        assert (row["relation"], row["label"], row["directed:boolean"], row["status"]) == \
            (attrs["relation"], attrs["label"], attrs["directed"], attrs["status"])
        assert row.get("claimed_by:string[]", []) == attrs["claimed_by"]
        assert row.get("sources:string[]", []) == attrs["sources"]
        assert row["evidence"] == evidence_text(attrs["evidence"], graph.graph["sources"])
        for key in ("date", "start", "end"):
            assert row.get(key) == attrs[key], key
        assert (row.get("first_day:date"), row.get("last_day:date")) == \
            days(attrs["date"], attrs["start"], attrs["end"])
        attributes = {f: value for f, value in row.items() if f.startswith("attr_")}
        assert sorted(f.split(":")[0] for f in attributes) == \
            sorted(f"attr_{name}" for name in attrs["attributes"])
        for field, value in attributes.items():
            original = attrs["attributes"][field.split(":")[0][5:]]
            assert value == original or str(value) == str(original) or \
                (field.endswith(":string") and value in ("true", "false")), field

    cited = {s for _, d in graph.nodes(data=True) for s in d["sources"]} | \
        {s for *_, d in graph.edges(keys=True, data=True) for s in d["sources"]}
    assert [s["id:ID(Source)"] for s in sources_t] == sorted(cited)
    for row in sources_t:
        meta = graph.graph["sources"][row["id:ID(Source)"]]
        assert row[":LABEL"] == "Source" and row["title"] == meta["title"]
        assert row.get("archive") == meta["archive"] and row.get("date") == meta["date"]
    return {"actors": actors_t, "claims": claims_t, "sources": sources_t,
            "headers": {"actors.csv": a_header, "claims.csv": c_header,
                        "sources.csv": s_header}}


def check_script(folder: Path, headers: dict[str, list[str]]) -> str:
    """load.cypher reads only columns that exist in the file each statement loads, and
    warns about backslashes exactly when there are some (Neo4j's own checks of the
    scripts are in test_load_scripts_pass_neo4j_cypher_checks)."""
    script = (folder / "load.cypher").read_text(encoding="utf-8")
    statements = [s.strip() for s in script.split(";\n") if s.strip().startswith("LOAD CSV")]
    assert len(statements) == 3
    for statement in statements:
        name = re.search(r"FROM 'file:///([a-z]+\.csv)'", statement)[1]
        used = set(re.findall(r"row\.`((?:[^`]|``)+)`", statement))
        assert used and used <= set(headers[name]), (name, used - set(headers[name]))
    backslash = any("\\" in (folder / n).read_text(encoding="utf-8") for n in FILES[:3])
    assert ("contain a backslash" in script) == backslash
    return script


# ------------------------------------------------------------------------------- cases

def test_real_case(tmp_path: Path, runner: CliRunner) -> None:
    result = run_cli(runner, "export", "--data", str(DATA), "--format", "neo4j",
                     "--out", str(tmp_path / "neo4j"), "-v")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr.count("wrote") == 4
    graph = annotate(load_graph_from(DATA))
    found = check_folder(graph, tmp_path / "neo4j")
    script = check_script(tmp_path / "neo4j", found["headers"])
    types = {c[":TYPE"] for c in found["claims"]}
    assert {"SENTENCED", "MEMBER_OF", "ASSOCIATED_WITH"} <= types
    labels = {a[":LABEL"].split(DELIMITER)[1] for a in found["actors"]}
    assert {"Person", "StateBody", "Ngo", "Event", "Place"} <= labels
    # Labels and types come from the files (Cypher's dynamic $(...)), typed as declared.
    assert "SET n:$(split(row.`:LABEL`, '\\u001F'))" in script
    assert "MERGE (a)-[r:$(row.`:TYPE`) {id: row.`id`}]->(b)" in script
    assert "community: toInteger(row.`community:long`)" in script
    assert "first_day: CASE WHEN coalesce(row.`first_day:date`, '') <> '' THEN " \
        "date(row.`first_day:date`) END" in script
    # The same data gives the same bytes.
    write_neo4j(graph, tmp_path / "again")
    for name in FILES:
        assert (tmp_path / "again" / name).read_bytes() == \
            (tmp_path / "neo4j" / name).read_bytes()


def test_small_case_types_and_dates(case: Path, tmp_path: Path) -> None:
    graph = load_graph_from(case)
    write_neo4j(graph, tmp_path / "out")
    found = check_folder(graph, tmp_path / "out")
    check_script(tmp_path / "out", found["headers"])
    strike = next(a for a in found["actors"] if a["id:ID(Actor)"] == "strike-2011")
    assert (strike["start"], strike["end"]) == ("2011-05", "2011-12-16")
    assert (strike["first_day:date"], strike["last_day:date"]) == \
        (dt.date(2011, 5, 1), dt.date(2011, 12, 16))
    sentence = next(c for c in found["claims"] if c[":TYPE"] == "SENTENCED")
    assert sentence["attr_years:long"] == 7
    assert sentence["first_day:date"] == sentence["last_day:date"] == dt.date(2012, 6, 4)
    alleged = next(c for c in found["claims"] if c[":TYPE"] == "CRITICIZES")
    assert alleged["claimed_by:string[]"] == ["oil-union"] and alleged["status"] == "alleged"
    assert (alleged["date"], alleged["first_day:date"], alleged["last_day:date"]) == \
        ("2011-11", dt.date(2011, 11, 1), dt.date(2011, 11, 30))
    acme = next(a for a in found["actors"] if a["id:ID(Actor)"] == "acme-oil")
    assert acme["aliases:string[]"] == ["AcmeOil", "Acmé Oil"] and acme["country"] == "NO"
    assert "metrics" not in found["headers"]["actors.csv"]


def test_hostile_strings_byte_for_byte(tmp_path: Path) -> None:
    graph = load_graph_from(write_hostile_case(tmp_path / "data"))
    write_neo4j(graph, tmp_path / "out")
    found = check_folder(graph, tmp_path / "out")
    check_script(tmp_path / "out", found["headers"])
    names = {a["id:ID(Actor)"]: a for a in found["actors"]}
    for key in HOSTILE_NAMES:
        row = names[f"h-{key}"]
        assert row["name"] == clean_name(key), key
        assert row["description"].endswith("line two\r\ntab\tend")
    assert len(names["h-long"]["name"]) == 20_000
    claims = {c["id"]: c for c in found["claims"]}
    assert "second line" in claims["c-00"]["evidence"] and "\n" in claims["c-00"]["evidence"]
    typed_attrs = claims["p-criticizes"]
    assert (typed_attrs["attr_big:long"], typed_attrs["attr_verified:boolean"],
            typed_attrs["attr_rank:string"]) == (1099511627776, True, "2.5")
    assert claims["p-opposes-1"]["attr_rank:string"] == "seven"
    assert claims["f-family"]["directed:boolean"] is False
    # csv-parse (Node, strict RFC 4180) reads the same cells as Python's csv module.
    js = node_reader("csv", tmp_path / "out" / "actors.csv", tmp_path / "out" / "claims.csv")
    _, py_actors = read(tmp_path / "out" / "actors.csv")
    _, py_claims = read(tmp_path / "out" / "claims.csv")
    assert js["nodes"] == py_actors and js["edges"] == py_claims


def test_tricky_values_in_arrays_headers_labels_and_types(tmp_path: Path) -> None:
    """A hand-built graph: separators, quotes, line breaks and backslashes inside array
    items; attribute names no header may hold; types and relations that are not slugs."""
    graph = handmade_graph()
    graph.nodes["a"]["aliases"] = ['semi; colon', 'comma, "quoted"', "line\nbreak", "back\\"]
    graph.nodes["a"]["description"] = 'ends with a backslash \\'
    graph.nodes["c"]["type"] = "source"
    graph.add_edge("c", "a", key="odd", id="odd", relation="worked with (2011)!",
                   label="worked with", directed=True, status="confirmed",
                   claimed_by=["a", "b"], sources=["s1"], evidence=[],
                   attributes={"a:b": 1, "we`ird, name": "x", "": "empty"})
    write_neo4j(graph, tmp_path / "out")
    a_header, actors = read(tmp_path / "out" / "actors.csv")
    c_header, claims = read(tmp_path / "out" / "claims.csv")
    rows = {r["id:ID(Actor)"]: typed(a_header, r) for r in actors}
    assert rows["a"]["aliases:string[]"] == ['semi; colon', 'comma, "quoted"', "line\nbreak",
                                             "back\\"]
    assert rows["a"]["description"] == 'ends with a backslash \\'
    assert rows["a"]["name"] == "Alpha "
    assert rows["c"][":LABEL"].split(DELIMITER) == ["Actor", "SourceType"]
    assert rows["b"]["name"] == "b"  # an empty label falls back to the id
    odd = next(typed(c_header, r) for r in claims if r["id"] == "odd")
    assert odd[":TYPE"] == "WORKED_WITH_2011"
    assert odd["claimed_by:string[]"] == ["a", "b"]
    assert {k: v for k, v in odd.items() if k.startswith("attr_")} == {
        "attr_:string": "empty", "attr_a_b:long": 1, "attr_we_ird__name:string": "x"}
    assert sorted(r["id"] for r in claims) == ["0", "1", "dup", "dup~2", "odd"]
    script = check_script(tmp_path / "out", {"actors.csv": a_header, "claims.csv": c_header,
                                             "sources.csv": read(tmp_path / "out" /
                                                                 "sources.csv")[0]})
    assert "db.import.csv.legacy_quote_escaping=false" in script


def test_load_scripts_pass_neo4j_cypher_checks(case: Path, tmp_path: Path) -> None:
    """Neo4j's Cypher parser and semantic analysis find nothing to say about the scripts
    of the real case, the small case, hostile data and a hand-built graph (one Node
    process for all: the library takes seconds to load)."""
    graph = handmade_graph()
    graph.nodes["c"]["type"] = "source"
    graph.add_edge("c", "a", key="odd", relation="worked with (2011)!",
                   attributes={"a:b": 1, "we`ird": True})
    graphs = [annotate(load_graph_from(DATA)), load_graph_from(case),
              load_graph_from(write_hostile_case(tmp_path / "hostile")), graph]
    scripts = []
    for number, each in enumerate(graphs):
        scripts.append(write_neo4j(each, tmp_path / f"out{number}")[-1])
    assert node_reader("cypher", *scripts) == [[] for _ in scripts]
    bad = tmp_path / "bad.cypher"  # the checker does check: a broken script is reported
    bad.write_text(scripts[1].read_text(encoding="utf-8").replace("SET n +=", "SET m +=",
                                                                  1), encoding="utf-8")
    assert "Variable `m` not defined" in str(node_reader("cypher", bad))


# ------------------------------------------------------------------------ CLI and safety

def test_cli_needs_a_folder_and_build_writes_one_when_asked(case: Path, tmp_path: Path,
                                                            runner: CliRunner) -> None:
    missing = run_cli(runner, "export", "--data", str(case), "--format", "neo4j")
    assert missing.exit_code == 2 and "--out DIR" in missing.stderr and missing.stdout == ""
    default = run_cli(runner, "build", "--data", str(case), "--out", str(tmp_path / "all"))
    assert default.exit_code == 0 and not (tmp_path / "all" / "neo4j").exists()
    only = run_cli(runner, "build", "--data", str(case), "--out", str(tmp_path / "b"),
                   "--only", "neo4j", "--only", "csv")
    assert only.exit_code == 0, only.stderr
    written = only.stdout.split()
    assert written[:4] == [str(tmp_path / "b" / "neo4j" / n) for n in FILES]
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "edges.csv", "neo4j", "nodes.csv", "report.md"]
    check_folder(annotate(load_graph_from(case)), tmp_path / "b" / "neo4j")


def test_failed_export_leaves_the_earlier_files(case: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write_neo4j(load_graph_from(case), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*_args: Any) -> str:
        raise OSError(28, "No space left on device")

    import graphkit.export.neo4j as neo4j

    monkeypatch.setattr(neo4j, "evidence_text", broken)  # fails while writing claims.csv
    graph = load_graph_from(case)
    graph.nodes["acme-oil"]["label"] = "Renamed"
    with pytest.raises(ExportError, match="No space left on device"):
        write_neo4j(graph, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no mix, no leftovers


def test_docs_give_the_exact_import_command() -> None:
    docs = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    assert import_command("import") in docs.replace("\\\n    ", "")
