"""``escalation status``: every open collaborate or escalate ticket as of A, most urgent first.

A row describes a ticket by its latest engagement sent by A (:func:`~generator.compute.
metrics.latest_engagement`): its window, deadline, state and the ticket's ownership. The
row order is fixed (issue 16), so that the command, the dashboard and anyone's
spreadsheet list the same tickets in the same order:

1. state ``no-response``, most overdue first;
2. ownership ``unowned``; 3. ownership ``redirected``;
4. state ``due-soon``, then 5. state ``pending``, least time left first;
6. ownership ``with-sc``; 7. ownership ``with-admin``;

groups 2, 3, 6 and 7 oldest engagement first; the unrounded hours decide; remaining ties
go by ticket ID in plain string order. JSON names and key order are a fixed interface.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from generator.compute.calendar import calendar_for
from generator.compute.metrics import (
    EngagementState,
    EngagementStatus,
    Ownership,
    engagement_statuses,
    latest_engagement,
    open_at,
    rounded_hours,
)
from generator.schema.clock import utc
from generator.schema.records import Admin, Ticket, Tier
from generator.schema.settings import Settings

STATUS_TIERS = frozenset({Tier.COLLABORATE, Tier.ESCALATE})
"""The ticket tiers ``status`` lists."""
STATUS_FIELDS = ("ticket", "title", "tier", "priority", "admin", "engaged", "window_hours",
                 "calendar", "deadline", "state", "ownership", "remaining_hours",
                 "overdue_hours", "engagements")
"""The keys of a row's JSON, in order (also the CSV columns)."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class StatusGroup(enum.IntEnum):
    """The groups of the fixed order, lowest first."""

    NO_RESPONSE = 1
    UNOWNED = 2
    REDIRECTED = 3
    DUE_SOON = 4
    PENDING = 5
    WITH_SC = 6
    WITH_ADMIN = 7


_GROUP_OF_STATE: Mapping[EngagementState, StatusGroup] = {
    EngagementState.NO_RESPONSE: StatusGroup.NO_RESPONSE,
    EngagementState.DECLINED: StatusGroup.UNOWNED,
    EngagementState.REDIRECTED: StatusGroup.REDIRECTED,
    EngagementState.DUE_SOON: StatusGroup.DUE_SOON,
    EngagementState.PENDING: StatusGroup.PENDING,
    EngagementState.ANSWERED: StatusGroup.WITH_SC,
    EngagementState.ACCEPTED: StatusGroup.WITH_ADMIN,
}
"""A row's group follows from its state: the ownership of groups 2, 3, 6 and 7 is one
state each (unowned is declined, with-sc answered ...)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusRow:
    """One ticket of ``escalation status``: described by its latest engagement sent by A."""

    ticket: Ticket
    latest: EngagementStatus
    """The status, as of A, of the ticket's latest engagement sent by A."""
    engagements: int
    """How many of the ticket's engagements were sent by A."""

    @property
    def ownership(self) -> Ownership:
        """The ticket's ownership as of A."""
        return self.latest.ownership

    @property
    def group(self) -> StatusGroup:
        """The row's group in the fixed order (:class:`StatusGroup`)."""
        return _GROUP_OF_STATE[self.latest.state]

    def sort_key(self) -> tuple[StatusGroup, float, datetime, str]:
        """The fixed order: group, the group's own measure (hours overdue, descending, or
        left; else the time engaged), then the ticket ID."""
        group, latest = self.group, self.latest
        hours, engaged = 0.0, _EPOCH
        if group is StatusGroup.NO_RESPONSE:
            hours = -(latest.overdue_hours or 0.0)
        elif group in (StatusGroup.DUE_SOON, StatusGroup.PENDING):
            hours = latest.remaining_hours or 0.0
        else:
            engaged = utc(latest.engagement.at)
        return (group, hours, engaged, self.ticket.id)

    def to_json(self) -> dict[str, Any]:
        """The row as JSON-ready data, keys in :data:`STATUS_FIELDS` order."""
        latest = self.latest
        return {
            "ticket": self.ticket.id,
            "title": self.ticket.title,
            "tier": str(self.ticket.tier),
            "priority": str(self.ticket.priority),
            "admin": latest.engagement.admin,
            "engaged": latest.engagement.at.isoformat(),
            "window_hours": latest.window_hours,
            "calendar": str(latest.calendar),
            "deadline": latest.deadline.isoformat(),
            "state": str(latest.state),
            "ownership": str(self.ownership),
            "remaining_hours": rounded_hours(latest.remaining_hours),
            "overdue_hours": rounded_hours(latest.overdue_hours),
            "engagements": self.engagements,
        }


def status_rows(
    tickets: Iterable[Ticket],
    admins: Mapping[str, Admin],
    settings: Settings,
    as_of: datetime,
    statuses: Sequence[EngagementStatus] | None = None,
    by_ticket: Mapping[str, Sequence[EngagementStatus]] | None = None,
) -> list[StatusRow]:
    """The rows of ``escalation status`` as of ``as_of``, in the fixed order.

    Every ticket open at A of tier collaborate or escalate with an engagement sent by A.
    ``statuses`` may be passed when already computed by
    :func:`~generator.compute.metrics.engagement_statuses` for the same tickets and the
    same as-of time (the site does), and with them ``by_ticket``, the same statuses by
    ticket ID, when already grouped.
    """
    as_of = calendar_for(settings).localize(as_of)
    listed = [t for t in tickets if t.tier in STATUS_TIERS and open_at(t, as_of)]
    if statuses is None:
        statuses = engagement_statuses(listed, admins, settings, as_of)
    per_ticket: Mapping[str, Sequence[EngagementStatus]]
    if by_ticket is None:
        grouped: dict[str, list[EngagementStatus]] = {}
        for status in statuses:
            grouped.setdefault(status.ticket.id, []).append(status)
        per_ticket = grouped
    else:
        per_ticket = by_ticket
    rows = [row for ticket in listed
            if (row := ticket_row(ticket, per_ticket.get(ticket.id, ()), as_of)) is not None]
    rows.sort(key=StatusRow.sort_key)
    return rows


def ticket_row(ticket: Ticket, statuses: Iterable[EngagementStatus], as_of: datetime
               ) -> StatusRow | None:
    """``ticket`` described as a ``status`` row, from its engagement statuses as of
    ``as_of``; None when no engagement was sent by then. It does not ask whether the
    ticket is one that ``status`` lists (the Escalations page also shows resolved ones)."""
    own = tuple(statuses)
    latest = latest_engagement(own, as_of)
    if latest is None:
        return None
    cutoff = utc(as_of)
    sent = sum(1 for s in own if utc(s.engagement.at) <= cutoff)
    return StatusRow(ticket=ticket, latest=latest, engagements=sent)


def group_rows(rows: Iterable[StatusRow]) -> dict[StatusGroup, tuple[StatusRow, ...]]:
    """``rows`` split by :attr:`StatusRow.group`: every group, in :class:`StatusGroup` order
    (empty ones included), each keeping the rows' order.

    Given :func:`status_rows`, the groups read one after the other are the rows in the
    fixed order, so a page that shows the groups shows ``status`` itself.
    """
    groups: dict[StatusGroup, list[StatusRow]] = {group: [] for group in StatusGroup}
    for row in rows:
        groups[row.group].append(row)
    return {group: tuple(found) for group, found in groups.items()}
