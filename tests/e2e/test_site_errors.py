"""Records with errors stop ``escalation build``: the messages of ``escalation check``,
exit status 1, and no site written (a wrong page is worse than no page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_build import AS_OF, FIXTURE, copy_project, escalation

pytestmark = pytest.mark.e2e

BROKEN_TICKET = """---
title: A ticket with errors
opened: 2026-11-24T10:00
classification: incident
priority: urgent
tier: escalate
status: open
escalations:
  - admin: nobody-here
    tier: escalate
    at: 2026-11-23T09:00
    tag: esc-x
    reason: Broken on purpose.
    message: What process can SC follow next time?
---
"""


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("broken") / "project")
    (project / "tickets" / "2026" / "90199.md").write_text(BROKEN_TICKET, encoding="utf-8")
    return project


def test_build_stops_with_the_messages_of_check(broken_project: Path, tmp_path: Path) -> None:
    check = escalation("check", cwd=broken_project)
    assert check.returncode == 1
    problems = check.stdout.splitlines()
    errors = [line for line in problems if ": error: " in line]
    assert any("tickets/2026/90199.md" in line and "'urgent'" in line for line in errors)
    assert any("'nobody-here'" in line for line in errors)

    site = tmp_path / "site"
    build = escalation("build", "--as-of", AS_OF, "--site-dir", str(site), cwd=broken_project)
    assert build.returncode == 1
    shown = build.stderr.splitlines()
    # The errors of check, word for word and in the same order; any other problem line
    # build prints is one check prints too (check adds repository warnings, CODEOWNERS).
    assert [line for line in shown if ": error: " in line] == errors
    assert {line for line in shown if ": warning: " in line} <= set(problems)
    assert "nothing was built" in build.stderr
    assert not site.exists()


def test_failed_build_leaves_an_existing_site_untouched(
    broken_project: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good build", encoding="utf-8")
    build = escalation("build", "--as-of", AS_OF, "--site-dir", str(site), cwd=broken_project)
    assert build.returncode == 1
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good build"
    # Nothing was generated either: the staging folder was never written.
    assert not (broken_project / ".build" / "docs").exists()
