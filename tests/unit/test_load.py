"""Files to typed records: every field read, every mistake reported, datetimes normalised."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from generator.check.project import check_project
from generator.read.project import Project, load_project
from generator.read.settings import load_settings
from generator.schema.records import (
    Channel,
    Classification,
    EngagementTier,
    Outcome,
    Priority,
    Status,
    Tier,
)

if TYPE_CHECKING:
    from conftest import ProjectFactory

CHICAGO = ZoneInfo("America/Chicago")
CONFIG = "site_name: Test\nextra:\n  escalation:\n    timezone: America/Chicago\n"
T = "tickets/2026/48213.md"
A = "admins/dana-okafor.md"
B = "admins/kai-moreno.md"
ADMIN_B = "---\nname: Kai Moreno\n---\nKai looks after the share console.\n"

ADMIN = """\
---
name: Dana Okafor
email: dana.okafor@example.org
github: dokafor
team: Storage
response_window_hours: 8
purview:
  - service: file-shares
    scope: Department file shares
    excludes: Personal cloud storage
    sc_process: Restore from snapshots younger than 30 days.
    declared: 2026-10-01
    source: PR 1
---
Dana looks after the file shares.
"""

TICKET = """\
---
title: Share permissions need an admin
opened: {opened}
classification: service-request
priority: high
tier: escalate
status: closed
resolved: {resolved}
service: file-shares
requestor: Alma Ferreira
department: Finance
channel: slack-dm
agent: Lena Whitcombe
checklist:
  issue-verified: true
  kb-searched: true
  troubleshooting-done: true
  evidence-attached: true
  outside-sc-scope: true
  owner-identified: true
escalations:
  - admin: dana-okafor
    tier: collaborate
    at: {at}
  - admin: dana-okafor
    tier: escalate
    at: {at2}
    tag: esc-files
    reason: Needs admin rights
    message: What can SC do next time?
    response:
      at: {response}
      outcome: redirected
      redirect_to: kai-moreno
      process: Use the share console.
