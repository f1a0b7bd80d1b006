"""Shared fixtures: small real data folders written to tmp_path, and the real CLI."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

# The dataset cache of the tests (subprocesses included) lives in a folder of their own,
# never in the user's ~/.cache; tests of the cache itself point it elsewhere again.
os.environ["GRAPHKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="graphkit-test-cache-")
os.environ.pop("GRAPHKIT_NO_CACHE", None)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = ROOT.parent / "shared" / "seeds"

#: Marks a test that reads the archived source texts: they live beside the project
#: (``../shared/seeds``), not in it, so a user's fresh clone skips these with a reason.
SEEDS_ABSENT = (f"the archived source texts are not at {SEEDS} (they are kept beside the "
                "project, not in it); this test re-reads the cited lines")
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=SEEDS_ABSENT)

SOURCES = """\
- id: report-2012
  title: A report on the strike
  author: Jane Doe
  publisher: Example Press
  date: 2012-12
  archive: report.txt
"""

ENTITIES = """\
- id: acme-oil
  name: Acme Oil
  type: company
  aliases: [AcmeOil, Acmé Oil]
  country: "NO"
- id: roza-tuletaeva
  name: Roza Tuletaeva
  type: person
  aliases: [Roza Tuletayeva]
  description: Strike spokesperson.
- id: city-court
  name: Zhanaozen City Court
  type: court
- id: oil-union
  name: Oil Workers Union
  type: union
- id: strike-2011
  name: The 2011 strike
  type: event
  start: 2011-05
  end: 2011-12-16
"""

EDGES = """\
- source: city-court
  target: Roza Tuletayeva
  relation: sentenced
  date: 2012-06-04
  attributes: {years: 7}
  evidence:
    - source: report-2012
      lines: [1]
      note: Sentenced to seven years.
- source: roza-tuletaeva
  target: acme-oil
  relation: employed_by
  evidence: [{source: report-2012, lines: ["2-3"]}]
- source: roza-tuletaeva
  target: oil-union
  relation: member_of
  start: 2011
  evidence: [{source: report-2012, lines: ["2-3"]}]
- source: roza-tuletaeva
  target: strike-2011
  relation: participated_in
  date: 2011
  evidence: [{source: report-2012, lines: [4]}]
- source: acme-oil
  target: oil-union
  relation: criticizes
  status: alleged
  claimed_by: [oil-union]
  date: 2011-11
  evidence: [{source: report-2012, lines: [3]}]
"""

# A story over the case above: actors by id, alias and name, claims by derived id.
STORIES = """\
- id: tuletaeva
  title: Roza Tuletaeva and the strike
  summary: |
    How a strike spokesperson was jailed. What followed is told elsewhere.

    A second paragraph.
  steps:
    - title: The strike
      text: Roza Tuletaeva spoke for the strikers.
      actors: [Roza Tuletayeva, strike-2011]
      claims: [roza-tuletaeva.participated_in.strike-2011, roza-tuletaeva.member_of.oil-union]
      window: {from: 2011-05, to: 2011}
    - title: The company's view
      text: |
        The company attacked the union, the union says.

        Nobody else says so.
      focus: AcmeOil
      claims: [acme-oil.criticizes.oil-union]
      view: {depth: 2, statuses: [confirmed, alleged]}
    - title: The sentence
      text: The court sentenced her.
      actors: [city-court]
      claims: [city-court.sentenced.roza-tuletaeva]
"""

ARCHIVE = """\
The Zhanaozen City Court sentenced Roza Tuletaeva to seven years.
Roza Tuletaeva worked for years
at Acme Oil, and joined the Oil Workers Union.
Tuletaeva spoke for the 2011 strike.
"""


def write_case(folder: Path, sources: str = SOURCES, entities: str = ENTITIES,
               edges: str = EDGES, vocabulary: str | None = None,
               stories: str | None = None) -> Path:
    """Write a data folder; ``None`` for a file leaves it out."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("sources.yaml", sources), ("entities.yaml", entities),
                       ("edges.yaml", edges), ("vocabulary.yaml", vocabulary),
                       ("stories.yaml", stories)):
        if text is not None:
            (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def case(tmp_path: Path) -> Path:
    """A small valid data folder, with its archived text beside it in ``archive/``."""
    folder = write_case(tmp_path / "data")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "report.txt").write_text(ARCHIVE, encoding="utf-8")
    return folder


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str):
    """Run the real CLI in-process; stdout and stderr kept apart."""
    from graphkit.cli import main

    return runner.invoke(main, list(args), catch_exceptions=False)


def drain(fd: int) -> bytes:
    """Everything a pseudo-terminal's controller side holds, once the other side closed."""
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the terminal side is closed and all was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)
