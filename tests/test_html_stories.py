"""Story mode in the explorer, in real Chromium, on the real built page (issue #15).

The Zhanaozen story is walked step by step on the page the real CLI builds from data/:
for every step, what the page keeps bright, the text it shows, the evidence of each
claim, the window and the link are compared with what stories.yaml and the built graph
say, read here from the data (never copied from the page). Arrow keys, the Stories list,
the first-view hint, links to a step, bad links, leaving (back to the free view it was
opened from), a step's `view.depth`, quotations with --archive, actors a page does not
draw, hostile strings and ids, and the step's title in exported pictures are checked
too. A test fails if the page fetched anything, logged an error or opened a dialog.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import struct
import textwrap
from collections import deque
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from browser import Opened, browser, ex
from click.testing import CliRunner

from conftest import ARCHIVE, DATA, STORIES, invoke, write_case
from graphkit.build import build_graph
from graphkit.dates import partial_date_or_none
from graphkit.load import load_dataset

EPOCH = dt.date(1970, 1, 1)


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def real_page(tmp_path_factory) -> Path:
    """The default case's page, built by the real CLI."""
    out = tmp_path_factory.mktemp("stories")
    result = invoke(CliRunner(), "build", "--data", str(DATA), "--out", str(out), "--only", "html")
    assert result.exit_code == 0, result.output
    return out / "graph.html"


@pytest.fixture(scope="module")
def real_graph() -> nx.MultiDiGraph:
    return build_graph(load_dataset(DATA))


@pytest.fixture
def opened(chromium):
    pages = Opened(chromium)
    yield pages
    pages.close()


def story_of(graph: nx.MultiDiGraph, ident: str) -> dict[str, Any]:
    (story,) = [s for s in graph.graph["stories"] if s["id"] == ident]
    return story


def edge_data(graph: nx.MultiDiGraph) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {str(k): (str(u), str(v), d) for u, v, k, d in graph.edges(keys=True, data=True)}


def expected_bright(graph: nx.MultiDiGraph, step: dict[str, Any]) -> tuple[set[str], set[str]]:
    """A step without `view.depth`: its actors, its claims and the claims' ends."""
    edges = edge_data(graph)
    nodes = set(step["actors"])
    for claim in step["claims"]:
        u, v, _d = edges[claim]
        nodes |= {u, v}
    return nodes, set(step["claims"])


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def day(iso: str, last: bool) -> int:
    parsed = partial_date_or_none(iso)
    assert parsed is not None, iso
    return ((parsed.last_day() if last else parsed.first_day()) - EPOCH).days


def shown_step(page: Any) -> dict[str, Any]:
    """What the story panel shows, read from the DOM."""
    return page.evaluate("""() => {
      const panel = document.getElementById('gk-panel');
      const text = (sel) => { const n = panel.querySelector(sel); return n ? n.textContent : null; };
      return {
        hidden: panel.hidden,
        title: text('#gk-panel-title'), count: text('#gk-story-count'),
        paragraphs: [...panel.querySelectorAll('.gk-story-paragraph')].map(p => p.textContent),
        claims: [...panel.querySelectorAll('.gk-story-claims > li')].map(li => ({
          id: li.dataset.claim,
          status: li.querySelector('.gk-status').dataset.status,
          claimedBy: (li.querySelector('.gk-claimed-by') || {}).textContent || '',
          sentence: li.querySelector('.gk-claim-sentence').textContent,
          evidence: [...li.querySelectorAll('.gk-evidence > li')].map(ev => ({
            title: ev.querySelector('.gk-source-title').textContent,
            byline: (ev.querySelector('.gk-byline') || {}).textContent || '',
            lines: (ev.querySelector('.gk-lines') || {}).textContent || '',
            note: (ev.querySelector('.gk-note') || {}).textContent || null,
            quote: [...ev.querySelectorAll('.gk-quote-line')].map(q => q.textContent),
          })),
        })),
        prevDisabled: document.getElementById('gk-story-prev').disabled,
        nextDisabled: document.getElementById('gk-story-next').disabled,
      };
    }""")


def bright(page: Any) -> tuple[set[str], set[str]]:
    found = ex(page, "x.highlighted()")
    return set(found["nodes"]), set(found["edges"])


