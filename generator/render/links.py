"""Links from one generated page to the others, for templates and fragments."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from generator.compute.site import SiteContext
from generator.render import urls
from generator.render.templating import environment, html_text
from generator.schema.records import Ticket
from generator.schema.settings import TICKET_ID_PLACEHOLDER
from generator.schema.weeks import IsoWeek

_NOTHING = Markup("")


@dataclass(frozen=True, slots=True)
class Links:
    """Relative links from one page, for templates."""

    page: str
    ctx: SiteContext
    _ticket_links: dict[str, Markup] = field(default_factory=dict, repr=False, compare=False)
    """The links made so far: a weekly page links the same ticket from many figures."""
    _service_links: dict[str, Markup] = field(default_factory=dict, repr=False, compare=False)

    def render(self, template: str, **values: Any) -> str:
        """The page from ``template``, given the context as ``ctx`` and these links as ``L``."""
        return environment().get_template(template).render(ctx=self.ctx, L=self, **values)

    def md(self, target: str) -> str:
        """A Markdown link target (a ``.md`` path MkDocs resolves and validates)."""
        return posixpath.relpath(target, posixpath.dirname(self.page) or ".")

    def ticket(self, ticket: Ticket) -> str:
        """A link to a ticket's detail view."""
        return urls.ticket_href(self.page, ticket)

    def admin(self, slug: str) -> str:
        """A link to an admin's page."""
        return urls.href(self.page, urls.admin_page(slug))

    def week(self, week: IsoWeek) -> str:
        """A link to a weekly report page."""
        return urls.href(self.page, urls.week_page(week))

    def service(self, service: str) -> str:
        """A link to a service's row in the ownership matrix, or to its gap entry."""
        declared = service in self.ctx.declared_services
        prefix = "service" if declared and service not in self.ctx.gaps else "gap"
        return urls.href(self.page, urls.OWNERSHIP, f"{prefix}-{service}")

    def tdx(self, ticket: Ticket) -> str | None:
        """The ticket's address in TDX, when the ``tdx_ticket_url`` setting is set."""
        template = self.ctx.settings.tdx_ticket_url
        if template is None:
            return None
        return template.replace(TICKET_ID_PLACEHOLDER, quote(ticket.id, safe=""))

    def tdx_link(self, ticket: Ticket) -> Markup:
        """A link "TDX" to the ticket in TDX, or nothing when ``tdx_ticket_url`` is not set."""
        url = self.tdx(ticket)
        if url is None:
            return _NOTHING
        return Markup('<a class="ep-tdx" href="{}" aria-label="Ticket {} in TDX">TDX</a>'
                      ).format(url, ticket.id)

    def ticket_link(self, ticket: Ticket) -> Markup:
        """The ticket's ID in monospace, linking to its detail view, then its TDX link."""
        made = self._ticket_links.get(ticket.id)
        if made is None:
            link = (f'<a class="ep-id" href="{html_text(self.ticket(ticket))}">'
                    f"{html_text(ticket.id)}</a>")
            tdx = self.tdx_link(ticket)
            made = self._ticket_links[ticket.id] = Markup(f"{link} {tdx}" if tdx else link)
        return made

    def admin_link(self, slug: str | None) -> Markup:
        """The admin's name linking to their page (the bare slug if there is no record)."""
        if not slug:
            return Markup("—")
        admin = self.ctx.admins.get(slug)
        if admin is None:
            return Markup.escape(slug)
        return Markup(f'<a href="{html_text(self.admin(slug))}">{html_text(admin.name)}</a>')

    def service_link(self, service: str) -> Markup:
        """The service, linking to its row in the ownership matrix or its gap entry."""
        made = self._service_links.get(service)
        if made is None:
            made = self._service_links[service] = Markup('<a href="{}">{}</a>').format(
                self.service(service), service)
        return made
