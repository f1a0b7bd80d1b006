"""``graphkit diff``: crafted pairs of data folders, spreadsheets, and git revisions of the
real case, through the real CLI and a real git."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA, EDGES, ENTITIES, invoke, write_case
from graphkit.load import load_dataset

STATUS = """\
- source: acme-oil
  target: oil-union
  relation: criticizes
"""


def edited(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = invoke(runner, "diff", *args)
    return result.exit_code, result.stdout, result.stderr


def test_the_same_case_written_differently_is_equal(tmp_path: Path, runner: CliRunner) -> None:
    old = write_case(tmp_path / "old")
    new = write_case(tmp_path / "new", entities="# a comment\n" + ENTITIES.replace(
        "aliases: [AcmeOil, Acmé Oil]", "aliases:\n    - AcmeOil\n    - Acmé Oil"))
    code, out, err = run(runner, str(old), str(new))
    assert (code, out, err) == (0, "", "")
    code, out, _ = run(runner, str(old), str(new), "--format", "json")
    assert code == 0 and json.loads(out)["equal"] is True


def test_changes_are_listed_field_by_field_with_status_first(tmp_path: Path,
                                                             runner: CliRunner) -> None:
    old = write_case(tmp_path / "old")
    edges = edited(EDGES, "  status: alleged\n", "  status: confirmed\n")
    edges = edited(edges, "date: 2012-06-04", "date: 2012-06-05")
    edges = edited(edges, "attributes: {years: 7}", "attributes: {years: \"7\", appeal: true}")
    edges = edited(edges, 'evidence: [{source: report-2012, lines: ["2-3"]}]\n- source: '
                   'roza-tuletaeva\n  target: oil-union',
                   'evidence: [{source: report-2012, lines: ["2-3"]}, {source: report-2012, '
                   'lines: [4], note: "Also here."}]\n- source: roza-tuletaeva\n  target: '
                   'oil-union')
    edges += ("- source: oil-union\n  target: acme-oil\n  relation: opposes\n"
              "  evidence: [{source: report-2012, lines: [3]}]\n")
    entities = edited(ENTITIES, "description: Strike spokesperson.",
                      "description: \"Strike spokesperson,\\njailed in 2012.\"")
    entities = edited(entities, "aliases: [AcmeOil, Acmé Oil]", "aliases: [AcmeOil, Acme]")
    new = write_case(tmp_path / "new", edges=edges, entities=entities)
    code, out, err = run(runner, str(old), str(new))
    assert code == 1 and err == ""
    assert out.splitlines() == [
        f"{old} → {new}: 1 status change; actors: 2 changed; claims: 1 added, 3 changed",
        "",
        "Status changes",
        "  ~ acme-oil.criticizes.oil-union  Acme Oil criticizes Oil Workers Union",
        "      status: alleged → confirmed",
        "",
        "Actors",
        "  ~ acme-oil  Acme Oil",
        '      aliases: + "Acme"',
        '      aliases: - "Acmé Oil"',
        "  ~ roza-tuletaeva  Roza Tuletaeva",
        '      description: "Strike spokesperson." → "Strike spokesperson,↵jailed in 2012."',
        "",
        "Claims",
        "  + oil-union.opposes.acme-oil  Oil Workers Union opposes Acme Oil",
        "  ~ acme-oil.criticizes.oil-union  Acme Oil criticizes Oil Workers Union",
        '      status: "alleged" → "confirmed"',
        "  ~ city-court.sentenced.roza-tuletaeva  Zhanaozen City Court sentenced Roza Tuletaeva",
        '      date: "2012-06-04" → "2012-06-05"',
        '      attributes.appeal: (none) → true',
        '      attributes.years: 7 → "7"',
        "  ~ roza-tuletaeva.employed_by.acme-oil  Roza Tuletaeva employed by Acme Oil",
        '      evidence: + report-2012, line 4: "Also here."',
    ]
    code, out, _ = run(runner, str(old), str(new), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["equal"] is False
    assert data["status_changes"] == [{"id": "acme-oil.criticizes.oil-union",
                                       "old_id": "acme-oil.criticizes.oil-union",
                                       "label": "Acme Oil criticizes Oil Workers Union",
                                       "old": "alleged", "new": "confirmed"}]
    sentenced = next(c for c in data["claims"]["changed"] if c["id"].startswith("city-court"))
    assert sentenced["changes"][1] == {"field": "attributes", "old": {"years": 7},
                                       "new": {"years": "7", "appeal": True}}
    assert data["summary"]["claims"] == {"added": 1, "removed": 0, "renamed": 0, "changed": 3}
    assert list(data) == ["old", "new", "equal", "summary", "status_changes", "actors",
                          "claims", "sources", "stories"]


def test_a_renamed_actor_is_followed_with_its_claims(tmp_path: Path, runner: CliRunner) -> None:
    old = write_case(tmp_path / "old")
    entities = edited(ENTITIES, "- id: roza-tuletaeva\n  name: Roza Tuletaeva",
                      "- id: r-tuletaeva\n  name: Roza Tuletaeva")
    edges = EDGES.replace("roza-tuletaeva", "r-tuletaeva")
    new = write_case(tmp_path / "new", entities=entities, edges=edges)
    code, out, _ = run(runner, str(old), str(new))
    assert code == 1
    assert out.splitlines() == [f"{old} → {new}: actors: 1 renamed", "", "Actors",
                                "  > roza-tuletaeva → r-tuletaeva  Roza Tuletaeva"]
    # a rename that also drops the name but keeps it as an alias is still a rename
    entities = edited(ENTITIES, "- id: roza-tuletaeva\n  name: Roza Tuletaeva\n  type: person\n"
                      "  aliases: [Roza Tuletayeva]",
                      "- id: tuletaeva\n  name: R. Tuletaeva\n  type: person\n"
                      "  aliases: [Roza Tuletayeva]")
    new = write_case(tmp_path / "new2", entities=entities,
                     edges=EDGES.replace("roza-tuletaeva", "tuletaeva"))
    code, out, _ = run(runner, str(old), str(new), "--format", "json")
    data = json.loads(out)
    assert data["actors"]["renamed"] == [{"old": "roza-tuletaeva", "new": "tuletaeva",
                                          "name": "R. Tuletaeva", "merged": False}]
    assert data["actors"]["changed"][0]["changes"] == [
        {"field": "name", "old": "Roza Tuletaeva", "new": "R. Tuletaeva"}]
    assert data["claims"] == {"added": [], "removed": [], "renamed": [], "changed": []}


def test_an_actor_merged_into_another_is_followed_with_its_claims(tmp_path: Path,
                                                                  runner: CliRunner) -> None:
    """What ``graphkit lint --fix`` does: the duplicate goes, its name becomes an alias of
    the actor kept, its claims point at that actor."""
    duplicate = "- id: union-of-oil-workers\n  name: Union of Oil Workers\n  type: union\n"
    claim = ("- source: roza-tuletaeva\n  target: union-of-oil-workers\n  relation: member_of\n"
             "  date: 2011\n  evidence: [{source: report-2012, lines: [3]}]\n")
    old = write_case(tmp_path / "old", entities=ENTITIES + duplicate, edges=EDGES + claim)
    kept = edited(ENTITIES, "- id: oil-union\n  name: Oil Workers Union\n  type: union\n",
                  "- id: oil-union\n  name: Oil Workers Union\n  type: union\n"
                  "  aliases: [Union of Oil Workers]\n")
    new = write_case(tmp_path / "new", entities=kept,
                     edges=EDGES + claim.replace("union-of-oil-workers", "oil-union"))
    code, out, _ = run(runner, str(old), str(new))
    assert code == 1
    assert out.splitlines() == [
        f"{old} → {new}: actors: 1 renamed, 1 changed", "", "Actors",
        "  > union-of-oil-workers → oil-union  Oil Workers Union",
        "      merged into an actor already there",
        "  ~ oil-union  Oil Workers Union",
        '      aliases: + "Union of Oil Workers"']
    code, out, _ = run(runner, str(old), str(new), "--format", "markdown")
    assert "- renamed `union-of-oil-workers → oil-union` `Oil Workers Union`\n" \
        "  - merged into an actor already there\n" in out


def test_claims_are_matched_by_content_when_derived_ids_shift(tmp_path: Path,
                                                              runner: CliRunner) -> None:
    twice = EDGES + ("- source: roza-tuletaeva\n  target: acme-oil\n  relation: employed_by\n"
                     "  date: 2012\n  evidence: [{source: report-2012, lines: [4]}]\n")
    old = write_case(tmp_path / "old", edges=twice)
    # the first of two parallel claims goes: the second's derived id loses its ".2"
    new = write_case(tmp_path / "new", edges=edited(
        twice, '- source: roza-tuletaeva\n  target: acme-oil\n  relation: employed_by\n'
        '  evidence: [{source: report-2012, lines: ["2-3"]}]\n', ""))
    code, out, _ = run(runner, str(old), str(new), "--format", "json")
    data = json.loads(out)
    assert [c["id"] for c in data["claims"]["removed"]] == ["roza-tuletaeva.employed_by.acme-oil"]
    assert data["claims"]["removed"][0]["evidence"][0]["lines"] == ["2-3"]
    assert data["claims"]["added"] == [] and data["claims"]["changed"] == []
    # a relation changed on the same evidence is a change, not a removal and an addition
    new = write_case(tmp_path / "new2", edges=edited(EDGES, "relation: criticizes",
                                                     "relation: opposes"))
    code, out, _ = run(runner, str(write_case(tmp_path / "old2")), str(new), "--format", "json")
    changed = json.loads(out)["claims"]
    assert changed["added"] == [] and changed["removed"] == []
    assert changed["changed"][0]["old_id"] == "acme-oil.criticizes.oil-union"
    assert changed["changed"][0]["id"] == "acme-oil.opposes.oil-union"
    assert changed["changed"][0]["changes"][0] == {"field": "relation", "old": "criticizes",
                                                   "new": "opposes"}
    # a written id that changes is reported
    new = write_case(tmp_path / "new3", edges=edited(EDGES, STATUS, "- id: fixed\n  "
                                                     + STATUS[2:]))
    code, out, _ = run(runner, str(tmp_path / "old2"), str(new))
    assert "  ~ acme-oil.criticizes.oil-union → fixed  Acme Oil criticizes Oil Workers Union\n" \
        "      id: (none) → \"fixed\"\n" in out


def test_markdown_keeps_hostile_text_inert(tmp_path: Path, runner: CliRunner) -> None:
    old = write_case(tmp_path / "old")
    hostile = "<script>alert(1)</script> @everyone [x](http://evil) | `tick` ``two``\nline"
    entities = edited(ENTITIES, "description: Strike spokesperson.",
                      "description: " + json.dumps(hostile))
    new = write_case(tmp_path / "new", entities=entities,
                     edges=edited(EDGES, "  status: alleged\n", "  status: denied\n"))
    code, out, _ = run(runner, str(old), str(new), "--format", "markdown")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"### Changes to the case: `{old}` → `{new}`"
    assert lines[2] == "**1 status change; actors: 1 changed; claims: 1 changed**"
    assert lines[4] == "#### Status changes"             # status changes come first
    assert lines[6] == ("- `acme-oil.criticizes.oil-union` `Acme Oil criticizes Oil Workers "
                        "Union`: **alleged → denied**")
    description = next(line for line in lines if line.startswith("  - description:"))
    assert description == ('  - description: ```"Strike spokesperson." → "<script>alert(1)'
                           '</script> @everyone [x](http://evil) | `tick` ``two``↵line"```')
    outside = re.sub(r"(`+).*?\1", "", out)          # what a renderer would not show as code
    assert not re.search(r"[<@\[|]", outside)


def test_sheets_can_be_compared_with_a_data_folder(tmp_path: Path, runner: CliRunner) -> None:
    case = write_case(tmp_path / "data")
    assert invoke(runner, "export", "--data", str(case), "--format", "xlsx", "--out",
                  str(tmp_path / "case.xlsx")).exit_code == 0
    assert run(runner, str(case), str(tmp_path / "case.xlsx")) == (0, "", "")
    assert invoke(runner, "export", "--data", str(case), "--format", "sheets", "--out",
                  str(tmp_path / "sheets")).exit_code == 0
    claims = tmp_path / "sheets" / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8-sig").replace(",alleged,",
                                                                     ",confirmed,"),
                      encoding="utf-8")
    code, out, _ = run(runner, str(tmp_path / "case.xlsx"), str(tmp_path / "sheets"))
    assert code == 1 and "status: alleged → confirmed" in out


@pytest.mark.parametrize("args, message", [
    (("nowhere", "data"), "data folder 'nowhere' does not exist"),
    (("data",), "give two versions to compare"),
    (("data", "data", "--git", "HEAD"), "not both"),
])
def test_trouble_exits_2(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch,
                         args: tuple[str, ...], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    write_case(tmp_path / "data")
    code, out, err = run(runner, *args)
    assert code == 2 and out == "" and message in err and "Traceback" not in err


def test_invalid_data_on_either_side_exits_2_with_the_issues(tmp_path: Path,
                                                             runner: CliRunner) -> None:
    bad = write_case(tmp_path / "bad", edges=EDGES.replace("relation: sentenced",
                                                           "relation: sentencd"))
    code, out, err = run(runner, str(write_case(tmp_path / "good")), str(bad))
    assert code == 2 and out == ""
    assert f"{bad}/edges.yaml:3:13: error [unknown-relation] relation 'sentencd'" in err


# --------------------------------------------------------------------------- git

def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding the real Zhanaozen case in ``case/data``, one commit."""
    root = tmp_path / "repo"
    shutil.copytree(DATA, root / "case" / "data")
    git(root, "init", "-q")
    git(root, "config", "user.email", "curator@example.org")
    git(root, "config", "user.name", "Curator")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "the case")
    return root


