"""The settings model: ``extra.escalation`` in ``mkdocs.yml``, every key optional.

Defaults are declared here; :mod:`generator.read.settings` reads and checks the file.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.schema.records import Priority, ResponseWindow

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Audience(enum.StrEnum):
    """Who a build is for: the SC itself, or a build shared with the admins."""

    INTERNAL = "internal"
    SHARED = "shared"


THEME_TEXT_KEYS = ("site_name", "site_description", "site_author", "copyright", "repo_name",
                   "repo_url")
"""Keys of mkdocs.yml that the theme prints into pages as they are, without escaping."""
MARKUP_CHARACTERS = '<>"'
"""What none of :data:`THEME_TEXT_KEYS` may hold: it would be read as markup or end an
attribute in the theme's pages."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChecklistItem:
    """One item of the pre-escalation checklist."""

    id: str
    text: str


DEFAULT_CHECKLIST = (
    ChecklistItem(id="issue-verified", text="Issue reproduced or verified with the requestor"),
    ChecklistItem(id="kb-searched", text="Knowledge base and similar past tickets searched"),
    ChecklistItem(
        id="troubleshooting-done",
        text="Standard troubleshooting completed and recorded on the ticket",
    ),
    ChecklistItem(
        id="evidence-attached",
        text="Evidence attached: error messages, screenshots, times, affected users",
    ),
    ChecklistItem(
        id="outside-sc-scope", text="Confirmed that the fix is outside SC scope or access"
    ),
    ChecklistItem(
        id="owner-identified",
        text="Owning admin identified from the declared purviews (ownership matrix)",
    ),
)

DEFAULT_BANNER = "Confidential — Internal Use Only"
TICKET_ID_PLACEHOLDER = "{id}"
"""Where ``tdx_ticket_url`` takes the ticket's ID (percent-encoded)."""

@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything configurable, with defaults; see the README for each key."""

    root: Path
    """The folder holding the config file; records are found relative to it."""
    config_path: str = "mkdocs.yml"
    """The config file's path relative to ``root``."""
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    business_days: frozenset[int] = frozenset(range(5))
    business_start: time = time(9)
    business_end: time = time(17)
    holidays: frozenset[date] = frozenset()
    response_window_hours: float = 16.0
    response_windows: Mapping[Priority, ResponseWindow] = field(default_factory=dict,
                                                                hash=False)
    """The window per ticket priority, where one is set (not hashed: a dict; the business
    calendar, cached per settings, does not depend on it)."""
    due_soon_hours: float = 4.0
    """An engagement with at most this many calendar hours left is due soon."""
    audience: Audience = Audience.INTERNAL
    checklist: tuple[ChecklistItem, ...] = DEFAULT_CHECKLIST
    banner: str = DEFAULT_BANNER
    sc_lead_team: str | None = None
    internal_dir: str | None = None
    """The internal source's folder relative to ``root`` (normalised), or None."""
    tdx_ticket_url: str | None = None
    """An https:// address with :data:`TICKET_ID_PLACEHOLDER`: each ticket's page in TDX."""
    site_name: str = "Escalation Pathway"
    repo_url: str | None = None
    site_url: str | None = None
    """Where the built site is published (MkDocs' ``site_url``): the digest links each
    ticket there; None when not set (the digest then has no links)."""
    edit_uri: str | None = None
    docs_dir: str = "docs"
    site_dir: str = "site"
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)
    """The config file's line of each ``extra.escalation`` key, for locating problems."""

    def line(self, key: str) -> int:
        """The config file's line of setting ``key`` (1 when not set there)."""
        return self.lines.get(key, 1)

    @property
    def checklist_ids(self) -> tuple[str, ...]:
        """The ids of the checklist items, in order."""
        return tuple(item.id for item in self.checklist)