def check_step(page: Any, graph: nx.MultiDiGraph, story: dict[str, Any], number: int) -> None:
    """The page shows step ``number`` of ``story`` as the data says it should."""
    step = story["steps"][number - 1]
    count = len(story["steps"])
    assert ex(page, "x.story()") == {"id": story["id"], "step": number}
    assert page.evaluate("() => location.hash") == f"#story={story['id']}&step={number}"
    nodes, claims = expected_bright(graph, step)
    assert bright(page) == (nodes, claims), step["title"]
    visible = set(ex(page, "x.nodesView.getIds()"))
    assert nodes <= visible and claims <= set(ex(page, "x.edgesView.getIds()"))
    assert len(visible) > len(nodes)            # the rest is faded, not removed
    shown = shown_step(page)
    assert not shown["hidden"]
    assert shown["title"] == step["title"] and shown["count"] == f"{number} of {count}"
    assert shown["paragraphs"] == paragraphs(step["text"])
    assert shown["prevDisabled"] == (number == 1) and shown["nextDisabled"] == (number == count)
    edges = edge_data(graph)
    sources = graph.graph["sources"]
    statuses = graph.graph["vocabulary"].statuses
    assert [c["id"] for c in shown["claims"]] == step["claims"]
    for card in shown["claims"]:
        u, v, data = edges[card["id"]]
        assert card["sentence"].split() == " ".join([
            graph.nodes[u]["label"], data["label"], graph.nodes[v]["label"]]).split()
        assert card["status"] == (data.get("status") or "confirmed")
        if card["status"] != "confirmed":
            assert statuses[card["status"]].label
        for who in data.get("claimed_by") or []:
            assert graph.nodes[who]["label"] in card["claimedBy"]
        assert len(card["evidence"]) == len(data["evidence"])
        for item, ev in zip(card["evidence"], data["evidence"], strict=True):
            source = sources[ev["source"]]
            assert item["title"] == source["title"]
            for part in ("author", "publisher", "date"):
                if source.get(part):
                    assert str(source[part]) in item["byline"]
            for cited in ev.get("lines") or []:
                assert str(cited).replace("-", "–") in item["lines"]
            assert item["note"] == (f"Curator's note: {ev['note']}" if ev.get("note") else None)
    # The step's window and statuses are the page's filters now.
    window = step["window"] or {}
    span = ex(page, "x.data.span")
    assert ex(page, "[x.state.from, x.state.to]") == [
        day(window["from"], False) if window.get("from") else span[0],
        day(window["to"], True) if window.get("to") else span[1]]
    wanted = step["view"]["statuses"] or [s["key"] for s in ex(page, "x.data.statuses")]
    assert sorted(ex(page, "[...x.state.statuses]")) == sorted(wanted)


def test_walk_every_step_of_the_zhanaozen_story(opened, real_page: Path,
                                                real_graph: nx.MultiDiGraph) -> None:
    story = story_of(real_graph, "zhanaozen")
    assert 10 <= len(story["steps"]) <= 15
    page = opened(real_page)
    # The first-view hint offers the stories; the side bar lists them with their first lines.
    listed = page.locator("#gk-stories .gk-story-item")
    assert listed.count() == len(real_graph.graph["stories"])
    item = page.locator("#gk-stories [data-story=zhanaozen]")
    assert story["title"] in item.text_content() and story["lead"] in item.text_content()
    assert f"{len(story['steps'])} steps" in item.text_content()
    page.locator("#gk-hint .gk-hint-story", has_text=story["title"]).click()
    assert page.locator("#gk-hint").is_hidden()
    for number in range(1, len(story["steps"]) + 1):
        page.wait_for_function("(n) => window.graphkitExplorer.story().step === n", arg=number)
        check_step(page, real_graph, story, number)
        if number == len(story["steps"]):
            break
        if number % 2:
            page.click("#gk-story-next")                # a real click on Next
        else:
            page.keyboard.press("ArrowRight")           # the right arrow key
    # At the end, Next and the right arrow do nothing; the left arrow and Previous go back.
    page.keyboard.press("ArrowRight")
    assert ex(page, "x.story().step") == len(story["steps"])
    page.keyboard.press("ArrowLeft")
    check_step(page, real_graph, story, len(story["steps"]) - 1)
    page.click("#gk-story-prev")
    check_step(page, real_graph, story, len(story["steps"]) - 2)
    # Keys typed in a search box are the search box's.
    page.focus("#gk-search")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    assert ex(page, "x.story().step") == len(story["steps"]) - 2


