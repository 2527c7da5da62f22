"""``escalation digest``: what needs attention as of A, taken from ``escalation status``.

The digest defines no state of its own. Its first four sections are groups of
:func:`~generator.compute.status.status_rows` as of A, in ``status``'s order:

* **overdue**: group ``no-response`` (most overdue first, with the hours overdue);
* **due soon**: group ``due-soon`` (least time left first);
* **unowned**: group ``unowned`` (declined without naming an owner);
* **redirected**: group ``redirected`` (the admin named another owner, who has not been
  engaged yet: once they are, the ticket's latest engagement is theirs).

The fifth, **new gaps**, compares the dashboard's gaps
(:func:`~generator.compute.metrics.open_gaps`) at two instants: a gap is new when it is a
gap of the tickets open at A and was not one of the tickets open at S, where S
(:func:`digest_since`) is the same wall-clock time as A on the last business day before
A's date. A digest read every business-day morning at the same time therefore reports
each new gap exactly once. Both are computed with today's admin records: purviews have no
history, so a gap that appeared because an admin left is not "new" by this rule; it is on
the dashboard and the ownership page.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from generator.compute.calendar import BusinessCalendar, calendar_for
from generator.compute.metrics import open_gaps
from generator.compute.status import StatusGroup, StatusRow, group_rows, status_rows
from generator.schema.clock import utc
from generator.schema.records import Admin, Ticket
from generator.schema.settings import Settings

DIGEST_SCHEMA = 1
"""The version of the digest's JSON (``render/digest.py``); raised when a key changes."""
DUE_WINDOW = timedelta(hours=1)
"""How long after the morning time a scheduled run still sends the digest
(:func:`digest_due`): one hour, so that exactly one of hourly runs is due."""


class DigestSection(enum.StrEnum):
    """The digest's sections, in the order they are shown; the values are JSON keys."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UNOWNED = "unowned"
    REDIRECTED = "redirected"
    NEW_GAPS = "new_gaps"


SECTION_GROUPS: Mapping[DigestSection, StatusGroup] = {
    DigestSection.OVERDUE: StatusGroup.NO_RESPONSE,
    DigestSection.DUE_SOON: StatusGroup.DUE_SOON,
    DigestSection.UNOWNED: StatusGroup.UNOWNED,
    DigestSection.REDIRECTED: StatusGroup.REDIRECTED,
}
"""The status group each of the first four sections lists."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NewGap:
    """A gap of the tickets open at A that was not a gap at S."""

    service: str
    tickets: tuple[Ticket, ...]
    """Its evidence: the tickets opened by A and open at A, in the records' order."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Digest:
    """Everything one digest shows, as of one instant."""

    as_of: datetime
    since: datetime
    """S: new gaps are those that were not gaps at this instant."""
    rows: Mapping[DigestSection, tuple[StatusRow, ...]]
    """The ``status`` rows of each of the four status sections, in ``status``'s order."""
    new_gaps: tuple[NewGap, ...]
    """By service name."""
    admins: Mapping[str, Admin]
    """The admin records, for names."""

    def count(self, section: DigestSection) -> int:
        """How many lines ``section`` has (tickets, or gaps for the new gaps)."""
        if section is DigestSection.NEW_GAPS:
            return len(self.new_gaps)
        return len(self.rows[section])

    @property
    def empty(self) -> bool:
        """Whether nothing needs attention: every section is empty."""
        return not any(self.count(section) for section in DigestSection)

    def admin_name(self, slug: str) -> str:
        """The admin's name from their record, or the slug when there is none."""
        admin = self.admins.get(slug)
        return admin.name if admin is not None else slug


def compute_digest(tickets: Iterable[Ticket], admins: Mapping[str, Admin],
                   settings: Settings, as_of: datetime) -> Digest:
    """The digest as of ``as_of``: the sections of ``status`` and the new gaps."""
    calendar = calendar_for(settings)
    as_of = calendar.localize(as_of)
    tickets = tuple(tickets)
    groups = group_rows(status_rows(tickets, admins, settings, as_of))
    since = digest_since(calendar, as_of)
    before = open_gaps(tickets, admins, since)
    new_gaps = tuple(NewGap(service=service, tickets=tuple(evidence))
                     for service, evidence in open_gaps(tickets, admins, as_of).items()
                     if service not in before)
    return Digest(as_of=as_of, since=since,
                  rows={section: groups[group] for section, group in SECTION_GROUPS.items()},
                  new_gaps=new_gaps, admins=admins)


def digest_since(calendar: BusinessCalendar, as_of: datetime) -> datetime:
    """S: A's wall-clock time on the last business day before A's local date (a reading
    the clocks skip or repeat that day is read by the calendar's rules)."""
    local = calendar.localize(as_of)
    day = calendar.previous_business_day(local.date())
    return calendar.localize(datetime.combine(day, local.time().replace(tzinfo=None)))


def digest_due(calendar: BusinessCalendar, instant: datetime, morning: time) -> bool:
    """Whether a scheduled run at ``instant`` sends the morning digest: ``instant``'s
    local date is a business day and its local time is at ``morning`` or less than
    :data:`DUE_WINDOW` after it.

    Runs scheduled every hour on the hour (or at the UTC hours of ``morning`` in winter
    and in summer) are then due exactly once on each business day, whatever the UTC
    offset of the day, and never on a weekend or holiday.
    """
    local = calendar.localize(instant)
    if not calendar.is_business_day(local.date()):
        return False
    start = utc(calendar.localize(datetime.combine(local.date(), morning)))
    return start <= utc(local) < start + DUE_WINDOW
