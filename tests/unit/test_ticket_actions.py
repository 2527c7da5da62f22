"""A ticket's actions (issue 13, item 2): exact addresses, percent-encoded and escaped, the
issue forms prefilled with what the site knows, and nothing that needs ``repo_url`` without
it. Rendered from the issue-events fixture project, without a builder."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from generator.compute.as_of import resolve_as_of
from generator.compute.calendar import calendar_for
from generator.compute.site import build_context
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.ticket_actions import TicketActions
from generator.schema.settings import Audience

PROJECT = Path(__file__).resolve().parents[1] / "fixtures" / "issue-events" / "project"
REPO = "https://github.com/example-org/escalation-records"
HREF = re.compile(r'href="([^"]*)"')


def actions(tmp_path: Path, settings_text: str, ticket: str) -> tuple[str, list[str]]:
    """The actions markup of ``ticket`` and its links (unescaped), with these settings."""
    root = shutil.copytree(PROJECT, tmp_path / "project")
    (root / "mkdocs.yml").write_text(
        f"site_name: T\n{settings_text}extra:\n  escalation:\n    timezone: America/Chicago\n"
        "    tdx_ticket_url: https://tdx.example.edu/Tickets/TicketDet?App=43&TicketID={id}\n",
        encoding="utf-8")
    settings, problems = load_settings(root / "mkdocs.yml")
    project = load_project(settings, problems)
    ctx = build_context(project, audience=Audience.INTERNAL,
                        as_of=resolve_as_of("2026-11-18T12:00", calendar_for(settings)))
    (found,) = [t for t in ctx.tickets if t.id == ticket]
    markup = str(TicketActions(ctx, "tickets/index.md")(found))
    return markup, [html.unescape(h) for h in HREF.findall(markup)]


def test_an_engaged_ticket_offers_every_action(tmp_path: Path) -> None:
    markup, links = actions(tmp_path, f"repo_url: {REPO}\nedit_uri: edit/trunk/docs/\n",
                            "48214")
    assert links == [
        f"{REPO}/edit/trunk/tickets/2026/48214.md",
        f"{REPO}/commits/trunk/tickets/2026/48214.md",
        "https://tdx.example.edu/Tickets/TicketDet?App=43&TicketID=48214",
        f"{REPO}/issues/new?template=engage.yml&title=Engage%20an%20admin%20on%20ticket%2048214"
        "&ticket=48214&admin=kwame-lindqvist&tier=collaborate",
        f"{REPO}/issues/new?template=respond.yml&title=Record%20a%20response%20on%20ticket"
        "%2048214&ticket=48214&admin=kwame-lindqvist",
    ]
    assert re.sub(r"<[^>]+>", "", markup) == (
        "edit · history · open in TDX · Engage an admin · Record a response")
    assert "App=43&amp;TicketID=48214" in markup  # the attribute is escaped
    assert "&amp;ticket=48214&amp;admin=kwame-lindqvist" in markup


def test_a_ticket_sc_handles_suggests_the_owner_of_its_service(tmp_path: Path) -> None:
    _, links = actions(tmp_path, f"repo_url: {REPO}/\n", "48213")
    assert links[:2] == [f"{REPO}/edit/main/tickets/2026/48213.md",
                         f"{REPO}/commits/main/tickets/2026/48213.md"]
    # every engagement answered (none yet): no response to record
    assert links[3:] == [
        f"{REPO}/issues/new?template=engage.yml&title=Engage%20an%20admin%20on%20ticket%2048213"
        "&ticket=48213&admin=marisol-tran&tier=collaborate"]


def test_the_branch_is_percent_encoded(tmp_path: Path) -> None:
    _, links = actions(tmp_path, f"repo_url: {REPO}\nedit_uri: blob/dev&x y/docs/\n", "48215")
    assert links[:2] == [f"{REPO}/edit/dev%26x%20y/tickets/2026/48215.md",
                         f"{REPO}/commits/dev%26x%20y/tickets/2026/48215.md"]


def test_a_repository_elsewhere_gets_no_issue_forms(tmp_path: Path) -> None:
    repo = "https://git.example.org/it/records"
    _, links = actions(tmp_path, f"repo_url: {repo}\n", "48214")
    assert links == [f"{repo}/edit/main/tickets/2026/48214.md",
                     f"{repo}/commits/main/tickets/2026/48214.md",
                     "https://tdx.example.edu/Tickets/TicketDet?App=43&TicketID=48214"]


@pytest.mark.parametrize("settings_text", ["", "repo_url: ''\n"])
def test_without_repo_url_nothing_needs_it(tmp_path: Path, settings_text: str) -> None:
    markup, links = actions(tmp_path, settings_text, "48214")
    assert (markup, links) == ("—", [])
