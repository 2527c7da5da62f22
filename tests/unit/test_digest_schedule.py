"""When the digest is due, and since when a gap is new: the business calendar decides.

``digest_due`` is the scheduled workflow's test; the workflow's own cron lines are read
here and run through it for two whole years of the example's calendar (America/Chicago,
its holidays): exactly one run is due on every business day, none on any other day.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from generator.cli.main import build_parser
from generator.compute.calendar import BusinessCalendar, calendar_for
from generator.compute.digest import digest_due, digest_since
from generator.read.settings import load_settings

REPO = Path(__file__).parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "digest.yml"
CHICAGO = ZoneInfo("America/Chicago")
CALENDAR = BusinessCalendar(timezone=CHICAGO, business_days=frozenset(range(5)),
                            start=time(9), end=time(17),
                            holidays=frozenset({date(2026, 11, 26), date(2026, 11, 27)}))
SEVEN = time(7)


def chicago(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CHICAGO)


@pytest.mark.parametrize(("instant", "due"), [
    ("2026-12-02T07:00", True),  # a Wednesday, at the morning time
    ("2026-12-02T07:59:59", True),
    ("2026-12-02T08:00", False),  # an hour later: the next hourly run is not due
    ("2026-12-02T06:59:59", False),
    ("2026-12-05T07:00", False),  # a Saturday
    ("2026-11-26T07:00", False),  # a holiday (Thanksgiving in the example)
    ("2026-11-27T07:30", False),
    ("2026-03-09T07:00", True),  # the Monday after the clocks spring forward
    ("2026-11-02T07:00", True),  # the Monday after they fall back
])
def test_the_digest_is_due_on_business_day_mornings(instant: str, due: bool) -> None:
    assert digest_due(CALENDAR, chicago(instant), SEVEN) is due


def test_due_reads_the_instant_on_the_configured_clock() -> None:
    # 13:00 UTC is 07:00 in Chicago in winter, 08:00 in summer.
    assert digest_due(CALENDAR, datetime(2026, 12, 2, 13, tzinfo=UTC), SEVEN)
    assert not digest_due(CALENDAR, datetime(2026, 7, 1, 13, tzinfo=UTC), SEVEN)
    assert digest_due(CALENDAR, datetime(2026, 7, 1, 12, tzinfo=UTC), SEVEN)


@pytest.mark.parametrize(("as_of", "since"), [
    ("2026-12-01T07:00", "2026-11-30T07:00"),  # Tuesday: Monday
    ("2026-11-30T07:00", "2026-11-25T07:00"),  # Monday after two holidays: Wednesday
    ("2026-12-05T10:00", "2026-12-04T10:00"),  # a Saturday: Friday
    ("2026-11-02T07:00", "2026-10-30T07:00"),  # across the fall-back weekend
])
def test_new_since_is_the_same_time_on_the_last_business_day(as_of: str, since: str) -> None:
    found = digest_since(CALENDAR, chicago(as_of))
    assert found.isoformat() == chicago(since).isoformat()


# ------------------------------------------------------------------- the workflow


def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def run_lines() -> list[str]:
    return [line for job in workflow()["jobs"].values() for step in job["steps"]
            for line in str(step.get("run", "")).splitlines()]


def workflow_morning() -> time:
    """The morning time the workflow's ``--due-now`` asks about."""
    [morning] = {m for line in run_lines() for m in re.findall(r"--due-now (\d\d:\d\d)", line)}
    return time.fromisoformat(morning)


def cron_field(text: str, low: int, high: int) -> set[int]:
    """The values of one cron field of the forms the workflow may use: *, N, A-B, lists."""
    values: set[int] = set()
    for part in text.split(","):
        if part == "*":
            values |= set(range(low, high + 1))
        elif "-" in part:
            first, last = part.split("-")
            values |= set(range(int(first), int(last) + 1))
        else:
            values.add(int(part))
    return values


def scheduled_runs(first: date, last: date) -> list[datetime]:
    """Every instant the workflow's cron lines schedule from ``first`` to ``last`` (UTC)."""
    on = workflow().get("on", workflow().get(True))
    runs = []
    for entry in on["schedule"]:
        minute, hour, day, month, weekday = entry["cron"].split()
        assert (day, month) == ("*", "*")
        minutes, hours = cron_field(minute, 0, 59), cron_field(hour, 0, 23)
        weekdays = cron_field(weekday, 0, 6)  # 0 is Sunday
        current = first
        while current <= last:
            if (current.isoweekday() % 7) in weekdays:
                runs += [datetime(current.year, current.month, current.day, h, m, tzinfo=UTC)
                         for h in hours for m in minutes]
            current += timedelta(days=1)
    return runs


