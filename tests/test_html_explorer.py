"""The explorer as an investigation tool, in real Chromium, on the real Zhanaozen case.

Issue #14, point by point: a readable first view (labels placed without overlap, hubs
set aside), focus at depth 1-3 and a fit that zooms in, chains between two actors equal
to `graphkit path`'s, evidence shown honestly (notes as notes, cited lines as
quotations), statuses drawn apart, reported dates and play, the grouped claims panel,
views in the URL fragment, and pictures for publication. Every page is built by the
real CLI from the real data/ (or a tmp_path case) and opened offline; a test fails if
the page fetched anything, logged an error or opened a dialog.
"""

from __future__ import annotations

import base64
import json
import struct
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path
from typing import Any

import pytest
from browser import Opened, browser, ex, wait_drawn

from conftest import ARCHIVE, DATA, invoke
from graphkit.build import build_graph
from graphkit.load import load_dataset
from graphkit.names import skeleton
from graphkit.text import fix_mojibake

SET_ASIDE = {"zhanaozen", "kazakhstan", "mangistau-region"}


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def real_page_path(tmp_path_factory) -> Path:
    """The real default case, built by the real CLI (no archive: the repository's case)."""
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("real")
    result = invoke(CliRunner(), "build", "--data", str(DATA), "--out", str(out), "--only", "html")
    assert result.exit_code == 0, result.output
    return out / "graph.html"


@pytest.fixture(scope="module")
def real_graph():
    return build_graph(load_dataset(DATA))


@pytest.fixture
def opened(chromium):
    o = Opened(chromium)
    yield o
    o.close()


def intersecting(rects: list[dict]) -> list[tuple[str, str]]:
    bad = []
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and \
               a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]:
                bad.append((a["id"], b["id"]))
    return bad


def zoom(page: Any, factor: float) -> None:
    ex(page, "x.network.moveTo({scale: x.network.getScale() * arg, animation: false})", factor)
    ex(page, "x.network.redraw()")
    page.wait_for_timeout(50)


# ------------------------------------------------------------------ 1. a readable first view


def test_opening_view_labels_by_importance_never_overlap(opened, real_page_path: Path) -> None:
    page = opened(real_page_path)
    counts = []
    for factor in (1, 1.8, 1.8, 1.8):
        zoom(page, factor)
        labels = ex(page, "x.labels()")
        assert labels, "no label drawn"
        assert intersecting(labels) == []
        width, height = ex(page, "[x.network.body.container.clientWidth,"
                                 " x.network.body.container.clientHeight]")
        assert all(r["x"] >= 0 and r["x"] + r["w"] <= width and r["y"] + r["h"] <= height
                   for r in labels)
        counts.append(len(labels))
    assert counts[1] > counts[0], "zooming in shows more labels"
    # Labels follow the chosen metric: among actors drawn at the opening zoom, the most
    # important one whose label fits is labelled first.
    ex(page, "x.fit()")
    first = ex(page, "x.labels()[0].id")
    ranking = ex(page, "x.data.nodes.filter(n => x.state.visibleNodes.has(n.id))"
                       ".sort((a, b) => b.m[x.state.metric] - a.m[x.state.metric])[0].id")
    assert first == ranking == "zhanaozen-oil-workers"
    # Vis-network's own labels are off: only the explorer's placed ones are drawn.
    assert ex(page, "x.network.body.nodes['zhanaozen-oil-workers'].options.scaling.label.enabled") is False
    assert "Start with an actor" in page.text_content("#gk-hint")


def test_hubs_set_aside_by_case_yaml_and_back_in_one_click(opened, real_page_path: Path,
                                                          real_graph: Any) -> None:
    page = opened(real_page_path)
    visible = set(ex(page, "x.nodesView.getIds()"))
    assert SET_ASIDE.isdisjoint(visible) and len(visible) == real_graph.number_of_nodes() - 3
    assert "Set aside: Zhanaozen, Kazakhstan, Mangistau region" in page.text_content("#gk-filter-summary")
    page.click("#gk-aside-toggle")
    assert set(ex(page, "x.nodesView.getIds()")) >= SET_ASIDE
    assert ex(page, "x.fragment()") == "aside="
    page.click("#gk-aside-toggle")
    assert SET_ASIDE.isdisjoint(set(ex(page, "x.nodesView.getIds()")))
    # Setting an actor aside from its panel: one click.
    ex(page, "x.selectNode('kazakh-government')")
    page.click("#gk-panel-body >> text=Set aside")
    assert "kazakh-government" not in set(ex(page, "x.nodesView.getIds()"))
    assert "kazakh-government" in ex(page, "x.fragment()")


# ------------------------------------------------------------------ 2. focus


