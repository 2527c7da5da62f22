"""A snapshot frozen before report schema 2 keeps rendering and comparing.

``SCHEMA_1_SNAPSHOT`` is the exact text the writer of schema 1 (``render_frozen`` before
issue 16) wrote for the mini project below, week 2026-W47 as of 2026-11-23 09:00: no
``schema`` key, each admin's count of responses named ``answered``, and none of
``outcomes``, ``outstanding_at_end``, ``unowned_at_end``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from markupsafe import escape

from generator.cli.main import main
from generator.compute.as_of import resolve_as_of
from generator.compute.calendar import calendar_for
from generator.compute.frozen import frozen_differences
from generator.compute.site import build_context
from generator.compute.weekly import compute_week
from generator.read.frozen import FrozenReportError, load_frozen
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.weekly_pages import render_reports
from generator.schema.settings import Audience
from generator.schema.weeks import IsoWeek

W47 = IsoWeek(2026, 47)
SNAPSHOT = "docs/reports/frozen/2026-w47.md"
RECORDS = {
    "mkdocs.yml": """\
site_name: Test
extra:
  escalation:
    timezone: America/Chicago
""",
    "admins/alice.md": """\
---
name: Alice Admin
purview:
  - service: email
    scope: Mailboxes.
    declared: 2026-10-05
    source: purview meeting
---
""",
    "admins/bob.md": """\
---
name: Bob Admin
purview:
  - service: vpn
    scope: Remote access.
    declared: 2026-10-05
    source: purview meeting
---
""",
    "tickets/2026/5001.md": """\
---
title: Mailbox full
opened: 2026-11-16T09:00
classification: incident
priority: medium
tier: collaborate
status: open
service: email
escalations:
  - admin: alice
    tier: collaborate
    at: 2026-11-16T10:00
    response:
      at: 2026-11-16T12:00
      outcome: answered
      process: Archive the oldest folder.
---
""",
    "tickets/2026/5002.md": """\
---
title: VPN refuses the token
opened: 2026-11-17T09:00
classification: incident
priority: high
tier: escalate
status: open
service: vpn
checklist:
  issue-verified: true
  kb-searched: true
  troubleshooting-done: true
  evidence-attached: true
  outside-sc-scope: true
  owner-identified: true
escalations:
  - admin: bob
    tier: escalate
    at: 2026-11-17T10:00
    tag: esc-vpn
    reason: The token is refused for every user of the lab.
    message: Checklist complete. What process can SC follow next time?
---
""",
    "tickets/2026/5003.md": """\
