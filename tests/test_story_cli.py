"""`graphkit story`: the list, the sourced narrative (Markdown, text, JSON), report.md.

The narrative is checked against the data: each statement, date, status, claimant and
footnote is derived here from the built graph (labels, vocabulary, sources, evidence)
and looked for in the output, never copied from it.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from conftest import ARCHIVE, DATA, ENTITIES, SOURCES, STORIES, invoke, write_case
from graphkit import GraphFilter, build_graph, load_dataset
from graphkit.analyse.story import MAX_QUOTE_LINES, narrate, narrative_json
from graphkit.analyse.story_render import narrative_markdown, narrative_text
from graphkit.citation import lines_phrase
from graphkit.dates import when_words
from graphkit.render import markdown_text


@pytest.fixture
def storied(tmp_path: Path) -> Path:
    """The conftest case with its story, and its archived text in ``archive/``."""
    folder = write_case(tmp_path / "data", stories=STORIES)
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "report.txt").write_text(ARCHIVE, encoding="utf-8")
    return folder


def graph_of(folder: Path) -> nx.MultiDiGraph:
    return build_graph(load_dataset(folder))


def edge(graph: nx.MultiDiGraph, claim: str) -> tuple[str, str, dict[str, Any]]:
    (found,) = [(u, v, d) for u, v, k, d in graph.edges(keys=True, data=True) if k == claim]
    return found


def sections(markdown: str) -> dict[int, str]:
    """Each step's section of the Markdown, by step number."""
    parts = re.split(r"^## (\d+)\. .*$", markdown, flags=re.M)
    return {int(n): body for n, body in zip(parts[1::2], parts[2::2], strict=True)}


def footnotes(markdown: str) -> dict[str, str]:
    """Each footnote's text (its first line and the indented lines after it)."""
    found: dict[str, str] = {}
    current = None
    for line in markdown.splitlines():
        match = re.match(r"^\[\^(\d+)\]: (.*)$", line)
        if match:
            current = match.group(1)
            found[current] = match.group(2)
        elif current and (line.startswith("    ") or not line):
            found[current] += "\n" + line
        else:
            current = None
    return found


