"""The shipped example data shows what the evidence is about (issue 16, item 9): as of the
Monday morning the examples are read at, every engagement state and every ownership, a
critical ticket on a round-the-clock window, and a no-response weeks old."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import CLI

REPO = Path(__file__).parents[2]
MONDAY = "2026-11-30T10:00"
"""The as-of time of the examples (the golden capture's, a Monday-morning triage)."""


def status_rows(cli: CLI) -> list[dict[str, Any]]:
    result = cli("status", "-f", str(REPO / "mkdocs.yml"), "--as-of", MONDAY,
                 "--format", "json")
    assert (result.code, result.err) == (0, "")
    rows: list[dict[str, Any]] = json.loads(result.out)
    return rows


def test_every_state_and_ownership_is_in_the_examples(cli: CLI) -> None:
    rows = status_rows(cli)
    assert {r["state"] for r in rows} == {
        "accepted", "answered", "redirected", "declined", "no-response", "due-soon", "pending"}
    assert {r["ownership"] for r in rows} == {
        "waiting", "with-admin", "with-sc", "redirected", "unowned"}


def test_a_critical_ticket_runs_on_a_round_the_clock_window(cli: CLI) -> None:
    critical = [r for r in status_rows(cli) if r["priority"] == "critical"]
    assert critical and all(r["calendar"] == "always" for r in critical)


def test_a_no_response_spans_several_weeks(cli: CLI) -> None:
    as_of = datetime.fromisoformat(MONDAY + ":00-06:00")
    weeks = [(as_of - datetime.fromisoformat(r["deadline"])).days // 7
             for r in status_rows(cli) if r["state"] == "no-response"]
    assert max(weeks) >= 4
