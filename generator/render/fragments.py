"""HTML fragments repeated once per ticket or engagement: detail views and table rows.

These are the hot loops of a build (10,000 tickets render tens of thousands of rows), so
they are formatted here with f-strings instead of Jinja, which costs several times more
per attribute lookup. Like the templates they only format: every value comes from the
site context, and every piece of record text goes through
:func:`~generator.render.templating.html_text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup

from generator.compute.metrics import EngagementStatus
from generator.compute.status import StatusRow
from generator.render.links import Links
from generator.render.templating import (
    format_number,
    format_when,
    format_window,
    hours_unit,
    html_text,
    label,
    state_label,
    text_lines,
)
from generator.schema.records import Ticket

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
Actions = Callable[[Ticket], Markup]


@dataclass(frozen=True, slots=True)
class EscalationRow:
    """A collaborate/escalate ticket on the escalations page."""

    row: StatusRow
    age_days: float
    ping_pong: bool


def notes(ticket: Ticket) -> str:
    """The ticket's free-text notes without HTML comments (e.g. the skeleton's hint)."""
    return _COMMENT.sub("", ticket.body).strip()


def joined(fragments: Iterable[Markup], separator: str = "\n") -> Markup:
    """Fragments that are already safe, joined (``Markup.join`` would re-check each one)."""
    return Markup(separator.join(fragments))


def _or_dash(value: str | None) -> Markup:
    return Markup(html_text(value)) if value else Markup("—")


def _meta(t: Ticket, links: Links) -> str:
    internal = links.ctx.internal
    parts = [
        f"{label('tier', t.tier.value)} {label('status', t.status.value)}"
        f" {t.priority.value} priority · {t.classification.value} · opened {format_when(t.opened)}"
    ]
    if t.resolved:
        parts.append(f" · resolved {format_when(t.resolved)}")
    parts.append(f" · service {links.service_link(t.service)}" if t.service else " · no service")
    parts.append(f" · requestor {_or_dash(t.requestor)}")
    if t.department:
        parts.append(f" ({html_text(t.department)})")
    parts.append(f" · agent {_or_dash(t.agent)}")
    if internal:
        parts.append(f" · via {t.channel.value}")
    if t.tags:
        parts.append(f" · tags {html_text(', '.join(t.tags))}")
    tdx = links.tdx_link(t)
    if tdx:
        parts.append(f" · {tdx}")
    return f'<p class="ep-meta">{"".join(parts)}</p>'


def _engagement(s: EngagementStatus, links: Links) -> str:
    e = s.engagement
    out = [
        f"<li>{format_when(e.at)} {e.tier.value} → {links.admin_link(e.admin)} {state_label(s)}"
        f" · deadline {format_when(s.deadline)} ({format_window(s.window_hours, s.calendar)})"
    ]
    if e.tag:
        out.append(f" · tag {html_text(e.tag)}")
    if e.reason:
        out.append(f" · reason: {html_text(e.reason)}")
    if e.message:
        out.append(f" · message: {html_text(e.message)}")
    r = e.response
    if r:
        out.append(f" · response {format_when(r.at)}: {r.outcome.value}")
        if s.response_hours is not None:
            out.append(f" after {format_number(s.response_hours, 2)} {hours_unit(s.calendar)}")
        if r.redirect_to:
            out.append(f" to {links.admin_link(r.redirect_to)}")
        if r.process:
            out.append(f" · process for next time: {html_text(r.process)}")
    out.append("</li>")
    return "".join(out)


def ticket_section(t: Ticket, links: Links, actions: Actions | None) -> Markup:
    """A ticket's detail view: one heading (one search entry) and its record."""
    ctx = links.ctx
    lines = [
        '<section class="ep-ticket">',
        f'<h2 id="{html_text(t.id)}"><code>{html_text(t.id)}</code> {html_text(t.title)}</h2>',
        _meta(t, links),
    ]
    if t.tier.value != "handle" or t.checklist:
        items = ctx.settings.checklist
        done = sum(1 for i in items if t.checklist.get(i.id))
        ticks = "; ".join(
            f"{'☑' if t.checklist.get(i.id) else '☐'} {html_text(i.text)}" for i in items
        )
        lines.append(
            f'<p class="ep-checklist" data-search-exclude>Pre-escalation checklist, {done} of'
            f" {len(items)} done: {ticks}</p>"
        )
    states = ctx.statuses.get(t.id, ())
    if states:
        lines += ['<ol class="ep-timeline">', *(_engagement(s, links) for s in states), "</ol>"]
    text = notes(t)
    if ctx.internal and text:
        lines.append(f'<p class="ep-notes">{text_lines(text)}</p>')
    if actions is not None:
        lines.append(f'<p class="ep-actions" data-search-exclude>{actions(t)}</p>')
    lines.append("</section>")
    return Markup("\n".join(lines))


