"""The weekly report as Markdown and CSV (JSON is :meth:`WeeklyReport.to_json`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping

from generator.compute.metrics import AdminFigures
from generator.compute.weekly import WeeklyReport
from generator.render.templating import environment
from generator.schema.records import Channel, Classification, Tier
from generator.schema.weeks import IsoWeek

CSV_COLUMNS = (
    "week", "admin", "engaged", "answered", "late", "no_response", "pending",
    "response_rate", "median_response_hours",
)


def render_markdown(
    report: WeeklyReport,
    *,
    title: bool = False,
    ticket_href: Callable[[str], str] | None = None,
    admin_name: Mapping[str, str] | None = None,
) -> str:
    """The report as Markdown: a fragment of ``##`` sections, with ``title`` a ``#`` heading.

    ``ticket_href`` turns ticket IDs into links; ``admin_name`` shows names beside slugs.
    """
    template = environment().get_template("report.md.j2")
    return template.render(
        report=report,
        title=title,
        ticket_href=ticket_href,
        admin_name=dict(admin_name or {}),
        tiers=[t.value for t in Tier],
        classifications=[c.value for c in Classification],
        channels=[c.value for c in Channel],
        timezone=str(report.as_of.tzinfo),
    )


def _csv_row(week: IsoWeek, figures: AdminFigures) -> list[object]:
    data = figures.to_json()
    return [str(week)] + ["" if data[c] is None else data[c] for c in CSV_COLUMNS[1:]]


def render_csv(report: WeeklyReport) -> str:
    """One row per admin engaged in the week, then a ``TOTAL`` row; empty cell = null."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for figures in report.admins:
        writer.writerow(_csv_row(report.week, figures))
    writer.writerow(_csv_row(report.week, report.totals))
    return out.getvalue()