tags: [permissions, shares]
---
Notes.
"""


def ticket_text(
    opened: str = "2026-11-16T09:30",
    resolved: str = "2026-11-18T10:00",
    at: str = "2026-11-16T10:00",
    at2: str = "2026-11-17T08:00",
    response: str = "2026-11-17T09:00",
) -> str:
    """The full ticket above with its five datetimes written as given."""
    return TICKET.format(opened=opened, resolved=resolved, at=at, at2=at2, response=response)


def load(
    project: ProjectFactory, files: dict[str, str | bytes], config: str = CONFIG
) -> tuple[Project, list[str]]:
    """Load and validate a project; the project and all its problems as text lines."""
    root = project(files, config=config)
    settings, problems = load_settings(root / "mkdocs.yml")
    loaded = load_project(settings, problems)
    return loaded, [p.format_text() for p in check_project(loaded)]


# --- a complete record ----------------------------------------------------------------------


def test_complete_ticket_and_admin(project: ProjectFactory) -> None:
    loaded, problems = load(project, {A: ADMIN, B: ADMIN_B, T: ticket_text()})
    assert problems == []
    (ticket,) = loaded.tickets
    assert ticket.id == "48213"
    assert ticket.title == "Share permissions need an admin"
    assert ticket.opened == datetime(2026, 11, 16, 9, 30, tzinfo=CHICAGO)
    assert ticket.classification is Classification.SERVICE_REQUEST
    assert ticket.priority is Priority.HIGH
    assert ticket.tier is Tier.ESCALATE
    assert ticket.status is Status.CLOSED
    assert ticket.resolved == datetime(2026, 11, 18, 10, 0, tzinfo=CHICAGO)
    assert (ticket.service, ticket.requestor, ticket.department, ticket.agent) == (
        "file-shares", "Alma Ferreira", "Finance", "Lena Whitcombe"
    )
    assert ticket.channel is Channel.SLACK_DM
    assert dict(ticket.checklist) == dict.fromkeys(loaded.settings.checklist_ids, True)
    assert ticket.tags == ("permissions", "shares")
    assert ticket.body == "Notes.\n"
    first, second = ticket.escalations
    assert (first.admin, first.tier, first.index, first.response) == (
        "dana-okafor", EngagementTier.COLLABORATE, 0, None
    )
    assert (second.tag, second.reason, second.message, second.index) == (
        "esc-files", "Needs admin rights", "What can SC do next time?", 1
    )
    assert second.response is not None
    assert second.response.outcome is Outcome.REDIRECTED
    assert second.response.redirect_to == "kai-moreno"
    assert second.response.process == "Use the share console."
    assert ticket.admin == "dana-okafor"
    assert ticket.source.path == T
    assert ticket.source.line("escalations.1.response.at") == 32
    assert ticket.source.line("tier") == 6

    admin = loaded.admins["dana-okafor"]
    assert (admin.name, admin.email, admin.github, admin.team, admin.active) == (
        "Dana Okafor", "dana.okafor@example.org", "dokafor", "Storage", True
    )
    assert admin.response_window_hours == 8.0
    (purview,) = admin.purview
    assert (purview.service, purview.scope, purview.excludes, purview.sc_process) == (
        "file-shares", "Department file shares", "Personal cloud storage",
        "Restore from snapshots younger than 30 days.",
    )
    assert (purview.declared, purview.source_note) == (date(2026, 10, 1), "PR 1")
    assert admin.services == frozenset({"file-shares"})
    assert loaded.ticket_files == (T,)
    assert loaded.admin_files == (A, B)


def test_minimal_ticket_defaults(project: ProjectFactory) -> None:
    loaded, problems = load(project, {T: (
        "---\ntitle: a\nopened: 2026-11-16\nclassification: incident\npriority: low\n"
        "tier: handle\nstatus: open\n---\n"
    )})
    assert problems == []
    (ticket,) = loaded.tickets
    assert ticket.channel is Channel.TDX
    assert (ticket.resolved, ticket.service, ticket.escalations, ticket.tags) == (
        None, None, (), ()
    )
    assert dict(ticket.checklist) == {}
    assert ticket.admin is None


# --- datetimes ----------------------------------------------------------------------------

WHEN_FORMS = [
    ("2026-11-16T09:30", datetime(2026, 11, 16, 9, 30)),  # ISO text without seconds
    ("'2026-11-16T09:30'", datetime(2026, 11, 16, 9, 30)),
    ("2026-11-16 09:30", datetime(2026, 11, 16, 9, 30)),
    ("2026-11-16T09:30:00", datetime(2026, 11, 16, 9, 30)),  # a YAML timestamp
    ("2026-11-16 09:30:00", datetime(2026, 11, 16, 9, 30)),
    ("2026-11-16T09:30:45.5", datetime(2026, 11, 16, 9, 30, 45, 500000)),
    ("2026-11-16", datetime(2026, 11, 16, 0, 0)),  # a bare date is 00:00
    ("'2026-11-16'", datetime(2026, 11, 16, 0, 0)),
    ("2026-11-16T15:30:00Z", datetime(2026, 11, 16, 9, 30)),  # offsets convert
    ("2026-11-16T15:30Z", datetime(2026, 11, 16, 9, 30)),
    ("2026-11-16T10:30:00-05:00", datetime(2026, 11, 16, 9, 30)),
    ("2026-11-16T10:30-05:00", datetime(2026, 11, 16, 9, 30)),
]


@pytest.mark.parametrize("field", ["opened", "resolved", "at", "response"])
@pytest.mark.parametrize(("written", "wall"), WHEN_FORMS, ids=[w for w, _ in WHEN_FORMS])
def test_datetime_forms_everywhere(
    project: ProjectFactory, field: str, written: str, wall: datetime
) -> None:
    """Each form is accepted in each datetime field, naive meaning the configured zone."""
    # the other datetimes are set around 2026-11-16 so that none runs backwards
    before = {"opened": "2026-11-15T08:00", "at": "2026-11-15T09:00",
              "at2": "2026-11-15T10:00", "response": "2026-11-15T11:00"}
    forms = {
        "opened": {"at": "2026-11-16T10:00", "at2": "2026-11-16T12:00"},
        "resolved": before,
        "at": {"opened": "2026-11-15T08:00"},
        "response": before,
    }[field] | {field: written}
    loaded, problems = load(project, {A: ADMIN, B: ADMIN_B, T: ticket_text(**forms)})
    assert problems == []
    (ticket,) = loaded.tickets
    assert ticket.escalations[1].response is not None
    value = {
        "opened": ticket.opened,
        "resolved": ticket.resolved,
        "at": ticket.escalations[0].at,
        "response": ticket.escalations[1].response.at,
    }[field]
    assert value == wall.replace(tzinfo=CHICAGO)
    assert value.tzinfo == CHICAGO  # normalised to the configured zone
    assert value.replace(tzinfo=None) == wall


def test_naive_times_across_daylight_saving(project: ProjectFactory) -> None:
    """Wall-clock times in the configured zone keep their offset of the day (CDT vs CST)."""
    loaded, problems = load(project, {A: ADMIN, B: ADMIN_B, T: ticket_text(
        opened="2026-10-30T09:00", at="2026-10-30T10:00", resolved="2026-11-02T09:00"
    )})
    assert problems == []
    (ticket,) = loaded.tickets
    assert ticket.opened.utcoffset() == datetime(2026, 10, 30, tzinfo=CHICAGO).utcoffset()
    assert ticket.resolved is not None
    assert ticket.resolved.utcoffset() != ticket.opened.utcoffset()
    # elapsed time needs UTC: Python subtracts datetimes of one zone as wall-clock times
    elapsed = ticket.resolved.astimezone(UTC) - ticket.opened.astimezone(UTC)
    assert elapsed.total_seconds() == (3 * 24 + 1) * 3600


def test_default_timezone_is_utc(project: ProjectFactory) -> None:
    loaded, _ = load(project, {A: ADMIN, B: ADMIN_B, T: ticket_text()}, config="site_name: Test\n")
    (ticket,) = loaded.tickets
    assert ticket.opened.tzinfo == ZoneInfo("UTC")
    assert ticket.opened.hour == 9


@pytest.mark.parametrize(
    ("written", "received"),
    [
        ("2026-13-01", "'2026-13-01'"),
        ("2026-11-16T25:00", "'2026-11-16T25:00'"),
        ("16/11/2026", "'16/11/2026'"),
        ("next tuesday", "'next tuesday'"),
        ("20261116", "the number 20261116"),
        ("true", "true (true/false)"),
        ("[2026-11-16]", "a list"),
        ("!!timestamp soon", "'soon'"),
    ],
)
def test_bad_datetimes(project: ProjectFactory, written: str, received: str) -> None:
    _, problems = load(project, {A: ADMIN, B: ADMIN_B, T: ticket_text(opened=written)})
    assert problems == [
        f"{T}:3: error: field 'opened': expected a date or datetime such as 2026-11-16 or"
        f" 2026-11-16T09:30 but received {received} [ticket.bad-date]"
    ]


def test_datetime_pushed_off_the_calendar_by_its_offset(project: ProjectFactory) -> None:
    _, problems = load(project, {A: ADMIN, B: ADMIN_B,
                                 T: ticket_text(at="0001-01-01T00:00:00+05:00")})
    assert problems == [
        f"{T}:24: error: field 'escalations[0].at': expected a date between the years 1970"
        " and 2999 but received the datetime 0001-01-01T00:00:00+05:00 [ticket.bad-date]"
    ]


# --- every mistake of a file, in one pass ---------------------------------------------------


def test_every_field_mistake_of_a_ticket_is_reported(project: ProjectFactory) -> None:
    text = """\
