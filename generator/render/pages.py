"""Render the generated pages (Markdown with raw HTML blocks) from the site context.

Each ``render_*`` function returns ``{page path: text}``; paths are relative to the
staging docs folder. Nothing here computes a figure: it arranges what
:mod:`context` computed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup

from generator.compute.calendar import calendar_for
from generator.compute.memo import Table
from generator.compute.metrics import (
    EngagementState,
    EngagementStatus,
    has_ping_pong,
    involvement_age_days,
    open_at,
    windows_by_priority,
)
from generator.compute.site import RECENT_TICKETS, SiteContext
from generator.compute.status import STATUS_TIERS, StatusRow, ticket_row
from generator.compute.trend import state_counts
from generator.render import fragments as html_rows
from generator.render import urls
from generator.render.charts import Bar, grouped_columns
from generator.render.fragments import STATUS_COLUMNS, EscalationRow
from generator.render.links import Links
from generator.render.ticket_actions import TicketActions
from generator.render.triage import DASHBOARD_PREFIX, Section, cards, status_sections
from generator.render.weekly_pages import render_reports
from generator.schema.clock import utc
from generator.schema.records import Ticket

__all__ = ["render_admins", "render_all", "render_dashboard",
           "render_escalations", "render_ownership", "render_reports", "render_tickets"]


def _render(template: str, page: str, ctx: SiteContext, **values: Any) -> str:
    return Links(page, ctx).render(template, **values)


def render_dashboard(ctx: SiteContext) -> dict[str, str]:
    """The home page: the triage cards, the ``status`` rows by group, the gaps."""
    links = Links(urls.DASHBOARD, ctx)
    sections = status_sections(ctx.status_groups,
                               lambda row: html_rows.status_row(row, links),
                               DASHBOARD_PREFIX)
    gaps = Section(
        anchor="gaps", title="Gaps",
        help="Services of open tickets that no active admin declares (unclassified: open"
        " tickets with no service); the tickets are the evidence.",
        rows=tuple(ctx.open_gaps),
        html=html_rows.joined(html_rows.gap_row(service, tickets, links)
                              for service, tickets in ctx.open_gaps.items()))
    as_of_words = ctx.as_of.strftime("%A %-d %B %Y, %H:%M")
    return {urls.DASHBOARD: _render("dashboard.md.j2", urls.DASHBOARD, ctx,
                                    as_of_words=as_of_words, recent=RECENT_TICKETS,
                                    sections=list(sections.values()), gaps=gaps,
                                    cards=cards(sections, gaps),
                                    rows=ctx.status_rows, columns=STATUS_COLUMNS)}


def fragment_context(ctx: SiteContext) -> tuple[object, ...]:
    """What a per-ticket fragment reads from the site context besides its ticket and that
    ticket's engagement states: the context of a memo table of fragments."""
    return (ctx.settings, ctx.audience, ctx.as_of, tuple(ctx.admins.items()),
            ctx.declared_services, frozenset(ctx.gaps))


def fragments_table(ctx: SiteContext, name: str) -> Table | None:
    """The memo table of fragments ``name`` of this context (None in a full build)."""
    return ctx.memo.table(name, fragment_context(ctx)) if ctx.memo is not None else None


def _per_ticket(table: Table | None, ctx: SiteContext, kind: str,
                make: Callable[[Ticket, Links], Markup]) -> Callable[[Ticket, Links], Markup]:
    """``make``, or with a memo table the fragment the last generation made of the very
    same ticket and engagement states on the same page."""
    if table is None:
        return make

    def made(ticket: Ticket, links: Links) -> Markup:
        return table.get((ticket, *ctx.statuses.get(ticket.id, ())),
                         lambda: make(ticket, links), value=(kind, links.page))
    return made


def render_tickets(ctx: SiteContext) -> dict[str, str]:
    """The All Tickets table and one page per month holding the tickets' detail views.

    With the context's memo (the live preview), a ticket's row and detail view are those
    made last time of the very same ticket and engagement states on the same page."""
    by_month: dict[str, list[Ticket]] = defaultdict(list)
    for ticket in ctx.tickets:
        by_month[f"{ticket.opened:%Y-%m}"].append(ticket)
    months = sorted(((m, len(ts)) for m, ts in by_month.items()), reverse=True)

    actions = TicketActions(ctx, urls.TICKETS) if ctx.settings.repo_url else None
    table = fragments_table(ctx, "tickets")
    row = _per_ticket(table, ctx, "row",
                      lambda t, links: html_rows.ticket_row(t, links, actions))
    section = _per_ticket(table, ctx, "section",
                          lambda t, links: html_rows.ticket_section(t, links, actions))
    links = Links(urls.TICKETS, ctx)
    rows = html_rows.joined(row(t, links) for t in ctx.tickets)
    pages = {urls.TICKETS: _render("tickets.md.j2", urls.TICKETS, ctx, months=months,
                                   rows=rows, actions_enabled=actions is not None)}
    for month, tickets in by_month.items():
        page = f"tickets/{month}.md"
        links = Links(page, ctx)
        shown = sorted(tickets, key=lambda t: (utc(t.opened), t.id))
        sections = html_rows.joined((section(t, links) for t in shown), "\n\n")
        pages[page] = _render(
            "ticket_month.md.j2", page, ctx, month=month, sections=sections,
            sources=", ".join(t.source.path for t in shown),
        )
    return pages


RESOLVED_DAYS = 30
"""How far back the Resolved group reaches: the page is about work in flight."""


