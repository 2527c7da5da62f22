"""Corpus: response windows per priority, due_soon_hours and ``escalation status`` (issue 16).

A bad window, in the settings or in an admin's record, is a located error with the code
of every other bad value; ``status`` refuses broken records as ``report`` does, and a bad
``--as-of`` as every command does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_harness import Case, run_case

T = "tickets/2026/T1.md"
TICKET = (
    "---\ntitle: Printer jam\nopened: 2026-11-16T09:30\nclassification: incident\n"
    "priority: high\ntier: collaborate\nstatus: open\nescalations:\n  - admin: dana\n"
    "    tier: collaborate\n    at: 2026-11-16T10:00\n---\nNotes.\n"
)
DANA = {"admins/dana.md": "---\nname: Dana\n---\n"}
CHECK = ("check",)


def windows(*lines: str) -> str:
    """A config whose ``response_windows`` holds ``lines`` (the first on line 5)."""
    body = "".join(f"      {line}\n" for line in lines)
    return f"site_name: T\nextra:\n  escalation:\n    response_windows:\n{body}"


def admin(*lines: str) -> dict[str, str]:
    """Dana's record with ``response_windows`` holding ``lines`` (the first on line 4)."""
    body = "".join(f"  {line}\n" for line in lines)
    return {"admins/dana.md": f"---\nname: Dana\nresponse_windows:\n{body}---\n"}


CASES = [
    Case("settings-window-priority-typo", {}, CHECK, 2,
         "mkdocs.yml:5: error: setting 'response_windows.crtical': expected a ticket priority,"
         " one of low, medium, high, critical, but received 'crtical' (did you mean"
         " 'critical'?) [settings.invalid-value]", "settings.invalid-value",
         config=windows("crtical: 4")),
    Case("settings-window-calendar-typo", {}, CHECK, 2,
         "mkdocs.yml:5: error: setting 'response_windows.critical.calendar': expected one of"
         " business, always but received 'allways' (did you mean 'always'?)"
         " [settings.invalid-value]", "settings.invalid-value",
         config=windows("critical: {hours: 4, calendar: allways}")),
    Case("settings-window-over-1000-hours", {}, CHECK, 2,
         "mkdocs.yml:5: error: setting 'response_windows.low': expected a number of at most"
         " 1000 but received the number 5000 [settings.invalid-value]",
         "settings.invalid-value", config=windows("low: 5000")),
    Case("settings-window-hours-missing", {}, CHECK, 2,
         "mkdocs.yml:5: error: setting 'response_windows.high.hours': required setting is"
         " missing [settings.missing-field]", "settings.missing-field",
         config=windows("high: {calendar: always}")),
    Case("settings-window-as-text", {}, CHECK, 2,
         "mkdocs.yml:5: error: setting 'response_windows.high': expected a number of hours or"
         " {hours, calendar} but received '8h' [settings.wrong-type]", "settings.wrong-type",
         config=windows("high: 8h")),
    Case("settings-windows-a-list", {}, CHECK, 2,
         "mkdocs.yml:4: error: setting 'response_windows': expected a mapping of priority to"
         " hours or {hours, calendar}, such as {critical: {hours: 4, calendar: always}} but"
         " received a list [settings.wrong-type]", "settings.wrong-type",
         config="site_name: T\nextra:\n  escalation:\n    response_windows: [4, 8]\n"),
    Case("due-soon-negative", {}, CHECK, 2,
         "mkdocs.yml:4: error: setting 'due_soon_hours': expected a number of at least 0 but"
         " received the number -1 [settings.invalid-value]", "settings.invalid-value",
         config="site_name: T\nextra:\n  escalation:\n    due_soon_hours: -1\n"),
    Case("admin-window-under-half-an-hour", admin("critical: {hours: 0.1, calendar: always}"),
         CHECK, 1,
         "admins/dana.md:4: error: field 'response_windows.critical.hours': expected a number"
         " of at least 0.5 but received the number 0.1 [admin.invalid-value]",
         "admin.invalid-value"),
    Case("admin-window-unknown-key", admin("high: {hours: 4, calender: always}"), CHECK, 0,
         "admins/dana.md:4: warning: field 'response_windows.high.calender': unknown field"
         " (did you mean 'calendar'?) [admin.unknown-key]", "admin.unknown-key"),
    Case("admin-window-priority-number", admin("1: 4"), CHECK, 1,
         "admins/dana.md:4: error: field 'response_windows[1]': expected a ticket priority, one"
         " of low, medium, high, critical, but received '1' [admin.invalid-value]",
         "admin.invalid-value"),
    Case("status-refuses-a-broken-window", {**admin("high: -2"), T: TICKET}, ("status",), 1,
         "escalation status: 1 error(s) in the records; fix them first (see 'escalation"
         " check'): figures from broken records are not evidence"),
    Case("status-refuses-a-bad-setting", {**DANA, T: TICKET}, ("status", "--format", "json"),
         2, "mkdocs.yml:5: error: setting 'response_windows.urgent': expected a ticket"
         " priority, one of low, medium, high, critical, but received 'urgent'"
         " [settings.invalid-value]", "settings.invalid-value", config=windows("urgent: 2")),
    Case("status-as-of-not-a-date", {**DANA, T: TICKET}, ("status", "--as-of", "monday"), 2,
         "escalation status: error: --as-of: expected an ISO 8601 date or datetime such as"
         " 2026-11-28 or 2026-11-28T12:00 but received 'monday'"),
    Case("admin-windows-a-number",
         {"admins/dana.md": "---\nname: Dana\nresponse_windows: 8\n---\n"}, CHECK, 1,
         "admins/dana.md:3: error: field 'response_windows': expected a mapping of priority to"
         " hours or {hours, calendar}, such as {critical: {hours: 4, calendar: always}} but"
         " received the number 8 [admin.wrong-type]", "admin.wrong-type"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    run_case(case, tmp_path, capsys, monkeypatch)