def plain(markdown: str) -> str:
    """What a reader sees of escaped Markdown text: escapes and entities undone."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


# --- the list ---------------------------------------------------------------------------


def test_list_of_stories_in_every_format(storied: Path, runner) -> None:
    stories = graph_of(storied).graph["stories"]
    result = invoke(runner, "story", "--data", str(storied), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows == [{"id": s["id"], "title": s["title"], "steps": len(s["steps"]),
                     "lead": s["lead"]} for s in stories]
    assert rows[0]["lead"] == STORIES.split("|\n", 1)[1].strip().split(". ")[0] + "."
    table = invoke(runner, "story", "--data", str(storied)).stdout.splitlines()
    assert table[0].split() == ["id", "title", "steps", "lead"]
    assert table[2].startswith(stories[0]["id"]) and stories[0]["title"] in table[2]
    csv = invoke(runner, "story", "--data", str(storied), "--format", "csv").stdout
    assert csv.splitlines()[0] == "id,title,steps,lead"


def test_no_stories_an_empty_list_and_a_usage_error(case: Path, runner) -> None:
    listed = invoke(runner, "story", "--data", str(case), "--format", "json")
    assert listed.exit_code == 0 and json.loads(listed.stdout) == []
    assert "no stories" in listed.stderr and "stories.yaml" in listed.stderr
    missing = invoke(runner, "story", "anything", "--data", str(case))
    assert missing.exit_code == 2 and "stories.yaml" in missing.stderr


def test_unknown_story_is_a_usage_error_with_candidates(storied: Path, runner) -> None:
    story = graph_of(storied).graph["stories"][0]
    result = invoke(runner, "story", story["id"][:-1], "--data", str(storied))
    assert result.exit_code == 2 and result.stdout == ""
    assert f"Closest matches: {story['id']} ({story['title']})" in result.stderr
    assert "Traceback" not in result.output
    # the id is matched whatever its case
    assert invoke(runner, "story", story["id"].upper(), "--data", str(storied)).exit_code == 0


@pytest.mark.parametrize("args", [("tuletaeva", "--format", "table"),
                                  ("--format", "text"),
                                  ("--archive", ".")])
def test_formats_and_options_that_do_not_apply_are_usage_errors(storied: Path, runner,
                                                                args: tuple[str, ...]) -> None:
    result = invoke(runner, "story", *args, "--data", str(storied))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_invalid_stories_exit_1_with_the_issues(tmp_path: Path, runner) -> None:
    folder = write_case(tmp_path / "data", stories=STORIES.replace("strike-2011]", "strike]"))
    result = invoke(runner, "story", "--data", str(folder))
    assert result.exit_code == 1 and "[unknown-entity]" in result.stderr
    assert "stories.yaml:" in result.stderr


# --- the narrative, checked against the data ---------------------------------------------


def check_markdown(graph: nx.MultiDiGraph, story: dict[str, Any], markdown: str) -> None:
    """Each statement and footnote of the story's Markdown, derived from the graph."""
    vocabulary = graph.graph["vocabulary"]
    sources = graph.graph["sources"]
    assert markdown.startswith(f"# {markdown_text(story['title'])}\n")
    for paragraph in story["summary"].split("\n\n"):
        assert markdown_text(" ".join(paragraph.split())) in " ".join(markdown.split())
    notes = footnotes(markdown)
    by_step = sections(markdown)
    assert sorted(by_step) == [s["number"] for s in story["steps"]]
    cited = set()
    for step in story["steps"]:
        section = by_step[step["number"]]
        for paragraph in step["text"].split("\n\n"):
            assert f"\n{markdown_text(' '.join(paragraph.split()))}\n" in section
        if step["window"]:
            words = when_words(None, step["window"]["from"], step["window"]["to"])
            assert f"*Period: {markdown_text(words)}.*" in section
        bullets = [line for line in section.splitlines() if line.startswith("- ")]
        assert len(bullets) == len(step["claims"])
        for claim, bullet in zip(step["claims"], bullets, strict=True):
            u, v, data = edge(graph, claim)
            sentence = (f"{graph.nodes[u]['label']} {vocabulary.relations[data['relation']].label}"
                        f" {graph.nodes[v]['label']}")
            assert bullet.startswith(f"- {markdown_text(sentence)}")
            when = when_words(data["date"], data["start"], data["end"])
            if when:
                assert markdown_text(when) in bullet
            for name, value in data["attributes"].items():
                assert markdown_text(f"{name}: {value}") in bullet
            if data["status"] == "confirmed":
                assert "**" not in bullet
            else:
                assert f"**{vocabulary.statuses[data['status']].label}**" in bullet
                for claimant in data["claimed_by"]:
                    assert markdown_text(graph.nodes[claimant]["label"]) in bullet
            refs = re.findall(r"\[\^(\d+)\]", bullet)
            assert len(refs) == len(data["evidence"])
            for ref, evidence in zip(refs, data["evidence"], strict=True):
                meta = sources[evidence["source"]]
                parts = [f"*{markdown_text(meta['title'])}*"]
                parts += [markdown_text(meta["author"])] if meta.get("author") else []
                parts += [when_words(meta["date"])] if meta.get("date") else []
                parts += [markdown_text(lines_phrase(evidence["lines"]))] if evidence["lines"] else []
                assert notes[ref].startswith(", ".join(parts) + ".")
                if evidence["note"]:
                    assert f"Curator's note: {markdown_text(evidence['note'])}" in notes[ref]
                cited.add((evidence["source"], tuple(evidence["lines"]), evidence["note"]))
        actors = ", ".join(markdown_text(graph.nodes[a]["label"]) for a in step["actors"])
        assert f"*Actors:* {actors}." in section
    # one footnote per distinct citation; a note is never set as a quotation
    assert len(notes) == len(cited)
    assert not any(line.lstrip().startswith(">") for line in markdown.splitlines())


def test_markdown_states_each_claim_with_its_evidence(storied: Path, runner) -> None:
    graph = graph_of(storied)
    (story,) = graph.graph["stories"]
    result = invoke(runner, "story", story["id"], "--data", str(storied))
    assert result.exit_code == 0, result.output
    check_markdown(graph, story, result.stdout)


