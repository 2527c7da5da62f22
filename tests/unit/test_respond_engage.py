"""``escalation engage`` and ``escalation respond`` round trips through the command line.

The ticket below is full of comments, odd spacing and a body that looks like YAML: the
commands must change only the lines they own and refuse, with exact messages, whatever
``escalation check`` would refuse.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

CONFIG = "site_name: Test\nextra:\n  escalation:\n    timezone: America/Chicago\n"


def admin(name: str, service: str, active: str = "true") -> str:
    return (
        f"---\nname: {name}\nactive: {active}\npurview:\n  - service: {service}\n"
        f"    scope: All of {service}\n    declared: 2026-10-01\n    source: PR 1\n---\n"
    )


ADMINS = {
    "admins/marisol-tran.md": admin("Marisol Tran", "sso"),
    "admins/ruth-adebayo.md": admin("Ruth Adebayo", "email"),
    "admins/gideon-marsh.md": admin("Gideon Marsh", "printing", active="false"),
}

TICKET = """\
---
# Logged from the phone queue.
title:   "Cannot sign in to the expenses app"     # quoted on purpose
opened: 2026-11-16T09:30
classification: incident
priority:    high
tier: handle   # change when engaging
status: open
service: sso
checklist:
  issue-verified: true    # confirmed with the user
  kb-searched: true
  troubleshooting-done: true

  evidence-attached: true
  outside-sc-scope: true
  owner-identified: false   # not sure who owns it yet
# engagements go below
tags:  [sso,   expenses]
---
tier: escalate
escalations: [] <- not front-matter, just notes

