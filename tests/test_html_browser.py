"""The explorer in a real browser: headless Debian Chromium, network blocked and recorded.

Each test opens a page written by write_html from a real YAML folder (or the real CLI),
with every request other than the page itself aborted and recorded, and checks what a
reader would see: counts drawn, search, filters, the evidence panel, hostile names.
Fails (never skips) when Chromium is missing; tests/browser.py says how to install it.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import pytest
from browser import (
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    HOSTILE_TEMPLATE,
    browser,
    drawn_counts,
    open_page,
    wait_drawn,
    write_explorer_case,
)

from graphkit.build import build_graph
from graphkit.export.html import write_html
from graphkit.load import load_dataset

ROOT = Path(__file__).resolve().parent.parent
ALL_EDGES = {f"c{i:02d}" for i in range(1, 14)}


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def case_graph(tmp_path_factory):
    folder = write_explorer_case(tmp_path_factory.mktemp("explorer") / "case")
    return build_graph(load_dataset(folder))


@pytest.fixture
def page(chromium, case_graph, tmp_path):
    path = write_html(case_graph, tmp_path / "graph.html",
                      title=f"{HOSTILE_SCRIPT} {HOSTILE_TEMPLATE}")
    page, log = open_page(chromium, path)
    yield page
    page.context.close()
    assert log.requests == [], "the page tried to fetch something"
    assert log.console_errors == [] and log.page_errors == [], (log.console_errors, log.page_errors)
    assert log.dialogs == [], "a dialog opened: injected code ran"


def visible_edges(page: Any) -> set[str]:
    ids = page.evaluate("() => window.graphkitExplorer.edgesView.getIds()")
    return {i.split("-")[0] for i in ids}


def visible_nodes(page: Any) -> set[str]:
    return set(page.evaluate("() => window.graphkitExplorer.nodesView.getIds()"))


def click_node(page: Any, node_id: str) -> None:
    """A real mouse click where vis-network drew the node."""
    point = page.evaluate(
        """(id) => { const n = window.graphkitExplorer.network;
        const p = n.canvasToDOM(n.getPositions([id])[id]);
        const r = document.getElementById('gk-network').getBoundingClientRect();
        return {x: r.left + p.x, y: r.top + p.y}; }""", node_id)
    page.mouse.click(point["x"], point["y"])


def stop_motion(page: Any) -> None:
    """Physics off and animations done, so positions read now are where things stay."""
    page.evaluate("() => { const n = window.graphkitExplorer.network;"
                  " n.setOptions({physics: {enabled: false}}); n.fit({animation: false}); }")


# ------------------------------------------------------------------ drawing


@pytest.mark.parametrize("folder", ["explorer-case", "tests/hostile/markup-everywhere"])
def test_draws_every_actor_and_claim_offline(chromium, tmp_path: Path, folder: str) -> None:
    source = (write_explorer_case(tmp_path / "case") if folder == "explorer-case"
              else ROOT / folder)
    graph = build_graph(load_dataset(source))
    page, log = open_page(chromium, write_html(graph, tmp_path / "graph.html"))
    counts = drawn_counts(page)
    assert counts == {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
                      "visibleNodes": graph.number_of_nodes(),
                      "visibleEdges": graph.number_of_edges(),
                      "networkNodes": graph.number_of_nodes()}
    drawn_edges = page.evaluate("() => Object.keys(window.graphkitExplorer.network.body.edges)")
    assert sorted(drawn_edges) == sorted(k for _u, _v, k in graph.edges(keys=True))
    # Something is really painted: many non-white pixels on the canvas.
    inked = page.evaluate("""() => { const c = document.querySelector('#gk-network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i+3] > 0 && d[i] + d[i+1] + d[i+2] < 600) n++;
        return n; }""")
    assert inked > 2000
    assert page.evaluate("() => window.__pwned") is None
    page.context.close()
    assert log.requests == [] and log.console_errors == [] and log.page_errors == []
    assert log.dialogs == []


def test_real_cli_output_opens_clean(chromium, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from graphkit.cli import main

    case = write_explorer_case(tmp_path / "case")
    result = CliRunner().invoke(main, ["build", "--data", str(case), "--out",
                                       str(tmp_path / "out"), "--only", "html"])
    assert result.exit_code == 0, result.output
    page, log = open_page(chromium, tmp_path / "out" / "graph.html")
    assert drawn_counts(page)["visibleEdges"] == 13
    metric = page.evaluate("() => document.getElementById('gk-metric').value")
    assert metric == "pagerank"
    page.select_option("#gk-metric", "betweenness")
    roza = page.evaluate("() => window.graphkitExplorer.nodes.get('roza-tuletaeva').value")
    stored = page.evaluate(
        "() => window.graphkitExplorer.data.nodes.find(n => n.id === 'roza-tuletaeva').m.betweenness")
    assert roza == stored and roza > 0
    page.context.close()
    assert log.requests == [] and log.console_errors == [] and log.page_errors == []


# ------------------------------------------------------------------ search


@pytest.mark.parametrize("query, actor, shown", [
    ("özenmunaygaz", "ozenmunaigas", "Ozenmunaigas (ÖzenMunayGaz)"),  # alias, folded
    ("TULETAYEVA", "roza-tuletaeva", "Roza Tuletaeva (Roza Tuletayeva)"),  # alias, other case
    ("роза", "roza-tuletaeva", "Roza Tuletaeva (Роза Тулетаева)"),  # Cyrillic alias, lower case
    ("police of zhanaozen", "zhanaozen-police", "Zhanaozen police (Police of Zhanaozen)"),
])
def test_search_finds_an_actor_by_alias_and_focuses_it(page, query: str, actor: str,
                                                       shown: str) -> None:
    page.fill("#gk-search", query)
    first = page.locator("#gk-search-results .gk-result").first
    assert first.text_content().strip() == shown
    page.press("#gk-search", "Enter")
    assert page.evaluate("() => window.graphkitExplorer.network.getSelectedNodes()") == [actor]
    assert page.locator("#gk-panel").is_visible()
    name = page.evaluate(f"() => window.graphkitExplorer.data.nodes.find(n => n.id === '{actor}').label")
    assert page.text_content("#gk-panel-title") == name
    # The actor is highlighted: its neighbours keep their colour, the rest fade.
    kept = page.evaluate("() => [...window.graphkitExplorer.state.dimmed.nodes]")
    assert actor in kept and len(kept) < 12


def test_search_says_when_nothing_matches(page) -> None:
    page.fill("#gk-search", "nobody at all")
    assert page.text_content("#gk-search-message") == "No actor matches."
    assert page.locator("#gk-search-results").is_hidden()


# ------------------------------------------------------------------ filters


def test_type_relation_and_status_filters_hide_what_they_should(page) -> None:
    assert visible_edges(page) == ALL_EDGES and len(visible_nodes(page)) == 12
    page.uncheck('input[data-group="types"][value="company"]')
    assert visible_nodes(page) == {"almaty-court", "roza-tuletaeva", "serik-tuletaev",
                                   "zhanaozen-police", "oil-strike", "massacre",
                                   "isolated-observer", "hostile-script", "hostile-img",
                                   "hostile-template"}
    assert visible_edges(page) == ALL_EDGES - {"c02", "c04", "c13"}
    assert page.text_content("#gk-counts") == "10 of 12 actors · 10 of 13 claims"
    page.click("#gk-relations-section > summary")  # relations are folded away at first
    page.uncheck('input[data-group="relations"][value="tortured"]')
    page.uncheck('input[data-group="statuses"][value="alleged"]')
    assert visible_edges(page) == ALL_EDGES - {"c02", "c04", "c13", "c07", "c06"}
    page.check("#gk-hide-isolated")
    assert "isolated-observer" not in visible_nodes(page)
    assert len(visible_nodes(page)) == 9
    page.click("#gk-reset")
    assert visible_edges(page) == ALL_EDGES and len(visible_nodes(page)) == 12


def test_date_window_and_undated_claims(page) -> None:
    for field in ("#gk-from-date", "#gk-to-date"):
        page.fill(field, "2011-12-16")
        page.dispatch_event(field, "change")
    # Claims meeting 16 Dec 2011: employment open since 2008, strike participation (2011),
    # the police at the massacre (that day), detention (December 2011); plus the claims
    # with no date at all (their source has none either). c04 and c09 have no date of
    # their own but are placed at their source's date (Levy, December 2012): outside.
    assert visible_edges(page) == {"c02", "c03", "c05", "c06", "c10", "c12"}
    assert {"oil-strike", "massacre"} <= visible_nodes(page)  # dated events in the window
    page.uncheck("#gk-undated")
    assert visible_edges(page) == {"c02", "c03", "c05", "c06"}
    page.fill("#gk-from-date", "2012-01-01")
    page.dispatch_event("#gk-from-date", "change")
    page.fill("#gk-to-date", "2012-12-31")
    page.dispatch_event("#gk-to-date", "change")
    # 2012: the sentence, the alleged torture, the accusation, the open employment, and
    # the two claims reported by Levy in December 2012. The 2012 report on the massacre
    # goes: the massacre (a dated event) is outside the window, as graphkit.filters
    # decides when building.
    assert visible_edges(page) == {"c01", "c02", "c07", "c08", "c04", "c09"}
    assert "oil-strike" not in visible_nodes(page) and "massacre" not in visible_nodes(page)
    # The slider moves the same window.
    first_day = (dt.date(2008, 1, 1) - dt.date(1970, 1, 1)).days
    page.evaluate(f"""() => {{ const r = document.getElementById('gk-from');
        r.value = {first_day}; r.dispatchEvent(new Event('input')); }}""")
    assert page.input_value("#gk-from-date") == "2008-01-01"
    assert "oil-strike" in visible_nodes(page)


# ------------------------------------------------------------------ the panel


def test_clicking_an_actor_fills_the_panel_with_claims_and_evidence(page) -> None:
    stop_motion(page)
    click_node(page, "roza-tuletaeva")
    panel = page.locator("#gk-panel")
    assert panel.is_visible()
    assert page.text_content("#gk-panel-title") == "Roza Tuletaeva"
    text = panel.text_content()
    assert "Also known as: Roza Tuletayeva; Роза Тулетаева" in text
    assert "Strike spokesperson; jailed in 2012." in text
    assert "9 claims" in text
    sentenced = panel.locator('[data-claim="c01-sentenced"]')
    assert sentenced.locator(".gk-rel").text_content() == "sentenced by"  # inverse, seen from Roza
    assert sentenced.locator(".gk-actor").text_content() == "Almaty City Court"
    claim = sentenced.text_content()
    for part in ("2012-06-04", "Confirmed", "years: 7",
                 "Zhanaozen: worker organisation and repression",
                 "Gabriel Levy, People & Nature, 2012-12", "lines 49, 51–53",
                 "Sentenced to seven years for inciting social discord."):
        assert part in claim, part
    link = sentenced.locator("a.gk-source-title")
    assert link.get_attribute("href") == "https://example.org/levy-2012"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert link.get_attribute("target") == "_blank"
    detained = panel.locator('[data-claim="c06-detained"]')
    assert detained.locator(".gk-rel").text_content() == "detained by"
    assert "Alleged" in detained.text_content() and "Claimed by Roza Tuletaeva" in detained.text_content()
    family = panel.locator('[data-claim="c09-family"]')
    assert family.locator(".gk-rel").text_content() == "family of"
    # Neighbours highlighted, others faded.
    kept = set(page.evaluate("() => [...window.graphkitExplorer.state.dimmed.nodes]"))
    assert {"almaty-court", "zhanaozen-police", "serik-tuletaev"} <= kept
    assert "massacre" not in kept
    # Following a link in the panel moves to the other actor, in the right direction.
    sentenced.locator(".gk-actor").click()
    assert page.text_content("#gk-panel-title") == "Almaty City Court"
    assert page.locator('[data-claim="c01-sentenced"] .gk-rel').text_content() == "sentenced"


def test_clicking_a_claim_shows_it_with_its_evidence(page) -> None:
    stop_motion(page)
    point = page.evaluate(
        """() => { const n = window.graphkitExplorer.network;
        const p = n.getPositions(['almaty-court', 'roza-tuletaeva']);
        const mid = n.canvasToDOM({x: (p['almaty-court'].x + p['roza-tuletaeva'].x) / 2,
                                   y: (p['almaty-court'].y + p['roza-tuletaeva'].y) / 2});
        const r = document.getElementById('gk-network').getBoundingClientRect();
        return {x: r.left + mid.x, y: r.top + mid.y}; }""")
    page.mouse.click(point["x"], point["y"])
    assert page.text_content("#gk-panel-title") == "Almaty City Court sentenced Roza Tuletaeva"
    text = page.locator("#gk-panel").text_content()
    assert "lines 49, 51–53" in text and "Claim id: c01-sentenced" in text
    assert page.evaluate("() => window.graphkitExplorer.network.getSelectedEdges()") == ["c01-sentenced"]


# ------------------------------------------------------------------ hostile names


def test_hostile_names_show_as_text_and_never_run(page) -> None:
    assert page.evaluate("() => window.__pwned") is None
    assert page.title() == f"{HOSTILE_SCRIPT} {HOSTILE_TEMPLATE}"
    assert page.text_content("#gk-title") == f"{HOSTILE_SCRIPT} {HOSTILE_TEMPLATE}"
    assert page.evaluate("() => document.scripts.length") == 3
    page.fill("#gk-search", "script")
    names = page.locator("#gk-search-results .gk-result-name").all_text_contents()
    assert HOSTILE_SCRIPT in names
    page.press("#gk-search", "Enter")
    assert page.text_content("#gk-panel-title") == HOSTILE_SCRIPT
    panel = page.locator("#gk-panel")
    assert HOSTILE_IMG in panel.text_content()  # the other end of the 'criticizes' claim
    assert HOSTILE_SCRIPT + " described" in panel.text_content()
    # The hostile source has a javascript: URL: shown as a title, never as a link.
    titles = panel.locator(".gk-source-title")
    assert titles.count() == 2 and set(titles.all_text_contents()) == {HOSTILE_SCRIPT}
    assert page.evaluate("() => document.querySelectorAll('a[href]').length") == 0
    assert page.evaluate("() => document.querySelectorAll('img, iframe, object, embed').length") == 0
    page.evaluate("() => window.graphkitExplorer.selectNode('hostile-template')")
    assert page.text_content("#gk-panel-title") == "{{ 7*7 }}"
    assert page.evaluate("() => window.__pwned") is None


def test_tooltip_is_plain_text(page) -> None:
    stop_motion(page)
    point = page.evaluate(
        """() => { const n = window.graphkitExplorer.network;
        const p = n.canvasToDOM(n.getPositions(['hostile-img'])['hostile-img']);
        const r = document.getElementById('gk-network').getBoundingClientRect();
        return {x: r.left + p.x, y: r.top + p.y}; }""")
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.text_content().startswith(HOSTILE_IMG)
    # innerText turns line breaks into <br>; nothing else may become an element.
    tags = page.evaluate("() => [...document.querySelector('div.vis-tooltip').children]"
                         ".map(c => c.tagName)")
    assert set(tags) <= {"BR"}


# ------------------------------------------------------------------ size and physics


def test_physics_off_by_default_above_300_actors_with_a_toggle(chromium, tmp_path: Path) -> None:
    import networkx as nx

    graph = nx.MultiDiGraph(name="ring")
    for i in range(320):
        graph.add_node(f"n{i:03d}", label=f"Actor {i}", type="person", aliases=[])
    for i in range(320):
        a, b = f"n{i:03d}", f"n{(i + 1) % 320:03d}"
        graph.add_edge(a, b, key=f"e{i:03d}", id=f"e{i:03d}", relation="supports",
                       label="supports", directed=True, status="confirmed", claimed_by=[],
                       attributes={}, evidence=[], sources=[])
    page, log = open_page(chromium, write_html(graph, tmp_path / "ring.html"))
    assert page.evaluate("() => window.graphkitExplorer.network.physics.options.enabled") is False
    assert not page.is_checked("#gk-physics")
    page.check("#gk-physics")
    assert page.evaluate("() => window.graphkitExplorer.network.physics.options.enabled") is True
    assert drawn_counts(page)["visibleNodes"] == 320
    page.context.close()
    assert log.requests == [] and log.console_errors == [] and log.page_errors == []


def test_max_nodes_note_is_shown(chromium, case_graph, tmp_path: Path) -> None:
    page, log = open_page(chromium, write_html(case_graph, tmp_path / "g.html", max_nodes=3))
    assert page.text_content("#gk-note") == (
        "Showing the 3 most central of 12 actors (by Claims (count)) "
        "and the 4 of 13 claims among them; graph.graphml, graph.gexf and graph.json hold "
        "them all.")
    assert drawn_counts(page)["visibleNodes"] == 3
    page.context.close()
    assert log.requests == [] and log.page_errors == []


# ------------------------------------------------------------------ notebook


def test_notebook_iframe_runs_the_same_explorer(chromium, case_graph, tmp_path: Path) -> None:
    from graphkit.notebook import show

    explorer = show(case_graph, height=500)
    snippet = explorer._repr_html_()
    assert snippet.startswith('<iframe srcdoc="') and "<script" not in snippet
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><meta charset=utf-8><body>{snippet}</body>", encoding="utf-8")
    page, log = open_page(chromium, host, wait=False)
    frame = page.frame_locator("iframe")
    frame.locator("#gk-counts").wait_for()
    inner = next(f for f in page.frames if f != page.main_frame)
    wait_drawn(inner)
    assert inner.evaluate("() => window.graphkitExplorer.edgesView.length") == 13
    assert inner.evaluate("() => window.__pwned") is None
    assert html.unescape(snippet.split('srcdoc="', 1)[1].split('" style=', 1)[0]) == explorer.html
    page.context.close()
    assert log.requests == [] and log.console_errors == [] and log.page_errors == []
    assert log.dialogs == []
