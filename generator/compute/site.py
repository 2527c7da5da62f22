"""Compute everything the site's pages show, once, before any page is rendered.

Templates only format: every figure, state, age and grouping comes from here, and every
figure comes from :mod:`metrics` and :mod:`weekly`, the same functions behind
``escalation report``, so the dashboard, the admin pages and the weekly pages agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from generator.compute.captured import ServiceKnowledge, knowledge_by_service
from generator.compute.frozen import frozen_differences
from generator.compute.memo import Memo
from generator.compute.metrics import (
    AdminFigures,
    EngagementStatus,
    Ownership,
    admin_figures,
    engagement_statuses,
    gaps,
    open_gaps,
)
from generator.compute.status import StatusGroup, StatusRow, group_rows, status_rows
from generator.compute.trend import TrendWeek, admin_trend, trend_weeks
from generator.compute.weekly import WeeklyReport, compute_week, report_weeks
from generator.compute.weekly_range import compute_weeks
from generator.read.frozen import FrozenReport
from generator.read.project import Project
from generator.schema.clock import utc
from generator.schema.records import Admin, Purview, Ticket
from generator.schema.settings import Audience, Settings
from generator.schema.weeks import IsoWeek

RECENT_TICKETS = 15
CHART_WEEKS = 12


@dataclass(frozen=True, slots=True)
class WeekEntry:
    """One week of the reports: today's figures and, where one exists, the frozen ones."""

    week: IsoWeek
    report: WeeklyReport
    frozen: FrozenReport | None = None
    differences: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OwnershipRow:
    """One declared service with the admins who declare it."""

    service: str
    declarations: tuple[tuple[Admin, Purview], ...]
    tickets: int

    @property
    def overlap(self) -> bool:
        """More than one admin declares the service."""
        return len(self.declarations) > 1


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteContext:
    """Everything the pages need, computed as of one instant for one audience."""

    settings: Settings
    audience: Audience
    as_of: datetime
    admins: Mapping[str, Admin]
    tickets: tuple[Ticket, ...]
    """All tickets, newest opened first."""
    statuses: Mapping[str, tuple[EngagementStatus, ...]]
    """Engagement states per ticket ID, in engagement order."""
    figures: Mapping[str, AdminFigures]
    status_groups: Mapping[StatusGroup, tuple[StatusRow, ...]]
    """The rows of ``escalation status`` as of A, by group in the fixed order
    (:func:`~generator.compute.status.group_rows`): the dashboard and the Escalations page
    show these, so they list what ``status`` lists, in its order."""
    gaps: Mapping[str, tuple[Ticket, ...]]
    """Gap service -> every ticket that is its evidence, open or not (the ownership page)."""
    open_gaps: Mapping[str, tuple[Ticket, ...]]
    """Gap service -> the tickets opened by A and open at A that are its evidence (the
    dashboard; :func:`~generator.compute.metrics.open_gaps`)."""
    ownership: tuple[OwnershipRow, ...]
    weeks: tuple[WeekEntry, ...]
    """Every ISO week from the first ticket's to the as-of week, newest first."""
    by_admin: Mapping[str, tuple[EngagementStatus, ...]] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    """Problem lines to show on the dashboard (live preview of broken records)."""
    declared_services: frozenset[str] = frozenset()
    """Every service some admin declares (active or not)."""
    trends: Mapping[str, tuple[TrendWeek, ...]] = field(default_factory=dict)
    """Admin slug -> their trend over the last complete weeks (every admin record)."""
    waiting: Mapping[str, tuple[StatusRow, ...]] = field(default_factory=dict)
    """Admin slug -> the ``status`` rows, in order, whose latest engagement is theirs and
    whose ownership is ``waiting``: the tickets waiting for that admin's response."""
    knowledge: tuple[ServiceKnowledge, ...] = ()
    """The processes admins gave SC by the as-of instant, grouped by service."""
    memo: Memo | None = field(default=None, compare=False, repr=False)
    """What the last generation made of the same records (the live preview), for the
    pages' per-ticket fragments too; None in a full build."""

    @property
    def internal(self) -> bool:
        """Whether internal-only content may appear (notes, channel analytics)."""
        return self.audience is Audience.INTERNAL

    @property
    def status_rows(self) -> tuple[StatusRow, ...]:
        """The rows of ``escalation status`` as of A, in the fixed order."""
        return tuple(row for rows in self.status_groups.values() for row in rows)


def _ownership(project: Project) -> tuple[OwnershipRow, ...]:
    declared: dict[str, list[tuple[Admin, Purview]]] = defaultdict(list)
    for slug in sorted(project.admins):
        admin = project.admins[slug]
        for purview in admin.purview:
            declared[purview.service].append((admin, purview))
    counts: dict[str, int] = defaultdict(int)
    for ticket in project.tickets:
        if ticket.service:
            counts[ticket.service] += 1
    return tuple(
        OwnershipRow(service=s, declarations=tuple(d), tickets=counts[s])
        for s, d in sorted(declared.items())
    )


