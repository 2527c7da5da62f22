"""The Knowledge Captured page (``/knowledge/``): the processes admins gave SC, by service.

Every value comes from :mod:`generator.compute.captured` through the site context; this
module only arranges it. The process is record text like any other: escaped, its line
breaks kept. The page is the same for both audiences, as a ticket's detail view shows
its responses' processes to both.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from generator.compute.captured import CapturedProcess
from generator.compute.metrics import UNCLASSIFIED
from generator.compute.site import SiteContext
from generator.read.project import Project
from generator.render import urls
from generator.render.fragments import joined
from generator.render.links import Links
from generator.render.pages import fragments_table
from generator.render.templating import environment, format_when, text_lines


def process_row(entry: CapturedProcess, service: str, links: Links) -> Markup:
    """A row of a service's table: when, where, the ticket, who, the outcome, the process."""
    t = entry.ticket
    return Markup(
        f'<tr><td data-sort="{entry.at.isoformat()}">{format_when(entry.at)}</td>'
        f"<td>{links.service_link(service)}</td>"
        f"<td>{links.ticket_link(t)}</td><td>{escape(t.title)}</td>"
        f"<td>{links.admin_link(entry.admin)}</td><td>{entry.outcome.value}</td>"
        f"<td>{text_lines(entry.process)}</td></tr>"
    )


def render_knowledge(ctx: SiteContext) -> dict[str, str]:
    """The Knowledge Captured page."""
    links = Links(urls.KNOWLEDGE, ctx)
    table = fragments_table(ctx, "knowledge")

    def row(entry: CapturedProcess, service: str) -> Markup:
        if table is None:
            return process_row(entry, service, links)
        # every field of the entry: its ticket and engagement by identity, the rest by value
        return table.get((entry.ticket, entry.engagement),
                         lambda: process_row(entry, service, links),
                         value=(service, entry.at, entry.outcome, entry.process))

    groups = [(group, joined(row(e, group.service) for e in group.entries))
              for group in ctx.knowledge]
    page = environment().get_template("knowledge_captured.md.j2").render(
        ctx=ctx, L=links, groups=groups, unclassified=UNCLASSIFIED,
        processes=sum(len(group.entries) for group in ctx.knowledge))
    return {urls.KNOWLEDGE: page}


class KnowledgeCaptured:
    """The page family of the Knowledge Captured page (see :class:`~.families.PageFamily`)."""

    def consumes(self, project: Project) -> frozenset[str]:
        """The page reads no hand-written file."""
        return frozenset()

    def render(self, project: Project, context: SiteContext) -> dict[str, str]:
        """The ``knowledge/index.md`` page."""
        return render_knowledge(context)