def ticket_row(t: Ticket, links: Links, actions: Actions | None) -> Markup:
    """A row of the All Tickets table."""
    cells = (
        f"<tr><td>{links.ticket_link(t)}</td><td>{html_text(t.title)}</td>"
        f"<td>{t.classification.value}</td><td>{_or_dash(t.requestor)}</td>"
        f"<td>{_or_dash(t.department)}</td><td>{label('status', t.status.value)}</td>"
        f"<td>{t.priority.value}</td><td>{label('tier', t.tier.value)}</td>"
        f"<td>{_or_dash(t.agent)}</td><td>{links.admin_link(t.admin)}</td>"
        f'<td data-sort="{t.opened.isoformat()}">{format_when(t.opened)}</td>'
    )
    if actions is not None:
        cells += f"<td>{actions(t)}</td>"
    return Markup(cells + "</tr>")


def time_left(s: EngagementStatus) -> str:
    """The cell of hours left to the deadline, or overdue by, on the engagement's calendar
    (``—`` once responded); it sorts most overdue first."""
    unit = hours_unit(s.calendar)
    if s.overdue_hours is not None:
        return (f'<td data-sort="{-s.overdue_hours}">overdue by'
                f" {format_number(s.overdue_hours, 2)} {unit}</td>")
    if s.remaining_hours is not None:
        return (f'<td data-sort="{s.remaining_hours}">'
                f"{format_number(s.remaining_hours, 2)} {unit} left</td>")
    return "<td>—</td>"


STATUS_COLUMNS = ("Ticket", "Title", "Tier", "Priority", "Admin", "Engaged", "Deadline",
                  "Time left or overdue", "State", "Ownership")
"""The header of the cells :func:`status_row` writes."""


def status_row(row: StatusRow, links: Links, extra: str = "") -> Markup:
    """A ticket as ``escalation status`` describes it, by its latest engagement: the rows
    of the dashboard's Open Escalations, the Escalations page and "waiting for you"."""
    t, s = row.ticket, row.latest
    e = s.engagement
    return Markup(
        f"<tr><td>{links.ticket_link(t)}</td><td>{html_text(t.title)}</td>"
        f"<td>{label('tier', t.tier.value)}</td><td>{label('priority', t.priority.value)}</td>"
        f"<td>{links.admin_link(e.admin)}</td>"
        f'<td data-sort="{e.at.isoformat()}">{format_when(e.at)}</td>'
        f'<td data-sort="{s.deadline.isoformat()}">{format_when(s.deadline)}</td>'
        f"{time_left(s)}<td>{state_label(s)}</td>"
        f"<td>{label('ownership', row.ownership.value)}</td>{extra}</tr>"
    )


def escalation_row(row: EscalationRow, links: Links) -> Markup:
    """A row of an Escalations group: the status row, its age and its engagements."""
    ping = " (ping-pong)" if row.ping_pong else ""
    return status_row(row.row, links, (
        f'<td data-sort="{row.age_days}">{format_number(row.age_days)}</td>'
        f"<td>{row.row.engagements}{ping}</td>"))


def tracking_row(s: EngagementStatus, links: Links) -> Markup:
    """A row of an admin's response tracking record."""
    e = s.engagement
    responded = format_when(e.response.at) if s.responded and e.response else "—"
    return Markup(
        f"<tr><td>{links.ticket_link(s.ticket)}</td><td>{html_text(s.ticket.title)}</td>"
        f"<td>{e.tier.value}</td>"
        f'<td data-sort="{e.at.isoformat()}">{format_when(e.at)}</td>'
        f'<td data-sort="{s.deadline.isoformat()}">{format_when(s.deadline)}</td>'
        f"<td>{state_label(s)}</td><td>{responded}</td>"
        f"<td>{format_number(s.response_hours, 2)}</td></tr>"
    )


def gap_row(service: str, tickets: Iterable[Ticket], links: Links) -> Markup:
    """A row of the dashboard's gaps: the service (to its gap entry) and its tickets."""
    evidence = " ".join(links.ticket_link(t) for t in tickets)
    return Markup(f"<tr><td>{links.service_link(service)}</td><td>{evidence}</td></tr>")
