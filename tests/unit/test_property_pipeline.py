"""Random valid projects and random mutations of them, through every stage and writer.

Valid records check clean, report and generate pages; ``engage`` and ``respond`` on them
change only the engagement they write; a mutated record gives the project's own problems
(catalogued, located) and never an exception, and a writer on it either refuses or writes
a file that ``check`` accepts.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from record_strategies import (
    ADMINS,
    CONFIG,
    admin_text,
    mutated,
    ticket_fields,
    ticket_text,
)

from generator.check.project import check_project
from generator.cli.main import main
from generator.read.project import Project, load_project
from generator.read.settings import load_settings
from generator.schema.problems import CATALOGUE, Problem, Severity
from generator.schema.settings import Audience
from generator.write.build import generate

AS_OF = datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder per module; each example writes a fresh project into it."""
    return tmp_path_factory.mktemp("pipeline")


def write_project(root: Path, tickets: dict[str, str]) -> None:
    """A project of the three admins and ``tickets`` (ID → text), replacing any before it."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "tickets" / "2026").mkdir(parents=True)
    (root / "admins").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for slug in ADMINS:
        (root / "admins" / f"{slug}.md").write_text(admin_text(slug), encoding="utf-8")
    for ticket_id, text in tickets.items():
        (root / "tickets" / "2026" / f"{ticket_id}.md").write_bytes(
            text.encode("utf-8", "surrogatepass"))


def checked(root: Path) -> tuple[Project, list[Problem]]:
    """The project and every problem ``check`` would report."""
    settings, problems = load_settings(root / "mkdocs.yml")
    project = load_project(settings, problems)
    return project, check_project(project)


def errors(problems: list[Problem]) -> list[str]:
    return [p.format_text() for p in problems if p.severity is Severity.ERROR]


def run(root: Path, *args: str) -> int:
    """``escalation ARGS`` in-process against the project at ``root``; output dropped."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        try:
            return main([*args[:1], "-f", str(root / "mkdocs.yml"), *args[1:]])
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 1


def last_time(fields: dict[str, Any]) -> datetime:
    times = [fields["opened"], fields.get("resolved") or fields["opened"]]
    for entry in fields.get("escalations", []):
        times.append(entry["at"])
        if "response" in entry:
            times.append(entry["response"]["at"])
    return max(times)


@given(tickets=st.lists(ticket_fields(), min_size=1, max_size=5))
def test_valid_projects_check_clean_report_and_generate(
    folder: Path, tickets: list[dict[str, Any]]) -> None:
    write_project(folder, {str(48000 + i): ticket_text(t) for i, t in enumerate(tickets)})
    project, problems = checked(folder)
    assert errors(problems) == []
    assert len(project.tickets) == len(tickets)
    assert run(folder, "report", "--as-of", "2026-12-01T12:00") == 0
    assert run(folder, "report", "--as-of", "2026-12-01T12:00", "--format", "csv") == 0
    for audience in Audience:
        generated = generate(project, audience=audience, as_of=AS_OF, problems=problems)
        assert generated.pages > len(tickets)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines ``after`` removed from ``before`` and the lines it added."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


@given(fields=ticket_fields(), slug=st.sampled_from(sorted(ADMINS)),
       escalate=st.booleans(), outcome=st.sampled_from(["accepted", "answered", "declined"]))
def test_engage_and_respond_change_only_what_they_write(
    folder: Path, fields: dict[str, Any], slug: str, escalate: bool, outcome: str,
) -> None:
    before = ticket_text(fields)
    write_project(folder, {"48213": before})
    path = folder / "tickets" / "2026" / "48213.md"
    at = last_time(fields) + timedelta(minutes=5)
    tier = "escalate" if escalate else "collaborate"
    args = ["--admin", slug, "--tier", tier, "--at", at.isoformat(timespec="minutes")]
    if escalate:
        args += ["--tag", "esc-x", "--reason", "Needs rights", "--message", "What next time?"]
    code = run(folder, "engage", "48213", *args)
    if escalate and "checklist" not in fields:
        assert code == 1 and path.read_text(encoding="utf-8") == before  # refused, untouched
        return
    assert code == 0
    engaged = path.read_text(encoding="utf-8")
    removed, added = changed_lines(before, engaged)
    # only the tier line may change (the ticket's tier follows its last engagement), and
    # escalations: is added when the ticket had none
    assert all(line.startswith("tier: ") for line in removed), removed
    assert any(line.strip() == f"- admin: {slug}" for line in added), added
    assert errors(checked(folder)[1]) == []

    code = run(folder, "respond", "48213", "--admin", slug, "--outcome", outcome,
               "--at", (at + timedelta(minutes=30)).isoformat(timespec="minutes"))
    assert code == 0
    responded = path.read_text(encoding="utf-8")
    removed, added = changed_lines(engaged, responded)
    assert removed == [], removed
    assert f"outcome: {outcome}" in [line.strip() for line in added], added
    project, problems = checked(folder)
    assert errors(problems) == []
    engagement = project.tickets[0].escalations[-1]
    assert engagement.admin == slug and engagement.response is not None
    assert engagement.response.outcome.value == outcome


@given(fields=ticket_fields(), data=st.data())
def test_mutated_records_give_problems_never_exceptions(
    folder: Path, fields: dict[str, Any], data: st.DataObject,
) -> None:
    text = data.draw(mutated(ticket_text(fields)))
    write_project(folder, {"48213": text})
    project, problems = checked(folder)
    for problem in problems:
        assert problem.code in CATALOGUE and problem.line >= 1, problem
    path = folder / "tickets" / "2026" / "48213.md"
    if not errors(problems):
        assert run(folder, "report", "--as-of", "2026-12-01T12:00") == 0
        generate(project, audience=Audience.SHARED, as_of=AS_OF, problems=problems)
    before = path.read_bytes()
    code = run(folder, "engage", "48213", "--admin", "lee-park", "--tier", "collaborate",
               "--at", "2026-12-01T10:00")
    assert code in (0, 1, 2)
    if code == 0:
        assert errors(checked(folder)[1]) == []
    else:
        assert path.read_bytes() == before
