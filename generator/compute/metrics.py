"""Response tracking and ticket figures: pure functions over records, no file access.

The definitions are fixed by the project (see ``docs/guides/weekly-reports.md``):

* an engagement's **window** is its admin's ``response_window_hours`` or the default;
  its **deadline** is the earliest instant at which the business hours since it was
  sent reach the window;
* **as of A** it is ``answered`` if it has a response at or before A, else
  ``no-response`` if its deadline is at or before A, else ``pending``; an answered
  engagement is **late** when the response came after the deadline (a response exactly
  on the deadline is on time);
* an **open escalation** is a ticket of tier ``escalate`` not resolved or closed; its
  age runs in business hours from its first ``escalate`` engagement to A.

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
from generator.schema.records import Admin, Engagement, EngagementTier, Ticket, Tier
from generator.schema.settings import Settings

UNCLASSIFIED = "unclassified"
"""The gap a ticket without a ``service`` counts as."""


class EngagementState(enum.StrEnum):
    """Where an engagement stands as of a given instant."""

    ANSWERED = "answered"
    NO_RESPONSE = "no-response"
    PENDING = "pending"


@dataclass(frozen=True, slots=True, kw_only=True)
class EngagementStatus:
    """One engagement with its window, deadline and state as of an instant."""

    ticket: Ticket
    engagement: Engagement
    window_hours: float
    """The response window in business hours that applies to this engagement."""
    deadline: datetime
    """The earliest instant at which the window is used up (aware, configured timezone)."""
    state: EngagementState
    late: bool
    """Answered after the deadline (never true unless ``state`` is answered)."""
    response_hours: float | None
    """Business hours from sending to the response, when answered; else None."""


def response_window(admin_slug: str, admins: Mapping[str, Admin], settings: Settings) -> float:
    """The window for an engagement of ``admin_slug``: their own, else the site default."""
    admin = admins.get(admin_slug)
    if admin is not None and admin.response_window_hours is not None:
        return admin.response_window_hours
    return settings.response_window_hours


def engagement_status(
    ticket: Ticket,
    engagement: Engagement,
    window_hours: float,
    calendar: BusinessCalendar,
    as_of: datetime,
) -> EngagementStatus:
    """The status of one engagement as of ``as_of`` (aware)."""
    deadline = calendar.add_business_hours(engagement.at, window_hours)
    response = engagement.response
    cutoff = utc(as_of)
    if response is not None and utc(response.at) <= cutoff:
        state = EngagementState.ANSWERED
        late = utc(response.at) > utc(deadline)
        hours: float | None = calendar.hours_between(engagement.at, response.at)
    else:
        state = (
            EngagementState.NO_RESPONSE if utc(deadline) <= cutoff else EngagementState.PENDING
        )
        late = False
        hours = None
    return EngagementStatus(
        ticket=ticket, engagement=engagement, window_hours=window_hours, deadline=deadline,
        state=state, late=late, response_hours=hours,
    )


def engagement_statuses(
    tickets: Iterable[Ticket],
    admins: Mapping[str, Admin],
    settings: Settings,
    as_of: datetime,
) -> list[EngagementStatus]:
    """The status of every engagement of ``tickets`` as of ``as_of``, in ticket order.

    An engagement of an admin slug with no admin record uses the default window (the
    record error is reported by ``check``; figures are not silently dropped).
    """
    calendar = calendar_for(settings)
    as_of = calendar.localize(as_of)
    windows: dict[str, float] = {}
    statuses: list[EngagementStatus] = []
    for ticket in tickets:
        for engagement in ticket.escalations:
            window = windows.get(engagement.admin)
            if window is None:
                window = windows[engagement.admin] = response_window(
                    engagement.admin, admins, settings
                )
            statuses.append(engagement_status(ticket, engagement, window, calendar, as_of))
    return statuses


@dataclass(frozen=True, slots=True, kw_only=True)
class AdminFigures:
    """One admin's response figures over a set of engagements."""

    admin: str
    engaged: int
    answered: int
    late: int
    no_response: int
    pending: int
    response_rate: float | None
    """answered / (answered + no_response), rounded to 4 decimals; None when both are 0."""
    median_response_hours: float | None
    """Median business hours to respond over answered engagements, 2 decimals; else None."""

    def to_json(self) -> dict[str, Any]:
        """The JSON object, keys in the documented order."""
        return {
            "admin": self.admin,
            "engaged": self.engaged,
            "answered": self.answered,
            "late": self.late,
            "no_response": self.no_response,
            "pending": self.pending,
            "response_rate": self.response_rate,
            "median_response_hours": self.median_response_hours,
        }


