"""Response tracking and ticket figures: pure functions over records, no file access.

The definitions are fixed by the project (issue 16, ``docs/guides/weekly-reports.md``);
"by X" means at or before X throughout:

* the **window** of an engagement is the first that is set of: its admin's
  ``response_windows[<ticket priority>]``, the settings' ``response_windows[<priority>]``,
  the admin's ``response_window_hours``, the settings' ``response_window_hours``; each
  has a calendar, ``business`` unless a ``response_windows`` entry says ``always``;
* its **deadline** is the earliest instant at which the calendar hours since it was sent
  reach the window (``always``: sent + hours, on the instant);
* **calendar hours** from X to Y are business hours for a ``business`` engagement and
  elapsed hours for an ``always`` one;
* its **state as of A** is the response's outcome (``accepted``, ``answered``,
  ``redirected``, ``declined``) when it has a response by A; else ``no-response`` when
  the deadline is by A; else ``due-soon`` when the calendar hours from A to the deadline
  are at most ``due_soon_hours``; else ``pending``. It is **late** when the response came
  after the deadline (a response exactly on the deadline is on time);
* a ticket's **ownership as of A** follows from the state of its latest engagement sent
  by A: ``waiting`` (pending, due-soon, no-response), ``with-admin`` (accepted),
  ``with-sc`` (answered), ``redirected`` (redirected), ``unowned`` (declined);
* **remaining_hours** are the calendar hours from A to the deadline, and
  **overdue_hours** those from the deadline to A, when there is no response by A and the
  deadline is after A (remaining) or by A (overdue); else None. Unrounded here;
  outputs round them to 2 decimals (:func:`rounded_hours`);
* a ticket is **open at A** when it has no ``resolved`` time by A.

Instants are compared in UTC: Python compares two datetimes that share a ``tzinfo`` by
wall-clock reading, which would misorder times in the repeated hour of a DST fall-back.
"""

from __future__ import annotations

import enum
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from generator.compute.calendar import BusinessCalendar, calendar_for
from generator.schema.clock import utc
from generator.schema.records import (
    Admin,
    Engagement,
    EngagementTier,
    Outcome,
    Priority,
    ResponseWindow,
    Ticket,
    Tier,
    WindowCalendar,
)
from generator.schema.settings import Settings

__all__ = [
    "HOURS_DECIMALS", "OWNERSHIP_OF_STATE", "UNCLASSIFIED", "AdminFigures", "AppliedWindow",
    "EngagementState", "EngagementStatus", "Ownership", "WindowCalendar",
    "WindowSource", "active_services", "admin_figures", "engagement_status",
    "engagement_statuses", "escalation_rate", "figures_of", "first_escalation", "gaps",
    "has_ping_pong", "involvement_age_days", "knowledge_captured", "latest_engagement",
    "open_at", "open_gaps", "reassignments", "response_window", "rounded_hours",
    "status_as_of", "ticket_ownership", "windows_by_priority",
]

UNCLASSIFIED = "unclassified"
"""The gap a ticket without a ``service`` counts as."""
HOURS_DECIMALS = 2
"""How many decimals ``remaining_hours`` and ``overdue_hours`` have in every output."""


def rounded_hours(hours: float | None) -> float | None:
    """Hours as every output shows them: :data:`HOURS_DECIMALS` decimals; None stays None."""
    return None if hours is None else round(hours, HOURS_DECIMALS)


def open_at(ticket: Ticket, as_of: datetime) -> bool:
    """Whether ``ticket`` is open at ``as_of``: no ``resolved`` time at or before it."""
    return ticket.resolved is None or utc(ticket.resolved) > utc(as_of)


