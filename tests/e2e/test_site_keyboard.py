"""The site with the keyboard alone, in a real browser (Chromium through Playwright):
sort a table, filter it, open a ticket, fill in and submit a record form.

Only ``page.keyboard`` acts on the pages: Tab to move, Enter or Space to press, and
typing (with Backspace) to fill in a field; no mouse, no clicks, no ``fill``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from site_build import SiteServer

from generator.read.frontmatter import parse_record_text

pytestmark = pytest.mark.e2e

TABS = 150
"""At most this many Tab presses to reach a control (the theme's header comes first)."""


@pytest.fixture
def tab(browser: Any, example_server: SiteServer) -> Iterator[Any]:
    """A fresh desktop-sized page on the example site; fails on any script error."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def tab_to(page: Any, test: str) -> None:
    """Press Tab until the focused element passes ``test`` (a JS function of it)."""
    for _ in range(TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"({test})(document.activeElement)"):
            return
    pytest.fail(f"{TABS} Tab presses never reached an element for which {test}")


def column(page: Any, index: int) -> list[str]:
    """The text of column ``index`` of the first table's body, in the rows' order."""
    return list(page.evaluate(
        "i => [...document.querySelector('.ep-table tbody').rows]"
        ".map(row => row.cells[i].textContent.trim())", index))


def header_state(page: Any) -> dict[str, str | None]:
    """Each column header's name -> its aria-sort (None when unsorted)."""
    return dict(page.evaluate(
        "[...document.querySelectorAll('.ep-table thead th')]"
        ".map(th => [th.textContent.trim(), th.getAttribute('aria-sort')])"))


def test_sort_a_table_with_the_keyboard(tab: Any, example_server: SiteServer) -> None:
    tab.goto(example_server.url + "tickets/")
    ids = column(tab, 0)
    assert len(ids) > 5 and ids != sorted(ids, key=int)  # newest first: not by ID
    tab_to(tab, "e => e.matches('th > button.ep-sort') && e.textContent.trim() === 'Ticket'")
    assert set(header_state(tab).values()) == {None}

    tab.keyboard.press("Enter")
    assert column(tab, 0) == sorted(ids, key=int)
    state = header_state(tab)
    assert state["Ticket"] == "ascending"
    assert [s for name, s in state.items() if name != "Ticket"] == [None] * (len(state) - 1)

    tab.keyboard.press("Space")  # the focus stayed on the header's button
    assert column(tab, 0) == sorted(ids, key=int, reverse=True)
    assert header_state(tab)["Ticket"] == "descending"


def test_filter_a_table_with_the_keyboard(tab: Any, example_server: SiteServer) -> None:
    tab.goto(example_server.url + "tickets/")
    tab_to(tab, "e => e.matches('input.ep-filter')")
    label = tab.evaluate("document.activeElement.labels[0]?.textContent")
    assert label == "Filter tickets"
    assert tab.locator("label.ep-filter-label").is_visible()
    status = tab.locator(".ep-filter-count")
    assert status.get_attribute("aria-live") == "polite"
    assert status.get_attribute("role") == "status"

    tab.keyboard.type("VPN")
    rows = tab.evaluate("[...document.querySelector('.ep-table tbody').rows]"
                        ".map(row => [row.textContent.toLowerCase(), row.hidden])")
    shown = [text for text, hidden in rows if not hidden]
    assert 0 < len(shown) < len(rows)
    assert all("vpn" in text for text in shown)
    assert all("vpn" not in text for text, hidden in rows if hidden)
    assert status.text_content() == f"{len(shown)} of {len(rows)} tickets shown"

    for _ in "VPN":
        tab.keyboard.press("Backspace")
    assert status.text_content() == f"{len(rows)} of {len(rows)} tickets shown"
    assert tab.locator(".ep-table tbody tr[hidden]").count() == 0


def test_open_a_ticket_with_the_keyboard(tab: Any, example_server: SiteServer) -> None:
    tab.goto(example_server.url + "tickets/")
    first = column(tab, 0)[0]
    tab_to(tab, "e => e.matches('a.ep-id')")
    assert tab.evaluate("document.activeElement.textContent") == first
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**/tickets/*/#{first}")
    heading = tab.locator(f"h2[id='{first}']")
    assert first in str(heading.text_content())


def focused(page: Any) -> dict[str, Any]:
    """The focused control: its id, aria-invalid and the text of what describes it."""
    return dict(page.evaluate("""(() => {
        const e = document.activeElement;
        const ids = (e.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
        return {id: e.id, text: e.textContent.trim(),
                invalid: e.getAttribute('aria-invalid'),
                described: ids.map(i => document.getElementById(i).textContent).join(' ')};
    })()"""))


def test_fill_and_submit_a_form_with_the_keyboard(tab: Any, example_server: SiteServer) -> None:
    """A wrong slug, submitted: the focus moves to it, marked invalid and described by
    its reason; corrected and submitted again, the focus moves to the copy button."""
    tab.goto(example_server.url + "new/admin/")
    tab.wait_for_selector("[data-ep-ready]")
    tab_to(tab, "e => e.id === 'ep-f-slug'")
    tab.keyboard.type("Dana")
    tab.keyboard.press("Tab")
    assert focused(tab)["id"] == "ep-f-name"
    tab.keyboard.type("Dana Okafor")
    tab_to(tab, "e => e.matches('button[type=submit]')")
    tab.keyboard.press("Enter")

    now = focused(tab)
    assert now["id"] == "ep-f-slug"
    assert now["invalid"] == "true"
    assert "but received 'Dana'" in now["described"]
    assert tab.locator("[aria-invalid=true]").count() == 1
    assert "1 value to fix" in str(tab.locator(".ep-status").text_content())

    for _ in "Dana":
        tab.keyboard.press("Backspace")
    tab.keyboard.type("dana-okafor")
    assert focused(tab)["invalid"] is None
    tab_to(tab, "e => e.matches('button[type=submit]')")
    tab.keyboard.press("Space")

    now = focused(tab)
    assert now["text"] == "Copy to clipboard"
    assert tab.locator("[aria-invalid=true]").count() == 0
    assert str(tab.locator(".ep-status").text_content()).startswith("Nothing is refused")
    assert tab.locator(".ep-path").text_content() == "admins/dana-okafor.md"
    raw, problems = parse_record_text(str(tab.locator(".ep-preview").text_content()).encode(),
                                      "admins/dana-okafor.md")
    assert problems == [] and raw is not None
    assert raw.data["name"] == "Dana Okafor"
