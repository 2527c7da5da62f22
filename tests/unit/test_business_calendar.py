"""Tests for generator.compute.calendar.

Calendar landmarks used below (2026): Jan 1 is a Thursday, so Mon 5, Tue 6,
Wed 7, Thu 8, Fri 9, Sat 10, Sun 11, Mon 12, Tue 13, Wed 14 January.
America/New_York springs forward on Sun 2026-03-08 (02:00 EST -> 03:00 EDT,
i.e. at 07:00Z) and falls back on Sun 2026-11-01 (02:00 EDT -> 01:00 EST,
i.e. at 06:00Z).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.compute.calendar import BusinessCalendar

UTC_ZONE = ZoneInfo("UTC")
NY = ZoneInfo("America/New_York")
CHICAGO = ZoneInfo("America/Chicago")
WEEKDAYS = frozenset(range(5))
ALL_DAYS = frozenset(range(7))
US = timedelta(microseconds=1)


def calendar(
    tz: ZoneInfo = UTC_ZONE,
    days: frozenset[int] = WEEKDAYS,
    start: time = time(9),
    end: time = time(17),
    holidays: frozenset[date] = frozenset(),
) -> BusinessCalendar:
    return BusinessCalendar(
        timezone=tz, business_days=days, start=start, end=end, holidays=holidays
    )


WEEK = calendar()  # UTC, Mon-Fri 09:00-17:00
NY_NIGHT = calendar(NY, ALL_DAYS, time(0), time(8))  # contains both transitions
NY_DAY = calendar(NY, ALL_DAYS, time(9), time(17))  # contains neither


def dt(y: int, mo: int, d: int, h: int = 0, mi: int = 0, *, fold: int = 0) -> datetime:
    """Naive wall-clock datetime (read in the calendar's zone)."""
    return datetime(y, mo, d, h, mi, fold=fold)


def z(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """Aware UTC instant."""
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


# --------------------------------------------------------------- hours_between


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(dt(2026, 1, 5, 10), dt(2026, 1, 5, 12, 30), 2.5, id="within-one-day"),
        pytest.param(dt(2026, 1, 5, 9), dt(2026, 1, 5, 17), 8.0, id="whole-day"),
        pytest.param(dt(2026, 1, 5, 7), dt(2026, 1, 5, 10), 1.0, id="start-before-opening"),
        pytest.param(dt(2026, 1, 5, 16), dt(2026, 1, 5, 20), 1.0, id="end-after-closing"),
        pytest.param(dt(2026, 1, 5, 7), dt(2026, 1, 5, 20), 8.0, id="both-outside-same-day"),
        pytest.param(dt(2026, 1, 5, 18), dt(2026, 1, 6, 8), 0.0, id="overnight-closed"),
        # Fri 15-17 (2h) + Mon 09-11 (2h)
        pytest.param(dt(2026, 1, 9, 15), dt(2026, 1, 12, 11), 4.0, id="spanning-weekend"),
        pytest.param(dt(2026, 1, 10, 10), dt(2026, 1, 12, 10), 1.0, id="start-on-saturday"),
        pytest.param(dt(2026, 1, 10, 10), dt(2026, 1, 11, 23), 0.0, id="inside-weekend"),
        pytest.param(dt(2026, 1, 9, 16), dt(2026, 1, 10, 12), 1.0, id="end-on-saturday"),
        pytest.param(dt(2026, 1, 5, 9), dt(2026, 1, 12, 9), 40.0, id="one-week"),
        # Jan 2026 has 22 weekdays, Feb 20 (starts on a Sunday, 28 days),
        # Mar 22 (Sun 1st; Mon 30 and Tue 31 after four full weeks): 64 * 8.
        pytest.param(dt(2026, 1, 1), dt(2026, 4, 1), 512.0, id="three-months"),
        # Wed 16-17 (1h) + Thu Jan 1 (8h) + Fri 09-10 (1h)
        pytest.param(dt(2025, 12, 31, 16), dt(2026, 1, 2, 10), 10.0, id="across-new-year"),
        pytest.param(dt(2026, 1, 5, 12), dt(2026, 1, 5, 12), 0.0, id="empty"),
        pytest.param(dt(2026, 1, 6, 12), dt(2026, 1, 5, 12), 0.0, id="reversed"),
    ],
)
def test_hours_between(a: datetime, b: datetime, expected: float) -> None:
    assert WEEK.hours_between(a, b) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("holidays", "a", "b", "expected"),
    [
        # Tue 12-17 (5h) + Wed holiday (0h) + Thu 09-12 (3h); 16h without it.
        ({date(2026, 1, 7)}, dt(2026, 1, 6, 12), dt(2026, 1, 8, 12), 8.0),
        # Fri 16-17 (1h) + weekend + Mon holiday + Tue 09-10 (1h)
        ({date(2026, 1, 12)}, dt(2026, 1, 9, 16), dt(2026, 1, 13, 10), 2.0),
        ({date(2026, 1, 7)}, dt(2026, 1, 7, 10), dt(2026, 1, 7, 15), 0.0),
        # Wed 16-17 (1h) + New Year's Day off + Fri 09-10 (1h)
        ({date(2026, 1, 1)}, dt(2025, 12, 31, 16), dt(2026, 1, 2, 10), 2.0),
        # A holiday on a Saturday changes nothing.
        ({date(2026, 1, 10)}, dt(2026, 1, 9, 15), dt(2026, 1, 12, 11), 4.0),
    ],
)
def test_hours_between_holidays(
    holidays: set[date], a: datetime, b: datetime, expected: float
) -> None:
    cal = calendar(holidays=frozenset(holidays))
    assert cal.hours_between(a, b) == pytest.approx(expected, abs=1e-12)


