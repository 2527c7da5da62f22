"""Hand-computed cases pinning every metric definition.

Calendar landmarks (America/Chicago, business hours Mon-Fri 09:00-17:00): 2026-11-13
is a Friday, 11-16 a Monday; 11-26 and 11-27 (Thu, Fri) are holidays. Clocks fall back
on Sun 2026-11-01 (02:00 CDT -> 01:00 CST, at 07:00Z) and spring forward on Sun
2026-03-08 (02:00 CST -> 03:00 CDT, at 08:00Z).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.compute.calendar import calendar_for
from generator.compute.metrics import (
    UNCLASSIFIED,
    EngagementState,
    admin_figures,
    engagement_statuses,
    escalation_rate,
    gaps,
    has_ping_pong,
    involvement_age_days,
    knowledge_captured,
    reassignments,
)
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

CHI = ZoneInfo("America/Chicago")
HOLIDAYS = frozenset({date(2026, 11, 26), date(2026, 11, 27)})


def chi(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHI)


def make_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "root": Path("."), "timezone": CHI, "holidays": HOLIDAYS,
        "response_window_hours": 16.0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def engage(
    admin: str,
    at: datetime,
    *,
    tier: EngagementTier = EngagementTier.COLLABORATE,
    response_at: datetime | None = None,
    process: str | None = None,
) -> Engagement:
    response = None
    if response_at is not None:
        response = Response(at=response_at, outcome=Outcome.ANSWERED, process=process)
    return Engagement(admin=admin, tier=tier, at=at, response=response)


def make_ticket(
    ticket_id: str,
    opened: datetime,
    *engagements: Engagement,
    tier: Tier | None = None,
    status: Status = Status.OPEN,
    resolved: datetime | None = None,
    service: str | None = "email",
    channel: Channel = Channel.TDX,
    classification: Classification = Classification.INCIDENT,
) -> Ticket:
    if tier is None:
        tier = Tier(engagements[-1].tier.value) if engagements else Tier.HANDLE
    return Ticket(
        id=ticket_id, title=f"Ticket {ticket_id}", opened=opened,
        classification=classification, priority=Priority.MEDIUM, tier=tier, status=status,
        source=Source(path=f"tickets/2026/{ticket_id}.md"), resolved=resolved,
        service=service, channel=channel,
        escalations=tuple(dataclasses.replace(e, index=i) for i, e in enumerate(engagements)),
    )


def make_admin(
    slug: str, *services: str, active: bool = True, window: float | None = None
) -> Admin:
    return Admin(
        slug=slug, name=slug.title(), source=Source(path=f"admins/{slug}.md"),
        active=active, response_window_hours=window,
        purview=tuple(
            Purview(service=s, scope="all", declared=date(2026, 1, 5), source_note="test")
            for s in services
        ),
    )


def status_of(engagement: Engagement, as_of: datetime, **settings: object):  # type: ignore[no-untyped-def]
    ticket = make_ticket("1", engagement.at, engagement)
    admins = {"alice": make_admin("alice", "email"), "bob": make_admin("bob", "vpn", window=4)}
    [status] = engagement_statuses([ticket], admins, make_settings(**settings), as_of)
    return status


LATER = chi(12, 31)


@pytest.mark.parametrize(
    ("sent", "deadline"),
    [
        # Mon 10-17 (7 h), Tue (8 h), Wed 09-10 (1 h).
        (chi(11, 16, 10), chi(11, 18, 10)),
        # Weekend: Fri 15-17 (2 h), Mon (8 h), Tue 09-15 (6 h).
        (chi(11, 13, 15), chi(11, 17, 15)),
        # Sent on a Saturday evening: the clock starts Mon 09:00; used up at Tue's close.
        (chi(11, 14, 20), chi(11, 17, 17)),
        # Before opening on a business day: as if sent at 09:00.
        (chi(11, 16, 7), chi(11, 17, 17)),
        # After closing: the clock starts the next morning.
        (chi(11, 16, 18), chi(11, 18, 17)),
        # Holidays: Wed 13-17 (4 h), Thu+Fri holidays, weekend, Mon (8 h), Tue 09-13 (4 h).
        (chi(11, 25, 13), chi(12, 1, 13)),
        # Across the fall-back weekend: Fri 13-17 (4 h), Mon (8 h), Tue 09-13 (4 h).
        (chi(10, 30, 13), chi(11, 3, 13)),
    ],
)
def test_deadline_counts_only_business_hours(sent: datetime, deadline: datetime) -> None:
    status = status_of(engage("alice", sent), LATER)
    assert status.window_hours == 16.0
    assert status.deadline == deadline
    assert status.state is EngagementState.NO_RESPONSE


def test_response_exactly_on_the_deadline_is_answered_and_not_late() -> None:
    status = status_of(engage("alice", chi(11, 16, 10), response_at=chi(11, 18, 10)), LATER)
    assert status.state is EngagementState.ANSWERED
    assert status.late is False
    assert status.response_hours == 16.0


def test_response_a_second_after_the_deadline_is_late() -> None:
    response_at = chi(11, 18, 10) + timedelta(seconds=1)
    status = status_of(engage("alice", chi(11, 16, 10), response_at=response_at), LATER)
    assert status.state is EngagementState.ANSWERED
    assert status.late is True
    assert status.response_hours == pytest.approx(16 + 1 / 3600)


def test_window_spanning_holidays_is_late_only_after_the_holidays() -> None:
    # Deadline Tue 12-01 13:00 (the holidays and the weekend do not count).
    sent = chi(11, 25, 13)
    on_time = status_of(engage("alice", sent, response_at=chi(11, 30, 16)), LATER)
    late = status_of(engage("alice", sent, response_at=chi(12, 1, 14)), LATER)
    assert (on_time.late, on_time.response_hours) == (False, 4 + 7)
    assert (late.late, late.response_hours) == (True, 4 + 8 + 5)


@pytest.mark.parametrize(
    ("as_of", "state", "response_hours"),
    [
        (chi(11, 17, 13, 59), EngagementState.PENDING, None),
        # At most 4 business hours (the default due_soon_hours) before the deadline.
        (chi(11, 18, 9, 59), EngagementState.DUE_SOON, None),
        # The deadline itself: no longer pending.
        (chi(11, 18, 10), EngagementState.NO_RESPONSE, None),
        (chi(11, 19, 11, 59), EngagementState.NO_RESPONSE, None),
        # The response counts from the moment it was given: Mon 7 + Tue 8 + Wed 8 + Thu 3.
        (chi(11, 19, 12), EngagementState.ANSWERED, 26.0),
    ],
)
def test_state_as_of(
    as_of: datetime, state: EngagementState, response_hours: float | None
) -> None:
    status = status_of(engage("alice", chi(11, 16, 10), response_at=chi(11, 19, 12)), as_of)
    assert status.state is state
    assert status.response_hours == response_hours
    assert status.late is (state is EngagementState.ANSWERED)


def test_admin_window_overrides_the_default_and_unknown_admins_use_the_default() -> None:
    own = status_of(engage("bob", chi(11, 16, 10)), LATER)
    unknown = status_of(engage("nobody", chi(11, 16, 10)), LATER)
    assert (own.window_hours, own.deadline) == (4.0, chi(11, 16, 14))
    assert (unknown.window_hours, unknown.deadline) == (16.0, chi(11, 18, 10))


def test_naive_as_of_is_in_the_configured_timezone() -> None:
    status = status_of(engage("alice", chi(11, 16, 10)), datetime(2026, 11, 18, 10))
    assert status.state is EngagementState.NO_RESPONSE


ROUND_THE_CLOCK = {"business_days": frozenset(range(7)), "business_start": time(0),
                   "business_end": time(8)}


def test_dst_fall_back_day_has_nine_real_business_hours() -> None:
    # 00:00 CDT is 05:00Z; 8 real hours later is 13:00Z = 07:00 CST (the wall clock shows 7).
    status = status_of(engage("alice", chi(11, 1)), LATER, response_window_hours=8,
                       **ROUND_THE_CLOCK)
    assert status.deadline == datetime(2026, 11, 1, 13, tzinfo=UTC)
    assert status.deadline.astimezone(CHI).hour == 7


def test_dst_spring_forward_day_has_seven_real_business_hours() -> None:
    # Sun 00:00-08:00 lasts 7 h; the eighth hour is Mon 00:00-01:00 CDT.
    status = status_of(engage("alice", chi(3, 8)), LATER, response_window_hours=8,
                       **ROUND_THE_CLOCK)
    assert status.deadline == chi(3, 9, 1)


def test_response_in_the_repeated_hour_is_compared_as_an_instant() -> None:
    # Deadline 01:30 CDT (06:30Z); the response at 01:15 CST (07:15Z) reads earlier on the
    # wall clock but came 45 minutes later.
    response_at = datetime(2026, 11, 1, 1, 15, tzinfo=timezone(timedelta(hours=-6)))
    engagement = engage("alice", chi(11, 1), response_at=response_at.astimezone(CHI))
    status = status_of(engagement, LATER, response_window_hours=1.5, **ROUND_THE_CLOCK)
    # (Compared in UTC: Python never finds an ambiguous local time equal to another zone's.)
    assert status.deadline.astimezone(UTC) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert status.late is True
    assert status.response_hours == 2.25


def test_admin_figures_count_states_rate_and_median() -> None:
    tickets = [
        make_ticket("1", chi(11, 16, 9),
                    engage("alice", chi(11, 16, 10), response_at=chi(11, 16, 12)),
                    engage("bob", chi(11, 16, 13))),
        make_ticket("2", chi(11, 16, 9),
                    engage("alice", chi(11, 16, 10), response_at=chi(11, 19, 12)),
                    engage("alice", chi(11, 20, 10))),
        make_ticket("3", chi(11, 16, 9), engage("alice", chi(11, 16, 10))),
    ]
    admins = {"bob": make_admin("bob", "vpn", window=40)}
    statuses = engagement_statuses(tickets, admins, make_settings(), chi(11, 19, 12))
    figures = admin_figures(statuses)
    assert list(figures) == ["alice", "bob"]
    assert figures["alice"].to_json() == {
        "admin": "alice", "engaged": 4, "responded": 2,
        "outcomes": {"accepted": 0, "answered": 2, "redirected": 0, "declined": 0},
        "late": 1, "no_response": 1, "pending": 1, "response_rate": 0.6667,
        "median_response_hours": 14.0,
    }
    assert figures["bob"].to_json() == {
        "admin": "bob", "engaged": 1, "responded": 0,
        "outcomes": {"accepted": 0, "answered": 0, "redirected": 0, "declined": 0},
        "late": 0, "no_response": 0, "pending": 1, "response_rate": None,
        "median_response_hours": None,
    }


def test_admin_figures_of_nothing_is_empty() -> None:
    assert admin_figures([]) == {}


def test_escalation_rate() -> None:
    handle = make_ticket("1", chi(11, 16))
    escalate = make_ticket("2", chi(11, 16), engage("bob", chi(11, 16),
                                                    tier=EngagementTier.ESCALATE))
    collaborate = make_ticket("3", chi(11, 16), engage("bob", chi(11, 16)))
    assert escalation_rate([]) is None
    assert escalation_rate([handle, escalate, collaborate]) == 1 / 3
    assert escalation_rate([escalate]) == 1.0


def test_gaps_include_inactive_admin_services_and_unclassified_sorted_by_service() -> None:
    admins = {
        "alice": make_admin("alice", "email"),
        "gideon": make_admin("gideon", "printing", active=False),
    }
    tickets = [
        make_ticket("1", chi(11, 16), service="printing"),
        make_ticket("2", chi(11, 16), service="email"),
        make_ticket("3", chi(11, 16), service=None),
        make_ticket("4", chi(11, 16), service="lab-software"),
        make_ticket("5", chi(11, 16), service="printing"),
    ]
    found = gaps(tickets, admins)
    assert list(found) == ["lab-software", "printing", UNCLASSIFIED]
    assert {k: [t.id for t in v] for k, v in found.items()} == {
        "lab-software": ["4"], "printing": ["1", "5"], "unclassified": ["3"],
    }
    assert gaps([], admins) == {}


def _with_admins(*slugs: str) -> Ticket:
    return make_ticket("1", chi(11, 16), *(engage(s, chi(11, 16, 9 + i))
                                           for i, s in enumerate(slugs)))


@pytest.mark.parametrize(
    ("admins", "expected_reassignments", "ping_pong"),
    [
        ((), 0, False),
        (("a",), 0, False),
        (("a", "b"), 1, False),
        (("a", "b", "c"), 2, False),
        (("a", "a"), 1, False),
        (("a", "b", "a"), 2, True),
        (("a", "b", "b", "a"), 3, True),
        (("a", "a", "b", "c", "b"), 4, True),
    ],
)
def test_reassignments_and_ping_pong(
    admins: tuple[str, ...], expected_reassignments: int, ping_pong: bool
) -> None:
    ticket = _with_admins(*admins)
    assert reassignments(ticket) == expected_reassignments
    assert has_ping_pong(ticket) is ping_pong


@pytest.mark.parametrize(
    ("process", "has_response", "captured"),
    [
        ("Reset the token from the portal first.", True, True),
        (None, True, False),
        ("", True, False),
        ("   \n", True, False),
        (None, False, False),
    ],
)
def test_knowledge_captured(process: str | None, has_response: bool, captured: bool) -> None:
    response_at = chi(11, 16, 12) if has_response else None
    engagement = engage("alice", chi(11, 16, 10), response_at=response_at, process=process)
    assert knowledge_captured(engagement) is captured


def test_involvement_age_runs_from_the_first_escalate_engagement() -> None:
    collaborate_first = make_ticket(
        "10", chi(11, 13, 9),
        engage("alice", chi(11, 13, 10)),
        engage("bob", chi(11, 16, 10), tier=EngagementTier.ESCALATE),
    )
    older = make_ticket("11", chi(11, 12, 9),
                        engage("bob", chi(11, 12, 15), tier=EngagementTier.ESCALATE))
    collaborate = make_ticket("14", chi(11, 12, 9), engage("alice", chi(11, 12, 9)))
    resolved = make_ticket("12", chi(11, 12, 9),
                           engage("bob", chi(11, 12, 9), tier=EngagementTier.ESCALATE),
                           status=Status.RESOLVED, resolved=chi(11, 13, 9))
    calendar = calendar_for(make_settings())
    as_of = chi(11, 18, 12)
    # Mon 10-17 (7), Tue (8), Wed 9-12 (3): the collaborate engagement does not count.
    assert involvement_age_days(collaborate_first, calendar, as_of) == 18 / 8
    # Thu 12 15-17 (2), Fri (8), Mon (8), Tue (8), Wed 9-12 (3).
    assert involvement_age_days(older, calendar, as_of) == 29 / 8
    # Thu 12 9-17 (8), Fri (8), Mon (8), Tue (8), Wed 9-12 (3) from the collaborate start.
    assert involvement_age_days(collaborate, calendar, as_of) == 35 / 8
    # Resolved: Thu 12 9-17 (8) and nothing after Fri 13 09:00.
    assert involvement_age_days(resolved, calendar, as_of) == 1.0
