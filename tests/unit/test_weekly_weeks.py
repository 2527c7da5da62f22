"""ISO weeks: parsing, names, bounds in the configured timezone, year boundaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.schema.weeks import IsoWeek, last_complete_week, local_midnight, weeks_in_year

CHI = ZoneInfo("America/Chicago")


@pytest.mark.parametrize("text", ["2026-W47", "2026-w47", " 2026-W47\n"])
def test_parse(text: str) -> None:
    assert IsoWeek.parse(text) == IsoWeek(2026, 47)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-47", "ISO week: expected the form YYYY-Www, such as 2026-W47, but received"
                    " '2026-47'"),
        ("W47", "ISO week: expected the form YYYY-Www, such as 2026-W47, but received 'W47'"),
        ("2026-W54", "ISO week: expected a week number from 1 to 53 for 2026 but received 54"),
        ("2025-W53", "ISO week: expected a week number from 1 to 52 for 2025 but received 53"),
        ("2026-W00", "ISO week: expected a week number from 1 to 53 for 2026 but received 0"),
    ],
)
def test_parse_refuses_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        IsoWeek.parse(text)
    assert str(caught.value) == message


def test_names() -> None:
    week = IsoWeek(2026, 7)
    assert str(week) == "2026-W07"
    assert week.slug == "2026-w07"


def test_days_and_bounds_in_the_configured_timezone() -> None:
    week = IsoWeek(2026, 47)
    assert (week.monday, week.sunday) == (date(2026, 11, 16), date(2026, 11, 22))
    assert week.start(CHI) == datetime(2026, 11, 16, tzinfo=CHI)
    assert week.end(CHI) == datetime(2026, 11, 23, tzinfo=CHI)
    assert week.start(CHI).isoformat() == "2026-11-16T00:00:00-06:00"


@pytest.mark.parametrize(
    ("week", "hours"),
    [(IsoWeek(2026, 47), 168), (IsoWeek(2026, 44), 169), (IsoWeek(2026, 10), 167)],
)
def test_weeks_with_a_dst_change_are_an_hour_longer_or_shorter(week: IsoWeek, hours: int) -> None:
    length = week.end(CHI).astimezone(UTC) - week.start(CHI).astimezone(UTC)
    assert length == timedelta(hours=hours)


def test_a_midnight_skipped_by_dst_starts_the_day_at_the_jump() -> None:
    havana = ZoneInfo("America/Havana")  # 2026-03-08 00:00 CST jumps to 01:00 CDT
    start = local_midnight(date(2026, 3, 8), havana)
    assert start.astimezone(UTC) == datetime(2026, 3, 8, 5, tzinfo=UTC)
    assert start.date() == date(2026, 3, 8)


def test_week_53_and_the_year_boundary() -> None:
    assert (weeks_in_year(2026), weeks_in_year(2025), weeks_in_year(2020)) == (53, 52, 53)
    w53 = IsoWeek(2026, 53)
    assert (w53.monday, w53.sunday) == (date(2026, 12, 28), date(2027, 1, 3))
    assert IsoWeek.of(date(2027, 1, 1)) == w53
    assert IsoWeek.of(date(2027, 1, 4)) == IsoWeek(2027, 1)
    assert IsoWeek.of(date(2024, 12, 30)) == IsoWeek(2025, 1)
    assert w53.next() == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).previous() == w53
    assert IsoWeek(2026, 1).previous() == IsoWeek(2025, 52)
    assert IsoWeek(2026, 1).monday == date(2025, 12, 29)


def test_range_is_inclusive_and_ordered() -> None:
    weeks = IsoWeek.range(IsoWeek(2026, 52), IsoWeek(2027, 2))
    assert [str(w) for w in weeks] == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]
    assert IsoWeek.range(IsoWeek(2026, 2), IsoWeek(2026, 1)) == []
    assert sorted([IsoWeek(2027, 1), IsoWeek(2026, 53)]) == [IsoWeek(2026, 53), IsoWeek(2027, 1)]


def test_of_reads_aware_times_in_the_given_timezone() -> None:
    sunday_night = datetime(2026, 11, 23, 5, 59, tzinfo=UTC)  # Sun 23:59 in Chicago
    assert IsoWeek.of(sunday_night) == IsoWeek(2026, 48)
    assert IsoWeek.of(sunday_night, CHI) == IsoWeek(2026, 47)


@pytest.mark.parametrize(
    ("as_of", "week"),
    [
        (datetime(2026, 11, 25, 12, tzinfo=CHI), IsoWeek(2026, 47)),
        (datetime(2026, 11, 23, 0, tzinfo=CHI), IsoWeek(2026, 47)),
        (datetime(2026, 11, 22, 23, 59, tzinfo=CHI), IsoWeek(2026, 46)),
        (datetime(2027, 1, 4, 8, tzinfo=CHI), IsoWeek(2026, 53)),
    ],
)
def test_last_complete_week(as_of: datetime, week: IsoWeek) -> None:
    assert last_complete_week(as_of, CHI) == week


@given(st.dates(min_value=date(1900, 1, 8), max_value=date(9998, 12, 20)))
def test_every_day_lies_in_its_week(day: date) -> None:
    week = IsoWeek.of(day)
    assert week.monday <= day <= week.sunday
    assert IsoWeek.parse(str(week)) == week == IsoWeek.parse(week.slug)
    assert week.previous().next() == week