def _weeks(
    project: Project, as_of: datetime, statuses: list[EngagementStatus], memo: Memo | None
) -> tuple[WeekEntry, ...]:
    tz = project.settings.timezone
    weeks = report_weeks(project.tickets, as_of, tz)
    if not weeks:
        return ()
    # a frozen week is computed once, as of its snapshot; the others all at once
    frozen_weeks = {week for week in weeks if project.snapshots.get(week) is not None}
    live = [week for week in weeks if week not in frozen_weeks]
    reports = dict(zip(live, compute_weeks(project.tickets, project.admins, project.settings,
                                           weeks, as_of, statuses, skip=frozen_weeks,
                                           memo=memo),
                       strict=True))
    entries: list[WeekEntry] = []
    for week in weeks:
        frozen = project.snapshots.get(week)
        differences: tuple[str, ...] = ()
        if frozen is None:
            report = reports[week]
        else:
            # A frozen week is shown as of its snapshot: the same figures when the records
            # are unchanged, and every figure that differs listed beside the frozen value.
            report = compute_week(
                project.tickets, project.admins, project.settings, week, frozen.as_of
            )
            differences = tuple(frozen_differences(frozen, report))
        entries.append(WeekEntry(week=week, report=report, frozen=frozen,
                                 differences=differences))
    return tuple(reversed(entries))


def _statuses(project: Project, as_of: datetime, memo: Memo | None
              ) -> list[EngagementStatus]:
    """Every engagement's status as of ``as_of``, in ticket order; with ``memo``, an
    unchanged ticket's are those of the last generation (each ticket's depend only on it,
    the admins, the settings and the instant)."""
    settings, admins = project.settings, project.admins
    if memo is None:
        return engagement_statuses(project.tickets, admins, settings, as_of)
    table = memo.table("statuses", (as_of, settings, tuple(admins.items())))
    found: list[EngagementStatus] = []
    for ticket in project.tickets:
        found += table.get((ticket,), lambda ticket=ticket: tuple(  # type: ignore[misc]
            engagement_statuses((ticket,), admins, settings, as_of)))
    return found


def build_context(
    project: Project, *, as_of: datetime, audience: Audience, problems: tuple[str, ...] = (),
    memo: Memo | None = None,
) -> SiteContext:
    """Compute the site's context from loaded records, as of ``as_of``.

    ``memo`` keeps results from one call to the next (the live preview,
    :mod:`generator.compute.memo`): the context is the same as without it."""
    settings = project.settings
    statuses = _statuses(project, as_of, memo)
    per_ticket: dict[str, list[EngagementStatus]] = defaultdict(list)
    per_admin: dict[str, list[EngagementStatus]] = defaultdict(list)
    for status in statuses:
        per_ticket[status.ticket.id].append(status)
        per_admin[status.engagement.admin].append(status)
    rows = status_rows(project.tickets, project.admins, settings, as_of, statuses=statuses,
                       by_ticket=per_ticket)
    waiting: dict[str, list[StatusRow]] = defaultdict(list)
    for row in rows:
        if row.ownership is Ownership.WAITING:
            waiting[row.latest.engagement.admin].append(row)
    weeks = trend_weeks(as_of, settings.timezone)
    tickets = tuple(sorted(project.tickets, key=lambda t: (utc(t.opened), t.id), reverse=True))
    return SiteContext(
        settings=settings,
        audience=audience,
        as_of=as_of,
        admins=dict(sorted(project.admins.items())),
        tickets=tickets,
        statuses={k: tuple(v) for k, v in per_ticket.items()},
        figures=admin_figures(statuses),
        status_groups=group_rows(rows),
        gaps={k: tuple(v) for k, v in gaps(project.tickets, project.admins).items()},
        open_gaps={k: tuple(v) for k, v in open_gaps(project.tickets, project.admins,
                                                       as_of).items()},
        ownership=_ownership(project),
        declared_services=frozenset(s for a in project.admins.values() for s in a.services),
        weeks=_weeks(project, as_of, statuses, memo),
        by_admin={k: tuple(v) for k, v in sorted(per_admin.items())},
        problems=problems,
        trends={slug: admin_trend(slug, per_admin.get(slug, ()), weeks, settings.timezone)
                for slug in sorted(project.admins)},
        waiting={slug: tuple(found) for slug, found in waiting.items()},
        knowledge=knowledge_by_service(project.tickets, project.admins, as_of),
        memo=memo,
    )
