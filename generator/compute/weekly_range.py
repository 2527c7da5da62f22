"""Many weekly reports at once: every week of the site, or a range ``--from .. --to``.

Each week's report reads only the items that can count in it (:func:`week_buckets`), so
a range costs about one pass over the records instead of one per week; the figures are
those of :func:`~generator.compute.weekly.compute_week` over every record.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from datetime import datetime, tzinfo
from functools import partial

from generator.compute.calendar import calendar_for
from generator.compute.memo import Memo
from generator.compute.metrics import EngagementStatus, engagement_statuses, first_escalation
from generator.compute.weekly import WeeklyReport, compute_week
from generator.schema.clock import utc
from generator.schema.records import Admin, Outcome, Ticket, Tier
from generator.schema.settings import Settings
from generator.schema.weeks import IsoWeek

Buckets = dict[IsoWeek, tuple[tuple[Ticket, ...], tuple[EngagementStatus, ...]]]


def _superseded_at(statuses: Sequence[EngagementStatus]) -> dict[int, datetime | None]:
    """For each status (by ``id``), when the next engagement of its ticket was sent: the
    instant it stops being the ticket's latest (None: it is the latest)."""
    order = sorted(statuses, key=lambda s: (s.ticket.id, utc(s.engagement.at),
                                            s.engagement.index))
    until: dict[int, datetime | None] = {}
    for position, status in enumerate(order):
        following = order[position + 1] if position + 1 < len(order) else None
        same = following is not None and following.ticket.id == status.ticket.id
        until[id(status)] = following.engagement.at if following and same else None
    return until


def week_buckets(
    tickets: Sequence[Ticket],
    statuses: Sequence[EngagementStatus],
    weeks: Sequence[IsoWeek],
    tz: tzinfo,
    memo: Memo | None = None,
) -> Buckets:
    """The tickets and engagements that can count in each of ``weeks`` (consecutive,
    oldest first), so that a week's report reads its own items instead of every record.

    Each item goes to the weeks of its own instants, one week either side so that no
    boundary case is lost; and to every week in which it may count at the end (E):
    an escalate ticket while it may be open; an engagement from its deadline while it
    may be unanswered on an open ticket (outstanding); a declined one from its response
    while it may be its open ticket's latest (unowned). :func:`compute_week` still
    applies the exact definitions. With ``memo`` (the live preview), the weeks of an
    item are those found last time for the very same item (and, for an engagement, the
    same time its next one was sent), when the weeks are the same.
    """
    index = {week: i for i, week in enumerate(weeks)}
    ticket_sets: list[dict[str, Ticket]] = [{} for _ in weeks]
    status_sets: list[list[EngagementStatus]] = [[] for _ in weeks]
    first_monday = weeks[0].monday

    def position(moment: datetime) -> int:
        # The weeks are consecutive: a moment's is its local day's distance from the first.
        offset = (moment.astimezone(tz).date() - first_monday).days // 7
        return min(max(offset, 0), len(weeks) - 1)

    def around(start: datetime, *ends: datetime | None) -> range:
        """The weeks from ``start`` to the earliest of ``ends`` (None: no end), ±1."""
        known = [end for end in ends if end is not None]
        last = position(min(known, key=utc)) if known else len(weeks) - 1
        return range(max(position(start) - 1, 0), min(last + 2, len(weeks)))

    def ticket_spots(ticket: Ticket) -> frozenset[int]:
        spots = set(around(ticket.opened, ticket.opened))
        if ticket.resolved is not None:
            spots.update(around(ticket.resolved, ticket.resolved))
        first_escalate = first_escalation(ticket)
        if ticket.tier is Tier.ESCALATE and first_escalate is not None:
            spots.update(around(first_escalate.at, ticket.resolved))
        return frozenset(spots)

    def status_spots(status: EngagementStatus, until: datetime | None) -> frozenset[int]:
        response = status.engagement.response
        moments = [status.engagement.at, status.deadline] + ([response.at] if response else [])
        spots = {i for moment in moments for i in around(moment, moment)}
        resolved = status.ticket.resolved
        spots.update(around(status.deadline, response.at if response else None, resolved))
        if response is not None and response.outcome is Outcome.DECLINED:
            spots.update(around(response.at, until, resolved))
        return frozenset(spots)

    context = (tuple(weeks), tz)
    tickets_table = memo.table("ticket-weeks", context) if memo is not None else None
    statuses_table = memo.table("engagement-weeks", context) if memo is not None else None
    for ticket in tickets:
        found = (ticket_spots(ticket) if tickets_table is None else
                 tickets_table.get((ticket,), partial(ticket_spots, ticket)))
        for i in found:
            ticket_sets[i][ticket.id] = ticket
    superseded = _superseded_at(statuses)
    for status in statuses:
        until = superseded[id(status)]
        found = (status_spots(status, until) if statuses_table is None else
                 statuses_table.get((status,), partial(status_spots, status, until),
                                    value=until))
        for i in found:
            status_sets[i].append(status)
    return {
        week: (tuple(ticket_sets[i].values()), tuple(status_sets[i]))
        for week, i in index.items()
    }


def compute_weeks(
    tickets: Iterable[Ticket],
    admins: Mapping[str, Admin],
    settings: Settings,
    weeks: Sequence[IsoWeek],
    as_of: datetime,
    statuses: Sequence[EngagementStatus] | None = None,
    skip: Container[IsoWeek] = (),
    memo: Memo | None = None,
) -> list[WeeklyReport]:
    """The report of each of ``weeks`` (consecutive, oldest first) as of ``as_of``, in
    order: the same as :func:`compute_week` of each over every record.

    ``statuses`` may be passed when already computed for the same tickets and as-of time.
    The weeks in ``skip`` are left out of the result (the site computes its frozen weeks
    as of their snapshots instead). With ``memo`` (the live preview), a week whose items
    are the very objects of the last call keeps its report: a report reads only its
    week's items, the admins, the settings and the instant.
    """
    if not weeks:
        return []
    ticket_list = tuple(tickets)
    as_of = calendar_for(settings).localize(as_of)
    if statuses is None:
        statuses = engagement_statuses(ticket_list, admins, settings, as_of)
    buckets = week_buckets(ticket_list, statuses, weeks, settings.timezone, memo)

    def report(week: IsoWeek) -> WeeklyReport:
        return compute_week(buckets[week][0], admins, settings, week, as_of,
                            statuses=buckets[week][1])

    if memo is None:
        return [report(week) for week in weeks if week not in skip]
    table = memo.table("weeks", (as_of, settings, tuple(admins.items())))
    return [table.get((*buckets[week][0], *buckets[week][1]),
                      lambda week=week: report(week),  # type: ignore[misc]
                      value=(week, len(buckets[week][0])))
            for week in weeks if week not in skip]
