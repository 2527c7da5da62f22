"""The rules of one ticket that relate its fields and other records: dates in order, tiers,
the checklist, ownership; and the rule between admins (overlapping purviews).

Each rule is a small function over typed records that yields located problems; the
shape of single fields was already checked while loading (:mod:`load`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from generator.schema.clock import needs_offset, utc
from generator.schema.problems import Problem, make_problem, suggest
from generator.schema.records import Admin, EngagementTier, Ticket, Tier
from generator.schema.settings import Settings


def _when(value: datetime) -> str:
    """How messages show a time; with its UTC offset when the reading is repeated."""
    return value.isoformat(" ", "minutes") if needs_offset(value) else f"{value:%Y-%m-%d %H:%M}"


def check_dates(ticket: Ticket) -> Iterator[Problem]:
    """Resolved, engagement and response times must not run backwards (as instants: the
    same wall-clock reading can be two instants an hour apart)."""
    src = ticket.source
    if ticket.status.is_done and ticket.resolved is None:
        yield make_problem(
            src.path, src.line("status"), "ticket.resolved-missing",
            f"field 'resolved': required when status is {ticket.status.value!r}",
        )
    if ticket.resolved is not None and not ticket.status.is_done:
        # The dashboard goes by status, the weekly figures by the resolved time: say so.
        yield make_problem(
            src.path, src.line("resolved"), "ticket.resolved-while-open",
            f"field 'resolved': set while status is {ticket.status.value!r}; remove it or"
            " set the status to resolved or closed",
        )
    if ticket.resolved is not None and utc(ticket.resolved) < utc(ticket.opened):
        yield make_problem(
            src.path, src.line("resolved"), "ticket.resolved-before-opened",
            f"field 'resolved': expected a time not before opened ({_when(ticket.opened)})"
            f" but received {_when(ticket.resolved)}",
        )
    previous = None
    for engagement in ticket.escalations:
        key = f"escalations.{engagement.index}"
        if utc(engagement.at) < utc(ticket.opened):
            yield make_problem(
                src.path, src.line(f"{key}.at"), "ticket.engagement-before-opened",
                f"field 'escalations[{engagement.index}].at': expected a time not before opened"
                f" ({_when(ticket.opened)}) but received {_when(engagement.at)}",
            )
        if previous is not None and utc(engagement.at) < utc(previous.at):
            yield make_problem(
                src.path, src.line(f"{key}.at"), "ticket.engagements-out-of-order",
                f"field 'escalations[{engagement.index}].at': expected a time not before"
                f" escalations[{previous.index}] ({_when(previous.at)}) but received"
                f" {_when(engagement.at)}; list engagements oldest first",
            )
        response = engagement.response
        if response is not None and utc(response.at) < utc(engagement.at):
            yield make_problem(
                src.path, src.line(f"{key}.response.at"), "ticket.response-before-engagement",
                f"field 'escalations[{engagement.index}].response.at': expected a time not"
                f" before the engagement ({_when(engagement.at)}) but received"
                f" {_when(response.at)}",
            )
        previous = engagement


def check_responses(ticket: Ticket) -> Iterator[Problem]:
    """A response must fit its engagement: a redirect sends the ticket to another admin.

    A "redirect" back to the engaged admin would count as a response that moved the ticket
    on while nobody else was asked: evidence of an answer that was never given.
    """
    src = ticket.source
    for engagement in ticket.escalations:
        response = engagement.response
        if response is not None and response.redirect_to == engagement.admin:
            yield make_problem(
                src.path, src.line(f"escalations.{engagement.index}.response.redirect_to"),
                "ticket.redirect-to-self",
                f"field 'escalations[{engagement.index}].response.redirect_to':"
                f" {engagement.admin!r} is the admin who was engaged; name the admin the"
                " ticket was sent on to, or record the response as answered or declined",
            )


def check_tier(ticket: Ticket, settings: Settings) -> Iterator[Problem]:
    """The ticket's tier must match its engagements; escalate needs the full checklist."""
    src = ticket.source
    if ticket.tier is Tier.HANDLE and ticket.escalations:
        yield make_problem(
            src.path, src.line("escalations"), "ticket.handle-with-escalations",
            f"field 'tier': 'handle' means no admin involvement, but the ticket lists"
            f" {len(ticket.escalations)} engagement(s); set tier to collaborate or escalate",
        )
    elif ticket.tier is not Tier.HANDLE:
        last = ticket.escalations[-1] if ticket.escalations else None
        if last is None:
            yield make_problem(
                src.path, src.line("tier"), "ticket.tier-mismatch",
                f"field 'tier': {ticket.tier.value!r} needs at least one engagement"
                " under 'escalations'",
            )
        elif last.tier.value != ticket.tier.value:
            yield make_problem(
                src.path, src.line("tier"), "ticket.tier-mismatch",
                f"field 'tier': expected {last.tier.value!r} to match the last engagement"
                f" (escalations[{last.index}]) but received {ticket.tier.value!r}",
            )
    missing = [item for item in settings.checklist if not ticket.checklist.get(item.id, False)]
    escalations = [e for e in ticket.escalations if e.tier is EngagementTier.ESCALATE]
    if missing and escalations:
        first = escalations[0]
        names = "; ".join(f"{item.id} ({item.text})" for item in missing)
        yield make_problem(
            src.path, src.line(f"escalations.{first.index}.tier"), "ticket.checklist-incomplete",
            f"field 'escalations[{first.index}].tier': 'escalate' needs the pre-escalation"
            f" checklist complete, but these items are not ticked: {names}",
        )


