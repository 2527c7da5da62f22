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
from generator.render.layout import LaidOut, PrintMargins, lay_out
from generator.render.pages import render_all
from generator.render.placing import Fragment, cut_page, marking, unmarked
from generator.render.templating import format_when
from generator.schema.settings import Audience


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


def render_site(project: Project, context: SiteContext,
                fragments: dict[int, Fragment] | None = None,
                layout: LaidOut | None = None) -> dict[str, str]:
    """Every generated page of the site: the core pages and every family's, laid out
    for screens, phones and print (:func:`~generator.render.layout.lay_out`).

    Given ``fragments``, the pages' big fragments are set aside there and each staged
    page holds placeholders (:func:`~generator.render.placing.cut_page`); else they are
    inline. ``layout`` reuses the last generation's layout of unchanged pages.
    """
    with marking():
        pages = render_all(context, [family.render(project, context) for family in FAMILIES])
    settings = context.settings
    margins = PrintMargins(
        banner=settings.banner if context.audience is Audience.INTERNAL else None,
        as_of=f"{format_when(context.as_of)} ({settings.timezone.key})",
    )
    laid_out: dict[str, str] = {}
    for path in list(pages):
        text = pages.pop(path)  # one page at a time: no second copy of every page
        if path.endswith(".md"):
            text = (layout.lay_out(path, text, margins) if layout is not None
                    else lay_out(path, text, margins))
        laid_out[path] = unmarked(text) if fragments is None else cut_page(path, text,
                                                                           fragments)
    if layout is not None:
        layout.keep(laid_out)
    return laid_out


def consumed(project: Project) -> frozenset[str]:
    """Every path under docs/ that some family reads as data (never copied as it is)."""
    return frozenset().union(*(family.consumes(project) for family in FAMILIES))
