"""stories.yaml: read with the data, validated with places and suggestions, put on the graph.

Every case writes a real data folder (tests/conftest.py) with a real stories.yaml and runs
the real `graphkit validate`; places are found in the text written, not hard-coded.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import EDGES, STORIES, invoke, write_case
from graphkit import build_graph, load_dataset
from graphkit.load import read_dataset

STORY = STORIES


def line_of(text: str, marker: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` occurrence of ``marker`` in ``text``."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if marker in line]
    return found[nth - 1]


def write_stories(tmp_path: Path, stories: str, edges: str = EDGES, **files: str) -> Path:
    return write_case(tmp_path / "data", edges=edges, stories=stories, **files)


def validate(runner, folder: Path) -> tuple[int, list[dict]]:
    result = invoke(runner, "validate", "--data", str(folder), "--format", "json")
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


# --- a valid file -----------------------------------------------------------------------


def test_valid_stories_load_resolve_and_reach_the_graph(tmp_path: Path, runner) -> None:
    folder = write_stories(tmp_path, STORY)
    code, issues = validate(runner, folder)
    assert code == 0 and issues == []
    result = invoke(runner, "validate", "--data", str(folder))
    assert "5 claims, 1 story, 0 warning(s)" in result.stderr
    dataset = load_dataset(folder)
    graph = build_graph(dataset)
    (story,) = graph.graph["stories"]
    assert story["id"] == "tuletaeva" and story["lead"] == "How a strike spokesperson was jailed."
    first, second, third = story["steps"]
    assert [s["number"] for s in story["steps"]] == [1, 2, 3]
    # an alias resolves to the entity id; the focus (an alias too) comes first
    assert first["actors"] == ["roza-tuletaeva", "strike-2011"]
    assert second["focus"] == "acme-oil" and second["actors"] == ["acme-oil"]
    assert first["window"] == {"from": "2011-05", "to": "2011"} and third["window"] is None
    assert second["view"] == {"depth": 2, "statuses": ["confirmed", "alleged"]}
    assert first["view"] == {"depth": None, "statuses": []}
    # every reference names what the graph holds: actors are nodes, claims are edge keys
    keys = {k for _, _, k in graph.edges(keys=True)}
    for step in story["steps"]:
        assert set(step["actors"]) <= set(graph.nodes)
        assert set(step["claims"]) <= keys
    assert json.loads(json.dumps(graph.graph["stories"])) == graph.graph["stories"]


def test_no_stories_file_means_no_stories_and_no_issue(case: Path, runner) -> None:
    dataset = load_dataset(case)
    assert dataset.stories == [] and build_graph(dataset).graph["stories"] == []
    result = invoke(runner, "validate", "--data", str(case))
    assert result.exit_code == 0 and "5 claims, 0 warning(s)" in result.stderr


def test_the_cache_sees_a_changed_stories_file(tmp_path: Path) -> None:
    folder = write_stories(tmp_path, STORY)
    assert [s.title for s in load_dataset(folder).stories] == ["Roza Tuletaeva and the strike"]
    (folder / "stories.yaml").write_text(STORY.replace("and the strike", "retold"), "utf-8")
    assert [s.title for s in load_dataset(folder).stories] == ["Roza Tuletaeva retold"]
    (folder / "stories.yaml").unlink()
    assert load_dataset(folder).stories == []


# --- errors, each with its place and its suggestion --------------------------------------


def replace(old: str, new: str) -> str:
    assert old in STORY
    return STORY.replace(old, new, 1)


# (name, stories.yaml text, code, marker on the reported line, words of the hint)
ERRORS = [
    ("unknown actor", replace("[Roza Tuletayeva, strike-2011]", "[Roza Tuletayeva, strike-211]"),
     "unknown-entity", "strike-211]", "did you mean 'strike-2011'?"),
    ("unknown focus", replace("focus: AcmeOil", "focus: acme-oli"), "unknown-entity",
     "focus: acme-oli", "did you mean 'acme-oil'?"),
    ("claim whose relation changed", replace("city-court.sentenced.roza", "city-court.prosecuted.roza"),
     "unknown-claim", "city-court.prosecuted", "did you mean 'city-court.sentenced.roza-tuletaeva'?"),
    ("claim id misspelt", replace("member_of.oil-union", "member_of.oil-unoin"),
     "unknown-claim", "oil-unoin", "did you mean 'roza-tuletaeva.member_of.oil-union'?"),
    ("claim id that is nothing like one", replace("claims: [acme-oil.criticizes.oil-union]",
                                                  "claims: [zzz]"),
     "unknown-claim", "[zzz]", "graphkit neighbors"),
    ("empty step", replace("      actors: [city-court]\n"
                           "      claims: [city-court.sentenced.roza-tuletaeva]\n", ""),
     "empty-step", "- title: The sentence", "actors:"),
    ("step text missing", replace("      text: The court sentenced her.\n", ""),
     "missing-field", "- title: The sentence", "text"),
    ("step title empty", replace("- title: The sentence", "- title: ''"), "empty-value",
     "- title: ''", "title"),
    ("reversed window", replace("{from: 2011-05, to: 2011}", "{from: 2011-05, to: 2010}"),
     "bad-span", "to: 2010", "swap `from` and `to`"),
    ("bad window date", replace("{from: 2011-05, to: 2011}", "{from: 2011-13}"),
     "bad-date", "2011-13", "YYYY-MM"),
    ("window not a mapping", replace("{from: 2011-05, to: 2011}", "2011"), "wrong-shape",
     "window: 2011", "from: 2011-05"),
    ("window field misspelt", replace("{from: 2011-05, to: 2011}", "{since: 2011-05}"),
     "unknown-field", "since", "allowed fields: from, to"),
    ("depth out of range", replace("depth: 2", "depth: 4"), "bad-depth", "depth: 4", "1, 2 or 3"),
    ("depth not a number", replace("depth: 2", "depth: two"), "bad-depth", "depth: two",
     "1, 2 or 3"),
    ("unknown status", replace("[confirmed, alleged]", "[confirmed, aleged]"), "unknown-status",
     "aleged", "did you mean 'alleged'?"),
    ("step field misspelt", replace("      focus: AcmeOil", "      focsu: AcmeOil"),
     "unknown-field", "focsu", "did you mean 'focus'?"),
    ("duplicate story id", STORY + STORY.replace("title: Roza Tuletaeva and", "title: Again,", 1),
     "duplicate-id", "- id: tuletaeva", "give each item its own id"),
    ("story id not a slug", replace("id: tuletaeva", "id: Roza Story"), "bad-id", "id: Roza",
     "roza-story"),
    ("summary missing", replace("  summary: |\n    How a strike spokesperson was jailed. What "
                                "followed is told elsewhere.\n\n    A second paragraph.\n", ""),
     "missing-field", "- id: tuletaeva", "summary"),
    ("no steps", "- id: x\n  title: X\n  summary: S\n  steps: []\n", "empty-value", "steps: []",
     "at least one step"),
    ("steps missing", "- id: x\n  title: X\n  summary: S\n", "missing-field", "- id: x",
     "steps:"),
    ("a mapping, not a list", "id: x\ntitle: X\n", "wrong-shape", "id: x", "- "),
    ("yaml syntax", "- id: x\n  title: [unclosed\n", "yaml-syntax", "", ""),
]


@pytest.mark.parametrize("name,text,code,marker,hint", ERRORS, ids=[e[0] for e in ERRORS])
def test_story_error_with_place_and_suggestion(tmp_path: Path, runner, name: str, text: str,
                                               code: str, marker: str, hint: str) -> None:
    folder = write_stories(tmp_path, text)
    exit_code, issues = validate(runner, folder)
    assert exit_code == 1, issues
    found = [i for i in issues if i["type"] == code]
    assert found, issues
    issue = found[-1] if name == "duplicate story id" else found[0]
    assert Path(issue["file"]) == folder / "stories.yaml"
    assert issue["severity"] == "error"
    if marker:
        nth = 2 if name == "duplicate story id" else 1
        assert issue["line"] == line_of(text, marker, nth), issue
    assert hint in issue["hint"], issue
    # the text form is the documented one-liner
    line = invoke(runner, "validate", "--data", str(folder)).stdout
    assert f"{folder / 'stories.yaml'}:{issue['line']}:" in line and f"[{code}]" in line


def test_every_problem_of_the_file_is_reported_at_once(tmp_path: Path, runner) -> None:
    text = (replace("strike-2011]", "strike-211]")
            .replace("depth: 2", "depth: 9").replace("to: 2011}", "to: 2010}"))
    exit_code, issues = validate(runner, write_stories(tmp_path, text))
    assert exit_code == 1
    assert [i["type"] for i in issues] == ["unknown-entity", "bad-span", "bad-depth"]
    assert [i["line"] for i in issues] == sorted(i["line"] for i in issues)


def test_several_claims_between_the_same_actors_are_listed(tmp_path: Path, runner) -> None:
    edges = EDGES + textwrap.dedent("""\
        - source: oil-union
          target: acme-oil
          relation: criticizes
          evidence: [{source: report-2012, lines: [3]}]
        """)
    text = replace("claims: [acme-oil.criticizes.oil-union]", "claims: [acme-oil.supports.oil-union]")
    _, issues = validate(runner, write_stories(tmp_path, text, edges=edges))
    (issue,) = [i for i in issues if i["type"] == "unknown-claim"]
    assert issue["hint"] == ("claims between 'acme-oil' and 'oil-union': "
                             "'acme-oil.criticizes.oil-union', 'oil-union.criticizes.acme-oil'")


def test_unknown_claim_when_edges_has_errors_says_so(tmp_path: Path, runner) -> None:
    edges = EDGES + "- source: nobody\n  target: acme-oil\n  relation: owns\n" \
                    "  evidence: [{source: report-2012}]\n"
    text = replace("claims: [acme-oil.criticizes.oil-union]", "claims: [zzz]")
    _, issues = validate(runner, write_stories(tmp_path, text, edges=edges))
    (issue,) = [i for i in issues if i["type"] == "unknown-claim"]
    assert "edges.yaml has errors" in issue["hint"]


def test_references_into_an_unreadable_file_are_not_reported(tmp_path: Path, runner) -> None:
    folder = write_stories(tmp_path, STORY, entities="- id: a\n  name: [unclosed\n")
    _, issues = validate(runner, folder)
    assert [Path(i["file"]).name for i in issues] == ["entities.yaml"]
    partial = read_dataset(folder)
    assert [s.id for s in partial.stories] == ["tuletaeva"]


# --- warnings: valid data, but a step that would not show what it says -------------------


def test_claim_involving_none_of_the_steps_actors_is_a_warning(tmp_path: Path, runner) -> None:
    text = replace("actors: [city-court]", "actors: [strike-2011]")
    exit_code, issues = validate(runner, write_stories(tmp_path, text))
    assert exit_code == 0
    (issue,) = issues
    assert (issue["type"], issue["severity"]) == ("unrelated-claim", "warning")
    assert issue["line"] == line_of(text, "city-court.sentenced.roza-tuletaeva")
    assert "'city-court' and 'roza-tuletaeva' are not listed" in issue["msg"]


def test_window_and_statuses_that_hide_the_steps_claims_warn(tmp_path: Path, runner) -> None:
    dataset = load_dataset(write_case(tmp_path / "probe"))
    claims = {c.id: c for c in dataset.claims}
    sentenced = claims["city-court.sentenced.roza-tuletaeva"]
    alleged = claims["acme-oil.criticizes.oil-union"]
    later = sentenced.date.year + 1
    text = (replace("actors: [city-court]", f"actors: [city-court]\n      window: {{from: {later}}}")
            .replace("[confirmed, alleged]", "[confirmed]"))
    exit_code, issues = validate(runner, write_stories(tmp_path, text))
    assert exit_code == 0
    assert [(i["type"], i["severity"]) for i in issues] == [("hidden-claim", "warning")] * 2
    by_status, by_window = issues
    assert f"({alleged.status})" in by_status["msg"] and alleged.id in by_status["msg"]
    assert f"'{alleged.status}'" in by_status["hint"]
    assert sentenced.date.iso() in by_window["msg"] and sentenced.id in by_window["msg"]


def test_citing_an_order_dependent_derived_id_warns(tmp_path: Path, runner) -> None:
    edges = EDGES + textwrap.dedent("""\
        - source: city-court
          target: roza-tuletaeva
          relation: sentenced
          date: 2013
          evidence: [{source: report-2012, lines: [1]}]
        - id: appeal-ruling
          source: city-court
          target: roza-tuletaeva
          relation: sentenced
          date: 2014
          evidence: [{source: report-2012, lines: [1]}]
        """)
    ids = [c.id for c in load_dataset(write_case(tmp_path / "probe", edges=edges)).claims
           if c.relation == "sentenced"]
    assert ids == ["city-court.sentenced.roza-tuletaeva", "city-court.sentenced.roza-tuletaeva.2",
                   "appeal-ruling"]
    text = replace("claims: [city-court.sentenced.roza-tuletaeva]", f"claims: [{', '.join(ids)}]")
    exit_code, issues = validate(runner, write_stories(tmp_path, text, edges=edges))
    assert exit_code == 0
    assert [i["type"] for i in issues] == ["unstable-claim-id"] * 2  # not the explicit id
    assert {i["msg"].split("'")[1] for i in issues} == set(ids[:2])
