"""Corpus: the folder guard, theme-printed settings, patterns, settings keys and the
smaller rules of the hardening review (issue 11 defects 1, 2, 8, 10, 13, 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_harness import Case, run_case

A = "admins/dana-okafor.md"
ADMIN = (
    "---\nname: Dana Okafor\npurview:\n  - service: file-shares\n    scope: Shares\n"
    "    declared: 2026-10-01\n    source: PR 1\n---\n"
)
T = "tickets/2026/T1.md"
COLLABORATE = (
    "---\ntitle: Share\nopened: 2026-11-16T09:30\nclassification: incident\npriority: low\n"
    "tier: collaborate\nstatus: open\nservice: file-shares\nescalations:\n"
    "  - admin: dana-okafor\n    tier: collaborate\n    at: 2026-11-16T10:00\n---\nNotes.\n"
)
REDIRECTED_TO_SELF = COLLABORATE.replace(
    "    at: 2026-11-16T10:00\n",
    "    at: 2026-11-16T10:00\n    response:\n      at: 2026-11-16T11:00\n"
    "      outcome: redirected\n      redirect_to: dana-okafor\n")
SELF_REDIRECT = (
    "field 'escalations[0].response.redirect_to': 'dana-okafor' is the admin who was"
    " engaged; name the admin the ticket was sent on to, or record the response as answered"
    " or declined [ticket.redirect-to-self]"
)
SITE_FOLDER = (
    "the builder empties it, so it must be a folder of its own (such as site/), not the"
    " project, docs/, tickets/, admins/ or .github/, nor a folder holding them"
)
SERVE_ADDRESS = (
    "escalation serve: error: argument -a/--dev-addr: expected IP:PORT such as"
    " 127.0.0.1:8000 but received {!r}"
)
MARKUP = (
    "the theme prints it into every page as it is, so {} would be read as markup; write it"
    " without them [settings.markup]"
)

CASES = [
    Case("build-into-tickets", {}, ("build", "--site-dir", "tickets"), 2,
         f"escalation build: error: site folder '{{root}}/tickets': {SITE_FOLDER}"),
    Case("build-into-the-project", {}, ("build", "--site-dir", "."), 2,
         f"escalation build: error: site folder '{{root}}': {SITE_FOLDER}"),
    Case("build-inside-docs", {}, ("build", "--site-dir", "docs/out"), 2,
         f"escalation build: error: site folder '{{root}}/docs/out': {SITE_FOLDER}"),
    Case("site-dir-setting-is-admins", {}, ("build",), 2,
         f"escalation build: error: site folder 'admins': {SITE_FOLDER}",
         config="site_name: T\nsite_dir: admins\n"),
    Case("banner-markup-in-site-name", {}, ("check",), 2,
         "mkdocs.yml:1: error: setting 'site_name': " + MARKUP.format("'<' and '>'"),
         "settings.markup", config="site_name: '<script>x</script>'\n"),
    Case("attribute-break-out-in-description", {}, ("check",), 2,
         "mkdocs.yml:2: error: setting 'site_description': " + MARKUP.format("'\"'"),
         "settings.markup", config="site_name: T\nsite_description: 'x\" onload=\"alert(1)'\n"),
    Case("repo-url-javascript", {}, ("check",), 2,
         "mkdocs.yml:2: error: setting 'repo_url': expected an http:// or https:// address such"
         " as 'https://github.com/example-org/records' but received 'javascript:alert(1)'"
         " [settings.invalid-value]", "settings.invalid-value",
         config="site_name: T\nrepo_url: javascript:alert(1)\n"),
    Case("new-admin-with-trailing-newline", {}, ("new", "admin", "eve\n"), 2,
         "escalation new: error: admin slug 'eve\\n': expected lowercase letters, digits and"
         " '-' (such as 'dana-okafor')"),
    Case("new-ticket-with-trailing-newline", {}, ("new", "ticket", "481\n"), 2,
         "escalation new: error: ticket ID '481\\n': expected letters, digits, '.', '_' and"
         " '-'"),
    Case("second-extra-key", {}, ("check",), 2,
         "mkdocs.yml:4: error: key 'extra' appears twice (first on line 2); YAML would"
         " silently keep only the last value [settings.duplicate-key]", "settings.duplicate-key",
         config="site_name: T\nextra:\n  a: 1\nextra:\n  escalation:\n    timezone: UTC\n"),
    Case("second-escalation-key", {}, ("check",), 2,
         "mkdocs.yml:5: error: key 'escalation' appears twice (first on line 3); YAML would"
         " silently keep only the last value [settings.duplicate-key]", "settings.duplicate-key",
         config="site_name: T\nextra:\n  escalation:\n    timezone: UTC\n  escalation:\n"
                "    audience: shared\n"),
    Case("env-value-of-the-wrong-type", {}, ("check",), 2,
         "mkdocs.yml:4: error: setting 'response_window_hours': expected a number but received"
         " 'soon' [settings.wrong-type]", "settings.wrong-type",
         config="site_name: T\nextra:\n  escalation:\n    response_window_hours: !ENV"
                " [EP_CORPUS_UNSET, soon]\n"),
    Case("host-dependent-timezone", {}, ("check",), 2,
         "mkdocs.yml:4: error: setting 'timezone': expected an IANA timezone name such as"
         " 'America/Chicago' but received 'localtime', which means whatever zone the machine is"
         " set to [settings.invalid-value]", "settings.invalid-value",
         config="site_name: T\nextra:\n  escalation:\n    timezone: localtime\n"),
    Case("broken-frozen-report", {"docs/reports/frozen/2026-w47.md": "---\nweek: 2026-W47\n---\n"},
         ("check",), 1,
         "docs/reports/frozen/2026-w47.md:1: error: front-matter lacks as_of, frozen_at,"
         " records_digest, figures [report.broken-snapshot]", "report.broken-snapshot"),
    Case("codeowners-is-a-folder", {".github/CODEOWNERS/x": "y"}, ("check",), 0,
         ".github/CODEOWNERS:1: warning: cannot be read: Is a directory [codeowners.bad-file]",
         "codeowners.bad-file"),
    Case("redirect-to-the-engaged-admin", {A: ADMIN, T: REDIRECTED_TO_SELF}, ("check",), 1,
         f"{T}:16: error: {SELF_REDIRECT}", "ticket.redirect-to-self"),
    Case("respond-redirecting-to-the-engaged-admin", {A: ADMIN, T: COLLABORATE},
         ("respond", "T1", "--admin", "dana-okafor", "--outcome", "redirected",
          "--redirect-to", "dana-okafor", "--at", "2026-11-16T11:00"), 1,
         f"  {T}:16: error: {SELF_REDIRECT}", "ticket.redirect-to-self"),
    Case("engage-an-id-with-two-files",
         {A: ADMIN, T: COLLABORATE, "tickets/2025/T1.md": COLLABORATE},
         ("engage", "T1", "--admin", "dana-okafor", "--tier", "collaborate",
          "--at", "2026-11-17T10:00"), 1,
         "escalation engage: ticket T1 has several files (tickets/2025/T1.md,"
         " tickets/2026/T1.md); keep one (escalation check reports the duplicate) and try"
         " again"),
    Case("serve-address-not-ip-port", {}, ("serve", "-a", "notanaddr"), 2,
         SERVE_ADDRESS.format("notanaddr")),
    Case("serve-port-out-of-range", {}, ("serve", "-a", "127.0.0.1:99999"), 2,
         SERVE_ADDRESS.format("127.0.0.1:99999")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EP_CORPUS_UNSET", raising=False)
    run_case(case, tmp_path, capsys, monkeypatch)
