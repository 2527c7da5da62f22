"""Daylight-saving fall-back (issue 11, defect 7), in America/Chicago on 2026-11-01.

That night the clocks go back from 02:00 CDT (-05:00) to 01:00 CST (-06:00), so the
reading 01:30 names two instants, 06:30Z and 07:30Z. Writers keep the offset where the
reading is repeated; rules, sorts and durations compare instants; a reading without an
offset is the first occurrence, with a warning, and one the spring-forward skips
(2026-03-08 02:30) is an error.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from generator.compute.site import build_context
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.yaml_text import yaml_scalar
from generator.schema.settings import Audience

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

CHICAGO = ZoneInfo("America/Chicago")
CONFIG = "site_name: Test\nextra:\n  escalation:\n    timezone: America/Chicago\n"
ADMIN = "---\nname: Dana\n---\n"
FIRST = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
"""01:30 CDT, the first reading of 01:30."""
SECOND = datetime(2026, 11, 1, 7, 30, tzinfo=UTC)
"""01:30 CST, an hour later, the same reading."""


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def ticket(opened: str, escalations: str = "") -> str:
    """A ticket opened at ``opened`` (collaborate when it has ``escalations`` lines)."""
    tier = "collaborate" if escalations else "handle"
    return (f"---\ntitle: Share\nopened: {opened}\nclassification: incident\npriority: low\n"
            f"tier: {tier}\nstatus: open\n{escalations}---\nNotes.\n")


def load(root: Path):  # type: ignore[no-untyped-def]
    settings, problems = load_settings(root / "mkdocs.yml")
    return load_project(settings, problems)


def front_line(root: Path, rel: str, key: str) -> str:
    """The first line of ``rel`` that starts with ``key`` (indentation stripped)."""
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(line.strip() for line in lines if line.strip().startswith(f"{key}:"))


@pytest.fixture
def root(project: ProjectFactory) -> Path:
    return project({"admins/dana.md": ADMIN}, config=CONFIG)


def test_yaml_scalar_writes_the_offset_of_a_repeated_reading_only() -> None:
    assert yaml_scalar(FIRST.astimezone(CHICAGO)) == "2026-11-01T01:30-05:00"
    assert yaml_scalar(SECOND.astimezone(CHICAGO)) == "2026-11-01T01:30-06:00"
    assert yaml_scalar(datetime(2026, 11, 1, 2, 30, tzinfo=CHICAGO)) == "2026-11-01T02:30"


def test_import_keeps_both_tdx_instants_of_the_repeated_hour(root: Path, cli: CLI) -> None:
    rows = [{"ID": f"5200{n}", "Title": "Share", "Created": when, "Classification": "Incident",
             "Priority": "Low", "Status": "New"}
            for n, when in ((1, "2026-11-01T06:30:00Z"), (2, "2026-11-01T07:30:00Z"))]
    (root / "export.json").write_text(json.dumps(rows), encoding="utf-8")
    result = cli("import", "tdx", str(root / "export.json"), "-f", str(root / "mkdocs.yml"))
    assert result.code == 0, result.err
    assert front_line(root, "tickets/2026/52001.md", "opened") == "opened: 2026-11-01T01:30-05:00"
    assert front_line(root, "tickets/2026/52002.md", "opened") == "opened: 2026-11-01T01:30-06:00"
    opened = {t.id: utc(t.opened) for t in load(root).tickets}
    assert opened == {"52001": FIRST, "52002": SECOND}
    again = cli("import", "tdx", str(root / "export.json"), "-f", str(root / "mkdocs.yml"))
    assert again.err.endswith(  # the offsets read back as the instants TDX gives
        "2 rows: 0 created, 0 updated, 2 unchanged, 0 conflicts kept, 0 rejected\n")


def test_new_and_engage_keep_an_offset_given_in_the_repeated_hour(root: Path, cli: CLI) -> None:
    config = str(root / "mkdocs.yml")
    new = cli("new", "ticket", "1", "--title", "Share", "--classification", "incident",
              "--priority", "low", "--opened", "2026-11-01T01:10-05:00", "-f", config)
    assert new.code == 0, new.err
    engaged = cli("engage", "1", "--admin", "dana", "--tier", "collaborate",
                  "--at", "2026-11-01T01:30-06:00", "-f", config)
    assert engaged.code == 0, engaged.err
    assert front_line(root, "tickets/2026/1.md", "opened") == "opened: 2026-11-01T01:10-05:00"
    assert front_line(root, "tickets/2026/1.md", "at") == "at: 2026-11-01T01:30-06:00"
    (loaded,) = load(root).tickets
    assert utc(loaded.escalations[0].at) == SECOND


def test_now_in_the_second_occurrence_is_written_with_its_offset(
    root: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    (root / "tickets/2026").mkdir(parents=True)
    (root / "tickets/2026/1.md").write_text(ticket("2026-11-01T00:30"), encoding="utf-8")
    monkeypatch.setenv("ESCALATION_AS_OF", "2026-11-01T07:30Z")
    result = cli("engage", "1", "--admin", "dana", "--tier", "collaborate",
                 "-f", str(root / "mkdocs.yml"))
    assert result.code == 0, result.err
    assert front_line(root, "tickets/2026/1.md", "at") == "at: 2026-11-01T01:30-06:00"


def test_a_response_forty_minutes_after_its_engagement_is_not_before_it(
    root: Path, cli: CLI
) -> None:
    """01:50 CDT (06:50Z), then 01:30 CST (07:30Z): later, though the reading is smaller."""
    config = str(root / "mkdocs.yml")
    (root / "tickets/2026").mkdir(parents=True)
    (root / "tickets/2026/1.md").write_text(ticket("2026-11-01T00:30"), encoding="utf-8")
    assert cli("engage", "1", "--admin", "dana", "--tier", "collaborate",
               "--at", "2026-11-01T01:50", "-f", config).code == 0
    result = cli("respond", "1", "--admin", "dana", "--outcome", "answered",
                 "--at", "2026-11-01T01:30-06:00", "-f", config)
    assert result.code == 0, result.err
    checked = cli("check", "-f", config)
    assert (checked.code, checked.out, checked.err) == (0, "", "no problems (3 files checked)\n")


def test_dates_in_order_as_instants_pass_check(project: ProjectFactory, cli: CLI) -> None:
    escalations = ("escalations:\n  - admin: dana\n    tier: collaborate\n"
                   "    at: 2026-11-01T01:50-05:00\n    response:\n"
                   "      at: 2026-11-01T01:10-06:00\n      outcome: answered\n")
    root = project({"admins/dana.md": ADMIN,
                    "tickets/2026/1.md": ticket("2026-11-01T01:40-05:00", escalations)},
                   config=CONFIG)
    checked = cli("check", "-f", str(root / "mkdocs.yml"))
    assert (checked.code, checked.out, checked.err) == (0, "", "no problems (3 files checked)\n")


def test_a_response_before_its_engagement_says_which_reading(
    project: ProjectFactory, cli: CLI
) -> None:
    escalations = ("escalations:\n  - admin: dana\n    tier: collaborate\n"
                   "    at: 2026-11-01T01:10-06:00\n    response:\n"
                   "      at: 2026-11-01T01:50-05:00\n      outcome: answered\n")
    root = project({"admins/dana.md": ADMIN,
                    "tickets/2026/1.md": ticket("2026-11-01T00:30", escalations)}, config=CONFIG)
    result = cli("check", "-f", str(root / "mkdocs.yml"))
    assert ("tickets/2026/1.md:13: error: field 'escalations[0].response.at': expected a time"
            " not before the engagement (2026-11-01 01:10-06:00) but received 2026-11-01"
            " 01:50-05:00 [ticket.response-before-engagement]") in result.out.splitlines()


def test_tickets_are_listed_by_instant(project: ProjectFactory) -> None:
    """Newest first: 01:10 CST (07:10Z) is after 01:40 CDT (06:40Z)."""
    root = project({"tickets/2026/early.md": ticket("2026-11-01T01:40-05:00"),
                    "tickets/2026/late.md": ticket("2026-11-01T01:10-06:00")}, config=CONFIG)
    context = build_context(load(root), as_of=datetime(2026, 11, 2, tzinfo=UTC),
                            audience=Audience.INTERNAL)
    assert [t.id for t in context.tickets] == ["late", "early"]


def test_a_repeated_reading_without_offset_is_the_first_with_a_warning(
    project: ProjectFactory, cli: CLI
) -> None:
    root = project({"tickets/2026/1.md": ticket("2026-11-01T01:30")}, config=CONFIG)
    result = cli("check", "-f", str(root / "mkdocs.yml"))
    assert result.code == 0
    assert ("tickets/2026/1.md:3: warning: field 'opened': '2026-11-01T01:30' happens twice in"
            " America/Chicago, where the clocks fall back that night; read as the first time"
            " (2026-11-01T01:30-05:00): write the UTC offset (-05:00 or -06:00) to say which"
            " [ticket.ambiguous-time]") in result.out.splitlines()
    (loaded,) = load(root).tickets
    assert utc(loaded.opened) == FIRST


def test_a_skipped_reading_is_an_error_and_refused_as_an_option(
    project: ProjectFactory, cli: CLI
) -> None:
    root = project({"admins/dana.md": ADMIN, "tickets/2026/1.md": ticket("2026-03-08T02:30")},
                   config=CONFIG)
    result = cli("check", "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert ("tickets/2026/1.md:3: error: field 'opened': '2026-03-08T02:30' does not exist in"
            " America/Chicago: the clocks skip that hour when they spring forward; write the"
            " instant meant with its UTC offset (-06:00 or -05:00) [ticket.nonexistent-time]"
            ) in result.out.splitlines()
    (root / "tickets/2026/1.md").unlink()
    new = cli("new", "ticket", "2", "--title", "Share", "--classification", "incident",
              "--priority", "low", "--opened", "2026-03-08T02:30", "-f", str(root / "mkdocs.yml"))
    assert (new.code, new.err) == (2, (
        "escalation new: error: --opened '2026-03-08T02:30' does not exist in America/Chicago:"
        " the clocks skip that hour when they spring forward; write the instant meant with its"
        " UTC offset (-06:00 or -05:00)\n"))
    assert not (root / "tickets/2026/2.md").exists()
