"""An admin's trend over the last 12 complete weeks, and their engagements by state, by
hand-computed cases.

As of Wednesday 2026-11-25 12:00 in America/Chicago (2026-W48), business hours Mon-Fri
09:00-17:00, no holidays, 16 business hours to respond. 2026-W47 runs from Monday 11-16
to Sunday 11-22, W46 from 11-09 to 11-15.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.compute.metrics import EngagementState, EngagementStatus, engagement_statuses
from generator.compute.trend import TREND_WEEKS, admin_trend, state_counts, trend_weeks
from generator.compute.weekly import compute_week
from generator.schema.records import (
    Admin,
    Classification,
    Engagement,
    EngagementTier,
    Outcome,
    Priority,
    Response,
    Source,
    Status,
    Ticket,
    Tier,
)
from generator.schema.settings import Settings
from generator.schema.weeks import IsoWeek

CHI = ZoneInfo("America/Chicago")
SETTINGS = Settings(root=Path("."), timezone=CHI)
AS_OF = datetime(2026, 11, 25, 12, tzinfo=CHI)
W46, W47 = IsoWeek(2026, 46), IsoWeek(2026, 47)


def chi(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CHI)


def ticket(ticket_id: str, at: datetime, admin: str = "alice", *,
           response_at: datetime | None = None, outcome: Outcome = Outcome.ANSWERED) -> Ticket:
    response = None if response_at is None else Response(
        at=response_at, outcome=outcome,
        redirect_to="bob" if outcome is Outcome.REDIRECTED else None)
    engagement = Engagement(admin=admin, tier=EngagementTier.COLLABORATE, at=at,
                            response=response)
    return Ticket(
        id=ticket_id, title=f"Ticket {ticket_id}", opened=chi(11, 2),
        classification=Classification.INCIDENT, priority=Priority.MEDIUM,
        tier=Tier.COLLABORATE, status=Status.OPEN,
        source=Source(path=f"tickets/2026/{ticket_id}.md"),
        escalations=(dataclasses.replace(engagement, index=0),),
    )


TICKETS = [
    # W47: answered Mon 10:00 -> 12:00, 2 business hours.
    ticket("1", chi(11, 16, 10), response_at=chi(11, 16, 12)),
    # W47: declined Tue 09:00 -> Wed 09:00, Tue's 8 business hours.
    ticket("2", chi(11, 17, 9), response_at=chi(11, 18, 9), outcome=Outcome.DECLINED),
    # W47: no response; deadline Fri 10-17 (7) + Mon (8) + Tue 9-10 (1) = Tue 11-24 10:00.
    ticket("3", chi(11, 20, 10)),
    # W47, the week's last evening: answered Mon 11-23 10:00, 1 business hour (Mon 9-10).
    ticket("4", chi(11, 22, 23, 30), response_at=chi(11, 23, 10)),
    # W47: the response comes after A, so none by A; deadline Wed 11-18 14:00: no response.
    ticket("5", chi(11, 16, 14), response_at=chi(11, 25, 13)),
    # W46: accepted Wed 11-25 11:00, late: Mon 7 + Tue-Fri 32 + 40 + Mon-Tue 16 + Wed 2 = 97.
    ticket("6", chi(11, 9, 10), response_at=chi(11, 25, 11), outcome=Outcome.ACCEPTED),
    # W48, not complete by A, so in no week of the trend: pending (13 hours left) and due
    # soon (deadline Wed 13:00, 1 hour left).
    ticket("7", chi(11, 25, 9)),
    ticket("8", chi(11, 23, 13)),
    # Bob's engagement in W47 is not Alice's.
    ticket("9", chi(11, 16, 10), "bob"),
]
ADMINS = {slug: Admin(slug=slug, name=slug.title(), source=Source(path=f"admins/{slug}.md"))
          for slug in ("alice", "bob")}


@pytest.fixture(scope="module")
def alice() -> list[EngagementStatus]:
    statuses = engagement_statuses(TICKETS, ADMINS, SETTINGS, AS_OF)
    return [s for s in statuses if s.engagement.admin == "alice"]


def test_the_trend_is_the_last_twelve_complete_weeks() -> None:
    weeks = trend_weeks(AS_OF, CHI)
    assert TREND_WEEKS == 12 and len(weeks) == 12
    assert (str(weeks[0]), str(weeks[-1])) == ("2026-W36", "2026-W47")
    assert weeks == IsoWeek.range(weeks[0], weeks[-1])


@pytest.mark.parametrize(("as_of", "last"), [
    (chi(11, 29, 23, 59), "2026-W47"),  # Sunday night: W48 has not ended yet
    (chi(11, 30), "2026-W48"),  # Monday 00:00: W48 ended exactly at A, so it is complete
    (datetime(2027, 1, 4, 9, tzinfo=CHI), "2026-W53"),  # across the year: 2026 has a W53
])
def test_a_week_is_complete_once_it_ended_by_a(as_of: datetime, last: str) -> None:
    assert str(trend_weeks(as_of, CHI)[-1]) == last


def test_trend_counts_each_engagement_in_the_week_it_was_sent(
    alice: list[EngagementStatus],
) -> None:
    trend = admin_trend("alice", alice, trend_weeks(AS_OF, CHI), CHI)
    shown = {str(t.week): (t.figures.engaged, t.figures.responded, t.declined,
                           t.figures.no_response, t.figures.pending,
                           t.figures.median_response_hours) for t in trend}
    assert shown.pop("2026-W47") == (5, 3, 1, 2, 0, 2.0)  # median of 2, 8 and 1 hours
    assert shown.pop("2026-W46") == (1, 1, 0, 0, 0, 97.0)
    # The other ten weeks: nothing sent, no median.
    assert set(shown.values()) == {(0, 0, 0, 0, 0, None)}
    assert len(shown) == 10


def test_a_trend_week_is_the_weekly_reports_figures_of_the_admin(
    alice: list[EngagementStatus],
) -> None:
    (w46, w47) = admin_trend("alice", alice, [W46, W47], CHI)
    for week, entry in ((W46, w46), (W47, w47)):
        report = compute_week(TICKETS, ADMINS, SETTINGS, week, AS_OF)
        (figures,) = [a for a in report.admins if a.admin == "alice"]
        assert entry.figures == figures


def test_a_declined_engagement_counts_as_responded_and_as_declined(
    alice: list[EngagementStatus],
) -> None:
    (w47,) = admin_trend("alice", alice, [W47], CHI)
    assert (w47.figures.responded, w47.declined) == (3, 1)
    assert w47.figures.response_rate == 0.6  # 3 responded of 3 + 2 no response


def test_the_engagements_by_state_include_every_state(
    alice: list[EngagementStatus],
) -> None:
    counts = state_counts(alice)
    assert list(counts) == list(EngagementState)
    assert {state.value: n for state, n in counts.items()} == {
        "accepted": 1, "answered": 2, "redirected": 0, "declined": 1, "no-response": 2,
        "due-soon": 1, "pending": 1}
    assert state_counts([]) == dict.fromkeys(EngagementState, 0)
