"""The weekly report: one ISO week's figures as of an instant A.

Every count is the number of items kept as evidence (:attr:`WeeklyReport.evidence`), so
a figure and the ticket IDs behind it cannot disagree. Definitions are in
``docs/guides/weekly-reports.md``; JSON names and key order are a fixed interface, whose
schema (:data:`~generator.schema.report.REPORT_SCHEMA`) is its first key.

E, the **end** of a report, is the end of the week or A, whichever is earlier: the
figures "at the end" (open escalations, engagements outstanding, unowned tickets) are
taken as of E, every state and ownership among them as of E.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from generator.compute.calendar import BusinessCalendar, calendar_for
from generator.compute.metrics import (
    AdminFigures,
    EngagementState,
    EngagementStatus,
    Ownership,
    admin_figures,
    engagement_statuses,
    figures_of,
    first_escalation,
    gaps,
    knowledge_captured,
    latest_engagement,
    open_at,
    rounded_hours,
    status_as_of,
)
from generator.schema.clock import utc
from generator.schema.records import Admin, Channel, Classification, Ticket, Tier
from generator.schema.report import REPORT_SCHEMA
from generator.schema.settings import Settings
from generator.schema.weeks import IsoWeek

ESCALATION_RATE_DECIMALS = 4
MAX_REPORT_WEEKS = 1560
"""The most weekly reports a build generates (thirty years): each is a page, so the weeks
from the first ticket to the as-of time must fit, or the build is refused."""
TOTAL_ROW = "TOTAL"
"""The ``admin`` cell of the CSV totals row (not a valid admin slug, so it cannot clash)."""


def _state_key(status: EngagementStatus) -> str:
    """The per-admin figure an engagement counts in (its evidence key)."""
    if status.responded:
        return "responded"
    return "no_response" if status.state is EngagementState.NO_RESPONSE else "pending"


@dataclass(frozen=True, slots=True, kw_only=True)
class OutstandingEngagement:
    """An engagement with no response by E and its deadline by E, on a ticket open at E:
    its state as of E is ``no-response``, whenever it was sent and whether or not a later
    engagement superseded it (an unanswered engagement stays evidence)."""

    status: EngagementStatus
    """The engagement's status as of E."""

    @property
    def deadline_week(self) -> IsoWeek:
        """The ISO week its deadline fell in (the deadline is on the configured clock)."""
        return IsoWeek.of(self.status.deadline)

    def to_json(self) -> dict[str, Any]:
        """``{ticket, admin, sent, deadline, overdue_hours}``; overdue at E, 2 decimals."""
        status = self.status
        return {
            "ticket": status.ticket.id,
            "admin": status.engagement.admin,
            "sent": status.engagement.at.isoformat(),
            "deadline": status.deadline.isoformat(),
            "overdue_hours": rounded_hours(status.overdue_hours),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class WeeklyReport:
    """The figures of one week as of one instant; fields in the JSON's order."""

    week: IsoWeek
    start: date
    """The week's Monday."""
    end: date
    """The week's Sunday."""
    as_of: datetime
    tickets_opened: int
    tickets_resolved: int
    opened_by_tier: dict[str, int]
    opened_by_classification: dict[str, int]
    opened_by_channel: dict[str, int]
    escalation_rate: float | None
    engagements_sent: int
    responses_received: int
    deadlines_missed: int
    open_escalations_at_end: int
    gaps: list[str]
    off_record: int
    knowledge_captured: int
    admins: list[AdminFigures]
    outstanding_at_end: tuple[OutstandingEngagement, ...]
    """Sorted by deadline, then ticket ID (then position in the ticket)."""
    unowned_at_end: tuple[str, ...]
    """The tickets open at E whose ownership at E is ``unowned``, by ID (plain string order)."""
    totals: AdminFigures
    """The per-admin figures over every engagement sent in the week (not in the JSON)."""
    at_end: datetime
    """E: the end of the week or A, whichever is earlier (not in the JSON)."""
    ended: bool
    """Whether the week was over by A, so that E is its end (not in the JSON)."""
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Figure → ticket IDs, one per counted item (not in the JSON).

    Keys: the JSON name (``tickets_opened``, ``outstanding_at_end``), ``<category>.<value>``
    for the breakdowns (``opened_by_tier.escalate``, ``gaps.printing``),
    ``admins.<slug>.<figure>`` and ``admins.<slug>.outcomes.<outcome>``: the names of
    :func:`~generator.compute.frozen.flatten_figures`. A ticket appears once per engagement
    counted, so ``len`` equals the figure.
    """
    sent: tuple[EngagementStatus, ...] = ()
    """The engagements sent in the week with their states as of A (not in the JSON)."""

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data, keys in the documented order."""
        return {
            "schema": REPORT_SCHEMA,
            "week": str(self.week),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "tickets_opened": self.tickets_opened,
            "tickets_resolved": self.tickets_resolved,
            "opened_by_tier": dict(self.opened_by_tier),
            "opened_by_classification": dict(self.opened_by_classification),
            "opened_by_channel": dict(self.opened_by_channel),
            "escalation_rate": self.escalation_rate,
            "engagements_sent": self.engagements_sent,
            "responses_received": self.responses_received,
            "deadlines_missed": self.deadlines_missed,
            "open_escalations_at_end": self.open_escalations_at_end,
            "gaps": list(self.gaps),
            "off_record": self.off_record,
            "knowledge_captured": self.knowledge_captured,
            "admins": [figures.to_json() for figures in self.admins],
            "outstanding_at_end": [item.to_json() for item in self.outstanding_at_end],
            "unowned_at_end": list(self.unowned_at_end),
        }

    def tickets(self, figure: str) -> tuple[str, ...]:
        """The distinct ticket IDs behind ``figure`` (an evidence key), in order."""
        return tuple(dict.fromkeys(self.evidence.get(figure, ())))

    def deadline_weeks(self, figure: str, admin: str | None = None) -> dict[IsoWeek, int]:
        """The ISO week of each counted engagement's deadline, oldest week first, with how
        many fell in it: for ``outstanding_at_end``, or for a per-admin engagement figure
        (``engaged``, ``responded``, ``late``, ``no_response``, ``pending``) of ``admin``,
        or of every admin when ``admin`` is None (the totals)."""
        if figure == "outstanding_at_end":
            counted = [item.status for item in self.outstanding_at_end]
        else:
            counted = [s for s in self.sent if (admin is None or s.engagement.admin == admin)
                       and _counts_in(s, figure)]
        weeks: dict[IsoWeek, int] = {}
        for status in counted:
            week = IsoWeek.of(status.deadline)
            weeks[week] = weeks.get(week, 0) + 1
        return dict(sorted(weeks.items()))


def _counts_in(status: EngagementStatus, figure: str) -> bool:
    """Whether an engagement sent in the week counts in the per-admin ``figure``."""
    if figure == "engaged":
        return True
    if figure == "late":
        return status.late
    return _state_key(status) == figure


class TooManyWeeks(ValueError):
    """The weeks from the first ticket to the as-of time are more than a build generates."""


def report_weeks(tickets: Iterable[Ticket], as_of: datetime, tz: tzinfo) -> list[IsoWeek]:
    """Every ISO week from the first ticket's to the as-of week, oldest first.

    Raises :class:`TooManyWeeks`, naming the first ticket's file and line, when they are
    more than :data:`MAX_REPORT_WEEKS`.
    """
    first = min(tickets, key=lambda t: (utc(t.opened), t.id), default=None)
    if first is None:
        return []
    start, end = IsoWeek.of(first.opened, tz), IsoWeek.of(as_of, tz)
    count = (end.monday - start.monday).days // 7 + 1
    if count > MAX_REPORT_WEEKS:
        raise TooManyWeeks(
            f"the weekly reports would run from {start} (the week ticket {first.id} was"
            f" opened, {first.source.path}:{first.source.line('opened')}) to {end} (the"
            f" week of the as-of time {as_of.isoformat()}): {count} weeks, more than the"
            f" {MAX_REPORT_WEEKS} a build generates; check that ticket's date, or build as"
            " of an earlier time"
        )
    return IsoWeek.range(start, end)


class _Tally:
    """Ticket IDs per figure; a figure's count is the length of its list."""

    def __init__(self, *keys: str) -> None:
        self.ids: dict[str, list[str]] = {key: [] for key in keys}

    def add(self, key: str, ticket: Ticket) -> None:
        self.ids.setdefault(key, []).append(ticket.id)

    def count(self, key: str) -> int:
        return len(self.ids.get(key, ()))

    def counts(self, prefix: str, values: Iterable[str]) -> dict[str, int]:
        return {str(value): self.count(f"{prefix}.{value}") for value in values}


@dataclass(frozen=True, slots=True)
class _Bounds:
    """The week ``[start, end)`` and A, as UTC instants."""

    start: datetime
    end: datetime
    as_of: datetime

    def holds(self, moment: datetime) -> bool:
        return self.start <= utc(moment) < self.end

    @property
    def cutoff(self) -> datetime:
        """E: the end of the week or A, whichever is earlier."""
        return min(self.end, self.as_of)


def _count_tickets(
    tickets: Sequence[Ticket], bounds: _Bounds, tally: _Tally
) -> list[Ticket]:
    """Tally the ticket figures; return the tickets opened in the week."""
    opened: list[Ticket] = []
    cutoff = bounds.cutoff
    for ticket in tickets:
        if bounds.holds(ticket.opened):
            opened.append(ticket)
            tally.add("tickets_opened", ticket)
            tally.add(f"opened_by_tier.{ticket.tier}", ticket)
            tally.add(f"opened_by_classification.{ticket.classification}", ticket)
            tally.add(f"opened_by_channel.{ticket.channel}", ticket)
            if ticket.channel is Channel.SLACK_DM:
                tally.add("off_record", ticket)
        if ticket.resolved is not None and bounds.holds(ticket.resolved):
            tally.add("tickets_resolved", ticket)
        if ticket.tier is Tier.ESCALATE:
            first = first_escalation(ticket)
            if (
                first is not None
                and utc(first.at) < cutoff
                and (ticket.resolved is None or utc(ticket.resolved) >= cutoff)
            ):
                tally.add("open_escalations_at_end", ticket)
    return opened


def _count_engagements(
    statuses: Iterable[EngagementStatus], bounds: _Bounds, tally: _Tally
) -> list[EngagementStatus]:
    """Tally the engagement figures; return the engagements sent in the week."""
    sent: list[EngagementStatus] = []
    for status in statuses:
        engagement, ticket = status.engagement, status.ticket
        if bounds.holds(engagement.at):
            sent.append(status)
            tally.add("engagements_sent", ticket)
            prefix = f"admins.{engagement.admin}"
            tally.add(f"{prefix}.engaged", ticket)
            tally.add(f"{prefix}.{_state_key(status)}", ticket)
            if status.responded:
                tally.add(f"{prefix}.outcomes.{status.state}", ticket)
            if status.late:
                tally.add(f"{prefix}.late", ticket)
        response = engagement.response
        answered_at = utc(response.at) if response is not None else None
        if answered_at is not None and bounds.holds(answered_at) and answered_at <= bounds.as_of:
            tally.add("responses_received", ticket)
            if knowledge_captured(engagement):
                tally.add("knowledge_captured", ticket)
        deadline = utc(status.deadline)
        if (
            bounds.holds(deadline)
            and deadline <= bounds.as_of
            and (answered_at is None or answered_at > deadline)
        ):
            tally.add("deadlines_missed", ticket)
    return sent


def _at_end(
    statuses: Sequence[EngagementStatus], calendar: BusinessCalendar, end: datetime,
    due_soon_hours: float,
) -> tuple[list[OutstandingEngagement], list[Ticket]]:
    """The engagements outstanding at ``end`` (E), in their order, and the tickets unowned
    at E: of the tickets open at E, each engagement whose state as of E is no-response,
    and each ticket whose latest engagement sent by E is declined by E."""
    cutoff = utc(end)
    outstanding: list[OutstandingEngagement] = []
    per_ticket: dict[str, list[EngagementStatus]] = {}
    for status in statuses:
        if not open_at(status.ticket, end) or utc(status.engagement.at) > cutoff:
            continue
        per_ticket.setdefault(status.ticket.id, []).append(status)
        response = status.engagement.response
        # Only these can be in state no-response as of E: restate them alone (the cost).
        if utc(status.deadline) <= cutoff and (response is None or utc(response.at) > cutoff):
            at_end = status_as_of(status, calendar, end, due_soon_hours)
            outstanding.append(OutstandingEngagement(status=at_end))
    outstanding.sort(key=lambda item: (utc(item.status.deadline), item.status.ticket.id,
                                       item.status.engagement.index))
    unowned: list[Ticket] = []
    for own in per_ticket.values():
        latest = latest_engagement(own, end)
        response = latest.engagement.response if latest is not None else None
        # Only a response by E can make a ticket unowned at E: restate those alone.
        if latest is None or response is None or utc(response.at) > cutoff:
            continue
        if status_as_of(latest, calendar, end, due_soon_hours).ownership is Ownership.UNOWNED:
            unowned.append(latest.ticket)
    return outstanding, unowned


def compute_week(
    tickets: Iterable[Ticket],
    admins: Mapping[str, Admin],
    settings: Settings,
    week: IsoWeek,
    as_of: datetime,
    statuses: Iterable[EngagementStatus] | None = None,
) -> WeeklyReport:
    """The report of ``week`` as of ``as_of`` (naive means the configured timezone).

    ``statuses`` may be passed when already computed by
    :func:`~generator.compute.metrics.engagement_statuses` for the same tickets *and the same
    as-of time*; computing them once makes many weeks cheap.
    """
    calendar = calendar_for(settings)
    as_of = calendar.localize(as_of)
    tz = settings.timezone
    bounds = _Bounds(utc(week.start(tz)), utc(week.end(tz)), utc(as_of))
    ticket_list = tuple(tickets)
    if statuses is None:
        statuses = engagement_statuses(ticket_list, admins, settings, as_of)
    tally = _Tally(
        "tickets_opened", "tickets_resolved", "engagements_sent", "responses_received",
        "deadlines_missed", "open_escalations_at_end", "off_record", "knowledge_captured",
        "outstanding_at_end", "unowned_at_end",
        *(f"opened_by_tier.{v}" for v in Tier),
        *(f"opened_by_classification.{v}" for v in Classification),
        *(f"opened_by_channel.{v}" for v in Channel),
    )
    status_list = tuple(statuses)
    opened = _count_tickets(ticket_list, bounds, tally)
    sent = _count_engagements(status_list, bounds, tally)
    end = calendar.localize(min(bounds.end, bounds.as_of))
    outstanding, unowned = _at_end(status_list, calendar, end, settings.due_soon_hours)
    for item in outstanding:
        tally.add("outstanding_at_end", item.status.ticket)
    for ticket in unowned:
        tally.add("unowned_at_end", ticket)
    gap_tickets = gaps(opened, admins)
    for service, evidence in gap_tickets.items():
        for ticket in evidence:
            tally.add(f"gaps.{service}", ticket)
    escalated = tally.count(f"opened_by_tier.{Tier.ESCALATE}")
    return WeeklyReport(
        week=week,
        start=week.monday,
        end=week.sunday,
        as_of=as_of,
        tickets_opened=len(opened),
        tickets_resolved=tally.count("tickets_resolved"),
        opened_by_tier=tally.counts("opened_by_tier", Tier),
        opened_by_classification=tally.counts("opened_by_classification", Classification),
        opened_by_channel=tally.counts("opened_by_channel", Channel),
        escalation_rate=round(escalated / len(opened), ESCALATION_RATE_DECIMALS)
        if opened else None,
        engagements_sent=len(sent),
        responses_received=tally.count("responses_received"),
        deadlines_missed=tally.count("deadlines_missed"),
        open_escalations_at_end=tally.count("open_escalations_at_end"),
        gaps=list(gap_tickets),
        off_record=tally.count("off_record"),
        knowledge_captured=tally.count("knowledge_captured"),
        admins=list(admin_figures(sent).values()),
        outstanding_at_end=tuple(outstanding),
        unowned_at_end=tuple(sorted(t.id for t in unowned)),
        totals=figures_of(TOTAL_ROW, sent),
        at_end=end,
        ended=bounds.end <= bounds.as_of,
        evidence={key: tuple(sorted(ids)) for key, ids in tally.ids.items()},
        sent=tuple(sent),
    )
