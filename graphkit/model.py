"""The records of a dataset, as plain frozen dataclasses with no I/O.

Each record keeps the file and line it came from, so that anything reported about it
later (a lint finding, an archive mismatch) can point back at the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graphkit.dates import PartialDate

if TYPE_CHECKING:
    from graphkit.casefile import CaseSettings
    from graphkit.issues import Issue
    from graphkit.stories import Story
    from graphkit.vocab import Vocabulary

__all__ = ["Source", "Entity", "Evidence", "Claim", "Dataset", "Scalar"]

Scalar = str | int | float | bool


@dataclass(frozen=True)
class Source:
    """A document facts are taken from."""

    id: str
    title: str
    author: str | None = None
    publisher: str | None = None
    date: PartialDate | None = None
    url: str | None = None
    archive: str | None = None
    note: str | None = None
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Entity:
    """An actor: a person, organisation, place, event, ..."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    country: str | None = None
    sources: tuple[str, ...] = ()
    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    url: str | None = None
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Evidence:
    """Where a claim is stated: a source and the 1-based line ranges in its archived text."""

    source: str
    lines: tuple[tuple[int, int], ...] = ()
    note: str | None = None
    line: int = 0

    def lines_text(self) -> list[str]:
        """The ranges as written for people: ``["49", "51-53"]``."""
        return [str(a) if a == b else f"{a}-{b}" for a, b in self.lines]


@dataclass(frozen=True)
class Claim:
    """One dated, sourced relationship between two entities (one edge of the graph).

    ``derived_id`` is True when the file gave no ``id`` and graphkit made it from the
    ends and the relation (docs/data-format.md): writers that rewrite a case (sheets)
    must leave such an id out again, or it would become a fixed id on the next read.
    """

    id: str
    source: str
    target: str
    relation: str
    status: str = "confirmed"
    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    claimed_by: tuple[str, ...] = ()
    attributes: dict[str, Scalar] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    file: str = ""
    line: int = 0
    derived_id: bool = False


@dataclass
class Dataset:
    """A loaded, validated data folder.

    ``stories`` come from the optional stories.yaml (records in :mod:`graphkit.stories`).
    """

    folder: Path
    vocabulary: Vocabulary
    sources: dict[str, Source]
    entities: dict[str, Entity]
    claims: list[Claim]
    warnings: list[Issue] = field(default_factory=list)
    title: str | None = None
    stories: list[Story] = field(default_factory=list)
    #: What the optional case.yaml says (title, view settings); None when absent.
    settings: CaseSettings | None = None

    @property
    def name(self) -> str:
        """The dataset's title (its README's first heading), else its folder's name."""
        if self.title:
            return self.title
        folder = self.folder.resolve()
        return folder.parent.name if folder.name == "data" and folder.parent.name else folder.name
