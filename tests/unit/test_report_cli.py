"""``escalation report``: formats, exit codes, freezing and comparing snapshots.

Each test runs on a copy of the shipped example data (tickets/, admins/, mkdocs.yml).
"""

from __future__ import annotations

import itertools
import json
import re
import shlex
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from generator.cli.main import build_parser, main
from generator.compute.weekly import compute_week
from generator.read.frozen import FrozenReportError, load_frozen, records_digest
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.schema.weeks import IsoWeek

ROOT = Path(__file__).resolve().parents[2]
W47 = IsoWeek(2026, 47)
AS_OF = "2026-11-28T12:00"
SNAPSHOT = Path("docs/reports/frozen/2026-w47.md")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("tickets", "admins"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.delenv("ESCALATION_AS_OF", raising=False)
    monkeypatch.delenv("ESCALATION_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["report", *args])
    out, err = capsys.readouterr()
    return status, out, err


def expected_json(root: Path, week: IsoWeek, as_of: datetime) -> dict[str, object]:
    settings, problems = load_settings(root / "mkdocs.yml")
    project = load_project(settings, problems)
    return compute_week(project.tickets, project.admins, settings, week, as_of).to_json()


CHI = ZoneInfo("America/Chicago")


def test_json_is_the_computed_report(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "--week", "2026-W47", "--as-of", AS_OF, "--format", "json")
    assert (status, err) == (0, "")
    assert json.loads(out) == expected_json(project, W47, datetime(2026, 11, 28, 12, tzinfo=CHI))
    assert json.loads(out)["as_of"] == "2026-11-28T12:00:00-06:00"


def test_week_defaults_to_the_last_complete_week(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "--as-of", "2026-11-23", "--format", "json")
    assert status == 0
    assert json.loads(out)["week"] == "2026-W47"
    assert json.loads(out)["as_of"] == "2026-11-23T00:00:00-06:00"


def test_as_of_from_the_environment(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ESCALATION_AS_OF", "2026-11-20T17:30:00Z")
    status, out, _ = run(capsys, "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert (data["week"], data["as_of"]) == ("2026-W46", "2026-11-20T11:30:00-06:00")
    monkeypatch.setenv("ESCALATION_AS_OF", "soon")
    with pytest.raises(SystemExit) as exited:
        main(["report"])
    assert exited.value.code == 2
    assert capsys.readouterr().err == (
        "escalation report: error: ESCALATION_AS_OF: expected an ISO 8601 date or datetime"
        " such as 2026-11-28 or 2026-11-28T12:00 but received 'soon'\n"
    )


def test_markdown_and_csv(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--week", "2026-W47", "--as-of", AS_OF)
    assert status == 0 and out.startswith("# Weekly report 2026-W47\n")
    status, out, _ = run(capsys, "--week", "2026-W47", "--as-of", AS_OF, "--format", "csv")
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == ("week,admin,engaged,responded,outcomes.accepted,outcomes.answered,"
                        "outcomes.redirected,outcomes.declined,late,no_response,pending,"
                        "response_rate,median_response_hours")
    assert lines[-1].startswith("2026-W47,TOTAL,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--week", "2026-47"), "escalation report: error: --week: ISO week: expected the form"
                                " YYYY-Www, such as 2026-W47, but received '2026-47'\n"),
        (("--as-of", "yesterday"), "escalation report: error: --as-of: expected an ISO 8601"
                                   " date or datetime such as 2026-11-28 or 2026-11-28T12:00"
                                   " but received 'yesterday'\n"),
        (("--force",), "escalation report: error: --force only applies with --freeze\n"),
        (("--week", "2026-W50", "--as-of", AS_OF),
         "escalation report: error: week 2026-W50 starts after the as-of time"
         " 2026-11-28T12:00:00-06:00: there is nothing to report yet\n"),
        (("--compare-frozen", "--as-of", AS_OF),
         "escalation report: error: --as-of cannot be combined with --compare-frozen: the"
         " comparison uses the as-of time recorded in the snapshot\n"),
        (("--freeze", "--format", "json"),
         "escalation report: error: --format applies to the printed report, not to --freeze"
         " or --compare-frozen\n"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    project: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", *args])
    out, err = capsys.readouterr()
    assert (exited.value.code, out, err) == (2, "", message)


def test_records_with_errors_are_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "tickets/2026/99999.md").write_text(
        "---\ntitle: Broken\nopened: 2026-11-17T10:00\nclassification: incident\n"
        "priority: urgent\ntier: handle\nstatus: open\n---\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, "--week", "2026-W47", "--as-of", AS_OF)
    assert (status, out) == (1, "")
    assert err.splitlines()[0].startswith("tickets/2026/99999.md:5: error: field 'priority':")
    assert err.splitlines()[-1] == (
        "escalation report: 1 error(s) in the records; fix them first (see 'escalation check'):"
        " figures from broken records are not evidence"
    )


def test_freeze_writes_a_snapshot_and_never_overwrites_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "--week", "2026-W47", "--as-of", "2026-11-23T08:00",
                           "--freeze")
    assert (status, out) == (0, "")
    assert err == ("froze 2026-W47 as of 2026-11-23T08:00:00-06:00 to"
                   " docs/reports/frozen/2026-w47.md\n")
    frozen = load_frozen(project, W47)
    assert frozen is not None
    assert frozen.figures == expected_json(project, W47, datetime(2026, 11, 23, 8, tzinfo=CHI))
    assert frozen.as_of == datetime(2026, 11, 23, 8, tzinfo=CHI)
    settings, _ = load_settings(project / "mkdocs.yml")
    files = [p.relative_to(project).as_posix()
             for p in sorted(project.glob("tickets/**/*.md")) + sorted(project.glob("admins/*.md"))]
    assert frozen.records_digest == records_digest(project, files, settings)
    assert "## Responses per admin" in frozen.body
    before = (project / SNAPSHOT).read_text(encoding="utf-8")

    status, _, err = run(capsys, "--week", "2026-W47", "--as-of", AS_OF, "--freeze")
    assert status == 1
    assert err == ("escalation report: docs/reports/frozen/2026-w47.md already exists: a frozen"
                   " report is never overwritten; compare it with --compare-frozen, or replace"
                   " it with --freeze --force\n")
    assert (project / SNAPSHOT).read_text(encoding="utf-8") == before

    status, _, _ = run(capsys, "--week", "2026-W47", "--as-of", AS_OF, "--freeze", "--force")
    assert status == 0
    replaced = load_frozen(project, W47)
    assert replaced is not None and replaced.as_of == datetime(2026, 11, 28, 12, tzinfo=CHI)


def test_freeze_refuses_a_week_that_is_not_over(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "--week", "2026-W48", "--as-of", AS_OF, "--freeze")
    assert status == 1
    assert err == ("escalation report: week 2026-W48 is not over as of 2026-11-28T12:00:00-06:00"
                   " (it ends 2026-11-30T00:00:00-06:00); only a complete week can be frozen\n")
    assert not (project / "docs").exists()


def _freeze(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--week", "2026-W47", "--as-of", "2026-11-23T08:00", "--freeze")[0] == 0


def test_compare_frozen_with_unchanged_records(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _freeze(capsys)
    status, out, _ = run(capsys, "--week", "2026-W47", "--compare-frozen")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("2026-W47: frozen at ")
    assert lines[0].endswith(" as of 2026-11-23T08:00:00-06:00 (docs/reports/frozen/2026-w47.md)")
    assert lines[1:] == ["records: unchanged since the freeze",
                         "schema: 2, the schema of today's reports",
                         "figures: the same as the frozen report"]


def test_compare_frozen_detects_a_changed_record(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _freeze(capsys)
    # 48329 (escalated and resolved in W47) reopened: no longer resolved in the week.
    record = project / "tickets/2026/48329.md"
    text = record.read_text(encoding="utf-8")
    resolved_line = next(line for line in text.splitlines() if line.startswith("resolved:"))
    text = text.replace(resolved_line + "\n", "").replace("status: closed", "status: open")
    text = text.replace("status: resolved", "status: open")
    record.write_text(text, encoding="utf-8")
    status, out, _ = run(capsys, "--week", "2026-W47", "--compare-frozen")
    assert status == 1
    lines = out.splitlines()
    assert lines[1].startswith("records: changed since the freeze (sha256:")
    assert lines[2:] == [
        "schema: 2, the schema of today's reports",
        "figures: 2 differ from the frozen report",
        "  tickets_resolved: frozen 2, now 1",
        "  open_escalations_at_end: frozen 4, now 5",
    ]


def test_compare_frozen_notes_changed_records_with_the_same_figures(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _freeze(capsys)
    with (project / "tickets/2026/48329.md").open("a", encoding="utf-8") as notes:
        notes.write("\nA note added after the freeze.\n")
    status, out, _ = run(capsys, "--week", "2026-W47", "--compare-frozen")
    assert status == 0
    assert out.splitlines()[1].startswith("records: changed since the freeze")
    assert out.splitlines()[3] == "figures: the same as the frozen report"


def test_compare_frozen_without_a_snapshot(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "--week", "2026-W47", "--compare-frozen")
    assert (status, out) == (1, "")
    assert err == ("escalation report: no frozen report of 2026-W47:"
                   " docs/reports/frozen/2026-w47.md does not exist (freeze it with --freeze)\n")


def test_a_damaged_snapshot_is_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / SNAPSHOT).parent.mkdir(parents=True)
    (project / SNAPSHOT).write_text("---\nweek: 2026-W47\n---\n", encoding="utf-8")
    with pytest.raises(FrozenReportError):
        load_frozen(project, W47)
    status, _, err = run(capsys, "--week", "2026-W47", "--compare-frozen")
    assert status == 1
    assert err.startswith("docs/reports/frozen/2026-w47.md:1: error: front-matter lacks as_of,"
                          " frozen_at, records_digest, figures [report.broken-snapshot]\n")
    assert load_frozen(project, IsoWeek(2026, 46)) is None


WORKFLOW = ROOT / ".github" / "workflows" / "weekly-report.yml"
_SHELL_VALUES = {"$WEEK": "2026-W47", "$week": "2026-W47", "$as_of": "2026-11-23T08:00"}


def test_the_weekly_workflow_runs_commands_that_parse() -> None:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = data.get("on", data.get(True))
    assert "0 13 * * 1" in [entry["cron"] for entry in triggers["schedule"]]
    dispatch = triggers["workflow_dispatch"]["inputs"]["publish"]
    assert (dispatch["options"], dispatch["default"]) == (["pull-request", "commit"],
                                                          "pull-request")
    # no write access beyond the one job that needs it (zizmor's excessive-permissions)
    assert data["permissions"] == {}
    assert data["jobs"]["freeze"]["permissions"] == {"contents": "write",
                                                     "pull-requests": "write"}
    steps = [step for job in data["jobs"].values() for step in job["steps"]]
    for step in steps:
        if "uses" in step:  # pinned to a commit (zizmor's unpinned-uses)
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    commands = []
    for step in steps:
        for line in str(step.get("run", "")).splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] == ["escalation"]:
                words = list(itertools.takewhile(lambda w: w not in ("|", "2>&1", ">"), words))
                commands.append([_SHELL_VALUES.get(w, w) for w in words[1:]
                                 if w != "${args[@]}"])
    assert ["report", "--freeze"] in commands
    parser = build_parser()
    for arguments in commands:
        parser.parse_args(arguments)


@pytest.mark.parametrize(("text", "line"), [
    ("---\nweek: 2026-W47\nas_of: [2026-11-28\n---\n",
     "docs/reports/frozen/2026-w47.md:4: error: front-matter: YAML syntax: while parsing a"
     " flow sequence on line 3, did not find expected ',' or ']' [report.broken-snapshot]"),
    ("---\nweek: 2026-W47\nas_of: yesterday\nfrozen_at: 2026-11-30T08:00:00-06:00\n"
     "records_digest: sha256:0\nfigures: {}\n---\n",
     "docs/reports/frozen/2026-w47.md:3: error: front-matter 'as_of': expected an ISO 8601"
     " datetime with an offset but received 'yesterday' [report.broken-snapshot]"),
    ("---\nweek: 2026-W46\nas_of: 2026-11-28T12:00:00-06:00\n"
     "frozen_at: 2026-11-30T08:00:00-06:00\nrecords_digest: sha256:0\nfigures: {}\n---\n",
     "docs/reports/frozen/2026-w47.md:2: error: expected the frozen report of 2026-W47 but"
     " received week '2026-W46' [report.broken-snapshot]"),
    (b"---\nweek: 2026-W47\n# caf\xe9\n---\n",
     "docs/reports/frozen/2026-w47.md:3: error: byte 24 is not valid UTF-8 text"
     " [report.broken-snapshot]"),
])
def test_a_broken_snapshot_is_one_located_line(
    project: Path, capsys: pytest.CaptureFixture[str], text: str | bytes, line: str
) -> None:
    """The YAML error used to span several lines, with the absolute path and no line
    (issue 11, defect 11)."""
    (project / SNAPSHOT).parent.mkdir(parents=True)
    (project / SNAPSHOT).write_bytes(text if isinstance(text, bytes) else text.encode())
    status, _, err = run(capsys, "--week", "2026-W47", "--compare-frozen")
    assert status == 1
    assert err.splitlines()[0] == line
    assert main(["check"]) == 1
    out, _ = capsys.readouterr()
    assert [row for row in out.splitlines() if "broken-snapshot" in row] == [line]
