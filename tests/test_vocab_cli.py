"""`graphkit vocab`: each relation's reading, kind and allowed ends, readable and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EDGES, ENTITIES, SOURCES, invoke, write_case

TIES = {"member_of", "leads", "chairs", "employed_by", "owns", "subsidiary_of",
        "affiliated_with", "represents", "advises", "family_of", "located_in", "part_of",
        "operates", "controls", "partner_of", "listed_on", "successor_of", "associated_with",
        # standing facts among the relations the data pass added
        "depends_on", "close_to", "named_after", "held_at", "hosted_on", "develops",
        "compared_with", "followed"}


def test_default_kinds_in_json(runner) -> None:
    result = invoke(runner, "vocab", "--format", "json")
    assert result.exit_code == 0
    relations = json.loads(result.stdout)["relations"]
    assert {k for k, r in relations.items() if r["kind"] == "tie"} == TIES
    assert {r["kind"] for r in relations.values()} == {"act", "tie"}
    # the keys that were there before are all still there
    assert {"label", "inverse", "directed", "color", "source_types", "target_types",
            "description"} <= set(relations["sentenced"])


def block(text: str, key: str) -> list[str]:
    """The lines of one relation's block in the text output."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {key}  ("))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("      ")),
               len(lines))
    return lines[start:end]


def test_text_shows_reading_kind_and_ends_wrapped(runner) -> None:
    result = invoke(runner, "vocab")
    assert result.exit_code == 0
    text = result.stdout
    assert max(len(line) for line in text.splitlines()) <= 88
    assert block(text, "owns") == ["  owns  (tie)", "      A owns B; B owned by A",
                                   "      A: actor  ->  B: organization, company, ngo, media"]
    assert block(text, "family_of") == ["  family_of  (tie, symmetric)",
                                        "      A family of B, both ways", "      A, B: person"]
    assert block(text, "sentenced")[:3] == ["  sentenced  (act)",
                                            "      A sentenced B; B sentenced by A",
                                            "      A: actor  ->  B: actor"]
    leads = block(text, "leads")
    assert leads[2] == "      A: actor  ->  B: organisation, event"
    demanded = block(text, "demanded_from")
    assert len(demanded) == 5 and demanded[4].startswith("        ")  # a wrapped description
    assert "  actor          person, organization, company" in text
    for section in ("Entity types:", "Statuses:", "Groups of types"):
        assert section in text


def test_a_data_vocabulary_sets_kind_and_hostile_labels_are_tamed(tmp_path: Path,
                                                                  runner) -> None:
    vocabulary = ('relations:\n  sentenced: {kind: tie}\n'
                  '  extorted:\n    label: "extorted\\e[2J"\n    inverse: paid protection to\n'
                  '    source_types: [company, person]\n    target_types: [court]\n'
                  '    kind: act\n')
    folder = write_case(tmp_path / "data", SOURCES, ENTITIES, EDGES, vocabulary)
    text = invoke(runner, "vocab", "--data", str(folder)).stdout
    assert block(text, "sentenced")[0] == "  sentenced  (tie)"
    assert block(text, "extorted") == [
        "  extorted  (act)", "      A extorted[2J B; B paid protection to A",
        "      A: person, company  ->  B: court"]
    assert "\x1b" not in text


def test_a_bad_kind_is_a_vocabulary_error(tmp_path: Path, runner) -> None:
    folder = write_case(tmp_path / "data", SOURCES, ENTITIES, EDGES,
                        "relations:\n  sentenced: {kind: standing}\n")
    result = invoke(runner, "validate", "--data", str(folder))
    assert result.exit_code == 1
    assert "vocabulary.yaml:2" in result.stdout
    assert "'kind' of 'sentenced' must be act or tie, not 'standing'" in result.stdout
