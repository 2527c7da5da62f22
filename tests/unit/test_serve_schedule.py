"""The live preview's as-of time: when it advances and what every page says about it."""

from __future__ import annotations

import argparse
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from generator.cli.serve import as_of_notice, minutes, next_as_of

CHICAGO = ZoneInfo("America/Chicago")


@pytest.mark.parametrize(("now", "every", "expected"), [
    ("2026-11-25T10:17:05", 60, "2026-11-25T11:00:00"),
    ("2026-11-25T10:00:00", 60, "2026-11-25T11:00:00"),
    ("2026-11-25T10:17:05", 15, "2026-11-25T10:30:00"),
    ("2026-11-25T23:59:59", 60, "2026-11-26T00:00:00"),
    ("2026-11-25T10:17:05", 1440, "2026-11-26T00:00:00"),
])
def test_the_as_of_time_advances_at_the_next_multiple(now: str, every: int,
                                                     expected: str) -> None:
    moment = datetime.fromisoformat(now).replace(tzinfo=CHICAGO)
    due = next_as_of(moment, every)
    assert due is not None and due.replace(tzinfo=None).isoformat() == expected


def test_with_no_schedule_it_advances_only_when_asked() -> None:
    assert next_as_of(datetime(2026, 11, 25, 10, 17, tzinfo=CHICAGO), 0) is None


def test_every_page_says_which_as_of_and_how_it_moves() -> None:
    moment = datetime(2026, 11, 25, 12, 0, 7, tzinfo=CHICAGO)
    assert as_of_notice(moment, False, 60) == (
        "Preview as of Wednesday 25 November 2026, 12:00:07 (America/Chicago): it advances"
        " at each whole hour and when Enter is pressed in the terminal.")
    assert as_of_notice(moment, True, 60).endswith(": pinned by --as-of.")
    assert "every 15 minutes" in as_of_notice(moment, False, 15)


@pytest.mark.parametrize("text", ["-1", "1441", "x", "1.5"])
def test_as_of_every_refuses_what_is_not_minutes_of_a_day(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="whole number of minutes"):
        minutes(text)
