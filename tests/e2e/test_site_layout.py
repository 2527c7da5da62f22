"""Layouts made for data, measured in a real browser (system Chromium through Playwright):
at 1366 px the data tables fit their column without scrolling sideways and keep their
header row in view; at 390 px (a phone) no page scrolls sideways, wide tables become
stacked rows labelled by their headers and narrow ones scroll in their own box.

Both the repository's example data (long titles and names) and the test fixture (hostile
text) are measured, on every page type.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from site_build import SiteServer

pytestmark = pytest.mark.e2e

EXAMPLE_PAGES = [
    "", "tickets/", "tickets/2026-11/", "escalations/", "admins/", "admins/owen-barrett/",
    "ownership/", "reports/", "reports/2026-w48/", "knowledge/", "reference/",
    "reference/framework/", "reference/scenarios/",
    "reference/scenarios/no-response-after-window/", "reference/itil/", "new/ticket/",
    "new/admin/", "guides/problem-codes/",
]
"""Every page type of the example site: the dashboard, All Tickets, a month page,
Escalations, Admins, an admin page, Ownership, Reports, a weekly page, Knowledge, the
reference pages, both forms and a hand-written guide full of tables."""
FIXTURE_PAGES = [
    "", "tickets/", "tickets/2026-11/", "escalations/", "admins/", "admins/ana-north/",
    "admins/mallory-x/", "ownership/", "reports/", "reports/2026-w48/", "knowledge/",
    "reference/", "new/ticket/", "new/admin/",
]
DATA_TABLE_PAGES = ["", "tickets/", "escalations/"]
"""The dashboard, All Tickets and Escalations: their tables must fit at 1366 px."""

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

MEASURE = """() => {
  const tables = [...document.querySelectorAll("article table")].map(table => {
    const box = table.closest(".ep-table, .ep-triage") || table.parentElement;
    return {scroll: table.scrollWidth, own: table.clientWidth, box: box.clientWidth,
            right: table.getBoundingClientRect().right};
  });
  return {document: document.documentElement.scrollWidth, window: window.innerWidth,
          article: document.querySelector("article").getBoundingClientRect().width,
          tables: tables,
          toc: !!document.querySelector(".md-sidebar--secondary:not([hidden])")};
}"""


@pytest.fixture(scope="module")
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    try:
        yield context.new_page()
    finally:
        context.close()


def measure(tab: Any, server: SiteServer, url: str) -> dict[str, Any]:
    tab.goto(server.url + url, wait_until="load")
    measured: dict[str, Any] = tab.evaluate(MEASURE)
    return measured


@pytest.mark.parametrize("url", DATA_TABLE_PAGES)
@pytest.mark.parametrize("site", ["example", "fixture"])
def test_data_tables_fit_at_1366_px(
    desktop: Any, week_server: SiteServer, site_server: SiteServer, site: str, url: str
) -> None:
    found = measure(desktop, week_server if site == "example" else site_server, url)
    assert found["tables"], "the page has no table: nothing was measured"
    for table in found["tables"]:
        assert table["scroll"] <= table["own"] <= table["box"], table
        assert table["right"] <= found["window"], table
    assert found["document"] <= found["window"], found
    assert not found["toc"], "a data page shows a table of contents"
    # The column is the window's, not a documentation page's 61rem (1,220 px).
    assert found["article"] > 1220, found["article"]


def test_prose_pages_keep_the_reading_column(
    desktop: Any, week_server: SiteServer
) -> None:
    """The control: a page without data tables stays in the theme's column, with its toc."""
    found = measure(desktop, week_server, "reference/principles/")
    assert found["article"] < 1220 and found["toc"], found


@pytest.mark.parametrize("url", EXAMPLE_PAGES)
def test_no_example_page_scrolls_sideways_at_1366_px(
    desktop: Any, week_server: SiteServer, url: str
) -> None:
    found = measure(desktop, week_server, url)
    assert found["document"] <= found["window"], found


@pytest.mark.parametrize(("site", "url"), [("example", u) for u in EXAMPLE_PAGES]
                         + [("fixture", u) for u in FIXTURE_PAGES])
