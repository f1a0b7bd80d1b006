"""Chains between two actors, each step with its claims in their true direction and
their evidence, on a small hand-made case written as a real data folder.

The case (answers worked out by hand from the edges below):

    marat -family_of- roza            (symmetric)
    city-court -sentenced-> roza      (twice: 2012-06-04, and upheld on appeal 2012-09)
    roza -criticizes-> city-court     (alleged, claimed by roza)
    city-court -sentenced-> natalia
    roza -member_of-> oil-union <-member_of- natalia
    roza -employed_by-> ozenmunaigas <-employed_by- natalia
    ozenmunaigas -subsidiary_of-> kazmunaygas
    vadim -reported_on-> strike       (a separate component)

roza to natalia: three chains of two steps (via city-court, oil-union, ozenmunaigas).
marat to kazmunaygas: one chain of three steps.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_case
from graphkit import build_graph, load_dataset
from graphkit.analyse.paths import find_paths
from graphkit.cli import main
from graphkit.errors import NoPath, NotFound, UsageError

SOURCES = """\
- id: hrw-2012
  title: "Striking Oil, Striking Workers"
  author: Human Rights Watch
  date: 2012-09
- id: rfe-2012
  title: Court upholds sentence
  publisher: RFE/RL
  date: 2012-09-26
"""

ENTITIES = """\
- id: roza-tuletaeva
  name: Roza Tuletaeva
  type: person
  aliases: [Roza Tuletayeva, Роза Тулетаева]
- id: natalia-sokolova
  name: Natalia Sokolova
  type: person
- id: marat-tuletaev
  name: Marat Tuletaev
  type: person
- id: vadim-kuramshin
  name: Vadim Kuramshin
  type: person
- id: city-court
  name: Zhanaözen City Court
  type: court
- id: oil-union
  name: Oil Workers Union
  type: union
- id: ozenmunaigas
  name: ÖzenMunaiGas
  type: company
  aliases: [OMG]
- id: kazmunaygas
  name: KazMunayGas
  type: company
  aliases: [KMG]
- id: strike
  name: The oil strike
  type: event
"""

EDGES = """\
- id: roza-sentenced
  source: city-court
  target: roza-tuletaeva
  relation: sentenced
  date: 2012-06-04
  evidence:
    - source: hrw-2012
      lines: [12, "14-15"]
      note: Seven years for inciting social discord.
- id: roza-sentence-upheld
  source: city-court
  target: Roza Tuletayeva
  relation: sentenced
  date: 2012-09
  evidence:
    - source: rfe-2012
      lines: [3]
- id: roza-criticizes-court
  source: roza-tuletaeva
  target: city-court
  relation: criticizes
  status: alleged
  claimed_by: [roza-tuletaeva]
  evidence: [{source: hrw-2012, lines: [20], note: Said the trial was unfair.}]
- id: natalia-sentenced
  source: city-court
  target: natalia-sokolova
  relation: sentenced
  date: 2012-08
  evidence: [{source: hrw-2012, lines: [30]}]
- id: marat-family
  source: marat-tuletaev
  target: roza-tuletaeva
  relation: family_of
  evidence: [{source: hrw-2012}]
- id: roza-member
  source: roza-tuletaeva
  target: oil-union
  relation: member_of
  evidence: [{source: hrw-2012}]
- id: natalia-member
  source: natalia-sokolova
  target: oil-union
  relation: member_of
  evidence: [{source: hrw-2012}]
- id: roza-employed
  source: roza-tuletaeva
  target: ozenmunaigas
  relation: employed_by
  start: 2008
  end: 2011-12
  evidence: [{source: hrw-2012, lines: [5]}]
- id: natalia-employed
  source: natalia-sokolova
  target: ÖzenMunaiGas
  relation: employed_by
  evidence: [{source: hrw-2012}]
