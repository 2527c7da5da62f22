"""Render the generated pages (Markdown with raw HTML blocks) from the site context.

Each ``render_*`` function returns ``{page path: text}``; paths are relative to the
staging docs folder. Nothing here computes a figure: it arranges what
:mod:`context` computed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from markupsafe import Markup

from generator.compute.calendar import calendar_for
from generator.compute.metrics import (
    EngagementState,
    has_ping_pong,
    involvement_age_days,
    windows_by_priority,
)
from generator.compute.site import CHART_WEEKS, RECENT_TICKETS, SiteContext, WeekEntry
from generator.render import fragments as html_rows
from generator.render import urls
from generator.render.charts import Bar, stacked_columns, stacked_rows
from generator.render.fragments import EscalationRow
from generator.render.links import Links
from generator.render.templating import environment, format_percent, format_when
from generator.schema.clock import utc
from generator.schema.records import Channel, Classification, Ticket, Tier
from generator.schema.weeks import IsoWeek


def _render(template: str, page: str, ctx: SiteContext, **values: Any) -> str:
    links = Links(page, ctx)
    return environment().get_template(template).render(ctx=ctx, L=links, **values)


def edit_actions(ctx: SiteContext, ticket: Ticket) -> Markup:
    """Links to edit a ticket's record file and to see its history, when a repo is set."""
    repo = (ctx.settings.repo_url or "").rstrip("/")
    if not repo.startswith(("https://", "http://")):
        return Markup("—")
    edit_uri = ctx.settings.edit_uri or "edit/main/docs/"
    # edit_uri points into docs/; records live beside docs/, at the repository root.
    branch_path = edit_uri.strip("/").split("/")
    branch = branch_path[1] if len(branch_path) > 1 else "main"
    path = ticket.source.path
    edit = f"{repo}/edit/{branch}/{path}"
    history = f"{repo}/commits/{branch}/{path}"
    return Markup('<a href="{}" title="Edit the record">edit</a> · '
                  '<a href="{}" title="History of the record">history</a>').format(edit, history)


def render_dashboard(ctx: SiteContext) -> dict[str, str]:
    """The home page."""
    this_week = next((w for w in ctx.weeks if w.week == IsoWeek.of(ctx.as_of)), None)
    as_of_words = ctx.as_of.strftime("%A %-d %B %Y, %H:%M")
    return {urls.DASHBOARD: _render("dashboard.md.j2", urls.DASHBOARD, ctx,
                                    this_week=this_week, as_of_words=as_of_words,
                                    recent=RECENT_TICKETS)}


def render_tickets(ctx: SiteContext) -> dict[str, str]:
    """The All Tickets table and one page per month holding the tickets' detail views."""
    by_month: dict[str, list[Ticket]] = defaultdict(list)
    for ticket in ctx.tickets:
        by_month[f"{ticket.opened:%Y-%m}"].append(ticket)
    months = sorted(((m, len(ts)) for m, ts in by_month.items()), reverse=True)

    def edit(ticket: Ticket) -> Markup:
        return edit_actions(ctx, ticket)

    actions = edit if ctx.settings.repo_url else None
    links = Links(urls.TICKETS, ctx)
    rows = html_rows.joined(html_rows.ticket_row(t, links, actions) for t in ctx.tickets)
    pages = {urls.TICKETS: _render("tickets.md.j2", urls.TICKETS, ctx, months=months,
                                   rows=rows, actions_enabled=actions is not None)}
    for month, tickets in by_month.items():
        page = f"tickets/{month}.md"
        links = Links(page, ctx)
        shown = sorted(tickets, key=lambda t: (utc(t.opened), t.id))
        sections = html_rows.joined(
            (html_rows.ticket_section(t, links, actions) for t in shown), "\n\n")
        pages[page] = _render(
            "ticket_month.md.j2", page, ctx, month=month, sections=sections,
            sources=", ".join(t.source.path for t in shown),
        )
    return pages


