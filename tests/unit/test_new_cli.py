"""``escalation new ticket|admin``: a filled skeleton that passes check, written safely."""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.cli.main import build_parser
from generator.cli.new import run_admin, run_ticket
from generator.read.frontmatter import parse_record_text
from generator.render.yaml_text import yaml_scalar

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

CONFIG = "site_name: Test\nextra:\n  escalation:\n    timezone: America/Chicago\n"
ADMIN = (
    "---\nname: Dana Okafor\npurview:\n  - service: file-shares\n    scope: Shares\n"
    "    declared: 2026-10-01\n    source: PR 1\n---\n"
)
HANDLE = ["--title", "Cannot map the department share", "--classification", "incident",
          "--priority", "medium", "--opened", "2026-11-16T09:30"]
ESCALATE = ["--tier", "escalate", "--admin", "dana-okafor", "--tag", "esc-files",
            "--reason", "Needs admin rights", "--message", "What can SC do next time?",
            "--service", "file-shares"]
CHECKLIST_LINES = """\
checklist:
  issue-verified: {0}  # Issue reproduced or verified with the requestor
  kb-searched: {0}  # Knowledge base and similar past tickets searched
  troubleshooting-done: {0}  # Standard troubleshooting completed and recorded on the ticket
  evidence-attached: {0}  # Evidence attached: error messages, screenshots, times, affected users
  outside-sc-scope: {0}  # Confirmed that the fix is outside SC scope or access
  owner-identified: {0}  # Owning admin identified from the declared purviews (ownership matrix)
"""


@pytest.fixture
def root(project: ProjectFactory) -> Path:
    """A project with one admin and no tickets."""
    return project({"admins/dana-okafor.md": ADMIN}, config=CONFIG)


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdin is not a terminal unless a test says otherwise."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def check_passes(cli: CLI, root: Path) -> None:
    """``escalation check --strict`` finds nothing in the project."""
    result = cli("check", "--strict", "-f", str(root / "mkdocs.yml"))
    assert (result.code, result.out) == (0, ""), result.out


def leftovers(root: Path) -> list[Path]:
    """Temporary files anywhere in the project."""
    return sorted(root.rglob("*.tmp"))


# --- tickets -------------------------------------------------------------------------------


def test_handle_ticket_skeleton(root: Path, cli: CLI) -> None:
    result = cli("new", "ticket", "48213", *HANDLE, "-f", str(root / "mkdocs.yml"))
    assert (result.code, result.out, result.err) == (0, "tickets/2026/48213.md\n", "")
    assert (root / "tickets/2026/48213.md").read_text(encoding="utf-8") == (
        "---\n"
        "title: Cannot map the department share\n"
        "opened: 2026-11-16T09:30\n"
        "classification: incident\n"
        "priority: medium\n"
        "tier: handle\n"
        "status: open\n"
        "channel: tdx\n"
        + CHECKLIST_LINES.format("false")
        + "escalations: []\n"
        "tags: []\n"
        "---\n"
        "\n"
        "<!-- Notes: what was tried, what the requestor said, what the admin asked. -->\n"
    )
    check_passes(cli, root)
    assert leftovers(root) == []


def test_escalate_ticket_with_complete_checklist(root: Path, cli: CLI) -> None:
    result = cli("new", "ticket", "48213", *HANDLE, *ESCALATE, "--checked", "all",
                 "-f", str(root / "mkdocs.yml"))
    assert (result.code, result.err) == (0, "")
    text = (root / "tickets/2026/48213.md").read_text(encoding="utf-8")
    assert CHECKLIST_LINES.format("true") in text
    assert "escalations:\n  - admin: dana-okafor\n    tier: escalate\n    at: " in text
    assert (
        "    tag: esc-files\n    reason: Needs admin rights\n"
        '    message: "What can SC do next time?"\n'
    ) in text
    check_passes(cli, root)


def test_collaborate_needs_only_the_admin(root: Path, cli: CLI) -> None:
    result = cli("new", "ticket", "48213", *HANDLE, "--tier", "collaborate", "--admin",
                 "dana-okafor", "-f", str(root / "mkdocs.yml"))
    assert result.code == 0
    check_passes(cli, root)


