"""One reading of "now" for build and report, spring-forward gap included."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.compute.as_of import parse_as_of, resolve_as_of
from generator.compute.calendar import calendar_for
from generator.schema.settings import Settings


def test_build_and_report_read_a_time_in_the_skipped_hour_alike(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path, timezone=ZoneInfo("America/Chicago"))
    text = "2026-03-08T02:30"  # clocks jump from 02:00 to 03:00 that night
    built = resolve_as_of(text, calendar_for(settings))  # what build and report both call
    reported = parse_as_of(text, calendar_for(settings))
    assert built.astimezone(UTC) == reported.astimezone(UTC) == datetime(2026, 3, 8, 8, tzinfo=UTC)


def test_environment_variable_is_used_unless_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calendar = calendar_for(Settings(root=tmp_path))
    monkeypatch.setenv("ESCALATION_AS_OF", "2026-11-25")
    assert resolve_as_of(None, calendar) == datetime(2026, 11, 25, tzinfo=ZoneInfo("UTC"))
    assert resolve_as_of("2026-11-26", calendar).day == 26
    assert resolve_as_of(None, calendar, use_environment=False).year >= 2026
    monkeypatch.setenv("ESCALATION_AS_OF", "next tuesday")
    with pytest.raises(ValueError, match="ESCALATION_AS_OF: expected an ISO 8601 date"):
        resolve_as_of(None, calendar)
