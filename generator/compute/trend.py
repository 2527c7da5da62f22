"""An admin's trend over the last complete weeks, and how their engagements stand.

A week of the trend is the weekly report's figures for that admin (:func:`~generator.
compute.metrics.figures_of` over the engagements sent in the week, each in its state as
of A), so the admin page and the weekly pages give the same numbers for the same week.
A week is **complete** when it ended by A (:func:`~generator.schema.weeks.
last_complete_week`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from generator.compute.metrics import AdminFigures, EngagementState, EngagementStatus, figures_of
from generator.schema.records import Outcome
from generator.schema.weeks import IsoWeek, last_complete_week

TREND_WEEKS = 12
"""How many complete weeks an admin page's trend shows."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TrendWeek:
    """One week of an admin's trend: the engagements sent in it, as of A."""

    week: IsoWeek
    figures: AdminFigures
    """The weekly report's figures of the admin for the week (engaged, responded,
    outcomes, no-response, median response hours ...)."""

    @property
    def declined(self) -> int:
        """Of the engagements sent in the week, those declined by A."""
        return self.figures.outcomes[Outcome.DECLINED]


def trend_weeks(as_of: datetime, tz: tzinfo, count: int = TREND_WEEKS) -> list[IsoWeek]:
    """The last ``count`` weeks that ended by ``as_of`` (read in ``tz``), oldest first."""
    weeks = [last_complete_week(as_of, tz)]
    while len(weeks) < count:
        weeks.append(weeks[-1].previous())
    return weeks[::-1]


def state_counts(statuses: Iterable[EngagementStatus]) -> dict[EngagementState, int]:
    """How many of ``statuses`` are in each state: every state, in
    :class:`~generator.compute.metrics.EngagementState` order, zeros included."""
    counts = dict.fromkeys(EngagementState, 0)
    for status in statuses:
        counts[status.state] += 1
    return counts


def admin_trend(
    admin: str, statuses: Iterable[EngagementStatus], weeks: Iterable[IsoWeek], tz: tzinfo
) -> tuple[TrendWeek, ...]:
    """The trend of ``admin`` over ``weeks``, from their engagement ``statuses`` (as of A):
    one :class:`TrendWeek` per week, in the order given, weeks without an engagement
    included."""
    sent: dict[IsoWeek, list[EngagementStatus]] = {week: [] for week in weeks}
    for status in statuses:
        bucket = sent.get(IsoWeek.of(status.engagement.at, tz))
        if bucket is not None:
            bucket.append(status)
    return tuple(
        TrendWeek(week=week, figures=figures_of(admin, found)) for week, found in sent.items()
    )