def test_the_real_stories_are_told_from_their_claims(runner) -> None:
    """data/'s stories, in Markdown, statement by statement against the claims they cite."""
    graph = graph_of(DATA)
    stories = graph.graph["stories"]
    assert {s["id"] for s in stories} >= {"zhanaozen"}
    for story in stories:
        result = invoke(runner, "story", story["id"], "--data", str(DATA))
        assert result.exit_code == 0, result.output
        check_markdown(graph, story, result.stdout)
        # Every step stands on claims, and what is contested is said so in its words.
        for step in story["steps"]:
            assert step["claims"]
            statuses = {edge(graph, c)[2]["status"] for c in step["claims"]}
            if statuses - {"confirmed"}:
                words = r"disput|contest|alleg|den(y|ies|ied)|disagree|reject"
                assert re.search(words, step["text"]), step["title"]


def test_the_same_evidence_keeps_one_footnote(tmp_path: Path, runner) -> None:
    stories = STORIES.replace("claims: [city-court.sentenced.roza-tuletaeva]",
                              "claims: [city-court.sentenced.roza-tuletaeva, "
                              "roza-tuletaeva.member_of.oil-union]")
    folder = write_case(tmp_path / "data", stories=stories)
    graph = graph_of(folder)
    markdown = invoke(runner, "story", "tuletaeva", "--data", str(folder)).stdout
    member = [line for line in markdown.splitlines() if line.startswith("- ")
              and markdown_text(graph.nodes["oil-union"]["label"]) in line
              and "member" in line]
    assert len(member) == 2 and member[0] == member[1]
    evidence = [(e["source"], tuple(e["lines"]), e["note"])
                for claim in {c for s in graph.graph["stories"][0]["steps"] for c in s["claims"]}
                for e in edge(graph, claim)[2]["evidence"]]
    assert len(footnotes(markdown)) == len(set(evidence))


def test_archive_quotes_the_exact_cited_lines(storied: Path, runner) -> None:
    graph = graph_of(storied)
    archive = storied.parent / "archive"
    text = (archive / "report.txt").read_text(encoding="utf-8").splitlines()
    result = invoke(runner, "story", "tuletaeva", "--data", str(storied), "--archive", str(archive),
                    "--format", "json")
    assert result.exit_code == 0, result.output
    quoted = 0
    for step in json.loads(result.stdout)["steps"]:
        for claim in step["claims"]:
            data = edge(graph, claim["id"])[2]
            assert [e["lines"] for e in claim["evidence"]] == [e["lines"] for e in data["evidence"]]
            for evidence in claim["evidence"]:
                wanted = []
                for item in evidence["lines"]:
                    first, _, last = item.partition("-")
                    wanted += text[int(first) - 1:int(last or first)]
                assert evidence["quote"] == {"text": [w.strip() for w in wanted if w.strip()],
                                             "omitted": 0}
                quoted += 1
    assert quoted
    markdown = invoke(runner, "story", "tuletaeva", "--data", str(storied), "--archive",
                      str(archive)).stdout
    blockquotes = [line.strip()[2:] for line in markdown.splitlines()
                   if line.startswith("    > ")]
    assert blockquotes and all(plain(q) in text for q in blockquotes)


def test_quotations_are_bounded(tmp_path: Path, runner) -> None:
    long_text = "".join(f"Roza Tuletaeva and Acme Oil, line {n}.\n" for n in range(1, 51))
    edges = textwrap.dedent("""\
        - source: roza-tuletaeva
          target: acme-oil
          relation: employed_by
          evidence: [{source: report-2012, lines: ["1-50"], note: Long.}]
        """)
    stories = ("- id: s\n  title: S\n  summary: S.\n  steps:\n    - title: T\n      text: X.\n"
               "      claims: [roza-tuletaeva.employed_by.acme-oil]\n")
    folder = write_case(tmp_path / "data", edges=edges, stories=stories)
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "report.txt").write_text(long_text, encoding="utf-8")
    result = invoke(runner, "story", "s", "--data", str(folder), "--archive",
                    str(tmp_path / "archive"), "--format", "json")
    (evidence,) = json.loads(result.stdout)["steps"][0]["claims"][0]["evidence"]
    assert evidence["quote"]["text"] == long_text.splitlines()[:MAX_QUOTE_LINES]
    assert evidence["quote"]["omitted"] == 50 - MAX_QUOTE_LINES
    markdown = invoke(runner, "story", "s", "--data", str(folder), "--archive",
                      str(tmp_path / "archive")).stdout
    assert f"{50 - MAX_QUOTE_LINES} cited line(s) shortened or left out" in markdown