---
title: 48213
opened: yesterday
classification: incidnet
priority: urgent
tier: handle
status: [open]
resolved: soon
service: File Shares
requestor: {name: x}
channel: teams
agent: ""
checklist: [issue-verified]
tags: [vpn, 3]
colour: blue
---
"""
    loaded, problems = load(project, {T: text})
    assert loaded.tickets == ()
    assert problems == [
        f"{T}:2: error: field 'title': expected text but received the number 48213"
        " [ticket.wrong-type]",
        f"{T}:3: error: field 'opened': expected a date or datetime such as 2026-11-16 or"
        " 2026-11-16T09:30 but received 'yesterday' [ticket.bad-date]",
        f"{T}:4: error: field 'classification': expected one of incident, service-request but"
        " received 'incidnet' (did you mean 'incident'?) [ticket.invalid-value]",
        f"{T}:5: error: field 'priority': expected one of low, medium, high, critical but"
        " received 'urgent' [ticket.invalid-value]",
        f"{T}:7: error: field 'status': expected one of open, in-progress, waiting,"
        " resolved, closed but received a list [ticket.invalid-value]",
        f"{T}:8: error: field 'resolved': expected a date or datetime such as 2026-11-16 or"
        " 2026-11-16T09:30 but received 'soon' [ticket.bad-date]",
        f"{T}:9: error: field 'service': expected a service slug of lowercase letters,"
        " digits and '-' (such as 'file-shares') but received 'File Shares'"
        " [ticket.invalid-value]",
        f"{T}:10: error: field 'requestor': expected text but received a mapping"
        " [ticket.wrong-type]",
        f"{T}:11: error: field 'channel': expected one of tdx, support-channel, slack-dm,"
        " email, phone, walk-up but received 'teams' [ticket.invalid-value]",
        f"{T}:13: error: field 'checklist': expected a mapping but received a list"
        " [ticket.wrong-type]",
        f"{T}:14: error: field 'tags[1]': expected non-empty text but received the number 3"
        " [ticket.wrong-type]",
        f"{T}:15: warning: field 'colour': unknown field [ticket.unknown-key]",
    ]


def test_missing_required_fields_are_reported_at_line_1(project: ProjectFactory) -> None:
    _, problems = load(project, {T: "---\ntitle: ''\nstatus:\n---\n"})
    assert problems == [
        f"{T}:1: error: field 'classification': required field is missing"
        " [ticket.missing-field]",
        f"{T}:1: error: field 'opened': required field is missing [ticket.missing-field]",
        f"{T}:1: error: field 'priority': required field is missing [ticket.missing-field]",
        f"{T}:1: error: field 'tier': required field is missing [ticket.missing-field]",
        f"{T}:2: error: field 'title': expected a value but received '' [ticket.missing-field]",
        f"{T}:3: error: field 'status': expected a value but received nothing (null)"
        " [ticket.missing-field]",
    ]


def test_blank_title(project: ProjectFactory) -> None:
    _, problems = load(project, {A: ADMIN, B: ADMIN_B, T: ticket_text().replace(
        "title: Share permissions need an admin", "title: '   '"
    )})
    assert problems == [
        f"{T}:2: error: field 'title': expected non-empty text but received '   '"
        " [ticket.missing-field]"
    ]


def test_engagement_mistakes(project: ProjectFactory) -> None:
    text = """\
