"""The ``tdx_ticket_url`` setting: what it accepts, how it is refused, and the links it makes.

Issue 16, item 8: a URL template with ``{id}``; when set, every ticket on the site also
links to the ticket in TDX, the ID percent-encoded, the address escaped as an attribute.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from generator.compute.site import SiteContext, build_context
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.links import Links
from generator.render.pages import render_tickets
from generator.schema.fields import SETTINGS
from generator.schema.settings import Audience

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

REPO = Path(__file__).resolve().parents[2]
HEAD = "site_name: Test\nextra:\n  escalation:\n"  # the setting is on line 4
GOOD = "https://tdx.example.edu/TDNext/Apps/43/Tickets/TicketDet?TicketID={id}"
EXPECTED = ("mkdocs.yml:4: error: setting 'tdx_ticket_url': expected an https:// address with"
            " {id} where the ticket ID goes, such as"
            " 'https://tdx.example.edu/TDNext/Apps/43/Tickets/TicketDet?TicketID={id}', but"
            " received ")


def read(project: ProjectFactory, value: str) -> tuple[str | None, list[str]]:
    """The setting as read from ``tdx_ticket_url: <value>``, and the problems as lines."""
    root = project(config=f"{HEAD}    tdx_ticket_url: {value}\n")
    settings, problems = load_settings(root / "mkdocs.yml")
    return settings.tdx_ticket_url, [p.format_text() for p in problems]


@pytest.mark.parametrize("value", [
    GOOD,
    "https://help.example.org/tickets/{id}",
    "https://help.example.org/t/{id}/view#top",
    "HTTPS://help.example.org/t?id={id}",
    "'  https://help.example.org/t/{id}  '",
])
def test_an_https_address_with_one_placeholder_is_read(
    project: ProjectFactory, value: str
) -> None:
    url, problems = read(project, value)
    assert problems == []
    assert url == value.strip("' ")


def test_unset_or_empty_means_no_tdx_links(project: ProjectFactory) -> None:
    assert read(project, '""') == (None, [])
    root = project(config="site_name: Test\n")
    assert load_settings(root / "mkdocs.yml")[0].tdx_ticket_url is None


@pytest.mark.parametrize(("value", "tail"), [
    ("http://tdx.example.edu/t/{id}", "'http://tdx.example.edu/t/{id}', which is http, not https"),
    ("ftp://tdx.example.edu/{id}", "'ftp://tdx.example.edu/{id}', which is not an https://"
     " address"),
    ("tdx.example.edu/t/{id}", "'tdx.example.edu/t/{id}', which is not an https:// address"),
    ("https://tdx.example.edu/t/", "'https://tdx.example.edu/t/', which has no {id}"),
    ("https://tdx.example.edu/t/{ID}", "'https://tdx.example.edu/t/{ID}', which has no {id}"),
    # Two placeholders: refused, the ID goes in one place (no TDX address repeats it).
    ("https://tdx.example.edu/{id}/{id}", "'https://tdx.example.edu/{id}/{id}', which has {id}"
     " 2 times: the ID goes in one place"),
    ("https://{id}.example.edu/", "'https://{id}.example.edu/', which has no host name before"
     " {id}"),
    ("https:///t/{id}", "'https:///t/{id}', which has no host name before {id}"),
    ("https://tdx.example.edu/{app}/{id}", "'https://tdx.example.edu/{app}/{id}', which has a"
     " '{' or '}' that is not part of {id}"),
    ('"https://tdx.example.edu/a b/{id}"', "'https://tdx.example.edu/a b/{id}', which holds a"
     " space, not allowed in an address"),
    ('"https://tdx.example.edu/t/{id}\\"><script>"', "'https://tdx.example.edu/t/{id}\"><script>',"
     " which holds '\"' and '<' and '>', not allowed in an address"),
])
def test_a_bad_address_is_a_located_error(
    project: ProjectFactory, value: str, tail: str
) -> None:
    url, problems = read(project, value)
    assert url is None
    assert problems == [f"{EXPECTED}{tail} [settings.invalid-value]"]


@pytest.mark.parametrize(("value", "received"), [
    ("42", "the number 42"), ("[a, b]", "a list"), ("{id: 1}", "a mapping")])
def test_a_value_that_is_not_text_is_the_wrong_type(
    project: ProjectFactory, value: str, received: str
) -> None:
    assert read(project, value) == (None, [
        f"mkdocs.yml:4: error: setting 'tdx_ticket_url': expected text but received {received}"
        " [settings.wrong-type]"])


def test_a_bad_address_fails_check(project: ProjectFactory, cli: CLI) -> None:
    project(config=f"{HEAD}    tdx_ticket_url: http://tdx.example.edu/t/{{id}}\n")
    result = cli("check", "-f", project.config)
    assert result.code == 2  # a bad setting, like every other one
    assert result.out == (f"{EXPECTED}'http://tdx.example.edu/t/{{id}}', which is http, not"
                          " https [settings.invalid-value]\n")


def test_the_readme_settings_table_lists_every_setting() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Settings", 1)[1].split("| key | default | meaning |", 1)[1]
    table = table.split("\n\n", 1)[0]
    assert re.findall(r"^\| `(\w+)` \|", table, re.MULTILINE) == list(SETTINGS.keys)


# --- the links --------------------------------------------------------------------------

TICKET = """\
---
title: Printer jam
opened: 2026-11-16T09:30
classification: incident
priority: low
tier: handle
status: open
---
"""


def context(project: ProjectFactory, url: str | None, ticket_id: str = "48213") -> SiteContext:
    config = HEAD + (f"    tdx_ticket_url: '{url}'\n" if url else "    timezone: UTC\n")
    root = project({f"tickets/2026/{ticket_id}.md": TICKET}, config=config)
    settings, problems = load_settings(root / "mkdocs.yml")
    assert problems == []
    loaded = load_project(settings, problems)
    return build_context(loaded, as_of=datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("UTC")),
                         audience=Audience.INTERNAL)


def test_the_tdx_link_names_the_ticket_and_says_tdx(project: ProjectFactory) -> None:
    ctx = context(project, "https://tdx.example.edu/Tickets/TicketDet?App=43&TicketID={id}")
    (ticket,) = ctx.tickets
    links = Links("index.md", ctx)
    assert links.tdx(ticket) == "https://tdx.example.edu/Tickets/TicketDet?App=43&TicketID=48213"
    # An attribute value: '&' is escaped there.
    assert links.tdx_link(ticket) == (
        '<a class="ep-tdx" href="https://tdx.example.edu/Tickets/TicketDet?App=43&amp;'
        'TicketID=48213" aria-label="Ticket 48213 in TDX">TDX</a>')
    assert links.ticket_link(ticket) == (
        '<a class="ep-id" href="tickets/2026-11/#48213">48213</a> ' + str(links.tdx_link(ticket)))


def test_the_id_is_percent_encoded_into_the_address(project: ProjectFactory) -> None:
    ctx = context(project, "https://tdx.example.edu/t/{id}?x=1", ticket_id="INC-7.a_b")
    (ticket,) = ctx.tickets
    links = Links("index.md", ctx)
    assert links.tdx(ticket) == "https://tdx.example.edu/t/INC-7.a_b?x=1"
    # Whatever an ID holds, it stays one path segment (IDs on record never hold these).
    odd = dataclasses.replace(ticket, id='a/b?c#d&e"<x> %')
    assert links.tdx(odd) == "https://tdx.example.edu/t/a%2Fb%3Fc%23d%26e%22%3Cx%3E%20%25?x=1"
    assert 'aria-label="Ticket a/b?c#d&amp;e&#34;&lt;x&gt; % in TDX"' in links.tdx_link(odd)


def test_without_the_setting_no_page_links_to_tdx(project: ProjectFactory) -> None:
    ctx = context(project, None)
    (ticket,) = ctx.tickets
    links = Links("index.md", ctx)
    assert links.tdx(ticket) is None
    assert links.tdx_link(ticket) == ""
    assert links.ticket_link(ticket) == '<a class="ep-id" href="tickets/2026-11/#48213">48213</a>'


def test_every_ticket_page_carries_the_tdx_link(project: ProjectFactory) -> None:
    """The table row and the detail view (rendered pages, no builder)."""
    ctx = context(project, "https://tdx.example.edu/t/{id}")
    pages = render_tickets(ctx)
    link = ('<a class="ep-tdx" href="https://tdx.example.edu/t/48213"'
            ' aria-label="Ticket 48213 in TDX">TDX</a>')
    assert pages["tickets/index.md"].count(link) == 1
    assert pages["tickets/2026-11.md"].count(link) == 1
    assert f" · {link}</p>" in pages["tickets/2026-11.md"]
