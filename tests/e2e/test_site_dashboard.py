"""The dashboard, the Escalations page and the admins' "waiting for you" show the rows of
``escalation status --format json`` for the same as-of time, in its order, and every
dashboard card counts exactly the rows it links to."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

import pytest
from site_build import AS_OF, BuiltSite, escalation
from sitehtml import Element, Table, by_id, read_table, section_table, section_tables

pytestmark = pytest.mark.e2e

CARD_GROUPS = {
    "open-no-response": ("state", "no-response"),
    "open-due-soon": ("state", "due-soon"),
    "open-unowned": ("ownership", "unowned"),
    "open-redirected": ("ownership", "redirected"),
}
"""Each status card's anchor and the rows of ``status`` it stands for (issue 16)."""
TIME_LEFT = re.compile(r"^(?:overdue by (?P<overdue>[\d.]+)|(?P<left>[\d.]+)) (?:business )?"
                       r"hours(?: left)?$")


@pytest.fixture(scope="module")
def status(internal_site: BuiltSite) -> list[dict[str, Any]]:
    """``escalation status`` of the built project as of the build's as-of time."""
    result = escalation("status", "--as-of", AS_OF, "--format", "json",
                        cwd=internal_site.project)
    assert result.returncode == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    assert rows, "the fixture has open engagements"
    return rows


def when(iso: str) -> str:
    """An ISO time as the pages show it (on the configured clock)."""
    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")


def shown_row(cells: list[Element], page: str = "") -> dict[str, Any]:
    """A row of a status table on ``page`` as the JSON's values (the admin by the slug of
    the page their name links to)."""
    text = [cell.text for cell in cells]
    (admin_link,) = [urljoin(f"http://site/{page}", href) for href in cells[4].links()]
    hours = TIME_LEFT.match(text[7])
    return {
        "ticket": text[0], "title": text[1], "tier": text[2], "priority": text[3],
        "admin": admin_link.rstrip("/").rsplit("/", 1)[-1], "engaged": text[5],
        "deadline": text[6],
        "remaining_hours": float(hours["left"]) if hours and hours["left"] else None,
        "overdue_hours": float(hours["overdue"]) if hours and hours["overdue"] else None,
        "state": text[8].removesuffix(" late"), "ownership": text[9],
    }


def expected_row(row: dict[str, Any]) -> dict[str, Any]:
    """The JSON row's values that a status table shows, formatted as it shows them."""
    keys = ("ticket", "title", "tier", "priority", "admin", "state", "ownership",
            "remaining_hours", "overdue_hours")
    return {**{k: row[k] for k in keys}, "engaged": when(row["engaged"]),
            "deadline": when(row["deadline"])}


def table_rows(table: Table, page: str = "") -> list[dict[str, Any]]:
    return [shown_row(cells, page) for cells in table.rows]


def test_open_escalations_are_the_status_rows_in_order(
    internal_site: BuiltSite, status: list[dict[str, Any]]
) -> None:
    table = section_table(internal_site.doc(""), "open-escalations")
    assert table_rows(table) == [expected_row(row) for row in status]
    # Every group and ownership of the definitions appears in the fixture.
    assert {row["state"] for row in status} == {
        "accepted", "answered", "redirected", "declined", "no-response", "due-soon", "pending"}
    assert {row["ownership"] for row in status} == {
        "waiting", "with-admin", "with-sc", "redirected", "unowned"}


def test_every_card_counts_the_rows_it_links_to(
    internal_site: BuiltSite, status: list[dict[str, Any]]
) -> None:
    doc = internal_site.doc("")
    cards = doc.find("div", cls="ep-figures").find_all("a", cls="ep-card")
    assert len(cards) == 5
    for card in cards:
        count = int(card.find("span", cls="ep-figure").text)
        anchor = card.attrs["href"].removeprefix("#")
        target = by_id(doc, anchor)
        if anchor == "gaps":
            linked = section_table(doc, "gaps").rows
        else:
            assert target.tag == "tbody", anchor
            linked = read_table(target).rows
        assert count == len(linked), anchor
        if anchor in CARD_GROUPS:
            key, value = CARD_GROUPS[anchor]
            group = [row for row in status if row[key] == value]
            assert count == len(group), anchor
            assert [shown_row(cells) for cells in linked] == [expected_row(r) for r in group]
    # The fixture's overdue tickets: none of their deadlines falls in the current week
    # except 90110's, and the card counts all three.
    overdue = by_id(doc, "open-no-response")
    assert [cells[0].text for cells in read_table(overdue).rows] == ["90103", "90105", "90110"]


def test_the_escalations_page_shows_the_status_groups_in_order(
    internal_site: BuiltSite, status: list[dict[str, Any]]
) -> None:
    doc = internal_site.doc("escalations/")
    shown: list[dict[str, Any]] = []
    for h2 in doc.find("article").iter("h2"):
        if h2.attrs["id"] == "resolved":
            continue
        for table in section_tables(doc, h2.attrs["id"]):
            shown.extend(table_rows(table, "escalations/"))
    assert shown == [expected_row(row) for row in status]


@pytest.mark.parametrize("slug", ["ana-north", "ben-south", "cy-silent", "dee-gone",
                                  "mallory-x"])
def test_waiting_for_you_is_the_admins_waiting_status_rows(
    internal_site: BuiltSite, status: list[dict[str, Any]], slug: str
) -> None:
    doc = internal_site.doc(f"admins/{slug}/")
    tables = section_tables(doc, "waiting-for-you")
    shown = table_rows(tables[0], f"admins/{slug}/") if tables else []
    assert shown == [expected_row(row) for row in status
                     if row["admin"] == slug and row["ownership"] == "waiting"]