# ---------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("holidays", "at", "hours", "expected"),
    [
        # Fri 16-17 (1h) + Mon (8h) + Tue 09-16 (7h) = 16h
        (set(), dt(2026, 1, 9, 16), 16, dt(2026, 1, 13, 16)),
        # Used up exactly at closing: the deadline is closing time itself.
        (set(), dt(2026, 1, 5, 9), 8, dt(2026, 1, 5, 17)),
        (set(), dt(2026, 1, 5, 17), 1, dt(2026, 1, 6, 10)),
        (set(), dt(2026, 1, 10, 12), 1, dt(2026, 1, 12, 10)),
        (set(), dt(2026, 1, 5, 7), 0.5, dt(2026, 1, 5, 9, 30)),
        (set(), dt(2026, 1, 5, 9), 1.25, dt(2026, 1, 5, 10, 15)),
        (set(), dt(2026, 1, 6, 12), 40, dt(2026, 1, 13, 12)),
        (set(), dt(2026, 1, 5, 10), 0, dt(2026, 1, 5, 10)),
        # W = 0 returns `at` even outside business hours.
        (set(), dt(2026, 1, 10, 12), 0, dt(2026, 1, 10, 12)),
        # Fri 16-17 (1h) + Mon holiday + Tue (8h) + Wed 09-16 (7h)
        ({date(2026, 1, 12)}, dt(2026, 1, 9, 16), 16, dt(2026, 1, 14, 16)),
        # Wed 16-17 (1h) + Jan 1 off + Fri 09-10 (1h)
        ({date(2026, 1, 1)}, dt(2025, 12, 31, 16), 2, dt(2026, 1, 2, 10)),
    ],
)
def test_add_business_hours(
    holidays: set[date], at: datetime, hours: float, expected: datetime
) -> None:
    cal = calendar(holidays=frozenset(holidays))
    deadline = cal.add_business_hours(at, hours)
    assert deadline == expected.replace(tzinfo=UTC_ZONE)
    assert deadline.tzinfo is UTC_ZONE