_GROUPS = (
    ("awaiting", "Awaiting response",
     "The latest engagement is within its response window."),
    ("no-response", "No response",
     "The response window of the latest engagement has passed with no response recorded."),
    ("responded", "Responded",
     "The admin responded (accepted, answered, redirected or declined: the state says"
     " which); the ticket is not yet resolved."),
    ("resolved", "Resolved",
     "Tickets that involved an admin, resolved or closed in the last 30 days; older ones"
     " are in All Tickets and on each admin's page."),
)
RESOLVED_DAYS = 30
INTERNAL_FIGURES = ("opened_by_channel", "off_record")
"""Channel analytics: left out of shared builds."""
"""How far back the Resolved group reaches: the page is about work in flight."""


def _engaged_at(row: EscalationRow) -> datetime:
    return row.status.engagement.at


def render_escalations(ctx: SiteContext) -> dict[str, str]:
    """Collaborate and escalate tickets grouped by the state of their latest engagement."""
    rows: dict[str, list[EscalationRow]] = {key: [] for key, _, _ in _GROUPS}
    calendar = calendar_for(ctx.settings)
    for ticket in ctx.tickets:
        status = ctx.state_of(ticket)
        if ticket.tier is Tier.HANDLE or status is None:
            continue
        age = involvement_age_days(ticket, calendar, ctx.as_of)
        if ticket.status.is_done:
            if ticket.resolved and (utc(ctx.as_of) - utc(ticket.resolved)).days >= RESOLVED_DAYS:
                continue
            key = "resolved"
        elif status.responded:
            key = "responded"
        elif status.state is EngagementState.NO_RESPONSE:
            key = "no-response"
        else:
            key = "awaiting"
        rows[key].append(EscalationRow(ticket, status, round(age, 1), has_ping_pong(ticket)))
    links = Links(urls.ESCALATIONS, ctx)
    groups: list[dict[str, object]] = []
    for key, title, help_text in _GROUPS:
        ordered = sorted(rows[key], key=_engaged_at)
        html = html_rows.joined(html_rows.escalation_row(r, links) for r in ordered)
        groups.append({"key": key, "title": title, "help": help_text, "rows": ordered,
                       "html": html})
    return {urls.ESCALATIONS: _render("escalations.md.j2", urls.ESCALATIONS, ctx,
                                      groups=groups, hours_per_day=calendar.hours_per_day)}


def render_admins(ctx: SiteContext) -> dict[str, str]:
    """The admins index and one page per admin."""
    pages = {urls.ADMINS: _render("admins.md.j2", urls.ADMINS, ctx)}
    for slug, admin in ctx.admins.items():
        page = urls.admin_page(slug)
        statuses = sorted(ctx.by_admin.get(slug, ()), key=lambda s: utc(s.engagement.at),
                          reverse=True)
        routed = [t for t in ctx.tickets if t.admin == slug and not t.status.is_done]
        links = Links(page, ctx)
        tracking = html_rows.joined(html_rows.tracking_row(s, links) for s in statuses)
        pages[page] = _render(
            "admin.md.j2", page, ctx, admin=admin, figures=ctx.figures.get(slug),
            statuses=statuses, routed=routed, tracking=tracking,
            no_response=[s for s in statuses if s.state is EngagementState.NO_RESPONSE],
            windows=windows_by_priority(admin, ctx.settings),
        )
    return pages


def render_ownership(ctx: SiteContext) -> dict[str, str]:
    """The ownership matrix, gaps, overlaps and silent admins."""
    silent = [a for a in ctx.admins.values() if not a.purview]
    return {urls.OWNERSHIP: _render("ownership.md.j2", urls.OWNERSHIP, ctx, silent=silent)}


def narrative(ctx: SiteContext, entry: WeekEntry) -> str:
    """A few plain sentences summarising a week's figures."""
    r = entry.report
    figures = {a.admin: a for a in r.admins}
    responded_in_window = sum(a.responded - a.late for a in figures.values())
    parts = [
        f"{r.tickets_opened} ticket{'s' * (r.tickets_opened != 1)} opened and"
        f" {r.tickets_resolved} resolved",
        f"{r.engagements_sent} engagement{'s' * (r.engagements_sent != 1)} sent",
        f"{responded_in_window} response{'s' * (responded_in_window != 1)} within the"
        " window",
    ]
    missed = [a for a in figures.values() if a.no_response]
    for a in missed:
        name = ctx.admins[a.admin].name if a.admin in ctx.admins else a.admin
        parts.append(
            f"{a.no_response} engagement{'s' * (a.no_response != 1)} to {name} past"
            " the deadline with no response"
        )
    if r.gaps:
        parts.append(f"gaps seen: {', '.join(r.gaps)}")
    return "; ".join(parts) + "."


