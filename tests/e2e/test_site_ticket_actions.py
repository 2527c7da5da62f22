"""A ticket's actions on the built site (issue 13, item 2): with ``repo_url`` set, edit,
history and the two issue forms prefilled with what the site knows, the same on the All
Tickets row and the detail view; without it, none of them (and no Actions column), while
the ticket's TDX link stays beside its ID."""

from __future__ import annotations

import pytest
from site_build import FIXTURE, BuiltSite, build_site, copy_project
from sitehtml import by_id, section_tables

pytestmark = pytest.mark.e2e

REPO = "https://github.com/example-org/escalation-records"
NEW = f"{REPO}/issues/new?template="
TDX = "https://tdx.example.edu/TDNext/Apps/43/Tickets/TicketDet?TicketID={id}"
# What each ticket's forms are prefilled with, from the fixture's records and purviews.
EXPECTED = {
    # escalated to ben-south, no response yet; backup is declared by two admins: no one
    # suggested, the tier is the ticket's
    "90103": [
        f"{NEW}engage.yml&title=Engage%20an%20admin%20on%20ticket%2090103&ticket=90103"
        "&tier=escalate",
        f"{NEW}respond.yml&title=Record%20a%20response%20on%20ticket%2090103&ticket=90103"
        "&admin=ben-south",
    ],
    # redirected by ana-north to ben-south: engage ben-south; nothing awaits a response
    "90111": [
        f"{NEW}engage.yml&title=Engage%20an%20admin%20on%20ticket%2090111&ticket=90111"
        "&admin=ben-south&tier=collaborate",
    ],
    # handled by SC, on email, which ana-north alone declares
    "90101": [
        f"{NEW}engage.yml&title=Engage%20an%20admin%20on%20ticket%2090101&ticket=90101"
        "&admin=ana-north&tier=collaborate",
    ],
    # no service: nobody to suggest
    "90108": [
        f"{NEW}engage.yml&title=Engage%20an%20admin%20on%20ticket%2090108&ticket=90108"
        "&tier=collaborate",
    ],
}


@pytest.mark.parametrize("ticket", sorted(EXPECTED))
def test_actions_link_to_the_record_and_the_prefilled_forms(
    ticket: str, internal_site: BuiltSite
) -> None:
    record = f"tickets/2026/{ticket}.md"
    expected = [f"{REPO}/edit/trunk/{record}", f"{REPO}/commits/trunk/{record}",
                *EXPECTED[ticket]]
    table = section_tables(internal_site.doc("tickets/"), "")[0]
    assert table.header[-1] == "Actions"
    assert table.row_element(ticket)[-1].links() == expected
    detail = by_id(internal_site.doc("tickets/2026-11/"), ticket).parent
    assert detail is not None
    actions = detail.find("p", cls="ep-actions")
    assert actions.links() == expected
    labels = [a.text for a in actions.iter("a")]
    assert labels[:3] == ["edit", "history", "Engage an admin"]
    assert labels[3:] == (["Record a response"] if len(expected) == 4 else [])
    # the query's '&' is escaped in the attribute
    assert (EXPECTED[ticket][0].replace("&", "&amp;")
            in internal_site.html("tickets/2026-11/"))


@pytest.fixture(scope="module")
def no_repo_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("no-repo")
    project = copy_project(FIXTURE, root / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for line in (f"repo_url: {REPO}\n", "edit_uri: edit/trunk/docs/\n"):
        assert line in text
        text = text.replace(line, "")
    text = text.replace("  escalation:\n", f"  escalation:\n    tdx_ticket_url: '{TDX}'\n", 1)
    config.write_text(text, encoding="utf-8")
    return build_site(project, root / "site")


def test_without_repo_url_the_actions_are_absent(no_repo_site: BuiltSite) -> None:
    table = section_tables(no_repo_site.doc("tickets/"), "")[0]
    assert "Actions" not in table.header
    row = table.row_element("90103 TDX")
    assert [a.text for a in row[0].iter("a")] == ["90103", "TDX"]
    for url in no_repo_site.html_pages():
        page = no_repo_site.html(url)
        assert "ep-actions" not in page or url.startswith("new/"), url
        assert "/issues/new" not in page, url
        assert "example-org/escalation-records" not in page, url
    detail = by_id(no_repo_site.doc("tickets/2026-11/"), "90103").parent
    assert detail is not None
    assert detail.find_all("p", cls="ep-actions") == []
    assert detail.find("p", cls="ep-meta").find("a", cls="ep-tdx").attrs["href"] == (
        TDX.replace("{id}", "90103"))
