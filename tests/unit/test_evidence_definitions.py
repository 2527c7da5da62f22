"""Hand-computed cases pinning issue 16's fixed definitions: windows, deadlines, states,
ownership, hours left and overdue.

Calendar landmarks (America/Chicago, business hours Mon-Fri 09:00-17:00, no holidays
unless a test adds them): 2026-11-13 is a Friday, 11-16 a Monday, 11-18 a Wednesday.
Clocks fall back on Sun 2026-11-01 (02:00 CDT -> 01:00 CST, at 07:00Z) and spring
forward on Sun 2026-03-08 (02:00 CST -> 03:00 CDT, at 08:00Z).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from generator.compute.calendar import calendar_for
from generator.compute.metrics import (
    EngagementState,
    EngagementStatus,
    Ownership,
    WindowSource,
    admin_figures,
    engagement_statuses,
    response_window,
    ticket_ownership,
    windows_by_priority,
)
from generator.read.frozen import figure_settings
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.schema.clock import utc
from generator.schema.records import (
    Admin,
    Classification,
    Engagement,
    EngagementTier,
    Outcome,
    Priority,
    Response,
    ResponseWindow,
    Source,
    Status,
    Ticket,
    Tier,
    WindowCalendar,
)
from generator.schema.settings import Settings

if TYPE_CHECKING:
    from conftest import ProjectFactory

CHI = ZoneInfo("America/Chicago")
ALWAYS, BUSINESS = WindowCalendar.ALWAYS, WindowCalendar.BUSINESS


def chi(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CHI)


def settings_of(**overrides: object) -> Settings:
    values: dict[str, object] = {"root": Path("."), "timezone": CHI}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def admin_of(slug: str = "alice", *, hours: float | None = None,
             windows: dict[Priority, ResponseWindow] | None = None) -> Admin:
    return Admin(slug=slug, name=slug.title(), source=Source(path=f"admins/{slug}.md"),
                 response_window_hours=hours, response_windows=windows or {})


def engagement(at: datetime, admin: str = "alice", *, response_at: datetime | None = None,
               outcome: Outcome = Outcome.ANSWERED) -> Engagement:
    response = None
    if response_at is not None:
        response = Response(at=response_at, outcome=outcome,
                            redirect_to="bob" if outcome is Outcome.REDIRECTED else None)
    return Engagement(admin=admin, tier=EngagementTier.COLLABORATE, at=at, response=response)


def ticket_of(*engagements: Engagement, priority: Priority = Priority.MEDIUM,
              ticket_id: str = "1") -> Ticket:
    return Ticket(
        id=ticket_id, title=f"Ticket {ticket_id}", opened=chi(11, 2),
        classification=Classification.INCIDENT, priority=priority, tier=Tier.COLLABORATE,
        status=Status.OPEN, source=Source(path=f"tickets/2026/{ticket_id}.md"),
        escalations=tuple(dataclasses.replace(e, index=i) for i, e in enumerate(engagements)),
    )


def statuses_of(ticket: Ticket, as_of: datetime, settings: Settings | None = None,
                admins: dict[str, Admin] | None = None) -> list[EngagementStatus]:
    admins = {"alice": admin_of(), "bob": admin_of("bob")} if admins is None else admins
    return engagement_statuses([ticket], admins, settings or settings_of(), as_of)


def status_at(as_of: datetime, *engagements: Engagement, settings: Settings | None = None,
              priority: Priority = Priority.MEDIUM,
              admins: dict[str, Admin] | None = None) -> EngagementStatus:
    return statuses_of(ticket_of(*engagements, priority=priority), as_of, settings,
                       admins)[-1]


# --- the window: four sources in a fixed order ---------------------------------------

SITE = settings_of(response_window_hours=16.0,
                   response_windows={Priority.HIGH: ResponseWindow(hours=3.0)})
OWN_HIGH = {Priority.HIGH: ResponseWindow(hours=2.0, calendar=ALWAYS)}


@pytest.mark.parametrize(("admin", "settings", "expected"), [
    # 1. the admin's response_windows[priority] beats everything
    (admin_of(hours=6.0, windows=OWN_HIGH), SITE, (2.0, ALWAYS, WindowSource.ADMIN_PRIORITY)),
    # 2. then the settings' response_windows[priority], even over the admin's own hours
    (admin_of(hours=6.0), SITE, (3.0, BUSINESS, WindowSource.SETTINGS_PRIORITY)),
    # 3. then the admin's response_window_hours (the settings set no window for high)
    (admin_of(hours=6.0), settings_of(response_windows={
        Priority.CRITICAL: ResponseWindow(hours=1.0)}), (6.0, BUSINESS, WindowSource.ADMIN)),
    # 4. then the settings' response_window_hours
    (admin_of(), settings_of(response_window_hours=16.0), (16.0, BUSINESS,
                                                           WindowSource.SETTINGS)),
    # an engagement of an admin with no record: the settings' windows
    (None, SITE, (3.0, BUSINESS, WindowSource.SETTINGS_PRIORITY)),
    (None, settings_of(response_window_hours=12.0), (12.0, BUSINESS, WindowSource.SETTINGS)),
], ids=["admin-priority", "settings-priority", "admin-hours", "settings-hours",
        "no-record-priority", "no-record-hours"])
def test_window_precedence(admin: Admin | None, settings: Settings,
                           expected: tuple[float, WindowCalendar, WindowSource]) -> None:
    window = response_window(Priority.HIGH, admin, settings)
    assert (window.hours, window.calendar, window.source) == expected


def test_each_precedence_level_sets_the_engagements_window_and_deadline() -> None:
    sent = chi(11, 16, 10)  # Monday 10:00
    alice = admin_of(hours=6.0, windows=OWN_HIGH)
    # Admin's own for high: 2 hours round the clock, Mon 12:00.
    own = status_at(chi(11, 16, 11), engagement(sent), settings=SITE, priority=Priority.HIGH,
                    admins={"alice": alice})
    assert (own.window_hours, own.calendar, own.deadline) == (2.0, ALWAYS, chi(11, 16, 12))
    # The same admin on a medium ticket: the site sets no medium window, so their 6 hours.
    medium = status_at(chi(11, 16, 11), engagement(sent), settings=SITE,
                       admins={"alice": alice})
    assert (medium.window_hours, medium.calendar, medium.deadline) == (
        6.0, BUSINESS, chi(11, 16, 16))


def test_windows_by_priority_lists_every_priority_lowest_first() -> None:
    site = windows_by_priority(None, SITE)
    assert [(p.value, w.hours, w.calendar.value) for p, w in site.items()] == [
        ("low", 16.0, "business"), ("medium", 16.0, "business"),
        ("high", 3.0, "business"), ("critical", 16.0, "business")]
    own = windows_by_priority(admin_of(hours=6.0, windows=OWN_HIGH), SITE)
    assert [(w.hours, w.source.value) for w in own.values()] == [
        (6.0, "admin"), (6.0, "admin"), (2.0, "admin-priority"), (6.0, "admin")]


def test_windows_in_the_settings_file_mean_business_unless_they_say_always(
    project: ProjectFactory,
) -> None:
    root = project(config=(
        "site_name: T\nextra:\n  escalation:\n    response_windows:\n"
        "      low: 40\n      medium: {hours: 24}\n      high: {hours: 8, calendar: business}\n"
        "      critical: {hours: 4, calendar: always}\n    due_soon_hours: 2.5\n"))
    settings, problems = load_settings(root / "mkdocs.yml")
    assert problems == []
    assert settings.response_windows == {
        Priority.LOW: ResponseWindow(hours=40.0, calendar=BUSINESS),
        Priority.MEDIUM: ResponseWindow(hours=24.0, calendar=BUSINESS),
        Priority.HIGH: ResponseWindow(hours=8.0, calendar=BUSINESS),
        Priority.CRITICAL: ResponseWindow(hours=4.0, calendar=ALWAYS),
    }
    assert settings.due_soon_hours == 2.5


def test_an_admin_record_declares_windows_per_priority(project: ProjectFactory) -> None:
    root = project({"admins/dana.md": {
        "name": "Dana", "response_window_hours": 12,
        "response_windows": {"critical": {"hours": 1, "calendar": "always"}, "high": 6}}})
    settings, problems = load_settings(root / "mkdocs.yml")
    loaded = load_project(settings, problems)
    assert list(loaded.problems) == []
    dana = loaded.admins["dana"]
    assert dana.response_windows == {Priority.CRITICAL: ResponseWindow(hours=1.0,
                                                                       calendar=ALWAYS),
                                     Priority.HIGH: ResponseWindow(hours=6.0)}
    window = response_window(Priority.CRITICAL, dana, settings)
    assert (window.hours, window.calendar) == (1.0, ALWAYS)


def test_the_defaults_set_no_window_per_priority_and_due_soon_at_4_hours() -> None:
    defaults = Settings(root=Path("."))
    assert defaults.response_windows == {} and defaults.due_soon_hours == 4.0


def test_windows_per_priority_change_the_snapshot_digest_only_when_set() -> None:
    plain = figure_settings(settings_of())
    assert "response_windows" not in plain  # snapshots frozen before keep their digest
    windows = figure_settings(settings_of(response_windows={
        Priority.CRITICAL: ResponseWindow(hours=4.0, calendar=ALWAYS)}))
    assert windows["response_windows"] == {"critical": {"hours": 4.0, "calendar": "always"}}


# --- the deadline: business as before, always on the instant -------------------------


@pytest.mark.parametrize(("sent", "hours", "calendar", "deadline"), [
    # Business: Fri 15-17 (2 h), the weekend does not count, Mon 09-11 (2 h).
    (chi(11, 13, 15), 4.0, BUSINESS, chi(11, 16, 11)),
    # Always: Friday 22:00 + 4 h is Saturday 02:00; the weekend counts.
    (chi(11, 13, 22), 4.0, ALWAYS, chi(11, 14, 2)),
    # Always: Friday noon + 72 h is Monday noon.
    (chi(11, 13, 12), 72.0, ALWAYS, chi(11, 16, 12)),
    # Always across the fall-back: Sat 23:00 CDT (04:00Z) + 4 h = 08:00Z, which the clock
    # reads as 02:00 CST, three wall-clock hours later.
    (chi(10, 31, 23), 4.0, ALWAYS, datetime(2026, 11, 1, 8, tzinfo=UTC)),
    # Always across the spring-forward: Sat 23:00 CST (05:00Z) + 4 h = 09:00Z = 04:00 CDT.
    (datetime(2026, 3, 7, 23, tzinfo=CHI), 4.0, ALWAYS, datetime(2026, 3, 8, 9, tzinfo=UTC)),
    # Always, a zero-hour window: the deadline is the engagement itself.
    (chi(11, 14, 3), 0.0, ALWAYS, chi(11, 14, 3)),
], ids=["business-weekend", "always-weekend", "always-72h", "always-fall-back",
        "always-spring-forward", "always-zero"])
def test_deadline(sent: datetime, hours: float, calendar: WindowCalendar,
                  deadline: datetime) -> None:
    found = calendar_for(settings_of()).window_deadline(sent, hours, calendar)
    assert utc(found) == utc(deadline)
    assert found.tzinfo is CHI


def test_the_fall_back_deadline_reads_as_the_second_two_oclock() -> None:
    found = calendar_for(settings_of()).window_deadline(chi(10, 31, 23), 4.0, ALWAYS)
    assert found.isoformat() == "2026-11-01T02:00:00-06:00"


@pytest.mark.parametrize(("start", "end", "calendar", "hours"), [
    (chi(11, 13, 15), chi(11, 16, 11), BUSINESS, 4.0),
    (chi(11, 13, 15), chi(11, 16, 11), ALWAYS, 68.0),
    # Four real hours across the fall-back, though the wall clock moves three.
    (chi(10, 31, 23), datetime(2026, 11, 1, 8, tzinfo=UTC), ALWAYS, 4.0),
    # Never negative.
    (chi(11, 16, 11), chi(11, 13, 15), ALWAYS, 0.0),
], ids=["business", "always-weekend", "always-fall-back", "backwards"])
def test_calendar_hours(start: datetime, end: datetime, calendar: WindowCalendar,
                        hours: float) -> None:
    assert calendar_for(settings_of()).window_hours(start, end, calendar) == hours


def test_an_always_engagement_on_a_holiday_is_overdue_the_next_morning() -> None:
    """The issue's case: a critical outage engaged on a holiday is not 'age 0, pending'."""
    settings = settings_of(holidays=frozenset({chi(11, 26).date(), chi(11, 27).date()}),
                           response_windows={Priority.CRITICAL: ResponseWindow(
                               hours=4.0, calendar=ALWAYS)})
    sent = chi(11, 26, 10)  # Thanksgiving, 10:00
    status = status_at(chi(11, 27, 9), engagement(sent), settings=settings,
                       priority=Priority.CRITICAL)
    assert status.deadline == chi(11, 26, 14)
    assert (status.state, status.overdue_hours) == (EngagementState.NO_RESPONSE, 19.0)
    business = status_at(chi(11, 27, 9), engagement(sent), settings=settings)
    assert business.state is EngagementState.PENDING  # the old behaviour, for medium


