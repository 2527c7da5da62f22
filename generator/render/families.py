"""Page families beyond the core pages: each renders its own pages into the build.

A family is any object with the two methods of :class:`PageFamily`; add it to
:data:`FAMILIES` to include it in every build.
"""

from __future__ import annotations

from typing import Protocol

from generator.compute.site import SiteContext
from generator.read.project import Project
from generator.render.captured import KnowledgeCaptured
from generator.render.forms import RecordForms
from generator.render.knowledge import ReferenceFamily
from generator.render.pages import render_all


class PageFamily(Protocol):
    """A further set of generated pages (the knowledge base, the record forms, the
    knowledge captured in responses)."""

    def consumes(self, project: Project) -> frozenset[str]:
        """Paths under docs/ that this family reads as data and must not be copied as is."""
        ...

    def render(self, project: Project, context: SiteContext) -> dict[str, str]:
        """The family's pages: path in the staging folder → Markdown text."""
        ...


FAMILIES: tuple[PageFamily, ...] = (ReferenceFamily(), RecordForms(), KnowledgeCaptured())


def render_site(project: Project, context: SiteContext) -> dict[str, str]:
    """Every generated page of the site: the core pages and every family's (rendered
    inside :func:`~generator.render.placing.placing`, with fragments set aside)."""
    return render_all(context, [family.render(project, context) for family in FAMILIES])


def consumed(project: Project) -> frozenset[str]:
    """Every path under docs/ that some family reads as data (never copied as it is)."""
    return frozenset().union(*(family.consumes(project) for family in FAMILIES))