def _figure_rows(
    ctx: SiteContext, entry: WeekEntry, links: Links, by_id: dict[str, Ticket]
) -> list[tuple[str, Any, Markup]]:
    r = entry.report
    # The rate counts the escalate tickets opened; other figures are their own evidence key.
    evidence_key = {"escalation_rate": "opened_by_tier.escalate"}
    names = ["tickets_opened", "tickets_resolved", "escalation_rate", "engagements_sent",
             "responses_received", "deadlines_missed", "open_escalations_at_end",
             "knowledge_captured"]
    if ctx.internal:
        names.insert(6, "off_record")
    rows = []
    for name in names:
        value = getattr(r, name)
        shown = format_percent(value) if name == "escalation_rate" else (
            "—" if value is None else value)
        # Distinct tickets: one engaged three times in the week is linked once.
        tickets = [by_id[i] for i in r.tickets(evidence_key.get(name, name)) if i in by_id]
        ids = html_rows.joined((links.ticket_link(t) for t in tickets), " ")
        rows.append((name.replace("_", " "), shown, ids))
    return rows


def _charts(ctx: SiteContext, entry: WeekEntry) -> tuple[dict[str, Any], dict[str, Any]]:
    recent = [w for w in reversed(ctx.weeks) if w.week <= entry.week][-CHART_WEEKS:]
    tiers = [t.value for t in Tier]
    tier_bars = [Bar(str(w.week), [w.report.opened_by_tier.get(t, 0) for t in tiers])
                 for w in recent]
    outcomes = ["on-time", "late", "no-response", "pending"]
    admin_bars = []
    for a in entry.report.admins:
        name = ctx.admins[a.admin].name if a.admin in ctx.admins else a.admin
        admin_bars.append(Bar(name, [a.responded - a.late, a.late, a.no_response, a.pending]))
    return (
        {"weeks": len(recent),
         "svg": stacked_columns(f"Tickets opened per week by tier, to {entry.week}",
                                tier_bars, tiers)},
        {"svg": stacked_rows(f"Response outcomes per admin, {entry.week}", admin_bars,
                             outcomes)},
    )


def _breakdowns(ctx: SiteContext, entry: WeekEntry) -> list[tuple[str, list[tuple[str, int]]]]:
    r = entry.report
    rows = [
        ("Tier", [(t.value, r.opened_by_tier.get(t.value, 0)) for t in Tier]),
        ("Classification",
         [(c.value, r.opened_by_classification.get(c.value, 0)) for c in Classification]),
    ]
    if ctx.internal:
        rows.append(("Channel", [(c.value, r.opened_by_channel.get(c.value, 0))
                                 for c in Channel]))
    return rows


def render_reports(ctx: SiteContext) -> dict[str, str]:
    """The reports index and one page per ISO week."""
    pages = {urls.REPORTS: _render("reports.md.j2", urls.REPORTS, ctx)}
    by_id = {t.id: t for t in ctx.tickets}
    for entry in ctx.weeks:
        page = urls.week_page(entry.week)
        tier_chart, outcome_chart = _charts(ctx, entry)
        pages[page] = _render(
            "weekly.md.j2", page, ctx, entry=entry, r=entry.report,
            shown_as_of=format_when(entry.report.as_of), narrative=narrative(ctx, entry),
            figures=_figure_rows(ctx, entry, Links(page, ctx), by_id), tier_chart=tier_chart,
            outcome_chart=outcome_chart, breakdowns=_breakdowns(ctx, entry),
            differences=[line for line in entry.differences
                         if ctx.internal or not line.startswith(INTERNAL_FIGURES)],
        )
    return pages


def render_all(ctx: SiteContext, extra: Iterable[dict[str, str]] = ()) -> dict[str, str]:
    """Every generated page."""
    pages: dict[str, str] = {}
    for part in (render_dashboard(ctx), render_tickets(ctx), render_escalations(ctx),
                 render_admins(ctx), render_ownership(ctx), render_reports(ctx), *extra):
        pages.update(part)
    return pages
