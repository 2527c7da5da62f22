"""Business-hours arithmetic over a weekly business calendar.

A :class:`BusinessCalendar` describes when a team is at work: one daily
wall-clock interval ``[start, end)`` in an IANA timezone, on a set of weekdays
(Monday=0 ... Sunday=6), minus whole-day holidays.  It answers two questions:

* how many business hours elapsed between two instants
  (:meth:`BusinessCalendar.hours_between`), and
* the deadline of an engagement, i.e. the earliest instant at which a window of
  ``W`` business hours has elapsed (:meth:`BusinessCalendar.add_business_hours`).

Durations are *real elapsed time*: the local interval bounds of each business
day are converted to instants, so a 00:00-08:00 interval lasts 7 hours on the
day clocks spring forward and 9 hours on the day they fall back.

Wall clock to instant (used for interval bounds, naive inputs and dates): a
local wall time ``t`` maps to the earliest instant whose local reading is
``>= t``.  Concretely:

* an ambiguous time (fall-back overlap) takes its first occurrence (fold=0);
  a naive input that explicitly carries ``fold=1`` takes the second one;
* a non-existent time (spring-forward gap) takes the instant of the
  transition, i.e. the time the wall clock jumps to (02:30 on a day when
  02:00 jumps to 03:00 becomes 03:00 of the new offset).

Aware inputs already denote an instant and are used as they are (Python's own
``utcoffset()`` rules apply to them).

Implementation: for each calendar year (local Jan 1 00:00 to the next one) the
business intervals are computed once, as integer microseconds since the Unix
epoch, with running totals.  A query is then two bisections, so its cost does
not depend on the length of the span (plus one addition per whole year in
between).  Integer microseconds make :meth:`hours_between` exactly additive
before the final division into hours.

A response window runs on one of two calendars (:class:`WindowCalendar`): ``business``,
this calendar, or ``always``, elapsed real time. :meth:`BusinessCalendar.window_deadline`
and :meth:`BusinessCalendar.window_hours` answer the same two questions for either, so that every
figure computed on a window's calendar goes through one place.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from generator.schema.records import WindowCalendar
from generator.schema.settings import Settings

__all__ = ["BusinessCalendar", "calendar_for"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
_US_PER_HOUR = 3_600_000_000
_MIDNIGHT = time(0)


@dataclass(frozen=True, slots=True)
class _YearTable:
    """Business intervals of one local calendar year, in epoch microseconds."""

    year: int
    lo: int  # instant of local Jan 1 00:00 of `year`
    hi: int  # instant of local Jan 1 00:00 of `year + 1`
    starts: list[int]
    ends: list[int]
    cum_end: list[int]  # business microseconds from `lo` up to ends[i]
    total: int

    def elapsed(self, us: int) -> int:
        """Business microseconds from the start of the year block up to ``us``."""
        i = bisect_right(self.starts, us) - 1
        if i < 0:
            return 0
        end = self.ends[i]
        if us >= end:
            return self.cum_end[i]
        return self.cum_end[i] - (end - us)


@dataclass(frozen=True, slots=True, kw_only=True)
class BusinessCalendar:
    """A weekly business calendar: one daily interval on chosen weekdays.

    Attributes:
        timezone: zone in which ``start``/``end`` and naive datetimes are read.
        business_days: weekdays with business hours, Monday=0 ... Sunday=6.
        start: daily opening wall-clock time (naive ``time``).
        end: daily closing wall-clock time, strictly after ``start``.
        holidays: local dates without business hours.

    Raises:
        ValueError: if ``business_days`` is empty or holds a value outside
            0..6, if ``start >= end``, or if ``start``/``end`` carry a tzinfo.
    """

    timezone: ZoneInfo
    business_days: frozenset[int]
    start: time
    end: time
    holidays: frozenset[date] = frozenset()
    _years: dict[int, _YearTable] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # Settings loaders tend to hand over plain sets; freeze them so the
        # calendar stays hashable and immutable.
        object.__setattr__(self, "business_days", frozenset(self.business_days))
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        if not self.business_days:
            # Without business days no deadline could ever be reached.
            raise ValueError("business_days must not be empty")
        if not self.business_days <= frozenset(range(7)):
            raise ValueError(
                f"business_days must be weekdays 0..6, got {sorted(self.business_days)}"
            )
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("business hours must be naive wall-clock times")
        if self.start >= self.end:
            raise ValueError(f"business hours start {self.start} must be before end {self.end}")

    # ----------------------------------------------------------------- public

    @property
    def hours_per_day(self) -> float:
        """Length of the daily business interval in wall-clock hours."""
        return (_time_us(self.end) - _time_us(self.start)) / _US_PER_HOUR

    def localize(self, value: datetime | date) -> datetime:
        """Return ``value`` as an aware datetime in :attr:`timezone`.

        Naive datetimes are read as wall-clock time in the calendar's zone
        (see the module docstring for ambiguous and non-existent times), a
        ``date`` means local midnight of that day, and aware datetimes are
        converted.
        """
        return self._from_us(self._to_us(value))

    def hours_between(self, a: datetime, b: datetime) -> float:
        """Business hours in ``[a, b)``; 0.0 when ``b <= a``.

        Naive arguments are wall-clock times in :attr:`timezone`, aware ones
        are instants.  The cost is independent of the span's length.
        """
        ua = self._to_us(a)
        ub = self._to_us(b)
        if ub <= ua:
            return 0.0
        ta = self._table_at(ua)
        tb = self._table_at(ub)
        if ta is tb:
            return (tb.elapsed(ub) - ta.elapsed(ua)) / _US_PER_HOUR
        total = ta.total - ta.elapsed(ua) + tb.elapsed(ub)
        for year in range(ta.year + 1, tb.year):
            total += self._table(year).total
        return total / _US_PER_HOUR

    def add_business_hours(self, at: datetime, hours: float) -> datetime:
        """Return the deadline of a window of ``hours`` business hours from ``at``.

        The deadline is the earliest instant ``d`` with
        ``hours_between(at, d) >= hours``; so a window that is used up exactly
        at closing time ends at closing time, not at the next opening.
        ``hours == 0`` returns ``at`` itself.  ``hours`` is resolved to the
        microsecond.  The result is aware, in :attr:`timezone`; inside a
        repeated (fall-back) hour compare it with ``<``/``>`` or in UTC, since
        PEP 495 makes ``==`` against other zones False there.

        Raises:
            ValueError: if ``hours`` is negative, infinite or NaN.
        """
        if not math.isfinite(hours) or hours < 0:
            raise ValueError(f"hours must be a finite number >= 0, got {hours!r}")
        ua = self._to_us(at)
        need = round(hours * _US_PER_HOUR)
        if need == 0:
            return self._from_us(ua)
        table = self._table_at(ua)
        target = table.elapsed(ua) + need
        # Terminates: business_days is non-empty and holidays are finite, so
        # only finitely many years can have a zero total.
        while target > table.total:
            target -= table.total
            table = self._table(table.year + 1)
        i = bisect_left(table.cum_end, target)
        return self._from_us(table.ends[i] - (table.cum_end[i] - target))

    def window_deadline(self, at: datetime, hours: float, kind: WindowCalendar) -> datetime:
        """The earliest instant at which ``hours`` on the ``kind`` calendar have passed
        since ``at``: :meth:`add_business_hours` for ``business``; for ``always``, ``at``
        plus that much real time, added to the instant so that a DST change in between
        does not move it. Aware, in :attr:`timezone`; resolved to the microsecond.

        Raises:
            ValueError: if ``hours`` is negative, infinite or NaN.
        """
        if kind is WindowCalendar.BUSINESS:
            return self.add_business_hours(at, hours)
        if not math.isfinite(hours) or hours < 0:
            raise ValueError(f"hours must be a finite number >= 0, got {hours!r}")
        return self._from_us(self._to_us(at) + round(hours * _US_PER_HOUR))

    def window_hours(self, a: datetime, b: datetime, kind: WindowCalendar) -> float:
        """Hours on the ``kind`` calendar in ``[a, b)``: business hours for ``business``,
        elapsed real hours for ``always``; 0.0 when ``b <= a``."""
        if kind is WindowCalendar.BUSINESS:
            return self.hours_between(a, b)
        return max(self._to_us(b) - self._to_us(a), 0) / _US_PER_HOUR

    def is_business_time(self, instant: datetime) -> bool:
        """Whether ``instant`` falls inside a business interval ``[start, end)``."""
        us = self._to_us(instant)
        table = self._table_at(us)
        i = bisect_right(table.starts, us) - 1
        return i >= 0 and us < table.ends[i]

    def is_business_day(self, day: date) -> bool:
        """Whether the local date ``day`` has business hours: a business weekday that is
        not a holiday."""
        return day.weekday() in self.business_days and day not in self.holidays

    def previous_business_day(self, day: date) -> date:
        """The last business day strictly before the local date ``day``.

        Terminates: ``business_days`` is non-empty and the holidays are finitely many.
        """
        day -= timedelta(days=1)
        while not self.is_business_day(day):
            day -= timedelta(days=1)
        return day

    # ---------------------------------------------------------------- private

    def _to_us(self, value: datetime | date) -> int:
        if isinstance(value, datetime):
            if value.tzinfo is not None and value.utcoffset() is not None:
                return (value - _EPOCH) // _ONE_US
            return self._wall_to_us(value)
        return self._wall_to_us(datetime.combine(value, _MIDNIGHT))

    def _from_us(self, us: int) -> datetime:
        return (_EPOCH + timedelta(microseconds=us)).astimezone(self.timezone)

    def _wall_to_us(self, naive: datetime) -> int:
        """Instant of a local wall-clock reading (rules in the module docstring)."""
        aware = naive.replace(tzinfo=self.timezone)
        us = (aware - _EPOCH) // _ONE_US
        # Both folds agreeing is the common case: the time is neither
        # ambiguous nor skipped, so avoid the round trip below.
        if aware.utcoffset() == aware.replace(fold=1 - aware.fold).utcoffset():
            return us
        if self._from_us(us).replace(tzinfo=None) == naive:
            return us  # ambiguous: the fold of `naive` picks the occurrence
        return self._gap_transition(aware)

    def _gap_transition(self, aware: datetime) -> int:
        """Instant at which the clock jumps over the non-existent ``aware``."""
        u0 = (aware.replace(fold=0) - _EPOCH) // _ONE_US
        u1 = (aware.replace(fold=1) - _EPOCH) // _ONE_US
        # Per PEP 495, in a gap the lower of the two readings lies before the
        # transition and the higher one after it; bisect for the switch.
        lo, hi = min(u0, u1), max(u0, u1)
        after = self._from_us(hi).utcoffset()
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self._from_us(mid).utcoffset() == after:
                hi = mid
            else:
                lo = mid
        return hi

    def _table_at(self, us: int) -> _YearTable:
        """Year table whose block contains the instant ``us``."""
        # UTC and local years differ by at most one (offsets are < 24 h).
        table = self._table((_EPOCH + timedelta(microseconds=us)).year)
        if us < table.lo:
            return self._table(table.year - 1)
        if us >= table.hi:
            return self._table(table.year + 1)
        return table

    def _table(self, year: int) -> _YearTable:
        table = self._years.get(year)
        if table is None:
            table = self._build_table(year)
            self._years[year] = table
        return table

    def _build_table(self, year: int) -> _YearTable:
        lo = self._wall_to_us(datetime(year, 1, 1))
        if year < datetime.max.year:
            hi = self._wall_to_us(datetime(year + 1, 1, 1))
        else:
            hi = (datetime.max.replace(tzinfo=UTC) - _EPOCH) // _ONE_US + 1
        starts: list[int] = []
        ends: list[int] = []
        cum_end: list[int] = []
        total = 0
        # Interval bounds always use fold=0, whatever the configured times carry.
        start = self.start.replace(fold=0)
        end = self.end.replace(fold=0)
        day = date(year, 1, 1)
        one_day = timedelta(days=1)
        while day.year == year:
            if self.is_business_day(day):
                s = self._wall_to_us(datetime.combine(day, start))
                e = self._wall_to_us(datetime.combine(day, end))
                if e > s:  # both bounds inside one DST gap: nothing to count
                    total += e - s
                    starts.append(s)
                    ends.append(e)
                    cum_end.append(total)
            if day == date.max:
                break
            day += one_day
        return _YearTable(
            year=year, lo=lo, hi=hi, starts=starts, ends=ends, cum_end=cum_end, total=total
        )


def _time_us(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


@lru_cache(maxsize=16)
def calendar_for(settings: Settings) -> BusinessCalendar:
    """The business calendar ``settings`` describe, built once per settings (it caches)."""
    return BusinessCalendar(
        timezone=settings.timezone,
        business_days=settings.business_days,
        start=settings.business_start,
        end=settings.business_end,
        holidays=settings.holidays,
    )

