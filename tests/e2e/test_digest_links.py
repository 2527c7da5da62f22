"""The digest's links land on the built site (issue 13): every ticket's link opens a page
of the site with that ticket's detail view, every new gap's its entry on the ownership
page, "… and N more" the dashboard's group. The fixture sets ``site_url``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from site_build import BuiltSite, escalation
from sitehtml import by_id

pytestmark = pytest.mark.e2e

MORNINGS = ["2026-11-19T12:00", "2026-11-24T12:00", "2026-11-25T12:00"]
"""Mornings whose digests have every status section between them and two new gaps."""
SECTIONS = ("overdue", "due_soon", "unowned", "redirected")


def digest(site: BuiltSite, as_of: str) -> dict[str, Any]:
    result = escalation("digest", "--as-of", as_of, "--format", "json", cwd=site.project)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def assert_lands(site: BuiltSite, url: str, site_url: str) -> None:
    assert url.startswith(site_url), url
    page, _, anchor = url[len(site_url):].partition("#")
    assert site.path(page).is_file(), f"{url}: no page {page!r} on the site"
    by_id(site.doc(page), anchor)


@pytest.mark.parametrize("audience", ["internal", "shared"])
def test_every_digest_link_lands_on_an_element_of_the_site(
        audience: str, internal_site: BuiltSite, shared_site: BuiltSite) -> None:
    site = internal_site if audience == "internal" else shared_site
    found: dict[str, int] = {}
    for as_of in MORNINGS:
        data = digest(site, as_of)
        site_url = data["site_url"]
        for section in SECTIONS:
            for item in data[section]:
                assert_lands(site, item["url"], site_url)
                found[section] = found.get(section, 0) + 1
        for gap in data["new_gaps"]:
            assert_lands(site, gap["url"], site_url)
            for ticket in gap["tickets"]:
                assert_lands(site, ticket["url"], site_url)
            found["new_gaps"] = found.get("new_gaps", 0) + 1
    assert set(found) == {*SECTIONS, "new_gaps"}, "every kind of link was followed"
    for anchor in ("no-response", "due-soon", "unowned", "redirected"):
        by_id(site.doc(""), f"open-{anchor}")  # where "… and N more" points
