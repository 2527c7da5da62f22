"""The Knowledge Captured page as rendered (no builder), and its place in the navigation."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
import yaml

from generator.compute.site import build_context
from generator.read.project import for_audience, load_project
from generator.read.settings import load_settings
from generator.render import urls
from generator.render.families import render_site
from generator.schema.settings import Audience

if TYPE_CHECKING:
    from conftest import ProjectFactory

REPO = Path(__file__).resolve().parents[2]
AS_OF = datetime(2026, 11, 25, 12, tzinfo=ZoneInfo("UTC"))
ADMIN = """\
---
name: Ana North
purview:
  - service: vpn
    scope: VPN profiles.
    declared: 2026-10-01
    source: meeting
---
"""
PROCESS = "Step 1 <b>bold</b> [x](javascript:alert(1))\n\n    # not a heading\n{{ 7*7 }} `tick`"


def ticket(service: str | None, process: str, responded: str) -> str:
    service_line = f"service: {service}\n" if service else ""
    return f"""\
---
title: VPN drops
opened: 2026-11-16T09:00
classification: incident
priority: low
tier: collaborate
status: open
{service_line}escalations:
  - admin: ana-north
    tier: collaborate
    at: 2026-11-16T10:00
    response:
      at: {responded}
      outcome: answered
      process: {yaml.safe_dump(process, default_style='"').strip()}
---
"""


def page(project: ProjectFactory, audience: Audience = Audience.INTERNAL) -> str:
    root = project({
        "admins/ana-north.md": ADMIN,
        "tickets/2026/100.md": ticket("vpn", "Reissue the profile.", "2026-11-17T10:00"),
        "tickets/2026/101.md": ticket("vpn", PROCESS, "2026-11-18T10:00"),
        "tickets/2026/102.md": ticket(None, "Ask which service it is.", "2026-11-19T10:00"),
    })
    settings, problems = load_settings(root / "mkdocs.yml")
    loaded = for_audience(load_project(settings, problems), audience)
    ctx = build_context(loaded, as_of=AS_OF, audience=audience)
    return render_site(loaded, ctx)[urls.KNOWLEDGE]


def test_groups_rows_and_purview_lines(project: ProjectFactory) -> None:
    text = page(project)
    assert "\nsearch:\n  exclude: true\n" in text.split("\n---\n", 1)[0]  # found per ticket
    assert "3 processes captured for 2 services." in text
    assert text.index("## unclassified {: #service-unclassified }") < text.index(
        "## vpn {: #service-vpn }")
    assert ("No SC process yet: these tickets name no service, so no purview covers them."
            in text)
    assert ('No SC process yet: <a href="../admins/ana-north/">Ana North</a> declares the'
            " service, and no purview of it says what SC may do." in text)
    vpn = text.split("## vpn", 1)[1]
    assert vpn.index("#101") < vpn.index("#100")  # newest first
    assert '<a href="../ownership/#gap-unclassified">unclassified</a>' in text


def test_the_process_is_escaped_text_with_its_line_breaks(project: ProjectFactory) -> None:
    text = page(project)
    assert ('<td data-label="Process for next time">'
            "Step 1 &lt;b&gt;bold&lt;/b&gt; [x](javascript:alert(1))<br>\n<br>\n"
            "    # not a heading<br>\n{{ 7*7 }} `tick`</td>") in text
    # no blank line inside the HTML block: Markdown never sees the process
    table = text.split("<tbody>", 2)[2].split("</tbody>", 1)[0]
    assert "\n\n" not in table


def test_the_shared_build_shows_the_same_page(project: ProjectFactory) -> None:
    """The same page but for its print margins: only an internal build prints the banner."""
    def margins(text: str) -> str:
        found = re.search(r'<style class="ep-print-margins">.*?</style>', text)
        assert found is not None, "the page has no print margins"
        return found.group(0)

    shared, internal = page(project, Audience.SHARED), page(project)
    assert "Confidential" in margins(internal) and "Confidential" not in margins(shared)
    assert shared.replace(margins(shared), "") == internal.replace(margins(internal), "")


@pytest.mark.parametrize("config", [REPO / "mkdocs.yml",
                                    REPO / "tests" / "fixtures" / "site" / "mkdocs.yml"])
def test_every_generated_section_is_in_the_nav(config: Path) -> None:
    nav = yaml.safe_load(config.read_text(encoding="utf-8"))["nav"]
    listed = {page for entry in nav if isinstance(entry, dict) for page in entry.values()
              if isinstance(page, str)}
    assert {urls.DASHBOARD, urls.TICKETS, urls.ESCALATIONS, urls.ADMINS, urls.OWNERSHIP,
            urls.KNOWLEDGE, urls.REPORTS} <= listed
    assert {"Knowledge captured": urls.KNOWLEDGE} in nav