# --- states as of A --------------------------------------------------------------------
# Engaged Monday 11-16 10:00 with the default 16 business hours: deadline Wed 11-18 10:00.

SENT = chi(11, 16, 10)
DEADLINE = chi(11, 18, 10)


@pytest.mark.parametrize("outcome", list(Outcome))
def test_a_response_by_a_makes_its_outcome_the_state(outcome: Outcome) -> None:
    status = status_at(chi(11, 19), engagement(SENT, response_at=chi(11, 17, 10),
                                               outcome=outcome))
    assert status.state is EngagementState(outcome.value)
    assert status.state.value == outcome.value
    assert status.responded and status.state.responded
    assert (status.late, status.response_hours) == (False, 8.0)
    assert (status.remaining_hours, status.overdue_hours) == (None, None)


def test_a_response_exactly_at_a_was_received_by_a() -> None:
    status = status_at(chi(11, 17, 10), engagement(SENT, response_at=chi(11, 17, 10),
                                                   outcome=Outcome.DECLINED))
    assert status.state is EngagementState.DECLINED


def test_a_response_after_a_does_not_count_yet() -> None:
    # A Tue 09:00: from A to the deadline Tue 8 h + Wed 1 h = 9 h > 4: pending.
    status = status_at(chi(11, 17, 9), engagement(SENT, response_at=chi(11, 17, 10)))
    assert (status.state, status.responded) == (EngagementState.PENDING, False)
    assert (status.remaining_hours, status.overdue_hours) == (9.0, None)