---
title: a
opened: 2026-11-16T09:30
classification: incident
priority: low
tier: escalate
status: open
escalations:
  - dana-okafor
  - admin: dana-okafor
    tier: escalate
    at: 2026-11-16T10:00
    tags: esc
  - admin: Dana
    tier: hand-over
    at: 2026-11-16T11:00
    response:
      at: 2026-11-16T12:00
      outcome: redirected
  - admin: dana-okafor
    tier: collaborate
    at: 2026-11-16T12:00
    response: answered
  - admin: dana-okafor
    tier: collaborate
    at: 2026-11-16T13:00
    response:
      at: 2026-11-16T14:00
      outcome: redirected
      redirect_to: nobody
---
"""
    _, problems = load(project, {A: ADMIN, B: ADMIN_B, T: text})
    assert problems == [
        f"{T}:9: error: field 'escalations[0]': expected a mapping with admin, tier and at"
        " but received 'dana-okafor' [ticket.wrong-type]",
        f"{T}:10: error: field 'escalations[1].message': required field is missing"
        " [ticket.missing-field]",
        f"{T}:10: error: field 'escalations[1].reason': required field is missing"
        " [ticket.missing-field]",
        f"{T}:10: error: field 'escalations[1].tag': required field is missing"
        " [ticket.missing-field]",
        f"{T}:13: warning: field 'escalations[1].tags': unknown field (did you mean 'tag'?)"
        " [ticket.unknown-key]",
        f"{T}:14: error: field 'escalations[2].admin': expected the slug of an admin in"
        " admins/ but received 'Dana' [ticket.unknown-admin]",
        f"{T}:15: error: field 'escalations[2].tier': expected one of collaborate, escalate"
        " but received 'hand-over' [ticket.invalid-value]",
        f"{T}:17: error: field 'escalations[2].response.redirect_to': required field is"
        " missing [ticket.missing-field]",
        f"{T}:23: error: field 'escalations[3].response': expected a mapping but received"
        " 'answered' [ticket.wrong-type]",
        f"{T}:30: error: field 'escalations[4].response.redirect_to': expected the slug of an"
        " admin in admins/ but received 'nobody' [ticket.unknown-admin]",
    ]


def test_checklist_items(project: ProjectFactory) -> None:
    text = ticket_text().replace("  kb-searched: true", "  kb-searched: yes please")
    _, problems = load(project, {A: ADMIN, B: ADMIN_B, T: text})
    assert problems == [
        f"{T}:16: error: field 'checklist.kb-searched': expected true or false but received"
        " 'yes please' [ticket.wrong-type]",
        f"{T}:26: error: field 'escalations[1].tier': 'escalate' needs the pre-escalation"
        " checklist complete, but these items are not ticked: kb-searched (Knowledge base and"
        " similar past tickets searched) [ticket.checklist-incomplete]",
    ]


def test_every_field_mistake_of_an_admin_is_reported(project: ProjectFactory) -> None:
    """Even without a name, the other fields are still read and their problems reported."""
    text = """\
