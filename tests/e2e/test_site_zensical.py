"""The shipped example project builds with Zensical, the successor of Material for MkDocs,
and every generated page is in its output.

Zensical is not a runtime dependency: ``.ci/run`` installs a pinned release into
``.venv-zensical`` and points ``ESCALATION_ZENSICAL`` at it. Without an executable the
test skips on a developer machine and fails when ``CI`` is set.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from site_build import REPO, BuiltSite, escalation, serve_site
from sitehtml import section_table

pytestmark = pytest.mark.e2e

AS_OF = "2026-11-28T12:00"
# What the shipped example project is made of (the rest of the repository is code).
PROJECT_PARTS = ("mkdocs.yml", "tickets", "admins", "docs")


def zensical_executable() -> str:
    found = os.environ.get("ESCALATION_ZENSICAL") or shutil.which("zensical")
    if found:
        return found
    message = ("no zensical executable: set ESCALATION_ZENSICAL or put zensical on PATH"
               " (.ci/run installs zensical==0.0.73 into .venv-zensical)")
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def yaml_dates_hint(config: Path) -> str:
    """A hint when ``extra`` holds YAML dates: Zensical 0.0.73 fails on them."""
    text = config.read_text(encoding="utf-8")
    extra = yaml.load(text, Loader=_Loader).get("extra", {})
    dates = [path for path, value in _leaves(extra, "extra") if isinstance(value, date)]
    if not dates:
        return ""
    return (f" {', '.join(dates)} in {config.name} are unquoted YAML dates, which Zensical"
            " cannot read ('failed to extract field Project.extra'); quote them")


class _Loader(yaml.SafeLoader):
    """The safe loader, ignoring mkdocs' !ENV and !relative tags."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _leaves(value: object, path: str) -> list[tuple[str, object]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, f"{path}[{i}]")]
    return [(path, value)]


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    executable = zensical_executable()
    root = tmp_path_factory.mktemp("zensical")
    project = root / "project"
    project.mkdir()
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        else:
            shutil.copy2(source, project / part)
    site = root / "site"
    result = escalation("build", "--builder", "zensical", "--as-of", AS_OF,
                        "--site-dir", str(site), cwd=project, ESCALATION_ZENSICAL=executable)
    assert result.returncode == 0, (
        f"zensical build of the shipped project failed ({result.returncode}):"
        f"{yaml_dates_hint(project / 'mkdocs.yml')}\n{result.stdout}\n{result.stderr}"
    )
    return BuiltSite(project=project, site=site, audience="internal", result=result)


def test_every_generated_page_is_in_the_zensical_output(zensical_site: BuiltSite) -> None:
    generated = zensical_site.generated_pages()
    admins = sorted(p.stem for p in (zensical_site.project / "admins").glob("*.md"))
    expected = {"", "tickets/", "escalations/", "admins/", "ownership/", "reports/",
                "reports/2026-w47/", *(f"admins/{slug}/" for slug in admins)}
    assert expected <= set(generated)
    missing = [url for url in generated if not zensical_site.path(url).is_file()]
    assert not missing, f"generated pages missing from the Zensical output: {missing}"
    unmarked = [url for url in generated
                if not [c for c in zensical_site.doc(url).comments if "Do not edit" in c]]
    assert not unmarked, f"pages without their generated content: {unmarked}"


def test_zensical_pages_carry_the_generated_content(zensical_site: BuiltSite) -> None:
    dashboard = zensical_site.doc("")
    assert section_table(dashboard, "open-escalations").rows
    assert section_table(dashboard, "admin-response-summary").rows
    tickets = zensical_site.doc("tickets/").find("table")
    ticket_files = list((zensical_site.project / "tickets").rglob("*.md"))
    assert len(tickets.find("tbody").find_all("tr")) == len(ticket_files)
    weekly = zensical_site.doc("reports/2026-w47/")
    assert weekly.find("ul", cls="ep-narrative").text
    assert len(weekly.find("article").find_all("figure", cls="ep-chart")) == 2
    admin = sorted((zensical_site.project / "admins").glob("*.md"))[0].stem
    assert section_table(zensical_site.doc(f"admins/{admin}/"), "declared-purview").header


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_zensical_theme_colours_meet_contrast(
    zensical_site: BuiltSite, browser: Any, scheme: str
) -> None:
    """Zensical's own theme: its navigation (the sidebar's active link on a section's
    page, the tabs) and the project's labels meet axe-core's colour-contrast rule."""
    context = browser.new_context(viewport={"width": 1366, "height": 900},
                                  color_scheme=scheme)
    try:
        page = context.new_page()
        with serve_site(zensical_site) as server:
            for url in ("reference/", "tickets/"):
                page.goto(server.url + url, wait_until="load")
                assert page.locator(".md-nav__link--active").count()
                results = Axe().run(page, options={
                    "runOnly": {"type": "rule", "values": ["color-contrast"]}}).response
                assert [(url, v["nodes"]) for v in results["violations"]] == []
    finally:
        context.close()


@pytest.mark.parametrize("url", ["", "tickets/", "escalations/"])
def test_zensical_data_tables_fit_at_1366_and_no_page_scrolls_sideways_at_390(
    zensical_site: BuiltSite, browser: Any, url: str
) -> None:
    """The layout rules are the builder's own classes and a page marker: Zensical's pages
    get them as MkDocs' do (tests/e2e/test_site_layout.py measures those in full)."""
    with serve_site(zensical_site) as server:
        for width in (1366, 390):
            context = browser.new_context(viewport={"width": width, "height": 800})
            try:
                tab = context.new_page()
                tab.goto(server.url + url, wait_until="load")
                found = tab.evaluate("""() => ({
                  document: document.documentElement.scrollWidth, window: window.innerWidth,
                  tables: [...document.querySelectorAll("article table")].map(t => [
                    t.scrollWidth, t.clientWidth,
                    (t.closest(".ep-table, .ep-triage") || t.parentElement).clientWidth])})""")
            finally:
                context.close()
            assert found["tables"], "no table was measured"
            assert found["document"] <= found["window"], (width, found)
            if width == 1366:
                for scroll, own, box in found["tables"]:
                    assert scroll <= own <= box, (url, scroll, own, box)
