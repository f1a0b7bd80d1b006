"""Shared material for the export tests: hostile data, hand-built graphs, and readers.

The readers are independent of graphkit: lxml (strict, no recovery) for
well-formedness, networkx and igraph in Python, and graphology / csv-parse under Node
(``tests/js``), which is what Gephi Lite parses files with.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from lxml import etree

from graphkit.vocab import load_vocabulary

JS_DIR = Path(__file__).resolve().parent / "js"

LONG_NAME = ("Жанаөзен " * 2500)[:20_000]

#: Hostile texts as the YAML files hold them (``raw``) and as every export must carry
#: them after loading (``clean``): the loader removes control characters, exporters
#: keep everything else byte for byte.
HOSTILE_NAMES = {
    "markup": ("<script>alert('x')</script> & <b>bold</b>", None),
    "cdata-end": ("]]> <![CDATA[ x ]]> &amp; &#0; &lt;", None),
    "quotes": ("\"double\" 'single' `back` <tag attr=\"v\">", None),
    "controls": ("Al\x07pha\x0b\x1b\x7f\x85\x9f\ufffe\uffff end", "Alpha end"),
    "rtl": ("\u202eevil\u202c \u200fמרק\u200f عربى", None),
    "emoji": ("🛢️ oil 👩🏽‍⚖️ judge 🇰🇿", None),
    "cyrillic": ("Жанаозен Жаңаөзен Қазақстан", None),
    "long": (LONG_NAME, None),
    "norway": ("NO", None),
    "float-like": ("1e3", None),
    "bool-like": ("true", None),
    "null-like": ("null", None),
    "nan-like": ("NaN", None),
    "formula": ("=HYPERLINK(\"http://x\",\"y\")", None),
    "plus": ("+7 701 000 0000", None),
    "minus": ("-1", None),
    "at": ("@SUM(A1:A2)", None),
}


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar; what YAML may not hold raw is written as an escape."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0xFFFE, 0xFFFF) or ch in "\u2028\u2029":
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def clean_name(key: str) -> str:
    raw, clean = HOSTILE_NAMES[key]
    return raw if clean is None else clean


def write_hostile_case(folder: Path) -> Path:
    """A valid data folder whose every text field is hostile.

    Entities: one person per hostile name (id ``h-<key>``), plus dated actors: an event
    in 2011 and one in 2012. Claims: parallel claims between the same two actors (two
    relations, and twice the same relation), dated 2011, 2012, a span, a start-only
    span and undated, with free attributes of mixed types and multi-line notes.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text(
        "- id: src\n"
        f"  title: {yaml_quote('Report <i>on</i> ]]> Жанаозен 🛢️ ' + chr(0x202E) + 'x')}\n"
        f"  author: {yaml_quote('=cmd|/C calc!A0')}\n"
        "  date: 2013-02\n"
        "- id: other\n"
        "  title: Second source\n"
        "  date: 2012\n", encoding="utf-8")
    entities = []
    for key, (raw, _) in HOSTILE_NAMES.items():
        description = f"line one {raw[:30]}\nline two\r\ntab\tend"
        entities.append(
            f"- id: h-{key}\n  name: {yaml_quote(raw)}\n  type: person\n"
            f"  aliases: [{yaml_quote('alias ' + raw[:50])}, {yaml_quote('other ' + key)}]\n"
            f"  description: {yaml_quote(description)}\n"
            "  country: KZ\n  sources: [src]\n")
    entities.append("- id: strike-2011\n  name: Strike of 2011\n  type: event\n"
                    "  start: 2011-05\n  end: 2011-12-16\n")
    entities.append("- id: trial-2012\n  name: Trial of 2012\n  type: event\n  date: 2012-03\n")
    entities.append("- id: oil-company\n  name: \"Ozenmunaigas <JSC> & Co\"\n  type: company\n")
    (folder / "entities.yaml").write_text("".join(entities), encoding="utf-8")
    keys = list(HOSTILE_NAMES)
    claims = []
    for i, key in enumerate(keys):
        nxt = keys[(i + 1) % len(keys)]
        note = f"{HOSTILE_NAMES[key][0][:40]}{chr(10)}second line"
        claims.append(
            f"- id: c-{i:02d}\n  source: h-{key}\n  target: h-{nxt}\n  relation: supports\n"
            f"  date: {2011 if i % 2 else 2012}\n"
            f"  attributes: {{note: {yaml_quote(HOSTILE_NAMES[key][0][:60])}, rank: {i}}}\n"
            f"  evidence: [{{source: src, lines: [{i + 1}, \"{i + 2}-{i + 4}\"], "
            f"note: {yaml_quote(note)}}}]\n")
    claims.append(
        "- id: p-criticizes\n  source: h-emoji\n  target: h-cyrillic\n  relation: criticizes\n"
        "  status: alleged\n  claimed_by: [h-rtl, h-markup]\n  date: 2011-12-16\n"
        "  attributes: {rank: 2.5, verified: true, big: 1099511627776}\n"
        "  evidence: [{source: src, lines: [3]}, {source: other, note: \"= not a formula\"}]\n")
    claims.append(
        "- id: p-opposes-1\n  source: h-emoji\n  target: h-cyrillic\n  relation: opposes\n"
        "  start: 2011-05\n  end: 2011-12-16\n  status: disputed\n"
        "  attributes: {rank: seven}\n  evidence: [{source: other}]\n")
    claims.append(
        "- id: p-opposes-2\n  source: h-emoji\n  target: h-cyrillic\n  relation: opposes\n"
        "  start: 2012-01\n  evidence: [{source: other}]\n")
    claims.append(
        "- id: f-family\n  source: h-norway\n  target: h-bool-like\n  relation: family_of\n"
        "  evidence: [{source: other}]\n")
    claims.append(
        "- id: e-strike\n  source: h-cyrillic\n  target: strike-2011\n"
        "  relation: participated_in\n  date: 2011-12\n  evidence: [{source: src}]\n")
    claims.append(
        "- id: e-trial\n  source: h-cyrillic\n  target: trial-2012\n"
        "  relation: participated_in\n  date: 2012-03-05\n  evidence: [{source: src}]\n")
    claims.append(
        "- id: e-employed\n  source: h-long\n  target: oil-company\n  relation: employed_by\n"
        "  evidence: [{source: src, lines: [\"10-12\"]}]\n")
    (folder / "edges.yaml").write_text("".join(claims), encoding="utf-8")
    return folder


