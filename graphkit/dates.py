"""ISO partial dates: ``2011``, ``2011-12`` and ``2011-12-16``.

Curated cases rarely know the day of every event, so a date may stop at the year or
the month. A partial date stands for an interval (``2011-12`` is 1-31 December 2011);
filters compare intervals, never invented days.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

__all__ = ["PartialDate", "parse_partial_date", "partial_date_or_none", "overlaps", "span",
           "Span", "when_words"]

#: English month names, fixed: calendar.month_name follows the process locale.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")  # ASCII digits only


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def first_day(self) -> _dt.date:
        """The earliest day this date may mean."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> _dt.date:
        """The latest day this date may mean."""
        if self.day is not None:
            return _dt.date(self.year, self.month or 1, self.day)
        if self.month is not None:
            return _dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return _dt.date(self.year, 12, 31)

    def iso(self) -> str:
        """The same precision it was written with: ``2011``, ``2011-12`` or ``2011-12-16``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def words(self) -> str:
        """For readers, at the precision known: ``2011``, ``December 2011``, ``16 December 2011``."""
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1]
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"

    def __str__(self) -> str:
        return self.iso()


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with a reason otherwise.

    >>> parse_partial_date("2011-12").last_day()
    datetime.date(2011, 12, 31)
    """
    value = str(text).strip()
    match = _PATTERN.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if year < 1:
        raise ValueError(f"'{value}': year must be 0001 or later")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{value}': month {month} does not exist")
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"'{value}': day {day} does not exist in {year:04d}-{month:02d}")
    return PartialDate(year, month, day)


def partial_date_or_none(value: object) -> PartialDate | None:
    """The partial date in ``value``, or None when it is empty or not a date.

    For readers of a built graph, whose dates were validated when it was loaded.
    """
    if value in (None, ""):
        return None
    try:
        return parse_partial_date(str(value))
    except ValueError:
        return None


def when_words(date: object = None, start: object = None, end: object = None) -> str:
    """A date or a span as words for a narrative, or an empty string when undated.

    Takes ISO strings as a built graph holds them (``when_words("2012-06")`` is ``June
    2012``; ``when_words(None, "2011-05", "2011-12-16")`` is ``May 2011 to 16 December
    2011``); a value that is not a date is shown as written.
    """
    def words(value: object) -> str:
        parsed = partial_date_or_none(value)
        return parsed.words() if parsed else ("" if value in (None, "") else str(value))

    if date not in (None, ""):
        return words(date)
    first, last = words(start), words(end)
    if first and last:
        return first if first == last else f"{first} to {last}"
    if first:
        return f"from {first}"
    return f"until {last}" if last else ""


Span = tuple[_dt.date | None, _dt.date | None]
"""The first and last day an item covers; None on a side left open."""


def span(date: PartialDate | str | None, start: PartialDate | str | None = None,
         end: PartialDate | str | None = None) -> Span | None:
    """The days a dated item covers, or None when it carries no (valid) date at all.

    The one rule for every reader of dates (filters, exports, the explorer's data): from
    ``start`` (else ``date``) to ``end`` (else ``date``), each partial date widened to its
    first or last day, so ``2011`` covers 2011-01-01 to 2011-12-31; a start without an
    end stays open to the future. Values may be :class:`PartialDate` or the ISO strings
    a built graph holds.

    >>> span("2011-12")
    (datetime.date(2011, 12, 1), datetime.date(2011, 12, 31))
    >>> span(None, start="2011-05")
    (datetime.date(2011, 5, 1), None)
    >>> span(None) is None
    True
    """
    d, s, e = (v if isinstance(v, PartialDate) else partial_date_or_none(v)
               for v in (date, start, end))
    if d is None and s is None and e is None:
        return None
    first, last = s or d, e or d
    return (first.first_day() if first else None, last.last_day() if last else None)


def overlaps(
    first: _dt.date | None,
    last: _dt.date | None,
    since: _dt.date | None,
    until: _dt.date | None,
) -> bool:
    """Whether the span [first, last] meets the window [since, until]; None is open-ended."""
    if since is not None and last is not None and last < since:
        return False
    return not (until is not None and first is not None and first > until)