- id: omg-subsidiary
  source: ozenmunaigas
  target: kazmunaygas
  relation: subsidiary_of
  evidence: [{source: hrw-2012, lines: [40], note: OMG is KMG's production arm.}]
- id: vadim-reported
  source: vadim-kuramshin
  target: strike
  relation: reported_on
  evidence: [{source: hrw-2012}]
"""


def small_case(folder: Path) -> Path:
    """Write the case above into ``folder`` (used by the other analysis tests too)."""
    return write_case(folder, sources=SOURCES, entities=ENTITIES, edges=EDGES)


@pytest.fixture
def graph(tmp_path: Path):
    return build_graph(load_dataset(small_case(tmp_path / "data")))


def test_one_step_lists_every_claim_in_walk_order(graph) -> None:
    [chain] = find_paths(graph, "Roza Tuletaeva", "zhanaozen city court")
    assert chain.nodes == ("roza-tuletaeva", "city-court")
    [step] = chain.steps
    # both sentences read backwards from Roza's side (dated, by date), then the
    # undated criticism, which points forward
    assert [(c.id, c.phrase, c.forward) for c in step.claims] == [
        ("roza-sentenced", "sentenced by", False),
        ("roza-sentence-upheld", "sentenced by", False),
        ("roza-criticizes-court", "criticizes", True),
    ]
    sentenced = next(c for c in step.claims if c.id == "roza-sentenced")
    assert (sentenced.source, sentenced.target) == ("city-court", "roza-tuletaeva")
    assert sentenced.date == "2012-06-04" and sentenced.status == "confirmed"
    [evidence] = sentenced.evidence
    assert evidence.title == "Striking Oil, Striking Workers"
    assert evidence.lines == ("12", "14-15")
    assert evidence.text() == ("Striking Oil, Striking Workers, lines 12, 14-15: "
                               "Seven years for inciting social discord.")
    criticism = next(c for c in step.claims if c.id == "roza-criticizes-court")
    assert criticism.status == "alleged" and criticism.claimed_by == ("roza-tuletaeva",)


def test_the_same_claim_reads_forward_from_the_other_end(graph) -> None:
    [chain] = find_paths(graph, "city-court", "roza-tuletaeva")
    phrases = {c.id: (c.phrase, c.forward) for c in chain.steps[0].claims}
    assert phrases["roza-sentenced"] == ("sentenced", True)
    assert phrases["roza-criticizes-court"] == ("criticized by", False)


def test_three_step_chain_with_a_symmetric_relation(graph) -> None:
    [chain] = find_paths(graph, "marat-tuletaev", "KMG")
    assert chain.nodes == ("marat-tuletaev", "roza-tuletaeva", "ozenmunaigas", "kazmunaygas")
    assert [[c.phrase for c in s.claims] for s in chain.steps] == [
        ["family of"], ["employed by"], ["subsidiary of"]]
    assert chain.steps[1].claims[0].when() == "2008–2011-12"
    [back] = find_paths(graph, "kazmunaygas", "marat-tuletaev")
    assert [[c.phrase for c in s.claims] for s in back.steps] == [
        ["parent company of"], ["employs"], ["family of"]]  # family_of reads the same both ways


def test_all_shortest_chains_sorted_by_actor_ids(graph) -> None:
    chains = find_paths(graph, "roza-tuletaeva", "natalia-sokolova", all_paths=True)
    assert [c.nodes[1] for c in chains] == ["city-court", "oil-union", "ozenmunaigas"]
    assert all(c.length == 2 for c in chains)
    assert [c.phrase for c in chains[1].steps[1].claims] == ["has member"]
    [one] = find_paths(graph, "roza-tuletaeva", "natalia-sokolova")
    assert one.length == 2 and one.nodes in [c.nodes for c in chains]


def test_max_length_and_unconnected_actors(graph) -> None:
    with pytest.raises(NoPath, match="at most 2 step.*the shortest has 3"):
        find_paths(graph, "marat-tuletaev", "kazmunaygas", max_length=2)
    assert find_paths(graph, "marat-tuletaev", "kazmunaygas", max_length=3)[0].length == 3
    with pytest.raises(NoPath, match="Vadim Kuramshin and Roza Tuletaeva are not connected"):
        find_paths(graph, "vadim-kuramshin", "roza-tuletaeva")
    with pytest.raises(UsageError, match="same actor"):
        find_paths(graph, "Roza Tuletayeva", "roza-tuletaeva")


def test_unknown_actor_gets_candidates(graph) -> None:
    with pytest.raises(NotFound) as caught:
        find_paths(graph, "Roza Tuletova", "kmg")
    assert caught.value.candidates[0] == "Roza Tuletaeva (roza-tuletaeva)"


def test_a_transliteration_naming_one_actor_is_accepted(graph) -> None:
    from graphkit.analyse.resolve import resolve

    assert resolve(graph, "Roza Tuletaieva") == "roza-tuletaeva"


# --- through the CLI -------------------------------------------------------------------


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_path_text_shows_directions_dates_and_evidence(tmp_path: Path) -> None:
    data = str(small_case(tmp_path / "data"))
    result = cli("path", "Marat Tuletaev", "kazmunaygas", "--data", data)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Chain: 3 steps, Marat Tuletaev — Roza Tuletaeva — ÖzenMunaiGas — KazMunayGas",
        "  Every step has a confirmed claim.",
        "  1. Marat Tuletaev → Roza Tuletaeva",
        "     Marat Tuletaev family of Roza Tuletaeva (confirmed)  [marat-family]",
        "       evidence: Striking Oil, Striking Workers",
        "  2. Roza Tuletaeva → ÖzenMunaiGas",
        "     Roza Tuletaeva employed by ÖzenMunaiGas (2008–2011-12, confirmed)  "
        "[roza-employed]",
        "       evidence: Striking Oil, Striking Workers, line 5",
        "  3. ÖzenMunaiGas → KazMunayGas",
        "     ÖzenMunaiGas subsidiary of KazMunayGas (confirmed)  [omg-subsidiary]",
        "       evidence: Striking Oil, Striking Workers, line 40: OMG is KMG's production arm.",
    ]
    assert result.stderr == ""


def test_cli_path_json_and_csv(tmp_path: Path) -> None:
    data = str(small_case(tmp_path / "data"))
    result = cli("path", "roza", "natalia sokolova", "--data", data)
    assert result.exit_code == 2  # "roza" alone names nobody: candidates, no traceback
    assert "no actor called 'roza'" in result.stderr
    assert "Roza Tuletaeva (roza-tuletaeva)" in result.stderr
    assert "Traceback" not in result.stderr

    result = cli("path", "Роза Тулетаева", "natalia-sokolova", "--all", "--data", data,
                 "--format", "json")
    assert result.exit_code == 0, result.stderr
    chains = json.loads(result.stdout)
    assert [c["nodes"][1]["id"] for c in chains] == ["city-court", "oil-union", "ozenmunaigas"]
    first = chains[0]["steps"][0]
    assert (first["from"], first["to"]) == ("roza-tuletaeva", "city-court")
    assert first["claims"][0]["direction"] == "backward"
    assert first["claims"][0]["phrase"] == "sentenced by"
    assert first["claims"][0]["evidence"] == [
        {"source": "hrw-2012", "title": "Striking Oil, Striking Workers",
         "lines": ["12", "14-15"], "note": "Seven years for inciting social discord."}]

    result = cli("path", "roza-tuletaeva", "city-court", "--data", data, "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == ("chain,step,step_confirmed,from,relation,to,date,status,claim,evidence,"
                        "attributes,claimed_by")
    assert lines[1] == ("1,1,true,Roza Tuletaeva,sentenced by,Zhanaözen City Court,2012-06-04,"
                        "confirmed,roza-sentenced,"
                        "\"Striking Oil, Striking Workers, lines 12, 14-15: Seven years for "
                        "inciting social discord.\",,")


def test_cli_path_errors_exit_cleanly(tmp_path: Path) -> None:
    data = str(small_case(tmp_path / "data"))
    result = cli("path", "vadim-kuramshin", "roza-tuletaeva", "--data", data)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: Vadim Kuramshin and Roza Tuletaeva are not connected")
    result = cli("path", "vadim-kuramshin", "roza-tuletaeva", "--data", data, "--format", "json")
    assert result.exit_code == 1 and json.loads(result.stdout) == []  # no chain: an empty list
    result = cli("path", "marat-tuletaev", "kmg", "--max-length", "2", "--data", data)
    assert result.exit_code == 1 and "the shortest has 3" in result.stderr
    result = cli("path", "marat-tuletaev", "kmg", "--max-length", "0", "--data", data)
    assert result.exit_code == 2
    # a relation filter removes the link: the chain must go another way or not at all
    result = cli("path", "roza-tuletaeva", "natalia-sokolova", "--data", data, "--all",
                 "--relation", "sentenced", "--format", "json")
    assert [c["nodes"][1]["id"] for c in json.loads(result.stdout)] == ["city-court"]
