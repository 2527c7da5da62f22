"""Corpus: bad values of the ``tdx_ticket_url`` setting (issue 16, item 8), each refused
with a located ``settings.*`` line; the build and the reports stop on it like on any
other bad setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_harness import Case, run_case

HEAD = "site_name: T\nextra:\n  escalation:\n    tdx_ticket_url: "  # the value is on line 4
EXPECTED = (
    "mkdocs.yml:4: error: setting 'tdx_ticket_url': expected an https:// address with {id}"
    " where the ticket ID goes, such as"
    " 'https://tdx.example.edu/TDNext/Apps/43/Tickets/TicketDet?TicketID={id}', but received"
    " {} [settings.invalid-value]"
)


def bad(name: str, value: str, received: str, args: tuple[str, ...] = ("check",),
        exit_status: int = 2) -> Case:
    """A case whose value ``value`` is refused as ``received, why``."""
    return Case(name, {}, args, exit_status, EXPECTED.replace("{}", received),
                "settings.invalid-value", config=f"{HEAD}{value}\n")


CASES = [
    bad("http-not-https", "http://tdx.example.edu/t/{id}",
        "'http://tdx.example.edu/t/{id}', which is http, not https"),
    bad("another-scheme", "ftp://tdx.example.edu/{id}",
        "'ftp://tdx.example.edu/{id}', which is not an https:// address"),
    bad("javascript-address", "'javascript:alert({id})'",
        "'javascript:alert({id})', which is not an https:// address"),
    bad("no-scheme", "tdx.example.edu/t/{id}",
        "'tdx.example.edu/t/{id}', which is not an https:// address"),
    bad("no-placeholder", "https://tdx.example.edu/t/",
        "'https://tdx.example.edu/t/', which has no {id}"),
    bad("placeholder-in-capitals", "https://tdx.example.edu/t/{ID}",
        "'https://tdx.example.edu/t/{ID}', which has no {id}"),
    bad("two-placeholders", "https://tdx.example.edu/{id}?again={id}",
        "'https://tdx.example.edu/{id}?again={id}', which has {id} 2 times: the ID goes in one"
        " place"),
    bad("placeholder-in-the-host", "https://{id}.tdx.example.edu/",
        "'https://{id}.tdx.example.edu/', which has no host name before {id}"),
    bad("no-host", "https:///t/{id}", "'https:///t/{id}', which has no host name before {id}"),
    bad("another-placeholder", "https://tdx.example.edu/{app}/{id}",
        "'https://tdx.example.edu/{app}/{id}', which has a '{' or '}' that is not part of {id}"),
    bad("a-space", "'https://tdx.example.edu/my tickets/{id}'",
        "'https://tdx.example.edu/my tickets/{id}', which holds a space, not allowed in an"
        " address"),
    bad("attribute-break-out", "'https://tdx.example.edu/{id}\" onclick=\"x'",
        "'https://tdx.example.edu/{id}\" onclick=\"x', which holds a space and '\"', not allowed"
        " in an address"),
    bad("build-stops", "http://tdx.example.edu/t/{id}",
        "'http://tdx.example.edu/t/{id}', which is http, not https", ("build",), 1),
    bad("report-stops", "https://tdx.example.edu/t/",
        "'https://tdx.example.edu/t/', which has no {id}", ("report", "--week", "2026-W47")),
    Case("a-number", {}, ("check",), 2,
         "mkdocs.yml:4: error: setting 'tdx_ticket_url': expected text but received the number"
         " 48213 [settings.wrong-type]", "settings.wrong-type", config=f"{HEAD}48213\n"),
    Case("a-list", {}, ("check",), 2,
         "mkdocs.yml:4: error: setting 'tdx_ticket_url': expected text but received a list"
         " [settings.wrong-type]", "settings.wrong-type",
         config=f"{HEAD}['https://tdx.example.edu/t/{{id}}']\n"),
    Case("too-long", {}, ("check",), 2,
         "mkdocs.yml:4: error: setting 'tdx_ticket_url': expected text of at most 300"
         " characters but received 329 characters [settings.invalid-value]",
         "settings.invalid-value", config=f"{HEAD}https://tdx.example.edu/{'a' * 300}/{{id}}\n"),
    Case("env-default-is-http", {}, ("check",), 2,
         EXPECTED.replace("{}", "'http://tdx.example.edu/t/{id}', which is http, not https"),
         "settings.invalid-value",
         config=f"{HEAD}!ENV [EP_CORPUS_UNSET, 'http://tdx.example.edu/t/{{id}}']\n"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EP_CORPUS_UNSET", raising=False)
    run_case(case, tmp_path, capsys, monkeypatch)