class EngagementState(enum.StrEnum):
    """Where an engagement stands as of an instant A."""

    ACCEPTED = "accepted"
    """Responded by A: the admin took the ticket over."""
    ANSWERED = "answered"
    """Responded by A: the admin answered so that SC can go on."""
    REDIRECTED = "redirected"
    """Responded by A: the admin sent the ticket on to another admin."""
    DECLINED = "declined"
    """Responded by A: the admin refused it without naming an owner."""
    NO_RESPONSE = "no-response"
    """No response by A, and the deadline is by A."""
    DUE_SOON = "due-soon"
    """No response by A; at most ``due_soon_hours`` calendar hours to the deadline."""
    PENDING = "pending"
    """No response by A; more than ``due_soon_hours`` to the deadline."""

    @property
    def responded(self) -> bool:
        """Whether the state is a response's outcome (a response by A)."""
        return self in _RESPONDED


_RESPONDED = frozenset({EngagementState.ACCEPTED, EngagementState.ANSWERED,
                        EngagementState.REDIRECTED, EngagementState.DECLINED})
_STATE_OF_OUTCOME = {outcome: EngagementState(outcome.value) for outcome in Outcome}


class Ownership(enum.StrEnum):
    """Who holds a ticket as of A, from the state of its latest engagement sent by A."""

    WAITING = "waiting"
    """The admin has not responded (pending, due-soon or no-response)."""
    WITH_ADMIN = "with-admin"
    """The admin accepted it."""
    WITH_SC = "with-sc"
    """The admin answered; SC goes on."""
    REDIRECTED = "redirected"
    """The admin named another owner: SC must now engage ``redirect_to``."""
    UNOWNED = "unowned"
    """The admin declined it without naming an owner."""


OWNERSHIP_OF_STATE: Mapping[EngagementState, Ownership] = {
    EngagementState.PENDING: Ownership.WAITING,
    EngagementState.DUE_SOON: Ownership.WAITING,
    EngagementState.NO_RESPONSE: Ownership.WAITING,
    EngagementState.ACCEPTED: Ownership.WITH_ADMIN,
    EngagementState.ANSWERED: Ownership.WITH_SC,
    EngagementState.REDIRECTED: Ownership.REDIRECTED,
    EngagementState.DECLINED: Ownership.UNOWNED,
}
"""The ownership a ticket has when an engagement in that state is its latest."""


class WindowSource(enum.StrEnum):
    """Which setting a window comes from, in the order of precedence."""

    ADMIN_PRIORITY = "admin-priority"
    """The admin's ``response_windows[<priority>]``."""
    SETTINGS_PRIORITY = "settings-priority"
    """The settings' ``response_windows[<priority>]``."""
    ADMIN = "admin"
    """The admin's ``response_window_hours``."""
    SETTINGS = "settings"
    """The settings' ``response_window_hours``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AppliedWindow:
    """The window that applies to an engagement, and where it comes from."""

    hours: float
    calendar: WindowCalendar
    source: WindowSource


def response_window(priority: Priority, admin: Admin | None, settings: Settings
                    ) -> AppliedWindow:
    """The window of an engagement of ``admin`` (None: no admin record) on a ticket of
    ``priority``: the first set of the four sources, in :class:`WindowSource` order."""
    own = admin.response_windows.get(priority) if admin is not None else None
    if own is not None:
        return AppliedWindow(hours=own.hours, calendar=own.calendar,
                             source=WindowSource.ADMIN_PRIORITY)
    site = settings.response_windows.get(priority)
    if site is not None:
        return AppliedWindow(hours=site.hours, calendar=site.calendar,
                             source=WindowSource.SETTINGS_PRIORITY)
    if admin is not None and admin.response_window_hours is not None:
        return AppliedWindow(hours=admin.response_window_hours,
                             calendar=WindowCalendar.BUSINESS, source=WindowSource.ADMIN)
    return AppliedWindow(hours=settings.response_window_hours,
                         calendar=WindowCalendar.BUSINESS, source=WindowSource.SETTINGS)


def windows_by_priority(admin: Admin | None, settings: Settings
                        ) -> dict[Priority, AppliedWindow]:
    """The window for each priority, lowest first: an admin's (their page), or with
    ``admin`` None the site's (the framework page)."""
    return {priority: response_window(priority, admin, settings) for priority in Priority}