def _recently_resolved(ctx: SiteContext) -> list[StatusRow]:
    """Collaborate and escalate tickets resolved by A, in the last RESOLVED_DAYS days, by
    their latest engagement (oldest engagement first)."""
    found = []
    for ticket in ctx.tickets:
        resolved = ticket.resolved
        if (ticket.tier not in STATUS_TIERS or resolved is None or open_at(ticket, ctx.as_of)
                or (utc(ctx.as_of) - utc(resolved)).days >= RESOLVED_DAYS):
            continue
        row = ticket_row(ticket, ctx.statuses.get(ticket.id, ()), ctx.as_of)
        if row is not None:
            found.append(row)
    found.sort(key=lambda row: (utc(row.latest.engagement.at), row.ticket.id))
    return found


def render_escalations(ctx: SiteContext) -> dict[str, str]:
    """Open collaborate and escalate tickets in the groups of ``escalation status``, then
    the recently resolved ones."""
    calendar = calendar_for(ctx.settings)
    links = Links(urls.ESCALATIONS, ctx)

    def escalation(row: StatusRow) -> Markup:
        age = involvement_age_days(row.ticket, calendar, ctx.as_of)
        return html_rows.escalation_row(
            EscalationRow(row, round(age, 1), has_ping_pong(row.ticket)), links)

    sections = list(status_sections(ctx.status_groups, escalation).values())
    resolved = _recently_resolved(ctx)
    sections.append(Section(
        anchor="resolved", title="Resolved",
        help=f"Resolved or closed in the last {RESOLVED_DAYS} days; older ones are in All"
        " Tickets and on each admin's page.",
        rows=resolved, html=html_rows.joined(map(escalation, resolved))))
    return {urls.ESCALATIONS: _render("escalations.md.j2", urls.ESCALATIONS, ctx,
                                      sections=sections, columns=STATUS_COLUMNS,
                                      hours_per_day=calendar.hours_per_day)}


TREND_SERIES = ("engaged", "responded", "declined", "no-response")
"""The counts an admin's trend chart shows per week (the columns of its table)."""


def _trend_charts(ctx: SiteContext, slug: str) -> dict[str, Any]:
    """An admin's trend: its weeks, the two charts drawn from them and the week pages."""
    trend = ctx.trends.get(slug, ())
    span = f"{trend[0].week} to {trend[-1].week}" if trend else ""
    counts = [Bar(f"W{t.week.week:02d}", [t.figures.engaged, t.figures.responded, t.declined,
                                          t.figures.no_response]) for t in trend]
    medians = [Bar(f"W{t.week.week:02d}", [t.figures.median_response_hours]) for t in trend]
    return {
        "weeks": trend, "span": span,
        "pages": {entry.week for entry in ctx.weeks},
        "counts": grouped_columns(f"Engagements by the week they were sent, {span}", counts,
                                  TREND_SERIES),
        "medians": grouped_columns(f"Median response hours by the week sent, {span}",
                                   medians, ("median-hours",)),
    }


def _tracking_row(table: Table | None, status: EngagementStatus, links: Links) -> Markup:
    """A row of an admin's tracking record; with a memo table, the last one made of the
    very same engagement state on the same page."""
    if table is None:
        return html_rows.tracking_row(status, links)
    return table.get((status,), lambda: html_rows.tracking_row(status, links), value=links.page)


def render_admins(ctx: SiteContext) -> dict[str, str]:
    """The admins index and one page per admin."""
    pages = {urls.ADMINS: _render("admins.md.j2", urls.ADMINS, ctx)}
    open_by_admin: dict[str | None, list[Ticket]] = defaultdict(list)
    for ticket in ctx.tickets:  # once, not once per admin
        if not ticket.status.is_done:
            open_by_admin[ticket.admin].append(ticket)
    # an engagement state is the same object while its ticket is (the context's memo)
    tracked = fragments_table(ctx, "tracking")
    for slug, admin in ctx.admins.items():
        page = urls.admin_page(slug)
        statuses = sorted(ctx.by_admin.get(slug, ()), key=lambda s: utc(s.engagement.at),
                          reverse=True)
        routed = open_by_admin.get(slug, [])
        links = Links(page, ctx)
        tracking = html_rows.joined(_tracking_row(tracked, s, links) for s in statuses)
        waiting = ctx.waiting.get(slug, ())
        pages[page] = _render(
            "admin.md.j2", page, ctx, admin=admin, figures=ctx.figures.get(slug),
            statuses=statuses, routed=routed, tracking=tracking,
            no_response=[s for s in statuses if s.state is EngagementState.NO_RESPONSE],
            windows=windows_by_priority(admin, ctx.settings), columns=STATUS_COLUMNS,
            waiting=waiting,
            waiting_html=html_rows.joined(html_rows.status_row(r, links) for r in waiting),
            outcomes=state_counts(statuses), trend=_trend_charts(ctx, slug),
        )
    return pages


def render_ownership(ctx: SiteContext) -> dict[str, str]:
    """The ownership matrix, gaps, overlaps and silent admins."""
    silent = [a for a in ctx.admins.values() if not a.purview]
    return {urls.OWNERSHIP: _render("ownership.md.j2", urls.OWNERSHIP, ctx, silent=silent)}


def render_all(ctx: SiteContext, extra: Iterable[dict[str, str]] = ()) -> dict[str, str]:
    """Every generated page."""
    pages: dict[str, str] = {}
    for part in (render_dashboard(ctx), render_tickets(ctx), render_escalations(ctx),
                 render_admins(ctx), render_ownership(ctx), render_reports(ctx), *extra):
        pages.update(part)
    return pages
