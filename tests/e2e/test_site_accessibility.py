"""Accessibility of the pages that show the escalation evidence, checked by axe-core in a
real browser (Chromium through Playwright), in the light and the dark palette.

The check covers each page's content (the article): the theme's header, tabs and search
dialog are Material's, not this project's, and are left to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from site_build import SiteServer

pytestmark = pytest.mark.e2e

PAGES = ["", "escalations/", "admins/ana-north/", "admins/ben-south/", "admins/mallory-x/",
         "admins/dee-gone/", "tickets/", "tickets/2026-11/", "ownership/", "knowledge/"]
"""The dashboard, the Escalations page, admin pages (with and without waiting tickets, a
trend with weeks of data, a hostile name) and the pages that show the same labels."""


@pytest.fixture(scope="module", params=["light", "dark"])
def scheme_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    """A browser page that prefers the light or the dark palette."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  color_scheme=request.param)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("url", PAGES)
def test_page_content_has_no_axe_violation(
    scheme_page: Any, site_server: SiteServer, url: str
) -> None:
    scheme_page.goto(site_server.url + url, wait_until="load")
    results = Axe().run(scheme_page, context="article")
    assert results.response["passes"], "axe checked nothing: the page has no article"
    violations = [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in results.response["violations"]
    ]
    assert not violations, "\n".join(violations)


def test_the_checker_finds_a_violation(scheme_page: Any, site_server: SiteServer) -> None:
    """The control: an image without a text alternative, added to the dashboard, fails."""
    scheme_page.goto(site_server.url, wait_until="load")
    scheme_page.evaluate(
        "document.querySelector('article').insertAdjacentHTML('beforeend',"
        " '<svg role=\"img\"><rect width=\"5\" height=\"5\"/></svg>')")
    results = Axe().run(scheme_page, context="article")
    assert "svg-img-alt" in {v["id"] for v in results.response["violations"]}


def test_declined_and_redirected_never_look_like_answered(
    scheme_page: Any, site_server: SiteServer
) -> None:
    """In both palettes each differs from answered in colour and in outline, and says its
    name: colour is never the only cue."""
    scheme_page.goto(site_server.url, wait_until="load")
    looks = scheme_page.evaluate("""() => Object.fromEntries(
        ['answered', 'accepted', 'declined', 'redirected', 'no-response'].map(state => {
            const label = document.querySelector('article .ep-state-' + state);
            const style = getComputedStyle(label);
            return [state, [label.textContent, style.color, style.borderTopStyle,
                            style.borderTopWidth]];
        }))""")
    answered = looks["answered"]
    for state in ("declined", "redirected"):
        text, color, border, width = looks[state]
        assert text == state
        assert color != answered[1], state
        assert (border, width) != (answered[2], answered[3]), state
    assert looks["declined"][1:] != looks["no-response"][1:]
