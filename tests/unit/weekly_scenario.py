"""A hand-computed week for the schema-2 figures: outcomes, outstanding and unowned at E.

Week 2026-W47 (Mon 11-16 to Sun 11-22, America/Chicago, business hours Mon-Fri
09:00-17:00, no holidays, default window 16 business hours; critical tickets 4 hours
round the clock) as of A = Wed 2026-11-25 12:00. E, the end of the week, is Mon
2026-11-23 00:00. Each ticket's comment gives its deadlines and what it contributes.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.schema.records import (
    Admin,
    Classification,
    Engagement,
    EngagementTier,
    Outcome,
    Priority,
    Purview,
    Response,
    ResponseWindow,
    Source,
    Status,
    Ticket,
    Tier,
    WindowCalendar,
)
from generator.schema.settings import Settings
from generator.schema.weeks import IsoWeek

CHI = ZoneInfo("America/Chicago")
W47 = IsoWeek(2026, 47)
A = datetime(2026, 11, 25, 12, tzinfo=CHI)
SETTINGS = Settings(root=Path("."), timezone=CHI, response_window_hours=16.0,
                    response_windows={Priority.CRITICAL: ResponseWindow(
                        hours=4.0, calendar=WindowCalendar.ALWAYS)})
ACC, ANS, RED, DEC = Outcome.ACCEPTED, Outcome.ANSWERED, Outcome.REDIRECTED, Outcome.DECLINED


def chi(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CHI)


def engage(admin: str, at: datetime, response_at: datetime | None = None,
           outcome: Outcome = ANS) -> Engagement:
    response = None if response_at is None else Response(
        at=response_at, outcome=outcome, redirect_to="bob" if outcome is RED else None)
    return Engagement(admin=admin, tier=EngagementTier.COLLABORATE, at=at, response=response)


def ticket(ticket_id: str, opened: datetime, *engagements: Engagement,
           resolved: datetime | None = None, priority: Priority = Priority.MEDIUM) -> Ticket:
    return Ticket(
        id=ticket_id, title=f"Ticket {ticket_id}", opened=opened,
        classification=Classification.INCIDENT, priority=priority, tier=Tier.COLLABORATE,
        status=Status.OPEN if resolved is None else Status.RESOLVED, resolved=resolved,
        service="email", source=Source(path=f"tickets/2026/{ticket_id}.md"),
        escalations=tuple(dataclasses.replace(e, index=i) for i, e in enumerate(engagements)),
    )


def admin(slug: str) -> Admin:
    purview = (Purview(service="email", scope="all", declared=date(2026, 1, 5),
                       source_note="t"),) if slug == "alice" else ()
    return Admin(slug=slug, name=slug.title(), source=Source(path=f"admins/{slug}.md"),
                 purview=purview)


ADMINS = {slug: admin(slug) for slug in ("alice", "bob", "carol")}
TICKETS = (
    # Sent weeks earlier and superseded: alice Mon 11-02 10:00 (W45), deadline Wed 11-04
    # 10:00, never answered; bob took over on Thursday and answered. Outstanding at E:
    # overdue Wed 7 + Thu 8 + Fri 8 (W45) + 40 (W46) + 40 (W47) = 103 business hours.
    ticket("2001", chi(11, 2, 9), engage("alice", chi(11, 2, 10)),
           engage("bob", chi(11, 5, 9), chi(11, 5, 11))),
    # Declined by E, not re-engaged, open: unowned at E.
    ticket("2002", chi(11, 16, 9), engage("alice", chi(11, 16, 10), chi(11, 16, 11), DEC)),
    # Declined, then bob engaged Wed 10:00 with no response (deadline Thu 11-19 17:00): the
    # ticket waits on bob, not unowned; bob's engagement is outstanding, Fri 8 h overdue.
    ticket("2003", chi(11, 17, 9), engage("carol", chi(11, 17, 10), chi(11, 17, 12), DEC),
           engage("bob", chi(11, 18, 9))),
    # Sent Fri 10:00 (deadline Tue 11-24 10:00), declined Mon 11-23 10:00: after E, by A.
    # At E it was pending, so not unowned then; as of A it counts as declined.
    ticket("2004", chi(11, 20, 9), engage("alice", chi(11, 20, 10), chi(11, 23, 10), DEC)),
    # Declined, but resolved Friday: not open at E, so not unowned.
    ticket("2005", chi(11, 16, 12), engage("alice", chi(11, 16, 13), chi(11, 16, 14), DEC),
           resolved=chi(11, 20, 12)),
    # Declined Thursday; bob engaged only Mon 11-23 09:00, after E: unowned at E.
    ticket("2006", chi(11, 19, 9), engage("carol", chi(11, 19, 10), chi(11, 19, 11), DEC),
           engage("bob", chi(11, 23, 9))),
    ticket("2007", chi(11, 17, 8), engage("bob", chi(11, 17, 9), chi(11, 17, 10), ACC)),
    # Redirected to bob: ownership redirected, not unowned.
    ticket("2008", chi(11, 18, 9), engage("carol", chi(11, 18, 10), chi(11, 18, 11), RED)),
    # Sent Fri 15:00, deadline Tue 11-24 15:00 (W48), answered only after A: no response as
    # of A, counted for W47's alice, though no deadline of W47 was missed by it.
    ticket("2009", chi(11, 20, 14), engage("alice", chi(11, 20, 15), chi(11, 26, 10))),
    # Critical, 4 hours round the clock from Sun 20:00: the deadline is E exactly, so it
    # has passed by E: outstanding, 0 hours overdue (its deadline is in W48).
    ticket("2010", chi(11, 22, 19, 30), engage("carol", chi(11, 22, 20)),
           priority=Priority.CRITICAL),
    # Deadline Fri 11-20 17:00, answered exactly at E: received by E, not outstanding; late.
    ticket("2011", chi(11, 19, 8), engage("alice", chi(11, 19, 9), chi(11, 23))),
    # Deadline Tue 11-17 17:00, never answered, resolved exactly at E: not open at E.
    ticket("2012", chi(11, 16, 8), engage("alice", chi(11, 16, 9)), resolved=chi(11, 23)),
    # W44: declined Monday, bob engaged Tuesday and answered; open. Unowned at the end of no
    # week (a bucket that kept the decline without bob's engagement would say otherwise).
    ticket("2013", chi(10, 26, 9), engage("alice", chi(10, 26, 10), chi(10, 26, 11), DEC),
           engage("bob", chi(10, 27, 9), chi(10, 27, 10))),
)