def figures_of(admin: str, statuses: Iterable[EngagementStatus]) -> AdminFigures:
    """The figures of ``statuses`` taken together, labelled ``admin``."""
    answered = no_response = pending = late = 0
    hours: list[float] = []
    for status in statuses:
        if status.state is EngagementState.ANSWERED:
            answered += 1
            late += status.late
            if status.response_hours is not None:
                hours.append(status.response_hours)
        elif status.state is EngagementState.NO_RESPONSE:
            no_response += 1
        else:
            pending += 1
    decided = answered + no_response
    return AdminFigures(
        admin=admin,
        engaged=answered + no_response + pending,
        answered=answered,
        late=late,
        no_response=no_response,
        pending=pending,
        response_rate=round(answered / decided, 4) if decided else None,
        median_response_hours=round(statistics.median(hours), 2) if hours else None,
    )


def admin_figures(statuses: Iterable[EngagementStatus]) -> dict[str, AdminFigures]:
    """Figures per engaged admin, keyed and ordered by slug."""
    by_admin: dict[str, list[EngagementStatus]] = {}
    for status in statuses:
        by_admin.setdefault(status.engagement.admin, []).append(status)
    return {slug: figures_of(slug, by_admin[slug]) for slug in sorted(by_admin)}


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenEscalation:
    """A ticket handed over to an admin and not yet resolved, with its age as of A."""

    ticket: Ticket
    since: datetime
    """When the ticket was first escalated (its first ``escalate`` engagement)."""
    age_hours: float
    """Business hours from ``since`` to A."""
    age_days: float
    """``age_hours`` in business days (hours / hours in a business day)."""


def first_escalation(ticket: Ticket) -> Engagement | None:
    """The ticket's first engagement of tier ``escalate``, if any."""
    for engagement in ticket.escalations:
        if engagement.tier is EngagementTier.ESCALATE:
            return engagement
    return None


def open_escalations(
    tickets: Iterable[Ticket], calendar: BusinessCalendar, as_of: datetime
) -> list[OpenEscalation]:
    """Open escalations as of ``as_of``, oldest first (then by ticket ID).

    A ticket of tier ``escalate`` without any ``escalate`` engagement has no start to age
    from; ``check`` reports it as an error (``ticket.tier-mismatch``) and it is left out.
    """
    found: list[OpenEscalation] = []
    for ticket in tickets:
        if ticket.tier is not Tier.ESCALATE or ticket.status.is_done:
            continue
        first = first_escalation(ticket)
        if first is None:
            continue
        hours = calendar.hours_between(first.at, as_of)
        found.append(
            OpenEscalation(
                ticket=ticket, since=first.at, age_hours=hours,
                age_days=hours / calendar.hours_per_day,
            )
        )
    found.sort(key=lambda item: (utc(item.since), item.ticket.id))
    return found


def involvement_age_days(ticket: Ticket, calendar: BusinessCalendar, as_of: datetime) -> float:
    """Business days an admin has been involved, for the escalations page.

    From the first ``escalate`` engagement for an escalate ticket (the open-escalation age
    of the dashboard), else from the first engagement; to the ``resolved`` time of a
    resolved or closed ticket, else to ``as_of``. 0 for a ticket with no engagement.
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
