"""The ``tdx_ticket_url`` setting: what it accepts, how it is refused, and the links it makes.

Issue 16, item 8: a URL template with ``{id}``; when set, every ticket on the site also
links to the ticket in TDX, the ID percent-encoded, the address escaped as an attribute.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.read.settings import load_settings
from generator.schema.fields import SETTINGS

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
