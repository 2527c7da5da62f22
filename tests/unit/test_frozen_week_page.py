"""The weekly page of a week with a frozen snapshot (rendered pages, no site builder)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from generator.compute import site, weekly_range
from generator.compute.as_of import resolve_as_of
from generator.compute.calendar import calendar_for
from generator.compute.site import build_context
from generator.compute.weekly import WeeklyReport
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.pages import render_reports
from generator.schema.settings import Audience
from generator.schema.weeks import IsoWeek

ROOT = Path(__file__).resolve().parents[2]


def shipped_copy(tmp_path: Path) -> Path:
    """The shipped example project (records, docs with the W47 snapshot, settings)."""
    for name in ("tickets", "admins", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path / "mkdocs.yml"


def week_page(config: Path, audience: Audience = Audience.INTERNAL) -> str:
    settings, problems = load_settings(config)
    project = load_project(settings, problems)
    as_of = resolve_as_of("2026-11-28T12:00", calendar_for(settings))
    ctx = build_context(project, as_of=as_of, audience=audience)
    return render_reports(ctx)["reports/2026-w47.md"]


def test_unchanged_records_show_the_frozen_figures_as_of_the_snapshot(tmp_path: Path) -> None:
    page = week_page(shipped_copy(tmp_path))
    assert "figures as of <strong>2026-11-23 09:00</strong>" in page
    assert "Today's records give the same figures." in page
    assert "<li>tickets_resolved" not in page


def test_a_changed_record_lists_each_differing_figure(tmp_path: Path) -> None:
    config = shipped_copy(tmp_path)
    ticket = tmp_path / "tickets" / "2026" / "48348.md"
    text = ticket.read_text(encoding="utf-8")
    ticket.write_text(text.replace("resolved: 2026-11-20T16:10", "resolved: 2026-11-23T08:10"),
                      encoding="utf-8")
    page = week_page(config)
    assert '<div class="admonition warning">' in page
    assert "<li>tickets_resolved: frozen 2, now 1</li>" in page


def test_shared_build_lists_no_channel_differences(tmp_path: Path) -> None:
    config = shipped_copy(tmp_path)
    ticket = tmp_path / "tickets" / "2026" / "48341.md"
    text = ticket.read_text(encoding="utf-8")
    assert "channel: slack-dm" in text
    ticket.write_text(text.replace("channel: slack-dm", "channel: email"), encoding="utf-8")
    internal = week_page(config)
    shared = week_page(config, Audience.SHARED)
    assert "<li>off_record: frozen 1, now 0</li>" in internal
    assert "off_record" not in shared
    assert "opened_by_channel" not in shared


def test_each_week_is_computed_once_and_a_frozen_one_as_of_its_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site computes the live weeks together and a frozen week only as of its
    snapshot, not a second time as of the build's as-of."""
    computed: list[tuple[str, datetime]] = []

    def counted(real: Callable[..., WeeklyReport]) -> Callable[..., WeeklyReport]:
        def compute(tickets: object, admins: object, settings: object, week: IsoWeek,
                    as_of: datetime, **kwargs: object) -> WeeklyReport:
            computed.append((str(week), as_of))
            return real(tickets, admins, settings, week, as_of, **kwargs)
        return compute

    monkeypatch.setattr(site, "compute_week", counted(site.compute_week))
    monkeypatch.setattr(weekly_range, "compute_week", counted(weekly_range.compute_week))
    week_page(shipped_copy(tmp_path))
    weeks = [week for week, _ in computed]
    assert len(weeks) == len(set(weeks)) and "2026-W47" in weeks
    assert [str(at) for week, at in computed if week == "2026-W47"] == [
        "2026-11-23 09:00:00-06:00"]