def test_no_page_scrolls_sideways_on_a_phone(
    phone: Any, week_server: SiteServer, site_server: SiteServer, site: str, url: str
) -> None:
    found = measure(phone, week_server if site == "example" else site_server, url)
    assert found["window"] == PHONE["width"]
    assert found["document"] <= PHONE["width"], found


def test_the_header_row_stays_in_view_while_the_rows_scroll(
    desktop: Any, week_server: SiteServer
) -> None:
    desktop.goto(week_server.url + "tickets/", wait_until="load")
    header = desktop.locator(".ep-table thead th").first
    assert header.evaluate("th => getComputedStyle(th).position") == "sticky"
    start = header.bounding_box()
    assert start is not None
    desktop.locator(".ep-table tbody tr").nth(30).scroll_into_view_if_needed()
    desktop.evaluate("window.scrollBy(0, 200)")
    moved = desktop.evaluate("window.scrollY")
    assert moved > start["y"], "the page did not scroll past the header row"
    below_theme_header = desktop.evaluate(
        "document.querySelector('.md-header').getBoundingClientRect().bottom")
    stuck = header.bounding_box()
    assert stuck is not None
    # In view, just under the theme's own sticky header, not scrolled away with the rows.
    assert abs(stuck["y"] - below_theme_header) <= 2, (stuck, below_theme_header)


def test_wide_tables_become_stacked_rows_on_a_phone(
    phone: Any, week_server: SiteServer
) -> None:
    phone.goto(week_server.url + "tickets/", wait_until="load")
    table = phone.locator(".ep-table table")
    assert table.get_attribute("data-phone") == "stack"
    headers = table.locator("thead th").evaluate_all(
        "cells => cells.map(th => th.textContent.trim())")
    first = table.locator("tbody tr").first
    first_ticket = first.locator("td").first.inner_text()
    labels = first.locator("td").evaluate_all(
        "cells => cells.map(td => getComputedStyle(td, '::before').content)")
    assert labels == [f'"{name}: "' for name in headers]
    cells = first.locator("td")
    top = [box["y"] for box in cells.evaluate_all(
        "cells => cells.map(td => td.getBoundingClientRect().toJSON())")]
    assert top == sorted(top) and len(set(top)) == len(top), "cells are not one under another"
    assert table.evaluate("t => t.getBoundingClientRect().width") <= PHONE["width"]
    # The header row is a line of sort buttons above the rows, and they still sort.
    date = table.locator("thead th", has_text="Date")
    assert date.locator("button").is_visible()
    date.locator("button").tap()
    assert date.get_attribute("aria-sort") == "ascending"
    assert table.locator("tbody tr").first.locator("td").first.inner_text() != \
        first_ticket


def test_narrow_tables_scroll_in_their_own_box_with_the_first_column_fixed(
    phone: Any, week_server: SiteServer
) -> None:
    """The guide's Markdown tables (the code catalogue) are wider than a phone: each
    scrolls inside its own box, and its first column stays where it was."""
    phone.goto(week_server.url + "guides/problem-codes/", wait_until="load")
    boxes = phone.locator("article .md-typeset__scrollwrap")
    wide = boxes.evaluate_all(
        "boxes => boxes.map(b => b.scrollWidth > b.clientWidth).indexOf(true)")
    assert wide >= 0, "no table is wider than the phone: nothing scrolls to measure"
    box = boxes.nth(wide)
    assert box.evaluate("box => getComputedStyle(box).overflowX") == "auto"
    first_cell = box.locator("tbody tr td").first
    other_cell = box.locator("tbody tr td").nth(1)
    assert first_cell.evaluate("td => getComputedStyle(td).position") == "sticky"
    before, other = first_cell.bounding_box(), other_cell.bounding_box()
    box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    after, other_after = first_cell.bounding_box(), other_cell.bounding_box()
    assert before and after and other and other_after
    assert other_after["x"] < other["x"], "the box did not scroll"
    left = box.evaluate("box => box.getBoundingClientRect().left")
    # The first column stays in the box (at its left edge) while the others move past it.
    assert left - 1 <= after["x"] <= before["x"], "the first column scrolled away"
    assert other_after["x"] < after["x"] + after["width"] or other_after["x"] < 0