@dataclass(frozen=True, slots=True, kw_only=True)
class EngagementStatus:
    """One engagement with its window, deadline and state as of an instant A."""

    ticket: Ticket
    engagement: Engagement
    window_hours: float
    """The response window that applies to this engagement, in hours of :attr:`calendar`."""
    calendar: WindowCalendar
    """The calendar the window runs on."""
    deadline: datetime
    """The earliest instant at which the window is used up (aware, configured timezone)."""
    state: EngagementState
    late: bool
    """Responded by A, after the deadline (never true without a response by A)."""
    response_hours: float | None
    """Calendar hours from sending to the response, when responded by A; else None."""
    remaining_hours: float | None = None
    """Calendar hours from A to the deadline when not responded by A and the deadline is
    after A; else None. Unrounded."""
    overdue_hours: float | None = None
    """Calendar hours from the deadline to A when not responded by A and the deadline is by
    A; else None. Unrounded."""

    @property
    def responded(self) -> bool:
        """Whether there is a response by A (the state is its outcome)."""
        return self.state in _RESPONDED

    @property
    def ownership(self) -> Ownership:
        """The ownership of the ticket when this is its latest engagement sent by A."""
        return OWNERSHIP_OF_STATE[self.state]


def engagement_status(
    ticket: Ticket,
    engagement: Engagement,
    window: ResponseWindow | AppliedWindow,
    calendar: BusinessCalendar,
    as_of: datetime,
    due_soon_hours: float,
) -> EngagementStatus:
    """The status of one engagement under ``window`` as of ``as_of`` (aware)."""
    deadline = calendar.window_deadline(engagement.at, window.hours, window.calendar)
    return _status(ticket, engagement, window.hours, window.calendar, deadline, calendar,
                   as_of, due_soon_hours)


def status_as_of(status: EngagementStatus, calendar: BusinessCalendar, as_of: datetime,
                 due_soon_hours: float) -> EngagementStatus:
    """The same engagement's status as of another instant (aware): its window and deadline
    do not depend on the instant, so they are kept."""
    return _status(status.ticket, status.engagement, status.window_hours, status.calendar,
                   status.deadline, calendar, as_of, due_soon_hours)


def _status(ticket: Ticket, engagement: Engagement, hours: float, kind: WindowCalendar,
            deadline: datetime, calendar: BusinessCalendar, as_of: datetime,
            due_soon_hours: float) -> EngagementStatus:
    response = engagement.response
    cutoff, due = utc(as_of), utc(deadline)
    late = False
    taken = remaining = overdue = None
    if response is not None and utc(response.at) <= cutoff:
        state = _STATE_OF_OUTCOME[response.outcome]
        late = utc(response.at) > due
        taken = calendar.window_hours(engagement.at, response.at, kind)
    elif due <= cutoff:
        state = EngagementState.NO_RESPONSE
        overdue = calendar.window_hours(deadline, as_of, kind)
    else:
        remaining = calendar.window_hours(as_of, deadline, kind)
        state = EngagementState.DUE_SOON if remaining <= due_soon_hours else (
            EngagementState.PENDING)
    return EngagementStatus(
        ticket=ticket, engagement=engagement, window_hours=hours, calendar=kind,
        deadline=deadline, state=state, late=late, response_hours=taken,
        remaining_hours=remaining, overdue_hours=overdue,
    )


