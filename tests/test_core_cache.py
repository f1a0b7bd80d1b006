"""The dataset cache: a second read of unchanged data skips parsing; any change is seen."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphkit.load
from conftest import ARCHIVE, ENTITIES, invoke, write_case
from graphkit.errors import DataError
from graphkit.load import load_dataset


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("GRAPHKIT_NO_CACHE", raising=False)
    return folder


def _forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args, **_kwargs):
        raise AssertionError("the data was parsed again")
    monkeypatch.setattr(graphkit.load, "_read_uncached", fail)


def _summary(dataset) -> tuple:
    return (sorted((k, e.name) for k, e in dataset.entities.items()),
            [(c.source, c.target, c.relation) for c in dataset.claims],
            [i.format() for i in dataset.warnings], dataset.title, str(dataset.folder),
            sorted(dataset.vocabulary.relations))


def test_second_read_comes_from_the_cache(case: Path, cache: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_dataset(case)
    assert len(list(cache.glob("dataset-*.json"))) == 1
    _forbid_parsing(monkeypatch)
    second = load_dataset(case)
    assert _summary(second) == _summary(first)
    assert second.entities["roza-tuletaeva"].aliases == first.entities["roza-tuletaeva"].aliases


@pytest.mark.parametrize("change", ["entities", "vocabulary", "readme", "archive", "option"])
def test_any_change_to_an_input_is_seen(case: Path, cache: Path, change: str) -> None:
    archive = case.parent / "archive"
    load_dataset(case, archive=archive)
    strict = False
    if change == "entities":
        write_case(case, entities=ENTITIES.replace("Acme Oil\n", "Acme Oil Ltd\n"))
    elif change == "vocabulary":
        write_case(case, vocabulary="relations:\n  bribed: {label: bribed, inverse: bribed by}\n")
    elif change == "readme":
        (case / "README.md").write_text("# The Acme case\n", encoding="utf-8")
    elif change == "archive":
        (archive / "report.txt").write_text(ARCHIVE.replace("Roza", "R."), encoding="utf-8")
    else:
        strict = True
    fresh = load_dataset(case, archive=archive, strict=strict, use_cache=False)
    assert _summary(load_dataset(case, archive=archive, strict=strict)) == _summary(fresh)


def test_content_decides_not_timestamps(case: Path, cache: Path) -> None:
    """Same size, same mtime, different bytes: still a miss."""
    import os

    path = case / "entities.yaml"
    load_dataset(case)
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Acme Oil\n", "Acne Oil\n"),
                    encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_dataset(case).entities["acme-oil"].name == "Acne Oil"


def test_errors_are_reported_the_same_from_the_cache(tmp_path: Path, cache: Path) -> None:
    folder = write_case(tmp_path / "bad", entities=ENTITIES + "- id: x\n  type: person\n")
    messages = []
    for _ in range(2):
        with pytest.raises(DataError) as caught:
            load_dataset(folder)
        messages.append([i.format() for i in caught.value.issues])
    assert messages[0] == messages[1] and any("name" in m for m in messages[0])


def test_corrupt_or_unwritable_cache_is_ignored(case: Path, cache: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    load_dataset(case)
    (entry,) = cache.glob("dataset-*.json")
    entry.write_bytes(entry.read_bytes()[:200])
    assert len(load_dataset(case).entities) == 5
    entry.write_bytes(b"not a cache entry at all")
    assert len(load_dataset(case).entities) == 5
    cache.parent.joinpath("blocker").write_text("a file where the cache folder should be")
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(cache.parent / "blocker" / "cache"))
    assert len(load_dataset(case).entities) == 5


def test_cache_can_be_turned_off(case: Path, cache: Path, runner,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHKIT_NO_CACHE", "1")
    load_dataset(case)
    assert not cache.exists()
    monkeypatch.delenv("GRAPHKIT_NO_CACHE")
    assert invoke(runner, "validate", "--data", str(case), "--no-cache").exit_code == 0
    assert not cache.exists()
    assert invoke(runner, "validate", "--data", str(case)).exit_code == 0
    assert len(list(cache.glob("dataset-*.json"))) == 1
    if hasattr(cache, "stat"):
        assert cache.stat().st_mode & 0o077 == 0  # the user's own folder


def test_the_json_entry_rebuilds_the_very_same_dataset(tmp_path: Path) -> None:
    """Every field of every record survives the cache's JSON (stories and warnings too)."""
    from conftest import DATA, STORIES
    from graphkit.datasetcodec import decode_dataset, encode_dataset

    storied = write_case(tmp_path / "storied", stories=STORIES,
                         entities=ENTITIES + "- id: lone\n  name: Lone\n  type: person\n"
                         "  description: \"tab\\there\"\n")
    (storied / "case.yaml").write_text("title: A case of its own\n",
                                       encoding="utf-8")
    for folder in (storied, DATA):
        dataset = load_dataset(folder, use_cache=False)
        again = decode_dataset(encode_dataset(dataset))
        assert again == dataset
        assert again.vocabulary.ftm.types == dataset.vocabulary.ftm.types  # places too
        assert [t.place for t in again.vocabulary.ftm.types.values()] == \
            [t.place for t in dataset.vocabulary.ftm.types.values()]
    assert again.claims and isinstance(again.claims[0].evidence, tuple)
    assert load_dataset(storied).settings.title == "A case of its own"
    assert load_dataset(storied).stories and load_dataset(storied).warnings == \
        load_dataset(storied, use_cache=False).warnings