def test_archive_never_reads_outside_its_folder(tmp_path: Path, runner) -> None:
    (tmp_path / "secret.txt").write_text("SECRET Roza Tuletaeva\n" * 5, encoding="utf-8")
    folder = write_case(tmp_path / "data", stories=STORIES,
                        sources=SOURCES.replace("archive: report.txt", "archive: ../secret.txt"))
    (tmp_path / "archive").mkdir()
    result = invoke(runner, "story", "tuletaeva", "--data", str(folder), "--archive",
                    str(tmp_path / "archive"))
    # `archive: ../secret.txt` is refused when the data is read (issue #19, item 3)
    assert result.exit_code == 1
    assert "SECRET" not in result.output
    assert "error [path-outside] 'archive' ('../secret.txt') leads outside" in result.stderr


def test_json_structure_and_values(storied: Path, runner) -> None:
    graph = graph_of(storied)
    (story,) = graph.graph["stories"]
    result = invoke(runner, "story", story["id"], "--data", str(storied), "--format", "json")
    data = json.loads(result.stdout)
    assert list(data) == ["id", "title", "summary", "lead", "case", "steps"]
    assert {k: data[k] for k in ("id", "title", "summary", "lead")} == \
        {k: story[k] for k in ("id", "title", "summary", "lead")}
    assert data["case"] == graph.graph["name"]
    for step, given in zip(data["steps"], story["steps"], strict=True):
        assert list(step) == ["number", "title", "text", "focus", "actors", "window", "view",
                              "claims", "missing_claims"]
        assert [a["id"] for a in step["actors"]] == given["actors"]
        assert [a["name"] for a in step["actors"]] == [graph.nodes[a]["label"]
                                                       for a in given["actors"]]
        assert (step["window"], step["view"], step["focus"]) == \
            (given["window"], given["view"], given["focus"])
        assert [c["id"] for c in step["claims"]] == given["claims"]
        assert step["missing_claims"] == []
        for claim in step["claims"]:
            u, v, edata = edge(graph, claim["id"])
            assert list(claim) == ["id", "statement", "source", "source_name", "relation",
                                   "phrase", "target", "target_name", "date", "start", "end",
                                   "when", "status", "claimed_by", "attributes", "evidence"]
            assert (claim["source"], claim["target"]) == (u, v)
            assert {k: claim[k] for k in ("relation", "date", "start", "end", "status",
                                          "attributes")} == \
                {k: edata[k] for k in ("relation", "date", "start", "end", "status", "attributes")}
            assert [c["id"] for c in claim["claimed_by"]] == edata["claimed_by"]
            assert claim["statement"] == (f"{graph.nodes[u]['label']} {claim['phrase']} "
                                          f"{graph.nodes[v]['label']}")
            for evidence, given_evidence in zip(claim["evidence"], edata["evidence"], strict=True):
                assert list(evidence) == ["source", "title", "author", "date", "lines", "note",
                                          "quote"]
                meta = graph.graph["sources"][given_evidence["source"]]
                assert evidence == {"source": given_evidence["source"], "title": meta["title"],
                                    "author": meta["author"], "date": meta["date"],
                                    "lines": given_evidence["lines"],
                                    "note": given_evidence["note"], "quote": None}


def test_text_format_for_the_terminal(storied: Path, runner) -> None:
    graph = graph_of(storied)
    (story,) = graph.graph["stories"]
    result = invoke(runner, "story", story["id"], "--data", str(storied), "--format", "text")
    assert result.exit_code == 0
    assert result.stdout.startswith(story["title"] + "\n")
    for step in story["steps"]:
        assert f"{step['number']}. {step['title']}" in result.stdout
        for claim in step["claims"]:
            assert f"[{claim}]" in result.stdout
            for evidence in edge(graph, claim)[2]["evidence"]:
                assert graph.graph["sources"][evidence["source"]]["title"] in result.stdout


def test_a_filtered_graph_reports_the_claims_it_left_out(storied: Path) -> None:
    dataset = load_dataset(storied)
    graph = build_graph(dataset, GraphFilter(relations=("sentenced",)))
    narrative = narrate(graph, "tuletaeva")
    steps = dataset.stories[0].steps
    for step, narrated in zip(steps, narrative.steps, strict=True):
        kept = [c for c in step.claims if graph.has_edge(*edge_ends(dataset, c), key=c)]
        assert [s.claim.id for s in narrated.statements] == kept
        assert list(narrated.missing) == [c for c in step.claims if c not in kept]
    assert any(s.missing for s in narrative.steps)
    assert "not in this graph" in narrative_markdown(narrative)