def load_graph_from(folder: Path) -> nx.MultiDiGraph:
    """Load, validate and build the way the CLI does."""
    from graphkit.build import build_graph
    from graphkit.load import load_dataset

    return build_graph(load_dataset(folder))


def handmade_graph() -> nx.MultiDiGraph:
    """A graph per docs/internals.md, with values no file format can hold as they are:
    raw control characters, a lone surrogate, None, nested lists, dates, NaN, numbers
    in a text attribute, ints and floats mixed, and claim ids that repeat."""
    import datetime as dt

    graph = nx.MultiDiGraph()
    graph.graph.update(name="hand\x07 <made>", vocabulary=load_vocabulary(), filter=None,
                       sources={"s1": {"id": "s1", "title": "T\x01itle \ud800 <x>",
                                       "author": None, "publisher": None, "date": "2011",
                                       "url": None, "archive": None}})
    graph.add_node("a", label="A\x00lpha\x0b \ud800", type="person", aliases=["x", "y\x1f"],
                   description=None, country="NO", date=None, start=None, end=None,
                   sources=["s1"], degree=3, pagerank=0.5, community=1, x=1.5, y=-2.0,
                   born=dt.date(1970, 1, 2), extra={"k": [1, 2]})
    graph.add_node("b", label="", type="company", aliases=[], description="d\r\nline",
                   country=None, date="2012", start=None, end=None, sources=[],
                   degree=1.5, pagerank=float("nan"), community=2, x=0, y=3.25,
                   born="unknown", extra=None)
    graph.add_node("c", type="ghost-type")
    common = dict(label="supports", directed=True, date=None, start=None, end=None,
                  status="confirmed", claimed_by=[], evidence=[], sources=[])
    graph.add_edge("a", "b", key="dup", id="dup", relation="supports",
                   attributes={"n": 1, "t": "x\x02y", "f": 1.5}, **common)
    graph.add_edge("b", "c", key="dup2", id="dup", relation="supports",
                   attributes={"n": 2.5, "t": 3}, **common)
    graph.add_edge("a", "b", key=0, relation="opposes", attributes={},
                   **{**common, "label": None, "date": "2011-02"})
    graph.add_edge("a", "c", key=1, **{k: v for k, v in common.items() if k != "label"})
    return graph


# ------------------------------------------------------------------------- readers

def strict_xml(path: Path) -> etree._ElementTree:
    """Parse with lxml, no recovery: any well-formedness error raises."""
    parser = etree.XMLParser(recover=False, huge_tree=True, resolve_entities=False,
                             no_network=True)
    return etree.parse(str(path), parser)


def node_reader(fmt: str, *files: Path) -> Any:
    """What the JavaScript readers understood (see tests/js/read.js)."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is required for the export tests (Debian: apt-get install nodejs "
                    "npm), then run `npm ci --prefix tests/js`")
    if not (JS_DIR / "node_modules" / "graphology").is_dir():
        pytest.fail("tests/js/node_modules is missing: run `npm ci --prefix tests/js`")
    result = subprocess.run(["node", str(JS_DIR / "read.js"), fmt, *map(str, files)],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    if result.returncode != 0:
        pytest.fail(f"node read.js {fmt} failed:\n{result.stderr}")
    return json.loads(result.stdout)


def float_equal(a: Any, b: Any) -> bool:
    return math.isclose(float(a), float(b), rel_tol=0, abs_tol=0)
