"""The knowledge base's typed entries: scenarios and the ITIL practices they cite.

Entries are data, not pages: one front-matter Markdown file each under
``docs/reference/scenarios/`` and ``docs/reference/itil/``. Like tickets and admins, they
are immutable and keep their source file and the line of every key, so that every
problem points at the place to fix.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from generator.schema.records import Source
from generator.schema.settings import Audience


class ScenarioTier(enum.StrEnum):
    """The tier a scenario belongs to; ``any`` when it is not tied to one tier."""

    HANDLE = "handle"
    COLLABORATE = "collaborate"
    ESCALATE = "escalate"
    ANY = "any"


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """One situation with the words to use in it; the slug is the file name's stem."""

    slug: str
    scenario: str
    """The situation, in one line, as an agent would describe it."""
    language: str
    """The suggested words, as they would actually be said."""
    principle: str
    """The key principle the scenario applies."""
    itil: tuple[str, ...]
    """Slugs of the ITIL entries the scenario cites, in the order written."""
    tier: ScenarioTier
    source: Source
    audience: Audience = Audience.SHARED
    """``internal`` keeps the scenario out of the shared build entirely."""
    body: str = ""
    """The hand-written Markdown below the front-matter (Context, Do, Don't)."""
    body_line: int = 1
    """The file line the body starts on."""
    extra: Mapping[str, object] = field(default_factory=dict)
    """Values of fields the schema declares but this class has no attribute for."""

    @property
    def internal(self) -> bool:
        """Whether only the internal build shows the scenario."""
        return self.audience is Audience.INTERNAL


@dataclass(frozen=True, slots=True, kw_only=True)
class ItilEntry:
    """One ITIL practice and why it matters here; the slug is the file name's stem."""

    slug: str
    practice: str
    """The practice's display name."""
    relevance: str
    """How the practice relates to the initiative, in a sentence or two."""
    key_points: tuple[str, ...]
    source: Source
    audience: Audience = Audience.SHARED
    """``internal`` keeps the entry out of the shared build entirely."""
    body: str = ""
    """The hand-written Markdown below the front-matter."""
    body_line: int = 1
    """The file line the body starts on."""
    extra: Mapping[str, object] = field(default_factory=dict)
    """Values of fields the schema declares but this class has no attribute for."""

    @property
    def internal(self) -> bool:
        """Whether only the internal build shows the entry."""
        return self.audience is Audience.INTERNAL


def _frozen(mapping: Mapping[str, ItilEntry]) -> Mapping[str, ItilEntry]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True, kw_only=True)
class KnowledgeBase:
    """Every scenario and ITIL entry that could be read, in display order."""

    scenarios: tuple[Scenario, ...] = ()
    """Ordered by the situation's text, then slug."""
    practices: tuple[ItilEntry, ...] = ()
    """Ordered by practice name, then slug."""
    by_slug: Mapping[str, ItilEntry] = field(default_factory=lambda: _frozen({}))
    """The ITIL entries by slug."""

    @classmethod
    def of(cls, scenarios: list[Scenario], practices: list[ItilEntry]) -> KnowledgeBase:
        """Sort the entries for display and index the practices by slug."""
        return cls(
            scenarios=tuple(sorted(scenarios, key=lambda s: (s.scenario.casefold(), s.slug))),
            practices=tuple(sorted(practices, key=lambda p: (p.practice.casefold(), p.slug))),
            by_slug=_frozen({p.slug: p for p in practices}),
        )

    def for_audience(self, audience: Audience) -> KnowledgeBase:
        """The entries ``audience`` may see: the shared build drops internal entries (and
        so every link to an internal ITIL entry)."""
        if audience is Audience.INTERNAL:
            return self
        practices = tuple(p for p in self.practices if not p.internal)
        return KnowledgeBase(
            scenarios=tuple(s for s in self.scenarios if not s.internal),
            practices=practices,
            by_slug=_frozen({p.slug: p for p in practices}),
        )

    def cited(self, scenario: Scenario) -> tuple[ItilEntry, ...]:
        """The ITIL entries a scenario cites that exist, in the order it lists them."""
        return tuple(self.by_slug[slug] for slug in scenario.itil if slug in self.by_slug)

    def citing(self, practice: ItilEntry) -> tuple[Scenario, ...]:
        """The scenarios that cite ``practice``, in display order."""
        return tuple(s for s in self.scenarios if practice.slug in s.itil)


FRAMEWORK_PAGE = "reference/framework.md"
"""The framework page's path under docs/ and in the staging folder (it keeps its URL)."""
FRAMEWORK_MARKERS = ("checklist", "response_window")
"""The marker lines the framework page fills in from the settings."""
MARKER_LINE = re.compile(r"^[ \t]*\{\{[ \t]*([A-Za-z0-9_.-]+)[ \t]*\}\}[ \t]*$", re.MULTILINE)
"""A line holding only ``{{ name }}``."""
ENTRY_GUIDE = "contributing/reference-entries.md"
"""The guide to writing entries, under docs/ (linked from the entry pages when present)."""
