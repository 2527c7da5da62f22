"""``escalation status``: which tickets, which fields, and the fixed order, by hand.

As of Wednesday 2026-11-18 12:00 in America/Chicago (business hours Mon-Fri 09:00-17:00,
16 business hours by default, critical 4 hours round the clock). 2026-11-13 is a Friday,
11-16 a Monday.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

AS_OF = "2026-11-18T12:00"
CONFIG = """\
site_name: Status
extra:
  escalation:
    timezone: America/Chicago
    response_windows:
      critical: {hours: 4, calendar: always}
"""
ADMINS = {"admins/dana.md": {"name": "Dana"}, "admins/ed.md": {"name": "Ed"}}


def sent(at: str, admin: str = "dana", outcome: str | None = None, response_at: str = ""
         ) -> dict[str, Any]:
    engagement: dict[str, Any] = {"admin": admin, "tier": "collaborate", "at": at}
    if outcome is not None:
        response: dict[str, Any] = {"at": response_at, "outcome": outcome}
        if outcome == "redirected":
            response["redirect_to"] = "ed"
        engagement["response"] = response
    return engagement


def ticket(*engagements: dict[str, Any], priority: str = "medium", tier: str = "collaborate",
           resolved: str | None = None) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Printer jam", "opened": "2026-11-13T08:00", "classification": "incident",
        "priority": priority, "tier": tier, "status": "resolved" if resolved else "open"}
    if resolved:
        fields["resolved"] = resolved
    if engagements:
        fields["escalations"] = list(engagements)
    return fields


MON, TUE, WED = "2026-11-16", "2026-11-17", "2026-11-18"
TICKETS = {
    # 1. no response, most overdue first; "10" and "9" tie at 11 h: "10" < "9" as text.
    "9": ticket(sent("2026-11-13T09:00")),  # deadline Mon 17:00; Tue 8 + Wed 3 = 11 h
    "10": ticket(sent("2026-11-13T09:00")),
    "100": ticket(sent(f"{MON}T09:00")),  # deadline Tue 17:00; 3 h overdue
    # 2. unowned (declined), oldest engagement first
    "40": ticket(sent(f"{MON}T10:00", outcome="declined", response_at=f"{MON}T12:00")),
    "41": ticket(sent(f"{MON}T09:30", outcome="declined", response_at=f"{MON}T12:00")),
    # 3. redirected
    "50": ticket(sent(f"{TUE}T09:00", outcome="redirected", response_at=f"{TUE}T10:00")),
    # 4. due soon, least time left first: 1 h and 2 h round the clock; exactly 4 h
    "62": ticket(sent(f"{WED}T10:00"), priority="critical"),
    "61": ticket(sent(f"{WED}T09:00"), priority="critical"),
    "63": ticket(sent(f"{MON}T16:00")),  # deadline Wed 16:00: 4 h left, the threshold
    # 5. pending: 4 h 01 min; 8 h ("60" and "80" tie); 10 h; 15 h
    "64": ticket(sent(f"{MON}T16:01")),
    "80": ticket(sent(f"{TUE}T12:00")),  # deadline Thu 12:00: Wed 5 + Thu 3
    "60": ticket(sent(f"{TUE}T12:00")),
    # declined, then Ed engaged Tue 14:00 (deadline Thu 14:00, 10 h left); a third
    # engagement after A is not counted
    "20": ticket(sent(f"{MON}T09:00", outcome="declined", response_at=f"{MON}T10:00"),
                 sent(f"{TUE}T14:00", "ed"), sent(f"{WED}T13:00")),
    "70": ticket(sent(f"{WED}T11:00")),  # deadline Fri 11:00: Wed 5 + Thu 8 + Fri 2
    # 6. with SC (answered), oldest first; "91" is resolved after A, so open at A
    "90": ticket(sent(f"{TUE}T09:00", outcome="answered", response_at=f"{TUE}T11:00")),
    "91": ticket(sent(f"{MON}T09:00", outcome="answered", response_at=f"{MON}T10:00"),
                 resolved=f"{WED}T12:01"),
    # 7. with the admin (accepted)
    "95": ticket(sent(f"{MON}T11:00", outcome="accepted", response_at=f"{MON}T13:00")),
    # left out: handled; resolved exactly at A; engaged only after A
    "h1": ticket(tier="handle"),
    "r1": ticket(sent(f"{MON}T09:00", outcome="answered", response_at=f"{MON}T10:00"),
                 resolved=f"{WED}T12:00"),
    "f1": ticket(sent(f"{WED}T13:00")),
}
ORDER = [
    # (ticket, state, ownership, remaining, overdue, engagements)
    ("10", "no-response", "waiting", None, 11.0, 1),
    ("9", "no-response", "waiting", None, 11.0, 1),
    ("100", "no-response", "waiting", None, 3.0, 1),
    ("41", "declined", "unowned", None, None, 1),
    ("40", "declined", "unowned", None, None, 1),
    ("50", "redirected", "redirected", None, None, 1),
    ("61", "due-soon", "waiting", 1.0, None, 1),
    ("62", "due-soon", "waiting", 2.0, None, 1),
    ("63", "due-soon", "waiting", 4.0, None, 1),
    ("64", "pending", "waiting", 4.02, None, 1),
    ("60", "pending", "waiting", 8.0, None, 1),
    ("80", "pending", "waiting", 8.0, None, 1),
    ("20", "pending", "waiting", 10.0, None, 2),
    ("70", "pending", "waiting", 15.0, None, 1),
    ("91", "answered", "with-sc", None, None, 1),
    ("90", "answered", "with-sc", None, None, 1),
    ("95", "accepted", "with-admin", None, None, 1),
]


@pytest.fixture
def status_project(project: ProjectFactory) -> ProjectFactory:
    project({**ADMINS, **{f"tickets/2026/{tid}.md": t for tid, t in TICKETS.items()}},
            config=CONFIG)
    return project


def status_json(cli: CLI, config: str) -> list[dict[str, Any]]:
    result = cli("status", "-f", config, "--as-of", AS_OF, "--format", "json")
    assert (result.code, result.err) == (0, "")
    rows: list[dict[str, Any]] = json.loads(result.out)
    return rows


def test_rows_are_in_the_fixed_order(status_project: ProjectFactory, cli: CLI) -> None:
    rows = status_json(cli, status_project.config)
    assert [(r["ticket"], r["state"], r["ownership"], r["remaining_hours"],
             r["overdue_hours"], r["engagements"]) for r in rows] == ORDER


def test_a_row_has_every_field_in_order(status_project: ProjectFactory, cli: CLI) -> None:
    rows = {r["ticket"]: r for r in status_json(cli, status_project.config)}
    assert rows["10"] == {
        "ticket": "10", "title": "Printer jam", "tier": "collaborate", "priority": "medium",
        "admin": "dana", "engaged": "2026-11-13T09:00:00-06:00", "window_hours": 16.0,
        "calendar": "business", "deadline": "2026-11-16T17:00:00-06:00",
        "state": "no-response", "ownership": "waiting", "remaining_hours": None,
        "overdue_hours": 11.0, "engagements": 1,
    }
    assert list(rows["10"]) == ["ticket", "title", "tier", "priority", "admin", "engaged",
                                "window_hours", "calendar", "deadline", "state", "ownership",
                                "remaining_hours", "overdue_hours", "engagements"]
    critical = rows["61"]
    assert (critical["window_hours"], critical["calendar"], critical["deadline"]) == (
        4.0, "always", "2026-11-18T13:00:00-06:00")
    # The latest engagement sent by A describes the ticket: Ed's, not the later one.
    assert (rows["20"]["admin"], rows["20"]["engaged"]) == ("ed", "2026-11-17T14:00:00-06:00")


def test_csv_has_the_same_rows_and_columns(status_project: ProjectFactory, cli: CLI) -> None:
    result = cli("status", "-f", status_project.config, "--as-of", AS_OF, "--format", "csv")
    assert result.code == 0
    table = list(csv.reader(io.StringIO(result.out)))
    assert table[0] == ["ticket", "title", "tier", "priority", "admin", "engaged",
                        "window_hours", "calendar", "deadline", "state", "ownership",
                        "remaining_hours", "overdue_hours", "engagements"]
    assert [row[0] for row in table[1:]] == [t for t, *_ in ORDER]
    assert table[10] == ["64", "Printer jam", "collaborate", "medium", "dana",
                         "2026-11-16T16:01:00-06:00", "16.0", "business",
                         "2026-11-18T16:01:00-06:00", "pending", "waiting", "4.02", "", "1"]


def test_markdown_lists_the_rows_in_order(status_project: ProjectFactory, cli: CLI) -> None:
    result = cli("status", "-f", status_project.config, "--as-of", AS_OF)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "# Escalation status"
    assert lines[2].startswith("As of **2026-11-18 12:00** (`2026-11-18T12:00:00-06:00`,"
                               " America/Chicago)")
    rows = [line for line in lines if line.startswith("| ") and not line.startswith(
        ("| Ticket", "| ---"))]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == [t for t, *_ in ORDER]
    assert rows[6] == ("| 61 | Printer jam | collaborate | critical | `dana` | 2026-11-18 09:00"
                       " | 4 hours round the clock | 2026-11-18 13:00 | due-soon | waiting | 1.0"
                       " | — | 1 |")


def test_no_rows(project: ProjectFactory, cli: CLI, handle_ticket: str) -> None:
    project({"tickets/2026/1.md": handle_ticket})
    json_out = cli("status", "-f", project.config, "--as-of", AS_OF, "--format", "json")
    assert (json_out.code, json_out.out) == (0, "[]\n")
    markdown = cli("status", "-f", project.config, "--as-of", AS_OF)
    assert "No open collaborate or escalate ticket has an engagement by then." in markdown.out


def test_the_as_of_time_comes_from_the_environment(
    status_project: ProjectFactory, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ESCALATION_AS_OF", AS_OF)
    result = cli("status", "-f", status_project.config, "--format", "json")
    assert [r["ticket"] for r in json.loads(result.out)] == [t for t, *_ in ORDER]


def test_record_errors_are_refused_as_report_refuses_them(
    status_project: ProjectFactory, cli: CLI
) -> None:
    broken = dict(TICKETS["9"], priority="urgent")
    status_project({"tickets/2026/9.md": broken}, config=CONFIG)
    result = cli("status", "-f", status_project.config, "--as-of", AS_OF, "--format", "json")
    assert result.code == 1 and result.out == ""
    assert result.err == (
        "tickets/2026/9.md:5: error: field 'priority': expected one of low, medium, high,"
        " critical but received 'urgent' [ticket.invalid-value]\n"
        "escalation status: 1 error(s) in the records; fix them first (see 'escalation"
        " check'): figures from broken records are not evidence\n"
    )


def test_report_still_refuses_in_its_own_name(status_project: ProjectFactory, cli: CLI) -> None:
    status_project({"tickets/2026/9.md": dict(TICKETS["9"], priority="urgent")}, config=CONFIG)
    result = cli("report", "-f", status_project.config, "--as-of", AS_OF, "--week", "2026-W47")
    assert result.code == 1
    assert result.err.splitlines()[-1].startswith("escalation report: 1 error(s)")
