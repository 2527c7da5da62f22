"""Knowledge captured (issue 16, item 7): every response with a ``process``, by service.

Pure-function cases, worked out by hand: which responses count, the group order, newest
first within a group (as instants, across a fall-back), and whether the service's
declared purview has an ``sc_process`` yet.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from generator.compute.captured import PurviewProcess, knowledge_by_service
from generator.compute.metrics import UNCLASSIFIED
from generator.schema.records import (
    Admin,
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

CHICAGO = ZoneInfo("America/Chicago")
AS_OF = datetime(2026, 11, 25, 12, tzinfo=CHICAGO)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


def engagement(admin: str, when: datetime | None, process: str | None = None,
               index: int = 0) -> Engagement:
    """An engagement of ``admin`` a day before ``when``, answered at ``when`` (or never)."""
    sent = (when or AS_OF) - timedelta(days=1)
    response = None if when is None else Response(
        at=when, outcome=Outcome.ANSWERED, process=process)
    return Engagement(admin=admin, tier=EngagementTier.COLLABORATE, at=sent, response=response,
                      index=index)


def ticket(ticket_id: str, service: str | None, *engagements: Engagement) -> Ticket:
    return Ticket(id=ticket_id, title=f"Ticket {ticket_id}", opened=at(1, 9),
                  classification=Classification.INCIDENT, priority=Priority.LOW,
                  tier=Tier.COLLABORATE, status=Status.OPEN, service=service,
                  source=Source(path=f"tickets/2026/{ticket_id}.md"),
                  escalations=tuple(engagements))


def admin(slug: str, *purview: tuple[str, str | None], active: bool = True) -> Admin:
    return Admin(slug=slug, name=slug.title(), source=Source(path=f"admins/{slug}.md"),
                 active=active, purview=tuple(
                     Purview(service=service, scope="All of it.", declared=date(2026, 10, 1),
                             source_note="meeting", sc_process=process, index=i)
                     for i, (service, process) in enumerate(purview)))


ADMINS = {
    "ana": admin("ana", ("email", "Release quarantined mail first."), ("vpn", None)),
    "ben": admin("ben", ("vpn", None), ("backup", None)),
    "dee": admin("dee", ("printing", "Power-cycle the copier."), active=False),
}


def summary(tickets: list[Ticket], as_of: datetime = AS_OF) -> list[tuple[object, ...]]:
    """(service, purview state, documented by, [(ticket, admin, process)]) per group."""
    return [
        (group.service, group.purview, group.documented_by,
         [(e.ticket.id, e.admin, e.process) for e in group.entries])
        for group in knowledge_by_service(tickets, ADMINS, as_of)
    ]


def test_only_responses_with_a_process_by_the_as_of_time_count() -> None:
    tickets = [
        ticket("1", "email", engagement("ana", at(20, 10), "Check the quarantine.")),
        ticket("2", "email", engagement("ana", at(20, 11), "   ")),        # blank: not knowledge
        ticket("3", "email", engagement("ana", at(20, 12), None)),         # no process
        ticket("4", "email", engagement("ana", None)),                     # no response
        ticket("5", "email", engagement("ana", AS_OF, "Exactly at A.")),   # by A: counts
        ticket("6", "email", engagement("ana", AS_OF + timedelta(minutes=1), "After A.")),
    ]
    assert summary(tickets) == [
        ("email", PurviewProcess.DOCUMENTED, ("ana",),
         [("5", "ana", "Exactly at A."), ("1", "ana", "Check the quarantine.")]),
    ]


def test_groups_in_service_order_newest_first_ties_by_ticket_then_engagement() -> None:
    tickets = [
        ticket("30", "vpn", engagement("ben", at(23, 9), "Reissue the profile."),
               engagement("ana", at(24, 9), "Restart the client.", index=1)),
        ticket("12", None, engagement("ben", at(18, 9), "Ask which service it is.")),
        ticket("21", "vpn", engagement("ana", at(24, 9), "Same instant, lower ID.")),
        ticket("22", "vpn", engagement("ana", at(24, 9), "Same instant, higher ID."),
               engagement("ben", at(24, 9), "Same instant, later engagement.", index=1)),
        ticket("40", "backup", engagement("ben", at(10, 9), "Re-run the job.")),
        ticket("50", "printing", engagement("dee", at(2, 9), "Reseat the duplex unit.")),
    ]
    assert summary(tickets) == [
        ("backup", PurviewProcess.MISSING, (), [("40", "ben", "Re-run the job.")]),
        ("printing", PurviewProcess.UNDECLARED, (), [("50", "dee", "Reseat the duplex unit.")]),
        (UNCLASSIFIED, PurviewProcess.UNDECLARED, (),
         [("12", "ben", "Ask which service it is.")]),
        ("vpn", PurviewProcess.MISSING, (), [
            ("21", "ana", "Same instant, lower ID."),
            ("22", "ana", "Same instant, higher ID."),
            ("22", "ben", "Same instant, later engagement."),
            ("30", "ana", "Restart the client."),
            ("30", "ben", "Reissue the profile."),
        ]),
    ]


def test_the_purview_state_of_each_service() -> None:
    tickets = [ticket(str(i), service, engagement("ana", at(20, 9), "Do this."))
               for i, service in enumerate(["email", "vpn", "printing", "wifi", None])]
    groups = {g.service: g for g in knowledge_by_service(tickets, ADMINS, AS_OF)}
    assert {service: g.purview for service, g in groups.items()} == {
        "email": PurviewProcess.DOCUMENTED,     # ana's purview has an sc_process
        "vpn": PurviewProcess.MISSING,          # ana and ben declare it, neither says how
        "printing": PurviewProcess.UNDECLARED,  # only dee, inactive, declares it: a gap
        "wifi": PurviewProcess.UNDECLARED,      # nobody declares it
        UNCLASSIFIED: PurviewProcess.UNDECLARED,
    }
    assert groups["vpn"].declared_by == ("ana", "ben")
    assert groups["email"].declared_by == groups["email"].documented_by == ("ana",)
    assert groups["printing"].declared_by == ()


def test_newest_first_compares_instants_across_the_fall_back() -> None:
    """On 1 November 2026 Chicago reads 01:00-01:59 twice: 01:10 CST is after 01:30 CDT."""
    first = datetime(2026, 11, 1, 1, 30, tzinfo=timezone(timedelta(hours=-5)))  # 06:30 UTC
    second = datetime(2026, 11, 1, 1, 10, tzinfo=timezone(timedelta(hours=-6)))  # 07:10 UTC
    tickets = [
        ticket("1", "email", engagement("ana", first.astimezone(CHICAGO), "CDT reply.")),
        ticket("2", "email", engagement("ana", second.astimezone(CHICAGO), "CST reply.")),
    ]
    (group,) = knowledge_by_service(tickets, ADMINS, AS_OF)
    assert [e.process for e in group.entries] == ["CST reply.", "CDT reply."]


@pytest.mark.parametrize("as_of", [at(1, 9), AS_OF])
def test_no_process_no_group(as_of: datetime) -> None:
    assert knowledge_by_service([ticket("1", "email", engagement("ana", None))], ADMINS,
                                as_of) == ()