def _within(graph: Any, start: str, depth: int, aside: set[str]) -> set[str]:
    seen, queue = {start}, deque([(start, 0)])
    while queue:
        node, d = queue.popleft()
        if d == depth:
            continue
        for other in set(graph.successors(node)) | set(graph.predecessors(node)):
            if other not in seen and other not in aside:
                seen.add(other)
                queue.append((other, d + 1))
    return seen


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_focus_shows_the_neighbourhood_at_each_depth_and_fills_the_view(
        opened, real_page_path: Path, real_graph: Any, depth: int) -> None:
    page = opened(real_page_path, fragment=f"#actor=roza-tuletaeva&depth={depth}")
    kept = set(ex(page, "[...x.state.dimmed.nodes]"))
    assert kept == _within(real_graph, "roza-tuletaeva", depth, SET_ASIDE)
    assert page.text_content("#gk-panel-title") == "Roza Tuletaeva"
    assert page.input_value("#gk-depth") == str(depth)
    # Every kept actor on screen, and the neighbourhood fills it in at least one direction.
    box = ex(page, """(() => { const p = x.network.getPositions([...x.state.dimmed.nodes]);
        const pts = Object.values(p).map(q => x.network.canvasToDOM(q));
        const xs = pts.map(q => q.x), ys = pts.map(q => q.y);
        return {minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys),
                w: x.network.body.container.clientWidth, h: x.network.body.container.clientHeight}; })()""")
    assert box["minX"] >= 0 and box["maxX"] <= box["w"] and box["minY"] >= 0 and box["maxY"] <= box["h"]
    if depth == 1:
        assert (box["maxX"] - box["minX"]) / box["w"] > 0.45 or (box["maxY"] - box["minY"]) / box["h"] > 0.45
        assert ex(page, "x.network.getScale()") > 0.8  # zoomed in, not left at the overview
    labelled = {r["id"] for r in ex(page, "x.labels()")}
    assert "roza-tuletaeva" in labelled and labelled <= kept
    assert intersecting(ex(page, "x.labels()")) == []


def test_focus_can_hide_the_rest_and_fit_zooms_in_on_a_small_view(opened, real_page_path: Path) -> None:
    page = opened(real_page_path)
    overview = ex(page, "x.network.getScale()")
    ex(page, "x.selectNode('roza-tuletaeva')")
    page.select_option("#gk-rest", "hide")
    kept = set(ex(page, "[...x.state.dimmed.nodes]"))
    assert set(ex(page, "x.nodesView.getIds()")) == kept
    assert "rest=hide" in ex(page, "x.fragment()")
    # A filtered view of a few actors: Fit zooms in on them.
    ex(page, "x.clearSelection()")
    page.click("#gk-statuses-section >> text=all")
    for status in ("confirmed", "alleged", "disputed"):
        page.uncheck(f'input[data-group="statuses"][value="{status}"]')
    page.check("#gk-hide-isolated")
    shown = ex(page, "x.nodesView.getIds().length")
    assert 0 < shown < 20
    ex(page, "x.network.moveTo({scale: 0.1, animation: false})")
    page.click("#gk-fit")
    page.wait_for_timeout(600)
    assert ex(page, "x.network.getScale()") > max(overview, 0.5)


# ------------------------------------------------------------------ 3. paths, as graphkit path


PAIRS = [("roza-tuletaeva", "nursultan-nazarbayev"), ("evgeny-zhovtis", "simon-pirani"),
         ("kazmunaigaz", "paul-murphy"), ("eric-lee", "cwi"),
         ("natalia-sokolova", "zhanaozen-police")]


@pytest.fixture(scope="module")
def cli_paths() -> dict[tuple[str, str], list[dict]]:
    from click.testing import CliRunner

    answers = {}
    for a, b in PAIRS:
        result = invoke(CliRunner(), "path", a, b, "--all", "--format", "json", "--data", str(DATA))
        assert result.exit_code == 0, result.output
        answers[(a, b)] = json.loads(result.stdout)
    return answers


def test_chains_in_the_page_equal_graphkit_path(opened, real_page_path: Path, cli_paths) -> None:
    page = opened(real_page_path)
    for (a, b), expected in cli_paths.items():
        # With nothing set aside the page walks the same graph as the CLI.
        page.evaluate("(h) => { location.hash = h; }", f"#path={a},{b}&aside=")
        page.wait_for_function("(h) => window.graphkitExplorer.state.sel && "
                               "window.graphkitExplorer.state.sel.a === h", arg=a)
        chains = ex(page, "x.chains()")
        assert [c["nodes"] for c in chains] == [[n["id"] for n in c["nodes"]] for c in expected]
        for got, want in zip(chains, expected, strict=True):
            assert [(s["from"], s["to"]) for s in got["steps"]] == \
                   [(s["from"], s["to"]) for s in want["steps"]]
            for gs, ws in zip(got["steps"], want["steps"], strict=True):
                assert [(c["id"], c["phrase"], c["forward"], c["status"]) for c in gs["claims"]] == \
                       [(c["id"], c["phrase"], c["forward"], c["status"]) for c in ws["claims"]]
        # The panel shows each step's claims with their phrase and evidence.
        panel = page.locator("#gk-panel")
        first = expected[0]["steps"][0]["claims"][0]
        card = panel.locator(f'.gk-chain [data-claim="{first["id"]}"]').first
        assert first["phrase"] in card.locator(".gk-rel").text_content()
        assert card.locator(".gk-evidence li").count() == len(first["evidence"])