---
title: Printer jam
opened: 2026-11-18T09:30
classification: incident
priority: low
tier: handle
status: resolved
resolved: 2026-11-19T10:00
---
""",
}


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini project with its schema-1 snapshot, as the current folder."""
    for name, text in {**RECORDS, SNAPSHOT: SCHEMA_1_SNAPSHOT}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for variable in ("ESCALATION_AS_OF", "ESCALATION_CONFIG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def compare(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(["report", "--week", "2026-W47", "--compare-frozen"])
    out, _ = capsys.readouterr()
    return status, out.splitlines()


SCHEMA_1_NOTE = (
    "1, from before today's schema 2; its per-admin 'answered' is compared as today's"
    " 'responded'; outcomes, outstanding_at_end and unowned_at_end did not exist yet and"
    " are not compared"
)


def test_a_snapshot_without_a_schema_is_read_as_schema_1(root: Path) -> None:
    frozen = load_frozen(root, W47)
    assert frozen is not None
    assert frozen.schema == 1
    assert [a["answered"] for a in frozen.figures["admins"]] == [1, 0]  # kept as frozen


def test_unchanged_records_compare_equal_and_the_schema_is_said(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines = compare(capsys)
    assert status == 0
    assert lines[1:] == [
        "records: unchanged since the freeze",
        f"schema: {SCHEMA_1_NOTE}",
        "figures: the same as the frozen report",
    ]


def test_a_changed_record_differs_under_todays_names(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = root / "tickets/2026/5002.md"
    # bob declines on Friday 10:00: after his deadline (Thu 10:00), 24 business hours after
    # he was engaged (Tue 10:00), before the as-of time.
    message = "    message: Checklist complete. What process can SC follow next time?\n"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace(message, message + "    response:\n"
                                   "      at: 2026-11-20T10:00\n      outcome: declined\n"),
                      encoding="utf-8")
    status, lines = compare(capsys)
    assert status == 1
    assert lines[2:] == [
        f"schema: {SCHEMA_1_NOTE}",
        "figures: 6 differ from the frozen report",
        "  responses_received: frozen 1, now 2",
        "  admins.bob.responded: frozen 0, now 1",
        "  admins.bob.late: frozen 0, now 1",
        "  admins.bob.no_response: frozen 1, now 0",
        "  admins.bob.response_rate: frozen 0.0, now 1.0",
        "  admins.bob.median_response_hours: frozen null, now 24.0",
    ]


def test_the_comparison_maps_the_renamed_figure_both_ways(root: Path) -> None:
    frozen = load_frozen(root, W47)
    assert frozen is not None
    settings, problems = load_settings(root / "mkdocs.yml")
    project = load_project(settings, problems)
    current = compute_week(project.tickets, project.admins, settings, W47, frozen.as_of)
    assert frozen_differences(frozen, current) == []
    # Read as schema 2, the same figures would lack 'responded' and every new figure.
    assert "admins.alice.responded: frozen absent, now 1" in frozen_differences(
        dataclasses.replace(frozen, schema=2), current)


def test_the_weekly_page_of_a_schema_1_snapshot(root: Path) -> None:
    settings, problems = load_settings(root / "mkdocs.yml")
    project = load_project(settings, problems)
    ctx = build_context(project, as_of=resolve_as_of("2026-11-28T12:00", calendar_for(settings)),
                        audience=Audience.INTERNAL)
    pages = render_reports(ctx)
    page = pages["reports/2026-w47.md"]
    assert "Frozen snapshot (report schema 1)" in page
    assert f"under report schema {escape(SCHEMA_1_NOTE)}." in page
    assert "Today's records give the same figures." in page
    assert "figures as of <strong>2026-11-23 09:00</strong>" in page
    index = pages["reports/index.md"]
    assert "<td>frozen, schema 1</td>" in index


def test_a_snapshot_written_today_has_schema_2(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (root / SNAPSHOT).unlink()
    assert main(["report", "--week", "2026-W47", "--as-of", "2026-11-23T09:00", "--freeze"]) == 0
    frozen = load_frozen(root, W47)
    assert frozen is not None and frozen.schema == 2 and frozen.figures["schema"] == 2
    capsys.readouterr()
    status, lines = compare(capsys)
    assert (status, lines[2]) == (0, "schema: 2, the schema of today's reports")


@pytest.mark.parametrize(("value", "shown"), [("3", "3"), ("two", "'two'"), ("true", "True")])
def test_a_schema_this_version_cannot_read_is_one_located_line(
    root: Path, capsys: pytest.CaptureFixture[str], value: str, shown: str
) -> None:
    path = root / SNAPSHOT
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("figures:\n", f"figures:\n  schema: {value}\n", 1),
                    encoding="utf-8")
    line = (f"{SNAPSHOT}:8: error: front-matter 'figures.schema': expected a report schema"
            f" this version reads (1, 2) but received {shown} [report.broken-snapshot]")
    with pytest.raises(FrozenReportError) as raised:
        load_frozen(root, W47)
    assert raised.value.problem.format_text() == line
    assert main(["check"]) == 1
    out, _ = capsys.readouterr()
    assert line in out.splitlines()


# The schema-1 writer's output, line by line (long lines split).
SCHEMA_1_SNAPSHOT = (
    '---\n'
    'title: Weekly report 2026-W47 (frozen)\n'
    'week: 2026-W47\n'
    "as_of: '2026-11-23T09:00:00-06:00'\n"
    "frozen_at: '2026-11-23T09:05:00-06:00'\n"
    'records_digest: sha256:9cdae458d53285b4796f3c2a6430e3da0dbae9417e759590c4e19b3fcdea04da\n'
    'figures:\n'
    '  week: 2026-W47\n'
    "  start: '2026-11-16'\n"
    "  end: '2026-11-22'\n"
    "  as_of: '2026-11-23T09:00:00-06:00'\n"
    '  tickets_opened: 3\n'
    '  tickets_resolved: 1\n'
    '  opened_by_tier:\n'
    '    handle: 1\n'
    '    collaborate: 1\n'
    '    escalate: 1\n'
    '  opened_by_classification:\n'
    '    incident: 3\n'
    '    service-request: 0\n'
    '  opened_by_channel:\n'
    '    tdx: 3\n'
    '    support-channel: 0\n'
    '    slack-dm: 0\n'
    '    email: 0\n'
    '    phone: 0\n'
    '    walk-up: 0\n'
    '  escalation_rate: 0.3333\n'
    '  engagements_sent: 2\n'
    '  responses_received: 1\n'
    '  deadlines_missed: 1\n'
    '  open_escalations_at_end: 1\n'
    '  gaps:\n'
    '  - unclassified\n'
    '  off_record: 0\n'
    '  knowledge_captured: 1\n'
    '  admins:\n'
    '  - admin: alice\n'
    '    engaged: 1\n'
    '    answered: 1\n'
    '    late: 0\n'
    '    no_response: 0\n'
    '    pending: 0\n'
    '    response_rate: 1.0\n'
    '    median_response_hours: 2.0\n'
    '  - admin: bob\n'
    '    engaged: 1\n'
    '    answered: 0\n'
    '    late: 0\n'
    '    no_response: 1\n'
    '    pending: 0\n'
    '    response_rate: 0.0\n'
    '    median_response_hours: null\n'
    '---\n'
    '\n'
    '!!! note "Frozen on 2026-11-23 09:05"\n'
    '    These figures were computed as of 2026-11-23 09:00 and are not regenerated.\n'
    "    Check them against today's records with `escalation report --week 2026-W47"
    ' --compare-frozen`.\n'
    '\n'
    'Week **2026-W47**: Monday 2026-11-16 to Sunday 2026-11-22 (from Monday 00:00 to'
    ' the next Monday 00:00, America/Chicago).\n'
    'Figures as of **2026-11-23 09:00** (`2026-11-23T09:00:00-06:00`).\n'
    '\n'
    '## Tickets\n'
    '\n'
    '| Figure | Count | Tickets |\n'
    '| --- | ---: | --- |\n'
    '| Opened in the week | 3 | 5001, 5002, 5003 |\n'
    '| Resolved in the week | 1 | 5003 |\n'
    '| Escalation rate (escalate ÷ opened) | 0.3333 (33.3%) | 5002 |\n'
    '| Off the record (opened from a Slack DM) | 0 |  |\n'
    '| Open escalations at the end of the week | 1 | 5002 |\n'
    '\n'
    '### Opened, by tier, classification and channel\n'
    '\n'
    '| Breakdown | Value | Count | Tickets |\n'
    '| --- | --- | ---: | --- |\n'
    '| Tier | handle | 1 | 5003 |\n'
    '| Tier | collaborate | 1 | 5001 |\n'
    '| Tier | escalate | 1 | 5002 |\n'
    '| Classification | incident | 3 | 5001, 5002, 5003 |\n'
    '| Classification | service-request | 0 |  |\n'
    '| Channel | tdx | 3 | 5001, 5002, 5003 |\n'
    '| Channel | support-channel | 0 |  |\n'
    '| Channel | slack-dm | 0 |  |\n'
    '| Channel | email | 0 |  |\n'
    '| Channel | phone | 0 |  |\n'
    '| Channel | walk-up | 0 |  |\n'
    '\n'
    '## Engagements and responses\n'
    '\n'
    '| Figure | Count | Tickets |\n'
    '| --- | ---: | --- |\n'
    '| Engagements sent in the week | 2 | 5001, 5002 |\n'
    '| Responses received in the week | 1 | 5001 |\n'
    '| Deadlines missed in the week | 1 | 5002 |\n'
    '| Knowledge captured (responses with a process) | 1 | 5001 |\n'
    '\n'
    '## Responses per admin\n'
    '\n'
    'Over the engagements sent in the week, each in its state as of the time above; admins in\n'
    'alphabetical order of their slug.\n'
    '\n'
    '| Admin | Engaged | Responded | Late | No response | Pending | Response rate |'
    ' Median response (business hours) |\n'
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
    '| `alice` | 1 | 1 | 0 | 0 | 0 | 1.0 (100%) | 2.0 |\n'
    '| `bob` | 1 | 0 | 0 | 1 | 0 | 0.0 (0%) | — |\n'
    '| **All admins** | 2 | 1 | 0 | 1 | 0 | 0.5 (50%) | 2.0 |\n'
    '\n'
    '## Ownership gaps\n'
    '\n'
    'Services of tickets opened in the week that no active admin declares'
    ' (`unclassified`: tickets without a service).\n'
    '\n'
    '| Service | Tickets |\n'
    '| --- | --- |\n'
    '| `unclassified` | 5003 |\n'
)
