"""The reports index and one page per ISO week, from the site context's weekly reports.

A weekly page shows the figures of :class:`~generator.compute.weekly.WeeklyReport` (the
same as ``escalation report``), each with links to the tickets it counts, the summary
sentences of :func:`~generator.render.report.summary_sentences`, and for a frozen week
the snapshot's schema and every figure that differs from it.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.compute.frozen import schema_note
from generator.compute.site import CHART_WEEKS, SiteContext, WeekEntry
from generator.render import fragments as html_rows
from generator.render import urls
from generator.render.charts import Bar, stacked_columns, stacked_rows
from generator.render.links import Links
from generator.render.report import COUNTED_FIGURES, Sentence, summary_sentences
from generator.render.templating import format_percent, format_when
from generator.schema.records import Channel, Classification, Outcome, Ticket, Tier

INTERNAL_FIGURES = ("opened_by_channel", "off_record")
"""Channel analytics: left out of shared builds."""
FIGURES = ("tickets_opened", "tickets_resolved", "escalation_rate", "engagements_sent",
           "responses_received", "deadlines_missed", "open_escalations_at_end", "off_record",
           "knowledge_captured", "outstanding_at_end", "unowned_at_end")
"""The rows of a weekly page's Figures table, in order (``off_record`` internal only)."""
OUTCOME_SERIES = (*(str(o) for o in Outcome), "no-response", "pending")
"""The chart's series: the outcome of each engagement sent, else its state."""


def _ticket_links(entry: WeekEntry, key: str, links: Links, by_id: dict[str, Ticket]
                  ) -> Markup:
    """Links to the distinct tickets behind an evidence key (one engaged three times in
    the week is linked once)."""
    tickets = [by_id[i] for i in entry.report.tickets(key) if i in by_id]
    return html_rows.joined((links.ticket_link(t) for t in tickets), " ")


def _figure_rows(
    ctx: SiteContext, entry: WeekEntry, links: Links, by_id: dict[str, Ticket]
) -> list[tuple[str, Any, Markup]]:
    r = entry.report
    # The rate counts the escalate tickets opened; other figures are their own evidence key.
    evidence_key = {"escalation_rate": "opened_by_tier.escalate"}
    rows = []
    for name in FIGURES:
        if name in INTERNAL_FIGURES and not ctx.internal:
            continue
        value = getattr(r, name)
        if name == "escalation_rate":
            shown: Any = format_percent(value)
        elif isinstance(value, tuple):
            shown = len(value)
        else:
            shown = "—" if value is None else value
        ids = _ticket_links(entry, evidence_key.get(name, name), links, by_id)
        rows.append((name.replace("_", " "), shown, ids))
    return rows


def _admin_evidence(entry: WeekEntry, links: Links, by_id: dict[str, Ticket]
                    ) -> list[tuple[str, str, int, Markup]]:
    """(admin slug, figure, count, ticket links) for every non-zero per-admin count."""
    r = entry.report
    rows = []
    for figures in r.admins:
        for name in COUNTED_FIGURES:
            key = f"admins.{figures.admin}.{name}"
            if r.evidence.get(key):
                rows.append((figures.admin, name, len(r.evidence[key]),
                             _ticket_links(entry, key, links, by_id)))
    return rows


def _charts(ctx: SiteContext, index: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The charts of the week ``ctx.weeks[index]``: the weeks run newest first, so the
    chart's weeks, oldest first, are the ones from there on, reversed."""
    entry = ctx.weeks[index]
    recent = ctx.weeks[index:index + CHART_WEEKS][::-1]
    tiers = [t.value for t in Tier]
    tier_bars = [Bar(str(w.week), [w.report.opened_by_tier.get(t, 0) for t in tiers])
                 for w in recent]
    admin_bars = []
    for a in entry.report.admins:
        name = ctx.admins[a.admin].name if a.admin in ctx.admins else a.admin
        admin_bars.append(Bar(name, [*a.outcomes.values(), a.no_response, a.pending]))
    return (
        {"weeks": len(recent),
         "svg": stacked_columns(f"Tickets opened per week by tier, to {entry.week}",
                                tier_bars, tiers)},
        # The page's admin table under the chart holds the same numbers.
        {"svg": stacked_rows(f"Response outcomes per admin, {entry.week}", admin_bars,
                             OUTCOME_SERIES, numbers=False)},
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


def _sentence(sentence: Sentence, links: Links) -> Markup:
    """A summary sentence as HTML, the admin as a link to their page."""
    text = Markup.escape(sentence.text)
    return text if sentence.admin is None else Markup("{}: {}").format(
        links.admin_link(sentence.admin), text)


def render_reports(ctx: SiteContext) -> dict[str, str]:
    """The reports index and one page per ISO week."""
    pages = {urls.REPORTS: Links(urls.REPORTS, ctx).render("reports.md.j2")}
    by_id = {t.id: t for t in ctx.tickets}
    for index, entry in enumerate(ctx.weeks):
        page = urls.week_page(entry.week)
        links = Links(page, ctx)
        tier_chart, outcome_chart = _charts(ctx, index)
        pages[page] = links.render(
            "weekly.md.j2", entry=entry, r=entry.report,
            shown_as_of=format_when(entry.report.as_of),
            summary=[_sentence(s, links) for s in summary_sentences(entry.report)],
            figures=_figure_rows(ctx, entry, links, by_id), tier_chart=tier_chart,
            outcome_chart=outcome_chart, breakdowns=_breakdowns(ctx, entry),
            admin_evidence=_admin_evidence(entry, links, by_id),
            unowned=_ticket_links(entry, "unowned_at_end", links, by_id),
            schema=schema_note(entry.frozen) if entry.frozen else None,
            differences=[line for line in entry.differences
                         if ctx.internal or not line.startswith(INTERNAL_FIGURES)],
        )
    return pages
