"""The dashboard, the admin pages and the weekly pages agree with each other and with
``escalation report`` (JSON figures, Markdown ticket lists) for the same as-of time.

The weekly pages are checked on two builds: the fixture project, and the same project
with a declined ticket and an engagement superseded weeks ago (so that every figure of
report schema 2 has something to count)."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from site_build import AS_OF, FIXTURE, BuiltSite, build_site, copy_project, escalation
from sitehtml import Element, Table, section_table, section_tables, section_text

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
    "outstanding at end": "Outstanding at the end (past the deadline, no response)",
    "unowned at end": "Unowned at the end (declined without naming an owner)",
}
FIGURES = ("engaged", "responded", "late", "no_response", "pending")
OUTCOMES = ("accepted", "answered", "redirected", "declined")
RESPONDED_STATES = ("accepted", "answered", "redirected", "declined")
"""The states of an engagement with a response (the admin pages' Outcome column)."""


# Added to the fixture for the second build: 90131 declined in W47 and left unowned;
# 90132 engaged to Ben South in W46 (8-hour window, never answered), then to Ana North,
# who answered: Ben's engagement stays outstanding in every later week.
DECLINED = {
    "tickets/2026/90131.md": """\
---
title: Shared drive quota
opened: 2026-11-17T09:00
classification: service-request
priority: medium
tier: collaborate
status: open
service: vpn
escalations:
  - admin: ana-north
    tier: collaborate
    at: 2026-11-17T10:00
    response:
      at: 2026-11-17T11:00
      outcome: declined
---
""",
    "tickets/2026/90132.md": """\
---
title: VPN drops every hour
opened: 2026-11-09T09:00
classification: incident
priority: medium
tier: collaborate
status: open
service: vpn
escalations:
  - admin: ben-south
    tier: collaborate
    at: 2026-11-09T10:00
  - admin: ana-north
    tier: collaborate
    at: 2026-11-11T10:00
    response:
      at: 2026-11-11T11:00
      outcome: answered
---
""",
}


def report_outputs(site: BuiltSite) -> dict[str, tuple[dict[str, Any], str]]:
    """``escalation report`` of every week as of the build's as-of: (JSON, Markdown)."""
    found = {}
    for week in WEEKS:
        outputs = []
        for output_format in ("json", "md"):
            result = escalation("report", "--week", week, "--as-of", AS_OF,
                                "--format", output_format, cwd=site.project)
            assert result.returncode == 0, result.stderr
            outputs.append(result.stdout)
        found[week] = (json.loads(outputs[0]), outputs[1])
    return found


@pytest.fixture(scope="module")
def reports(internal_site: BuiltSite) -> dict[str, tuple[dict[str, Any], str]]:
    return report_outputs(internal_site)


@pytest.fixture(scope="module")
def declined_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("declined")
    project = copy_project(FIXTURE, root / "project")
    for name, text in DECLINED.items():
        Path(project, name).write_text(text, encoding="utf-8")
    return build_site(project, root / "site")


@pytest.fixture(scope="module", params=["fixture", "declined"])
def weekly(request: pytest.FixtureRequest, internal_site: BuiltSite
           ) -> tuple[BuiltSite, dict[str, tuple[dict[str, Any], str]]]:
    """Each build with its reports: (site, week → (JSON, Markdown))."""
    if request.param == "fixture":
        return internal_site, request.getfixturevalue("reports")
    site = request.getfixturevalue("declined_site")
    return site, report_outputs(site)


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


def test_reports_index_agrees_with_the_report(weekly: tuple[BuiltSite, Any]) -> None:
    site, reports = weekly
    table = section_tables(site.doc("reports/"), "")[0]
    assert table.column("Week") == WEEKS
    for row in table.as_dicts():
        data, _ = reports[row["Week"]]
        assert row["Dates"] == f"{data['start']} \u2013 {data['end']}"
        assert [row["Opened"], row["Resolved"], row["Escalation rate"],
                row["Engagements sent"], row["Responses"], row["Deadlines missed"],
                row["Open escalations at end"], row["Outstanding at end"],
                row["Unowned at end"]] == [
            str(data["tickets_opened"]), str(data["tickets_resolved"]),
            percent(data["escalation_rate"]), str(data["engagements_sent"]),
            str(data["responses_received"]), str(data["deadlines_missed"]),
            str(data["open_escalations_at_end"]), str(len(data["outstanding_at_end"])),
            str(len(data["unowned_at_end"])),
        ], row["Week"]


def shown_figure(value: Any) -> str:
    """A JSON figure as the Figures table shows it (a list by its length)."""
    return str(len(value)) if isinstance(value, list) else str(value)


@pytest.mark.parametrize("week", WEEKS)
def test_weekly_page_figures_and_tickets_agree_with_the_report(
    weekly: tuple[BuiltSite, Any], week: str
) -> None:
    site, reports = weekly
    data, markdown = reports[week]
    doc = site.doc(week_url(week))
    for row in section_table(doc, "figures").rows:
        name, value = row[0].text, row[1].text
        key = name.replace(" ", "_")
        if key == "escalation_rate":
            assert value == percent(data[key]), (week, name)
        else:
            assert value == shown_figure(data[key]), (week, name)
        linked = [a.text for a in row[2].iter("a")]
        assert linked == md_ticket_ids(markdown, MD_LABELS[name]), (week, name)


@pytest.mark.parametrize("week", WEEKS)
def test_weekly_page_admin_table_agrees_with_the_report(
    weekly: tuple[BuiltSite, Any], week: str
) -> None:
    site, reports = weekly
    data, _ = reports[week]
    if not data["admins"]:
        return
    table = section_table(site.doc(week_url(week)), "response-outcomes-per-admin")
    shown = {
        slug: [row["Engaged"], row["Responded"], row["Late"], row["No response"],
               row["Pending"], row["Response rate"], *(row[o.title()] for o in OUTCOMES)]
        for slug, row in zip(admin_slugs(table), table.as_dicts(), strict=True)
    }
    assert shown == {
        a["admin"]: [*(str(a[f]) for f in FIGURES), percent(a["response_rate"]),
                     *(str(a["outcomes"][o]) for o in OUTCOMES)]
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
        slug: {"engaged": int(row["Engaged"]), "responded": int(row["Responded"]),
               "late": int(row["Late"]), "no_response": int(row["No response"]),
               "pending": int(row["Pending"])}
        for slug, row in zip(admin_slugs(table), table.as_dicts(), strict=True)
    }
    assert shown == {slug: dict(c) for slug, c in totals.items()}


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


# --- report schema 2 on the weekly pages -----------------------------------------------


def md_sections(markdown: str) -> dict[str, list[str]]:
    """The Markdown report's lines under each heading (any level)."""
    found: dict[str, list[str]] = {}
    current = ""
    for line in markdown.splitlines():
        if line.startswith("#"):
            current = line.lstrip("#").strip()
        found.setdefault(current, []).append(line)
    return found


def md_table(lines: list[str]) -> list[list[str]]:
    """The body rows of the first Markdown table in ``lines``, as cell texts."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in lines if line.startswith("|")]
    return rows[2:]


def when(iso: str) -> str:
    """An ISO 8601 instant as the pages show it (on its own clock, to the minute)."""
    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")


def link_slug(cell: Element) -> str:
    """The last path segment of the one link in ``cell`` (or of ``cell``, a link)."""
    (href,) = [cell.attrs["href"]] if cell.tag == "a" else cell.links()
    return href.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("week", WEEKS)
def test_weekly_page_outstanding_and_unowned_agree_with_the_report(
    weekly: tuple[BuiltSite, Any], week: str
) -> None:
    site, reports = weekly
    data, _ = reports[week]
    doc = site.doc(week_url(week))
    tables = section_tables(doc, "at-the-end-of-the-week")
    shown = []
    for row in tables[0].rows if tables else []:
        cells = [c.text for c in row]
        overdue, unit = cells[5].split(" ", 1)
        assert unit in ("business hours", "hours"), cells
        shown.append({"ticket": cells[0], "admin": link_slug(row[1]), "sent": cells[2],
                      "deadline": cells[3], "week": cells[4], "overdue_hours": float(overdue)})
    assert shown == [
        {"ticket": o["ticket"], "admin": o["admin"], "sent": when(o["sent"]),
         "deadline": when(o["deadline"]),
         "week": "{}-W{:02d}".format(*datetime.fromisoformat(o["deadline"]).isocalendar()[:2]),
         "overdue_hours": o["overdue_hours"]}
        for o in data["outstanding_at_end"]
    ]
    unowned = doc.find("p", cls="ep-unowned")
    assert [a.text for a in unowned.iter("a")] == data["unowned_at_end"]


def test_the_declined_build_counts_every_new_figure(
    declined_site: BuiltSite,
) -> None:
    """Not vacuous: 90131 unowned from W47 on, and Ben South's engagement of 90132 (W46)
    outstanding in W46, W47 and W48."""
    data = {week: json.loads(escalation("report", "--week", week, "--as-of", AS_OF,
                                        "--format", "json", cwd=declined_site.project).stdout)
            for week in ("2026-W46", "2026-W47", "2026-W48")}
    # 90113, the fixture's own declined ticket (W48), is unowned at the end of W48 too.
    assert [data[w]["unowned_at_end"] for w in data] == [[], ["90131"], ["90113", "90131"]]
    for week in data:
        assert {"ticket": "90132", "admin": "ben-south", "sent": "2026-11-09T10:00:00-06:00",
                "deadline": "2026-11-10T10:00:00-06:00"}.items() <= next(
            o for o in data[week]["outstanding_at_end"] if o["ticket"] == "90132").items()
    ana = next(a for a in data["2026-W47"]["admins"] if a["admin"] == "ana-north")
    assert ana["outcomes"]["declined"] == 1


@pytest.mark.parametrize("week", WEEKS)
def test_weekly_page_admin_evidence_agrees_with_the_report(
    weekly: tuple[BuiltSite, Any], week: str
) -> None:
    site, reports = weekly
    data, markdown = reports[week]
    if not data["admins"]:
        return
    table = section_table(site.doc(week_url(week)), "tickets-behind-each-admins-figures")
    shown = [(link_slug(row[0]), row[1].text, row[2].text, [a.text for a in row[3].iter("a")])
             for row in table.rows]
    expected = [(cells[0].split("`")[1], cells[1], cells[2],
                 [i for i in re.split(r",\s*", cells[3]) if i])
                for cells in md_table(md_sections(markdown)["Tickets behind each admin's figures"])]
    assert shown == expected
    counts = {(slug, name): int(count) for slug, name, count, _ in shown}
    for a in data["admins"]:
        for name in FIGURES:
            assert counts.get((a["admin"], name), 0) == a[name], (a["admin"], name)
        for outcome in OUTCOMES:
            assert counts.get((a["admin"], f"outcomes.{outcome}"), 0) == a["outcomes"][outcome]


@pytest.mark.parametrize("week", WEEKS)
def test_weekly_page_summary_is_the_reports_summary(
    weekly: tuple[BuiltSite, Any], week: str
) -> None:
    """The page and ``escalation report`` say the same sentences (the page names an admin
    by a link to their page, the Markdown by their slug)."""
    site, reports = weekly
    _, markdown = reports[week]
    expected = [line[2:] for line in md_sections(markdown)["Summary"] if line.startswith("- ")]
    shown = []
    for item in site.doc(week_url(week)).find("ul", cls="ep-narrative").iter("li"):
        links = [a for a in item.iter("a") if "admins/" in a.attrs.get("href", "")]
        text = item.text
        if links:
            text = f"`{link_slug(links[0])}`:" + text[len(links[0].text) + 1:]
        shown.append(text)
    assert shown == expected
    assert any("Deadlines that fell in" in s for s in shown)
