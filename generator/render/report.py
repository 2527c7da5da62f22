"""The weekly report as Markdown and CSV (JSON is :meth:`WeeklyReport.to_json`), one week
or a range of weeks, and the summary sentences the Markdown and the weekly page share.

Every sentence of the summary is made from the values of a table of the same report (the
figures, the per-admin rows, the engagements outstanding at the end), and says the week
each deadline it counts fell in, so that a sentence and a table cannot disagree.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from generator.compute.metrics import AdminFigures
from generator.compute.weekly import WeeklyReport
from generator.render.templating import environment, format_when, markdown_text
from generator.schema.records import Channel, Classification, Outcome, Tier
from generator.schema.weeks import IsoWeek

ADMIN_FIGURES = ("engaged", "responded", *(f"outcomes.{o}" for o in Outcome), "late",
                 "no_response", "pending", "response_rate", "median_response_hours")
"""Each admin's figures, as the CSV columns and the evidence keys name them."""
CSV_COLUMNS = ("week", "admin", *ADMIN_FIGURES)
COUNTED_FIGURES = ADMIN_FIGURES[:-2]
"""The per-admin figures that count engagements (each with its tickets as evidence)."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a week's summary; about one admin when ``admin`` is set (shown
    first, as the renderer names admins)."""

    text: str
    admin: str | None = None


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _deadline_words(weeks: Mapping[IsoWeek, int]) -> str:
    """`` (deadline in 2026-W48)`` or `` (deadlines: 1 in 2026-W47, 2 in 2026-W48)``."""
    if not weeks:
        return ""
    if len(weeks) == 1:
        ((week, count),) = weeks.items()
        return f" (deadline{'s' * (count != 1)} in {week})"
    return " (deadlines: " + ", ".join(f"{n} in {w}" for w, n in weeks.items()) + ")"


def _engagements_sentence(report: WeeklyReport) -> Sentence:
    """The totals row of the per-admin table, in words."""
    t, week = report.totals, report.week
    if not t.engaged:
        return Sentence(f"No engagement was sent in {week}.")
    outcomes = ", ".join(f"{count} {outcome}" for outcome, count in t.outcomes.items())
    late = report.deadline_weeks("late")
    return Sentence(
        f"{_count(t.engaged, 'engagement')} sent in {week}, as of"
        f" {format_when(report.as_of)}: {t.responded} responded to ({outcomes}), {t.late}"
        f" of them after the deadline{_deadline_words(late)}; {t.no_response} with no"
        f" response and the deadline passed"
        f"{_deadline_words(report.deadline_weeks('no_response'))}; {t.pending} pending"
        f"{_deadline_words(report.deadline_weeks('pending'))}."
    )


def _end_words(report: WeeklyReport) -> str:
    if report.ended:
        return f"At the end of {report.week} ({format_when(report.at_end)})"
    return f"As of {format_when(report.at_end)}, before {report.week} ended"


def summary_sentences(report: WeeklyReport) -> list[Sentence]:
    """The week in a few sentences, each from the values of one of its tables."""
    week = report.week
    sentences = [
        Sentence(f"{_count(report.tickets_opened, 'ticket')} opened in {week} and"
                 f" {report.tickets_resolved} resolved."),
        _engagements_sentence(report),
    ]
    for figures in report.admins:
        if figures.no_response:
            weeks = report.deadline_weeks("no_response", figures.admin)
            sentences.append(Sentence(
                f"{_count(figures.no_response, 'engagement')} sent in {week} with no"
                f" response as of {format_when(report.as_of)}{_deadline_words(weeks)}.",
                admin=figures.admin))
    sentences.append(Sentence(
        f"Deadlines that fell in {week}: {report.deadlines_missed} missed (no response by"
        " the deadline)."))
    outstanding = len(report.outstanding_at_end)
    sentences.append(Sentence(
        f"{_end_words(report)}, {_count(outstanding, 'engagement')} on open tickets"
        f" {'was' if outstanding == 1 else 'were'} past the deadline with no response"
        f"{_deadline_words(report.deadline_weeks('outstanding_at_end'))}, and"
        f" {_count(len(report.unowned_at_end), 'ticket')}"
        f" {'was' if len(report.unowned_at_end) == 1 else 'were'} unowned (declined"
        " without naming an owner)."))
    sentences.append(Sentence(
        f"Gaps among the tickets opened: {', '.join(report.gaps)}." if report.gaps else
        "No gaps among the tickets opened in the week."))
    return sentences


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
    names = dict(admin_name or {})
    template = environment().get_template("report.md.j2")
    return template.render(
        report=report,
        title=title,
        ticket_href=ticket_href,
        admin_name=names,
        summary=[markdown_sentence(s, names) for s in summary_sentences(report)],
        admin_figures=COUNTED_FIGURES,
        tiers=[t.value for t in Tier],
        classifications=[c.value for c in Classification],
        channels=[c.value for c in Channel],
        timezone=str(report.as_of.tzinfo),
    )


def admin_label(slug: str, admin_name: Mapping[str, str]) -> str:
    """An admin as the Markdown report names them: ``Name (`slug`)`` or ```slug```."""
    return f"{markdown_text(admin_name[slug])} (`{slug}`)" if slug in admin_name else (
        f"`{slug}`")


def markdown_sentence(sentence: Sentence, admin_name: Mapping[str, str]) -> str:
    """A summary sentence as Markdown, the admin named as in the report's tables."""
    if sentence.admin is None:
        return sentence.text
    return f"{admin_label(sentence.admin, admin_name)}: {sentence.text}"


def render_markdown_range(reports: Sequence[WeeklyReport]) -> str:
    """The reports of a range of weeks as one Markdown document, in week order."""
    return "\n".join(render_markdown(report, title=True) for report in reports)


def admin_cells(figures: AdminFigures) -> list[object]:
    """One admin's :data:`ADMIN_FIGURES` values, in order (None for null)."""
    data = figures.to_json()
    return [data["outcomes"][name.split(".", 1)[1]] if name.startswith("outcomes.")
            else data[name] for name in ADMIN_FIGURES]


def _csv_row(week: IsoWeek, figures: AdminFigures) -> list[object]:
    cells = admin_cells(figures)
    return [str(week), figures.admin, *("" if value is None else value for value in cells)]


def render_csv(report: WeeklyReport | Sequence[WeeklyReport]) -> str:
    """One row per admin engaged in each week, then that week's ``TOTAL`` row; one header
    for every week; an empty cell is null."""
    reports = [report] if isinstance(report, WeeklyReport) else list(report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for each in reports:
        for figures in each.admins:
            writer.writerow(_csv_row(each.week, figures))
        writer.writerow(_csv_row(each.week, each.totals))
    return out.getvalue()


def render_json(report: WeeklyReport | Sequence[WeeklyReport]) -> str:
    """The report's JSON, or for a range a list of the reports' JSON in week order."""
    data = report.to_json() if isinstance(report, WeeklyReport) else [
        each.to_json() for each in report]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
