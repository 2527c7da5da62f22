"""Accessibility of every page type, checked by axe-core (the engine that
``axe-playwright-python`` bundles: no download) in a real browser (Chromium through
Playwright), in the light and the dark palette of the theme's toggle.

Each page is checked whole (the theme's header and tabs too) against the WCAG 2.1 A and
AA rules. A violation of impact serious or critical fails; one of impact moderate fails
unless ``ALLOWED_MODERATE`` names its rule with the reason it is accepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from site_build import SiteServer

from generator.compute.metrics import EngagementState, Ownership
from generator.render.templating import label
from generator.schema.records import Priority, Status, Tier

pytestmark = pytest.mark.e2e

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ALLOWED_MODERATE: dict[str, str] = {}
"""Rule id -> why a moderate finding of it is accepted. Empty: none is."""
SCHEMES = {"light": "default", "dark": "slate"}
"""The colour scheme a browser prefers -> the theme's palette it must show (mkdocs.yml)."""

PAGE_TYPES = {
    "dashboard": "",
    "all-tickets": "tickets/",
    "month": "tickets/2026-11/",
    "escalations": "escalations/",
    "admins": "admins/",
    "admin": "admins/kwame-lindqvist/",
    "ownership": "ownership/",
    "reports": "reports/",
    "week": "reports/2026-w47/",
    "knowledge": "knowledge/",
    "reference": "reference/",
    "scenario": "reference/scenarios/no-response-after-window/",
    "new-ticket": "new/ticket/",
    "new-admin": "new/admin/",
}
"""One page of every type of the example site (the repository's own project)."""
FIXTURE_PAGES = ["", "admins/mallory-x/"]
"""Pages of the test fixture with what the example lacks: declined engagements on the
dashboard, an admin whose name is markup."""


@pytest.fixture(scope="module", params=list(SCHEMES))
def scheme_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    """A browser page at 1366x900 that prefers the light or the dark palette."""
    context = browser.new_context(viewport={"width": 1366, "height": 900},
                                  color_scheme=request.param)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.scheme = request.param  # read by open_page
    try:
        yield page
    finally:
        context.close()


def open_page(page: Any, url: str) -> None:
    """Load ``url`` with every ``<details>`` opened (so that their content is checked too),
    and make sure the page shows the palette the browser prefers."""
    page.goto(url, wait_until="load")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == SCHEMES[page.scheme], f"{url}: palette {shown}, not {page.scheme}'s"


def failing(page: Any, context: str | None = None) -> list[str]:
    """The WCAG 2.1 A/AA violations that fail the test, one line each with its nodes."""
    results = Axe().run(page, context=context,
                        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response
    assert results["passes"], "axe checked nothing"
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: "
        + "; ".join(f"{n['target']} {n.get('failureSummary', '')}" for n in v["nodes"])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
        or (v["impact"] == "moderate" and v["id"] not in ALLOWED_MODERATE)
    ]


@pytest.mark.parametrize("url", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_every_page_type_has_no_axe_violation(
    scheme_page: Any, example_server: SiteServer, url: str
) -> None:
    open_page(scheme_page, example_server.url + url)
    if url.startswith("new/"):
        scheme_page.wait_for_selector("[data-ep-ready]")
    assert failing(scheme_page) == []


@pytest.mark.parametrize("url", FIXTURE_PAGES)
def test_fixture_pages_have_no_axe_violation(
    scheme_page: Any, site_server: SiteServer, url: str
) -> None:
    open_page(scheme_page, site_server.url + url)
    assert failing(scheme_page) == []


@pytest.mark.parametrize("url", ["new/ticket/", "new/admin/"])
def test_a_form_showing_its_errors_has_no_axe_violation(
    scheme_page: Any, example_server: SiteServer, url: str
) -> None:
    """Submitted empty, each form shows its refused values next to their fields."""
    open_page(scheme_page, example_server.url + url)
    scheme_page.wait_for_selector("[data-ep-ready]")
    scheme_page.locator("button[type=submit]").press("Enter")
    assert scheme_page.locator("[aria-invalid=true]").count() >= 2
    assert failing(scheme_page, context="article") == []


def every_label() -> list[tuple[str, str]]:
    """Every (kind, value) label the pages can show, from the vocabularies themselves."""
    return ([("tier", t.value) for t in Tier] + [("status", s.value) for s in Status]
            + [("priority", p.value) for p in Priority]
            + [("state", s.value) for s in EngagementState] + [("state", "late"),
               ("state", "overlap")]
            + [("ownership", o.value) for o in Ownership])


def test_every_label_meets_contrast_and_says_its_name(
    scheme_page: Any, example_server: SiteServer
) -> None:
    """Each status, tier, priority, state and ownership label, in running text, in a
    table cell and in a group heading of the triage table, has AA contrast in both
    palettes (axe's colour-contrast rule checks every one of them) and its text says what
    it means, so colour is never the only cue."""
    labels = every_label()
    spans = " ".join(label(kind, value) for kind, value in labels)
    probe = (f'<div id="ep-probe"><p class="ep-meta">{spans}</p>'
             f'<table class="ep-triage"><tbody><tr class="ep-group"><th>{spans}</th></tr>'
             f"<tr><td>{spans}</td></tr></tbody></table></div>")
    open_page(scheme_page, example_server.url)
    scheme_page.evaluate("html => document.querySelector('article')"
                         ".insertAdjacentHTML('afterbegin', html)", probe)
    texts = scheme_page.evaluate(
        "[...document.querySelectorAll('#ep-probe .ep-label')].map(l => l.textContent)")
    assert texts == [value for _, value in labels] * 3
    results = Axe().run(scheme_page, context="#ep-probe",
                        options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
    checked = [r for r in results.response["passes"] if r["id"] == "color-contrast"]
    assert [v["nodes"] for v in results.response["violations"]] == []
    assert len(checked[0]["nodes"]) == 3 * len(labels)
    assert results.response["incomplete"] == []


def test_the_checker_finds_a_violation(scheme_page: Any, site_server: SiteServer) -> None:
    """The control: an image without a text alternative, added to the dashboard, fails."""
    scheme_page.goto(site_server.url, wait_until="load")
    scheme_page.evaluate(
        "document.querySelector('article').insertAdjacentHTML('beforeend',"
        " '<svg role=\"img\"><rect width=\"5\" height=\"5\"/></svg>')")
    assert any(line.startswith("svg-img-alt") for line in failing(scheme_page, "article"))


def test_the_checker_finds_low_contrast(scheme_page: Any, site_server: SiteServer) -> None:
    """The control of the contrast rule: a label in a pale colour fails in both palettes."""
    scheme_page.goto(site_server.url, wait_until="load")
    scheme_page.evaluate(
        "document.querySelector('article').insertAdjacentHTML('beforeend',"
        " '<p><span class=\"ep-label\" style=\"color: #808080\">open</span></p>')")
    assert any(line.startswith("color-contrast") for line in failing(scheme_page, "article"))


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
