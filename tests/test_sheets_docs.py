"""The example spreadsheets of docs/sheets.md are what docs/examples/make.py writes, they
import, and the diff docs/sheets.md shows is the one graphkit prints."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT, invoke
from graphkit.load import load_dataset
from graphkit.sheets import check_sheets

EXAMPLES = ROOT / "docs" / "examples"
spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make.py")
make = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make)


def test_the_examples_are_current(tmp_path: Path) -> None:
    for path in make.write(tmp_path):
        shipped = EXAMPLES / path.relative_to(tmp_path)
        assert shipped.read_bytes() == path.read_bytes(), \
            f"run `python docs/examples/make.py` to update {shipped.name}"


def test_the_example_workbook_and_csv_files_are_the_same_valid_case(tmp_path: Path,
                                                                    runner: CliRunner) -> None:
    for name in ("strike.xlsx", "strike", "strike-reviewed"):
        case = check_sheets(EXAMPLES / name)
        assert case.ok and not case.issues, case.issues
    for name, out in (("strike.xlsx", "x"), ("strike", "c")):
        assert invoke(runner, "import", str(EXAMPLES / name), "--out",
                      str(tmp_path / out)).exit_code == 0
    for name in ("sources.yaml", "entities.yaml", "edges.yaml"):
        assert (tmp_path / "x" / name).read_bytes() == (tmp_path / "c" / name).read_bytes()
    case = load_dataset(tmp_path / "x", use_cache=False)
    assert "striking-oil-workers-of-zhanaozen" in case.entities       # made from the name
    sokolova = next(c for c in case.claims if c.source == "natalia-sokolova")
    assert [e.source for e in sokolova.evidence] == ["cwi-solidarity-campaign",
                                                     "regime-murders-strikers"]


def test_the_diff_in_the_docs_is_the_one_graphkit_prints(runner: CliRunner,
                                                         monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke(runner, "diff", "docs/examples/strike", "docs/examples/strike-reviewed",
                    "--format", "markdown")
    assert result.exit_code == 1
    page = (ROOT / "docs" / "sheets.md").read_text(encoding="utf-8")
    shown = re.search(r"```markdown\n(.*?)```", page, re.S).group(1)
    assert shown == result.stdout