- tried a private window
"""

ENGAGED = TICKET.replace(
    "tier: handle   # change when engaging", "tier: collaborate   # change when engaging"
).replace(
    "  owner-identified: false   # not sure who owns it yet\n",
    "  owner-identified: false   # not sure who owns it yet\n"
    "escalations:\n"
    "  - admin: marisol-tran\n"
    "    tier: collaborate\n"
    "    at: 2026-11-16T10:15\n"
    '    reason: "Which group grants access? #expenses"\n',
)

RESPONDED = ENGAGED.replace(
    '    reason: "Which group grants access? #expenses"\n',
    '    reason: "Which group grants access? #expenses"\n'
    "    response:\n"
    "      at: 2026-11-16T13:40\n"
    "      outcome: answered\n"
    "      process: SC adds the user to app-expenses-users\n",
)

PATH = "tickets/2026/48213.md"


@pytest.fixture
def root(project: ProjectFactory) -> Path:
    return project({**ADMINS, PATH: TICKET}, config=CONFIG)


def engage(cli: CLI, root: Path, *args: str) -> tuple[int, str, str]:
    result = cli("engage", "-f", str(root / "mkdocs.yml"), "48213", *args)
    return result.code, result.out, result.err


def respond(cli: CLI, root: Path, *args: str) -> tuple[int, str, str]:
    result = cli("respond", "-f", str(root / "mkdocs.yml"), "48213", *args)
    return result.code, result.out, result.err


def ticket(root: Path) -> str:
    return (root / PATH).read_bytes().decode("utf-8")


def test_engage_then_respond_round_trip(cli: CLI, root: Path) -> None:
    code, out, err = engage(cli, root, "--admin", "marisol-tran", "--tier", "collaborate",
                            "--reason", "Which group grants access? #expenses",
                            "--at", "2026-11-16T10:15")
    assert (code, out) == (0, f"{PATH}\n")
    assert err == ("engaged marisol-tran (collaborate) as escalations[0] of ticket 48213;"
                   " tier is now collaborate\n")
    assert ticket(root) == ENGAGED
    code, out, err = respond(cli, root, "--admin", "marisol-tran", "--outcome", "answered",
                             "--process", "SC adds the user to app-expenses-users",
                             "--at", "2026-11-16T13:40")
    assert (code, out) == (0, f"{PATH}\n")
    assert err == "recorded answered from marisol-tran on escalations[0] of ticket 48213\n"
    assert ticket(root) == RESPONDED
    checked = cli("check", "-f", str(root / "mkdocs.yml"))
    assert (checked.code, checked.out) == (0, "")


def test_escalate_with_an_incomplete_checklist_lists_the_missing_items(
    cli: CLI, root: Path
) -> None:
    code, out, err = engage(cli, root, "--admin", "marisol-tran", "--tier", "escalate",
                            "--tag", "esc-sso", "--at", "2026-11-16T10:15")
    assert (code, out) == (1, "")
    assert err == (
        "escalation engage: cannot escalate ticket 48213:\n"
        "missing --reason, --message: escalating needs a tag, a reason and the meta-protocol"
        " message\n"
        "the pre-escalation checklist is incomplete; these items are not ticked under"
        f" 'checklist:' in {PATH}:\n"
        "  - owner-identified: Owning admin identified from the declared purviews"
        " (ownership matrix)\n"
        "tick them once done, or engage with --tier collaborate\n"
    )
    assert ticket(root) == TICKET


def test_escalate_with_the_checklist_complete(cli: CLI, root: Path) -> None:
    (root / PATH).write_text(TICKET.replace("owner-identified: false", "owner-identified: true"))
    code, _, _ = engage(cli, root, "--admin", "marisol-tran", "--tier", "escalate",
                        "--tag", "esc-sso", "--reason", "Assignment missing",
                        "--message", "What process can SC follow next time?",
                        "--at", "2026-11-16T10:15")
    assert code == 0
    text = ticket(root)
    assert "tier: escalate   # change when engaging\n" in text
    assert ("    tag: esc-sso\n    reason: Assignment missing\n"
            '    message: "What process can SC follow next time?"\n') in text


def test_engage_refuses_an_unknown_admin(cli: CLI, root: Path) -> None:
    code, _, err = engage(cli, root, "--admin", "marisol-tarn", "--tier", "collaborate")
    assert code == 1
    assert err == ("escalation engage: --admin 'marisol-tarn': expected the slug of an admin"
                   " in admins/ (did you mean 'marisol-tran'?)\n")
    assert ticket(root) == TICKET


def test_engage_refuses_what_check_refuses(cli: CLI, root: Path) -> None:
    code, _, err = engage(cli, root, "--admin", "marisol-tran", "--tier", "collaborate",
                          "--at", "2026-11-16T08:00")
    assert code == 1
    assert err == (
        "escalation engage: the engagement escalations[0] would not pass 'escalation check';"
        " nothing was written:\n"
        f"  {PATH}:21: error: field 'escalations[0].at': expected a time not before opened"
        " (2026-11-16 09:30) but received 2026-11-16 08:00 [ticket.engagement-before-opened]\n"
    )
    assert ticket(root) == TICKET


def test_engage_notes_new_warnings(cli: CLI, root: Path) -> None:
    code, _, err = engage(cli, root, "--admin", "gideon-marsh", "--tier", "collaborate",
                          "--at", "2026-11-16T10:15")
    assert code == 0
    assert err.splitlines()[0] == (
        f"note: {PATH}:19: warning: field 'escalations[0].admin': 'gideon-marsh' is marked"
        " inactive [ticket.inactive-admin]"
    )


def test_engage_defaults_to_now_in_the_configured_timezone(cli: CLI, root: Path) -> None:
    before = datetime.now(ZoneInfo("America/Chicago")).replace(tzinfo=None, second=0,
                                                               microsecond=0)
    (root / PATH).write_text(TICKET.replace("opened: 2026-11-16T09:30", "opened: 2020-01-01"))
    assert engage(cli, root, "--admin", "marisol-tran", "--tier", "collaborate")[0] == 0
    match = re.search(r"^    at: (\S+)$", ticket(root), re.MULTILINE)
    assert match is not None
    written = datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M")
    assert before <= written <= before + timedelta(minutes=2)


# An instant in UTC with seconds: written as Chicago's wall clock (UTC-6 in November),
# to the minute, like the clock it stands for.
PINNED = "2026-11-16T19:40:59+00:00"


def test_engage_takes_now_from_escalation_as_of(
    cli: CLI, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ESCALATION_AS_OF", PINNED)
    assert engage(cli, root, "--admin", "marisol-tran", "--tier", "collaborate")[0] == 0
    assert re.findall(r"^    at: (\S+)$", ticket(root), re.MULTILINE) == ["2026-11-16T13:40"]


def test_respond_takes_now_from_escalation_as_of(
    cli: CLI, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert engage(cli, root, "--admin", "marisol-tran", "--tier", "collaborate",
                  "--reason", "Which group grants access? #expenses",
                  "--at", "2026-11-16T10:15")[0] == 0
    monkeypatch.setenv("ESCALATION_AS_OF", PINNED)
    assert respond(cli, root, "--admin", "marisol-tran", "--outcome", "answered",
                   "--process", "SC adds the user to app-expenses-users")[0] == 0
    assert ticket(root) == RESPONDED


@pytest.mark.parametrize(("value", "message"), [
    ("next tuesday", "ESCALATION_AS_OF: expected an ISO 8601 date or datetime such as"
     " 2026-11-28 or 2026-11-28T12:00 but received 'next tuesday'"),
    ("0001-01-01T00:00+05:00", "ESCALATION_AS_OF: expected a date between the years 1970"
     " and 2999 but received '0001-01-01T00:00+05:00'"),
])
def test_a_bad_escalation_as_of_is_a_usage_error(
    cli: CLI, root: Path, monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.setenv("ESCALATION_AS_OF", value)
    code, out, err = engage(cli, root, "--admin", "marisol-tran", "--tier", "collaborate")
    assert (code, out) == (2, "")
    assert err.endswith(f"escalation engage: error: {message}\n")
    assert ticket(root) == TICKET


def test_respond_refuses_without_an_open_engagement(cli: CLI, root: Path) -> None:
    code, _, err = respond(cli, root, "--admin", "marisol-tran", "--outcome", "answered")
    assert code == 1
    assert err == ("escalation respond: ticket 48213 has no engagement of 'marisol-tran';"
                   " engage them first with 'escalation engage'\n")
    (root / PATH).write_text(RESPONDED)
    code, _, err = respond(cli, root, "--admin", "marisol-tran", "--outcome", "answered")
    assert code == 1
    assert err == (
        "escalation respond: every engagement of 'marisol-tran' on ticket 48213 already has"
        " a response (the latest is escalations[0], line 19); engage them again with"
        " 'escalation engage' for a new request\n"
    )
    assert ticket(root) == RESPONDED


def test_respond_refuses_a_response_before_the_engagement(cli: CLI, root: Path) -> None:
    (root / PATH).write_text(ENGAGED)
    code, _, err = respond(cli, root, "--admin", "marisol-tran", "--outcome", "declined",
                           "--at", "2026-11-16T10:00")
    assert code == 1
    assert err == (
        "escalation respond: the response to escalations[0] would not pass 'escalation"
        " check'; nothing was written:\n"
        f"  {PATH}:24: error: field 'escalations[0].response.at': expected a time not before"
        " the engagement (2026-11-16 10:15) but received 2026-11-16 10:00"
        " [ticket.response-before-engagement]\n"
    )
    assert ticket(root) == ENGAGED


def test_respond_redirected_needs_a_known_redirect_target(cli: CLI, root: Path) -> None:
    (root / PATH).write_text(ENGAGED)
    code, _, err = respond(cli, root, "--admin", "marisol-tran", "--outcome", "redirected")
    assert (code, err) == (1, "escalation respond: --outcome redirected needs --redirect-to"
                              " SLUG: the admin the ticket was sent on to\n")
    code, _, err = respond(cli, root, "--admin", "marisol-tran", "--outcome", "redirected",
                           "--redirect-to", "nobody")
    assert (code, err) == (1, "escalation respond: --redirect-to 'nobody': expected the slug"
                              " of an admin in admins/\n")
    code, _, _ = respond(cli, root, "--admin", "marisol-tran", "--outcome", "redirected",
                         "--redirect-to", "ruth-adebayo", "--at", "2026-11-16T11:00")
    assert code == 0
    assert ("    response:\n      at: 2026-11-16T11:00\n      outcome: redirected\n"
            "      redirect_to: ruth-adebayo\n") in ticket(root)


def test_usage_mistakes_exit_2(cli: CLI, root: Path) -> None:
    (root / PATH).write_text(ENGAGED)
    code, _, err = respond(cli, root, "--admin", "marisol-tran", "--outcome", "answered",
                           "--at", "2026-11-16")
    assert code == 2
    assert err.endswith("error: --at '2026-11-16': expected a date and time such as"
                        " 2026-11-16T09:30\n")
    code, _, err = respond(cli, root, "--admin", "marisol-tran", "--outcome", "answered",
                           "--redirect-to", "ruth-adebayo")
    assert code == 2
    assert err.endswith("error: --redirect-to is only for --outcome redirected\n")


def test_missing_or_broken_tickets_are_refused(cli: CLI, root: Path) -> None:
    result = cli("engage", "-f", str(root / "mkdocs.yml"), "99999", "--admin",
                 "marisol-tran", "--tier", "collaborate")
    assert (result.code, result.err) == (
        1, "escalation engage: no ticket '99999': expected a file tickets/<year>/99999.md"
           " (create it with 'escalation new ticket')\n")
    (root / PATH).write_text(TICKET.replace("priority:    high", "priority: urgent"))
    code, _, err = engage(cli, root, "--admin", "marisol-tran", "--tier", "collaborate")
    assert code == 1
    assert err.startswith("escalation engage: ticket 48213 already has problems; fix them"
                          f" first:\n  {PATH}:6: error: field 'priority'")


def test_a_byte_order_mark_and_crlf_are_kept(cli: CLI, root: Path) -> None:
    original = "\ufeff" + TICKET.replace("\n", "\r\n")
    (root / PATH).write_bytes(original.encode("utf-8"))
    assert engage(cli, root, "--admin", "marisol-tran", "--tier", "collaborate",
                  "--reason", "Which group grants access? #expenses",
                  "--at", "2026-11-16T10:15")[0] == 0
    assert (root / PATH).read_bytes() == ("\ufeff" + ENGAGED.replace("\n", "\r\n")).encode()


def test_at_outside_the_calendar_is_a_usage_error(tmp_path: Path) -> None:
    from generator.cli.common import UsageError
    from generator.cli.ticket_edit import parse_at
    from generator.schema.settings import Settings

    with pytest.raises(UsageError, match="expected a date between the years 1970 and 2999"):
        parse_at("0001-01-01T00:00+05:00", Settings(root=tmp_path))



@pytest.mark.parametrize(("command", "options"), [
    ("engage", ["--admin", "marisol-tran", "--tier", "collaborate"]),
    ("respond", ["--admin", "marisol-tran", "--outcome", "answered"]),
])
def test_an_id_with_two_files_is_refused_and_neither_is_edited(
    cli: CLI, root: Path, command: str, options: list[str]
) -> None:
    (root / "tickets/2025").mkdir()
    (root / "tickets/2025/48213.md").write_text(ENGAGED, encoding="utf-8")
    result = cli(command, "-f", str(root / "mkdocs.yml"), "48213", *options,
                 "--at", "2026-11-16T13:40")
    assert (result.code, result.out) == (1, "")
    assert result.err == (f"escalation {command}: ticket 48213 has several files"
                          " (tickets/2025/48213.md, tickets/2026/48213.md); keep one"
                          " (escalation check reports the duplicate) and try again\n")
    assert ticket(root) == TICKET
    assert (root / "tickets/2025/48213.md").read_text(encoding="utf-8") == ENGAGED
