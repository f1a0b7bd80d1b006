"""The benchmark generator writes valid cases in the data contract, the same for a seed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import ROOT, invoke

spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate)


def test_generated_case_validates_and_is_seeded(tmp_path: Path, runner) -> None:
    generate.generate(300, 900, tmp_path / "a", seed=3)
    generate.generate(300, 900, tmp_path / "b", seed=3)
    for name in ("sources.yaml", "entities.yaml", "edges.yaml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    result = invoke(runner, "validate", "--data", str(tmp_path / "a"), "--format", "json")
    assert result.exit_code == 0, result.stdout[-2000:]
    assert "300 entities, 900 claims" in result.stderr
    text = (tmp_path / "a" / "entities.yaml").read_text(encoding="utf-8")
    assert any("\u0400" <= ch <= "\u04ff" for ch in text)  # Cyrillic aliases
    edges = (tmp_path / "a" / "edges.yaml").read_text(encoding="utf-8")
    assert "status: alleged" in edges and "claimed_by" in edges
