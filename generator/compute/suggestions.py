"""What the site suggests for a ticket's next edit: whom to engage, at which tier, and
which engagement a response would answer (the values its issue-form links prefill)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.schema.records import Admin, Engagement, EngagementTier, Outcome, Ticket


@dataclass(frozen=True, slots=True)
class EngageSuggestion:
    """The values an "Engage an admin" form starts with (None: left for the agent)."""

    admin: str | None
    tier: str


def active_declarers(admins: Iterable[Admin]) -> Mapping[str, tuple[str, ...]]:
    """Service -> the slugs of the active admins whose purview declares it, sorted."""
    found: dict[str, list[str]] = defaultdict(list)
    for admin in sorted(admins, key=lambda a: a.slug):
        if admin.active:
            for service in sorted(admin.services):
                found[service].append(admin.slug)
    return {service: tuple(slugs) for service, slugs in found.items()}


def suggest_engagement(ticket: Ticket, declarers: Mapping[str, tuple[str, ...]]
                       ) -> EngageSuggestion:
    """Whom to engage next: the admin a redirect named, when the latest engagement was
    redirected; else the one active admin declaring the ticket's service (nobody when
    none or several do: the purviews do not say). The tier is the ticket's, or
    ``collaborate`` for a ticket SC still handles alone."""
    latest = ticket.escalations[-1] if ticket.escalations else None
    admin = None
    if (latest is not None and latest.response is not None
            and latest.response.outcome is Outcome.REDIRECTED):
        admin = latest.response.redirect_to
    elif ticket.service is not None:
        candidates = declarers.get(ticket.service, ())
        admin = candidates[0] if len(candidates) == 1 else None
    tiers = {t.value for t in EngagementTier}
    tier = ticket.tier.value if ticket.tier.value in tiers else EngagementTier.COLLABORATE.value
    return EngageSuggestion(admin=admin, tier=tier)


def awaiting_response(ticket: Ticket) -> Engagement | None:
    """The engagement a response would answer: the latest one without a response (the one
    ``escalation respond`` picks for its admin), or None when every one has one."""
    for engagement in reversed(ticket.escalations):
        if engagement.response is None:
            return engagement
    return None