def rename_everywhere(folder: Path, old: str, new: str) -> None:
    pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    for name in ("entities.yaml", "edges.yaml", "stories.yaml", "case.yaml"):
        path = folder / name
        if path.exists():    # stories and case.yaml name actors too (and derived claim ids)
            path.write_text(pattern.sub(new, path.read_text(encoding="utf-8")), encoding="utf-8")


def set_status(folder: Path, claim_line: int, old: str, new: str) -> None:
    """Change the status of the claim whose item starts at ``claim_line`` of edges.yaml."""
    path = folder / "edges.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    end = next(i for i in range(claim_line, len(lines)) if lines[i].startswith("- "))
    at = next(i for i in range(claim_line - 1, end) if lines[i].strip() == f"status: {old}")
    lines[at] = lines[at].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_git_revisions_of_the_real_case(repo: Path, runner: CliRunner) -> None:
    data = repo / "case" / "data"
    case = load_dataset(data)
    busiest = Counter(end for c in case.claims for end in (c.source, c.target)).most_common(1)
    actor = case.entities[busiest[0][0]]
    alleged = next(c for c in case.claims if c.status == "alleged" and actor.id not in
                   (c.source, c.target, *c.claimed_by))
    rename_everywhere(data, actor.id, "renamed-" + actor.id)
    set_status(data, alleged.line, "alleged", "confirmed")
    git(repo, "commit", "-q", "-am", "review")
    code, out, err = run(runner, "--git", "HEAD~1..HEAD", "--data", str(data))
    assert code == 1, err
    label = f"{case.entities[alleged.source].name} "
    assert out.splitlines()[:10] == [
        f"HEAD~1:{data} → HEAD:{data}: 1 status change; actors: 1 renamed; claims: 1 changed",
        "",
        "Status changes",
        f"  ~ {alleged.id}  {label}" + out.splitlines()[3].split(f"  {label}", 1)[1],
        "      status: alleged → confirmed",
        "",
        "Actors",
        f"  > {actor.id} → renamed-{actor.id}  {actor.name}",
        "",
        "Claims",
    ]
    # the renamed actor's claims changed their derived ids; none is reported
    assert f"{actor.id}." not in out.replace(f"renamed-{actor.id}", "")
    assert busiest[0][1] > 50
    assert run(runner, "--git", "HEAD..HEAD", "--data", str(data)) == (0, "", "")
    # one revision: compared with the folder as it is now, uncommitted edits included
    denied = next(c for c in load_dataset(data).claims if c.status == "denied")
    set_status(data, denied.line, "denied", "disputed")
    code, out, _ = run(runner, "--git", "HEAD", "--data", str(data), "--format", "json")
    changes = json.loads(out)
    assert code == 1 and changes["new"] == str(data)
    assert [(s["id"], s["old"], s["new"]) for s in changes["status_changes"]] == [
        (denied.id, "denied", "disputed")]


