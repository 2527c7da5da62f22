"""The weekly report: one ISO week's figures as of an instant A.

Every count is the number of items kept as evidence (:attr:`WeeklyReport.evidence`), so
a figure and the ticket IDs behind it cannot disagree. Definitions are in
``docs/guides/weekly-reports.md``; JSON names and key order are a fixed interface.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from generator.compute.calendar import calendar_for
from generator.compute.metrics import (
    AdminFigures,
    EngagementState,
    EngagementStatus,
    admin_figures,
    engagement_statuses,
    figures_of,
    first_escalation,
    gaps,
    knowledge_captured,
)
from generator.schema.clock import utc
from generator.schema.records import Admin, Channel, Classification, Ticket, Tier
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
        return "answered"
    return "no_response" if status.state is EngagementState.NO_RESPONSE else "pending"


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
    totals: AdminFigures
    """The per-admin figures over every engagement sent in the week (not in the JSON)."""
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Figure → ticket IDs, one per counted item (not in the JSON).

    Keys: the JSON name (``tickets_opened``), ``<category>.<value>`` for the breakdowns
    (``opened_by_tier.escalate``, ``gaps.printing``) and ``admins.<slug>.<figure>``. A
    ticket appears once per engagement counted, so ``len`` equals the figure.
    """
    sent: tuple[EngagementStatus, ...] = ()
    """The engagements sent in the week with their states as of A (not in the JSON)."""

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data, keys in the documented order."""
        return {
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
        }

    def tickets(self, figure: str) -> tuple[str, ...]:
        """The distinct ticket IDs behind ``figure`` (an evidence key), in order."""
        return tuple(dict.fromkeys(self.evidence.get(figure, ())))


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
        *(f"opened_by_tier.{v}" for v in Tier),
        *(f"opened_by_classification.{v}" for v in Classification),
        *(f"opened_by_channel.{v}" for v in Channel),
    )
    opened = _count_tickets(ticket_list, bounds, tally)
    sent = _count_engagements(statuses, bounds, tally)
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
        totals=figures_of(TOTAL_ROW, sent),
        evidence={key: tuple(sorted(ids)) for key, ids in tally.ids.items()},
        sent=tuple(sent),
    )
