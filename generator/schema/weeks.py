"""ISO weeks: ``2026-W47`` is Monday 00:00 to the next Monday 00:00 in the configured timezone.

Weekly reports are keyed by :class:`IsoWeek`. Its bounds are instants (aware datetimes)
computed from local midnight, so a week that contains a DST transition lasts 167 or 169
real hours, and a report counts exactly the events whose instant falls in
``[start, end)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

__all__ = ["IsoWeek", "last_complete_week", "local_midnight"]

_WEEK = re.compile(r"^\s*(\d{4})-[Ww](\d{1,2})\s*$")
_ONE_SECOND = timedelta(seconds=1)


def weeks_in_year(year: int) -> int:
    """52 or 53: the ISO week of 28 December is always the year's last."""
    return date(year, 12, 28).isocalendar().week


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The instant of local 00:00 on ``day`` in ``tz``, as an aware datetime in ``tz``.

    Where a DST jump skips midnight (some zones switch at 00:00), the day starts at the
    earliest instant whose local reading is on ``day``: the moment of the jump. This is
    the same rule as :meth:`BusinessCalendar.localize` uses for non-existent times.
    """
    naive = datetime.combine(day, time(0))
    first = naive.replace(tzinfo=tz).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first.astimezone(tz)
    # In a gap the two folds map to instants on either side of the jump; bisect to it.
    second = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    lo, hi = min(first, second), max(first, second)
    while hi - lo > _ONE_SECOND:
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).date() >= day:
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=0).astimezone(tz)


@dataclass(frozen=True, order=True, slots=True)
class IsoWeek:
    """One ISO 8601 week; sorts chronologically."""

    year: int
    week: int

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9998:
            raise ValueError(f"ISO week: year {self.year} is out of range")
        last = weeks_in_year(self.year)
        if not 1 <= self.week <= last:
            raise ValueError(
                f"ISO week: expected a week number from 1 to {last} for {self.year}"
                f" but received {self.week}"
            )

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """``2026-W47`` (or ``2026-w47``, the slug form) as an :class:`IsoWeek`.

        Raises ``ValueError`` with a message naming the expected form.
        """
        match = _WEEK.match(text)
        if match is None:
            raise ValueError(
                f"ISO week: expected the form YYYY-Www, such as 2026-W47, but received {text!r}"
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, moment: datetime | date, tz: tzinfo | None = None) -> IsoWeek:
        """The week containing ``moment``; an aware datetime is first converted to ``tz``."""
        if isinstance(moment, datetime):
            if tz is not None and moment.tzinfo is not None:
                moment = moment.astimezone(tz)
            moment = moment.date()
        iso = moment.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def range(cls, first: IsoWeek, last: IsoWeek) -> list[IsoWeek]:
        """Every week from ``first`` to ``last``, both included (empty if ``last < first``)."""
        weeks: list[IsoWeek] = []
        week = first
        while week <= last:
            weeks.append(week)
            week = week.next()
        return weeks

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @property
    def slug(self) -> str:
        """``2026-w47``: the form used in file names and URLs."""
        return str(self).lower()

    @property
    def monday(self) -> date:
        """The week's first day."""
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        """The week's last day."""
        return self.monday + timedelta(days=6)

    def start(self, tz: tzinfo) -> datetime:
        """Monday 00:00 in ``tz`` (aware): the first instant of the week."""
        return local_midnight(self.monday, tz)

    def end(self, tz: tzinfo) -> datetime:
        """The next Monday 00:00 in ``tz`` (aware): the first instant after the week."""
        return local_midnight(self.monday + timedelta(days=7), tz)

    def previous(self) -> IsoWeek:
        """The week before."""
        return IsoWeek.of(self.monday - timedelta(days=7))

    def next(self) -> IsoWeek:
        """The week after."""
        return IsoWeek.of(self.monday + timedelta(days=7))


def last_complete_week(as_of: datetime, tz: tzinfo | None = None) -> IsoWeek:
    """The latest week that ended at or before ``as_of`` (read in ``tz`` when given)."""
    return IsoWeek.of(as_of, tz).previous()
