"""The shared build (for admins) holds no byte of internal content, in any output file.

Every internal place of the fixture carries the marker ``LEAKMARKER``: ticket notes
(90100, 90101, 90103, 90106, 90108), the ``audience: internal`` page
``reference/strategy.md``, and the internal blocks of ``reference/index.md`` and
``reference/slack-policy.md``. Channel analytics carry no free text, so the channel
values themselves (``slack-dm`` is ticket 90103's channel) and the "off record" figure
stand in for the marker. The internal build of the same records is the control: the
markers must be there, or the test proves nothing.
"""

from __future__ import annotations

import pytest
from site_build import MARKER, BuiltSite
from sitehtml import by_id, section_table

pytestmark = pytest.mark.e2e

# Channels as the ticket detail view prints them, and the off-record figure.
CHANNEL_ANALYTICS = (b"via slack-dm", b"via tdx", b"via phone", b"off record")


def files_containing(site: BuiltSite, needle: bytes) -> list[str]:
    """The site files (decompressed when gzip) whose bytes contain ``needle``."""
    return [
        file.relative_to(site.site).as_posix()
        for file in site.files()
        if needle in site.contents(file)
    ]


def test_shared_build_contains_no_internal_marker_in_any_file(shared_site: BuiltSite) -> None:
    names = {f.relative_to(shared_site.site).as_posix() for f in shared_site.files()}
    # The walk covers the search index and both sitemaps, not only the HTML.
    assert {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz"} <= names
    assert files_containing(shared_site, MARKER) == []


def test_internal_build_is_the_control(internal_site: BuiltSite) -> None:
    found = set(files_containing(internal_site, MARKER))
    assert {
        "tickets/2026-10/index.html",  # notes of 90100
        "tickets/2026-11/index.html",  # notes of 90101, 90103, 90106, 90108
        "reference/strategy/index.html",  # the audience: internal page
        "reference/slack-policy/index.html",  # its internal block
        "reference/index.html",  # the internal block linking the strategy page
        "search/search_index.json",
    } <= found
    assert b"reference/strategy/" in internal_site.contents(internal_site.site / "sitemap.xml")


@pytest.mark.parametrize("words", CHANNEL_ANALYTICS)
def test_shared_build_has_no_channel_analytics(
    internal_site: BuiltSite, shared_site: BuiltSite, words: bytes
) -> None:
    assert files_containing(shared_site, words) == []
    assert files_containing(internal_site, words), f"control: {words!r} not in internal build"


def test_shared_weekly_pages_have_no_channel_breakdown(
    internal_site: BuiltSite, shared_site: BuiltSite
) -> None:
    def breakdowns(site: BuiltSite) -> list[str]:
        return [row[0] for row in section_table(site.doc("reports/2026-w46/"),
                                                "opened-this-week").texts()]

    assert "Channel" in breakdowns(internal_site)
    assert "Channel" not in breakdowns(shared_site)
    index = shared_site.contents(shared_site.site / "search" / "search_index.json")
    for channel in (b"slack-dm", b"support-channel", b"walk-up"):
        assert channel not in index


def test_shared_build_leaves_out_the_internal_page_everywhere(shared_site: BuiltSite) -> None:
    assert not (shared_site.site / "reference" / "strategy").exists()
    for name in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json"):
        assert b"strategy" not in shared_site.contents(shared_site.site / name), name
    # The hand-written pages around the internal blocks are still published.
    text = shared_site.doc("reference/slack-policy/").find("article").text
    assert "IT questions go to the support channel or a ticket" in text
    assert "Requests in the channel are tracked" in text
    assert "Enforcement notes" not in text


def test_shared_build_keeps_the_records_themselves(shared_site: BuiltSite) -> None:
    """Only internal fields go: tickets, engagements and figures stay."""
    detail = by_id(shared_site.doc("tickets/2026-11/"), "90103").parent
    assert detail is not None
    assert "Nightly backup of the HR file server failed" in detail.text
    assert "Ben South no-response" in detail.text
    assert not detail.find_all(cls="ep-notes")
    table = section_table(shared_site.doc(""), "open-escalations")
    assert [row[0] for row in table.texts()] == ["90103", "90105", "90110", "90113", "90111",
                                                 "90112", "90107", "90106", "90104"]
    figures = [row[0] for row in section_table(shared_site.doc("reports/2026-w46/"),
                                               "figures").texts()]
    assert "off record" not in figures
    assert "tickets opened" in figures
