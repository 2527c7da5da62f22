"""The dashboard's cards count exactly the rows they link to (rendered page, no builder).

The issue's case: the old "no-responses this week" card read the week's missed deadlines,
so it said 0 while an escalation was weeks overdue. As of Wednesday 2026-11-25 12:00
(America/Chicago, 16 business hours, critical 4 hours round the clock).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from generator.compute.as_of import resolve_as_of
from generator.compute.calendar import calendar_for
from generator.compute.site import build_context
from generator.compute.status import status_rows
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.pages import render_dashboard
from generator.schema.settings import Audience

if TYPE_CHECKING:
    from conftest import ProjectFactory

CONFIG = """\
site_name: Cards
extra:
  escalation:
    timezone: America/Chicago
    response_windows:
      critical: {hours: 4, calendar: always}
"""
AS_OF = "2026-11-25T12:00"
CARD = re.compile(r'<a class="ep-card" href="#([^"]+)"><span class="ep-figure">(\d+)</span>')
TBODY = re.compile(r'<tbody id="([^"]+)">(.*?)</tbody>', re.DOTALL)


def ticket(number: str, engaged: str, *, service: str | None = "email", tier: str = "escalate",
           priority: str = "medium", outcome: str | None = None,
           resolved: str | None = None) -> tuple[str, dict[str, Any]]:
    engagement: dict[str, Any] = {"admin": "dana", "tier": tier, "at": engaged}
    if tier == "escalate":
        engagement.update(tag="esc", reason="Needs the admin", message="What can SC do?")
    if outcome is not None:
        engagement["response"] = {"at": "2026-11-24T09:00", "outcome": outcome}
        if outcome == "redirected":
            engagement["response"]["redirect_to"] = "ed"
    fields: dict[str, Any] = {
        "title": f"Ticket {number}", "opened": "2026-10-01T09:00", "classification": "incident",
        "priority": priority, "tier": tier, "status": "resolved" if resolved else "open"}
    if resolved:
        fields["resolved"] = resolved
    if service:
        fields["service"] = service
    fields["checklist"] = dict.fromkeys(
        ("issue-verified", "kb-searched", "troubleshooting-done", "evidence-attached",
         "outside-sc-scope", "owner-identified"), True)
    fields["escalations"] = [engagement]
    return f"tickets/2026/{number}.md", fields


FILES = dict([
    # Weeks overdue: engaged in October, no response, no deadline this week.
    ticket("101", "2026-10-05T10:00"),
    ticket("102", "2026-11-02T10:00", tier="collaborate"),
    ticket("103", "2026-11-23T10:00", outcome="declined"),
    ticket("104", "2026-11-23T11:00", outcome="redirected"),
    ticket("105", "2026-11-25T10:00", priority="critical"),  # 2 hours left: due soon
    ticket("106", "2026-11-25T11:00", outcome=None, service="printing"),  # pending, a gap
    ticket("107", "2026-11-23T09:00", outcome="answered", service=None),  # unclassified gap
    # Resolved: neither a row nor a gap.
    ticket("108", "2026-11-02T10:00", service="scanning", resolved="2026-11-20T10:00"),
    ("admins/dana.md", {"name": "Dana", "purview": [
        {"service": "email", "scope": "Mail", "declared": "2026-10-01", "source": "meeting"}]}),
    ("admins/ed.md", {"name": "Ed"}),
])


def dashboard(project: ProjectFactory) -> tuple[str, list[Any]]:
    root = project(FILES, config=CONFIG)
    settings, problems = load_settings(root / "mkdocs.yml")
    loaded = load_project(settings, problems)
    assert [p for p in loaded.problems if p.severity == "error"] == []
    as_of = resolve_as_of(AS_OF, calendar_for(settings))
    ctx = build_context(loaded, as_of=as_of, audience=Audience.INTERNAL)
    rows = status_rows(loaded.tickets, loaded.admins, settings, as_of)
    return render_dashboard(ctx)["index.md"], rows


def test_each_card_counts_the_rows_of_the_anchor_it_links_to(project: ProjectFactory) -> None:
    page, _ = dashboard(project)
    cards = CARD.findall(page)
    groups = {anchor: body.count("<tr><td>") for anchor, body in TBODY.findall(page)}
    # The gaps card links to the Gaps heading (#gaps): its table has one row per service.
    groups["gaps"] = page.split("## Gaps", 1)[1].split("## ", 1)[0].count("<tr><td>")
    assert [(anchor, int(count)) for anchor, count in cards] == [
        ("open-no-response", 2), ("open-due-soon", 1), ("open-unowned", 1),
        ("open-redirected", 1), ("gaps", 2)]
    for anchor, count in cards:
        assert groups[anchor] == int(count), anchor


def test_an_engagement_weeks_overdue_is_on_the_overdue_card(project: ProjectFactory) -> None:
    page, rows = dashboard(project)
    assert dict(CARD.findall(page))["open-no-response"] == "2"
    overdue = dict(TBODY.findall(page))["open-no-response"]
    # Most overdue first, as `escalation status` lists them: 101, then 102.
    assert re.findall(r'class="ep-id" href="[^"]*">(\d+)<', overdue) == ["101", "102"]
    assert [r.ticket.id for r in rows[:2]] == ["101", "102"]


def test_the_table_lists_the_status_rows_in_their_order(project: ProjectFactory) -> None:
    page, rows = dashboard(project)
    table = page.split("## Open Escalations", 1)[1].split("## Gaps", 1)[0]
    shown = re.findall(r'<tr><td><a class="ep-id" href="[^"]*">(\d+)</a>', table)
    assert shown == [row.ticket.id for row in rows] == [
        "101", "102", "103", "104", "105", "106", "107"]
