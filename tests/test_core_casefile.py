"""case.yaml: read and checked like the data files, carried on the dataset and the graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_case
from graphkit.build import build_graph
from graphkit.errors import DataError
from graphkit.load import load_dataset, read_dataset


def _case(tmp_path: Path, text: str) -> Path:
    folder = write_case(tmp_path / "data")
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    return folder


def test_view_settings_reach_the_dataset_and_the_graph(tmp_path: Path) -> None:
    folder = _case(tmp_path, "title: The strike\nview:\n  set_aside: [acme-oil, Roza Tuletayeva]\n"
                             "  metric: betweenness\n  depth: 2\n")
    dataset = load_dataset(folder, use_cache=False)
    assert dataset.name == "The strike"
    assert dataset.settings.set_aside == ("acme-oil", "roza-tuletaeva")  # aliases resolved
    graph = build_graph(dataset)
    assert graph.graph["view"] == {"set_aside": ["acme-oil", "roza-tuletaeva"],
                                   "metric": "betweenness", "depth": 2}


def test_an_unreadable_entities_file_is_the_one_problem_reported(tmp_path: Path) -> None:
    """A syntax error in entities.yaml must not also make every set-aside actor 'unknown'."""
    folder = _case(tmp_path, "view:\n  set_aside: [acme-oil, Roza Tuletayeva]\n")
    entities = folder / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8") + "- id: broken\n  aliases: [x\n",
                        encoding="utf-8")
    issues = read_dataset(folder, use_cache=False).warnings
    assert [i.code for i in issues] == ["yaml-syntax"], [i.format() for i in issues]


def test_without_case_yaml_nothing_is_set_aside(tmp_path: Path) -> None:
    graph = build_graph(load_dataset(write_case(tmp_path / "data"), use_cache=False))
    assert graph.graph["view"] == {"set_aside": []}


def test_a_filtered_graph_keeps_only_set_aside_actors_it_holds(tmp_path: Path) -> None:
    from graphkit.filters import GraphFilter

    folder = _case(tmp_path, "view:\n  set_aside: [acme-oil, oil-union]\n")
    graph = build_graph(load_dataset(folder, use_cache=False), GraphFilter(types=("union", "person")))
    assert graph.graph["view"]["set_aside"] == ["oil-union"]


@pytest.mark.parametrize("text, code, where, hint", [
    ("view:\n  set_aside: [acme-oi]\n", "unknown-set-aside", 2, "did you mean 'acme-oil'?"),
    ("view:\n  set_asides: [acme-oil]\n", "unknown-field", 2, "did you mean 'set_aside'?"),
    ("view:\n  depth: 5\n", "wrong-shape", 2, "write `depth: 1`"),
    ("view:\n  metric: page rank\n", "wrong-shape", 2, "did you mean 'pagerank'?"),
    ("- view\n", "wrong-shape", 1, "write `view:`"),
    ("view: [a]\n", "wrong-shape", 1, "indented below"),
])
def test_problems_are_issues_with_file_and_line(tmp_path: Path, text: str, code: str, where: int,
                                                hint: str) -> None:
    folder = _case(tmp_path, text)
    issues = [i for i in read_dataset(folder, use_cache=False).warnings if i.file.endswith("case.yaml")]
    assert [i.code for i in issues] == [code]
    assert issues[0].line == where and hint in issues[0].hint
    if code == "unknown-set-aside":  # a warning: the case still builds, nothing set aside
        assert issues[0].severity == "warning"
        assert build_graph(load_dataset(folder, use_cache=False)).graph["view"]["set_aside"] == []
        return
    with pytest.raises(DataError):
        load_dataset(folder, use_cache=False)


def test_the_default_case_sets_aside_its_hubs() -> None:
    from conftest import DATA

    graph = build_graph(load_dataset(DATA))
    assert graph.graph["view"]["set_aside"] == ["zhanaozen", "kazakhstan", "mangistau-region"]


def test_status_looks_are_vocabulary_data(tmp_path: Path) -> None:
    from graphkit.vocab import load_vocabulary

    statuses = load_vocabulary().statuses
    looks = {(s.dash, s.mark) for s in statuses.values()}
    assert len(looks) == len(statuses) == 4
    assert statuses["confirmed"].dash == () and statuses["denied"].mark == "cross"
    folder = write_case(tmp_path / "v", vocabulary="statuses:\n  alleged: {dash: [a, 2], mark: star}\n")
    with pytest.raises(DataError) as caught:
        load_vocabulary(folder)
    messages = " ".join(i.message for i in caught.value.issues)
    assert "'dash' of 'alleged'" in messages and "mark 'star'" in messages
    old = write_case(tmp_path / "old", vocabulary="statuses:\n  alleged: {dashes: false}\n")
    assert load_vocabulary(old).statuses["alleged"].dash == ()
