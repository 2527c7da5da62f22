"""The typed record model: tickets, engagements, responses, admins and purviews.

Records are immutable and normalised once at load time (timezone-aware datetimes,
enums instead of strings). Each keeps its source file and the line of each field so
that every later finding can point at the exact place to fix.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType


class Tier(enum.StrEnum):
    """How far a ticket went: SC alone, with an admin's input, or handed over."""

    HANDLE = "handle"
    COLLABORATE = "collaborate"
    ESCALATE = "escalate"


class Status(enum.StrEnum):
    """The ticket's state as in TDX."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    WAITING = "waiting"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def is_done(self) -> bool:
        """Resolved or closed."""
        return self in (Status.RESOLVED, Status.CLOSED)


class Priority(enum.StrEnum):
    """The ticket's priority."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Classification(enum.StrEnum):
    """ITIL's distinction: something broken, or a standard ask."""

    INCIDENT = "incident"
    SERVICE_REQUEST = "service-request"


class Channel(enum.StrEnum):
    """Where the request arrived."""

    TDX = "tdx"
    SUPPORT_CHANNEL = "support-channel"
    SLACK_DM = "slack-dm"
    EMAIL = "email"
    PHONE = "phone"
    WALK_UP = "walk-up"


class EngagementTier(enum.StrEnum):
    """The tier of one engagement of an admin."""

    COLLABORATE = "collaborate"
    ESCALATE = "escalate"


class WindowCalendar(enum.StrEnum):
    """Which clock a response window runs on."""

    BUSINESS = "business"
    """Business hours of the configured business calendar."""
    ALWAYS = "always"
    """Elapsed real hours around the clock, weekends and holidays included."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseWindow:
    """A response window: a number of hours on a calendar."""

    hours: float
    calendar: WindowCalendar = WindowCalendar.BUSINESS


class Outcome(enum.StrEnum):
    """What the admin did when they responded."""

    ACCEPTED = "accepted"
    ANSWERED = "answered"
    REDIRECTED = "redirected"
    DECLINED = "declined"


def nearest_line(lines: Mapping[str, int], key_path: str, default: int = 1) -> int:
    """The line of ``key_path`` (dotted), or of its nearest located parent, or ``default``."""
    while key_path:
        if key_path in lines:
            return lines[key_path]
        key_path = key_path.rpartition(".")[0]
    return default


def _frozen(mapping: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Where a record came from: POSIX path relative to the project root, and key lines."""

    path: str
    lines: Mapping[str, int] = field(default_factory=lambda: _frozen({}))

    def line(self, key_path: str = "") -> int:
        """1-based line of ``key_path`` (dotted), of its nearest located parent, or 1."""
        return nearest_line(self.lines, key_path)


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """An admin's response to one engagement."""

    at: datetime
    """When the admin responded (timezone-aware)."""
    outcome: Outcome
    redirect_to: str | None = None
    """The admin slug the ticket was sent on to, when ``outcome`` is redirected."""
    process: str | None = None
    """What SC can do itself next time: the knowledge captured."""
    extra: Mapping[str, object] = field(default_factory=dict)
    """Values of fields the schema declares but this class has no attribute for."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Engagement:
    """One time an admin was asked, collaborate or escalate."""

    admin: str
    """The admin's slug."""
    tier: EngagementTier
    at: datetime
    """When the admin was engaged (timezone-aware)."""
    tag: str | None = None
    reason: str | None = None
    message: str | None = None
    """The meta-protocol message: what process can SC follow next time?"""
    response: Response | None = None
    index: int = 0
    """Position in the ticket's ``escalations`` list (0-based), for locating problems."""
    extra: Mapping[str, object] = field(default_factory=dict)
    """Values of fields the schema declares but this class has no attribute for."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Ticket:
    """One ticket's escalation record; the ID is the file name's stem."""

    id: str
    title: str
    opened: datetime
    classification: Classification
    priority: Priority
    tier: Tier
    status: Status
    source: Source
    resolved: datetime | None = None
    service: str | None = None
    requestor: str | None = None
    department: str | None = None
    channel: Channel = Channel.TDX
    agent: str | None = None
    checklist: Mapping[str, bool] = field(default_factory=dict)
    escalations: tuple[Engagement, ...] = ()
    tags: tuple[str, ...] = ()
    body: str = ""
    """The free Markdown notes below the front-matter (internal content)."""

    extra: Mapping[str, object] = field(default_factory=dict)
    """Values of fields the schema declares but this class has no attribute for."""
    @property
    def admin(self) -> str | None:
        """The admin currently engaged: the one of the last engagement."""
        return self.escalations[-1].admin if self.escalations else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Purview:
    """One service an admin declares as theirs."""

    service: str
    scope: str
    declared: date
    source_note: str
    """Where the declaration came from (the record's ``source`` field)."""
    excludes: str | None = None
    sc_process: str | None = None
    index: int = 0
    extra: Mapping[str, object] = field(default_factory=dict)
    """Values of fields the schema declares but this class has no attribute for."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Admin:
    """An administrator and their declared purview; the slug is the file name's stem."""

    slug: str
    name: str
    source: Source
    email: str | None = None
    github: str | None = None
    team: str | None = None
    active: bool = True
    response_window_hours: float | None = None
    response_windows: Mapping[Priority, ResponseWindow] = field(default_factory=dict)
    """Their own window per ticket priority, where they declare one."""
    purview: tuple[Purview, ...] = ()
    body: str = ""

    extra: Mapping[str, object] = field(default_factory=dict)
    """Values of fields the schema declares but this class has no attribute for."""
    @property
    def services(self) -> frozenset[str]:
        """The services this admin declares."""
        return frozenset(p.service for p in self.purview)
