"""What rests on what, in the explorer (issue #20), in real Chromium on the real case.

The actor panel says when an actor's place among the most central rests on claims that
are not confirmed; a chain that needs such a claim is marked; a source's panel says how
much of the case rests on it alone. The expected answers are computed here with the
library on the same data, not copied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import browser, open_page

from conftest import DATA, invoke
from graphkit.analyse import annotate
from graphkit.analyse.sensitivity import (
    SUMMARY_TOP,
    centrality_by_status,
    chain_reliance,
    established_statuses,
    source_dependence,
)
from graphkit.build import build_graph
from graphkit.load import load_dataset


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("sens")
    result = invoke(CliRunner(), "build", "--data", str(DATA), "--out", str(out), "--only", "html")
    assert result.exit_code == 0, result.output
    return out / "graph.html"


@pytest.fixture(scope="module")
def graph() -> Any:
    return annotate(build_graph(load_dataset(DATA)))


def _open(chromium: Any, path: Path, fragment: str) -> tuple[Any, Any]:
    page, log = open_page(chromium, path, fragment=fragment)
    return page, log


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def test_an_actor_whose_rank_rests_on_allegations_says_so(chromium, built: Path, graph) -> None:
    flagged = []
    for metric in ("pagerank", "degree"):
        ranking = centrality_by_status(graph, metric, top=SUMMARY_TOP,
                                       scores_all={n: d[metric] for n, d in graph.nodes(data=True)})
        flagged += [(metric, node, ranking) for node in ranking.depends]
    assert flagged, "the real case has actors whose place needs unconfirmed claims"
    metric, node, ranking = flagged[0]
    page, log = _open(chromium, built, f"#actor={node}")
    rank = page.locator(f".gk-prominence-rank[data-metric='{metric}']")
    assert rank.count() == 1
    assert rank.text_content().startswith(f"{_ordinal(ranking.ranks['all'][node])} by ")
    assert f"({_ordinal(ranking.ranks['established'][node])} on confirmed claims alone)" in \
        rank.text_content()
    listed = page.locator(".gk-prominence-claims li button")
    assert listed.count() == min(10, len(ranking.claims[node]))
    first_claim = ranking.claims[node][0]
    listed.first.click()
    assert page.evaluate("() => decodeURIComponent(location.hash)") == f"#claim={first_claim}"
    assert first_claim in page.text_content(".gk-claim-id")
    # an actor that holds its rank on confirmed claims alone says that instead
    holder = next(n for n, r in ranking.ranks["all"].items()
                  if r <= SUMMARY_TOP and ranking.ranks["established"][n] <= SUMMARY_TOP)
    page.evaluate("(h) => { location.hash = h; }", f"#actor={holder}")
    page.wait_for_function("() => document.querySelector('#gk-panel-title')")
    assert "stays in the top on confirmed claims alone" in page.text_content("#gk-panel-body")
    page.context.close()
    assert log.requests == [] and log.page_errors == [] and log.console_errors == []


def test_a_chain_that_needs_an_allegation_is_marked(chromium, built: Path, graph) -> None:
    from graphkit.analyse.paths import find_paths

    established = established_statuses(graph)
    pair = None
    for u, v, d in graph.edges(data=True):
        if d["status"] == "alleged" and not graph.has_edge(v, u):
            chains = find_paths(graph, u, v, all_paths=True)
            if all(chain_reliance(c, established) for c in chains):
                pair = (u, v)
                break
    assert pair
    page, log = _open(chromium, built, f"#path={pair[0]},{pair[1]}&aside=")
    page.wait_for_selector(".gk-chain")
    marked = page.locator(".gk-chain-unconfirmed")
    assert marked.count() == page.locator(".gk-chain").count() >= 1
    assert "needs an unconfirmed claim (step 1)" in marked.first.text_content()
    note = page.locator(".gk-needs-note")
    assert "needs a claim that is not confirmed" in note.text_content()
    note.locator("button").click()
    assert "via=confirmed" in page.evaluate("() => location.hash")
    assert page.locator(".gk-chain-unconfirmed").count() == 0
    page.context.close()
    assert log.requests == [] and log.page_errors == [] and log.console_errors == []


def test_a_source_says_how_much_rests_on_it_alone(chromium, built: Path, graph) -> None:
    found = source_dependence(graph)
    biggest = found.sources[0]
    page, log = _open(chromium, built, f"#source={biggest.id}")
    text = page.text_content(".gk-source-dependence")
    assert f"No other source supports {biggest.only_claims:,} of its {biggest.claims:,} claims" in text
    assert f"{biggest.only_ties:,} ties" in text and f"{biggest.only_actors:,} actors" in text
    assert f"{round(100 * biggest.share_claims)}% of the case's claims" in text
    assert (f"{len(found.single_source_claims):,} of {found.claims:,} claims rest on a single "
            "source") in text
    page.context.close()
    assert log.requests == [] and log.page_errors == [] and log.console_errors == []
