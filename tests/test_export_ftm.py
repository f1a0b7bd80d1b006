"""FollowTheMoney export read back with the followthemoney library's own model and its
``ftm`` command: every entity valid for its schema, every value as FtM itself cleans it,
every reference resolving to an entity of the right schema; counts and key properties
as in the graph, on the real case, a small case, hostile strings and a hand-built graph."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from export_support import (
    HOSTILE_NAMES,
    clean_name,
    handmade_graph,
    load_graph_from,
    write_hostile_case,
)
from followthemoney import model
from followthemoney.types import registry
from followthemoney.util import make_entity_id

from conftest import DATA, ENTITIES, write_case
from conftest import invoke as run_cli
from graphkit.export.flatten import evidence_text
from graphkit.export.ftm import ftm_entities, write_ftm

FTM_CLI = Path(sys.executable).with_name("ftm")


def read_entities(path: Path) -> dict[str, Any]:
    """Every line parsed and checked as FtM tools would read it; proxies by id."""
    entities: dict[str, Any] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        data = json.loads(line)
        assert set(data) == {"id", "schema", "properties"}, number
        assert all(isinstance(values, list) and values and all(isinstance(v, str) for v in values)
                   for values in data["properties"].values()), number
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        schema.validate(data)  # raises InvalidData on any value wrong for its type
        for required in schema.required:
            assert data["properties"].get(required), (data["schema"], required)
        # Re-parsed with full cleaning, nothing changes: values are as FtM cleans them.
        assert model.get_proxy(data, cleaned=False).to_dict()["properties"] == \
            data["properties"], number
        assert data["id"] not in entities, f"duplicate id on line {number}"
        entities[data["id"]] = model.get_proxy(data)
    for proxy in entities.values():
        for prop, value in proxy.itervalues():
            if prop.type == registry.entity:
                assert value in entities, f"{proxy.schema.name}.{prop.name} -> {value} is missing"
                assert entities[value].schema.is_a(prop.range), (prop.name, entities[value].schema)
    return entities


def fid(case: str, kind: str, *key: str) -> str:
    """The documented id rule: FtM's make_entity_id over [case, kind, graphkit id...]."""
    return make_entity_id(json.dumps([case, kind, *key], ensure_ascii=False))


def claim_entities(entities: dict[str, Any], claim_id: str) -> list[Any]:
    return [e for e in entities.values() if claim_id in e.get("recordId", quiet=True)]


def export(runner: CliRunner, data: Path, out: Path, *extra: str) -> dict[str, Any]:
    result = run_cli(runner, "export", "--data", str(data), "--format", "ftm", "--out",
                     str(out), *extra)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    return read_entities(out)


# ------------------------------------------------------------------------ the real case

