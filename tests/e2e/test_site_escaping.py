"""User text is shown as text wherever it lands, never as markup.

The fixture's ticket 90106 and admin mallory-x carry ``|``, ``<script>``, ``<b>``,
``<img onerror>``, ``[x](javascript:…)``, ``*emphasis*``, ``# heading`` and backticks in
every free-text field (title, requestor, department, agent, tags, reason, message,
process, notes, admin name, team, purview scope, excludes, SC process, source).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_build import FIXTURE, BuiltSite, build_site, copy_project
from sitehtml import Element, by_id, parse, section_tables

pytestmark = pytest.mark.e2e

HOSTILE_TITLE = (
    "Pipe | <script>alert(1)</script> [x](javascript:alert(1)) *emphasis* # heading `tick`"
)
MALLORY = "Mallory | <script>alert(1)</script> *Star* [x](javascript:alert(1)) `tick`"
# Elements the hostile text would turn into if it were interpreted as HTML or Markdown.
_INJECTED = {
    "script": "alert(1)",
    "b": "bold",
    "i": "tag",
    "em": "emphasis",
    "code": "tick",
}


def injected_markup(root: Element) -> Iterator[str]:
    """Every element or attribute that can only come from interpreting the hostile text."""
    for el in root.iter():
        for name, value in el.attrs.items():
            if name.startswith("on"):
                yield f"<{el.tag} {name}=…>"
            if value.strip().lower().startswith(("javascript:", "vbscript:", "data:text")):
                yield f"<{el.tag} {name}={value!r}>"
        if el.tag == "img" and el.attrs.get("src") == "x":
            yield "<img src=x>"
        marker = _INJECTED.get(el.tag)
        if marker is not None and el.text in (marker, f"{marker}(1)"):
            yield f"<{el.tag}>{el.text}</{el.tag}>"
        if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and el.text.rstrip("¶").startswith(
            ("heading", "not a heading", "Dept", "Team")
        ):
            yield f"<{el.tag}>{el.text}</{el.tag}>"


def test_no_page_turns_user_text_into_markup(internal_site: BuiltSite) -> None:
    found = {}
    for url in internal_site.html_pages():
        html = internal_site.html(url)
        problems = list(injected_markup(parse(html)))
        if "<script>alert" in html:
            problems.append("<script>alert in the page source")
        if 'href="javascript:' in html.lower():
            problems.append('href="javascript: in the page source')
        if problems:
            found[url or "(home)"] = problems
    assert not found, f"user text became markup: {found}"


@pytest.mark.parametrize("url", ["", "tickets/", "escalations/", "tickets/2026-11/",
                                 "admins/mallory-x/", "knowledge/"])
def test_hostile_title_is_visible_as_literal_text(internal_site: BuiltSite, url: str) -> None:
    assert HOSTILE_TITLE in internal_site.doc(url).find("article").text


def test_table_cells_keep_pipes_inside_the_cell(internal_site: BuiltSite) -> None:
    table = section_tables(internal_site.doc("tickets/"), "")[0]
    row = table.row("90106")
    assert row == [
        "90106", HOSTILE_TITLE, "service-request",
        "Eve | <b>bold</b> [x](javascript:alert(1))", "# Dept *emphasis*", "open", "low",
        "collaborate", "*Agent* `tick`", MALLORY, "2026-11-19 11:00",
        "edit · history · Engage an admin",
    ]


def test_detail_view_shows_every_hostile_field_literally(internal_site: BuiltSite) -> None:
    detail = by_id(internal_site.doc("tickets/2026-11/"), "90106").parent
    assert detail is not None
    text = detail.text
    for literal in (
        "requestor Eve | <b>bold</b> [x](javascript:alert(1)) (# Dept *emphasis*)",
        "agent *Agent* `tick`",
        "tags lab, <i>tag</i>",
        f"→ {MALLORY} answered",
        "reason: Reason | <script>alert(1)</script> [x](javascript:alert(1))",
        "message: Message *emphasis* # heading `tick`",
        "process for next time: Process | <script>alert(1)</script> [x](javascript:alert(1))"
        " `tick`",
        "LEAKMARKER notes | <script>alert(1)</script> [x](javascript:alert(1)) *emphasis*",
        "# heading in notes",
    ):
        assert literal in text


def test_admin_page_shows_name_and_purview_literally(internal_site: BuiltSite) -> None:
    doc = internal_site.doc("admins/mallory-x/")
    assert doc.find("article").find("h1").text.rstrip("¶") == MALLORY
    assert doc.find("title").text.startswith(MALLORY)
    purview = section_tables(doc, "declared-purview")[0]
    assert purview.row("lab-software") == [
        "lab-software",
        "Lab software | <script>alert(1)</script> [scope](javascript:alert(1)) *emphasis*",
        "# heading excludes `tick`",
        "Run `reset` | [link](javascript:alert(1)) # not a heading",
        "2026-10-10",
        "<img src=x onerror=alert(1)> note",
    ]
    assert "# Team | <b>bold</b>" in doc.find("article").text


def test_search_index_entries_carry_no_markup_from_user_text(internal_site: BuiltSite) -> None:
    """Material inserts result titles and texts as HTML: they must be escaped there too."""
    index = json.loads((internal_site.site / "search" / "search_index.json").read_text())
    found = []
    for entry in index["docs"]:
        for key in ("title", "text"):
            problems = list(injected_markup(parse(entry[key])))
            if problems:
                found.append((entry["location"], key, problems))
    assert not found, found


HOSTILE_BANNER = "Total {{ 7*7 }} {% raw %} <script>alert(1)</script> & {{ config.site_name }}"


def test_the_banner_is_text_on_every_page_never_a_template(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    quoted = HOSTILE_BANNER.replace('"', '\\"')
    config.write_text(text.replace('banner: "Confidential — Internal Use Only"',
                                   f'banner: "{quoted}"'), encoding="utf-8")
    site = build_site(project, tmp_path / "site")
    for url in ("", "tickets/", "reference/"):
        banners = site.doc(url).find_all(cls="ep-banner")
        assert [banner.text for banner in banners] == [HOSTILE_BANNER], url
        assert "<script>alert(1)" not in site.html(url)