@pytest.mark.parametrize(("as_of", "state", "remaining", "overdue"), [
    # Tue 13:59: Tue 3 h 01 min + Wed 1 h, just over 4 h: pending.
    (chi(11, 17, 13, 59), EngagementState.PENDING, 4 + 1 / 60, None),
    # Tue 14:00: Tue 3 h + Wed 1 h = exactly 4 h, the threshold: due soon.
    (chi(11, 17, 14), EngagementState.DUE_SOON, 4.0, None),
    # Tue evening: the business hours left are only Wed 09-10.
    (chi(11, 17, 20), EngagementState.DUE_SOON, 1.0, None),
    # The deadline exactly: passed by A, overdue by 0 hours.
    (DEADLINE, EngagementState.NO_RESPONSE, None, 0.0),
    # Thu 11:30: Wed 10-17 (7 h) + Thu 09-11:30 (2.5 h) overdue.
    (chi(11, 19, 11, 30), EngagementState.NO_RESPONSE, None, 9.5),
    # Saturday: overdue by business hours only (Wed 7 + Thu 8 + Fri 8).
    (chi(11, 21, 12), EngagementState.NO_RESPONSE, None, 23.0),
], ids=["pending", "due-soon-at-threshold", "due-soon-overnight", "no-response-at-deadline",
        "no-response", "no-response-weekend"])