def test_real_case_every_actor_claim_and_source(tmp_path: Path, runner: CliRunner) -> None:
    graph = load_graph_from(DATA)
    entities = export(runner, DATA, tmp_path / "case.ftm.json")
    case = graph.graph["name"]
    vocabulary = graph.graph["vocabulary"]

    for node, attrs in graph.nodes(data=True):
        entity = entities[fid(case, "actor", node)]
        spec = vocabulary.ftm.types.get(attrs["type"])
        assert entity.schema.name == (spec.schema if spec else "LegalEntity")
        assert entity.get("name") == [registry.name.clean(attrs["label"])]
        assert entity.get("alias") == [registry.name.clean(a) for a in attrs["aliases"]]
        assert entity.get("country") == ([attrs["country"].lower()] if attrs["country"] else [])
        assert entity.get("description") == ([attrs["description"]] if attrs["description"]
                                             else [])
        assert entity.get("proof") == [fid(case, "source", s) for s in attrs["sources"]]
        assert entity.get("keywords") == [vocabulary.types[attrs["type"]].label]
        if attrs["type"] == "event":
            assert entity.get("date") == ([attrs["date"]] if attrs["date"] else [])
            assert entity.get("startDate") == ([attrs["start"]] if attrs["start"] else [])

    schemata: dict[str, int] = {}
    for u, v, claim_id, attrs in graph.edges(keys=True, data=True):
        found = claim_entities(entities, claim_id)
        evidence = evidence_text(attrs["evidence"], graph.graph["sources"])
        ends = {fid(case, "actor", u), fid(case, "actor", v)}
        if vocabulary.ftm.relations.get(attrs["relation"], None) and \
                vocabulary.ftm.relations[attrs["relation"]].schema == "CourtCase":
            assert sorted(e.schema.name for e in found) == ["CourtCaseParty", "CourtCaseParty"]
            court_case = entities[fid(case, "claim", claim_id)]
            assert court_case.schema.name == "CourtCase"
            assert court_case.get("description") == [evidence]
            assert {e.first("party") for e in found} == ends
            assert {e.first("case") for e in found} == {court_case.id}
            schemata["CourtCase"] = schemata.get("CourtCase", 0) + 1
            continue
        assert len(found) == 1, claim_id
        claim = found[0]
        assert claim.id == fid(case, "claim", claim_id)
        assert claim.schema.is_a("Interval") and claim.schema.edge
        assert claim.first(claim.schema.edge_source) in ends
        assert claim.first(claim.schema.edge_target) in ends
        label_prop = "role" if claim.schema.get("role") else "relationship"
        assert claim.get(label_prop)[0] == attrs["label"]
        assert claim.get("description") == [evidence]
        assert claim.get("proof") == [fid(case, "source", s) for s in attrs["sources"]]
        for side, prop in (("date", "date"), ("start", "startDate"), ("end", "endDate")):
            assert claim.get(prop) == ([attrs[side]] if attrs[side] else [])
        if claim.schema.get("status"):
            assert claim.get("status") == [attrs["status"]]
        if attrs["status"] != "confirmed":
            assert vocabulary.statuses[attrs["status"]].label in claim.first("summary")
        schemata[claim.schema.name] = schemata.get(claim.schema.name, 0) + 1

    assert sum(schemata.values()) == graph.number_of_edges()
    assert {"Membership", "Employment", "Directorship", "Ownership", "Family",
            "Representation", "CourtCase", "UnknownLink"} <= set(schemata)
    cited = {s for _, d in graph.nodes(data=True) for s in d["sources"]} | \
        {s for *_, d in graph.edges(keys=True, data=True) for s in d["sources"]}
    documents = [e for e in entities.values() if e.schema.is_a("Document")]
    assert sorted(d.id for d in documents) == sorted(fid(case, "source", s) for s in cited)
    for source in cited:
        meta = graph.graph["sources"][source]
        document = entities[fid(case, "source", source)]
        assert document.schema.name == "Article"
        assert document.get("title") == [meta["title"]]
        assert document.get("fileName") == [meta["archive"]]
    assert len(entities) == (len(documents) + graph.number_of_nodes()
                             + graph.number_of_edges() + 2 * schemata["CourtCase"])