def test_chains_avoid_set_aside_hubs_and_can_keep_to_confirmed_claims(
        opened, real_page_path: Path) -> None:
    page = opened(real_page_path, fragment="#path=roza-tuletaeva,paul-murphy")
    chains = ex(page, "x.chains()")
    assert chains and all(SET_ASIDE.isdisjoint(c["nodes"]) for c in chains)
    page.check("#gk-via-confirmed")
    strict = ex(page, "x.chains()")
    assert strict and all(c["status"] == "confirmed" for ch in strict for s in ch["steps"]
                          for c in s["claims"])
    assert "via=confirmed" in ex(page, "x.fragment()")
    # Picking the two ends in the page: search box, then a click in the drawing.
    ex(page, "x.clearSelection()")
    page.fill("#gk-path-a", "Tuletayeva")
    page.press("#gk-path-a", "Enter")
    page.fill("#gk-path-b", "Nursultan Nazarbaev")
    page.press("#gk-path-b", "Enter")
    assert ex(page, "[x.state.sel.kind, x.state.sel.a, x.state.sel.b]") == [
        "path", "roza-tuletaeva", "nursultan-nazarbayev"]
    assert "Striking oil workers of Zhanaozen" in page.text_content("#gk-panel")


# ------------------------------------------------------------------ 4. evidence, honestly


def test_a_note_is_the_curators_note_never_a_quotation(opened, real_page_path: Path) -> None:
    page = opened(real_page_path, fragment="#claim=roza-tuletaeva.represents.zhanaozen-oil-workers")
    note = page.locator("#gk-panel .gk-note").first
    assert note.text_content().startswith("Curator's note: Tuletaeva was the main spokesperson")
    assert note.evaluate("n => getComputedStyle(n).fontStyle") == "normal"
    assert page.locator("#gk-panel q, #gk-panel blockquote").count() == 0
    assert '"' not in note.text_content() and "“" not in note.text_content()


