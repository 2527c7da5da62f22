"""The Knowledge Captured page (``/knowledge/``) of the fixture site (issue 16, item 7).

Worked out by hand from tests/fixtures/site as of 2026-11-25 12:00: five responses record
a process, one per service. Groups come in service order, each newest first; only active
admins' purviews count (dee-gone, who declares printing, is inactive: a gap).
"""

from __future__ import annotations

import pytest
from site_build import BuiltSite
from sitehtml import Element, section_table, sections
from test_site_pages import resolve

pytestmark = pytest.mark.e2e

HOSTILE_TITLE = (
    "Pipe | <script>alert(1)</script> [x](javascript:alert(1)) *emphasis* # heading `tick`"
)
MALLORY = "Mallory | <script>alert(1)</script> *Star* [x](javascript:alert(1)) `tick`"
HEADER = ["Responded", "Service", "Ticket", "Title", "Admin", "Outcome", "Process for next time"]
# (group id, what the purview line says, rows) in page order.
EXPECTED = [
    ("service-backup",
     "SC process documented: the purview of Ben South says what SC may do.",
     [["2026-11-25 09:30", "backup", "90109", "Restore job for the lab server stuck in queue",
       "Ben South", "accepted", "Restart the backup agent service, then re-run the job."]]),
    ("service-email",
     "SC process documented: the purview of Ana North says what SC may do.",
     [["2026-11-18 11:00", "email", "90104", "Partner mail rejected as spam", "Ana North",
       "accepted", "SC may release quarantined messages from the admin portal."]]),
    ("service-lab-software",
     f"SC process documented: the purview of {MALLORY} says what SC may do.",
     [["2026-11-19 15:00", "lab-software", "90106", HOSTILE_TITLE, MALLORY, "answered",
       "Process | <script>alert(1)</script> [x](javascript:alert(1)) `tick`"]]),
    ("service-printing",
     "No SC process yet: no active admin declares the service (a gap), so no purview holds"
     " one.",
     [["2026-10-28 15:00", "printing", "90100",
       "Copier on the second floor jams on every duplex job", "Dee Gone", "answered",
       "Power-cycle the copier and reseat the duplex unit."]]),
    ("service-vpn",
     "No SC process yet: Ana North, Ben South declare the service, and no purview of it says"
     " what SC may do.",
     [["2026-11-10 14:00", "vpn", "90102", "VPN profile import fails on a new laptop",
       "Ana North", "answered", "Re-import the VPN profile with the current certificate"
       " bundle."]]),
]


def groups_of(doc: Element) -> list[tuple[str, str, list[list[str]]]]:
    """(h2 id, purview line, table rows) of every service group, in page order."""
    found = []
    for h2_id, elements in sections(doc).items():
        if not h2_id:
            continue
        (meta,) = [el for el in elements if "ep-meta" in el.classes]
        table = section_table(doc, h2_id)
        assert table.header == HEADER
        found.append((h2_id, meta.text, table.texts()))
    return found


@pytest.mark.parametrize("site_name", ["internal_site", "shared_site"])
def test_every_process_grouped_by_service_newest_first(
    site_name: str, request: pytest.FixtureRequest
) -> None:
    """The processes are record text both audiences see (as on the tickets' detail views)."""
    site: BuiltSite = request.getfixturevalue(site_name)
    doc = site.doc("knowledge/")
    assert doc.find("article").find("h1").text.rstrip("¶") == "Knowledge Captured"
    assert "5 processes captured for 5 services." in doc.find("article").text
    assert groups_of(doc) == EXPECTED
    assert [h2.text.rstrip("¶") for h2 in doc.find("article").iter("h2")] == [
        "backup", "email", "lab-software", "printing", "vpn"]


def test_each_entry_links_its_ticket_record_admin_and_service(internal_site: BuiltSite) -> None:
    doc = internal_site.doc("knowledge/")
    cells = section_table(doc, "service-printing").rows[0]
    assert [resolve("knowledge/", h) for h in cells[1].links()] == ["ownership/#gap-printing"]
    assert [resolve("knowledge/", h) for h in cells[2].links()] == ["tickets/2026-10/#90100"]
    assert [resolve("knowledge/", h) for h in cells[4].links()] == ["admins/dee-gone/"]
    cells = section_table(doc, "service-vpn").rows[0]
    assert [resolve("knowledge/", h) for h in cells[1].links()] == ["ownership/#service-vpn"]


def test_the_page_is_in_the_nav_and_linked_from_the_dashboard_and_every_admin_page(
    internal_site: BuiltSite,
) -> None:
    home = internal_site.doc("")
    tabs = {a.text: resolve("", a.attrs["href"]) for a in home.find_all("a", cls="md-tabs__link")}
    assert tabs["Knowledge captured"] == "knowledge/"
    pages = ["", *(f"admins/{slug}/" for slug in
                   ("ana-north", "ben-south", "cy-silent", "dee-gone", "mallory-x"))]
    for url in pages:
        article = internal_site.doc(url).find("article")
        targets = [resolve(url, a.attrs["href"]) for a in article.iter("a")
                   if a.text == "Knowledge captured"]
        assert targets == ["knowledge/"], url