def test_ftm_cli_reads_the_export_unchanged(tmp_path: Path, runner: CliRunner) -> None:
    """`ftm validate` re-parses and re-cleans every entity: it must give them back as they
    were (it adds its own empty bookkeeping fields)."""
    path = tmp_path / "case.ftm.json"
    export(runner, DATA, path)
    checked = tmp_path / "validated.json"
    result = subprocess.run([str(FTM_CLI), "validate", "-i", str(path), "-o", str(checked)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    mine = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    theirs = [json.loads(line) for line in checked.read_text(encoding="utf-8").splitlines()]
    assert [(e["id"], e["schema"], e["properties"]) for e in theirs] == \
        [(e["id"], e["schema"], e["properties"]) for e in mine]


# ------------------------------------------------------------------------- a small case

def test_small_case_schemata_roles_dates_status(case: Path, tmp_path: Path,
                                                runner: CliRunner) -> None:
    entities = export(runner, case, tmp_path / "small.ftm.json")
    name = load_graph_from(case).graph["name"]
    actor = {key: entities[fid(name, "actor", key)] for key in
             ("acme-oil", "roza-tuletaeva", "city-court", "oil-union", "strike-2011")}
    assert {k: e.schema.name for k, e in actor.items()} == {
        "acme-oil": "Company", "roza-tuletaeva": "Person", "city-court": "PublicBody",
        "oil-union": "Organization", "strike-2011": "Event"}
    assert actor["acme-oil"].get("country") == ["no"]
    assert actor["acme-oil"].get("alias") == ["AcmeOil", "Acmé Oil"]
    assert actor["oil-union"].get("keywords") == ["Trade union"]
    assert actor["strike-2011"].get("startDate") == ["2011-05"]
    assert actor["strike-2011"].get("endDate") == ["2011-12-16"]

    report = entities[fid(name, "source", "report-2012")]
    assert (report.schema.name, report.get("title"), report.get("author"),
            report.get("publisher"), report.get("publishedAt"), report.get("fileName")) == \
        ("Article", ["A report on the strike"], ["Jane Doe"], ["Example Press"], ["2012-12"],
         ["report.txt"])

    sentence = entities[fid(name, "claim", "city-court.sentenced.roza-tuletaeva")]
    assert sentence.schema.name == "CourtCase"
    assert sentence.get("name") == ["Zhanaozen City Court sentenced Roza Tuletaeva"]
    assert sentence.get("summary") == ["years: 7"]
    assert sentence.get("description") == ["A report on the strike [report-2012], line 1: "
                                           "Sentenced to seven years."]
    parties = {p.get("role")[0]: p for p in
               claim_entities(entities, "city-court.sentenced.roza-tuletaeva")}
    assert parties["court"].get("party") == [actor["city-court"].id]
    assert parties["defendant"].get("party") == [actor["roza-tuletaeva"].id]
    assert parties["defendant"].get("date") == ["2012-06-04"]

    employment = entities[fid(name, "claim", "roza-tuletaeva.employed_by.acme-oil")]
    assert employment.schema.name == "Employment"
    assert employment.get("employee") == [actor["roza-tuletaeva"].id]
    assert employment.get("employer") == [actor["acme-oil"].id]
    membership = entities[fid(name, "claim", "roza-tuletaeva.member_of.oil-union")]
    assert (membership.schema.name, membership.get("startDate"), membership.get("role")) == \
        ("Membership", ["2011"], ["member of"])
    strike = entities[fid(name, "claim", "roza-tuletaeva.participated_in.strike-2011")]
    assert (strike.schema.name, strike.get("role"), strike.get("subject"),
            strike.get("object")) == ("UnknownLink", ["participated in"],
                                      [actor["roza-tuletaeva"].id], [actor["strike-2011"].id])
    alleged = entities[fid(name, "claim", "acme-oil.criticizes.oil-union")]
    assert alleged.get("status") == ["alleged"]
    assert alleged.get("summary") == ["Acme Oil criticizes Oil Workers Union. Status: Alleged, "
                                      "claimed by Oil Workers Union"]


def test_ends_that_do_not_fit_fall_back_to_unknown_link(tmp_path: Path,
                                                        runner: CliRunner) -> None:
    entities_yaml = ENTITIES + """\
- id: relief-fund
  name: Relief Fund
  type: ngo
- id: workers-council
  name: Workers' council
  type: organization
"""
    edges = """\
- source: acme-oil
  target: relief-fund
  relation: owns
  attributes: {share: 50%, role: founder}
  evidence: [{source: report-2012}]
- source: roza-tuletaeva
  target: acme-oil
  relation: owns
  attributes: {share: 10%}
  evidence: [{source: report-2012}]
- source: workers-council
  target: acme-oil
  relation: employed_by
  evidence: [{source: report-2012}]
"""
    data = write_case(tmp_path / "case", entities=entities_yaml, edges=edges)
    entities = export(runner, data, tmp_path / "fallback.ftm.json")
    ngo_owned = entities[fid("case", "claim", "acme-oil.owns.relief-fund")]
    assert (ngo_owned.schema.name, ngo_owned.get("role")) == ("UnknownLink", ["owns", "founder"])
    assert ngo_owned.get("summary") == ["Acme Oil owns Relief Fund. share: 50%"]
    company_owned = entities[fid("case", "claim", "roza-tuletaeva.owns.acme-oil")]
    assert (company_owned.schema.name, company_owned.get("percentage")) == ("Ownership", ["10%"])
    assert company_owned.get("summary") == ["Roza Tuletaeva owns Acme Oil"]
    council = entities[fid("case", "claim", "workers-council.employed_by.acme-oil")]
    assert council.schema.name == "UnknownLink"  # Employment.employee must be a Person


def test_filters_ids_and_same_bytes(case: Path, tmp_path: Path, runner: CliRunner) -> None:
    entities = export(runner, case, tmp_path / "sentenced.ftm.json", "--relation", "sentenced")
    assert sorted(e.schema.name for e in entities.values()) == [
        "Article", "CourtCase", "CourtCaseParty", "CourtCaseParty", "Person", "PublicBody"]
    first = tmp_path / "one.ftm.json"
    export(runner, case, first)
    piped = run_cli(runner, "export", "--data", str(case), "--format", "ftm")
    assert piped.exit_code == 0 and piped.stdout_bytes == first.read_bytes()
    # The same data under another name (another case) gets other ids.
    other = write_case(tmp_path / "other-case")
    other_ids = set(export(runner, other, tmp_path / "other.ftm.json"))
    assert other_ids.isdisjoint(read_entities(first))


# --------------------------------------------------------------------- hostile and odd

def test_hostile_strings_survive_as_ftm_cleans_them(tmp_path: Path, runner: CliRunner) -> None:
    data = write_hostile_case(tmp_path / "data")
    entities = export(runner, data, tmp_path / "hostile.ftm.json")
    graph = load_graph_from(data)
    case = graph.graph["name"]
    # FtM's cleaning removes right-to-left marks and zero-width joiners (docs/exports.md):
    # every other hostile name arrives byte for byte.
    altered = {"rtl", "emoji"}
    for key in HOSTILE_NAMES:
        entity = entities[fid(case, "actor", f"h-{key}")]
        name = entity.get("name")
        if key == "long":  # beyond FtM's 384 characters: cut, and kept whole in notes
            assert name == [clean_name(key)[:383] + "…"]
            assert entity.get("notes") == ["name in full: " + clean_name(key)]
            continue
        assert name == [registry.name.clean(clean_name(key))], key
        if key not in altered:
            assert name == [clean_name(key)], key
        description = graph.nodes[f"h-{key}"]["description"]
        assert entity.get("description") == [registry.text.clean(description)]
        assert entity.first("description").endswith("line two\r\ntab\tend")
    claim = entities[fid(case, "claim", "c-00")]
    assert "second line" in claim.first("description")
    assert "\n" in claim.first("description")
    assert claim.get("role") == ["supports"]
    assert "note: <script>alert('x')</script>" in claim.first("summary")
    alleged = entities[fid(case, "claim", "p-criticizes")]
    assert alleged.first("summary") == (
        f"{clean_name('emoji')} criticizes {clean_name('cyrillic')}. Status: Alleged, claimed "
        f"by {clean_name('rtl')}, {clean_name('markup')}. rank: 2.5; verified: true; "
        "big: 1099511627776").replace("\u200d", "").replace("\u200f", "")
    document = entities[fid(case, "source", "src")]
    assert document.first("author") == "=cmd|/C calc!A0"
    family = entities[fid(case, "claim", "f-family")]
    assert family.schema.name == "Family" and family.get("relationship") == ["family of"]


def test_handmade_graph_with_values_no_format_holds(tmp_path: Path) -> None:
    path = tmp_path / "hand.ftm.json"
    write_ftm(handmade_graph(), path)
    entities = read_entities(path)
    schemata = sorted(e.schema.name for e in entities.values())
    assert schemata == ["Article", "Company", "LegalEntity", "Person", "UnknownLink",
                        "UnknownLink", "UnknownLink", "UnknownLink"]
    records = sorted(r for e in entities.values() for r in e.get("recordId", quiet=True))
    assert records == ["0", "1", "dup", "dup~2"]
    person = next(e for e in entities.values() if e.schema.name == "Person")
    assert person.get("name") == ["Alpha"]


def test_library_entities_are_the_lines_of_the_file(case: Path, tmp_path: Path) -> None:
    graph = load_graph_from(case)
    write_ftm(graph, tmp_path / "case.ftm.json")
    lines = [json.loads(line) for line in
             (tmp_path / "case.ftm.json").read_text(encoding="utf-8").splitlines()]
    assert list(ftm_entities(graph)) == lines


def test_texts_longer_than_ftm_holds_are_split_not_lost(tmp_path: Path) -> None:
    graph = handmade_graph()
    long_text = " ".join(f"w{i}" for i in range(20_000))  # 128,889 characters
    graph.nodes["b"]["description"] = long_text
    graph.edges["a", "b", "dup"]["attributes"]["role"] = "r" * 2_000
    path = tmp_path / "long.ftm.json"
    write_ftm(graph, path)
    entities = read_entities(path)  # every value within FtM's limits
    company = next(e for e in entities.values() if e.schema.name == "Company")
    parts = company.get("description")
    assert len(parts) == 2 and all(len(p) <= 65_000 for p in parts)
    assert "".join(parts) == long_text  # cut inside a word: no blank lost at the ends
    claim = next(e for e in entities.values() if "dup" in e.get("recordId", quiet=True))
    assert claim.get("role") == ["supports", "r" * 1_023 + "…"]
    assert claim.get("description") == ["role in full: " + "r" * 2_000]


# ------------------------------------------------------------ vocabulary and installation

def test_vocabulary_maps_types_and_relations(tmp_path: Path, runner: CliRunner) -> None:
    vocabulary = """\
ftm:
  sources: Document
  types:
    union: LegalEntity
    event: {schema: Event, date: date, start: startDate, end: endDate}
  relations:
    participated_in: {schema: UnknownLink, source: object, target: subject}
    member_of: {schema: Associate}
"""
    data = write_case(tmp_path / "case", vocabulary=vocabulary)
    entities = export(runner, data, tmp_path / "mapped.ftm.json")
    assert entities[fid("case", "actor", "oil-union")].schema.name == "LegalEntity"
    assert entities[fid("case", "source", "report-2012")].schema.name == "Document"
    reversed_link = entities[fid("case", "claim", "roza-tuletaeva.participated_in.strike-2011")]
    assert reversed_link.get("object") == [fid("case", "actor", "roza-tuletaeva")]
    # Associate links two people: a union cannot be one, so the claim falls back.
    assert entities[fid("case", "claim", "roza-tuletaeva.member_of.oil-union")].schema.name \
        == "UnknownLink"
    # The entries not redefined keep the default mapping.
    assert entities[fid("case", "actor", "roza-tuletaeva")].schema.name == "Person"


@pytest.mark.parametrize("vocabulary,message", [
    ("ftm:\n  types:\n    person: Persn\n",
     "vocabulary.yaml:3:13: error [vocabulary] ftm type 'person': 'Persn' is not a "
     "FollowTheMoney schema — did you mean Person"),
    ("ftm:\n  relations:\n    owns: {schema: Ownership, source: buyer}\n",
     "vocabulary.yaml:3:11: error [vocabulary] ftm relation 'owns': source 'buyer' is not an "
     "entity property of Ownership"),
    ("ftm:\n  types:\n    person: {schema: Person, start: bornOn}\n",
     "ftm type 'person': start 'bornOn' is not a date property of Person"),
    ("ftm:\n  relations:\n    owns: Person\n",
     "ftm relation 'owns': 'Person' is not a relationship schema"),
    ("ftm:\n  sources: Person\n", "ftm sources: 'Person' is not a Document schema"),
])
def test_mapping_checked_against_the_model(tmp_path: Path, runner: CliRunner, vocabulary: str,
                                           message: str) -> None:
    data = write_case(tmp_path / "case", vocabulary=vocabulary)
    target = tmp_path / "out.ftm.json"
    target.write_text("earlier output\n", encoding="utf-8")
    result = run_cli(runner, "export", "--data", str(data), "--format", "ftm",
                     "--out", str(target))
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == "earlier output\n"


@pytest.mark.parametrize("vocabulary,message", [
    ("ftm:\n  types:\n    ghost: Person\n",
     "vocabulary.yaml:3:12: error [vocabulary] ftm type 'ghost' is not an entity type"),
    ("ftm:\n  relations:\n    owns: {schema: Ownership, share: percentage}\n",
     "ftm relation 'owns' has unknown field(s): share"),
    ("ftm:\n  types:\n    person: person\n",
     "ftm type 'person': schema 'person' is not an FtM schema name"),
    ("ftm:\n  colours: {}\n", "vocabulary.yaml:2:3: error [unknown-field] unknown ftm field "
     "'colours'"),
])
def test_mapping_shape_checked_by_every_command(tmp_path: Path, runner: CliRunner,
                                                vocabulary: str, message: str) -> None:
    data = write_case(tmp_path / "case", vocabulary=vocabulary)
    result = run_cli(runner, "validate", "--data", str(data))
    assert result.exit_code == 1
    assert message in result.stdout + result.stderr


def test_vocab_command_shows_the_mapping(runner: CliRunner) -> None:
    result = run_cli(runner, "vocab", "--format", "json")
    mapping = json.loads(result.stdout)["ftm"]
    assert mapping["types"]["person"]["schema"] == "Person"
    assert mapping["relations"]["sentenced"] == {"schema": "CourtCase", "source": "court",
                                                 "target": "defendant"}
    text = " ".join(run_cli(runner, "vocab").stdout.split())
    assert "FollowTheMoney schemata (export --format ftm; sources become Article):" in text
    assert "types: person=Person," in text and "others=LegalEntity" in text
    assert "member_of=Membership," in text and "others=UnknownLink" in text


def test_without_followthemoney_the_export_says_how_to_install_it(case: Path,
                                                                  tmp_path: Path) -> None:
    """The library is hidden from a real process: the export fails before loading the
    data, with the install command, writes nothing and keeps the earlier file."""
    target = tmp_path / "graph.ftm.json"
    target.write_text("earlier output\n", encoding="utf-8")
    hide = ("import sys; sys.modules['followthemoney'] = None; "
            "from graphkit.cli import main; main()")
    for args in (["export", "--data", str(case), "--format", "ftm", "--out", str(target)],
                 ["build", "--data", str(case), "--out", str(tmp_path / "out"), "--only",
                  "ftm"]):
        result = subprocess.run([sys.executable, "-c", hide, *args], capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 1, result.stderr
        assert "pip install 'graphkit[ftm]'" in result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""
    assert target.read_text(encoding="utf-8") == "earlier output\n"
    assert not (tmp_path / "out").exists()
    # Other formats do not need it.
    other = subprocess.run([sys.executable, "-c", hide, "export", "--data", str(case),
                            "--format", "json", "--no-metrics"], capture_output=True,
                           text=True, timeout=120)
    assert other.returncode == 0 and json.loads(other.stdout)["links"]


def test_build_writes_ftm_only_when_asked(case: Path, tmp_path: Path,
                                          runner: CliRunner) -> None:
    default = run_cli(runner, "build", "--data", str(case), "--out", str(tmp_path / "all"))
    assert default.exit_code == 0
    assert not (tmp_path / "all" / "graph.ftm.json").exists()
    only = run_cli(runner, "build", "--data", str(case), "--out", str(tmp_path / "ftm"),
                   "--only", "ftm")
    assert only.exit_code == 0, only.stderr
    assert only.stdout.split() == [str(tmp_path / "ftm" / "graph.ftm.json"),
                                   str(tmp_path / "ftm" / "report.md")]
    assert len(read_entities(tmp_path / "ftm" / "graph.ftm.json")) == 13
