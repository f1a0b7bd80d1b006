"""Property-based tests: random data folders, valid and broken, through the real CLI.

Whatever the folder holds, graphkit never shows a traceback; an invalid folder always
exits 1 with at least one ``file:line`` message; a valid folder always builds, and its
exports hold exactly the data that went in.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import invoke
from graphkit.text import fold

TYPES = ["person", "organization", "company", "union", "party", "state_body", "court", "ngo",
         "media", "place", "event"]
STATUSES = ["confirmed", "alleged", "disputed", "denied"]
ISSUE_LINE = re.compile(r"^\S+\.yaml(:\d+){0,2}: error \[[a-z-]+\] ", re.M)

# Any printable text, markup and all; no surrogates (not encodable) and no control
# characters (a separate, deterministic test covers those).
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
    min_size=1, max_size=40,
).filter(lambda s: s.strip() != "" and s == s.strip())
SLUG = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


@st.composite
def valid_case(draw: st.DrawFn) -> dict[str, object]:
    ids = draw(st.lists(SLUG, min_size=1, max_size=6, unique=True))
    names = draw(st.lists(TEXT, min_size=len(ids), max_size=len(ids)))
    folded = [fold(n) for n in names] + [fold(i) for i in ids]
    assume(len(set(folded)) == len(folded))
    entities = [{"id": i, "name": n, "type": draw(st.sampled_from(TYPES)),
                 "description": draw(st.none() | TEXT)} for i, n in zip(ids, names, strict=True)]
    claims = []
    for _ in range(draw(st.integers(0, 8))):
        claims.append({
            "source": draw(st.sampled_from(ids)), "target": draw(st.sampled_from(ids)),
            "relation": "associated_with", "status": draw(st.sampled_from(STATUSES)),
            "date": draw(st.none() | st.dates().map(lambda d: d.isoformat()[: draw(
                st.sampled_from([4, 7, 10]))])),
            "note": draw(st.none() | TEXT),
        })
    return {"title": draw(TEXT), "entities": entities, "claims": claims}


def write(folder: Path, case: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text(f"- id: src\n  title: {q(case['title'])}\n",
                                         encoding="utf-8")
    rows = []
    for e in case["entities"]:
        rows.append(f"- id: {e['id']}\n  name: {q(e['name'])}\n  type: {e['type']}\n")
        if e["description"] is not None:
            rows.append(f"  description: {q(e['description'])}\n")
    (folder / "entities.yaml").write_text("".join(rows), encoding="utf-8")
    rows = []
    for c in case["claims"]:
        rows.append(f"- source: {c['source']}\n  target: {c['target']}\n"
                    f"  relation: {c['relation']}\n  status: {c['status']}\n")
        if c["date"]:
            rows.append(f"  date: {q(c['date'])}\n")
        note = f", note: {q(c['note'])}" if c["note"] is not None else ""
        rows.append(f"  evidence: [{{source: src, lines: [1]{note}}}]\n")
    (folder / "edges.yaml").write_text("".join(rows), encoding="utf-8")


SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.filter_too_much, HealthCheck.too_slow])


@SETTINGS
@given(case=valid_case())
def test_valid_folders_validate(tmp_path_factory, runner, case) -> None:
    folder = tmp_path_factory.mktemp("case")
    write(folder, case)
    result = invoke(runner, "validate", "--data", str(folder))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


MUTATIONS = st.sampled_from([
    ("entities.yaml", "type: ", "type: not_a_type_"),
    ("edges.yaml", "relation: associated_with", "relation: associated"),
    ("edges.yaml", "source: ", "source: nobody-"),
    ("edges.yaml", "lines: [1]", "lines: [0]"),
    ("edges.yaml", "source: src", "source: unknown-src"),
    ("entities.yaml", "  name: ", "  nme: "),
    ("sources.yaml", "title: ", "title: [unclosed "),
    ("entities.yaml", "- id: ", "- id: Bad Id "),
    ("edges.yaml", "status: ", "status: rumour-"),
])


@SETTINGS
@given(case=valid_case(), mutation=MUTATIONS)
def test_broken_folders_exit_1_with_located_messages(tmp_path_factory, runner, case,
                                                     mutation) -> None:
    folder = tmp_path_factory.mktemp("case")
    write(folder, case)
    name, old, new = mutation
    text = (folder / name).read_text(encoding="utf-8")
    assume(old in text)
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    result = invoke(runner, "validate", "--data", str(folder))
    assert result.exit_code == 1, result.output
    assert ISSUE_LINE.search(result.stdout), result.stdout
    assert "Traceback" not in result.output


@SETTINGS
@given(case=valid_case(), data=st.data())
def test_random_byte_damage_never_crashes(tmp_path_factory, runner, case, data) -> None:
    folder = tmp_path_factory.mktemp("case")
    write(folder, case)
    name = data.draw(st.sampled_from(["sources.yaml", "entities.yaml", "edges.yaml"]))
    raw = bytearray((folder / name).read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        if not raw:
            break
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    (folder / name).write_bytes(bytes(raw))
    result = invoke(runner, "validate", "--data", str(folder))
    assert "Traceback" not in result.output and "Internal error" not in result.output
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        assert ISSUE_LINE.search(result.stdout), result.stdout


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(case=valid_case())
def test_valid_folders_build_wellformed_graphml_and_html_that_round_trips(
        tmp_path_factory, runner, case) -> None:
    from lxml import etree

    folder = tmp_path_factory.mktemp("case")
    write(folder, case)
    out = folder / "out"
    result = invoke(runner, "build", "--data", str(folder), "--out", str(out),
                    "--only", "graphml", "--only", "html")
    assert result.exit_code == 0, result.output
    strict = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    tree = etree.parse(str(out / "graph.graphml"), strict)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(tree.findall(".//g:node", ns)) == len(case["entities"])
    assert len(tree.findall(".//g:edge", ns)) == len(case["claims"])
    page = (out / "graph.html").read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="gk-data">(.*?)</script>', page, re.S)
    assert match, "the page has no data block"
    data = json.loads(match.group(1))
    nodes = {n["id"]: n for n in data["nodes"]}
    for entity in case["entities"]:
        assert nodes[entity["id"]]["label"] == entity["name"]
        assert nodes[entity["id"]].get("description") == entity["description"]
    notes = sorted((e["evidence"][0].get("note") or "") for e in data["edges"])
    assert notes == sorted(c["note"] or "" for c in case["claims"])
