"""What rests on what: rankings by status, chains that need allegations, source dependence.

Crafted cases where the answer is known by construction, then the real case, whose
answers are checked against its own YAML (not against copied numbers).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA, invoke, write_case
from graphkit import build_graph, load_dataset
from graphkit.analyse.sensitivity import centrality_by_status, source_dependence

SOURCES = """\
- id: one
  title: First report
- id: two
  title: Second report
"""


def _entities(ids: list[str]) -> str:
    return "".join(f"- id: {i}\n  name: {i.upper()}\n  type: person\n" for i in ids)


def _claim(a: str, b: str, status: str = "confirmed", sources: tuple[str, ...] = ("one",),
           relation: str = "supports") -> str:
    text = f"- source: {a}\n  target: {b}\n  relation: {relation}\n  status: {status}\n"
    if status != "confirmed":
        text += f"  claimed_by: [{a}]\n"
    text += "  evidence:\n" + "".join(f"    - {{source: {s}, lines: [1]}}\n" for s in sources)
    return text


@pytest.fixture
def broker_case(tmp_path: Path) -> Path:
    """Two triangles; x joins the left one for sure and the right one only by allegation."""
    actors = ["a1", "a2", "a3", "b1", "b2", "b3", "x"]
    claims = [_claim("a1", "a2"), _claim("a2", "a3"), _claim("a1", "a3"),
              _claim("b1", "b2"), _claim("b2", "b3"), _claim("b1", "b3"),
              _claim("x", "a1"), _claim("x", "b1", status="alleged")]
    return write_case(tmp_path / "broker", sources=SOURCES, entities=_entities(actors),
                      edges="".join(claims))


def test_a_broker_only_through_one_alleged_claim_is_flagged(broker_case: Path, runner) -> None:
    result = invoke(runner, "centrality", "--data", str(broker_case), "--metric", "betweenness",
                    "--by-status", "--top", "3", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    rows = {r["id"]: r for r in data["actors"]}
    x = rows["x"]
    assert x["rank_all"] == 1 and x["score_established"] == 0.0
    assert x["depends_on"] == "contested" and x["claims_of"] == "own"
    assert x["claims"] == ["x.supports.b1"]
    # a1 and b1 stay in the top on confirmed claims: nothing flags them
    assert rows["a1"]["depends_on"] is None
    assert [lv["key"] for lv in data["levels"]] == ["established", "contested", "all"]
    assert data["correlation"]["contested~all"] == pytest.approx(1.0)
    table = invoke(runner, "centrality", "--data", str(broker_case), "--metric",
                   "betweenness", "--by-status", "--top", "3")
    assert "Spearman rank correlation, established vs contested" in table.stdout
    assert "only through claims that are not confirmed" in table.stdout


def test_flags_come_from_the_claims_not_the_labels(broker_case: Path) -> None:
    """Confirming the alleged claim removes the flag; denying it moves it to 'all'."""
    edges = (broker_case / "edges.yaml").read_text(encoding="utf-8")
    for status, expected in (("confirmed", None), ("denied", "all")):
        changed = edges.replace("status: alleged", f"status: {status}")
        if status == "confirmed":
            changed = changed.replace("  claimed_by: [x]\n", "")
        (broker_case / "edges.yaml").write_text(changed, encoding="utf-8")
        graph = build_graph(load_dataset(broker_case, use_cache=False))
        ranking = centrality_by_status(graph, "betweenness", top=3)
        assert ranking.depends.get("x") == expected


@pytest.fixture
def path_case(tmp_path: Path) -> Path:
    """a - x (confirmed) - b (disputed): 2 steps; a - c - d - b all confirmed: 3 steps."""
    actors = ["a", "b", "c", "d", "x", "lonely", "far"]
    claims = [_claim("a", "x"), _claim("x", "b", status="disputed"),
              _claim("a", "c"), _claim("c", "d"), _claim("d", "b"),
              _claim("lonely", "far", status="alleged"), _claim("far", "a")]
    return write_case(tmp_path / "paths", sources=SOURCES, entities=_entities(actors),
                      edges="".join(claims))


def test_a_chain_that_needs_a_disputed_claim_shows_the_confirmed_one(path_case: Path,
                                                                     runner) -> None:
    data = json.loads(invoke(runner, "path", "a", "b", "--data", str(path_case),
                             "--format", "json").stdout)
    chain = data[0]
    assert [n["id"] for n in chain["nodes"]] == ["a", "x", "b"]
    assert chain["needs_unconfirmed"] is True and chain["unconfirmed_steps"] == [2]
    alternative = chain["confirmed_alternative"]
    assert [n["id"] for n in alternative["nodes"]] == ["a", "c", "d", "b"]
    assert all(c["status"] == "confirmed" for s in alternative["steps"] for c in s["claims"])
    text = invoke(runner, "path", "a", "b", "--data", str(path_case)).stdout
    assert "step 2 has no confirmed claim" in text
    assert "On confirmed claims alone: 3 steps, A — C — D — B" in text
    csv_out = invoke(runner, "path", "a", "b", "--data", str(path_case), "--format", "csv")
    lines = csv_out.stdout.splitlines()
    assert lines[0].startswith("chain,step,step_confirmed,")
    assert lines[1].split(",")[2] == "true" and lines[2].split(",")[2] == "false"


def test_when_no_confirmed_chain_exists_it_says_so(path_case: Path, runner) -> None:
    text = invoke(runner, "path", "lonely", "a", "--data", str(path_case))
    assert text.exit_code == 0
    assert "On confirmed claims alone, no chain links LONELY and A." in text.stdout
    data = json.loads(invoke(runner, "path", "lonely", "a", "--data", str(path_case),
                             "--format", "json").stdout)
    assert data[0]["confirmed_alternative"] is None
    confirmed = json.loads(invoke(runner, "path", "a", "c", "--data", str(path_case),
                                  "--format", "json").stdout)[0]
    assert confirmed["needs_unconfirmed"] is False and "confirmed_alternative" not in confirmed


def test_an_actor_known_from_one_source(tmp_path: Path, runner) -> None:
    actors = ["a", "b", "c", "solo"]
    claims = [_claim("a", "b", sources=("one", "two")), _claim("b", "c", sources=("two",)),
              _claim("c", "solo", sources=("two",)), _claim("a", "c", sources=("one",))]
    case = write_case(tmp_path / "src", sources=SOURCES, entities=_entities(actors),
                      edges="".join(claims))
    found = source_dependence(build_graph(load_dataset(case)))
    assert found.single_source_actors == {"solo": "two"}
    assert sorted(found.single_source_claims) == ["a.supports.c", "b.supports.c",
                                                  "c.supports.solo"]
    by_id = {s.id: s for s in found.sources}
    assert (by_id["two"].claims, by_id["two"].only_claims, by_id["two"].only_ties,
            by_id["two"].only_actors) == (3, 2, 2, 1)
    assert by_id["one"].only_claims == 1 and by_id["one"].only_actors == 0
    assert by_id["two"].share_claims == pytest.approx(0.5)
    assert by_id["two"].share_actors == pytest.approx(0.25)
    listed = invoke(runner, "sources", "--data", str(case), "--actors", "--format", "csv")
    assert listed.stdout.splitlines() == ["id,name,type,source,claims", "solo,SOLO,person,two,1"]
    table = invoke(runner, "sources", "--data", str(case))
    assert "3 of 4 claims (75%) rest on a single source; 1 of 4 actors" in table.stdout


def test_report_says_what_rests_on_what(broker_case: Path, runner) -> None:
    report = invoke(runner, "report", "--data", str(broker_case), "--top", "3").stdout
    section = report.split("## What rests on contested claims or a single source", 1)[1]
    assert "X ranks 1st on every claim but" in section and "`x.supports.b1`" in section
    assert "8 of 8 claims (100%) and 7 of 7 actors rest on a single source." in section


def test_a_status_standing_is_checked(tmp_path: Path, runner) -> None:
    vocabulary = "statuses:\n  rumoured: {label: Rumoured, standing: maybe}\n"
    case = write_case(tmp_path / "v", sources=SOURCES, entities=_entities(["a", "b"]),
                      edges=_claim("a", "b"), vocabulary=vocabulary)
    result = invoke(runner, "validate", "--data", str(case))
    assert result.exit_code == 1 and "'standing' of 'rumoured' must be one of" in result.stdout \
        + result.stderr


def test_on_the_real_case_flags_and_single_sources_match_the_data() -> None:
    dataset = load_dataset(DATA)
    graph = build_graph(dataset)
    statuses = {d["id"]: d["status"] for *_, d in graph.edges(data=True)}
    for metric in ("betweenness", "pagerank"):
        ranking = centrality_by_status(graph, metric, top=10)
        for node, needs in ranking.depends.items():
            assert ranking.ranks["established"][node] > 10
            assert ranking.ranks[needs][node] <= 10
            assert ranking.claims[node]
            assert all(statuses[c] != "confirmed" for c in ranking.claims[node])
    found = source_dependence(graph)
    cited: dict[str, set[str]] = {}
    for claim in dataset.claims:
        for end in (claim.source, claim.target):
            cited.setdefault(end, set()).update(e.source for e in claim.evidence)
    expected = {a: next(iter(s)) for a, s in cited.items() if len(s) == 1}
    assert found.single_source_actors == expected
    assert found.claims == len(dataset.claims)
    assert len(found.single_source_claims) == sum(
        1 for c in dataset.claims if len({e.source for e in c.evidence}) == 1)


def test_level_projections_equal_those_of_the_filtered_claims() -> None:
    """Projections.with_statuses narrows the whole graph's ties: the same simple graphs,
    and so the same scores, as collapsing a view that keeps only those claims."""
    import random

    import networkx as nx

    from graphkit.analyse.projection import Projections, collapse
    from graphkit.analyse.scores import metric_scores
    from graphkit.analyse.sensitivity import claims_at

    rng = random.Random(11)
    graph = nx.MultiDiGraph()
    for i in range(60):
        graph.add_node(f"a{i:02d}")
    for c in range(240):
        u, v = rng.sample(range(60), 2)
        graph.add_edge(f"a{u:02d}", f"a{v:02d}", key=f"c{c}", id=f"c{c}", directed=rng.random() > .1,
                       status=rng.choice(["confirmed", "confirmed", "alleged", "denied"]))
    views = Projections(graph)
    for statuses in ({"confirmed"}, {"confirmed", "alleged"}):
        narrowed = views.with_statuses(frozenset(statuses))
        for directed in (False, True):
            expected = collapse(claims_at(graph, statuses), directed=directed)
            got = narrowed.simple(directed)
            assert sorted(got.nodes) == sorted(expected.nodes)
            assert sorted(got.edges(data=True)) == sorted(expected.edges(data=True))
        for metric in ("betweenness", "pagerank", "closeness"):
            assert metric_scores(narrowed, metric) == metric_scores(
                Projections(claims_at(graph, statuses)), metric)
