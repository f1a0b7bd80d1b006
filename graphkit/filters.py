"""What part of a dataset to build: entity types, relations, statuses, a date window.

A claim passes when its relation and status are wanted, both ends are of wanted types,
and its date or span meets the window. Undated claims pass a date window unless
``keep_undated`` is false: a missing date means "unknown", not "never".
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass

from graphkit.dates import PartialDate, overlaps, parse_partial_date, span
from graphkit.errors import UsageError
from graphkit.model import Claim, Entity
from graphkit.vocab import Vocabulary

__all__ = ["GraphFilter"]


@dataclass(frozen=True)
class GraphFilter:
    """A selection of the dataset; every field empty means "everything"."""

    types: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    keep_undated: bool = True

    def __post_init__(self) -> None:
        for name in ("types", "relations", "statuses"):
            object.__setattr__(self, name, tuple(getattr(self, name) or ()))
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    parse_partial_date(str(value))
                except ValueError as exc:
                    raise UsageError(f"--{name}: {exc}") from exc
        since, until = self.window
        if since is not None and until is not None and since > until:
            raise UsageError(f"--since {self.since} is after --until {self.until}: the window "
                             "would hold nothing; swap the two dates")

    @property
    def window(self) -> tuple[_dt.date | None, _dt.date | None]:
        """The date window as days: since's first day, until's last day."""
        since = parse_partial_date(self.since).first_day() if self.since else None
        until = parse_partial_date(self.until).last_day() if self.until else None
        return since, until

    def is_empty(self) -> bool:
        return not (self.types or self.relations or self.statuses or self.since or self.until)

    def check(self, vocab: Vocabulary) -> None:
        """Raise UsageError for names the vocabulary does not know."""
        for values, known, what in ((self.types, vocab.types, "type"),
                                    (self.relations, vocab.relations, "relation"),
                                    (self.statuses, vocab.statuses, "status")):
            unknown = [v for v in values if v not in known]
            if unknown:
                raise UsageError(f"unknown {what} {', '.join(repr(u) for u in unknown)}; "
                                 f"known: {', '.join(known)}")

    def _in_window(self, date: PartialDate | None, start: PartialDate | None,
                   end: PartialDate | None) -> bool:
        if not (self.since or self.until):
            return True
        days = span(date, start, end)
        if days is None:
            return self.keep_undated
        since, until = self.window
        return overlaps(days[0], days[1], since, until)

    def entity_passes(self, entity: Entity) -> bool:
        """Whether an actor is kept (type and, for dated actors such as events, the window)."""
        if self.types and entity.type not in self.types:
            return False
        if entity.date is None and entity.start is None and entity.end is None:
            return True  # most actors carry no dates; they exist whenever their claims do
        return self._in_window(entity.date, entity.start, entity.end)

    def claim_passes(self, claim: Claim) -> bool:
        """Whether a claim is kept (its ends are checked separately)."""
        if self.relations and claim.relation not in self.relations:
            return False
        if self.statuses and claim.status not in self.statuses:
            return False
        return self._in_window(claim.date, claim.start, claim.end)

    def describe(self) -> str | None:
        """A one-line description for reports and page titles, or None if empty."""
        parts = []
        for label, values in (("types", self.types), ("relations", self.relations),
                              ("statuses", self.statuses)):
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        if self.since or self.until:
            parts.append(f"dates: {self.since or '…'} to {self.until or '…'}")
        return "; ".join(parts) or None


def parse_list(values: Iterable[str]) -> tuple[str, ...]:
    """Flatten repeated and comma-separated option values: ("a,b", "c") -> ("a", "b", "c")."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())