def test_response_exactly_on_deadline() -> None:
    at = dt(2026, 1, 9, 16)
    deadline = WEEK.add_business_hours(at, 16)
    assert deadline == z(2026, 1, 13, 16)
    assert WEEK.hours_between(at, deadline) == 16.0
    assert WEEK.hours_between(at, deadline - US) < 16.0
    assert WEEK.hours_between(at, deadline + timedelta(minutes=1)) > 16.0


def test_add_business_hours_rejects_bad_windows() -> None:
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            WEEK.add_business_hours(dt(2026, 1, 5, 9), bad)


# ----------------------------------------------------------- is_business_time


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (dt(2026, 1, 5, 9), True),
        (dt(2026, 1, 5, 8, 59), False),
        (datetime(2026, 1, 5, 16, 59, 59, 999_999), True),
        (dt(2026, 1, 5, 17), False),  # intervals are half-open
        (dt(2026, 1, 10, 12), False),  # Saturday
        (dt(2026, 1, 7, 12), False),  # holiday
        (z(2026, 1, 6, 12), True),
    ],
)
def test_is_business_time(instant: datetime, expected: bool) -> None:
    cal = calendar(holidays=frozenset({date(2026, 1, 7)}))
    assert cal.is_business_time(instant) is expected


# -------------------------------------------------------------------- DST


@pytest.mark.parametrize(
    ("cal", "a", "b", "expected"),
    [
        # 00:00 EST (05:00Z) .. 08:00 EDT (12:00Z): 7 real hours
        (NY_NIGHT, dt(2026, 3, 8), dt(2026, 3, 9), 7.0),
        (NY_NIGHT, dt(2026, 3, 7), dt(2026, 3, 8), 8.0),
        # 01:00 EST (06:00Z) .. 04:00 EDT (08:00Z)
        (NY_NIGHT, dt(2026, 3, 8, 1), dt(2026, 3, 8, 4), 2.0),
        # 00:00 EDT (04:00Z) .. 08:00 EST (13:00Z): 9 real hours
        (NY_NIGHT, dt(2026, 11, 1), dt(2026, 11, 2), 9.0),
        # first 01:30 (EDT, 05:30Z) .. second 01:30 (EST, 06:30Z)
        (NY_NIGHT, dt(2026, 11, 1, 1, 30), dt(2026, 11, 1, 1, 30, fold=1), 1.0),
        # 00:00 EDT (04:00Z) .. 02:00 EST (07:00Z)
        (NY_NIGHT, dt(2026, 11, 1), dt(2026, 11, 1, 2), 3.0),
        # Transitions outside 09-17 change nothing.
        (NY_DAY, dt(2026, 3, 8), dt(2026, 3, 9), 8.0),
        (NY_DAY, dt(2026, 11, 1), dt(2026, 11, 2), 8.0),
        # Sat 12-17 (5h) + Sun (8h) + Mon 09-12 (3h)
        (NY_DAY, dt(2026, 3, 7, 12), dt(2026, 3, 9, 12), 16.0),
        # Mon-Fri only: the Sunday transitions fall on closed days.
        (calendar(NY), dt(2026, 3, 6, 9), dt(2026, 3, 9, 17), 16.0),
        (calendar(NY), z(2026, 10, 30, 13), z(2026, 11, 2, 22), 16.0),
    ],
)
def test_hours_between_dst(
    cal: BusinessCalendar, a: datetime, b: datetime, expected: float
) -> None:
    assert cal.hours_between(a, b) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("start", "end", "day", "expected"),
    [
        # Start 02:30 does not exist on Mar 8: it becomes the jump, 03:00 EDT
        # (07:00Z); end 05:00 EDT is 09:00Z.
        (time(2, 30), time(5), date(2026, 3, 8), 2.0),
        (time(2, 30), time(5), date(2026, 3, 9), 2.5),
        # 01:00 EST (06:00Z) .. end 02:30 -> the jump (07:00Z)
        (time(1), time(2, 30), date(2026, 3, 8), 1.0),
        # Both bounds inside the gap: the interval vanishes that day.
        (time(2, 10), time(2, 50), date(2026, 3, 8), 0.0),
        (time(2, 10), time(2, 50), date(2026, 3, 9), 40 / 60),
        # Ambiguous start takes its first occurrence: 01:30 EDT (05:30Z)
        # .. 03:00 EST (08:00Z)
        (time(1, 30), time(3), date(2026, 11, 1), 2.5),
        (time(1, 30), time(3), date(2026, 11, 2), 1.5),
        # Ambiguous end, first occurrence: 00:00 EDT (04:00Z) .. 01:30 EDT
        # (05:30Z); the repeated 01:00-01:30 EST is not business time.
        (time(0), time(1, 30), date(2026, 11, 1), 1.5),
    ],
)
def test_interval_bounds_in_gap_or_overlap(
    start: time, end: time, day: date, expected: float
) -> None:
    cal = calendar(NY, ALL_DAYS, start, end)
    midnight = datetime.combine(day, time())
    got = cal.hours_between(midnight, midnight + timedelta(days=1))
    assert got == pytest.approx(expected, abs=1e-12)