def engagement_statuses(
    tickets: Iterable[Ticket],
    admins: Mapping[str, Admin],
    settings: Settings,
    as_of: datetime,
) -> list[EngagementStatus]:
    """The status of every engagement of ``tickets`` as of ``as_of``, in ticket order.

    An engagement of an admin slug with no admin record uses the settings' windows (the
    record error is reported by ``check``; figures are not silently dropped).
    """
    calendar = calendar_for(settings)
    as_of = calendar.localize(as_of)
    windows: dict[tuple[str, Priority], AppliedWindow] = {}
    statuses: list[EngagementStatus] = []
    for ticket in tickets:
        for engagement in ticket.escalations:
            key = (engagement.admin, ticket.priority)
            window = windows.get(key)
            if window is None:
                window = windows[key] = response_window(
                    ticket.priority, admins.get(engagement.admin), settings)
            statuses.append(engagement_status(ticket, engagement, window, calendar, as_of,
                                              settings.due_soon_hours))
    return statuses


def latest_engagement(statuses: Iterable[EngagementStatus], as_of: datetime
                      ) -> EngagementStatus | None:
    """Of one ticket's engagement statuses, the latest sent by ``as_of`` (of two sent at
    the same instant, the one listed later); None when none was sent by then."""
    cutoff = utc(as_of)
    latest: EngagementStatus | None = None
    for status in statuses:
        sent = utc(status.engagement.at)
        if sent <= cutoff and (latest is None or (sent, status.engagement.index) >= (
                utc(latest.engagement.at), latest.engagement.index)):
            latest = status
    return latest


def ticket_ownership(statuses: Iterable[EngagementStatus], as_of: datetime
                     ) -> Ownership | None:
    """The ownership of a ticket as of ``as_of``, from its engagement statuses computed as
    of that instant; None when no engagement was sent by then."""
    latest = latest_engagement(statuses, as_of)
    return None if latest is None else latest.ownership


@dataclass(frozen=True, slots=True, kw_only=True)
class AdminFigures:
    """One admin's response figures over a set of engagements."""

    admin: str
    engaged: int
    responded: int
    """Engagements with a response by A, whatever its outcome."""
    late: int
    no_response: int
    pending: int
    """Engagements in state pending or due-soon."""
    outcomes: Mapping[Outcome, int]
    """Engagements with a response by A, per outcome: every outcome, zeros included, in
    :class:`~generator.schema.records.Outcome` order; they add up to :attr:`responded`."""
    response_rate: float | None
    """responded / (responded + no_response), rounded to 4 decimals; None when both are 0."""
    median_response_hours: float | None
    """Median calendar hours to respond over responded engagements, 2 decimals; else None."""

    def to_json(self) -> dict[str, Any]:
        """The JSON object, keys in the documented order (report schema 2: ``responded``,
        which schema 1 named ``answered``, then ``outcomes``)."""
        return {
            "admin": self.admin,
            "engaged": self.engaged,
            "responded": self.responded,
            "outcomes": {str(outcome): count for outcome, count in self.outcomes.items()},
            "late": self.late,
            "no_response": self.no_response,
            "pending": self.pending,
            "response_rate": self.response_rate,
            "median_response_hours": self.median_response_hours,
        }


def figures_of(admin: str, statuses: Iterable[EngagementStatus]) -> AdminFigures:
    """The figures of ``statuses`` taken together, labelled ``admin``."""
    responded = no_response = pending = late = 0
    outcomes = dict.fromkeys(Outcome, 0)
    hours: list[float] = []
    for status in statuses:
        if status.state in _RESPONDED:
            responded += 1
            outcomes[Outcome(status.state.value)] += 1
            late += status.late
            if status.response_hours is not None:
                hours.append(status.response_hours)
        elif status.state is EngagementState.NO_RESPONSE:
            no_response += 1
        else:
            pending += 1
    decided = responded + no_response
    return AdminFigures(
        admin=admin,
        engaged=responded + no_response + pending,
        responded=responded,
        late=late,
        no_response=no_response,
        pending=pending,
        outcomes=outcomes,
        response_rate=round(responded / decided, 4) if decided else None,
        median_response_hours=round(statistics.median(hours), 2) if hours else None,
    )