def test_a_rewritten_story_step_is_a_change_and_renames_are_followed(repo: Path,
                                                                     runner: CliRunner) -> None:
    """stories.yaml is part of the case: its words are published, so diff shows them."""
    data = repo / "case" / "data"
    story = load_dataset(data).stories[0]
    step = story.steps[1]
    path = data / "stories.yaml"
    first_words = step.text.split()[:3]
    text = path.read_text(encoding="utf-8")
    at = text.index(" ".join(first_words))
    path.write_text(text[:at] + "REVIEWED " + text[at:], encoding="utf-8")
    git(repo, "commit", "-q", "-am", "story reviewed")
    code, out, err = run(runner, "--git", "HEAD~1..HEAD", "--data", str(data))
    assert code == 1, err
    assert out.splitlines()[0].endswith(": stories: 1 changed")
    assert f"  ~ {story.id}  {story.title}" in out
    assert 'step 2 text: "' + " ".join(first_words) in out and '"REVIEWED ' in out
    changes = json.loads(run(runner, "--git", "HEAD~1..HEAD", "--data", str(data),
                             "--format", "json")[1])["stories"]["changed"]
    assert [(c["id"], [f["field"] for f in c["changes"]]) for c in changes] == [
        (story.id, ["step 2 text"])]
    # An actor renamed everywhere: the stories naming it follow, as its claims do.
    rename_everywhere(data, step.actors[0], "renamed-" + step.actors[0])
    git(repo, "commit", "-q", "-am", "rename")
    code, out, _ = run(runner, "--git", "HEAD~1..HEAD", "--data", str(data))
    assert code == 1 and "stories" not in out.splitlines()[0], out.splitlines()[0]