def test_ambiguous_wall_times_in_business_hours() -> None:
    cal = calendar(NY, ALL_DAYS, time(0), time(1, 30))
    assert cal.is_business_time(dt(2026, 11, 1, 1, 15))  # 01:15 EDT
    assert not cal.is_business_time(dt(2026, 11, 1, 1, 15, fold=1))  # 01:15 EST


def test_business_time_around_spring_gap() -> None:
    cal = calendar(NY, ALL_DAYS, time(2, 30), time(5))
    assert cal.is_business_time(z(2026, 3, 8, 7))  # 03:00 EDT, the jump
    assert not cal.is_business_time(z(2026, 3, 8, 7) - US)  # 01:59:59.999999 EST


@pytest.mark.parametrize(
    ("cal", "at", "hours", "expected_utc"),
    [
        # 00:00 EST + 7 business hours = 08:00 EDT = 12:00Z
        (NY_NIGHT, dt(2026, 3, 8), 7, z(2026, 3, 8, 12)),
        # ... one more hour rolls to Mar 9 01:00 EDT = 05:00Z
        (NY_NIGHT, dt(2026, 3, 8), 8, z(2026, 3, 9, 5)),
        # Fall back: 00:00 EDT (04:00Z) + 1h = 01:00 EDT, + 2h = 01:00 EST
        (NY_NIGHT, dt(2026, 11, 1), 1, z(2026, 11, 1, 5)),
        (NY_NIGHT, dt(2026, 11, 1), 2, z(2026, 11, 1, 6)),
        (NY_NIGHT, dt(2026, 11, 1), 9, z(2026, 11, 1, 13)),  # 08:00 EST
        (NY_NIGHT, dt(2026, 11, 1), 10, z(2026, 11, 2, 6)),  # Nov 2 01:00 EST
        # Sat 16:00 EST + 1h (to 17:00) + 1h on Sunday from 09:00 EDT
        (NY_DAY, dt(2026, 3, 7, 16), 2, z(2026, 3, 8, 14)),
    ],
)
def test_add_business_hours_dst(
    cal: BusinessCalendar, at: datetime, hours: float, expected_utc: datetime
) -> None:
    deadline = cal.add_business_hours(at, hours)
    # Compare in UTC: PEP 495 makes == between zones False inside a fold.
    assert deadline.astimezone(UTC) == expected_utc
    assert deadline.tzinfo is NY
    assert cal.hours_between(at, deadline) == pytest.approx(hours, abs=1e-12)


def test_deadline_in_repeated_hour_carries_fold() -> None:
    deadline = NY_NIGHT.add_business_hours(dt(2026, 11, 1), 2)
    assert (deadline.hour, deadline.fold) == (1, 1)
    assert deadline.utcoffset() == timedelta(hours=-5)


