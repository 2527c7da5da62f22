"""Bounds on what the product computes (issue 11, defect 5): every value ``check`` accepts
can be reported and built in seconds; the rest is refused with a located message.

The bounds are declared once, with the fields and settings they limit
(``generator/schema/fields.py``), and the readers apply them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from generator.compute.site import build_context
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.schema.fields import ADMIN, SETTINGS, schema_json
from generator.schema.settings import Audience

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

CHICAGO = "site_name: Test\nextra:\n  escalation:\n    timezone: America/Chicago\n"
T = "tickets/2026/48213.md"


def settings_config(line: str) -> str:
    """``mkdocs.yml`` with one setting line under ``extra.escalation`` (line 4)."""
    return f"site_name: Test\nextra:\n  escalation:\n    {line}\n"


@pytest.mark.parametrize(("line", "message"), [
    ("response_window_hours: 999999999", "setting 'response_window_hours': expected a number"
     " of at most 1000 but received the number 999999999"),
    ("business_hours: '09:00-09:30'", "setting 'business_hours': expected a business day of"
     " at least 1 hour but received '09:00-09:30', which lasts 30 minutes"),
    ("holidays: [" + ", ".join(["2026-12-25"] * 1001) + "]", "setting 'holidays': expected at"
     " most 1000 dates but received 1001"),
    ("checklist: [" + ", ".join(f"{{id: i{n}, text: x}}" for n in range(51)) + "]",
     "setting 'checklist': expected at most 50 items but received 51"),
    ("banner: " + "b" * 301, "setting 'banner': expected text of at most 300 characters but"
     " received 301 characters"),
], ids=["window", "short-day", "holidays", "checklist", "banner"])
def test_settings_beyond_their_bounds_are_located_errors(
    project: ProjectFactory, cli: CLI, line: str, message: str
) -> None:
    root = project(config=settings_config(line))
    result = cli("check", "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert f"mkdocs.yml:4: error: {message} [settings.invalid-value]" in result.out.splitlines()


def test_an_admin_window_beyond_the_bound_is_a_located_error(
    project: ProjectFactory, cli: CLI
) -> None:
    root = project({"admins/dana.md": "---\nname: Dana\nresponse_window_hours: 5000\n---\n"})
    result = cli("check", "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert ("admins/dana.md:3: error: field 'response_window_hours': expected a number of at"
            " most 1000 but received the number 5000 [admin.invalid-value]"
            in result.out.splitlines())


def test_the_bounds_are_declared_once_in_the_schema() -> None:
    """The loader, the forms and the documentation all read the same declarations."""
    assert SETTINGS.field("response_window_hours").maximum == 1000
    assert ADMIN.field("response_window_hours").maximum == 1000
    kinds = schema_json()["kinds"]
    window = next(f for f in kinds["admin"] if f["name"] == "response_window_hours")
    assert window["maximum"] == 1000


@pytest.mark.parametrize(("args", "message"), [
    (("report", "--as-of", "9999-12-31T23:59"), "escalation report: error: --as-of: expected a"
     " date between the years 1970 and 2999 but received '9999-12-31T23:59'"),
    (("report", "--as-of", "2999-12-31T23:00-12:00"), "escalation report: error: --as-of:"
     " expected a date between the years 1970 and 2999 but received '2999-12-31T23:00-12:00'"),
    (("build", "--as-of", "9000-01-01"), "escalation build: error: --as-of: expected a date"
     " between the years 1970 and 2999 but received '9000-01-01'"),
    (("report", "--week", "0001-W01", "--as-of", "2026-12-01"), "escalation report: error:"
     " --week '0001-W01': expected a week of the years 1970 to 2999, the years records may"
     " have"),
], ids=["report-9999", "report-offset-into-3000", "build-9000", "week-0001"])
def test_as_of_and_week_outside_the_record_years_are_usage_errors(
    project: ProjectFactory, cli: CLI, handle_ticket: str, args: tuple[str, ...], message: str
) -> None:
    root = project({T: handle_ticket}, config=CHICAGO.replace("America/Chicago", "Asia/Tokyo"))
    result = cli(*args, "-f", str(root / "mkdocs.yml"))
    assert (result.code, result.err) == (2, message + "\n")


def test_a_build_refuses_more_weekly_pages_than_it_generates(
    project: ProjectFactory, cli: CLI, handle_ticket: str
) -> None:
    """From a ticket of 1990 to 2026 is 1,927 weekly pages: refused before any work, naming
    the ticket whose date sets the first week."""
    root = project({"tickets/1990/1.md": handle_ticket.replace("2026-11-16", "1990-01-01"),
                    T: handle_ticket}, config="site_name: Test\ndocs_dir: .build/docs\n")
    result = cli("build", "--as-of", "2026-12-01", "-f", str(root / "mkdocs.yml"))
    assert (result.code, result.err) == (2, (
        "escalation build: error: the weekly reports would run from 1990-W01 (the week ticket"
        " 1 was opened, tickets/1990/1.md:3) to 2026-W49 (the week of the as-of time"
        " 2026-12-01T00:00:00+00:00): 1927 weeks, more than the 1560 a build generates; check"
        " that ticket's date, or build as of an earlier time\n"
    ))
    assert not (root / ".build").exists() and not (root / "site").exists()


def test_a_snapshot_as_of_outside_the_years_is_a_broken_snapshot(
    project: ProjectFactory, cli: CLI
) -> None:
    snapshot = ("---\nweek: 2026-W47\nas_of: '9999-12-31T23:59:00+00:00'\n"
                "frozen_at: '2026-11-30T09:00:00+00:00'\nrecords_digest: sha256:0\nfigures: {}\n"
                "---\n")
    root = project({"docs/reports/frozen/2026-w47.md": snapshot})
    result = cli("check", "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert ("docs/reports/frozen/2026-w47.md:3: error: front-matter 'as_of': expected a date"
            " between the years 1970 and 2999 but received '9999-12-31T23:59:00+00:00'"
            " [report.broken-snapshot]" in result.out.splitlines())


def test_a_build_as_of_before_the_first_ticket_has_no_weekly_pages(
    project: ProjectFactory, handle_ticket: str
) -> None:
    """An empty range of weeks is no weekly page, not an index error."""
    root = project({T: handle_ticket})
    settings, problems = load_settings(root / "mkdocs.yml")
    context = build_context(load_project(settings, problems),
                            as_of=datetime(2020, 1, 1, tzinfo=UTC), audience=Audience.SHARED)
    assert context.weeks == ()
