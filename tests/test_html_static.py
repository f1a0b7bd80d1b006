"""The explorer file itself: self-contained, escaped, deterministic (no browser needed).

Every test builds its graph from a real YAML folder through load_dataset/build_graph.
The browser-side behaviour is in test_html_browser.py.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import (
    EXPLORER_EDGES,
    EXPLORER_ENTITIES,
    EXPLORER_SOURCES,
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    HOSTILE_TEMPLATE,
    write_explorer_case,
)

import graphkit.export.html as html_module
from graphkit.build import build_graph
from graphkit.errors import UsageError
from graphkit.export.html import explorer_data, render_html, write_html
from graphkit.load import load_dataset

DATA_BLOCK = re.compile(r'<script type="application/json" id="gk-data">(.*?)</script>', re.S)


@pytest.fixture
def graph(tmp_path: Path):
    return build_graph(load_dataset(write_explorer_case(tmp_path / "case")))


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>/<style>/<title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": [], "title": [], "h1": []}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._open = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.raw[self._open][-1] += data


def _parse(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    return parser


def test_one_file_with_nothing_to_fetch(graph, tmp_path: Path) -> None:
    path = write_html(graph, tmp_path / "out" / "graph.html")
    text = path.read_bytes().decode("utf-8")
    parsed = _parse(text)
    names = [t for t, _ in parsed.tags]
    assert names.count("script") == 3  # data, vis-network, explorer: no injected ones
    assert len(re.findall(r"</script", text, re.I)) == 3
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, f"<{tag}> loads {attrs['src']}"
        if "href" in attrs:
            assert tag == "link" and attrs["href"] == "data:,", (tag, attrs)
    for style in parsed.raw["style"]:
        assert "@import" not in style
        assert not re.search(r"url\(\s*(?!['\"]?data:)", style), "a CSS url() that is not data:"
    assert "vis.js is dual licensed" in text and "@version 9.1.2" in text  # licence kept


def test_content_security_policy_pins_the_two_scripts(graph) -> None:
    text = render_html(graph)
    parsed = _parse(text)
    csp = next(a["content"] for t, a in parsed.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    hashes = re.findall(r"'sha256-([^']+)'", csp)
    executable = [body for (tag, attrs), body in zip(
        [(t, a) for t, a in parsed.tags if t == "script"], parsed.raw["script"], strict=True)
        if attrs.get("type") != "application/json"]
    assert len(executable) == 2
    assert sorted(hashes) == sorted(
        base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() for body in executable)


def test_data_block_is_escaped_json_that_reads_back_exactly(graph) -> None:
    text = render_html(graph)
    block = DATA_BLOCK.search(text).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\u2028" not in block and "\u2029" not in block
    assert json.loads(block) == explorer_data(graph)
    names = {n["id"]: n["label"] for n in json.loads(block)["nodes"]}
    assert names["hostile-script"] == HOSTILE_SCRIPT
    assert names["hostile-img"] == HOSTILE_IMG
    assert names["hostile-template"] == HOSTILE_TEMPLATE


def test_hostile_title_and_names_never_appear_raw(graph) -> None:
    title = HOSTILE_SCRIPT + " " + HOSTILE_TEMPLATE + " " + HOSTILE_IMG
    text = render_html(graph, title=title)
    assert HOSTILE_SCRIPT not in text
    assert HOSTILE_IMG not in text
    assert "<img" not in text
    parsed = _parse(text)
    assert parsed.raw["title"] == [title]  # the parser decodes &lt; etc.: text, not markup
    assert parsed.raw["h1"] == [title]
    assert "{{ 7*7 }}" in text and ">49<" not in text  # the template never evaluates data


def test_same_graph_same_bytes_whatever_the_file_order(graph, tmp_path: Path) -> None:
    first = write_html(graph, tmp_path / "a.html").read_bytes()
    second = write_html(graph, tmp_path / "b.html").read_bytes()
    assert first == second

    def reverse_items(text: str) -> str:
        items = re.split(r"(?m)^(?=- )", text)
        return "".join(reversed([i for i in items if i.strip()]))

    other = tmp_path / "reversed" / "case"
    other.mkdir(parents=True)
    for name, text in (("sources.yaml", EXPLORER_SOURCES), ("entities.yaml", EXPLORER_ENTITIES),
                       ("edges.yaml", EXPLORER_EDGES)):
        (other / name).write_text(reverse_items(text), encoding="utf-8")
    rebuilt = build_graph(load_dataset(other))
    assert write_html(rebuilt, tmp_path / "c.html").read_bytes() == first


def test_graph_is_not_modified(graph) -> None:
    before = copy.deepcopy((dict(graph.graph), dict(graph.nodes(data=True)),
                            list(graph.edges(keys=True, data=True))))
    render_html(graph, max_nodes=3)
    after = (dict(graph.graph), dict(graph.nodes(data=True)), list(graph.edges(keys=True, data=True)))
    assert after == before


def test_encoding_of_claims_parallel_curves_dates_and_legend(graph) -> None:
    data = explorer_data(graph)
    edges = {e["id"]: e for e in data["edges"]}
    # police->roza detained, police->roza tortured, roza->police accuses: spread apart;
    # the two outer ones run in opposite directions, so both clockwise bend to opposite sides.
    assert edges["c06-detained"]["curve"] == ["cw", 0.22]
    assert "curve" not in edges["c07-tortured"]
    assert edges["c08-accuses"]["curve"] == ["cw", 0.22]
    assert "curve" not in edges["c01-sentenced"]
    assert edges["c09-family"]["directed"] is False and edges["c01-sentenced"]["directed"] is True

    def day(y: int, m: int, d: int) -> int:
        return (dt.date(y, m, d) - dt.date(1970, 1, 1)).days

    assert edges["c01-sentenced"]["t"] == [day(2012, 6, 4), day(2012, 6, 4)]
    assert edges["c02-employed"]["t"] == [day(2008, 1, 1), None]  # open-ended start
    assert edges["c06-detained"]["t"] == [day(2011, 12, 1), day(2011, 12, 31)]
    assert "t" not in edges["c04-subsidiary"]
    assert data["span"] == [day(2008, 1, 1), day(2012, 12, 31)]
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["oil-strike"]["t"] == [day(2011, 5, 1), day(2011, 12, 16)]
    assert nodes["roza-tuletaeva"]["m"]["claims"] == 9.0  # a bare graph: claim counts
    assert [m["label"] for m in data["metrics"]] == ["Claims (count)"]

    statuses = {s["key"]: s for s in data["statuses"]}
    assert statuses["confirmed"]["dashes"] is False
    assert {k for k, s in statuses.items() if s["dashes"]} == {"alleged", "disputed", "denied"}
    assert [t["key"] for t in data["types"]] == [
        "person", "company", "state_body", "court", "ngo", "media", "event"]
    assert {t["key"]: t["count"] for t in data["types"]}["person"] == 4
    relations = {r["key"]: r for r in data["relations"]}
    assert relations["sentenced"]["inverse"] == "sentenced by"
    assert set(data["sources"]) == {"levy-2012", "hostile-source"}


def test_max_nodes_keeps_the_most_central_and_says_so(graph) -> None:
    # Claims per actor: Roza 9, police 4, then four actors with 2 (ties broken by id).
    data = explorer_data(graph, max_nodes=3)
    assert [n["id"] for n in data["nodes"]] == ["hostile-script", "roza-tuletaeva", "zhanaozen-police"]
    assert [e["id"] for e in data["edges"]] == [
        "c06-detained", "c07-tortured", "c08-accuses", "c12-hostile-supports"]
    assert data["note"] == ("Showing the 3 most central of 12 actors (by Claims (count)) "
                            "and the 4 of 13 claims among them; graph.graphml, graph.gexf "
                            "and graph.json hold them all.")
    assert explorer_data(graph, max_nodes=12)["note"] is None


def test_large_graphs_are_capped_by_default_and_the_cap_can_be_lifted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from graphkit.cli import main

    monkeypatch.setattr(html_module, "DEFAULT_MAX_NODES", 5)
    case = write_explorer_case(tmp_path / "case")

    def drawn(*extra: str) -> dict:
        out = tmp_path / ("out" + "".join(extra))
        result = CliRunner().invoke(main, ["build", "--data", str(case), "--out", str(out),
                                           "--only", "html", *extra])
        assert result.exit_code == 0, result.output
        text = (out / "graph.html").read_text(encoding="utf-8")
        return json.loads(DATA_BLOCK.search(text).group(1))

    capped = drawn()
    assert len(capped["nodes"]) == 5 and capped["note"].startswith("Showing the 5 most central")
    everyone = drawn("--max-nodes", "0")
    assert len(everyone["nodes"]) == 12 and everyone["note"] is None
    assert len(drawn("--max-nodes", "7")["nodes"]) == 7


def test_metrics_on_the_nodes_are_offered_and_pagerank_is_the_default(graph) -> None:
    from graphkit.analyse import annotate

    data = explorer_data(annotate(graph))
    keys = [m["key"] for m in data["metrics"]]
    assert keys[:2] == ["pagerank", "degree"] and "betweenness" in keys
    assert data["metric"] == "pagerank"
    labels = {m["key"]: m["label"] for m in data["metrics"]}
    # centralities are named as such, never as counts of claims
    assert labels["in_degree"] == "In-degree" and "claim" not in " ".join(labels.values()).lower()
    assert "claims" not in keys
    assert explorer_data(annotate(graph), size_metric="degree")["metric"] == "degree"


def test_bad_arguments_are_usage_errors(graph) -> None:
    with pytest.raises(UsageError, match="available: claims"):
        render_html(graph, size_metric="fame")
    with pytest.raises(UsageError, match="at least 1"):
        render_html(graph, max_nodes=0)


def test_stored_positions_are_used_and_scaled(graph) -> None:
    g = graph.copy()
    for i, node in enumerate(sorted(g)):
        g.nodes[node]["x"], g.nodes[node]["y"] = float(i), 0.0
    data = explorer_data(g)
    xs = [n["x"] for n in data["nodes"]]
    assert xs == sorted(xs) and all(n["y"] == 0.0 for n in data["nodes"])
    gaps = {round(b - a, 1) for a, b in zip(xs, xs[1:], strict=False)}
    assert len(gaps) == 1  # evenly spaced, as stored, just scaled


def test_cli_build_writes_the_explorer(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from graphkit.cli import main

    case = write_explorer_case(tmp_path / "case")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(case), "--out", str(out),
                                       "--only", "html", "--max-nodes", "3"])
    assert result.exit_code == 0, result.output
    text = (out / "graph.html").read_text(encoding="utf-8")
    data = json.loads(DATA_BLOCK.search(text).group(1))
    assert len(data["nodes"]) == 3 and data["note"].startswith("Showing the 3 most central of 12")
    assert data["metric"] == "pagerank"  # the pipeline annotated the graph
    assert all(isinstance(n["x"], float) for n in data["nodes"])