# ------------------------------------------------------------ naive vs aware


CHI_WEEK = calendar(CHICAGO)


def test_naive_is_read_in_calendar_zone() -> None:
    naive = dt(2026, 1, 5, 10)  # 10:00 CST = 16:00Z
    assert CHI_WEEK.localize(naive) == z(2026, 1, 5, 16)
    assert CHI_WEEK.localize(naive).tzinfo is CHICAGO
    # 10:00 CST .. 20:00Z (14:00 CST)
    assert CHI_WEEK.hours_between(naive, z(2026, 1, 5, 20)) == 4.0
    assert CHI_WEEK.hours_between(z(2026, 1, 5, 16), dt(2026, 1, 5, 14)) == 4.0


def test_aware_in_other_zone_is_converted() -> None:
    eastern = datetime(2026, 1, 5, 10, tzinfo=NY)  # = 09:00 CST
    assert CHI_WEEK.localize(eastern) == eastern
    assert CHI_WEEK.localize(eastern).hour == 9
    assert CHI_WEEK.hours_between(eastern, dt(2026, 1, 5, 12)) == 3.0
    # Same instant in UTC: 22:00Z = Fri 16:00 CST -> Tue 16:00 CST
    deadline = CHI_WEEK.add_business_hours(z(2026, 1, 9, 22), 16)
    assert deadline == datetime(2026, 1, 13, 16, tzinfo=CHICAGO)
    assert deadline.tzinfo is CHICAGO


def test_localize_date_is_local_midnight() -> None:
    assert CHI_WEEK.localize(date(2026, 1, 5)) == datetime(2026, 1, 5, tzinfo=CHICAGO)
    assert CHI_WEEK.localize(date(2026, 1, 5)) == z(2026, 1, 5, 6)


def test_localize_gap_and_overlap() -> None:
    cal = NY_DAY
    # Non-existent 02:30 becomes the jump: 03:00 EDT (07:00Z).
    assert cal.localize(dt(2026, 3, 8, 2, 30)) == z(2026, 3, 8, 7)
    # (compared in UTC: PEP 495 makes == between zones False inside a fold)
    first = cal.localize(dt(2026, 11, 1, 1, 30))
    second = cal.localize(dt(2026, 11, 1, 1, 30, fold=1))
    assert first.astimezone(UTC) == z(2026, 11, 1, 5, 30)  # EDT
    assert second.astimezone(UTC) == z(2026, 11, 1, 6, 30)  # EST
    # An aware datetime is an instant already: Python's PEP 495 offset applies.
    assert cal.localize(datetime(2026, 3, 8, 2, 30, tzinfo=NY)) == z(2026, 3, 8, 7, 30)


# ---------------------------------------------------------- construction


def test_hours_per_day() -> None:
    assert WEEK.hours_per_day == 8.0
    assert calendar(start=time(9, 30), end=time(17, 15)).hours_per_day == 7.75


@pytest.mark.parametrize(
    "kwargs",
    [
        {"days": frozenset()},
        {"days": frozenset({7})},
        {"days": frozenset({-1})},
        {"start": time(17), "end": time(9)},
        {"start": time(9), "end": time(9)},
        {"start": time(9, tzinfo=UTC)},
    ],
)
def test_invalid_calendars_are_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        calendar(**kwargs)  # type: ignore[arg-type]


def test_plain_sets_are_frozen_and_calendar_is_hashable() -> None:
    cal = BusinessCalendar(
        timezone=UTC_ZONE,
        business_days={0, 1},  # type: ignore[arg-type]
        start=time(9),
        end=time(17),
        holidays={date(2026, 1, 5)},  # type: ignore[arg-type]
    )
    assert cal.business_days == frozenset({0, 1})
    assert isinstance(cal.holidays, frozenset)
    assert hash(cal) == hash(calendar(days=frozenset({0, 1}), holidays=cal.holidays))


# ------------------------------------------------------------- properties


