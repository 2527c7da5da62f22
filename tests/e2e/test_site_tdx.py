"""TDX links (issue 16, item 8) and more knowledge captured, on a copy of the fixture site.

The copy sets ``tdx_ticket_url`` (with an ``&`` in its query, which the attribute must
escape) and adds two tickets: ``T-90.1_b`` (an ID with '-', '.' and '_', on vpn, answered
on 2026-11-24 with a process) and ``90111`` (no service, answered with a process).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_build import FIXTURE, BuiltSite, build_site, copy_project, escalation
from sitehtml import Element, by_id, section_table
from test_site_knowledge import HEADER, groups_of
from test_site_offline import remote_resources

pytestmark = pytest.mark.e2e

TEMPLATE = "https://tdx.example.edu/TDNext/Apps/43/Tickets/TicketDet?App=43&TicketID={id}"
ODD_ID = "T-90.1_b"
TICKETS = {
    f"{ODD_ID}.md": """\
---
title: VPN client certificate expired
opened: 2026-11-23T09:00
classification: incident
priority: medium
tier: collaborate
status: open
service: vpn
requestor: Nora Tunnel
channel: tdx
agent: Sam Agent
escalations:
  - admin: ana-north
    tier: collaborate
    at: 2026-11-23T10:00
    reason: The client reports an expired certificate.
    response:
      at: 2026-11-24T10:00
      outcome: answered
      process: Re-issue the client certificate, then re-import the profile.
---
""",
    "90111.md": """\
---
title: Lab door badge reader offline
opened: 2026-11-24T08:30
classification: incident
priority: low
tier: collaborate
status: open
requestor: Lars Lab
channel: tdx
agent: Lee Agent
escalations:
  - admin: ben-south
    tier: collaborate
    at: 2026-11-24T09:00
    reason: Nobody knows who owns the badge readers.
    response:
      at: 2026-11-24T11:00
      outcome: answered
      process: Badge readers belong to Facilities; open a Facilities request.
---
""",
}


def tdx_url(ticket_id: str) -> str:
    return TEMPLATE.replace("{id}", ticket_id)


@pytest.fixture(scope="module")
def tdx_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("tdx")
    project = copy_project(FIXTURE, root / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  escalation:\n", f"  escalation:\n    tdx_ticket_url:"
                                   f" '{TEMPLATE}'\n", 1), encoding="utf-8")
    for name, record in TICKETS.items():
        (project / "tickets" / "2026" / name).write_text(record, encoding="utf-8")
    return build_site(project, root / "site")


def next_element(el: Element) -> Element | None:
    """The element right after ``el`` among its parent's children."""
    assert el.parent is not None
    siblings = [c for c in el.parent.children if isinstance(c, Element)]
    index = siblings.index(el)
    return siblings[index + 1] if index + 1 < len(siblings) else None


def assert_tdx_link(link: Element | None, ticket_id: str) -> None:
    assert link is not None and link.tag == "a" and "ep-tdx" in link.classes, link
    assert link.attrs["href"] == tdx_url(ticket_id)
    assert link.attrs["aria-label"] == f"Ticket {ticket_id} in TDX"
    assert link.text == "TDX"
    assert "target" not in link.attrs  # the same tab


def test_a_ticket_page_links_each_ticket_to_tdx(tdx_site: BuiltSite) -> None:
    doc = tdx_site.doc("tickets/2026-11/")
    detail = by_id(doc, ODD_ID).parent
    assert detail is not None
    (link,) = detail.find("p", cls="ep-meta").find_all("a", cls="ep-tdx")
    assert_tdx_link(link, ODD_ID)
    # The ID goes in as is ('-', '.', '_' need no encoding); the '&' is escaped in the source.
    assert f'href="{tdx_url(ODD_ID).replace("&", "&amp;")}"' in tdx_site.html("tickets/2026-11/")
    sections = doc.find_all("section", cls="ep-ticket")
    assert len(sections) == 12
    for section in sections:
        ticket_id = section.find("h2").attrs["id"]
        (link,) = section.find_all("a", cls="ep-tdx")
        assert_tdx_link(link, ticket_id)


def test_every_ticket_link_on_the_site_is_followed_by_its_tdx_link(tdx_site: BuiltSite) -> None:
    """Table rows, escalation rows, report evidence, gaps, admin pages, knowledge captured."""
    pages = set()
    for url in tdx_site.html_pages():
        for link in tdx_site.doc(url).find("article").find_all("a", cls="ep-id"):
            assert_tdx_link(next_element(link), link.text)
            pages.add(url)
    assert {"", "tickets/", "escalations/", "admins/ben-south/", "ownership/",
            "reports/2026-w48/", "knowledge/"} <= pages
    row = section_table(tdx_site.doc(""), "open-escalations").rows[0]
    assert row[0].text == "90103 TDX"


def test_the_tdx_links_make_no_request(tdx_site: BuiltSite) -> None:
    for url in tdx_site.html_pages():
        assert remote_resources(tdx_site.html(url)) == [], url


def test_newest_first_within_a_service_and_tickets_without_one(tdx_site: BuiltSite) -> None:
    groups = {h2_id: (line, rows) for h2_id, line, rows in groups_of(tdx_site.doc("knowledge/"))}
    assert list(groups) == ["service-backup", "service-email", "service-lab-software",
                            "service-printing", "service-unclassified", "service-vpn"]
    line, rows = groups["service-unclassified"]
    assert line == "No SC process yet: these tickets name no service, so no purview covers them."
    assert rows == [["2026-11-24 11:00", "unclassified", "90111 TDX",
                     "Lab door badge reader offline", "Ben South", "answered",
                     "Badge readers belong to Facilities; open a Facilities request."]]
    assert [row[:3] for row in groups["service-vpn"][1]] == [
        ["2026-11-24 10:00", "vpn", f"{ODD_ID} TDX"], ["2026-11-10 14:00", "vpn", "90102 TDX"]]
    assert len(HEADER) == len(rows[0])


def test_a_bad_template_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  escalation:\n", "  escalation:\n    tdx_ticket_url:"
                                   " 'http://tdx.example.edu/t/{id}'\n", 1), encoding="utf-8")
    result = escalation("build", "--site-dir", str(tmp_path / "site"), cwd=project)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    line = text[: text.index("  escalation:\n")].count("\n") + 2  # the line after it
    assert (f"mkdocs.yml:{line}: error: setting 'tdx_ticket_url': expected an https:// address with"
            " {id} where the ticket ID goes") in output
    assert "which is http, not https [settings.invalid-value]" in output
    assert "nothing was built" in output
    assert not (tmp_path / "site").exists()
