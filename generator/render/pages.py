"""Render the generated pages (Markdown with raw HTML blocks) from the site context.

Each ``render_*`` function returns ``{page path: text}``; paths are relative to the
staging docs folder. Nothing here computes a figure: it arranges what
:mod:`context` computed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
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
from generator.compute.status import STATUS_TIERS, StatusRow, open_at, ticket_row
from generator.compute.trend import state_counts
from generator.render import fragments as html_rows
from generator.render import urls
from generator.render.charts import Bar, grouped_columns, stacked_columns, stacked_rows
from generator.render.fragments import STATUS_COLUMNS, EscalationRow
from generator.render.links import Links
from generator.render.templating import environment, format_percent, format_when
from generator.render.triage import Section, cards, status_sections
from generator.schema.clock import utc
from generator.schema.records import Channel, Classification, Ticket, Tier


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
    """The home page: the triage cards, the ``status`` rows by group, the gaps."""
    links = Links(urls.DASHBOARD, ctx)
    sections = status_sections(ctx.status_groups,
                               lambda row: html_rows.status_row(row, links), "open-")
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


RESOLVED_DAYS = 30
"""How far back the Resolved group reaches: the page is about work in flight."""
INTERNAL_FIGURES = ("opened_by_channel", "off_record")
"""Channel analytics: left out of shared builds."""


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
