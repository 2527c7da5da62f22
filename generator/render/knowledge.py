"""The knowledge base's pages: Markdown from the entries, one template per page kind.

Front-matter values are user text and are escaped by the templates (autoescape in HTML
tables, the ``md`` filter in Markdown prose). Entry bodies are hand-written Markdown,
reviewed in pull requests like every page of ``docs/``, and are published as written,
with internal blocks removed for the shared audience.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.compute.site import SiteContext
from generator.read.docs import for_audience
from generator.read.knowledge import KnowledgeFiles
from generator.read.project import Project
from generator.render import urls
from generator.render.framework import render_framework
from generator.render.templating import environment
from generator.schema.knowledge import (
    ENTRY_GUIDE,
    FRAMEWORK_PAGE,
    ItilEntry,
    KnowledgeBase,
    Scenario,
)
from generator.schema.paths import ITIL_DIR, SCENARIOS_DIR
from generator.schema.settings import Audience, Settings

SCENARIOS = "reference/scenarios/index.md"
ITIL = "reference/itil/index.md"
_LEADING_H1 = re.compile(r"\A\s*#[ \t]+[^\n]*(?:\n|\Z)")


def scenario_page(scenario: Scenario) -> str:
    """The page of one scenario, e.g. ``reference/scenarios/not-mine-no-purview.md``."""
    return f"reference/scenarios/{scenario.slug}.md"


def practice_page(practice: ItilEntry) -> str:
    """The page of one ITIL entry, e.g. ``reference/itil/service-ownership.md``."""
    return f"reference/itil/{practice.slug}.md"


@dataclass(frozen=True, slots=True)
class RefLinks:
    """Relative links from one reference page, for templates."""

    page: str

    def html(self, target: str) -> str:
        """A link for raw HTML (tables): a directory URL relative to this page."""
        return urls.href(self.page, target)

    def md(self, target: str) -> str:
        """A Markdown link target: the ``.md`` path MkDocs resolves and validates."""
        return posixpath.relpath(target, posixpath.dirname(self.page) or ".")

    def scenario(self, scenario: Scenario, markdown: bool = False) -> str:
        """A link to a scenario's page."""
        target = scenario_page(scenario)
        return self.md(target) if markdown else self.html(target)

    def practice(self, practice: ItilEntry, markdown: bool = False) -> str:
        """A link to an ITIL entry's page."""
        target = practice_page(practice)
        return self.md(target) if markdown else self.html(target)


def entry_body(body: str, audience: Audience, *, drop_title: bool = False) -> Markup:
    """A trusted entry body for ``audience``; ``drop_title`` removes a leading ``# H1``.

    The page shows its own title from the front-matter, so a body's own H1 would repeat
    it. Bodies are hand-written docs content reviewed like any page: not escaped.
    """
    text = for_audience(body, audience, front_matter=False) or ""
    if drop_title:
        text = _LEADING_H1.sub("", text, count=1)
    return Markup(text.strip("\n"))


"""The contributors' page on entries, linked from the index pages when it exists."""


def _render(template: str, page: str, **values: Any) -> str:
    return environment().get_template(template).render(L=RefLinks(page), **values)


def render_scenarios(
    kb: KnowledgeBase, audience: Audience, guide: str | None = None
) -> dict[str, str]:
    """The Scenario Language Reference table and one page per scenario."""
    sources = f"{SCENARIOS_DIR}/ ({len(kb.scenarios)} scenarios)"
    pages = {SCENARIOS: _render("reference_scenarios.md.j2", SCENARIOS, kb=kb,
                                sources=sources, guide=guide)}
    for scenario in kb.scenarios:
        page = scenario_page(scenario)
        pages[page] = _render(
            "reference_scenario.md.j2", page, s=scenario, cited=kb.cited(scenario),
            body=entry_body(scenario.body, audience), index=SCENARIOS,
        )
    return pages


def render_practices(
    kb: KnowledgeBase, audience: Audience, guide: str | None = None
) -> dict[str, str]:
    """The ITIL grounding table and one page per practice, with back-links to scenarios."""
    sources = f"{ITIL_DIR}/ ({len(kb.practices)} practices) and the scenarios citing them"
    pages = {ITIL: _render("reference_itil.md.j2", ITIL, kb=kb, sources=sources, guide=guide)}
    for practice in kb.practices:
        page = practice_page(practice)
        pages[page] = _render(
            "reference_practice.md.j2", page, p=practice, citing=kb.citing(practice),
            body=entry_body(practice.body, audience, drop_title=True), index=ITIL,
        )
    return pages


def render_reference(knowledge: KnowledgeFiles, settings: Settings,
                     audience: Audience) -> dict[str, str]:
    """Every knowledge-base page for ``audience``: framework, scenarios, ITIL grounding.

    Index pages exist when their folder does (a project without a knowledge base gets
    no reference pages); internal scenarios are absent from the shared audience's pages,
    tables and back-links.
    """
    shown = knowledge.entries.for_audience(audience)
    pages: dict[str, str] = {}
    if knowledge.framework is not None:
        text = render_framework(knowledge.framework, settings, audience)
        if text is not None:
            pages[FRAMEWORK_PAGE] = text
    guide = ENTRY_GUIDE if knowledge.guide else None
    if knowledge.scenario_folder:
        pages.update(render_scenarios(shown, audience, guide))
    if knowledge.itil_folder:
        pages.update(render_practices(shown, audience, guide))
    return pages


class ReferenceFamily:
    """The knowledge base as a page family (see :class:`generator.render.families.PageFamily`)."""

    def consumes(self, project: Project) -> frozenset[str]:
        """The framework page and every entry file: data, never copied as they are."""
        return project.knowledge.consumed

    def render(self, project: Project, context: SiteContext) -> dict[str, str]:
        """The knowledge-base pages for the context's audience."""
        return render_reference(project.knowledge, project.settings, context.audience)
