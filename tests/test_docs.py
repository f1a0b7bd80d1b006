"""The documentation matches the code: every command, every issue code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import ROOT, invoke

spec = importlib.util.spec_from_file_location("generate_docs", ROOT / "docs" / "generate.py")
generate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate)


@pytest.mark.parametrize("page", sorted(generate.PAGES))
def test_generated_pages_are_current(page: str) -> None:
    current = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert current == generate.PAGES[page](), f"run `python docs/generate.py` to update {page}"


def test_every_command_has_help_and_is_in_the_readme(runner) -> None:
    from graphkit.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(main.commands) >= 10
    for name in main.commands:
        result = invoke(runner, name, "--help")
        assert result.exit_code == 0 and "Usage: " in result.stdout
        assert f"graphkit {name}" in readme, f"README does not mention `graphkit {name}`"


def test_every_issue_code_is_documented() -> None:
    from graphkit.issues import CATALOGUE

    errors = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for code in CATALOGUE:
        assert f"`{code}`" in errors


def test_readme_commands_are_the_ci_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash tests/setup.sh && python -m pytest" in readme
    assert "bash tests/setup.sh && python -m pytest" in ci
    assert "python3 -m venv" in ci, "CI must test in a new virtual environment"
    assert "pip install . && graphkit build" in readme
    assert Path(ROOT / "tests" / "setup.sh").exists()