---
email: [dana]
team: 7
active: maybe
response_window_hours: .nan
purview:
  - service: file-shares
    excludes: 3
    declared: 2026-10-01
  - printing
---
"""
    loaded, problems = load(project, {A: text})
    assert loaded.admins == {}
    assert problems == [
        f"{A}:1: error: field 'name': required field is missing [admin.missing-field]",
        f"{A}:2: error: field 'email': expected text but received a list [admin.wrong-type]",
        f"{A}:3: error: field 'team': expected text but received the number 7"
        " [admin.wrong-type]",
        f"{A}:4: error: field 'active': expected true or false but received 'maybe'"
        " [admin.wrong-type]",
        f"{A}:5: error: field 'response_window_hours': expected a finite number of at most"
        " 1e+09 but received the number nan [admin.invalid-value]",
        f"{A}:7: error: field 'purview[0].scope': required field is missing"
        " [admin.missing-field]",
        f"{A}:7: error: field 'purview[0].source': required field is missing"
        " [admin.missing-field]",
        f"{A}:8: error: field 'purview[0].excludes': expected text but received the number 3"
        " [admin.wrong-type]",
        f"{A}:10: error: field 'purview[1]': expected a mapping with service, scope,"
        " declared and source but received 'printing' [admin.wrong-type]",
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("0.25", "expected a number of at least 0.5 but received the number 0.25"),
        ("-8", "expected a number of at least 0.5 but received the number -8"),
        (".inf", "expected a finite number of at most 1e+09 but received the number inf"),
        ("1" + "0" * 400, "expected a finite number of at most 1e+09 but received the number"
         " 1" + "0" * 400),
        ("'8'", None),
        ("true", None),
    ],
)
def test_admin_response_window(
    project: ProjectFactory, written: str, message: str | None
) -> None:
    text = ADMIN.replace("response_window_hours: 8", f"response_window_hours: {written}")
    _, problems = load(project, {A: text})
    if message is None:
        value = "'8'" if written == "'8'" else "true (true/false)"
        message = f"expected a number but received {value}"
        code = "admin.wrong-type"
    else:
        code = "admin.invalid-value"
    assert problems == [f"{A}:6: error: field 'response_window_hours': {message} [{code}]"]


def test_admin_window_accepts_fractions(project: ProjectFactory) -> None:
    text = ADMIN.replace("response_window_hours: 8", "response_window_hours: 0.5")
    loaded, problems = load(project, {A: text})
    assert problems == []
    assert loaded.admins["dana-okafor"].response_window_hours == 0.5


# --- files and folders ----------------------------------------------------------------------


def test_duplicate_ticket_file_is_checked_but_not_counted(project: ProjectFactory) -> None:
    loaded, problems = load(project, {
        A: ADMIN,
        B: ADMIN_B,
        "tickets/2025/48213.md": ticket_text(),
        "tickets/2026/48213.md": ticket_text().replace("priority: high", "priority: hgih"),
    })
    assert [t.source.path for t in loaded.tickets] == ["tickets/2025/48213.md"]
    assert problems == [
        f"{T}:1: error: ticket ID '48213' is already used by tickets/2025/48213.md"
        " [ticket.duplicate-id]",
        f"{T}:5: error: field 'priority': expected one of low, medium, high, critical but"
        " received 'hgih' (did you mean 'high'?) [ticket.invalid-value]",
    ]


def test_misplaced_admin_is_not_an_admin(project: ProjectFactory) -> None:
    loaded, problems = load(project, {"admins/storage/dana-okafor.md": ADMIN, T: ticket_text()})
    assert loaded.admins == {}
    assert "admins/storage/dana-okafor.md:1: warning: admin files belong directly in admins/;" \
        " this one is not read [file.misplaced]" in problems
    assert sum("[ticket.unknown-admin]" in p for p in problems) == 3


def test_broken_admin_file_still_counts_as_known(project: ProjectFactory) -> None:
    """An engagement to an admin whose file has problems is not reported again."""
    loaded, problems = load(project, {A: "---\nname: [Dana]\n---\n", B: ADMIN_B,
                                      T: ticket_text()})
    assert list(loaded.admins) == ["kai-moreno"]
    assert problems == [
        f"{A}:2: error: field 'name': expected text but received a list [admin.wrong-type]",
        # its purview is unknown until the file is fixed: the service shows as a gap
        f"{T}:9: warning: field 'service': 'file-shares' is declared by no active admin; the"
        " ticket is recorded as evidence of an ownership gap [ticket.gap]",
    ]


def test_readme_and_other_known_files_are_not_records(project: ProjectFactory) -> None:
    """Folder notes and the files of git, the import and an interrupted write are known;
    every other entry is reported (tests/unit/test_record_walker.py)."""
    loaded, problems = load(project, {
        A: ADMIN,
        B: ADMIN_B,
        "admins/README.md": "# Admins\n",
        "tickets/README.md": "# Tickets\n",
        "tickets/2026/.gitkeep": "",
        "tickets/.tdx-import.json": "{}",
        "tickets/2026/.48213.md.abcd_123.tmp": "left by a crash\n",
        T: ticket_text(),
    })
    assert problems == []
    assert loaded.ticket_files == (T,)


def test_tickets_may_sit_at_any_depth(project: ProjectFactory) -> None:
    loaded, problems = load(project, {A: ADMIN, B: ADMIN_B, "tickets/48213.md": ticket_text()})
    assert problems == []
    assert [t.id for t in loaded.tickets] == ["48213"]


def test_no_record_folders_at_all(project: ProjectFactory) -> None:
    loaded, problems = load(project, {})
    assert (loaded.tickets, loaded.admins, problems) == ((), {}, [])


def test_records_found_relative_to_the_config_not_the_cwd(
    project: ProjectFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project({A: ADMIN, B: ADMIN_B, T: ticket_text()}, config=CONFIG)
    elsewhere = tmp_path / "docs"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    settings, _ = load_settings(Path("../mkdocs.yml"))
    assert settings.root == tmp_path.resolve()
    loaded = load_project(settings)
    assert loaded.ticket_files == (T,)
    assert [t.source.path for t in loaded.tickets] == [T]


@pytest.mark.parametrize("opened,received", [
    ("0202-11-16T09:30", "'0202-11-16T09:30'"),  # ISO text (YAML needs seconds)
    ("9026-11-16", "the date 9026-11-16"),  # a YAML date
])
def test_a_year_typo_is_a_bad_date(project: ProjectFactory, opened: str, received: str) -> None:
    _, problems = load(project, {A: ADMIN, B: ADMIN_B,
                                 T: ticket_text(opened=opened, resolved="9999-12-31")})
    assert problems[0] == (
        f"{T}:3: error: field 'opened': expected a date between the years 1970 and 2999 but"
        f" received {received} [ticket.bad-date]"
    )
