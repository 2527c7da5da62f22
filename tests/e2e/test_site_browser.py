"""The built site in a real browser (system Chromium through Playwright), served from a
local HTTP server: search, the All Tickets table's sorting and filtering, and no request
to any host but the local server.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from site_build import RecordedPage, SiteServer

pytestmark = pytest.mark.e2e

SEARCH_BOX = "input.md-search__input"
RESULT_LINK = ".md-search-result__link"


def assert_only_local_requests(recorded: RecordedPage, server: SiteServer) -> None:
    assert recorded.requests, "no request was recorded: the recorder is not working"
    elsewhere = sorted({url for url in recorded.requests
                        if urlsplit(url).scheme not in ("data", "blob")
                        and urlsplit(url).netloc != server.host})
    assert not elsewhere, f"requests left the local server: {elsewhere}"
    assert not recorded.errors, f"script errors: {recorded.errors}"
    assert not recorded.dialogs, f"dialogs opened: {recorded.dialogs}"


def search(page: Page, server: SiteServer, query: str) -> list[str]:
    """Type ``query`` into the search box of the dashboard; the result links' paths+hash."""
    page.goto(server.url)
    box = page.locator(SEARCH_BOX)
    box.click()
    box.press_sequentially(query, delay=15)
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document")
    hrefs = page.locator(RESULT_LINK).evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(h).path + (f"#{urlsplit(h).fragment}" if urlsplit(h).fragment else "")
            for h in hrefs]


def test_search_by_ticket_id_opens_the_tickets_own_view(
    page: RecordedPage, site_server: SiteServer
) -> None:
    results = search(page.page, site_server, "90104")
    sections = [r for r in results if "#" in r]
    assert sections[0] == "/tickets/2026-11/#90104"
    page.page.locator(RESULT_LINK).filter(has_text="Partner mail rejected as spam").first.click()
    expect(page.page).to_have_url(re.compile(r"/tickets/2026-11/(\?h=90104)?#90104$"))
    heading = page.page.locator('[id="90104"]')
    expect(heading).to_contain_text("Partner mail rejected as spam")
    expect(heading).to_be_in_viewport()
    assert_only_local_requests(page, site_server)


@pytest.mark.parametrize(("query", "expected"), [
    ("Partner mail rejected", "/tickets/2026-11/#90104"),  # title words
    ("Quinn Mail", "/tickets/2026-11/#90104"),  # requestor
    ("Victor Vance", "/tickets/2026-11/#90102"),  # requestor
    ("Cy Silent", "/tickets/2026-11/#90105"),  # admin name, on the ticket's timeline
    ("copier duplex", "/tickets/2026-10/#90100"),  # title words, another month
])
def test_search_finds_a_ticket(
    page: RecordedPage, site_server: SiteServer, query: str, expected: str
) -> None:
    results = search(page.page, site_server, query)
    assert expected in results, results
    assert_only_local_requests(page, site_server)


@pytest.mark.parametrize(("query", "expected"), [
    ("Ana North", "/admins/ana-north/"),
    ("Ben South", "/admins/ben-south/"),
])
def test_search_finds_an_admin_by_name(
    page: RecordedPage, site_server: SiteServer, query: str, expected: str
) -> None:
    results = search(page.page, site_server, query)
    assert any(r.split("#")[0] == expected for r in results), results


def test_search_results_show_hostile_text_as_text(
    page: RecordedPage, site_server: SiteServer
) -> None:
    results = search(page.page, site_server, "Mallory")
    assert any(r.startswith("/admins/mallory-x/") for r in results), results
    found = page.page.locator(".md-search-result")
    expect(found).to_contain_text("<script>alert(1)</script>")
    assert found.locator("script, img, b, iframe").count() == 0
    assert_only_local_requests(page, site_server)


def ticket_column(page: Page, index: int) -> list[str]:
    return page.locator(".ep-table table tbody tr:not([hidden])").evaluate_all(
        "(rows, i) => rows.map(r => r.cells[i].textContent.trim())", index)


def test_all_tickets_table_sorts_by_a_column_both_ways(
    page: RecordedPage, site_server: SiteServer
) -> None:
    tab = page.page
    tab.goto(site_server.url + "tickets/")
    newest_first = ["90112", "90109", "90108", "90113", "90107", "90111", "90110", "90106",
                    "90105", "90104", "90103", "90102", "90101", "90100"]
    assert ticket_column(tab, 0) == newest_first
    date = tab.locator(".ep-table th", has_text="Date")
    date.locator("button").click()
    expect(date).to_have_attribute("aria-sort", "ascending")
    assert ticket_column(tab, 0) == list(reversed(newest_first))
    date.locator("button").click()
    expect(date).to_have_attribute("aria-sort", "descending")
    assert ticket_column(tab, 0) == newest_first

    requestor = tab.locator(".ep-table th", has_text="Requestor")
    requestor.locator("button").click()
    expect(requestor).to_have_attribute("aria-sort", "ascending")
    ascending = ticket_column(tab, 3)
    assert ascending == [
        "Eve | <b>bold</b> [x](javascript:alert(1))", "Hilda Archive", "Hilda Archive",
        "Lars Lab", "Lars Lab", "Nora Tunnel", "Olga Printer", "Petra Folder", "Quinn Mail",
        "Rita Requestor", "Rita Requestor", "Una Known", "Victor Vance", "Walt Wireless",
    ]
    requestor.locator("button").click()
    assert ticket_column(tab, 3) == list(reversed(ascending))
    assert_only_local_requests(page, site_server)


def test_all_tickets_table_filters_by_text(page: RecordedPage, site_server: SiteServer) -> None:
    tab = page.page
    tab.goto(site_server.url + "tickets/")
    rows = tab.locator(".ep-table table tbody tr")
    visible = tab.locator(".ep-table table tbody tr:not([hidden])")
    expect(rows).to_have_count(14)
    box = tab.locator(".ep-table .ep-filter")
    box.fill("ben south")
    expect(visible).to_have_count(3)
    assert ticket_column(tab, 0) == ["90109", "90107", "90103"]
    expect(tab.locator(".ep-filter-count")).to_have_text("3 of 14 tickets shown")
    box.fill("vpn")
    expect(visible).to_have_count(2)
    box.fill("")
    expect(visible).to_have_count(14)
    assert_only_local_requests(page, site_server)


def test_no_request_leaves_the_local_server(page: RecordedPage, site_server: SiteServer) -> None:
    """Every kind of page, with the search index loaded, stays on 127.0.0.1."""
    tab = page.page
    for url in ("", "tickets/", "tickets/2026-11/", "escalations/", "admins/",
                "admins/ben-south/", "ownership/", "reports/", "reports/2026-w47/",
                "reference/", "reference/slack-policy/"):
        tab.goto(site_server.url + url, wait_until="load")
    tab.locator(SEARCH_BOX).click()
    tab.locator(SEARCH_BOX).press_sequentially("vpn", delay=15)
    expect(tab.locator(".md-search-result__meta")).to_contain_text("matching document")
    paths = {urlsplit(u).path for u in page.requests}
    # The control: the recorder saw the theme, the table script and the search index.
    assert "/assets/escalation/tables.js" in paths
    assert "/search/search_index.json" in paths
    assert_only_local_requests(page, site_server)
