"""``escalation check``: one run, every problem, three formats, exit statuses, PATHs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.render.problems import format_github, format_problems, summarise
from generator.schema.problems import Problem, Severity

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

REPO = Path(__file__).parents[2]

ISSUE_TICKET = """\
---
title: Cannot map the department share
opened: 2026-11-16T09:30
classification: incident
priority: medium
service: file-shares
tier: escalated
status: open
---
Notes.
"""
ISSUE_LINE = (
    "tickets/2026/48213.md:7: error: field 'tier': expected one of handle, collaborate,"
    " escalate but received 'escalated' (did you mean 'escalate'?) [ticket.invalid-value]"
)
ADMIN = (
    "---\nname: Dana Okafor\npurview:\n  - service: file-shares\n    scope: Shares\n"
    "    declared: 2026-10-01\n    source: PR 1\n---\n"
)
GOOD = ISSUE_TICKET.replace("tier: escalated", "tier: handle")
GAP = GOOD.replace("service: file-shares", "service: lab-software")
NO_SERVICE = GOOD.replace("service: file-shares\n", "")

# The broken mini project in tests/fixtures/broken/: every kind of broken file at once.
BROKEN = [
    "admins/Owen_Barrett.md:1: error: file name: expected a slug of lowercase letters,"
    " digits and '-' (such as 'dana-okafor.md') but received 'Owen_Barrett' [admin.bad-slug]",
    "admins/former/gideon-marsh.md:1: warning: admin files belong directly in admins/; this"
    " one is not read [file.misplaced]",
    "admins/kwame-lindqvist.md:1: error: field 'name': required field is missing"
    " [admin.missing-field]",
    "admins/kwame-lindqvist.md:3: error: key 'team' appears twice (first on line 2); YAML"
    " would silently keep only the last value [file.duplicate-key]",
    "admins/kwame-lindqvist.md:4: error: field 'active': expected true or false but received"
    " 'sometimes' [admin.wrong-type]",
    "mkdocs.yml:5: warning: setting 'banner_text': unknown setting (did you mean 'banner'?)"
    " [settings.unknown-key]",
    "tickets/2026/48213.md:1: error: ticket ID '48213' is already used by"
    " tickets/2025/48213.md [ticket.duplicate-id]",
    ISSUE_LINE,
    "tickets/2026/48214.md:5: error: YAML syntax: while parsing a flow sequence on line 4,"
    " did not find expected ',' or ']' [file.yaml-syntax]",
    "tickets/2026/48215.md:2: error: byte 14 is not valid UTF-8 text [file.not-utf8]",
    "tickets/2026/48216.md:2: error: control character U+0000 is not allowed in a record"
    " [file.control-character]",
    "tickets/2026/48217.md:1: error: expected the file to start with a '---' line opening the"
    " front-matter [file.no-front-matter]",
    "tickets/2026/48218.md:1: error: the front-matter opened on line 1 is never closed by a"
    " '---' line [file.unterminated-front-matter]",
    "tickets/2026/48219.md:2: error: expected the front-matter to be a mapping of 'field:"
    " value' lines [file.not-a-mapping]",
    "tickets/2026/48220.md:2: error: YAML anchors ('&name') and aliases ('*name') are not"
    " allowed in records [file.yaml-alias]",
    "tickets/2026/48221.md:3: error: field 'opened': expected a date or datetime such as"
    " 2026-11-16 or 2026-11-16T09:30 but received '16/11/2026' [ticket.bad-date]",
    "tickets/2026/48221.md:8: error: key 'status' appears twice (first on line 7); YAML would"
    " silently keep only the last value [file.duplicate-key]",
    "tickets/2026/48221.md:9: warning: field 'asignee': unknown field [ticket.unknown-key]",
    "tickets/2026/48222.md:1: error: field 'classification': required field is missing"
    " [ticket.missing-field]",
    "tickets/2026/48222.md:1: error: field 'opened': required field is missing"
    " [ticket.missing-field]",
    "tickets/2026/48222.md:1: error: field 'priority': required field is missing"
    " [ticket.missing-field]",
    "tickets/2026/48222.md:1: error: field 'status': required field is missing"
    " [ticket.missing-field]",
    "tickets/2026/48222.md:1: error: field 'tier': required field is missing"
    " [ticket.missing-field]",
    "tickets/2026/48222.md:3: error: expected a field name before ':' but received a list"
    " [file.bad-key]",
    "tickets/2026/48223.md:2: error: YAML syntax: while increasing flow level, exceeded"
    " maximum nesting depth [file.yaml-syntax]",
    "tickets/2026/48224.md:2: error: control character U+001B is not allowed in a record"
    " [file.control-character]",
    "tickets/2026/48225.md:13: error: field 'escalations[0].tier': 'escalate' needs the"
    " pre-escalation checklist complete, but these items are not ticked: kb-searched"
    " (Knowledge base and similar past tickets searched); troubleshooting-done (Standard"
    " troubleshooting completed and recorded on the ticket); evidence-attached (Evidence"
    " attached: error messages, screenshots, times, affected users); outside-sc-scope"
    " (Confirmed that the fix is outside SC scope or access); owner-identified (Owning admin"
    " identified from the declared purviews (ownership matrix)) [ticket.checklist-incomplete]",
    "tickets/2026/48225.md:18: error: field 'escalations[1].admin': expected the slug of an"
    " admin in admins/ but received 'dana-okafro' (did you mean 'dana-okafor'?)"
    " [ticket.unknown-admin]",
    "tickets/2026/48225.md:20: error: field 'escalations[1].at': expected a time not before"
    " opened (2026-11-16 09:30) but received 2026-11-16 09:00"
    " [ticket.engagement-before-opened]",
    "tickets/2026/48225.md:20: error: field 'escalations[1].at': expected a time not before"
    " escalations[0] (2026-11-16 10:00) but received 2026-11-16 09:00; list engagements"
    " oldest first [ticket.engagements-out-of-order]",
    "tickets/2026/48226.md:2: error: expected the front-matter to be a mapping of 'field:"
    " value' lines [file.not-a-mapping]",
]


def test_the_issue_example(project: ProjectFactory, cli: CLI) -> None:
    project({"admins/dana-okafor.md": ADMIN, "tickets/2026/48213.md": ISSUE_TICKET})
    result = cli("check", "-f", project.config)
    assert result.out == ISSUE_LINE + "\n"
    assert result.err == "1 error and 0 warnings in 1 file (3 files checked)\n"
    assert result.code == 1


def test_clean_project(project: ProjectFactory, cli: CLI) -> None:
    project({"admins/dana-okafor.md": ADMIN, "tickets/2026/48213.md": GOOD})
    result = cli("check", "-f", project.config)
    assert (result.code, result.out, result.err) == (0, "", "no problems (3 files checked)\n")


def test_shipped_example_data_passes(cli: CLI) -> None:
    """The example data in the repository checks clean (warnings are its documented gaps)."""
    result = cli("check", "-f", str(REPO / "mkdocs.yml"), "--format", "json")
    assert result.code == 0, result.out
    assert all(p["severity"] == "warning" for p in json.loads(result.out))


def test_many_problems_in_many_files_in_one_run_sorted(project: ProjectFactory, cli: CLI) -> None:
    project(copy="broken", config=None)
    result = cli("check", "-f", project.config)
    assert result.out.splitlines() == BROKEN
    assert result.err == "28 errors and 3 warnings in 18 files (20 files checked)\n"
    assert result.code == 1
    assert "Traceback" not in result.err


def test_output_is_sorted_by_path_then_line() -> None:
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in BROKEN]
    assert keys == sorted(keys)


def test_oversized_file_among_others(project: ProjectFactory, cli: CLI) -> None:
    project({
        "admins/dana-okafor.md": ADMIN,
        "tickets/2026/48213.md": GOOD + "x" * (1024 * 1024),
        "tickets/2026/48214.md": ISSUE_TICKET,
    })
    result = cli("check", "-f", project.config)
    assert result.out.splitlines() == [
        f"tickets/2026/48213.md:1: error: file is {len(GOOD) + 1024 * 1024} bytes; the limit"
        " is 1 MiB [file.too-large]",
        ISSUE_LINE.replace("48213", "48214"),
    ]
    assert result.code == 1


# --- exit statuses -------------------------------------------------------------------------


def test_warnings_only_pass_unless_strict(project: ProjectFactory, cli: CLI) -> None:
    project({"admins/dana-okafor.md": ADMIN, "tickets/2026/48213.md": GAP})
    relaxed = cli("check", "-f", project.config)
    assert relaxed.code == 0
    assert relaxed.out == (
        "tickets/2026/48213.md:6: warning: field 'service': 'lab-software' is declared by no"
        " active admin; the ticket is recorded as evidence of an ownership gap [ticket.gap]\n"
    )
    assert relaxed.err == "0 errors and 1 warning in 1 file (3 files checked)\n"
    strict = cli("check", "--strict", "-f", project.config)
    assert (strict.code, strict.out) == (1, relaxed.out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["check", "--strictly"], "unrecognized arguments: --strictly"),
        (["chekc"], "invalid choice: 'chekc'"),
        ([], "the following arguments are required: COMMAND"),
        (["check", "tickets/2027"], "escalation check: error: no such file or folder:"
         " tickets/2027"),
    ],
)
def test_usage_errors_exit_2(
    project: ProjectFactory, cli: CLI, monkeypatch: pytest.MonkeyPatch,
    args: list[str], message: str,
) -> None:
    monkeypatch.chdir(project({"tickets/2026/48213.md": GOOD}))
    result = cli(*args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_path_outside_the_project_exits_2(
    project: ProjectFactory, cli: CLI, tmp_path_factory: pytest.TempPathFactory
) -> None:
    project({"tickets/2026/48213.md": GOOD})
    outside = tmp_path_factory.mktemp("elsewhere")
    result = cli("check", "-f", project.config, str(outside))
    assert result.code == 2
    assert f"escalation check: error: {outside} is outside the project folder" in result.err


def test_missing_config_exits_2(project: ProjectFactory, cli: CLI) -> None:
    project({"tickets/2026/48213.md": GOOD}, config=None)
    result = cli("check", "-f", project.config)
    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        "mkdocs.yml:1: error: cannot read config file 'mkdocs.yml': No such file or directory"
        " [settings.missing-file]\n"
    )


def test_config_from_the_environment(
    project: ProjectFactory, cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project({"tickets/2026/48213.md": ISSUE_TICKET, "admins/dana-okafor.md": ADMIN})
    monkeypatch.setenv("ESCALATION_CONFIG", project.config)
    monkeypatch.chdir(tmp_path / "tickets")
    result = cli("check")
    assert (result.code, result.out) == (1, ISSUE_LINE + "\n")


def test_bad_settings_exit_2_even_with_errors_elsewhere(project: ProjectFactory, cli: CLI) -> None:
    project(
        {"tickets/2026/48213.md": ISSUE_TICKET},
        config="site_name: x\nextra:\n  escalation:\n    audience: everyone\n",
    )
    result = cli("check", "-f", project.config)
    assert result.code == 2
    assert result.out.splitlines()[0] == (
        "mkdocs.yml:4: error: setting 'audience': expected one of internal, shared but"
        " received 'everyone' [settings.invalid-value]"
    )


# --- PATH arguments ------------------------------------------------------------------------


@pytest.fixture
def two_years(project: ProjectFactory) -> Path:
    """Problems in tickets/2025/, tickets/2026/ and admins/."""
    return project({
        "admins/dana-okafor.md": ADMIN.replace("name: Dana Okafor", "nmae: Dana Okafor"),
        "tickets/2025/48001.md": ISSUE_TICKET,
        "tickets/2026/48213.md": ISSUE_TICKET,
        "tickets/2026/48214.md": GOOD.replace("priority: medium", "priority: urgent"),
    })


@pytest.mark.parametrize(
    ("paths", "files"),
    [
        (["tickets/2026/48213.md"], ["tickets/2026/48213.md"]),
        (["tickets/2026"], ["tickets/2026/48213.md", "tickets/2026/48214.md"]),
        (["tickets/2026/"], ["tickets/2026/48213.md", "tickets/2026/48214.md"]),
        (["./tickets/2025/../2026"], ["tickets/2026/48213.md", "tickets/2026/48214.md"]),
        (["tickets/2025", "admins"], ["admins/dana-okafor.md", "tickets/2025/48001.md"]),
        (["tickets/2026/48214.md", "tickets/2026/48213.md"],
         ["tickets/2026/48213.md", "tickets/2026/48214.md"]),
        (["."], ["admins/dana-okafor.md", "tickets/2025/48001.md", "tickets/2026/48213.md",
                 "tickets/2026/48214.md"]),
    ],
)
def test_paths_limit_the_report(
    two_years: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch,
    paths: list[str], files: list[str],
) -> None:
    monkeypatch.chdir(two_years)
    result = cli("check", *paths)
    reported = sorted({line.split(":")[0] for line in result.out.splitlines()})
    assert reported == files
    assert result.code == 1


def test_path_from_another_folder(two_years: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch,
                                  ) -> None:
    monkeypatch.chdir(two_years / "tickets")
    result = cli("check", "-f", "../mkdocs.yml", "2025")
    assert [line.split(":")[0] for line in result.out.splitlines()] == ["tickets/2025/48001.md"]


def test_paths_without_problems_pass(two_years: Path, cli: CLI) -> None:
    """Rules between records still see everything; only the report is limited."""
    (two_years / "tickets/2024").mkdir()
    (two_years / "tickets/2024/47000.md").write_text(NO_SERVICE, encoding="utf-8")
    result = cli("check", "-f", str(two_years / "mkdocs.yml"), str(two_years / "tickets/2024"))
    assert (result.code, result.out) == (0, "")


def test_settings_problems_shown_and_exit_2_with_paths(
    project: ProjectFactory, cli: CLI
) -> None:
    root = project(
        {"tickets/2026/48213.md": NO_SERVICE},
        config="site_name: x\nextra:\n  escalation:\n    timezone: Mars\n",
    )
    result = cli("check", "-f", project.config, str(root / "tickets/2026/48213.md"))
    assert result.code == 2
    assert result.out == (
        "mkdocs.yml:4: error: setting 'timezone': expected an IANA timezone name such as"
        " 'America/Chicago' but received 'Mars' [settings.invalid-value]\n"
    )


# --- formats -------------------------------------------------------------------------------


def test_json_format(project: ProjectFactory, cli: CLI) -> None:
    project({"admins/dana-okafor.md": ADMIN, "tickets/2026/48213.md": ISSUE_TICKET,
             "tickets/2026/48214.md": GAP})
    result = cli("check", "--format", "json", "-f", project.config)
    assert result.code == 1
    assert result.err == ""  # stdout is the document, nothing else
    assert json.loads(result.out) == [
        {
            "path": "tickets/2026/48213.md",
            "line": 7,
            "severity": "error",
            "code": "ticket.invalid-value",
            "message": "field 'tier': expected one of handle, collaborate, escalate but"
            " received 'escalated' (did you mean 'escalate'?)",
        },
        {
            "path": "tickets/2026/48214.md",
            "line": 6,
            "severity": "warning",
            "code": "ticket.gap",
            "message": "field 'service': 'lab-software' is declared by no active admin; the"
            " ticket is recorded as evidence of an ownership gap",
        },
    ]


def test_json_format_clean(project: ProjectFactory, cli: CLI) -> None:
    project({"tickets/2026/48213.md": NO_SERVICE})
    result = cli("check", "--format", "json", "-f", project.config)
    assert (result.code, result.out, result.err) == (0, "[]\n", "")


def test_json_keeps_unicode(project: ProjectFactory, cli: CLI) -> None:
    project({"tickets/2026/48213.md": GOOD.replace("opened:", "öffnung: x\nopened:")})
    result = cli("check", "--format", "json", "-f", project.config)
    assert "'öffnung'" in result.out


def test_github_format(project: ProjectFactory, cli: CLI) -> None:
    project({"admins/dana-okafor.md": ADMIN, "tickets/2026/48213.md": ISSUE_TICKET,
             "tickets/2026/48214.md": GAP})
    result = cli("check", "--format", "github", "-f", project.config)
    assert result.code == 1
    assert result.err == ""
    assert result.out.splitlines() == [
        "::error file=tickets/2026/48213.md,line=7,title=ticket.invalid-value::field 'tier':"
        " expected one of handle, collaborate, escalate but received 'escalated' (did you"
        " mean 'escalate'?)",
        "::warning file=tickets/2026/48214.md,line=6,title=ticket.gap::field 'service':"
        " 'lab-software' is declared by no active admin; the ticket is recorded as evidence of"
        " an ownership gap",
    ]


def test_github_format_escapes_properties_and_data(project: ProjectFactory, cli: CLI) -> None:
    """A file name with ',' and ':' and a message with '%' stay one well-formed command."""
    project({"tickets/2026/a,b:c.md": GOOD.replace("opened:", "100%: x\nopened:")})
    result = cli("check", "--format", "github", "-f", project.config)
    assert result.out.splitlines() == [
        "::error file=tickets/2026/a%2Cb%3Ac.md,line=1,title=ticket.bad-id::file name:"
        " expected a ticket ID of letters, digits, '.', '_' and '-' (such as '48213.md') but"
        " received 'a,b:c'",
        "::warning file=tickets/2026/a%2Cb%3Ac.md,line=3,title=ticket.unknown-key::field"
        " '100%25': unknown field",
    ]


def test_github_escaping_of_newlines() -> None:
    problem = Problem(path="a\nb%,c:d.md", line=3, severity=Severity.WARNING,
                      code="file.misplaced", message="one\r\ntwo: 50%, done")
    assert format_github(problem) == (
        "::warning file=a%0Ab%25%2Cc%3Ad.md,line=3,title=file.misplaced::one%0D%0Atwo: 50%25,"
        " done"
    )


def test_text_format_and_summary() -> None:
    problems = [
        Problem(path="a.md", line=2, severity=Severity.ERROR, code="file.misplaced",
                message="m"),
        Problem(path="b.md", line=1, severity=Severity.WARNING, code="file.misplaced",
                message="n"),
    ]
    assert format_problems(problems, "text") == (
        "a.md:2: error: m [file.misplaced]\nb.md:1: warning: n [file.misplaced]\n"
    )
    assert format_problems([], "text") == ""
    assert summarise(problems, 5) == "1 error and 1 warning in 2 files (5 files checked)"
    assert summarise(problems[:1] * 2, 1) == "2 errors and 0 warnings in 1 file (1 file checked)"
    assert summarise([], 1) == "no problems (1 file checked)"


def test_problem_with_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match=re.escape("unknown problem code 'file.nope'")):
        Problem(path="a", line=1, severity=Severity.ERROR, code="file.nope", message="m")


# --- never a traceback ---------------------------------------------------------------------


def test_internal_error_is_one_line(
    project: ProjectFactory, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    project({"tickets/2026/48213.md": GOOD})

    def boom(*_: object) -> list[Problem]:
        raise RuntimeError("simulated")

    monkeypatch.setattr("generator.cli.check.check_project", boom)
    monkeypatch.delenv("ESCALATION_DEBUG", raising=False)
    result = cli("check", "-f", project.config)
    assert result.code == 70
    assert result.err == (
        "escalation check: internal error: RuntimeError: simulated\n"
        "This is a bug; please report it with the command you ran (set ESCALATION_DEBUG=1 to"
        " see the traceback).\n"
    )
    monkeypatch.setenv("ESCALATION_DEBUG", "1")
    with pytest.raises(RuntimeError, match="simulated"):
        cli("check", "-f", project.config)


@pytest.mark.parametrize("address", ["notanaddr", "127.0.0.1:0", "127.0.0.1:70000",
                                     "example.org:8000", "127.0.0.1"])
def test_serve_refuses_a_bad_address_before_doing_anything(cli: CLI, address: str) -> None:
    """It used to end with an internal error (exit 70) from deep inside the server."""
    result = cli("serve", "-a", address)
    assert result.code == 2
    assert (f"argument -a/--dev-addr: expected IP:PORT such as 127.0.0.1:8000 but received"
            f" {address!r}") in result.err


@pytest.mark.parametrize("address", ["127.0.0.1:8000", "localhost:8001", "[::1]:8000"])
def test_serve_accepts_the_addresses_mkdocs_accepts(address: str) -> None:
    from generator.cli.serve import dev_addr

    assert dev_addr(address) == address


def test_an_argument_that_is_not_utf8_is_a_usage_error(project: ProjectFactory,
                                                        cli: CLI) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates; 'new ticket --title' with
    one ended in an internal error (issue 11, defect 9)."""
    root = project()
    result = cli("new", "ticket", "1", "--title", "\udcff", "--classification", "incident",
                 "--priority", "low", "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert "escalation: error: argument '\\xff' is not valid UTF-8" in result.err
    assert not (root / "tickets").exists()