def test_git_trouble_is_named_and_exits_2(repo: Path, runner: CliRunner,
                                          tmp_path: Path) -> None:
    data = repo / "case" / "data"
    code, _, err = run(runner, "--git", "no-such-rev..HEAD", "--data", str(data))
    assert code == 2 and "no revision 'no-such-rev' in the git repository" in err
    code, _, err = run(runner, "--git", "--upload-pack=touch /tmp/x", "--data", str(data))
    assert code == 2 and "is not a revision" in err
    code, _, err = run(runner, "--git", "HEAD", "--data", str(repo / "case"))
    assert code == 2 and "there is no data folder at HEAD:case/" in err
    outside = write_case(tmp_path / "elsewhere" / "data")
    code, _, err = run(runner, "--git", "HEAD", "--data", str(outside))
    assert code == 2 and "is not inside a git repository" in err
    (data / "edges.yaml").unlink()
    (data / "edges.yaml").symlink_to("/etc/passwd")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a link")
    code, out, err = run(runner, "--git", "HEAD~1..HEAD", "--data", str(data))
    assert code == 2 and out == ""
    assert "HEAD:case/data/edges.yaml: error [unreadable-file] HEAD:case/data/edges.yaml is " \
        "not a plain file in HEAD (mode 120000)" in err
    assert "root:" not in err


def test_invalid_data_at_a_revision_is_reported_at_that_revision(repo: Path,
                                                                 runner: CliRunner) -> None:
    data = repo / "case" / "data"
    path = data / "edges.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("relation: criticizes",
                                                             "relation: criticises", 1),
                    encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a typo")
    code, _, err = run(runner, "--git", "HEAD~1..HEAD", "--data", str(data))
    assert code == 2
    assert re.search(r"^HEAD:case/data/edges\.yaml:\d+:\d+: error \[unknown-relation\] relation "
                     r"'criticises'", err, re.M)