def test_archive_build_quotes_the_cited_lines(opened, case: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    out = tmp_path / "out"
    result = invoke(CliRunner(), "build", "--data", str(case), "--out", str(out), "--only", "html",
                    "--archive", str(case.parent / "archive"))
    assert result.exit_code == 0, result.output
    page = opened(out / "graph.html")
    claim = ex(page, "x.data.edges.find(e => e.relation === 'member_of').id")
    ex(page, "x.selectEdge(arg)", claim)
    quote = page.locator("#gk-panel blockquote.gk-quote")
    lines = ARCHIVE.splitlines()
    assert quote.locator(".gk-quote-line").all_text_contents() == [f"2{lines[1]}", f"3{lines[2]}"]
    assert quote.locator(".gk-quote-n").all_text_contents() == ["2", "3"]
    text = page.text_content("#gk-panel")
    assert "A report on the strike" in text and "Jane Doe, Example Press, 2012-12" in text
    assert "lines 2–3" in text
    # Without --archive: no quotation at all, only the note (there is none here).
    plain = tmp_path / "plain"
    invoke(CliRunner(), "build", "--data", str(case), "--out", str(plain), "--only", "html")
    page2 = opened(plain / "graph.html")
    ex(page2, "x.selectEdge(arg)", claim)
    assert page2.locator("#gk-panel blockquote").count() == 0


def test_a_source_lists_every_claim_it_supports(opened, real_page_path: Path, real_graph: Any) -> None:
    page = opened(real_page_path, fragment="#actor=roza-tuletaeva")
    page.locator("#gk-panel .gk-source-claims").first.click()
    source = ex(page, "x.state.sel.id")
    expected = {k for _u, _v, k, d in real_graph.edges(keys=True, data=True)
                if source in {e["source"] for e in d["evidence"]}}
    listed = set(page.locator("#gk-panel .gk-source-list li").evaluate_all(
        "items => items.map(i => i.dataset.claim)"))
    assert listed == expected
    assert f"source={source}" in ex(page, "x.fragment()")


# ------------------------------------------------------------------ 5. status at a glance


def test_each_status_has_its_own_look_and_the_legend_is_in_view(opened, real_page_path: Path) -> None:
    page = opened(real_page_path)
    looks = ex(page, """(() => { const seen = {};
        x.data.edges.forEach(e => { const v = x.edges.get(e.id);
          seen[e.status] = JSON.stringify([v.dashes, x.data.statuses.find(s => s.key === e.status).mark]); });
        return seen; })()""")
    assert set(looks) == {"confirmed", "alleged", "disputed", "denied"}
    assert len(set(looks.values())) == 4, looks
    bottom = page.locator("#gk-statuses").evaluate("n => n.getBoundingClientRect().bottom")
    assert bottom < 900
    # The panel badges each claim with its own status (an actor with claims of several).
    actor = ex(page, """x.data.nodes.map(n => n.id).find(id => new Set(x.data.edges
        .filter(e => e.from === id || e.to === id).map(e => e.status)).size >= 3)""")
    ex(page, "x.selectNode(arg)", actor)
    page.locator("#gk-panel details.gk-group").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
    badges = page.locator("#gk-panel .gk-claim .gk-status").evaluate_all(
        "bs => bs.map(b => b.dataset.status)")
    expected = ex(page, "x.data.edges.filter(e => e.from === arg || e.to === arg).map(e => e.status)", actor)
    assert sorted(badges) == sorted(expected) and len(set(badges)) >= 3
    page.click("#gk-confirmed-only")
    statuses = ex(page, "[...new Set(x.edgesView.getIds()"
                        ".map(id => x.data.edges.find(e => e.id === id).status))]")
    assert statuses == ["confirmed"]
    assert "status=confirmed" in ex(page, "x.fragment()")
    tooltip = ex(page, "x.edges.get(x.data.edges.find(e => e.claimed_by.length).id).title")
    assert "Claimed by " in tooltip


# ------------------------------------------------------------------ 6. time


def test_undated_claims_sit_at_their_sources_date_and_play_moves_the_window(
        opened, real_page_path: Path, real_graph: Any) -> None:
    page = opened(real_page_path)
    reported = ex(page, "x.data.edges.filter(e => !e.t && e.rt).map(e => [e.id, e.reported])")
    sources = real_graph.graph["sources"]
    for claim, when in reported:
        data = next(d for _u, _v, k, d in real_graph.edges(keys=True, data=True) if k == claim)
        dates = [sources[s]["date"] for s in data["sources"] if sources[s]["date"]]
        assert when == min(dates)
    claim = reported[0][0]
    ex(page, "x.selectEdge(arg)", claim)
    assert f"reported {reported[0][1]}" in page.text_content("#gk-panel .gk-claim-meta")
    assert "placed at the dates their sources published them" in page.text_content("#gk-date-note")
    # The strip is drawn, and Play steps a window through the case.
    inked = page.evaluate("""() => { const c = document.getElementById('gk-strip');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i+3] > 0) n++; return n; }""")
    assert inked > 200
    page.click("#gk-play")
    first = ex(page, "[x.state.from, x.state.to]")
    page.wait_for_timeout(2000)
    later = ex(page, "[x.state.from, x.state.to]")
    page.click("#gk-play")
    assert later[0] > first[0] and later[1] - later[0] == first[1] - first[0]
    # Claims with no date at all are not in every frame: Play leaves them out, and says so.
    assert ex(page, "x.state.keepUndated") is False and not page.is_checked("#gk-undated")
    assert "undated claims hidden" in page.text_content("#gk-filter-summary")
    shown = set(ex(page, "x.edgesView.getIds()"))
    assert not [e for e in ex(page, "x.data.edges.filter(e => !e.t && !e.rt).map(e => e.id)")
                if e in shown]
    assert ex(page, "x.edgesView.getIds().length") < 987
    # Actors without a claim in the window are not left behind as orphan dots.
    orphans = ex(page, """x.nodesView.getIds().filter(id => !x.data.nodes.find(n => n.id === id).t &&
        !x.edgesView.getIds().some(e => { const c = x.data.edges.find(d => d.id === e);
                                          return c.from === id || c.to === id; }))""")
    assert orphans == []


# ------------------------------------------------------------------ 7. the claims panel


def test_claims_panel_groups_filters_and_sorts(opened, real_page_path: Path) -> None:
    page = opened(real_page_path, fragment="#actor=zhanaozen-oil-workers")
    total = ex(page, "x.data.edges.filter(e => e.from === 'zhanaozen-oil-workers'"
                     " || e.to === 'zhanaozen-oil-workers').length")
    groups = page.locator("#gk-panel details.gk-group")
    assert groups.count() > 5
    assert sum(int(c) for c in page.locator("#gk-panel details.gk-group > summary .gk-count")
               .all_text_contents()) == total
    # Each group holds claims of one relation phrase.
    for i in range(groups.count()):
        verb = groups.nth(i).get_attribute("data-relation")
        phrases = set(groups.nth(i).locator(".gk-claim .gk-rel").all_text_contents())
        assert phrases == {verb}
    # Status filter.
    page.uncheck("#gk-panel .gk-chip input[value=confirmed]")
    shown = page.locator("#gk-panel .gk-claim").evaluate_all("cs => cs.map(c => c.dataset.claim)")
    statuses = ex(page, "arg.map(id => x.data.edges.find(e => e.id === id).status)", shown)
    assert shown and "confirmed" not in statuses
    page.check("#gk-panel .gk-chip input[value=confirmed]")
    # Text filter.
    page.fill("#gk-panel .gk-claim-filter", "Tuletaeva")
    assert 0 < page.locator("#gk-panel .gk-claim").count() < total
    page.fill("#gk-panel .gk-claim-filter", "")
    # Sorted by date inside a group, newest first on request.
    page.select_option("#gk-panel .gk-claim-order", "desc")
    for i in range(page.locator("#gk-panel details.gk-group").count()):
        ids = page.locator("#gk-panel details.gk-group").nth(i).locator(".gk-claim").evaluate_all(
            "cs => cs.map(c => c.dataset.claim)")
        days = ex(page, "arg.map(id => { const e = x.data.edges.find(e => e.id === id);"
                        " return e.when ? (e.when[0] ?? e.when[1]) : null; })", ids)
        dated = [d for d in days if d is not None]
        assert dated == sorted(dated, reverse=True)
        assert days == dated + [None] * (len(days) - len(dated))
    # One relation only.
    page.select_option("#gk-panel .gk-claim-relation", "participated_in")
    assert page.locator("#gk-panel details.gk-group").count() == 1


# ------------------------------------------------------------------ 8. shareable views


@pytest.mark.parametrize("fragment, check", [
    ("#actor=roza-tuletaeva&depth=2",
     "x.state.sel.kind === 'actor' && x.state.sel.id === 'roza-tuletaeva' && x.state.depth === 2"),
    ("#path=roza-tuletaeva,nursultan-nazarbayev", "x.state.sel.kind === 'path' && x.chains().length === 1"),
    ("#status=confirmed", "x.state.statuses.size === 1 && x.state.statuses.has('confirmed')"),
    ("#status=alleged,disputed", "x.state.statuses.size === 2 && !x.state.statuses.has('confirmed')"),
    ("#from=2011-05&to=2012-12",
     "new Date(x.state.from * 86400000).toISOString().slice(0, 10) === '2011-05-01'"
     " && new Date(x.state.to * 86400000).toISOString().slice(0, 10) === '2012-12-31'"),
    ("#metric=betweenness&type=person,court&relation=sentenced&undated=hide",
     "x.state.metric === 'betweenness' && x.state.types.size === 2 && x.state.relations.size === 1"
     " && !x.state.keepUndated && x.edgesView.getIds().every(id =>"
     " x.data.edges.find(e => e.id === id).relation === 'sentenced')"),
    ("#q=Tuletayeva", "document.getElementById('gk-search').value === 'Tuletayeva'"
     " && document.querySelector('#gk-search-results .gk-result-name').textContent === 'Roza Tuletaeva'"),
    ("#actor=roza-tuletaeva&depth=2&status=confirmed&from=2011-05&to=2012-12",
     "x.state.depth === 2 && x.state.statuses.size === 1 && x.state.sel.id === 'roza-tuletaeva'"),
])
def test_fragment_forms_open_the_view(opened, real_page_path: Path, fragment: str, check: str) -> None:
    page = opened(real_page_path, fragment=fragment)
    assert ex(page, check) is True
    assert page.text_content("#gk-link-note") == ""
    if fragment.startswith("#q="):
        assert ex(page, "x.fragment()") == ""  # typed text is not part of the view written back
        return
    # What the page writes back reopens the same view.
    written = ex(page, "x.fragment()")
    again = opened(real_page_path, fragment="#" + written)
    assert ex(again, check) is True
    assert ex(again, "x.fragment()") == written
    assert sorted(ex(again, "x.edgesView.getIds()")) == sorted(ex(page, "x.edgesView.getIds()"))


def test_bad_fragment_values_leave_the_rest_applied(opened, real_page_path: Path) -> None:
    page = opened(real_page_path,
                  fragment="#actor=roza-tuletaeva&depth=9&status=confirmed,maybe&nonsense=1&from=2011-13")
    assert ex(page, "x.state.sel.id") == "roza-tuletaeva"
    assert ex(page, "x.state.depth") == 1
    assert ex(page, "[...x.state.statuses]") == ["confirmed"]
    note = page.text_content("#gk-link-note")
    for part in ("depth must be 1, 2 or 3", "unknown status maybe", "ignored nonsense", "not a date 2011-13"):
        assert part in note
    # Interacting writes the view into the address.
    page.select_option("#gk-depth", "3")
    assert "depth=3" in page.evaluate("() => location.hash")
    assert "actor=roza-tuletaeva" in page.evaluate("() => location.hash")


def test_chains_follow_the_status_filter_at_once(opened, real_page_path: Path) -> None:
    """Unticking a status recomputes the chains in the same refresh, not one change later."""
    page = opened(real_page_path, fragment="#path=roza-tuletaeva,nursultan-nazarbayev")
    assert len(ex(page, "x.chains()")) == 1
    page.uncheck('input[data-group="statuses"][value="confirmed"]')
    assert ex(page, "x.chains()") == []
    assert "No chain" in page.text_content("#gk-panel")
    page.check('input[data-group="statuses"][value="confirmed"]')
    assert len(ex(page, "x.chains()")) == 1
    # The same from a link: only denied claims join nobody.
    linked = opened(real_page_path, fragment="#path=roza-tuletaeva,nursultan-nazarbayev&status=denied")
    assert ex(linked, "x.chains()") == []


def test_a_link_that_cannot_be_followed_says_so_where_it_is_seen(opened, real_page_path: Path) -> None:
    # Only unknown statuses: the filter is dropped, never "no status at all".
    page = opened(real_page_path, fragment="#status=bogus")
    assert ex(page, "x.state.statuses.size") == ex(page, "x.data.statuses.length")
    assert ex(page, "x.edgesView.getIds().length") > 0
    banner = page.locator("#gk-filter-summary")
    assert banner.is_visible() and "unknown status bogus" in banner.text_content()
    assert "status=" not in ex(page, "x.fragment()")
    # An unknown actor is explained in the banner at the top, not only under View.
    page = opened(real_page_path, fragment="#actor=nonexistent")
    assert "could not be followed" in page.locator("#gk-filter-summary").text_content()
    assert "nonexistent" in page.locator("#gk-filter-summary").text_content()
    ex(page, "x.selectNode('roza-tuletaeva')")  # choosing an actor clears the note
    assert "could not be followed" not in (page.text_content("#gk-filter-summary") or "")
    # From after to: the window between the two, and a word about it.
    page = opened(real_page_path, fragment="#from=2015&to=2011")
    days = ex(page, "[x.state.from, x.state.to].map(d => new Date(d * 86400000).toISOString().slice(0, 10))")
    assert days == ["2011-01-01", "2015-12-31"]
    assert "is after to" in page.text_content("#gk-filter-summary")


def test_small_grey_text_is_readable(opened, real_page_path: Path) -> None:
    """Hints, counts and dates in small grey: at least WCAG AA's 4.5:1 on the white page."""
    page = opened(real_page_path)
    ratios = page.evaluate("""() => {
        const lum = c => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map(v => {
            v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        return [...document.querySelectorAll('.gk-hint, .gk-count, .gk-footer, .gk-strip-scale')]
          .filter(e => e.offsetParent !== null)
          .map(e => (1.05) / (lum(getComputedStyle(e).color) + 0.05)); }""")
    assert ratios and min(ratios) >= 4.5, ratios


def test_a_new_link_without_a_path_empties_the_chain_boxes(opened, real_page_path: Path) -> None:
    page = opened(real_page_path, fragment="#path=roza-tuletaeva,nursultan-nazarbayev")
    assert page.input_value("#gk-path-a") == "Roza Tuletaeva"
    page.evaluate("() => { location.hash = '#actor=natalia-sokolova'; }")
    page.wait_for_function("() => window.graphkitExplorer.state.sel && "
                           "window.graphkitExplorer.state.sel.kind === 'actor'")
    assert page.input_value("#gk-path-a") == "" and page.input_value("#gk-path-b") == ""


def test_search_ranks_a_whole_name_before_longer_names(opened, real_page_path: Path) -> None:
    page = opened(real_page_path)
    for query in ("Nazarbayev", "nazarbayev"):
        assert ex(page, "x.search(arg)[0].node.id", query) == "nursultan-nazarbayev"


# ------------------------------------------------------------------ 9. pictures


def test_png_and_svg_of_the_view_with_title_legend_and_filters(opened, real_page_path: Path,
                                                                tmp_path: Path) -> None:
    page = opened(real_page_path, fragment="#actor=roza-tuletaeva&status=confirmed")
    with page.expect_download() as info:
        page.click("#gk-export-png")
    png = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename == "graphkit-view.png"
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 900 and height >= 700
    # Decodes in the browser, and is not blank.
    decoded = page.evaluate("""(src) => new Promise(ok => { const i = new Image();
        i.onload = () => { const c = document.createElement('canvas'); c.width = i.width; c.height = i.height;
          const g = c.getContext('2d'); g.drawImage(i, 0, 0);
          const d = g.getImageData(0, 0, c.width, c.height).data; let n = 0;
          for (let k = 0; k < d.length; k += 4) if (d[k] + d[k+1] + d[k+2] < 600) n++;
          ok([i.width, i.height, n]); }; i.src = src; })""",
                            "data:image/png;base64," + base64.b64encode(png).decode())
    assert decoded[:2] == [width, height] and decoded[2] > 5000
    with page.expect_download() as info:
        page.click("#gk-export-svg")
    svg = ET.fromstring(Path(info.value.path()).read_text(encoding="utf-8"))
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "The Zhanaozen case: network explorer" in texts
    assert "How sure" in texts and "Confirmed" in texts
    assert any(t and t.startswith("Status: Confirmed") for t in texts)
    assert "Roza Tuletaeva" in texts
    assert len(list(svg.iter("{http://www.w3.org/2000/svg}line"))) > 10


# ------------------------------------------------------------------ search folds as the CLI does


TRICKY = ["Жаңаөзен", "Zhanaözen", "OzenMounaïGaz", "Tuletayeva", "Nazarbayev", "Dzhanaozen",
          "Yessenov", "Sergey Yuriy", "KazMunayGas", "Łódź Straße", "Ἀθῆναι", "Қазақстан", "Mukhtar"]


def test_page_skeleton_equals_graphkit_names(opened, real_page_path: Path, real_graph: Any) -> None:
    page = opened(real_page_path)
    names = sorted({str(d["label"]) for _n, d in real_graph.nodes(data=True)}
                   | {str(a) for _n, d in real_graph.nodes(data=True) for a in d["aliases"]})
    # Mojibake repair is not in the page's skeleton (typed queries do not carry it).
    names = [n for n in names if fix_mojibake(n) == n] + TRICKY
    got = ex(page, "arg.map(s => x.skeleton(s))", names)
    # The names' own keys are computed in Python (mojibake repair included); the page's
    # skeleton of a typed name must agree with Python's for every name and alias.
    mismatches = [(n, g, skeleton(n)) for n, g in zip(names, got, strict=True) if g != skeleton(n)]
    assert mismatches == []


@pytest.mark.parametrize("query, actor", [
    ("Tuletayeva", "roza-tuletaeva"), ("Janaozen police", "zhanaozen-police"),
    ("Жанаозен", "zhanaozen"), ("nazarbaev", "nursultan-nazarbayev"),
])
def test_search_finds_what_graphkit_path_resolves(opened, real_page_path: Path, query: str,
                                                   actor: str) -> None:
    from graphkit.analyse.resolve import resolve

    assert resolve(build_graph(load_dataset(DATA)), query) == actor
    page = opened(real_page_path)
    assert actor in ex(page, "x.search(arg).slice(0, 3).map(h => h.node.id)", query)


# ------------------------------------------------------------------ a narrow window


def test_narrow_window_stays_usable(opened, real_page_path: Path) -> None:
    page = opened(real_page_path, width=600, height=800, fragment="#actor=roza-tuletaeva")
    labels = ex(page, "x.labels()")
    assert labels and intersecting(labels) == []
    assert page.locator("#gk-panel").is_visible()
    # The controls start folded away on a narrow screen, one click from view.
    assert page.locator("#gk-sidebar").is_hidden()
    page.click("#gk-panel-close")
    page.click("#gk-toggle-sidebar")
    assert page.locator("#gk-statuses").is_visible()
    assert page.locator("#gk-statuses").evaluate("n => n.getBoundingClientRect().bottom") < 800


def test_the_first_view_is_drawn_below_the_first_visit_hint(opened, real_page_path: Path) -> None:
    page = opened(real_page_path)
    assert page.locator("#gk-hint").is_visible()
    below = page.evaluate("() => { const h = document.getElementById('gk-hint');"
                          " return h.offsetTop + h.offsetHeight; }")
    labels = ex(page, "x.labels()")
    assert labels and min(label["y"] - label["h"] / 2 for label in labels) >= below


def test_on_a_phone_the_panel_is_a_sheet_below_the_focused_actors(opened, real_page_path: Path) -> None:
    page = opened(real_page_path, width=400, height=800, fragment="#actor=roza-tuletaeva")
    sheet = page.evaluate("""() => { const p = document.getElementById('gk-panel').getBoundingClientRect();
        const c = document.getElementById('gk-network').getBoundingClientRect();
        return {top: p.top - c.top, width: p.width, drawing: c.width}; }""")
    assert sheet["width"] >= sheet["drawing"] - 2  # the whole width, over the lower part
    page.wait_for_timeout(800)  # the fit's animation
    labels = ex(page, "x.labels()")
    assert any(label["id"] == "roza-tuletaeva" for label in labels)
    assert all(label["y"] + label["h"] / 2 <= sheet["top"] for label in labels), (labels, sheet)


# ------------------------------------------------------------------ hostile ids (issue #19, item 8)


HOSTILE_VOCAB = """\
relations:
  tostring: {label: toString, inverse: toString by, color: "#aa3355"}
  hasownproperty: {label: hasOwnProperty, inverse: hasOwnProperty of, directed: false}
statuses:
  constructor: {label: Constructor, dash: [3, 3], mark: cross, color: "#123456",
                description: a status named constructor}
"""
HOSTILE_SOURCES = """\
- id: constructor
  title: A source named constructor
  date: 2012
- id: proto
  title: "__proto__"
  url: https://example.org/__proto__
"""
HOSTILE_ENTITIES = """\
- id: constructor
  name: constructor
  type: person
  aliases: [__proto__]
- id: tostring
  name: toString
  type: organization
- id: hasownproperty
  name: hasOwnProperty
  type: company
- id: prototype
  name: prototype
  type: person
- id: valueof
  name: valueOf
  type: person
"""
HOSTILE_EDGES = """\
- id: constructor
  source: constructor
  target: tostring
  relation: tostring
  status: constructor
  claimed_by: [prototype]
  attributes: {__proto__: polluted, constructor: 1, toString: x}
  evidence: [{source: constructor, lines: [1], note: __proto__}]
- id: tostring
  source: tostring
  target: hasownproperty
  relation: hasownproperty
  evidence: [{source: proto}]
- id: hasownproperty
  source: hasownproperty
  target: prototype
  relation: supports
  date: 2011
  evidence: [{source: constructor}]
- id: valueof
  source: valueof
  target: constructor
  relation: criticizes
  evidence: [{source: proto}]
"""


def test_hostile_ids_work_everywhere(opened, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from conftest import write_case

    case = write_case(tmp_path / "hostile", sources=HOSTILE_SOURCES, entities=HOSTILE_ENTITIES,
                      edges=HOSTILE_EDGES, vocabulary=HOSTILE_VOCAB)
    (case / "case.yaml").write_text("view:\n  set_aside: [valueof]\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(CliRunner(), "build", "--data", str(case), "--out", str(out), "--only", "html")
    assert result.exit_code == 0, result.output
    page = opened(out / "graph.html",
                  fragment="#path=constructor,prototype&status=constructor,confirmed&aside=valueof")
    assert ex(page, "Object.prototype.polluted") is None
    assert ex(page, "x.chains().map(c => c.nodes)") == [
        ["constructor", "tostring", "hasownproperty", "prototype"]]
    assert ex(page, "x.chains()[0].steps[0].claims[0].phrase") == "toString"
    assert ex(page, "[...x.state.statuses].sort()") == ["confirmed", "constructor"]
    # Focus, claim panel with the status badge, attributes and the source list.
    page.evaluate("() => { location.hash = '#actor=constructor&depth=2'; }")
    page.wait_for_function("() => window.graphkitExplorer.state.sel.kind === 'actor'")
    assert set(ex(page, "[...x.state.dimmed.nodes]")) == {"constructor", "tostring", "hasownproperty"}
    ex(page, "x.selectEdge('constructor')")
    panel = page.text_content("#gk-panel")
    assert "__proto__: polluted" in panel and "Constructor" in panel and "Claimed by prototype" in panel
    assert "Curator's note: __proto__" in panel
    ex(page, "x.selectSource('constructor')")
    assert page.locator("#gk-panel .gk-source-list li").count() == 2
    # Search by the alias __proto__, and the set-aside actor stays out of view.
    assert ex(page, "x.search('__proto__').map(h => [h.node.id, h.alias])")[0] == ["constructor", "__proto__"]
    assert "valueof" not in ex(page, "x.nodesView.getIds()")
    assert ex(page, "x.labels().length") > 0
    assert ex(page, "Object.prototype.polluted") is None and ex(page, "({}).constructor === Object")
    wait_drawn(page)


def test_large_page_draws_only_the_focus_and_restores_everything(opened, tmp_path: Path) -> None:
    import networkx as nx

    from graphkit.export.html import write_html

    graph = nx.MultiDiGraph(name="ring")
    size = 1_100
    for i in range(size):
        graph.add_node(f"n{i:04d}", label=f"Actor {i}", type="person", aliases=[])
    for i in range(size):
        for step in (1, 7):
            a, b = f"n{i:04d}", f"n{(i + step) % size:04d}"
            graph.add_edge(a, b, key=f"e{i:04d}-{step}", id=f"e{i:04d}-{step}", relation="supports",
                           label="supports", directed=True, status="confirmed", claimed_by=[],
                           attributes={}, evidence=[], sources=[])
    page = opened(write_html(graph, tmp_path / "ring.html"), fragment="#actor=n0500")
    kept = ex(page, "[...x.state.dimmed.edges].sort()")
    assert len(kept) == 4
    drawn = ex(page, "x.network.body.edgeIndices.map(String).sort()")
    assert drawn == kept
    assert intersecting(ex(page, "x.labels()")) == []
    ex(page, "x.clearSelection()")
    assert len(ex(page, "x.network.body.edgeIndices")) == 2 * size