def admin_figures(statuses: Iterable[EngagementStatus]) -> dict[str, AdminFigures]:
    """Figures per engaged admin, keyed and ordered by slug."""
    by_admin: dict[str, list[EngagementStatus]] = {}
    for status in statuses:
        by_admin.setdefault(status.engagement.admin, []).append(status)
    return {slug: figures_of(slug, by_admin[slug]) for slug in sorted(by_admin)}


def first_escalation(ticket: Ticket) -> Engagement | None:
    """The ticket's first engagement of tier ``escalate``, if any."""
    for engagement in ticket.escalations:
        if engagement.tier is EngagementTier.ESCALATE:
            return engagement
    return None


def involvement_age_days(ticket: Ticket, calendar: BusinessCalendar, as_of: datetime) -> float:
    """Business days an admin has been involved, for the escalations page.

    From the first ``escalate`` engagement for an escalate ticket, else from the first
    engagement; to the ``resolved`` time of a resolved or closed ticket, else to
    ``as_of``. 0 for a ticket with no engagement.
    """
    start = first_escalation(ticket) if ticket.tier is Tier.ESCALATE else None
    start = start or (ticket.escalations[0] if ticket.escalations else None)
    if start is None:
        return 0.0
    end = as_of
    if ticket.status.is_done and ticket.resolved is not None and utc(ticket.resolved) < utc(as_of):
        end = ticket.resolved
    return calendar.hours_between(start.at, end) / calendar.hours_per_day


def escalation_rate(tickets: Iterable[Ticket]) -> float | None:
    """Tickets of tier ``escalate`` / tickets (unrounded); None when there are none."""
    total = escalated = 0
    for ticket in tickets:
        total += 1
        escalated += ticket.tier is Tier.ESCALATE
    return escalated / total if total else None


def active_services(admins: Mapping[str, Admin]) -> frozenset[str]:
    """The services declared in the purview of an active admin."""
    return frozenset(s for admin in admins.values() if admin.active for s in admin.services)


def gaps(tickets: Iterable[Ticket], admins: Mapping[str, Admin]) -> dict[str, list[Ticket]]:
    """Gap service → the tickets that are its evidence, sorted by service.

    A gap is a ticket's service that no active admin declares; a ticket without a
    service counts under ``unclassified``. Tickets keep their given order.
    """
    declared = active_services(admins)
    found: dict[str, list[Ticket]] = {}
    for ticket in tickets:
        if ticket.service is None:
            found.setdefault(UNCLASSIFIED, []).append(ticket)
        elif ticket.service not in declared:
            found.setdefault(ticket.service, []).append(ticket)
    return {service: found[service] for service in sorted(found)}


def open_gaps(tickets: Iterable[Ticket], admins: Mapping[str, Admin], as_of: datetime
              ) -> dict[str, list[Ticket]]:
    """The :func:`gaps` of the tickets opened by ``as_of`` and open at it: the gaps the
    dashboard shows as of that instant (and the digest compares across two instants)."""
    cutoff = utc(as_of)
    return gaps((t for t in tickets if utc(t.opened) <= cutoff and open_at(t, as_of)), admins)


def reassignments(ticket: Ticket) -> int:
    """Engagements minus one, or 0 when the ticket has none."""
    return max(len(ticket.escalations) - 1, 0)


def has_ping_pong(ticket: Ticket) -> bool:
    """Whether the ticket came back to an admin it had already left.

    Engaging the same admin twice in a row is not leaving them, so it does not count.
    """
    left: set[str] = set()
    current: str | None = None
    for engagement in ticket.escalations:
        if engagement.admin == current:
            continue
        if engagement.admin in left:
            return True
        if current is not None:
            left.add(current)
        current = engagement.admin
    return False


def knowledge_captured(engagement: Engagement) -> bool:
    """Whether the engagement's response records a non-empty ``process`` for SC."""
    response = engagement.response
    return response is not None and bool(response.process and response.process.strip())