def test_state_without_a_response(as_of: datetime, state: EngagementState,
                                  remaining: float | None, overdue: float | None) -> None:
    status = status_at(as_of, engagement(SENT))
    assert status.state is state
    assert status.remaining_hours == (pytest.approx(remaining) if remaining else remaining)
    assert status.overdue_hours == overdue
    assert (status.responded, status.late, status.response_hours) == (False, False, None)


def test_due_soon_hours_is_a_setting() -> None:
    # Tue 14:00 is 4 h before the deadline: due soon by default, pending with 3.5.
    assert status_at(chi(11, 17, 14), engagement(SENT),
                     settings=settings_of(due_soon_hours=3.5)).state is EngagementState.PENDING
    assert status_at(chi(11, 17, 9), engagement(SENT),
                     settings=settings_of(due_soon_hours=9.0)).state is (
        EngagementState.DUE_SOON)


def test_due_soon_counts_on_the_windows_calendar() -> None:
    # Critical, 8 h always from Fri 20:00: deadline Sat 04:00. At Fri 23:59 there are
    # 4 h 01 min of real time left (pending); at Sat 00:00 exactly 4 (due soon), though
    # no business hour is left in either case.
    settings = settings_of(response_windows={
        Priority.CRITICAL: ResponseWindow(hours=8.0, calendar=ALWAYS)})
    sent = engagement(chi(11, 13, 20))
    before = status_at(chi(11, 13, 23, 59), sent, settings=settings, priority=Priority.CRITICAL)
    at = status_at(chi(11, 14), sent, settings=settings, priority=Priority.CRITICAL)
    assert before.state is EngagementState.PENDING
    assert (at.state, at.remaining_hours) == (EngagementState.DUE_SOON, 4.0)


@pytest.mark.parametrize(("response_at", "late"), [
    (DEADLINE, False),  # exactly on the deadline: on time
    (chi(11, 18, 10, 1), True),
])
def test_late_is_a_response_after_the_deadline(response_at: datetime, late: bool) -> None:
    status = status_at(chi(11, 20), engagement(SENT, response_at=response_at,
                                               outcome=Outcome.REDIRECTED))
    assert (status.state, status.late) == (EngagementState.REDIRECTED, late)