def test_resolved_ticket(root: Path, cli: CLI) -> None:
    result = cli("new", "ticket", "48213", *HANDLE, "--status", "resolved", "--resolved",
                 "2026-11-16T11:00", "-f", str(root / "mkdocs.yml"))
    assert result.code == 0
    text = (root / "tickets/2026/48213.md").read_text(encoding="utf-8")
    assert "status: resolved\nresolved: 2026-11-16T11:00\n" in text
    check_passes(cli, root)


def test_opened_defaults_to_now(root: Path, cli: CLI) -> None:
    result = cli("new", "ticket", "48213", *HANDLE[:6], "-f", str(root / "mkdocs.yml"))
    year = datetime.now(ZoneInfo("America/Chicago")).year
    assert result.out in (f"tickets/{year}/48213.md\n", f"tickets/{year + 1}/48213.md\n")
    check_passes(cli, root)


def test_opened_defaults_to_escalation_as_of(
    root: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pinned instant, as Chicago's wall clock to the minute (the year is Chicago's)."""
    monkeypatch.setenv("ESCALATION_AS_OF", "2027-01-01T03:00:59+00:00")
    result = cli("new", "ticket", "48213", *HANDLE[:6], "-f", str(root / "mkdocs.yml"))
    assert result.out == "tickets/2026/48213.md\n"
    text = (root / "tickets/2026/48213.md").read_text(encoding="utf-8")
    assert "\nopened: 2026-12-31T21:00\n" in text
    check_passes(cli, root)


@pytest.mark.parametrize(
    ("opened", "folder", "written"),
    [
        ("2027-01-01T03:00+00:00", "2026", "2026-12-31T21:00"),  # the year in Chicago
        ("2026-11-16T15:30Z", "2026", "2026-11-16T09:30"),
        ("2026-11-16", "2026", "2026-11-16"),
        ("2026-11-16 09:30:15", "2026", "2026-11-16T09:30:15"),
    ],
)
def test_opened_is_written_on_the_configured_clock(
    root: Path, cli: CLI, opened: str, folder: str, written: str
) -> None:
    args = [*HANDLE[:6], "--opened", opened]
    result = cli("new", "ticket", "48213", *args, "-f", str(root / "mkdocs.yml"))
    assert result.out == f"tickets/{folder}/48213.md\n"
    text = (root / f"tickets/{folder}/48213.md").read_text(encoding="utf-8")
    assert f"\nopened: {written}\n" in text
    check_passes(cli, root)


@pytest.mark.parametrize(
    "title",
    ["Printer says: 'PC LOAD LETTER'", "#42 fails", "- dash first", "yes", "No", "null",
     "12:30", "Café ünïcode — ok", 'He said "hi"', "trailing space ", "a: b # c",
     "[not a list]", "{not: a map}", "50% done", "!important", "&anchor *alias", "@here",
     "`code`", "Tab\there"],
)
def test_any_title_round_trips(root: Path, cli: CLI, title: str) -> None:
    args = ["--title", title, *HANDLE[2:]]
    result = cli("new", "ticket", "48213", *args, "-f", str(root / "mkdocs.yml"))
    assert result.code == 0, result.err
    raw, problems = parse_record_text((root / "tickets/2026/48213.md").read_bytes(), "t.md")
    assert problems == []
    assert raw is not None
    assert raw.data["title"] == title
    check_passes(cli, root)


# --- refusals ------------------------------------------------------------------------------


def test_refuses_to_overwrite_an_existing_ticket(root: Path, cli: CLI) -> None:
    existing = root / "tickets/2025/48213.md"
    existing.parent.mkdir(parents=True)
    existing.write_text("---\ntitle: Keep me\n---\n", encoding="utf-8")
    before = existing.stat()
    result = cli("new", "ticket", "48213", *HANDLE, "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert result.err == (
        "escalation new: ticket 48213 already exists: tickets/2025/48213.md; edit that file\n"
    )
    assert existing.read_text(encoding="utf-8") == "---\ntitle: Keep me\n---\n"
    assert existing.stat().st_mtime_ns == before.st_mtime_ns
    assert not (root / "tickets/2026/48213.md").exists()
    assert leftovers(root) == []


def test_refuses_when_the_target_appears_meanwhile(root: Path, cli: CLI) -> None:
    """Something not seen as a ticket (here a folder) already has the name: no overwrite."""
    (root / "tickets/2026/48213.md").mkdir(parents=True)
    result = cli("new", "ticket", "48213", *HANDLE, "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert result.err == (
        "escalation new: ticket 48213 already exists: tickets/2026/48213.md; edit that file\n"
    )
    assert leftovers(root) == []


def test_no_prompt_without_a_terminal(root: Path, cli: CLI) -> None:
    result = cli("new", "ticket", "48213", "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err.endswith(
        "escalation new: error: missing required value(s): --title, --classification,"
        " --priority (stdin is not a terminal to ask)\n"
    )
    assert not (root / "tickets").exists()


def test_escalate_names_every_missing_option(root: Path, cli: CLI) -> None:
    result = cli("new", "ticket", "48213", *HANDLE, "--tier", "escalate", "--status",
                 "closed", "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err.endswith(
        "escalation new: error: missing required value(s): --admin, --tag, --reason,"
        " --message, --resolved (stdin is not a terminal to ask)\n"
    )


def test_escalate_with_an_incomplete_checklist_lists_the_missing_items(
    root: Path, cli: CLI
) -> None:
    result = cli("new", "ticket", "48213", *HANDLE, *ESCALATE, "--checked", "issue-verified",
                 "--checked", "kb-searched", "--checked", "troubleshooting-done",
                 "--checked", "owner-identified", "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err == (
        "escalation new: error: the record would not pass 'escalation check':\n"
        "  tickets/2026/48213.md:19: error: field 'escalations[0].tier': 'escalate' needs"
        " the pre-escalation checklist complete, but these items are not ticked:"
        " evidence-attached (Evidence attached: error messages, screenshots, times,"
        " affected users); outside-sc-scope (Confirmed"
        " that the fix is outside SC scope or access) [ticket.checklist-incomplete]\n"
    )
    assert not (root / "tickets").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--checked", "kb-search"], "--checked kb-search: expected checklist item ids:"
         " issue-verified, kb-searched, troubleshooting-done, evidence-attached,"
         " outside-sc-scope, owner-identified (or 'all')"),
        (["--opened", "16/11/2026"], "--opened '16/11/2026': expected a date or datetime such"
         " as 2026-11-16T09:30"),
        (["--status", "closed", "--resolved", "later"], "--resolved 'later': expected a date"
         " or datetime such as 2026-11-16T09:30"),
        (["--tier", "collaborate", "--admin", "dana-okafro"], "the record would not pass"
         " 'escalation check':\n  tickets/2026/48213.md:17: error: field"
         " 'escalations[0].admin': expected the slug of an admin in admins/ but received"
         " 'dana-okafro' (did you mean 'dana-okafor'?) [ticket.unknown-admin]"),
        (["--status", "closed", "--resolved", "2026-11-15"], "the record would not pass"
         " 'escalation check':\n  tickets/2026/48213.md:8: error: field 'resolved': expected"
         " a time not before opened (2026-11-16 09:30) but received 2026-11-15 00:00"
         " [ticket.resolved-before-opened]"),
        (["--service", "File Shares"], "the record would not pass 'escalation check':\n"
         "  tickets/2026/48213.md:8: error: field 'service': expected a service slug of"
         " lowercase letters, digits and '-' (such as 'file-shares') but received"
         " 'File Shares' [ticket.invalid-value]"),
    ],
    ids=["unknown-item", "bad-opened", "bad-resolved", "unknown-admin", "resolved-early",
         "bad-service"],
)
def test_refused_options(root: Path, cli: CLI, args: list[str], message: str) -> None:
    result = cli("new", "ticket", "48213", *HANDLE, *args, "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err.endswith(f"escalation new: error: {message}\n")
    assert not (root / "tickets").exists()


@pytest.mark.parametrize("ticket_id", ["48 213", "-48213", "../48213", "a" * 65, "tdx/1"])
def test_bad_ticket_id(root: Path, cli: CLI, ticket_id: str) -> None:
    result = cli("new", "ticket", ticket_id, *HANDLE, "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert "expected letters, digits, '.', '_' and '-'" in result.err
    assert not (root / "tickets").exists()


def test_warnings_are_notes(root: Path, cli: CLI) -> None:
    result = cli("new", "ticket", "48213", *HANDLE, "--service", "lab-software",
                 "-f", str(root / "mkdocs.yml"))
    assert result.code == 0
    assert result.err == (
        "note: field 'service': 'lab-software' is declared by no active admin; the ticket is"
        " recorded as evidence of an ownership gap [ticket.gap]\n"
    )


def test_write_error_is_a_failure_not_a_bug(
    root: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    monkeypatch.chdir(root)
    result = cli("new", "ticket", "48213", *HANDLE)
    assert (result.code, result.err) == (
        1, "escalation new: error: tickets/2026/48213.md: No space left on device; nothing was"
        " written\n"
    )
    assert leftovers(root) == []


# --- prompting -----------------------------------------------------------------------------


class FakeAsk:
    """Answers prompts from a dict and records what was asked."""

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, list[str] | None]] = []

    def __call__(self, prompt: str, choices: Sequence[str] | None) -> str:
        self.asked.append((prompt, list(choices) if choices is not None else None))
        return self.answers[prompt]


def test_prompts_for_missing_values(root: Path, cli: CLI, capsys: pytest.CaptureFixture[str]
                                    ) -> None:
    ask = FakeAsk({"title": "Asked title", "classification": "incident", "priority": "low",
                   "admin": "dana-okafor", "tag": "t", "reason": "r", "message": "m",
                   "resolved": "2026-11-17T08:00"})
    args = build_parser().parse_args([
        "new", "ticket", "48213", "--opened", "2026-11-16T09:30", "--tier", "escalate",
        "--status", "resolved", "--checked", "all", "-f", str(root / "mkdocs.yml"),
    ])
    assert run_ticket(args, ask=ask) == 0
    assert ask.asked == [
        ("title", None),
        ("classification", ["incident", "service-request"]),
        ("priority", ["low", "medium", "high", "critical"]),
        ("admin", ["dana-okafor"]),
        ("tag", None),
        ("reason", None),
        ("message", None),
        ("resolved", None),
    ]
    assert capsys.readouterr().out == "tickets/2026/48213.md\n"
    check_passes(cli, root)


def test_given_values_are_not_asked(root: Path) -> None:
    ask = FakeAsk({"priority": "high"})
    args = build_parser().parse_args(
        ["new", "ticket", "48213", *HANDLE[:4], "-f", str(root / "mkdocs.yml")]
    )
    assert run_ticket(args, ask=ask) == 0
    assert ask.asked == [("priority", ["low", "medium", "high", "critical"])]


def test_bad_options_are_refused_before_asking(root: Path) -> None:
    ask = FakeAsk({})
    args = build_parser().parse_args(
        ["new", "ticket", "48213", "--opened", "soon", "-f", str(root / "mkdocs.yml")]
    )
    with pytest.raises(Exception, match="--opened 'soon'"):
        run_ticket(args, ask=ask)
    assert ask.asked == []


class FakeTerminal(io.StringIO):
    """A stdin that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_terminal_prompts_until_a_valid_answer(
    root: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", FakeTerminal())
    answers = iter(["", "Typed title", "incidnet", "incident", "low"])
    prompts: list[str] = []

    def fake_input(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("builtins.input", fake_input)
    result = cli("new", "ticket", "48213", "--opened", "2026-11-16T09:30",
                 "-f", str(root / "mkdocs.yml"))
    assert result.code == 0, result.err
    assert prompts == [
        "title: ", "title: ", "classification [incident/service-request]: ",
        "classification [incident/service-request]: ", "priority [low/medium/high/critical]: ",
    ]
    assert result.err == (
        "  please enter a value\n  please enter one of incident, service-request\n"
    )
    assert "title: Typed title\n" in (root / "tickets/2026/48213.md").read_text("utf-8")


def test_end_of_input_at_a_prompt(root: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeTerminal())

    def eof(prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", eof)
    result = cli("new", "ticket", "48213", "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err.endswith(
        "escalation new: error: missing required value: title (input ended)\n"
    )


@pytest.mark.parametrize("stdin", [None, "closed"])
def test_no_usable_stdin_means_no_prompt(
    root: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch, stdin: str | None
) -> None:
    stream = None
    if stdin == "closed":
        stream = io.StringIO()
        stream.close()
    monkeypatch.setattr(sys, "stdin", stream)
    result = cli("new", "ticket", "48213", "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert "(stdin is not a terminal to ask)" in result.err


# --- admins --------------------------------------------------------------------------------


def test_admin_skeleton(root: Path, cli: CLI) -> None:
    result = cli("new", "admin", "kwame-lindqvist", "--name", "Kwame Lindqvist", "--email",
                 "kwame@example.org", "--team", "Network", "--response-window-hours", "8",
                 "-f", str(root / "mkdocs.yml"))
    assert (result.code, result.out, result.err) == (0, "admins/kwame-lindqvist.md\n", "")
    assert (root / "admins/kwame-lindqvist.md").read_text(encoding="utf-8") == (
        "---\n"
        "name: Kwame Lindqvist\n"
        'email: "kwame@example.org"\n'
        "team: Network\n"
        "active: true\n"
        "response_window_hours: 8.0\n"
        "purview: []\n"
        "# Declare each service you own, for example:\n"
        "# purview:\n"
        "#   - service: file-shares\n"
        "#     scope: Department file shares and their permissions\n"
        "#     excludes: Personal cloud storage\n"
        "#     sc_process: SC may restore files from snapshots younger than 30 days\n"
        "#     declared: 2026-11-16\n"
        "#     source: PR #42\n"
        "---\n"
        "\n"
        "Kwame Lindqvist: what this admin looks after, and how SC should reach them.\n"
    )
    check_passes(cli, root)
    assert leftovers(root) == []


def test_admin_refuses_to_overwrite(root: Path, cli: CLI) -> None:
    before = (root / "admins/dana-okafor.md").read_bytes()
    result = cli("new", "admin", "dana-okafor", "--name", "Someone Else",
                 "-f", str(root / "mkdocs.yml"))
    assert (result.code, result.err) == (
        1, "escalation new: admin dana-okafor already exists: admins/dana-okafor.md; edit that"
        " file\n"
    )
    assert (root / "admins/dana-okafor.md").read_bytes() == before


def test_admin_needs_a_name_without_a_terminal(root: Path, cli: CLI) -> None:
    result = cli("new", "admin", "kwame-lindqvist", "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err.endswith(
        "escalation new: error: missing required value(s): --name (stdin is not a terminal to"
        " ask)\n"
    )


def test_admin_name_is_asked(root: Path, cli: CLI) -> None:
    ask = FakeAsk({"name": "Kwame Lindqvist"})
    args = build_parser().parse_args(
        ["new", "admin", "kwame-lindqvist", "-f", str(root / "mkdocs.yml")]
    )
    assert run_admin(args, ask=ask) == 0
    assert ask.asked == [("name", None)]
    check_passes(cli, root)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Kwame", "--name", "K"], "admin slug 'Kwame': expected lowercase letters, digits and"
         " '-' (such as 'dana-okafor')"),
        (["kwame", "--name", "K", "--response-window-hours", "0.1"], "the record would not"
         " pass 'escalation check':\n  admins/kwame.md:4: error: field"
         " 'response_window_hours': expected a number of at least 0.5 but received the"
         " number 0.1 [admin.invalid-value]"),
        (["kwame", "--name", "K", "--response-window-hours", "nan"], "the record would not"
         " pass 'escalation check':\n  admins/kwame.md:4: error: field"
         " 'response_window_hours': expected a number but received 'nan' [admin.wrong-type]"),
    ],
)
def test_admin_refused_options(root: Path, cli: CLI, args: list[str], message: str) -> None:
    result = cli("new", "admin", *args, "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err.endswith(f"escalation new: error: {message}\n")


def test_new_without_a_config(project: ProjectFactory, cli: CLI) -> None:
    project(config=None)
    result = cli("new", "admin", "kwame", "--name", "K", "-f", project.config)
    assert result.code == 2
    assert "[settings.missing-file]" in result.err


# --- YAML text of values -------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                           blacklist_characters="\u2028\u2029\ufffe\uffff"),
    min_size=1, max_size=40,
).filter(lambda s: s.strip() == s and s)


@given(_TEXT)
def test_yaml_scalar_round_trips_any_text(value: str) -> None:
    raw, problems = parse_record_text(f"---\nkey: {yaml_scalar(value)}\n---\n".encode(), "t.md")
    assert problems == []
    assert raw is not None
    assert raw.data["key"] == value


@pytest.mark.parametrize(
    ("value", "written"),
    [(None, "null"), (True, "true"), (False, "false"), (3, "3"), (0.5, "0.5"),
     (datetime(2026, 11, 16, 9, 30), "2026-11-16T09:30"),
     (datetime(2026, 11, 16, 9, 30, 5), "2026-11-16T09:30:05"),
     ("plain text", "plain text"), ("yes", '"yes"'), ("2026-11-16", '"2026-11-16"')],
)
def test_yaml_scalar_forms(value: object, written: str) -> None:
    assert yaml_scalar(value) == written  # type: ignore[arg-type]