def test_exactly_one_scheduled_run_is_due_on_each_business_day() -> None:
    settings, problems = load_settings(REPO / "mkdocs.yml")
    assert problems == []
    calendar = calendar_for(settings)
    at = workflow_morning()
    first, last = date(2026, 1, 1), date(2027, 12, 31)
    due: dict[date, int] = {}
    for run in scheduled_runs(first - timedelta(days=1), last + timedelta(days=1)):
        if digest_due(calendar, run, at):
            local = calendar.localize(run).date()
            due[local] = due.get(local, 0) + 1
    day = first
    while day <= last:
        assert due.get(day, 0) == (1 if calendar.is_business_day(day) else 0), day
        day += timedelta(days=1)


def test_the_workflow_is_least_privilege_and_pinned() -> None:
    data = workflow()
    assert data["permissions"] == {}
    [job] = data["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    for step in job["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in str(step.get("run", "")), "expressions go through env"


def test_the_workflow_posts_only_with_the_secret_and_updates_one_labelled_issue() -> None:
    [job] = workflow()["jobs"].values()
    steps = {step.get("name"): step for step in job["steps"]}
    post = steps["Post the digest to Slack"]
    assert post["env"]["SLACK_WEBHOOK_URL"] == "${{ secrets.SLACK_WEBHOOK_URL }}"
    assert 'if [ -z "$SLACK_WEBHOOK_URL" ]; then' in post["run"]
    issue = steps["Update the pinned digest issue"]["run"]
    assert "gh issue list --label" in issue and "gh issue edit" in issue
    assert "gh issue pin" in issue
    for name in ("Write the digest", "Update the pinned digest issue",
                 "Post the digest to Slack"):
        assert steps[name]["if"] == "steps.when.outputs.due == 'yes'"


def test_every_escalation_command_of_the_workflow_parses() -> None:
    values = {"$as_of": "2026-12-02T13:00:00Z", "$AS_OF": "2026-12-02T13:00:00Z",
              "$SLACK_WEBHOOK_URL": "https://hooks.example.com/services/x"}
    commands = []
    for line in run_lines():
        for found in re.findall(r"escalation digest --[^)>|]*", line):
            commands.append([values.get(w, w) for w in shlex.split(found)[1:]])
    assert len(commands) == 3
    parser = build_parser()
    for arguments in commands:
        parser.parse_args(arguments)


def run_when_step(tmp_path: Path, schedule: str) -> dict[str, str]:
    """The workflow's "Is this the business-day morning run?" step, run by bash here with
    the project's ``escalation`` (the one of this interpreter's environment) on PATH."""
    [job] = workflow()["jobs"].values()
    [step] = [s for s in job["steps"] if s.get("id") == "when"]
    output, summary = tmp_path / "output", tmp_path / "summary"
    env = {**os.environ, "SCHEDULE": schedule, "GITHUB_OUTPUT": str(output),
           "GITHUB_STEP_SUMMARY": str(summary),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("ESCALATION_AS_OF", None)
    subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=REPO, env=env,
                   check=True, capture_output=True, text=True, timeout=120)
    return dict(line.split("=", 1) for line in output.read_text().splitlines())


def test_the_when_step_decides_on_the_scheduled_time(tmp_path: Path) -> None:
    settings, _ = load_settings(REPO / "mkdocs.yml")
    before = datetime.now(UTC).date()
    found = run_when_step(tmp_path, "0 13 * * 1-5")
    after = datetime.now(UTC).date()
    assert found["as_of"] in {f"{day.isoformat()}T13:00:00Z" for day in (before, after)}
    scheduled = datetime.fromisoformat(found["as_of"])
    expected = digest_due(calendar_for(settings), scheduled, workflow_morning())
    assert found["due"] == ("yes" if expected else "no")


def test_a_run_by_hand_is_due_as_of_now(tmp_path: Path) -> None:
    found = run_when_step(tmp_path, "")
    assert found["due"] == "yes"
    as_of = datetime.fromisoformat(found["as_of"])
    assert abs((datetime.now(UTC) - as_of).total_seconds()) < 600
