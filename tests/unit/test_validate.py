"""Rules between fields and records: dates in order, tiers, the checklist, ownership."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from generator.check.project import check_project
from generator.check.tickets import (
    Declared,
    check_dates,
    check_overlaps,
    check_ownership,
    check_tier,
)
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.schema.records import (
    Admin,
    Classification,
    Engagement,
    EngagementTier,
    Priority,
    Purview,
    Source,
    Status,
    Ticket,
    Tier,
)
from generator.schema.settings import Settings

if TYPE_CHECKING:
    from conftest import ProjectFactory

T = "tickets/2026/48213.md"
CONFIG = "site_name: Test\nextra:\n  escalation:\n    timezone: America/Chicago\n"
CHICAGO = ZoneInfo("America/Chicago")
CHECKLIST = """\
checklist:
  issue-verified: true
  kb-searched: true
  troubleshooting-done: true
  evidence-attached: true
  outside-sc-scope: true
  owner-identified: true
"""


def admin(name: str, *services: str, active: bool = True) -> str:
    """An admin file declaring ``services``."""
    entries = "".join(
        f"  - service: {s}\n    scope: All of {s}\n    declared: 2026-10-01\n    source: PR 1\n"
        for s in services
    )
    state = "" if active else "active: false\n"
    return f"---\nname: {name}\n{state}purview:\n{entries}---\n"


ADMINS = {
    "admins/dana-okafor.md": admin("Dana Okafor", "file-shares", "backup"),
    "admins/owen-barrett.md": admin("Owen Barrett", "printing"),
    "admins/gideon-marsh.md": admin("Gideon Marsh", "scanners", active=False),
}


def ticket(tier: str, engagements: str = "", *, service: str = "file-shares",
           checklist: str = CHECKLIST, extra: str = "") -> str:
    """A ticket with lines 2-9 fixed (title .. service), then checklist and engagements."""
    return (
        "---\n"
        "title: Share permissions\n"          # 2
        "opened: 2026-11-16T09:30\n"          # 3
        "classification: incident\n"          # 4
        "priority: high\n"                    # 5
        f"tier: {tier}\n"                     # 6
        "status: open\n"                      # 7
        f"{extra}"
        f"service: {service}\n"               # 8 (+ extra lines)
        f"{checklist}"
        f"{'escalations:' + chr(10) + engagements if engagements else ''}"
        "---\n"
    )


def engagement(admin_slug: str, tier: str, at: str, response: str = "") -> str:
    """One engagement item; escalate ones carry tag, reason and message."""
    text = f"  - admin: {admin_slug}\n    tier: {tier}\n    at: {at}\n"
    if tier == "escalate":
        text += "    tag: esc\n    reason: Needs rights\n    message: What next time?\n"
    if response:
        text += f"    response:\n      at: {response}\n      outcome: answered\n"
    return text


def check(project: ProjectFactory, files: dict[str, str], config: str = CONFIG) -> list[str]:
    """All problems of the project (admins above plus ``files``) as text lines."""
    root = project({**ADMINS, **files}, config=config)
    settings, problems = load_settings(root / "mkdocs.yml")
    return [p.format_text() for p in check_project(load_project(settings, problems))]


# --- tiers ---------------------------------------------------------------------------------


def test_collaborate_that_became_escalate_is_valid(project: ProjectFactory) -> None:
    text = ticket("escalate", engagement("dana-okafor", "collaborate", "2026-11-16T10:00")
                  + engagement("dana-okafor", "escalate", "2026-11-16T12:00"))
    assert check(project, {T: text}) == []


def test_collaborate_needs_no_checklist(project: ProjectFactory) -> None:
    text = ticket("collaborate", engagement("dana-okafor", "collaborate", "2026-11-16T10:00"),
                  checklist="")
    assert check(project, {T: text}) == []


@pytest.mark.parametrize("tier", ["collaborate", "escalate"])
def test_engaging_tier_without_engagements(project: ProjectFactory, tier: str) -> None:
    assert check(project, {T: ticket(tier)}) == [
        f"{T}:6: error: field 'tier': '{tier}' needs at least one engagement under"
        " 'escalations' [ticket.tier-mismatch]"
    ]


def test_escalate_ticket_whose_last_engagement_is_collaborate(project: ProjectFactory) -> None:
    text = ticket("escalate", engagement("dana-okafor", "escalate", "2026-11-16T10:00")
                  + engagement("dana-okafor", "collaborate", "2026-11-16T12:00"))
    assert check(project, {T: text}) == [
        f"{T}:6: error: field 'tier': expected 'collaborate' to match the last engagement"
        " (escalations[1]) but received 'escalate' [ticket.tier-mismatch]"
    ]


def test_handle_with_an_empty_escalations_list_is_fine(project: ProjectFactory) -> None:
    assert check(project, {T: ticket("handle", extra="escalations: []\n")}) == []


# --- the checklist ------------------------------------------------------------------------


def test_incomplete_checklist_reported_once_at_the_first_escalate(
    project: ProjectFactory,
) -> None:
    checklist = CHECKLIST.replace("owner-identified: true", "owner-identified: false")
    text = ticket(
        "escalate",
        engagement("dana-okafor", "collaborate", "2026-11-16T10:00")
        + engagement("dana-okafor", "escalate", "2026-11-16T11:00")
        + engagement("dana-okafor", "escalate", "2026-11-16T12:00"),
        checklist=checklist,
    )
    assert check(project, {T: text}) == [
        f"{T}:21: error: field 'escalations[1].tier': 'escalate' needs the pre-escalation"
        " checklist complete, but these items are not ticked: owner-identified (Owning admin"
        " identified from the declared purviews (ownership matrix))"
        " [ticket.checklist-incomplete]"
    ]


def test_no_checklist_at_all_names_every_item(project: ProjectFactory) -> None:
    text = ticket("escalate", engagement("dana-okafor", "escalate", "2026-11-16T10:00"),
                  checklist="")
    (problem,) = check(project, {T: text})
    assert problem.startswith(f"{T}:11: error: field 'escalations[0].tier': 'escalate' needs")
    assert problem.count(" (") == 6 + 1  # six items with their text, one of them nested


def test_checklist_from_the_settings(project: ProjectFactory) -> None:
    config = CONFIG + (
        "    checklist:\n"
        "      - {id: reproduced, text: Reproduced the issue}\n"
        "      - {id: purview-read, text: Read the admin's purview}\n"
    )
    checklist = "checklist:\n  reproduced: true\n  purview-read: false\n"
    text = ticket("escalate", engagement("dana-okafor", "escalate", "2026-11-16T10:00"),
                  checklist=checklist)
    assert check(project, {T: text}, config) == [
        f"{T}:14: error: field 'escalations[0].tier': 'escalate' needs the pre-escalation"
        " checklist complete, but these items are not ticked: purview-read (Read the admin's"
        " purview) [ticket.checklist-incomplete]"
    ]


# --- dates -------------------------------------------------------------------------------


def test_equal_times_do_not_run_backwards(project: ProjectFactory) -> None:
    text = ticket(
        "escalate",
        engagement("dana-okafor", "collaborate", "2026-11-16T09:30", "2026-11-16T09:30")
        + engagement("dana-okafor", "escalate", "2026-11-16T09:30"),
        extra="resolved: 2026-11-16T09:30\n",
    ).replace("status: open", "status: resolved")
    assert check(project, {T: text}) == []


def test_times_compare_as_instants_and_show_in_the_configured_zone(
    project: ProjectFactory,
) -> None:
    """10:00 at UTC-5 is 09:00 in Chicago (UTC-6), half an hour before the opening."""
    text = ticket("escalate", engagement("dana-okafor", "escalate", "2026-11-16T10:00-05:00"))
    assert check(project, {T: text}) == [
        f"{T}:19: error: field 'escalations[0].at': expected a time not before opened"
        " (2026-11-16 09:30) but received 2026-11-16 09:00 [ticket.engagement-before-opened]"
    ]


def test_every_backwards_date_of_a_ticket(project: ProjectFactory) -> None:
    text = ticket(
        "escalate",
        engagement("dana-okafor", "collaborate", "2026-11-16T09:00", "2026-11-16T08:00")
        + engagement("dana-okafor", "escalate", "2026-11-16T08:30"),
        extra="resolved: 2026-11-15\n",
    ).replace("status: open", "status: closed")
    assert check(project, {T: text}) == [
        f"{T}:8: error: field 'resolved': expected a time not before opened"
        " (2026-11-16 09:30) but received 2026-11-15 00:00 [ticket.resolved-before-opened]",
        f"{T}:20: error: field 'escalations[0].at': expected a time not before opened"
        " (2026-11-16 09:30) but received 2026-11-16 09:00 [ticket.engagement-before-opened]",
        f"{T}:22: error: field 'escalations[0].response.at': expected a time not before the"
        " engagement (2026-11-16 09:00) but received 2026-11-16 08:00"
        " [ticket.response-before-engagement]",
        f"{T}:26: error: field 'escalations[1].at': expected a time not before opened"
        " (2026-11-16 09:30) but received 2026-11-16 08:30 [ticket.engagement-before-opened]",
        f"{T}:26: error: field 'escalations[1].at': expected a time not before escalations[0]"
        " (2026-11-16 09:00) but received 2026-11-16 08:30; list engagements oldest first"
        " [ticket.engagements-out-of-order]",
    ]


@pytest.mark.parametrize("status", ["resolved", "closed"])
def test_done_without_resolved(project: ProjectFactory, status: str) -> None:
    text = ticket("handle").replace("status: open", f"status: {status}")
    assert check(project, {T: text}) == [
        f"{T}:7: error: field 'resolved': required when status is '{status}'"
        " [ticket.resolved-missing]"
    ]


# --- ownership ----------------------------------------------------------------------------


def test_gap_declared_only_by_an_inactive_admin(project: ProjectFactory) -> None:
    assert check(project, {T: ticket("handle", service="scanners")}) == [
        f"{T}:8: warning: field 'service': 'scanners' is declared by no active admin (only by"
        " inactive: gideon-marsh); the ticket is recorded as evidence of an ownership gap"
        " [ticket.gap]"
    ]


def test_typo_of_an_inactive_admin_s_service(project: ProjectFactory) -> None:
    assert check(project, {T: ticket("handle", service="scanner")}) == [
        f"{T}:8: warning: field 'service': 'scanner' is declared by no admin (did you mean"
        " 'scanners'?) [ticket.service-typo]"
    ]


def test_no_service_no_ownership_warnings(project: ProjectFactory) -> None:
    text = ticket("escalate", engagement("owen-barrett", "escalate", "2026-11-16T10:00"))
    text = text.replace("service: file-shares\n", "")
    assert check(project, {T: text}) == []


def test_outside_purview_only_for_escalate(project: ProjectFactory) -> None:
    text = ticket("escalate", engagement("owen-barrett", "collaborate", "2026-11-16T10:00")
                  + engagement("owen-barrett", "escalate", "2026-11-16T11:00"))
    assert check(project, {T: text}) == [
        f"{T}:20: warning: field 'escalations[1].admin': 'owen-barrett' does not declare the"
        " service 'file-shares' in their purview [ticket.outside-purview]"
    ]


def test_no_outside_purview_for_a_gap_service(project: ProjectFactory) -> None:
    """Nobody declares the service: the gap is the finding, not the admin chosen."""
    text = ticket("escalate", engagement("owen-barrett", "escalate", "2026-11-16T10:00"),
                  service="lab-software")
    assert check(project, {T: text}) == [
        f"{T}:8: warning: field 'service': 'lab-software' is declared by no active admin; the"
        " ticket is recorded as evidence of an ownership gap [ticket.gap]"
    ]


def test_inactive_admin_on_every_engagement(project: ProjectFactory) -> None:
    text = ticket("collaborate",
                  engagement("gideon-marsh", "collaborate", "2026-11-16T10:00")
                  + engagement("gideon-marsh", "collaborate", "2026-11-16T11:00"),
                  service="scanners")
    problems = check(project, {T: text})
    assert [p.split(": ", 1)[0] + p[p.rindex(" ["):] for p in problems] == [
        f"{T}:8 [ticket.gap]",
        f"{T}:17 [ticket.inactive-admin]",
        f"{T}:20 [ticket.inactive-admin]",
    ]


def test_overlaps_reported_on_every_later_admin(project: ProjectFactory) -> None:
    files = {
        "admins/amara-diallo.md": admin("Amara Diallo", "backup"),
        "admins/zane-holt.md": admin("Zane Holt", "printing", "backup"),
    }
    assert check(project, files) == [
        "admins/dana-okafor.md:8: warning: field 'purview[1].service': 'backup' is also"
        " declared by 'amara-diallo' (admins/amara-diallo.md) [purview.overlap]",
        "admins/zane-holt.md:4: warning: field 'purview[0].service': 'printing' is also"
        " declared by 'owen-barrett' (admins/owen-barrett.md) [purview.overlap]",
        "admins/zane-holt.md:8: warning: field 'purview[1].service': 'backup' is also"
        " declared by 'amara-diallo' (admins/amara-diallo.md) [purview.overlap]",
    ]


# --- pure functions over records ------------------------------------------------------------

SOURCE = Source(path=T, lines={"tier": 6, "escalations.0.at": 12})


def make_ticket(**changes: object) -> Ticket:
    """A valid escalate ticket built without files."""
    values: dict[str, object] = {
        "id": "48213",
        "title": "Share permissions",
        "opened": datetime(2026, 11, 16, 9, 30, tzinfo=CHICAGO),
        "classification": Classification.INCIDENT,
        "priority": Priority.HIGH,
        "tier": Tier.COLLABORATE,
        "status": Status.OPEN,
        "source": SOURCE,
        "service": "file-shares",
        "escalations": (
            Engagement(admin="dana-okafor", tier=EngagementTier.COLLABORATE,
                       at=datetime(2026, 11, 16, 10, tzinfo=CHICAGO)),
        ),
    }
    values.update(changes)
    return Ticket(**values)  # type: ignore[arg-type]


def make_admin(slug: str, *services: str, active: bool = True) -> Admin:
    """An admin record declaring ``services``."""
    return Admin(
        slug=slug, name=slug.title(), active=active,
        source=Source(path=f"admins/{slug}.md", lines={"purview.0.service": 4}),
        purview=tuple(
            Purview(service=s, scope="all", declared=date(2026, 10, 1), source_note="PR",
                    index=i)
            for i, s in enumerate(services)
        ),
    )


def test_rules_on_records_without_files() -> None:
    ticket = make_ticket()
    assert list(check_dates(ticket)) == []
    assert list(check_tier(ticket, Settings(root=Path(".")))) == []
    admins = {"dana-okafor": make_admin("dana-okafor", "file-shares")}
    assert list(check_ownership(ticket, admins, Declared.of(admins))) == []
    early = make_ticket(opened=datetime(2026, 11, 16, 11, tzinfo=CHICAGO))
    (problem,) = check_dates(early)
    assert (problem.line, problem.code) == (12, "ticket.engagement-before-opened")


def test_declared_services_and_close_matches() -> None:
    admins = {
        "a": make_admin("a", "file-shares", "backup"),
        "b": make_admin("b", "printing", active=False),
    }
    declared = Declared.of(admins)
    assert declared.active == frozenset({"file-shares", "backup"})
    assert declared.every == frozenset({"file-shares", "backup", "printing"})
    assert declared.close_to("file-share") == "file-shares"
    assert declared.close_to("printer") == "printing"
    assert declared.close_to("telephony") is None
    assert declared.close_to("backup") is None  # never itself


def test_overlap_on_records() -> None:
    admins = {
        "b": make_admin("b", "file-shares"),
        "a": make_admin("a", "file-shares"),
    }
    (problem,) = check_overlaps(admins)
    assert problem.path == "admins/b.md"  # the first in slug order keeps the service
    assert problem.line == 4
