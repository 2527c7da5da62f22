"""The site's weekly reports, computed from per-week buckets, equal full computations."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.compute.as_of import resolve_as_of
from generator.compute.calendar import calendar_for
from generator.compute.site import build_context
from generator.compute.weekly import compute_week
from generator.read.frozen import Snapshots
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.schema.settings import Audience

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("as_of", ["2026-10-20T12:00", "2026-11-25T12:00", "2027-03-01"])
def test_bucketed_weeks_equal_weeks_over_every_record(as_of: str) -> None:
    settings, problems = load_settings(ROOT / "mkdocs.yml")
    # no frozen snapshots: compare the live computation only
    project = dataclasses.replace(load_project(settings, problems),
                                  snapshots=Snapshots(reports={}, errors={}))
    moment = resolve_as_of(as_of, calendar_for(settings))
    ctx = build_context(project, as_of=moment, audience=Audience.INTERNAL)
    assert ctx.weeks
    for entry in ctx.weeks:
        full = compute_week(project.tickets, project.admins, settings, entry.week, moment)
        assert entry.report.to_json() == full.to_json(), entry.week
        assert entry.report.evidence == full.evidence, entry.week
