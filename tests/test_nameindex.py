"""One name index for validation, the CLI and lint; the skeleton's spec for the browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import DATA, EDGES, ENTITIES, SOURCES, invoke, write_case
from graphkit.nameindex import NameIndex, same_name
from graphkit.names import skeleton, skeleton_spec
from graphkit.text import fix_mojibake

ACTORS = [
    ("roza-tuletaeva", "Roza Tuletaeva", ["Roza Tuletayeva"]),
    ("aigul-tuletaeva", "Aigul Tuletaeva", []),
    ("zhanaozen", "Zhanaozen", ["Жанаозен"]),
    ("zhanaozen-city-court", "Zhanaozen City Court", []),
    ("sokolova-1", "Natalia Sokolova", ["N. Sokolova"]),
    ("sokolova-2", "Natalia Sokolova", []),
    ("ozenmunaigas", "Ozenmunaigas", ["OzenMounaÃ¯Gaz"]),
]


@pytest.fixture
def index() -> NameIndex:
    return NameIndex(ACTORS)


@pytest.mark.parametrize("text,ids,how", [
    ("roza-tuletaeva", ("roza-tuletaeva",), "id"),
    ("  roza-tuletaeva ", ("roza-tuletaeva",), "id"),
    ("ROZA TULETAYEVA", ("roza-tuletaeva",), "name"),
    ("Zhanaözen", ("zhanaozen",), "name"),
    ("OzenMounaïGaz", ("ozenmunaigas",), "name"),          # mojibake repaired on both sides
    ("zhanaozen_city_court", ("zhanaozen-city-court",), "words"),
    ("Zhanaozen city-court!", ("zhanaozen-city-court",), "words"),
    ("Roza Tuletaieva", ("roza-tuletaeva",), "skeleton"),
    ("Janaozen", ("zhanaozen",), "skeleton"),
    ("Жаңаөзен", ("zhanaozen",), "skeleton"),
    ("natalia sokolova", ("sokolova-1", "sokolova-2"), "name"),   # namesakes: both
    ("Tuletaeva", (), ""),                                         # a surname alone: no guess
])
def test_lookup_levels(index: NameIndex, text: str, ids: tuple, how: str) -> None:
    match = index.find(text)
    assert (match.ids, match.how) == (ids, how)
    assert match.ambiguous is (len(ids) > 1)


def test_exact_lookup_is_what_data_references_may_use(index: NameIndex) -> None:
    assert index.exact("Roza Tuletayeva").unique == "roza-tuletaeva"
    assert index.exact("Roza Tuletaieva").ids == ()           # a transliteration is a hint
    assert index.exact("zhanaozen_city_court").ids == ()
    assert index.suggestion("Roza Tuletaieva") == "roza-tuletaeva"
    assert index.suggestion("zhanaozen-city-cout") == "zhanaozen-city-court"
    assert index.suggestion("Natalia Sokolova") is None        # two actors: no single guess


def test_skeleton_counts_only_for_a_single_actor() -> None:
    index = NameIndex([("a", "Sergei Belkin", []), ("b", "Sergey Belkin", [])])
    match = index.find("Sergeii Belkin")
    assert match.how == "skeleton" and match.ids == ("a", "b") and match.unique is None


def test_candidates_contain_every_word_then_close_spellings(index: NameIndex) -> None:
    assert index.candidates("tuletaeva")[:2] == ["aigul-tuletaeva", "roza-tuletaeva"]
    assert index.candidates("zhanaozen city cort")[0] == "zhanaozen-city-court"
    assert index.candidates("nothing like it") == []


def test_add_reports_namesakes_as_they_arrive() -> None:
    index = NameIndex()
    assert index.add("a", "Acme Oil", ["AcmeOil"]) == []
    assert index.add("b", "Acme Two", ["ACMÉOIL", "acme two"]) == [("ACMÉOIL", ["a"])]
    assert index.add("c", "acme oil", []) == [("acme oil", ["a"])]
    assert dict(index.namesakes()) == {"acmeoil": ("a", "b"), "acme oil": ("a", "c")}
    assert index.names_of("b") == ("b", "Acme Two", "ACMÉOIL")


@pytest.mark.parametrize("a,b,level", [
    ("Zhanaözen", "ZHANAOZEN", "name"), ("oil-union", "Oil Union", "words"),
    ("Roza Tuletayeva", "Roza Tuletaeva", "skeleton"), ("Aktau", "Atyrau", None)])
def test_same_name_is_the_pairwise_lookup(a: str, b: str, level: str | None) -> None:
    assert same_name(a, b) == level


# --- the skeleton's spec, as the explorer applies it -------------------------------------

def apply_spec(text: str, spec: dict) -> str:
    """The documented steps of skeleton_spec(), followed literally."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M")).lower()
    text = "".join(spec["kazakh"].get(c, c) for c in text)
    text = "".join(spec["translit"].get(c, c) for c in text).lower()
    text = " ".join(re.findall(r"[a-z0-9]+", text))
    for pattern, replacement in spec["rules"]:
        text = re.sub(pattern, replacement.replace("$1", r"\1"), text)
    return text


TRICKY = [
    "Straße", "ΣΊΣΥΦΟΣ", "ǆemal", "ﬁrma", "Ｚｈａｎａｏｚｅｎ", "№ 5", "İstanbul", "Łódź",
    "Øresund", "Æsir", "Œuvre", "Þór", "Đorđe", "Жаңаөзен", "ҚАЗАҚСТАН", "Ұлы Дала", "Һ",
    "Әлихан", "Ёлка", "Йошкар-Ола", "Щука", "Ўзбекистон", "Ґанок", "Їжак", "5°", "™",
    "x²", "Ⅻ", "½", "ĳ", "ŉ", "ſ", "ﬀ", "Ǳ", "Zhana\u00adozen", "Zhana\u200bozen",
    "Tuletaeva–Tuletayeva", "“Ozenmunaigaz”", "O'Brien’s", "KazMunayGas", "Yessenov",
    "Mukhtar", "Nazarbayev", "Karajanbas", "doubled  spaces\tand\nlines", "", "   ",
    "<script>alert(1)</script>", "Zhanaozen\u0301", "ZHANAÖZEN", "Vũ Nguyễn",
]