@dataclass(frozen=True, slots=True)
class Declared:
    """The services declared by admins, computed once for all tickets."""

    active: frozenset[str]
    every: frozenset[str]
    _close: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    """Memo of :meth:`close_to`: many tickets share one undeclared service."""

    def close_to(self, service: str) -> str | None:
        """The declared service spelled closest to ``service`` (a likely typo), or None."""
        if service not in self._close:
            self._close[service] = suggest(service, self.every - {service})
        return self._close[service]

    @classmethod
    def of(cls, admins: Mapping[str, Admin]) -> Declared:
        """Index the purviews of ``admins``."""
        return cls(
            active=frozenset(s for a in admins.values() if a.active for s in a.services),
            every=frozenset(s for a in admins.values() for s in a.services),
        )


def check_ownership(
    ticket: Ticket, admins: Mapping[str, Admin], declared: Declared
) -> Iterator[Problem]:
    """Gaps, near-miss service names, engagements outside purview or to inactive admins."""
    src = ticket.source
    active_services = declared.active
    if ticket.service is not None and ticket.service not in active_services:
        close = declared.close_to(ticket.service)
        inactive = sorted(a.slug for a in admins.values() if ticket.service in a.services)
        if close is not None and not inactive:
            yield make_problem(
                src.path, src.line("service"), "ticket.service-typo",
                f"field 'service': {ticket.service!r} is declared by no admin"
                f" (did you mean {close!r}?)",
            )
        else:
            note = f" (only by inactive: {', '.join(inactive)})" if inactive else ""
            yield make_problem(
                src.path, src.line("service"), "ticket.gap",
                f"field 'service': {ticket.service!r} is declared by no active admin{note};"
                " the ticket is recorded as evidence of an ownership gap",
            )
    for engagement in ticket.escalations:
        admin = admins.get(engagement.admin)
        if admin is None:
            continue
        key = f"escalations.{engagement.index}.admin"
        if not admin.active:
            yield make_problem(
                src.path, src.line(key), "ticket.inactive-admin",
                f"field 'escalations[{engagement.index}].admin': {admin.slug!r} is marked"
                " inactive",
            )
        if (
            engagement.tier is EngagementTier.ESCALATE
            and ticket.service is not None
            and ticket.service in active_services
            and ticket.service not in admin.services
        ):
            yield make_problem(
                src.path, src.line(key), "ticket.outside-purview",
                f"field 'escalations[{engagement.index}].admin': {admin.slug!r} does not"
                f" declare the service {ticket.service!r} in their purview",
            )


def check_overlaps(admins: Mapping[str, Admin]) -> Iterator[Problem]:
    """Two admins declaring the same service: reported on every declaration after the first."""
    first: dict[str, Admin] = {}
    for slug in sorted(admins):
        admin = admins[slug]
        for purview in admin.purview:
            owner = first.setdefault(purview.service, admin)
            if owner is not admin:
                yield make_problem(
                    admin.source.path, admin.source.line(f"purview.{purview.index}.service"),
                    "purview.overlap",
                    f"field 'purview[{purview.index}].service': {purview.service!r} is also"
                    f" declared by {owner.slug!r} ({owner.source.path})",
                )
