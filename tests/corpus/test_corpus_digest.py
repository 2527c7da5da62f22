"""Corpus: bad ``escalation digest`` options (issue 13, the daily digest).

Every bad option is a usage error (exit 2) that names the option; a webhook address is
a secret, so a bad one is described and never repeated. Options that do not go together
(``--post`` with another format, ``--due-now`` with output options) are refused before
any record is read. Broken records are refused as ``status`` refuses them (exit 1), and a
bad ``site_url`` is a settings error (exit 2). The harness's as-of time is
2026-12-01 12:00 (UTC, a Tuesday).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_harness import Case, run_case

ERROR = "escalation digest: error: "
SECRET = "https://hooks.example.com/services/T0/B0/sEcReT"
BROKEN = {"tickets/2026/T1.md": (
    "---\ntitle: Printer jam\nopened: 2026-11-16T09:30\nclassification: incident\n"
    "priority: urgent\ntier: handle\nstatus: open\n---\n")}

CASES = [
    Case("digest-format-unknown", {}, ("digest", "--format", "html"), 2,
         "escalation digest: error: argument --format: invalid choice: 'html' (choose from"
         " 'md', 'json', 'slack')"),
    Case("digest-as-of-not-a-date", {}, ("digest", "--as-of", "friday"), 2,
         ERROR + "--as-of: expected an ISO 8601 date or datetime such as 2026-11-28 or"
         " 2026-11-28T12:00 but received 'friday'"),
    Case("digest-as-of-after-2999", {}, ("digest", "--as-of", "3001-01-01"), 2,
         ERROR + "--as-of: expected a date between the years 1970 and 2999 but received"
         " '3001-01-01'"),
    Case("digest-post-with-markdown", {}, ("digest", "--post", SECRET, "--format", "md"), 2,
         ERROR + "--post sends the slack format, not md: leave out --format or use --format"
         " slack"),
    Case("digest-post-not-http", {},
         ("digest", "--post", "ftp://hooks.example.com/services/sEcReT"), 2,
         ERROR + "--post: expected an http:// or https:// webhook address, but it is not an"
         " http:// or https:// address (the address is not shown: it is a secret)"),
    Case("digest-post-no-host", {}, ("digest", "--post", "https:///services/sEcReT"), 2,
         ERROR + "--post: expected an http:// or https:// webhook address, but it has no"
         " host name (the address is not shown: it is a secret)"),
    Case("digest-post-with-space", {}, ("digest", "--post", SECRET + " x"), 2,
         ERROR + "--post: expected an http:// or https:// webhook address, but it holds a"
         " space or a control character (the address is not shown: it is a secret)"),
    Case("digest-post-bad-port", {}, ("digest", "--post", "https://hooks.example.com:x/s"), 2,
         ERROR + "--post: expected an http:// or https:// webhook address, but it is not an"
         " address (the address is not shown: it is a secret)"),
    Case("digest-timeout-zero", {}, ("digest", "--timeout", "0"), 2,
         ERROR + "--timeout: expected seconds above 0 and at most 300 but received 0"),
    Case("digest-timeout-not-a-number", {}, ("digest", "--timeout", "soon"), 2,
         "escalation digest: error: argument --timeout: invalid float value: 'soon'"),
    Case("digest-timeout-nan", {}, ("digest", "--timeout", "nan"), 2,
         ERROR + "--timeout: expected seconds above 0 and at most 300 but received nan"),
    Case("digest-due-now-not-a-time", {}, ("digest", "--due-now", "7am"), 2,
         ERROR + "--due-now: expected a time HH:MM such as 07:00 but received '7am'"),
    Case("digest-due-now-hour-24", {}, ("digest", "--due-now", "24:00"), 2,
         ERROR + "--due-now: expected a time HH:MM such as 07:00 but received '24:00'"),
    Case("digest-due-now-with-post", {}, ("digest", "--due-now", "07:00", "--post", SECRET),
         2, ERROR + "--due-now prints only yes or no: leave out --post and --format"),
    Case("digest-refuses-broken-records", BROKEN, ("digest",), 1,
         "escalation digest: 1 error(s) in the records; fix them first (see 'escalation"
         " check'): figures from broken records are not evidence"),
    Case("digest-site-url-not-a-url", {}, ("digest",), 2,
         "mkdocs.yml:2: error: setting 'site_url': expected an http:// or https:// address"
         " such as 'https://example-org.github.io/records/' but received 'pages/records'"
         " [settings.invalid-value]",
         code="settings.invalid-value",
         config="site_name: Test\nsite_url: pages/records\n"),
    Case("digest-nothing-to-report", {}, ("digest",), 0,
         "Nothing needs attention as of 2026-12-01 12:00 (UTC): no ticket is overdue, due"
         " soon, unowned or redirected, and no new gap."),
    Case("digest-not-due-on-a-tuesday-noon", {}, ("digest", "--due-now", "07:00"), 0, "no"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    run_case(case, tmp_path, capsys, monkeypatch)
