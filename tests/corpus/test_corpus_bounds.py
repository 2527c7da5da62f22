"""Corpus: bounds, writers that check what they write, and the daylight-saving hours
(issue 11, defects 5, 6 and 7).

Every value ``check`` accepts can be reported and built in seconds, so values beyond the
declared bounds are refused with a located message; no writer writes a file ``check``
refuses (here: the 1 MiB limit); a wall-clock time the clocks show twice or skip is
either written with its UTC offset or refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_harness import Case, run_case

T = "tickets/2026/T1.md"
TICKET = (
    "---\ntitle: Printer jam\nopened: 2026-11-16T09:30\nclassification: incident\n"
    "priority: low\ntier: collaborate\nstatus: open\nescalations:\n  - admin: dana\n"
    "    tier: collaborate\n    at: 2026-11-16T10:00\n---\nNotes.\n"
)
ADMIN = {"admins/dana.md": "---\nname: Dana\n---\n"}
CHICAGO = "site_name: T\nextra:\n  escalation:\n    timezone: America/Chicago\n"
HUGE = "x" * (1 << 20)


def setting(line: str) -> str:
    return f"site_name: T\nextra:\n  escalation:\n    {line}\n"


def settings_error(message: str) -> str:
    return f"mkdocs.yml:4: error: setting {message} [settings.invalid-value]"


def handled(opened: str, escalations: str = "") -> str:
    tier = "collaborate" if escalations else "handle"
    return (f"---\ntitle: Share\nopened: {opened}\nclassification: incident\npriority: low\n"
            f"tier: {tier}\nstatus: open\n{escalations}---\nNotes.\n")


def fold(engaged: str, responded: str) -> str:
    """A ticket engaged and answered in the repeated hour of 2026-11-01."""
    return handled("2026-11-01T00:30", "escalations:\n  - admin: dana\n    tier: collaborate\n"
                   f"    at: {engaged}\n    response:\n      at: {responded}\n"
                   "      outcome: answered\n")


def too_large(path: str, size: int) -> str:
    return f"  {path}:1: error: file is {size} bytes; the limit is 1 MiB [file.too-large]"


def _export(root: Path, _: pytest.MonkeyPatch) -> None:
    row = {"ID": "52001", "Title": HUGE, "Created": "2026-11-16T09:30",
           "Classification": "Incident", "Priority": "Low", "Status": "New"}
    (root / "export.json").write_text(json.dumps([row]), encoding="utf-8")


CHECK = ("check",)
SNAPSHOT = ("---\nweek: 2026-W47\nas_of: '9999-12-31T23:59:00+00:00'\n"
            "frozen_at: '2026-11-30T09:00:00+00:00'\nrecords_digest: sha256:0\nfigures: {}\n"
            "---\n")
CASES = [
    # --- defect 5: bounds declared with the settings and fields they limit ------------
    Case("window-setting-999999999", {}, CHECK, 2,
         settings_error("'response_window_hours': expected a number of at most 1000 but"
                        " received the number 999999999"), "settings.invalid-value",
         config=setting("response_window_hours: 999999999")),
    Case("window-setting-just-over", {}, CHECK, 2,
         settings_error("'response_window_hours': expected a number of at most 1000 but"
                        " received the number 1000.5"), "settings.invalid-value",
         config=setting("response_window_hours: 1000.5")),
    Case("window-of-an-admin", {"admins/dana.md": "---\nname: Dana\nresponse_window_hours:"
                                " 5000\n---\n"}, CHECK, 1,
         "admins/dana.md:3: error: field 'response_window_hours': expected a number of at most"
         " 1000 but received the number 5000 [admin.invalid-value]", "admin.invalid-value"),
    Case("business-day-of-one-minute", {}, CHECK, 2,
         settings_error("'business_hours': expected a business day of at least 1 hour but"
                        " received '09:00-09:01', which lasts 1 minute"),
         "settings.invalid-value", config=setting("business_hours: '09:00-09:01'")),
    Case("holidays-1001", {}, CHECK, 2,
         settings_error("'holidays': expected at most 1000 dates but received 1001"),
         "settings.invalid-value",
         config=setting("holidays: [" + ", ".join(["2026-12-25"] * 1001) + "]")),
    Case("checklist-51-items", {}, CHECK, 2,
         settings_error("'checklist': expected at most 50 items but received 51"),
         "settings.invalid-value",
         config=setting("checklist: [" + ", ".join(f"{{id: c{n}, text: t}}" for n in range(51))
                        + "]")),
    Case("banner-301-characters", {}, CHECK, 2,
         settings_error("'banner': expected text of at most 300 characters but received 301"
                        " characters"), "settings.invalid-value",
         config=setting("banner: " + "b" * 301)),
    Case("report-as-of-9999", {}, ("report", "--as-of", "9999-12-31T23:59"), 2,
         "escalation report: error: --as-of: expected a date between the years 1970 and 2999"
         " but received '9999-12-31T23:59'"),
    Case("build-as-of-9000", {T: handled("2026-11-16T09:30")},
         ("build", "--as-of", "9000-01-01"), 2,
         "escalation build: error: --as-of: expected a date between the years 1970 and 2999"
         " but received '9000-01-01'"),
    Case("build-weeks-from-1990", {"tickets/1990/old.md": handled("1990-01-01T09:30")},
         ("build", "--as-of", "2026-12-01"), 2,
         "escalation build: error: the weekly reports would run from 1990-W01 (the week ticket"
         " old was opened, tickets/1990/old.md:3) to 2026-W49 (the week of the as-of time"
         " 2026-12-01T00:00:00+00:00): 1927 weeks, more than the 1560 a build generates; check"
         " that ticket's date, or build as of an earlier time"),
    Case("report-week-0001", {}, ("report", "--week", "0001-W01"), 2,
         "escalation report: error: --week '0001-W01': expected a week of the years 1970 to"
         " 2999, the years records may have"),
    Case("snapshot-as-of-9999", {"docs/reports/frozen/2026-w47.md": SNAPSHOT}, CHECK, 1,
         "docs/reports/frozen/2026-w47.md:3: error: front-matter 'as_of': expected a date"
         " between the years 1970 and 2999 but received '9999-12-31T23:59:00+00:00'"
         " [report.broken-snapshot]", "report.broken-snapshot"),
    Case("engage-at-3026", {**ADMIN, T: TICKET},
         ("engage", "T1", "--admin", "dana", "--tier", "collaborate", "--at",
          "3026-01-01T10:00"), 2,
         "escalation engage: error: --at '3026-01-01T10:00': expected a date between the years"
         " 1970 and 2999"),
    # --- defect 6: every writer refuses what check refuses, with check's line ---------
    Case("new-ticket-title-over-1-mib", {},
         ("new", "ticket", "T2", "--title", HUGE, "--classification", "incident",
          "--priority", "low", "--opened", "2026-11-16T09:30"), 2,
         too_large("tickets/2026/T2.md", 1049335), "file.too-large"),
    Case("new-admin-name-over-1-mib", {}, ("new", "admin", "eve", "--name", HUGE), 2,
         too_large("admins/eve.md", 2097557), "file.too-large"),
    Case("engage-message-over-1-mib", {**ADMIN, T: TICKET},
         ("engage", "T1", "--admin", "dana", "--tier", "collaborate", "--at",
          "2026-11-16T11:00", "--message", HUGE), 1,
         too_large(T, 1048858), "file.too-large"),
    Case("respond-process-over-1-mib", {**ADMIN, T: TICKET},
         ("respond", "T1", "--admin", "dana", "--outcome", "answered", "--at",
          "2026-11-16T11:00", "--process", HUGE), 1,
         too_large(T, 1048862), "file.too-large"),
    Case("import-title-over-1-mib", {}, ("import", "tdx", "export.json"), 1,
         "export.json item 1 (ticket 52001): rejected: the ticket would not pass 'escalation"
         " check': file is 1049322 bytes; the limit is 1 MiB [file.too-large]",
         "file.too-large", prepare=_export),
    # --- defect 7: the repeated and the skipped hour (America/Chicago) --------------
    Case("skipped-hour-in-a-record", {T: handled("2026-03-08T02:30")}, CHECK, 1,
         f"{T}:3: error: field 'opened': '2026-03-08T02:30' does not exist in America/Chicago:"
         " the clocks skip that hour when they spring forward; write the instant meant with"
         " its UTC offset (-06:00 or -05:00) [ticket.nonexistent-time]",
         "ticket.nonexistent-time", config=CHICAGO),
    Case("repeated-hour-without-offset", {T: handled("2026-11-01T01:30")}, CHECK, 0,
         f"{T}:3: warning: field 'opened': '2026-11-01T01:30' happens twice in"
         " America/Chicago, where the clocks fall back that night; read as the first time"
         " (2026-11-01T01:30-05:00): write the UTC offset (-05:00 or -06:00) to say which"
         " [ticket.ambiguous-time]", "ticket.ambiguous-time", config=CHICAGO),
    Case("response-40-minutes-later-across-the-fold",
         {**ADMIN, T: fold("2026-11-01T01:50-05:00", "2026-11-01T01:30-06:00")}, CHECK, 0,
         "no problems (3 files checked)", config=CHICAGO),
    Case("response-before-engagement-across-the-fold",
         {**ADMIN, T: fold("2026-11-01T01:10-06:00", "2026-11-01T01:50-05:00")}, CHECK, 1,
         f"{T}:13: error: field 'escalations[0].response.at': expected a time not before the"
         " engagement (2026-11-01 01:10-06:00) but received 2026-11-01 01:50-05:00"
         " [ticket.response-before-engagement]", "ticket.response-before-engagement",
         config=CHICAGO),
    Case("engage-at-a-skipped-time", {**ADMIN, T: TICKET},
         ("engage", "T1", "--admin", "dana", "--tier", "collaborate", "--at",
          "2026-03-08T02:30"), 2,
         "escalation engage: error: --at '2026-03-08T02:30' does not exist in America/Chicago:"
         " the clocks skip that hour when they spring forward; write the instant meant with"
         " its UTC offset (-06:00 or -05:00)", config=CHICAGO),
    Case("new-opened-at-a-skipped-time", {},
         ("new", "ticket", "T2", "--title", "Share", "--classification", "incident",
          "--priority", "low", "--opened", "2026-03-08T02:15"), 2,
         "escalation new: error: --opened '2026-03-08T02:15' does not exist in America/Chicago:"
         " the clocks skip that hour when they spring forward; write the instant meant with"
         " its UTC offset (-06:00 or -05:00)", config=CHICAGO),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    run_case(case, tmp_path, capsys, monkeypatch)
