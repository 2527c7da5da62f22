"""The dashboard, the admin pages and the weekly pages agree with each other and with
``escalation report`` (JSON figures, Markdown ticket lists) for the same as-of time."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
from site_build import AS_OF, BuiltSite, escalation
from sitehtml import Table, section_table, section_tables, section_text

pytestmark = pytest.mark.e2e

WEEKS = ["2026-W48", "2026-W47", "2026-W46", "2026-W45", "2026-W44"]
# Weekly page figure → the row label of the same figure in `escalation report --format md`.
MD_LABELS = {
    "tickets opened": "Opened in the week",
    "tickets resolved": "Resolved in the week",
    "escalation rate": "Escalation rate (escalate ÷ opened)",
    "off record": "Off the record (opened from a Slack DM)",
    "open escalations at end": "Open escalations at the end of the week",
    "engagements sent": "Engagements sent in the week",
    "responses received": "Responses received in the week",
    "deadlines missed": "Deadlines missed in the week",
    "knowledge captured": "Knowledge captured (responses with a process)",
}
FIGURES = ("engaged", "answered", "late", "no_response", "pending")
RESPONDED_STATES = ("accepted", "answered", "redirected", "declined")
"""The states of an engagement with a response (the admin pages' Outcome column)."""


@pytest.fixture(scope="module")
def reports(internal_site: BuiltSite) -> dict[str, tuple[dict[str, Any], str]]:
    """``escalation report`` of every week as of the build's as-of: (JSON, Markdown)."""
    found = {}
    for week in WEEKS:
        outputs = []
        for output_format in ("json", "md"):
            result = escalation("report", "--week", week, "--as-of", AS_OF,
                                "--format", output_format, cwd=internal_site.project)
            assert result.returncode == 0, result.stderr
            outputs.append(result.stdout)
        found[week] = (json.loads(outputs[0]), outputs[1])
    return found


def week_url(week: str) -> str:
    return f"reports/{week.lower()}/"


def admin_slugs(table: Table) -> list[str]:
    """The admin slug of each row, from the link of its first cell."""
    slugs = []
    for row in table.rows:
        (href,) = row[0].links()
        slugs.append(href.rstrip("/").rsplit("/", 1)[-1])
    return slugs


def percent(rate: float | None) -> str:
    """A rate as every page shows it: one decimal at most (33.3%, 40%)."""
    if rate is None:
        return "—"
    text = f"{rate * 100:.1f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def md_ticket_ids(markdown: str, label: str) -> list[str]:
    """The ticket IDs of one figure's row in the Markdown report."""
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == label:
            return [i for i in re.split(r",\s*", cells[-1]) if i]
    raise AssertionError(f"no row {label!r} in the report")


def test_report_is_computed_as_of_the_same_time(reports: dict[str, Any]) -> None:
    assert {data["as_of"] for data, _ in reports.values()} == {"2026-11-25T12:00:00-06:00"}


def test_reports_index_agrees_with_the_report(
    internal_site: BuiltSite, reports: dict[str, Any]
) -> None:
    table = section_tables(internal_site.doc("reports/"), "")[0]
    assert table.column("Week") == WEEKS
    for row in table.as_dicts():
        data, _ = reports[row["Week"]]
        assert row["Dates"] == f"{data['start']} \u2013 {data['end']}"
        assert [row["Opened"], row["Resolved"], row["Escalation rate"],
                row["Engagements sent"], row["Responses"], row["Deadlines missed"],
                row["Open escalations at end"]] == [
            str(data["tickets_opened"]), str(data["tickets_resolved"]),
            percent(data["escalation_rate"]), str(data["engagements_sent"]),
            str(data["responses_received"]), str(data["deadlines_missed"]),
            str(data["open_escalations_at_end"]),
        ], row["Week"]


@pytest.mark.parametrize("week", WEEKS)
def test_weekly_page_figures_and_tickets_agree_with_the_report(
    internal_site: BuiltSite, reports: dict[str, Any], week: str
) -> None:
    data, markdown = reports[week]
    doc = internal_site.doc(week_url(week))
    for row in section_table(doc, "figures").rows:
        name, value = row[0].text, row[1].text
        key = name.replace(" ", "_")
        if key == "escalation_rate":
            assert value == percent(data[key]), (week, name)
        else:
            assert value == str(data[key]), (week, name)
        linked = [a.text for a in row[2].iter("a")]
        assert linked == md_ticket_ids(markdown, MD_LABELS[name]), (week, name)


@pytest.mark.parametrize("week", ["2026-W48", "2026-W47", "2026-W46", "2026-W44"])
def test_weekly_page_admin_table_agrees_with_the_report(
    internal_site: BuiltSite, reports: dict[str, Any], week: str
) -> None:
    data, _ = reports[week]
    table = section_table(internal_site.doc(week_url(week)), "response-outcomes-per-admin")
    shown = {
        slug: [row["Engaged"], row["Responded"], row["Late"], row["No response"],
               row["Pending"], row["Response rate"]]
        for slug, row in zip(admin_slugs(table), table.as_dicts(), strict=True)
    }
    assert shown == {
        a["admin"]: [*(str(a[f]) for f in FIGURES), percent(a["response_rate"])]
        for a in data["admins"]
    }


def test_dashboard_summary_is_the_sum_of_the_weeks(
    internal_site: BuiltSite, reports: dict[str, Any]
) -> None:
    """Every engagement is sent in exactly one week, in its state as of the same time."""
    totals: dict[str, Counter[str]] = {}
    for data, _ in reports.values():
        for figures in data["admins"]:
            totals.setdefault(figures["admin"], Counter()).update(
                {f: figures[f] for f in FIGURES})
    table = section_table(internal_site.doc(""), "admin-response-summary")
    shown = {
        slug: {"engaged": int(row["Engaged"]), "answered": int(row["Responded"]),
               "late": int(row["Late"]), "no_response": int(row["No response"]),
               "pending": int(row["Pending"])}
        for slug, row in zip(admin_slugs(table), table.as_dicts(), strict=True)
    }
    assert shown == {slug: dict(c) for slug, c in totals.items()}


def test_dashboard_headline_figures_agree_with_this_weeks_report(
    internal_site: BuiltSite, reports: dict[str, Any]
) -> None:
    data, _ = reports["2026-W48"]  # the week of the as-of time
    doc = internal_site.doc("")
    figures = {div.text.split(" ", 1)[1]: int(div.text.split(" ", 1)[0])
               for div in doc.find("div", cls="ep-figures").find_all("div")}
    assert figures["no-responses this week"] == data["deadlines_missed"]
    open_escalations = section_table(doc, "open-escalations")
    assert figures["open escalations"] == len(open_escalations.rows)
    assert figures["open escalations"] == data["open_escalations_at_end"]
    owed = sum(int(row["Pending"]) + int(row["No response"]) for row in
               section_table(doc, "admin-response-summary").as_dicts())
    assert figures["responses owed"] == owed


def test_admin_pages_agree_with_the_dashboard_and_the_admins_index(
    internal_site: BuiltSite,
) -> None:
    summary = section_table(internal_site.doc(""), "admin-response-summary")
    index = section_tables(internal_site.doc("admins/"), "")[0]
    indexed = dict(zip(admin_slugs(index), index.as_dicts(), strict=True))
    for slug, row in zip(admin_slugs(summary), summary.as_dicts(), strict=True):
        doc = internal_site.doc(f"admins/{slug}/")
        sentence = section_text(doc, "administrator-response-tracking")
        engaged = int(row["Engaged"])
        assert (f"engaged {engaged} time{'s' if engaged != 1 else ''}; responded"
                f" {row['Responded']} ({row['Late']} after the deadline); no response"
                f" {row['No response']}; pending {row['Pending']}") in sentence, slug
        median = row["Median response (business hours)"]
        assert f"median response {median} business hours" in sentence, slug
        tracking = section_table(doc, "administrator-response-tracking")
        outcomes = [r["Outcome"] for r in tracking.as_dicts()]
        assert len(outcomes) == engaged, slug
        assert sum(o.startswith("no-response") for o in outcomes) == int(row["No response"])
        assert sum(o.startswith(("pending", "due-soon")) for o in outcomes) == int(
            row["Pending"])
        assert sum(o.startswith(RESPONDED_STATES) for o in outcomes) == int(row["Responded"])
        assert sum("late" in o.split() for o in outcomes) == int(row["Late"])
        assert [indexed[slug][k] for k in ("Engaged", "Responded", "No response", "Pending")] \
            == [row[k] for k in ("Engaged", "Responded", "No response", "Pending")], slug