def edge_ends(dataset: Any, claim: str) -> tuple[str, str]:
    (found,) = [(c.source, c.target) for c in dataset.claims if c.id == claim]
    return found


# --- hostile strings ---------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)> | cell | [^1]",
    "[click](javascript:alert(1)) ![x](http://evil/x.png)",
    "# heading *bold* _it_ `code` ~~gone~~ $x$ \\",
    "- a list? 1. or 2) this & &amp; that",
]


def test_hostile_strings_print_as_typed(tmp_path: Path, runner) -> None:
    entities = ENTITIES.replace("name: Roza Tuletaeva", f"name: '{HOSTILE[1]}'")
    sources = SOURCES.replace("title: A report on the strike", f"title: '{HOSTILE[2]}'")
    stories = (STORIES.replace("title: Roza Tuletaeva and the strike", f"title: '{HOSTILE[0]}'")
               .replace("text: The court sentenced her.",
                        f"text: |\n        {HOSTILE[3]}\n\n        {HOSTILE[4]}"))
    edges_note = f"note: '{HOSTILE[4]}'"
    from conftest import EDGES
    edges = EDGES.replace("note: Sentenced to seven years.", edges_note)
    folder = write_case(tmp_path / "data", sources=sources, entities=entities, edges=edges,
                        stories=stories)
    result = invoke(runner, "story", "tuletaeva", "--data", str(folder))
    assert result.exit_code == 0, result.output
    markdown = result.stdout
    assert "<" not in markdown  # no HTML at all reaches the page
    for text in HOSTILE:
        escaped = markdown_text(text)
        assert escaped in markdown
        assert plain(escaped) == " ".join(text.split())  # a reader sees what was typed
    # nothing but our own footnote references and headings
    assert set(re.findall(r"(?<!\\)\[\^(\d+)\]", markdown)) == set(footnotes(markdown))
    assert [line for line in markdown.splitlines() if line.startswith("#")] == \
        [f"# {markdown_text(HOSTILE[0])}"] + [f"## {n}. {markdown_text(t)}" for n, t in
                                             enumerate(["The strike", "The company's view",
                                                        "The sentence"], 1)]
    report = invoke(runner, "report", "--data", str(folder)).stdout
    assert f"**{markdown_text(HOSTILE[0])}**" in report and "<script" not in report


def test_terminal_escapes_never_reach_the_output(storied: Path) -> None:
    graph = graph_of(storied)
    story = graph.graph["stories"][0]
    story["title"] = "\x1b[2J\x1b]0;owned\x07Title"
    story["steps"][0]["text"] = "text \x1b[31mred\x1b[0m"
    narrative = narrate(graph, "tuletaeva")
    for output in (narrative_text(narrative), narrative_markdown(narrative),
                   json.dumps(narrative_json(narrative), ensure_ascii=True)):
        assert "\x1b" not in output and "\x07" not in output


# --- report.md ---------------------------------------------------------------------------


def test_report_lists_the_stories_with_their_first_lines(storied: Path, runner,
                                                         tmp_path: Path) -> None:
    graph = graph_of(storied)
    report = invoke(runner, "report", "--data", str(storied)).stdout
    section = report.split("## Stories\n\n", 1)[1].split("\n\n", 1)[0]
    lines = section.splitlines()
    assert len(lines) == len(graph.graph["stories"])
    for line, story in zip(lines, graph.graph["stories"], strict=True):
        steps = len(story["steps"])
        assert line == (f"- **{markdown_text(story['title'])}**: {markdown_text(story['lead'])} "
                        f"({steps} step{'s' if steps != 1 else ''}; "
                        f"`graphkit story {story['id']}`)")
    built = invoke(runner, "build", "--data", str(storied), "--out", str(tmp_path / "out"),
                   "--only", "json")
    assert built.exit_code == 0
    assert section in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_report_without_stories_has_no_stories_section(case: Path, runner) -> None:
    assert "## Stories" not in invoke(runner, "report", "--data", str(case)).stdout
