"""Knowledge captured: the processes admins gave SC in their responses, by service.

Pure functions over records. Each response that records a ``process`` by the as-of
instant is one entry; entries are grouped by the ticket's service (a ticket without one
under :data:`~generator.compute.metrics.UNCLASSIFIED`, as the gaps count it) and each
group says whether the service's declared purview already holds an ``sc_process``: the
step that turns knowledge captured once into what SC may do every time.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from generator.compute.metrics import UNCLASSIFIED, knowledge_captured
from generator.schema.clock import utc
from generator.schema.records import Admin, Engagement, Outcome, Ticket


class PurviewProcess(enum.StrEnum):
    """Whether the purview declaring a service documents what SC may do itself."""

    DOCUMENTED = "documented"
    """An active admin declares the service with an ``sc_process``."""
    MISSING = "missing"
    """Active admins declare the service, none with an ``sc_process`` yet."""
    UNDECLARED = "undeclared"
    """No active admin declares the service (a gap), or the tickets name no service."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CapturedProcess:
    """One response that gave SC a process to follow next time."""

    ticket: Ticket
    engagement: Engagement
    at: datetime
    """When the admin responded."""
    outcome: Outcome
    process: str

    @property
    def admin(self) -> str:
        """The slug of the admin who responded."""
        return self.engagement.admin


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceKnowledge:
    """The processes captured for one service, newest first, and its purview's state."""

    service: str
    declared_by: tuple[str, ...]
    """Slugs of the active admins whose purview declares the service, sorted."""
    documented_by: tuple[str, ...]
    """Those of :attr:`declared_by` whose purview of it has an ``sc_process``."""
    entries: tuple[CapturedProcess, ...]

    @property
    def purview(self) -> PurviewProcess:
        """Whether the service's declared purview documents an SC process yet."""
        if self.documented_by:
            return PurviewProcess.DOCUMENTED
        return PurviewProcess.MISSING if self.declared_by else PurviewProcess.UNDECLARED


def captured_processes(tickets: Iterable[Ticket], as_of: datetime) -> list[CapturedProcess]:
    """Every response with a non-empty ``process`` received by ``as_of``, in record order."""
    cutoff = utc(as_of)
    found: list[CapturedProcess] = []
    for ticket in tickets:
        for engagement in ticket.escalations:
            response = engagement.response
            if response is None or not knowledge_captured(engagement):
                continue
            if utc(response.at) <= cutoff:
                found.append(CapturedProcess(
                    ticket=ticket, engagement=engagement, at=response.at,
                    outcome=response.outcome, process=(response.process or "").strip()))
    return found


def knowledge_by_service(
    tickets: Iterable[Ticket], admins: Mapping[str, Admin], as_of: datetime
) -> tuple[ServiceKnowledge, ...]:
    """The knowledge captured by ``as_of``, one group per service in service order.

    Within a group the newest response comes first; responses at the same instant are in
    ticket ID order, then engagement order. Only active admins' purviews count, as for
    the gaps: an inactive admin's purview routes nothing.
    """
    groups: dict[str, list[CapturedProcess]] = {}
    for entry in captured_processes(tickets, as_of):
        groups.setdefault(entry.ticket.service or UNCLASSIFIED, []).append(entry)
    declared: dict[str, set[str]] = {}
    documented: dict[str, set[str]] = {}
    for slug, admin in admins.items():
        if not admin.active:
            continue
        for purview in admin.purview:
            declared.setdefault(purview.service, set()).add(slug)
            if purview.sc_process and purview.sc_process.strip():
                documented.setdefault(purview.service, set()).add(slug)
    result = []
    for service in sorted(groups):
        entries = sorted(groups[service], key=lambda e: (e.ticket.id, e.engagement.index))
        entries.sort(key=lambda e: utc(e.at), reverse=True)  # stable: ties keep ID order
        result.append(ServiceKnowledge(
            service=service, declared_by=tuple(sorted(declared.get(service, ()))),
            documented_by=tuple(sorted(documented.get(service, ()))), entries=tuple(entries)))
    return tuple(result)