def test_a_link_opens_a_story_at_a_step(opened, real_page: Path,
                                        real_graph: nx.MultiDiGraph) -> None:
    story = story_of(real_graph, "zhanaozen")
    number = len(story["steps"]) // 2
    page = opened(real_page, fragment=f"#story=zhanaozen&step={number}")
    check_step(page, real_graph, story, number)
    assert ex(page, "document.getElementById('gk-link-note').textContent") == ""
    # Changing the fragment of the open page goes to that step; other stories too.
    page.evaluate("() => { location.hash = '#story=sokolova&step=2'; }")
    page.wait_for_function("() => window.graphkitExplorer.story().id === 'sokolova'")
    check_step(page, real_graph, story_of(real_graph, "sokolova"), 2)
    # Focus, claims and quotation marks: the Sokolova story centres on her.
    assert "natalia-sokolova" in bright(page)[0]


@pytest.mark.parametrize("fragment,message,at", [
    ("#story=nope", "unknown story nope", None),
    ("#story=zhanaozen&step=99", "step must be 1 to", 1),
    ("#story=zhanaozen&step=two", "step must be 1 to", 1),
    ("#step=3", "step needs a story", None),
])
def test_bad_story_links_are_reported_quietly(opened, real_page: Path, fragment: str,
                                              message: str, at: int | None) -> None:
    page = opened(real_page, fragment=fragment)
    assert message in ex(page, "document.getElementById('gk-link-note').textContent")
    assert ex(page, "x.story()") == (None if at is None else {"id": "zhanaozen", "step": at})


def test_leaving_gives_back_the_free_view(opened, real_page: Path,
                                          real_graph: nx.MultiDiGraph) -> None:
    page = opened(real_page)
    ex(page, "x.selectNode('roza-tuletaeva')")
    page.click("#gk-confirmed-only")
    page.wait_for_timeout(500)                      # the focus animation ends
    def free() -> dict[str, Any]:
        return ex(page, """({hash: location.hash, nodes: x.nodesView.getIds().sort(),
            bright: x.highlighted() && x.highlighted().nodes.sort(), statuses: [...x.state.statuses],
            from: x.state.from, to: x.state.to, scale: x.network.getScale(),
            at: x.network.getViewPosition(), title: document.getElementById('gk-panel-title').textContent,
            checked: [...document.querySelectorAll('input[data-group=statuses]')].map(b => b.checked)})""")
    before = free()
    assert "status=confirmed" in before["hash"] and "actor=roza-tuletaeva" in before["hash"]
    page.click("#gk-stories [data-story=zhanaozen] .gk-story-open")
    page.click("#gk-story-next")
    page.click("#gk-story-next")
    assert ex(page, "x.story().step") == 3
    assert free()["statuses"] != before["statuses"]    # the step's own view
    page.keyboard.press("Escape")
    after = free()
    assert after["scale"] == pytest.approx(before["scale"])
    assert after["at"]["x"] == pytest.approx(before["at"]["x"], abs=1)
    assert after["at"]["y"] == pytest.approx(before["at"]["y"], abs=1)
    for key in ("hash", "nodes", "bright", "statuses", "from", "to", "title", "checked"):
        assert after[key] == before[key], key
    assert ex(page, "x.story()") is None
    # The Leave button and the panel's close button leave too.
    for leave in ("#gk-story-leave", "#gk-panel-close"):
        page.click("#gk-stories [data-story=sokolova] .gk-story-open")
        page.click(leave)
        assert free()["hash"] == before["hash"]
    # Choosing an actor from inside a story leaves it for that actor, filters back as
    # they were; the Stories list then offers the way back to the step.
    page.click("#gk-stories [data-story=zhanaozen] .gk-story-open")
    page.click("#gk-story-next")
    step = story_of(real_graph, "zhanaozen")["steps"][1]
    target = step["actors"][0]
    page.locator(f"#gk-panel .gk-actor:text-is('{real_graph.nodes[target]['label']}')").first.click()
    assert ex(page, "x.story()") is None
    assert ex(page, "x.state.sel") == {"kind": "actor", "id": target}
    assert ex(page, "[...x.state.statuses]") == ["confirmed"]
    page.click("#gk-stories [data-story=zhanaozen] .gk-story-resume")
    assert ex(page, "x.story()") == {"id": "zhanaozen", "step": 2}
    # A stray click on the drawing's background does not end a story.
    page.wait_for_timeout(700)                      # the step's fit has stopped moving
    empty = ex(page, """(() => { const n = x.network;
        const r = document.getElementById('gk-network').getBoundingClientRect();
        for (let px = 10; px < r.width; px += 23) for (let py = 10; py < r.height; py += 23) {
          if (n.getNodeAt({x: px, y: py}) === undefined && n.getEdgeAt({x: px, y: py}) === undefined)
            return {x: r.left + px, y: r.top + py};
        } return null; })()""")
    page.mouse.click(empty["x"], empty["y"])
    assert ex(page, "x.story()") == {"id": "zhanaozen", "step": 2}