def data_names() -> list[str]:
    names: list[str] = []
    for entity in yaml.safe_load((DATA / "entities.yaml").read_text(encoding="utf-8")) or []:
        names += [entity["name"], *(entity.get("aliases") or [])]
    return names


def test_spec_steps_give_skeleton_for_every_name_of_the_data_and_tricky_strings() -> None:
    spec = skeleton_spec()
    names = data_names()
    assert len(names) > 100
    # the page folds typed text; mojibake is repaired in Python before keys are shipped
    wrong = [(n, apply_spec(fix_mojibake(n), spec), skeleton(n)) for n in names + TRICKY
             if apply_spec(fix_mojibake(n), spec) != skeleton(n)]
    assert wrong == []
    json.dumps(spec)  # plain data


JS = r"""
const spec = JSON.parse(process.argv[1]);
const names = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const rules = spec.rules.map(([p, r]) => [new RegExp(p, 'g'), r]);
const out = names.map((name) => {
  let t = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  t = Array.from(t, (c) => spec.kazakh[c] || c).join('');
  t = Array.from(t, (c) => (c in spec.translit ? spec.translit[c] : c)).join('').toLowerCase();
  t = (t.match(/[a-z0-9]+/g) || []).join(' ');
  for (const [p, r] of rules) t = t.replace(p, r);
  return t;
});
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_spec_in_javascript_gives_skeleton(tmp_path: Path) -> None:
    """The rules are valid JavaScript regular expressions meaning the same thing."""
    names = [fix_mojibake(n) for n in data_names()] + TRICKY
    result = subprocess.run(["node", "-e", JS, json.dumps(skeleton_spec())],
                            input=json.dumps(names), capture_output=True, text=True,
                            timeout=60, check=True)
    got = json.loads(result.stdout)
    assert [(n, g) for n, g in zip(names, got, strict=True) if g != skeleton(n)] == []


# --- validation through the index: namesakes ---------------------------------------------

NAMESAKE = ENTITIES + "- id: acme-two\n  name: Acme Two\n  type: company\n  aliases: [AcmeOil]\n"


def test_namesakes_are_a_warning_and_the_data_stays_valid(tmp_path: Path, runner) -> None:
    folder = write_case(tmp_path / "data", SOURCES, NAMESAKE, EDGES)
    result = invoke(runner, "validate", "--data", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    [issue] = json.loads(result.stdout)
    assert (issue["type"], issue["severity"], issue["line"]) == ("alias-collision", "warning",
                                                                  ENTITIES.count("\n") + 4)
    assert issue["msg"] == "'AcmeOil' of 'acme-two' also names 'acme-oil' (line 1)"
    assert "namesakes" in issue["hint"]


@pytest.mark.parametrize("field,text", [
    ("source", "- source: acmeoil\n  target: oil-union\n"),
    ("claimed_by", "- source: acme-oil\n  target: oil-union\n  claimed_by: [ACMEOIL]\n"
                   "  status: alleged\n"),
])
def test_a_claim_naming_namesakes_is_an_error_listing_them(tmp_path: Path, runner, field: str,
                                                          text: str) -> None:
    edges = text + "  relation: criticizes\n  evidence: [{source: report-2012, lines: [1]}]\n"
    folder = write_case(tmp_path / "data", SOURCES, NAMESAKE, edges)
    result = invoke(runner, "validate", "--data", str(folder))
    assert result.exit_code == 1
    [error] = [row for row in result.stdout.splitlines() if "error" in row]
    assert f"[unknown-entity] {field} '" in error
    assert "matches several entities: acme-oil, acme-two" in error and "entity id" in error
    # named by id, the same claim is valid
    by_id = edges.replace("acmeoil", "acme-two").replace("ACMEOIL", "acme-two")
    write_case(folder, SOURCES, NAMESAKE, by_id)
    assert invoke(runner, "validate", "--data", str(folder)).exit_code == 0


def test_a_transliterated_reference_is_suggested_not_accepted(tmp_path: Path, runner) -> None:
    edges = EDGES.replace("target: Roza Tuletayeva", "target: Roza Tuletaieva")
    folder = write_case(tmp_path / "data", SOURCES, ENTITIES, edges)
    result = invoke(runner, "validate", "--data", str(folder))
    assert result.exit_code == 1
    assert ("error [unknown-entity] target 'Roza Tuletaieva' is not an entity — "
            "did you mean 'roza-tuletaeva'?") in result.stdout


def test_cli_and_validation_agree_on_names(tmp_path: Path, runner) -> None:
    """The explorer's "Tuletayeva" question: the CLI resolves what the index resolves."""
    folder = write_case(tmp_path / "data", SOURCES, NAMESAKE, EDGES)
    found = invoke(runner, "neighbors", "Roza Tuletaieva", "--data", str(folder),
                   "--format", "json")
    assert found.exit_code == 0 and json.loads(found.stdout)["center"] == "roza-tuletaeva"
    ambiguous = invoke(runner, "neighbors", "acmeoil", "--data", str(folder))
    assert ambiguous.exit_code == 2  # a usage error: the data is fine, the name is not
    assert "'acmeoil' is ambiguous: 2 actors answer to it" in ambiguous.stderr
    assert "Acme Oil (acme-oil), Acme Two (acme-two)" in ambiguous.stderr