def test_response_hours_count_on_the_windows_calendar() -> None:
    settings = settings_of(response_windows={
        Priority.CRITICAL: ResponseWindow(hours=4.0, calendar=ALWAYS)})
    # Fri 22:00 to Sat 03:00: 5 real hours, no business hour; late (deadline Sat 02:00).
    status = status_at(chi(11, 16), engagement(chi(11, 13, 22), response_at=chi(11, 14, 3)),
                       settings=settings, priority=Priority.CRITICAL)
    assert (status.response_hours, status.late) == (5.0, True)


def test_declined_and_redirected_count_as_responded_not_as_answered() -> None:
    tickets = [ticket_of(engagement(SENT, response_at=chi(11, 16, 11), outcome=outcome),
                         ticket_id=str(i)) for i, outcome in enumerate(Outcome)]
    statuses = engagement_statuses(tickets, {"alice": admin_of(), "bob": admin_of("bob")},
                                   settings_of(), chi(11, 20))
    assert [s.state.value for s in statuses] == ["accepted", "answered", "redirected",
                                                 "declined"]
    figures = admin_figures(statuses)["alice"]
    assert (figures.engaged, figures.responded, figures.pending) == (4, 4, 0)
    # Report schema 2: "responded" counts every response; "answered" is one outcome.
    assert figures.to_json()["responded"] == 4
    assert figures.to_json()["outcomes"] == {"accepted": 1, "answered": 1, "redirected": 1,
                                             "declined": 1}


def test_state_values_are_spelled_as_the_issue_spells_them() -> None:
    assert [s.value for s in EngagementState] == [
        "accepted", "answered", "redirected", "declined", "no-response", "due-soon", "pending"]
    assert [o.value for o in Ownership] == [
        "waiting", "with-admin", "with-sc", "redirected", "unowned"]
    assert [c.value for c in WindowCalendar] == ["business", "always"]


# --- ownership of a ticket as of A -------------------------------------------------------


@pytest.mark.parametrize(("response", "as_of", "ownership"), [
    (None, chi(11, 16, 12), Ownership.WAITING),  # pending
    (None, chi(11, 18, 9), Ownership.WAITING),  # due soon
    (None, chi(11, 18, 11), Ownership.WAITING),  # no response
    (Outcome.ACCEPTED, chi(11, 18, 11), Ownership.WITH_ADMIN),
    (Outcome.ANSWERED, chi(11, 18, 11), Ownership.WITH_SC),
    (Outcome.REDIRECTED, chi(11, 18, 11), Ownership.REDIRECTED),
    (Outcome.DECLINED, chi(11, 18, 11), Ownership.UNOWNED),
], ids=["pending", "due-soon", "no-response", "accepted", "answered", "redirected",
        "declined"])
def test_ownership_follows_the_state_of_the_latest_engagement(
    response: Outcome | None, as_of: datetime, ownership: Ownership
) -> None:
    ticket = ticket_of(engagement(SENT, response_at=chi(11, 17) if response else None,
                                  outcome=response or Outcome.ANSWERED))
    assert ticket_ownership(statuses_of(ticket, as_of), as_of) is ownership


def test_ownership_reads_the_latest_engagement_sent_by_a() -> None:
    # Declined on Monday; Bob engaged on Wednesday 09:00.
    ticket = ticket_of(
        engagement(SENT, response_at=chi(11, 16, 11), outcome=Outcome.DECLINED),
        engagement(chi(11, 18, 9), "bob"),
    )
    # Before Bob was engaged: the decline is the latest, the ticket is unowned.
    assert ticket_ownership(statuses_of(ticket, chi(11, 17)), chi(11, 17)) is Ownership.UNOWNED
    # Exactly when he was engaged (by A): waiting on Bob.
    at = chi(11, 18, 9)
    assert ticket_ownership(statuses_of(ticket, at), at) is Ownership.WAITING
    # Before any engagement: no ownership.
    assert ticket_ownership(statuses_of(ticket, chi(11, 16, 9)), chi(11, 16, 9)) is None


def test_remaining_and_overdue_are_unrounded() -> None:
    # A Wed 09:40: 20 minutes left.
    status = status_at(chi(11, 18, 9, 40), engagement(SENT))
    assert status.remaining_hours == pytest.approx(1 / 3)
    assert status.remaining_hours != round(1 / 3, 2)