def test_pictures_carry_the_steps_title(opened, real_page: Path,
                                        real_graph: nx.MultiDiGraph) -> None:
    page = opened(real_page)

    def png_height() -> int:
        data = base64.b64decode(ex(page, "x.picture()").split(",", 1)[1])
        return struct.unpack(">II", data[16:24])[1]

    plain = png_height()
    story = story_of(real_graph, "zhanaozen")
    ex(page, "x.openStory('zhanaozen', 3)")
    heading = f"Step 3 of {len(story['steps'])}: {story['steps'][2]['title']}"
    assert heading in ex(page, "x.svg()") and story["title"] in ex(page, "x.svg()")
    assert png_height() > plain                     # a line more in the heading


def test_depth_missing_actors_quotations_and_hostile_strings(opened, tmp_path: Path) -> None:
    hostile = textwrap.dedent(STORIES) + textwrap.dedent("""\
    - id: constructor
      title: "</script><script>window.__pwned=1</script>"
      summary: "<img src=x onerror=\\"window.__pwned=1\\"> [^1] **bold**"
      steps:
        - title: "{{ 7*7 }}"
          text: "<b>not bold</b>\\n\\nsecond"
          actors: [acme-oil]
    """)
    case = write_case(tmp_path / "data", stories=hostile)
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "report.txt").write_text(ARCHIVE, encoding="utf-8")
    graph = build_graph(load_dataset(case))
    out = tmp_path / "out"
    result = invoke(CliRunner(), "build", "--data", str(case), "--out", str(out), "--only", "html",
                    "--archive", str(tmp_path / "archive"))
    assert result.exit_code == 0, result.output
    page = opened(out / "graph.html", fragment="#story=tuletaeva&step=2")
    # view: {depth: 2, statuses: [confirmed, alleged]} around the focus Acme Oil: the
    # actors two steps away over the claims with those statuses, and every such claim
    # among them, besides the step's own.
    story = story_of(graph, "tuletaeva")
    step = story["steps"][1]
    passing = [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)
               if (d.get("status") or "confirmed") in step["view"]["statuses"]]
    around, queue = {step["focus"]: 0}, deque([step["focus"]])
    while queue:
        here = queue.popleft()
        for u, v, _k in passing:
            for a, b in ((u, v), (v, u)):
                if a == here and b not in around and around[here] < step["view"]["depth"]:
                    around[b] = around[here] + 1
                    queue.append(b)
    nodes, claims = expected_bright(graph, step)
    nodes |= set(around)
    claims |= {k for u, v, k in passing if u in around and v in around}
    assert bright(page) == (nodes, claims)
    assert "2 steps around Acme Oil" in page.text_content("#gk-panel")
    # With --archive, a claim's evidence quotes the cited lines of the archived text.
    ex(page, "x.openStory('tuletaeva', 3)")
    (card,) = shown_step(page)["claims"]
    assert card["evidence"][0]["quote"] == ["1" + ARCHIVE.splitlines()[0]]
    # Hostile strings are text; an id like `constructor` is a story like any other.
    ex(page, "x.openStory('constructor', 1)")
    assert ex(page, "window.__pwned") is None
    assert page.text_content("#gk-panel-title") == "{{ 7*7 }}"
    assert shown_step(page)["paragraphs"] == ["<b>not bold</b>", "second"]
    assert "</script>" in page.text_content("#gk-panel .gk-kind")
    assert page.locator("#gk-panel b, #gk-panel img, #gk-panel script").count() == 0
    assert page.evaluate("() => location.hash") == "#story=constructor&step=1"
    # A page cut to its most central actors names the step's actors it does not draw.
    small = tmp_path / "small"
    result = invoke(CliRunner(), "build", "--data", str(case), "--out", str(small), "--only", "html",
                    "--max-nodes", "2")
    assert result.exit_code == 0, result.output
    page = opened(small / "graph.html", fragment="#story=tuletaeva&step=3")
    drawn = set(ex(page, "x.data.nodes.map(n => n.id)"))
    step = story["steps"][2]
    edges = edge_data(graph)
    ends = {n for c in step["claims"] for n in edges[c][:2]}
    missing = [a for a in step["actors"] if a not in drawn]
    assert missing or not ends <= drawn
    note = page.text_content("#gk-panel .gk-story-missing")
    for actor in missing:
        assert graph.nodes[actor]["label"] in note
    assert shown_step(page)["title"] == step["title"]
