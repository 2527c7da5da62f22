"""Print, in a real browser: Chromium prints pages of the example site to PDF (A4 and
Letter) and the PDF's text is read back with pypdf.

The weekly report of the example data's busiest week (found from the records) fits one or
two pages and carries its figures; every printed page repeats the banner, the as-of time,
the page's address and its number, and no page prints the navigation, search or buttons.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader
from site_build import EXAMPLE_AS_OF, BuiltSite, SiteServer, busiest_week, escalation

pytestmark = pytest.mark.e2e

FORMATS = ["A4", "Letter"]
BANNER = "Confidential — Internal Use Only"
"""The example configuration's banner (the settings' default)."""
AS_OF_SHOWN = "As of 2026-11-30 10:00 (America/Chicago)"
REPORT_FIGURES = ("tickets_opened", "tickets_resolved", "engagements_sent",
                  "responses_received", "deadlines_missed", "open_escalations_at_end",
                  "off_record", "knowledge_captured")


@pytest.fixture(scope="module")
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def print_pages(tab: Any, server: SiteServer, url: str, paper: str) -> list[str]:
    """``url`` printed on ``paper``: the text of each printed page, spaces normalised."""
    tab.goto(server.url + url, wait_until="load")
    pdf = PdfReader(BytesIO(tab.pdf(format=paper)))
    return [" ".join(page.extract_text().split()) for page in pdf.pages]


def assert_every_page_has_its_margins(pages: list[str], server: SiteServer, url: str) -> None:
    for number, text in enumerate(pages, start=1):
        assert BANNER in text, (number, text[:300])
        assert AS_OF_SHOWN in text, (number, text[:300])
        assert server.url + url in text, (number, text[:300])
        assert f"Page {number} of {len(pages)}" in text, (number, text[:300])


def assert_no_navigation_search_or_buttons(pages: list[str]) -> None:
    everything = " ".join(pages)
    # The tabs, the sections' navigation, the filter box and its count, the theme's footer
    # and search, the forms' and the copy buttons.
    for screen_only in ("Dashboard Tickets Escalations Admins", "Log New Ticket",
                        "Working tickets", "Filter rows", " rows Ticket", "Back to top",
                        "Made with", "Type to start searching", "Copy to clipboard"):
        assert screen_only not in everything, screen_only


@pytest.mark.parametrize("paper", FORMATS)
def test_the_busiest_weeks_report_prints_on_one_or_two_pages(
    tab: Any, week_site: BuiltSite, week_server: SiteServer, paper: str
) -> None:
    week = busiest_week(week_site.project)
    url = f"reports/{week.lower()}/"
    pages = print_pages(tab, week_server, url, paper)
    assert 1 <= len(pages) <= 2, f"{week} printed on {len(pages)} {paper} pages"
    text = " ".join(pages)
    assert f"Weekly Report {week}" in text

    # The figures, as the report command gives them, are all on paper.
    made = escalation("report", "--week", week, "--as-of", EXAMPLE_AS_OF, "--format",
                      "json", cwd=week_site.project)
    assert made.returncode == 0, made.stderr
    report = json.loads(made.stdout)
    assert report["tickets_opened"] > 0
    for key in REPORT_FIGURES:
        assert f"{key.replace('_', ' ')} {report[key]}" in text, key
    tiers = report["opened_by_tier"]
    assert (f"{week}: handle {tiers['handle']}, collaborate {tiers['collaborate']},"
            f" escalate {tiers['escalate']}") in text  # the chart's numbers
    assert_every_page_has_its_margins(pages, week_server, url)
    assert_no_navigation_search_or_buttons(pages)


@pytest.mark.parametrize("paper", FORMATS)
@pytest.mark.parametrize("url", ["", "admins/owen-barrett/"])
def test_the_dashboard_and_an_admin_page_print_with_their_margins(
    tab: Any, week_server: SiteServer, url: str, paper: str
) -> None:
    pages = print_pages(tab, week_server, url, paper)
    assert len(pages) >= 1
    heading = "Escalation Dashboard" if url == "" else "Owen Barrett"
    assert heading in pages[0]
    assert_every_page_has_its_margins(pages, week_server, url)
    assert_no_navigation_search_or_buttons(pages)


def test_a_long_table_repeats_its_header_and_keeps_its_rows_whole(
    tab: Any, week_server: SiteServer
) -> None:
    """All Tickets runs over several pages: each starts with the header row, and the
    print rules keep every row on one page."""
    pages = print_pages(tab, week_server, "tickets/", "A4")
    assert len(pages) >= 2
    header = "Ticket Title Classification Requestor"
    assert all(header in page for page in pages), [page[:400] for page in pages]
    tab.emulate_media(media="print")
    try:
        rules = tab.locator("article tr").evaluate_all(
            "rows => [...new Set(rows.map(r => getComputedStyle(r).breakInside))]")
    finally:
        tab.emulate_media(media="screen")
    assert rules == ["avoid"]


def test_charts_print_in_black_and_white_with_a_fill_per_series(
    tab: Any, week_site: BuiltSite, week_server: SiteServer
) -> None:
    tab.goto(week_server.url + f"reports/{busiest_week(week_site.project).lower()}/",
             wait_until="load")
    tab.emulate_media(media="print")
    try:
        charts = tab.locator(".ep-chart svg").evaluate_all("""svgs => svgs.map(svg => {
            const fills = {};
            svg.querySelectorAll('rect[class^="ep-series-"]').forEach(rect => {
              fills[rect.getAttribute('class')] = getComputedStyle(rect).fill;
            });
            return fills;
        })""")
        patterns = tab.locator("svg.ep-patterns pattern").evaluate_all(
            "ps => ps.map(p => p.id)")
    finally:
        tab.emulate_media(media="screen")
    assert len(charts) >= 2
    grey = re.compile(r"rgb\((\d+), \1, \1\)")
    for fills in charts:
        assert len(fills) >= 2, fills
        # every series its own fill, each a grey or one of the page's black-and-white patterns
        assert len(set(fills.values())) == len(fills), fills
        for fill in fills.values():
            pattern = re.fullmatch(r'url\("?#(ep-pattern-[a-z]+)"?\)', fill)
            assert grey.fullmatch(fill) or (pattern and pattern.group(1) in patterns), fill