ZONES = [UTC_ZONE, NY, CHICAGO, ZoneInfo("Europe/London"), ZoneInfo("Australia/Lord_Howe")]


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    minutes = st.integers(0, 24 * 60 - 1)
    a, b = draw(minutes), draw(minutes)
    if a == b:
        b = a + 1 if a < 24 * 60 - 1 else a - 1
    lo, hi = min(a, b), max(a, b)
    return calendar(
        draw(st.sampled_from(ZONES)),
        frozenset(draw(st.sets(st.integers(0, 6), min_size=1))),
        time(lo // 60, lo % 60),
        time(hi // 60, hi % 60),
        frozenset(draw(st.sets(st.dates(date(2025, 12, 1), date(2026, 12, 31)), max_size=20))),
    )


# Naive wall times, so gaps and overlaps are exercised via localize().
wall_times = st.datetimes(datetime(2025, 12, 1), datetime(2027, 1, 31))


@settings(max_examples=200, deadline=None)
@given(calendars(), wall_times, wall_times, wall_times)
def test_additivity(cal: BusinessCalendar, x: datetime, y: datetime, w: datetime) -> None:
    a, b, c = sorted((cal.localize(x), cal.localize(y), cal.localize(w)))
    whole = cal.hours_between(a, c)
    assert abs(whole - (cal.hours_between(a, b) + cal.hours_between(b, c))) < 1e-9
    assert cal.hours_between(c, a) == 0.0


@settings(max_examples=200, deadline=None)
@given(
    calendars(),
    wall_times,
    st.floats(0, 300, allow_nan=False, allow_infinity=False),
)
def test_deadline_round_trip(cal: BusinessCalendar, at: datetime, hours: float) -> None:
    deadline = cal.add_business_hours(at, hours)
    assert deadline.tzinfo is cal.timezone
    assert deadline >= cal.localize(at)
    assert abs(cal.hours_between(at, deadline) - hours) < 1e-9
    if deadline > cal.localize(at):
        # Earliest such instant: a microsecond earlier the window is not used up.
        assert cal.hours_between(at, deadline - US) < hours


def _wall_to_instant(tz: ZoneInfo, wall: datetime) -> datetime:
    """Reference rule: the earliest instant whose local reading is >= wall."""
    candidates = [wall.replace(tzinfo=tz, fold=f).astimezone(UTC) for f in (0, 1)]
    real = [c for c in candidates if c.astimezone(tz).replace(tzinfo=None) == wall]
    if real:
        return min(real)
    # In a gap: step forward minute by minute (transitions are on whole minutes).
    u = min(candidates)
    while u.astimezone(tz).replace(tzinfo=None) < wall:
        u += timedelta(minutes=1)
    return u


def _reference_hours(cal: BusinessCalendar, a: datetime, b: datetime) -> float:
    ua, ub = cal.localize(a).astimezone(UTC), cal.localize(b).astimezone(UTC)
    total = timedelta()
    day = ua.astimezone(cal.timezone).date() - timedelta(days=1)
    while day <= ub.astimezone(cal.timezone).date() + timedelta(days=1):
        if day.weekday() in cal.business_days and day not in cal.holidays:
            s = _wall_to_instant(cal.timezone, datetime.combine(day, cal.start))
            e = _wall_to_instant(cal.timezone, datetime.combine(day, cal.end))
            overlap = min(e, ub) - max(s, ua)
            if overlap > timedelta():
                total += overlap
        day += timedelta(days=1)
    return total / timedelta(hours=1)


@settings(max_examples=300, deadline=None)
@given(calendars(), wall_times, st.timedeltas(timedelta(0), timedelta(days=20)))
def test_matches_day_by_day_reference(
    cal: BusinessCalendar, start: datetime, span: timedelta
) -> None:
    a = cal.localize(start)
    b = a.astimezone(UTC) + span
    assert abs(cal.hours_between(a, b) - _reference_hours(cal, a, b)) < 1e-9
