"""The weekly report: every figure of a hand-computed week, the JSON schema, renderings.

The scenario is week 2026-W47 (Mon 11-16 to Sun 11-22, America/Chicago, business hours
Mon-Fri 09:00-17:00, default window 16 h) as of Wed 2026-11-25 12:00. Each ticket's
comment says what it contributes; deadlines are worked out next to each engagement.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from generator.compute.metrics import admin_figures, engagement_statuses
from generator.compute.weekly import WeeklyReport, compute_week
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.report import render_csv, render_markdown
from generator.schema.clock import utc
from generator.schema.records import (
    Admin,
    Channel,
    Classification,
    Engagement,
    EngagementTier,
    Outcome,
    Priority,
    Purview,
    Response,
    Source,
    Status,
    Ticket,
    Tier,
)
from generator.schema.settings import Settings
from generator.schema.weeks import IsoWeek

CHI = ZoneInfo("America/Chicago")
W47 = IsoWeek(2026, 47)
A = datetime(2026, 11, 25, 12, tzinfo=CHI)
ROOT = Path(__file__).resolve().parents[2]
C, E = EngagementTier.COLLABORATE, EngagementTier.ESCALATE
SR, INC = Classification.SERVICE_REQUEST, Classification.INCIDENT


def chi(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CHI)


def engage(admin: str, tier: EngagementTier, at: datetime, response_at: datetime | None = None,
           process: str | None = None) -> Engagement:
    response = None if response_at is None else Response(
        at=response_at, outcome=Outcome.ANSWERED, process=process)
    return Engagement(admin=admin, tier=tier, at=at, response=response)


def ticket(ticket_id: str, opened: datetime, tier: Tier, classification: Classification,
           channel: Channel, service: str | None, *engagements: Engagement,
           status: Status = Status.OPEN, resolved: datetime | None = None) -> Ticket:
    return Ticket(
        id=ticket_id, title=ticket_id, opened=opened, classification=classification,
        priority=Priority.MEDIUM, tier=tier, status=status,
        source=Source(path=f"tickets/2026/{ticket_id}.md"), resolved=resolved,
        service=service, channel=channel,
        escalations=tuple(dataclasses.replace(e, index=i) for i, e in enumerate(engagements)),
    )


def admin(slug: str, service: str, *, active: bool = True, window: float | None = None) -> Admin:
    purview = Purview(service=service, scope="all", declared=date(2026, 1, 5), source_note="t")
    return Admin(slug=slug, name=slug.title(), source=Source(path=f"admins/{slug}.md"),
                 active=active, response_window_hours=window, purview=(purview,))


SETTINGS = Settings(root=Path("."), timezone=CHI, response_window_hours=16.0,
                    holidays=frozenset({date(2026, 11, 26), date(2026, 11, 27)}))
ADMINS = {
    "alice": admin("alice", "email"),
    "bob": admin("bob", "vpn", window=4),
    "carol": admin("carol", "storage", window=24),
    "gideon": admin("gideon", "printing", active=False),
}
TICKETS = (
    # Opened and resolved in W47.
    ticket("1001", chi(11, 16, 9, 30), Tier.HANDLE, INC, Channel.TDX, "email",
           status=Status.RESOLVED, resolved=chi(11, 16, 11)),
    # Window 4 h: deadline Tue 14:30, answered exactly then (on time, not missed).
    ticket("1002", chi(11, 17, 10), Tier.ESCALATE, INC, Channel.EMAIL, "vpn",
           engage("bob", E, chi(11, 17, 10, 30), chi(11, 17, 14, 30), "Reset the token.")),
    # No service (unclassified gap), Slack DM (off record); deadline Fri 16:00, no response.
    ticket("1003", chi(11, 18, 16), Tier.COLLABORATE, SR, Channel.SLACK_DM, None,
           engage("alice", C, chi(11, 18, 16))),
    # Opened in W46; deadline Tue 11-17 11:00 in W47, answered Wed 11-18 10:00 (late, no
    # process); still open at the end of W47.
    ticket("1004", chi(11, 13, 10), Tier.ESCALATE, INC, Channel.TDX, "printing",
           engage("gideon", E, chi(11, 13, 11), chi(11, 18, 10))),
    # Opened Sunday night, engaged 23:45 (deadline Tue 11-24 17:00), answered Mon 10:20 with
    # a blank process; escalated to bob only in W48, so not open at the end of W47.
    ticket("1005", chi(11, 22, 23, 30), Tier.ESCALATE, SR, Channel.PHONE, "lab-software",
           engage("alice", C, chi(11, 22, 23, 45), chi(11, 23, 10, 20), "  "),
           engage("bob", E, chi(11, 23, 10, 30))),
    # Deadline Mon 11-23 09:15 (W48); answered Fri 16:00 after 7.75 + 7 = 14.75 h.
    ticket("1006", chi(11, 19, 9), Tier.ESCALATE, INC, Channel.TDX, "email",
           engage("alice", E, chi(11, 19, 9, 15), chi(11, 20, 16), "Rebuild the profile."),
           status=Status.RESOLVED, resolved=chi(11, 21, 12)),
    # Escalated in W46, resolved in W48: open at the end of W47.
    ticket("1007", chi(11, 9, 9), Tier.ESCALATE, INC, Channel.TDX, "vpn",
           engage("bob", E, chi(11, 9, 10), chi(11, 9, 11)),
           status=Status.RESOLVED, resolved=chi(11, 23, 10)),
    ticket("1008", chi(11, 21, 8), Tier.HANDLE, SR, Channel.WALK_UP, "email"),
    # Window 4 h: Fri 16-17 + Mon 09-12, deadline Mon 11-23 12:00; answered 12:30 (late).
    ticket("1009", chi(11, 20, 15), Tier.COLLABORATE, INC, Channel.SUPPORT_CHANNEL, "vpn",
           engage("bob", C, chi(11, 20, 16), chi(11, 23, 12, 30))),
    # Window 24 h: Mon + Tue + Wed, deadline Wed 11-25 17:00, after A: pending.
    ticket("1010", chi(11, 22, 12), Tier.COLLABORATE, SR, Channel.TDX, "storage",
           engage("carol", C, chi(11, 22, 12))),
)

def outcomes(answered: int = 0) -> dict[str, int]:
    """Every outcome, zeros included: every response of this scenario is an answer."""
    return {"accepted": 0, "answered": answered, "redirected": 0, "declined": 0}


EXPECTED: dict[str, Any] = {
    "schema": 2,
    "week": "2026-W47",
    "start": "2026-11-16",
    "end": "2026-11-22",
    "as_of": "2026-11-25T12:00:00-06:00",
    "tickets_opened": 8,
    "tickets_resolved": 2,
    "opened_by_tier": {"handle": 2, "collaborate": 3, "escalate": 3},
    "opened_by_classification": {"incident": 4, "service-request": 4},
    "opened_by_channel": {"tdx": 3, "support-channel": 1, "slack-dm": 1, "email": 1,
                          "phone": 1, "walk-up": 1},
    "escalation_rate": 0.375,
    "engagements_sent": 6,
    "responses_received": 3,
    "deadlines_missed": 2,
    "open_escalations_at_end": 3,
    "gaps": ["lab-software", "unclassified"],
    "off_record": 1,
    "knowledge_captured": 2,
    "admins": [
        # 1003 no response; 1005 answered after 1 h 20 min; 1006 after 14.75 h.
        {"admin": "alice", "engaged": 3, "responded": 2, "outcomes": outcomes(2), "late": 0,
         "no_response": 1, "pending": 0, "response_rate": 0.6667,
         "median_response_hours": 8.04},
        # 1002 after 4 h; 1009 after 1 + 3.5 h, late.
        {"admin": "bob", "engaged": 2, "responded": 2, "outcomes": outcomes(2), "late": 1,
         "no_response": 0, "pending": 0, "response_rate": 1.0, "median_response_hours": 4.25},
        {"admin": "carol", "engaged": 1, "responded": 0, "outcomes": outcomes(), "late": 0,
         "no_response": 0, "pending": 1, "response_rate": None, "median_response_hours": None},
    ],
    # E is the end of the week, Mon 11-23 00:00. Only 1003 has a deadline by E (Fri 16:00)
    # and no response by E, on a ticket open at E: overdue by Fri 16-17, 1 business hour.
    # (1009's deadline is Mon 12:00, after E; 1006 was resolved before E.)
    "outstanding_at_end": [
        {"ticket": "1003", "admin": "alice", "sent": "2026-11-18T16:00:00-06:00",
         "deadline": "2026-11-20T16:00:00-06:00", "overdue_hours": 1.0},
    ],
    "unowned_at_end": [],  # every response of the scenario is an answer
}


@pytest.fixture(scope="module")
def report() -> WeeklyReport:
    return compute_week(TICKETS, ADMINS, SETTINGS, W47, A)


def test_every_figure_of_the_hand_computed_week(report: WeeklyReport) -> None:
    assert report.to_json() == EXPECTED
    assert list(report.to_json()) == list(EXPECTED)


def test_evidence_names_the_tickets_behind_each_figure(report: WeeklyReport) -> None:
    ev = report.evidence
    assert ev["tickets_opened"] == ("1001", "1002", "1003", "1005", "1006", "1008", "1009",
                                    "1010")
    assert ev["tickets_resolved"] == ("1001", "1006")
    assert ev["responses_received"] == ("1002", "1004", "1006")
    assert ev["deadlines_missed"] == ("1003", "1004")
    assert ev["open_escalations_at_end"] == ("1002", "1004", "1007")
    assert ev["knowledge_captured"] == ("1002", "1006")
    assert ev["gaps.unclassified"] == ("1003",)
    assert ev["admins.bob.late"] == ("1009",)
    assert ev["opened_by_channel.support-channel"] == ("1009",)
    assert report.tickets("admins.alice.engaged") == ("1003", "1005", "1006")


def _counts(figures: dict[str, Any]) -> dict[str, int]:
    counts = {k: v for k, v in figures.items() if isinstance(v, int) and k != "schema"}
    for key in ("opened_by_tier", "opened_by_classification", "opened_by_channel"):
        counts.update({f"{key}.{k}": v for k, v in figures[key].items()})
    for entry in figures["admins"]:
        counts.update({f"admins.{entry['admin']}.{k}": v for k, v in entry.items()
                       if k in ("engaged", "responded", "late", "no_response", "pending")})
        counts.update({f"admins.{entry['admin']}.outcomes.{k}": v
                       for k, v in entry["outcomes"].items()})
    for key in ("outstanding_at_end", "unowned_at_end"):
        counts[key] = len(figures[key])
    return counts


def test_each_count_is_the_length_of_its_evidence(report: WeeklyReport) -> None:
    for key, count in _counts(report.to_json()).items():
        assert len(report.evidence.get(key, ())) == count, key


def test_as_of_inside_the_week_counts_only_what_had_happened() -> None:
    report = compute_week(TICKETS, ADMINS, SETTINGS, W47, chi(11, 19, 12)).to_json()
    assert report["responses_received"] == 2  # 1006's answer came on Friday
    assert report["deadlines_missed"] == 1  # 1003's deadline is Friday
    assert report["open_escalations_at_end"] == 4  # 1006 was still open on Thursday noon
    assert report["knowledge_captured"] == 1
    assert [(a["admin"], a["responded"], a["pending"]) for a in report["admins"]] == [
        ("alice", 0, 3), ("bob", 1, 1), ("carol", 0, 1),
    ]


def test_week_boundaries_are_local_midnight_monday() -> None:
    tickets = [
        ticket("1", chi(11, 15, 23, 59), Tier.HANDLE, INC, Channel.TDX, "email"),
        ticket("2", chi(11, 16), Tier.HANDLE, INC, Channel.TDX, "email"),
        ticket("3", chi(11, 22, 23, 59), Tier.HANDLE, INC, Channel.TDX, "email"),
        ticket("4", chi(11, 23), Tier.HANDLE, INC, Channel.TDX, "email"),
    ]
    report = compute_week(tickets, ADMINS, SETTINGS, W47, A)
    assert report.evidence["tickets_opened"] == ("2", "3")


def test_precomputed_statuses_give_the_same_report(report: WeeklyReport) -> None:
    statuses = engagement_statuses(TICKETS, ADMINS, SETTINGS, A)
    again = compute_week(TICKETS, ADMINS, SETTINGS, W47, A, statuses=statuses)
    assert again.to_json() == report.to_json()
    assert again.evidence == report.evidence


def test_an_empty_week_has_every_category_at_zero() -> None:
    report = compute_week((), {}, SETTINGS, IsoWeek(2026, 1), A)
    data = report.to_json()
    assert data["opened_by_tier"] == {"handle": 0, "collaborate": 0, "escalate": 0}
    assert data["opened_by_classification"] == {"incident": 0, "service-request": 0}
    assert data["opened_by_channel"] == {c.value: 0 for c in Channel}
    assert (data["escalation_rate"], data["gaps"], data["admins"]) == (None, [], [])
    assert data["tickets_opened"] == data["engagements_sent"] == data["off_record"] == 0


SCHEMA: dict[str, Any] = {
    "schema": int, "week": str, "start": str, "end": str, "as_of": str, "tickets_opened": int,
    "tickets_resolved": int, "opened_by_tier": dict, "opened_by_classification": dict,
    "opened_by_channel": dict, "escalation_rate": (float, type(None)),
    "engagements_sent": int, "responses_received": int, "deadlines_missed": int,
    "open_escalations_at_end": int, "gaps": list, "off_record": int,
    "knowledge_captured": int, "admins": list, "outstanding_at_end": list,
    "unowned_at_end": list,
}
ADMIN_SCHEMA: dict[str, Any] = {
    "admin": str, "engaged": int, "responded": int, "outcomes": dict, "late": int,
    "no_response": int,
    "pending": int, "response_rate": (float, type(None)),
    "median_response_hours": (float, type(None)),
}


@pytest.mark.parametrize("as_of", [A, chi(11, 16, 1)])
def test_json_schema(as_of: datetime) -> None:
    data = json.loads(json.dumps(compute_week(TICKETS, ADMINS, SETTINGS, W47, as_of).to_json()))
    assert list(data) == list(SCHEMA)
    for key, kind in SCHEMA.items():
        assert isinstance(data[key], kind) and not isinstance(data[key], bool), key
    assert re.fullmatch(r"\d{4}-W\d{2}", data["week"])
    assert date.fromisoformat(data["start"]).isoweekday() == 1
    assert date.fromisoformat(data["end"]).isoweekday() == 7
    assert datetime.fromisoformat(data["as_of"]).utcoffset() is not None
    assert list(data["opened_by_tier"]) == [t.value for t in Tier]
    assert list(data["opened_by_classification"]) == [c.value for c in Classification]
    assert list(data["opened_by_channel"]) == [c.value for c in Channel]
    for key in ("opened_by_tier", "opened_by_classification", "opened_by_channel"):
        assert all(type(v) is int for v in data[key].values())
    assert all(isinstance(g, str) for g in data["gaps"]) and data["gaps"] == sorted(data["gaps"])
    assert [a["admin"] for a in data["admins"]] == sorted(a["admin"] for a in data["admins"])
    for entry in data["admins"]:
        assert list(entry) == list(ADMIN_SCHEMA)
        for key, kind in ADMIN_SCHEMA.items():
            assert isinstance(entry[key], kind) and not isinstance(entry[key], bool), key
        assert list(entry["outcomes"]) == [o.value for o in Outcome]
        assert all(type(v) is int for v in entry["outcomes"].values())
        assert sum(entry["outcomes"].values()) == entry["responded"]
    assert data["schema"] == 2
    for item in data["outstanding_at_end"]:
        assert list(item) == ["ticket", "admin", "sent", "deadline", "overdue_hours"]
        assert datetime.fromisoformat(item["sent"]).utcoffset() is not None
        assert datetime.fromisoformat(item["deadline"]).utcoffset() is not None
    assert data["unowned_at_end"] == sorted(data["unowned_at_end"])


def test_csv_has_one_row_per_admin_and_a_total(report: WeeklyReport) -> None:
    assert render_csv(report) == (
        "week,admin,engaged,responded,outcomes.accepted,outcomes.answered,"
        "outcomes.redirected,outcomes.declined,late,no_response,pending,response_rate,"
        "median_response_hours\n"
        "2026-W47,alice,3,2,0,2,0,0,0,1,0,0.6667,8.04\n"
        "2026-W47,bob,2,2,0,2,0,0,1,0,0,1.0,4.25\n"
        "2026-W47,carol,1,0,0,0,0,0,0,0,1,,\n"
        "2026-W47,TOTAL,6,4,0,4,0,0,1,1,1,0.8,4.25\n"
    )
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert sum(int(r["engaged"]) for r in rows[:-1]) == int(rows[-1]["engaged"])


def test_markdown_is_a_fragment_with_the_same_figures(report: WeeklyReport) -> None:
    text = render_markdown(report)
    assert not text.startswith("#") and "\n# " not in text
    assert render_markdown(report, title=True).startswith("# Weekly report 2026-W47\n")
    assert "| Opened in the week | 8 | 1001, 1002, 1003, 1005, 1006, 1008, 1009, 1010 |" in text
    assert "| Deadlines missed in the week | 2 | 1003, 1004 |" in text
    assert "| Channel | phone | 1 | 1005 |" in text
    assert "| `bob` | 2 | 2 | 0 | 2 | 0 | 0 | 1 | 0 | 0 | 1.0 (100%) | 4.25 |" in text
    assert "| `carol` | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | — | — |" in text
    assert "| `alice` | responded | 2 | 1005, 1006 |" in text
    assert "| `alice` | outcomes.answered | 2 | 1005, 1006 |" in text
    assert ("| 1003 | `alice` | 2026-11-18 16:00 | 2026-11-20 16:00 | 2026-W47 |"
            " 1 business hours |") in text
    assert "| Outstanding at the end (past the deadline, no response) | 1 | 1003 |" in text
    assert "| `unclassified` | 1003 |" in text
    linked = render_markdown(report, ticket_href=lambda i: f"../t/#{i}",
                             admin_name={"bob": "Bob B", "alice": "Alice | A_"})
    assert "| Off the record (opened from a Slack DM) | 1 | [1003](../t/#1003) |" in linked
    assert "| Bob B (`bob`) | 2 |" in linked
    assert "| Alice &#124; A&#95; (`alice`) | 3 |" in linked  # user text cannot break the table


def test_markdown_of_an_empty_week() -> None:
    text = render_markdown(compute_week((), {}, SETTINGS, IsoWeek(2026, 1), A))
    assert "No admin was engaged in the week." in text
    assert "No gaps among the tickets opened in the week." in text


# The shipped example data: the weekly reports must add up to the totals.

EXAMPLE_AS_OF = datetime(2026, 11, 28, 12, tzinfo=CHI)


@pytest.fixture(scope="module")
def example() -> tuple[Any, list[WeeklyReport]]:
    settings, problems = load_settings(ROOT / "mkdocs.yml")
    project = load_project(settings, problems)
    assert project.tickets, "the example data should load"
    tz = settings.timezone
    first = IsoWeek.of(min(t.opened for t in project.tickets), tz)
    weeks = IsoWeek.range(first, IsoWeek.of(EXAMPLE_AS_OF, tz))
    statuses = engagement_statuses(project.tickets, project.admins, settings, EXAMPLE_AS_OF)
    reports = [compute_week(project.tickets, project.admins, settings, week, EXAMPLE_AS_OF,
                            statuses=statuses) for week in weeks]
    return project, reports


def test_example_weeks_add_up_to_the_totals(example: tuple[Any, list[WeeklyReport]]) -> None:
    project, reports = example
    cutoff = utc(EXAMPLE_AS_OF)
    tickets = project.tickets
    engagements = [e for t in tickets for e in t.escalations]
    responses = [e for e in engagements if e.response and utc(e.response.at) <= cutoff]
    statuses = engagement_statuses(tickets, project.admins, project.settings, EXAMPLE_AS_OF)
    totals = {
        "tickets_opened": len(tickets),
        "tickets_resolved": sum(t.resolved is not None for t in tickets),
        "engagements_sent": len(engagements),
        "responses_received": len(responses),
        "knowledge_captured": sum(bool(e.response and e.response.process) for e in responses),
        "off_record": sum(t.channel is Channel.SLACK_DM for t in tickets),
        "deadlines_missed": sum(
            utc(s.deadline) <= cutoff
            and (s.engagement.response is None or s.engagement.response.at > s.deadline)
            for s in statuses
        ),
    }
    sums = Counter[str]()
    for report in reports:
        sums.update(_counts(report.to_json()))
    assert {key: sums[key] for key in totals} == totals
    for key, by in (("tier", "tier"), ("classification", "classification"),
                    ("channel", "channel")):
        expected = Counter(str(getattr(t, by)) for t in tickets)
        assert {k.split(".", 1)[1]: v for k, v in sums.items()
                if k.startswith(f"opened_by_{key}.") and v} == dict(expected)
    for slug, figures in admin_figures(statuses).items():
        for name in ("engaged", "responded", "late", "no_response", "pending"):
            assert sums[f"admins.{slug}.{name}"] == getattr(figures, name), (slug, name)
        for outcome, count in figures.outcomes.items():
            assert sums[f"admins.{slug}.outcomes.{outcome}"] == count, (slug, outcome)
    assert totals["responses_received"] > 0 and totals["deadlines_missed"] > 0

