"""Corpus: bad ``escalation report --from W --to V`` ranges (issue 16, range reports).

Every bad range is a usage error (exit 2) that names the option and its value: a week
that is not one, out of the records' years (1970 to 2999), backwards, longer than the
weekly reports the tool makes (MAX_REPORT_WEEKS), half a range, or a range given with
--week, --freeze or --compare-frozen. The harness's as-of time is 2026-12-01 12:00 (W49).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_harness import Case, run_case

REPORT = ("report",)
ERROR = "escalation report: error: "
TICKET = {"tickets/2026/T1.md": (
    "---\ntitle: Printer jam\nopened: 2026-11-16T09:30\nclassification: incident\n"
    "priority: urgent\ntier: handle\nstatus: open\n---\n")}


def span(first: str, last: str, *more: str) -> tuple[str, ...]:
    return (*REPORT, "--from", first, "--to", last, *more)


CASES = [
    Case("range-backwards", {}, span("2026-W47", "2026-W40"), 2,
         ERROR + "--from 2026-W47 is after --to 2026-W40: expected --from at or before --to"),
    Case("range-from-without-to", {}, (*REPORT, "--from", "2026-W40"), 2,
         ERROR + "--from needs --to: a range is --from YYYY-Www --to YYYY-Www"),
    Case("range-to-without-from", {}, (*REPORT, "--to", "2026-W47", "--format", "csv"), 2,
         ERROR + "--to needs --from: a range is --from YYYY-Www --to YYYY-Www"),
    Case("range-with-week", {}, span("2026-W40", "2026-W47", "--week", "2026-W41"), 2,
         ERROR + "--week cannot be combined with --from/--to: give one week, or a range"),
    Case("range-with-freeze", {}, span("2026-W40", "2026-W47", "--freeze"), 2,
         ERROR + "--from/--to print the reports of a range; --freeze takes one --week"),
    Case("range-with-compare-frozen", {}, span("2026-W40", "2026-W47", "--compare-frozen"), 2,
         ERROR + "--from/--to print the reports of a range; --compare-frozen takes one"
         " --week"),
    Case("range-with-force", {}, span("2026-W40", "2026-W47", "--force"), 2,
         ERROR + "--force only applies with --freeze"),
    Case("range-from-not-a-week", {}, span("2026-40", "2026-W47"), 2,
         ERROR + "--from: ISO week: expected the form YYYY-Www, such as 2026-W47, but"
         " received '2026-40'"),
    Case("range-from-empty", {}, span("", "2026-W47"), 2,
         ERROR + "--from: ISO week: expected the form YYYY-Www, such as 2026-W47, but"
         " received ''"),
    Case("range-to-week-54", {}, span("2026-W40", "2026-W54"), 2,
         ERROR + "--to: ISO week: expected a week number from 1 to 53 for 2026 but received 54"),
    Case("range-to-week-53-of-a-52-week-year", {}, span("2025-W40", "2025-W53"), 2,
         ERROR + "--to: ISO week: expected a week number from 1 to 52 for 2025 but received 53"),
    Case("range-from-week-zero", {}, span("2026-W00", "2026-W47"), 2,
         ERROR + "--from: ISO week: expected a week number from 1 to 53 for 2026 but"
         " received 0"),
    Case("range-from-before-1970", {}, span("1969-W40", "2026-W47"), 2,
         ERROR + "--from '1969-W40': expected a week of the years 1970 to 2999, the years"
         " records may have"),
    Case("range-to-after-2999", {}, span("2026-W40", "3001-W10"), 2,
         ERROR + "--to '3001-W10': expected a week of the years 1970 to 2999, the years"
         " records may have"),
    Case("range-longer-than-the-weeks-cap", {}, span("1970-W02", "2999-W52"), 2,
         ERROR + "--from 1970-W02 --to 2999-W52 is 53742 weeks: expected at most 1560, the"
         " most weekly reports the tool makes"),
    Case("range-one-week-over-the-cap", {}, span("2000-W01", "2029-W52"), 2,
         ERROR + "--from 2000-W01 --to 2029-W52 is 1565 weeks: expected at most 1560, the"
         " most weekly reports the tool makes"),
    Case("range-ends-after-the-as-of-time", {}, span("2026-W48", "2026-W50"), 2,
         ERROR + "--to 2026-W50 starts after the as-of time 2026-12-01T12:00:00+00:00:"
         " there is nothing to report for it yet"),
    Case("range-as-of-not-a-date", {}, span("2026-W40", "2026-W47", "--as-of", "friday"), 2,
         ERROR + "--as-of: expected an ISO 8601 date or datetime such as 2026-11-28 or"
         " 2026-11-28T12:00 but received 'friday'"),
    Case("range-refuses-broken-records", TICKET, span("2026-W40", "2026-W47"), 1,
         "escalation report: 1 error(s) in the records; fix them first (see 'escalation"
         " check'): figures from broken records are not evidence"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    run_case(case, tmp_path, capsys, monkeypatch)
