"""Corpus: record syntax, types, dates, encodings, IDs, aliases, sizes and settings.

These are the inputs the tools already answered well when the hostile-input review began;
the corpus keeps the exact answers so none can drift into a traceback or a vaguer message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_harness import Case, run_case

T = "tickets/2026/T1.md"
HEAD = (
    "---\ntitle: Printer jam\nopened: 2026-11-16T09:30\nclassification: incident\n"
    "priority: low\ntier: handle\nstatus: open\n"
)


def ticket(extra: str = "", *, replace: tuple[str, str] = ("", ""), body: str = "Notes.\n") -> str:
    """The smallest valid ticket with ``extra`` front-matter lines and one text replaced."""
    return HEAD.replace(*replace) + extra + "---\n" + body


def check_error(line: int, message: str, code: str, path: str = T) -> str:
    return f"{path}:{line}: error: {message} [{code}]"


CHECK = ("check",)
CASES = [
    Case("yaml-unclosed-quote", {T: ticket('department: "Fin\n')}, CHECK, 1,
         check_error(9, "YAML syntax: while scanning a quoted scalar on line 8, found unexpected"
                     " end of stream", "file.yaml-syntax"), "file.yaml-syntax"),
    Case("yaml-tab-indent", {T: ticket("checklist:\n\tissue-verified: true\n")}, CHECK, 1,
         check_error(9, "YAML syntax: while scanning for the next token, found character that"
                     " cannot start any token", "file.yaml-syntax"), "file.yaml-syntax"),
    Case("front-matter-never-closed", {T: HEAD + "Notes\n"}, CHECK, 1,
         check_error(1, "the front-matter opened on line 1 is never closed by a '---' line",
                     "file.unterminated-front-matter"), "file.unterminated-front-matter"),
    Case("no-front-matter", {T: "Just notes.\n"}, CHECK, 1,
         check_error(1, "expected the file to start with a '---' line opening the front-matter",
                     "file.no-front-matter"), "file.no-front-matter"),
    Case("duplicate-key", {T: ticket("priority: high\n")}, CHECK, 1,
         check_error(8, "key 'priority' appears twice (first on line 5); YAML would silently"
                     " keep only the last value", "file.duplicate-key"), "file.duplicate-key"),
    Case("choice-given-a-number", {T: ticket(replace=("priority: low", "priority: 5"))}, CHECK,
         1, check_error(5, "field 'priority': expected one of low, medium, high, critical but"
                        " received the number 5", "ticket.invalid-value"), "ticket.invalid-value"),
    Case("choice-given-a-list", {T: ticket(replace=("tier: handle", "tier: [handle]"))}, CHECK,
         1, check_error(6, "field 'tier': expected one of handle, collaborate, escalate but"
                        " received a list", "ticket.invalid-value"), "ticket.invalid-value"),
    Case("date-in-words", {T: ticket(replace=("2026-11-16T09:30", "yesterday"))}, CHECK, 1,
         check_error(3, "field 'opened': expected a date or datetime such as 2026-11-16 or"
                     " 2026-11-16T09:30 but received 'yesterday'", "ticket.bad-date"),
         "ticket.bad-date"),
    Case("date-february-30", {T: ticket(replace=("2026-11-16T09:30", "2026-02-30T09:30"))},
         CHECK, 1, check_error(3, "field 'opened': expected a date or datetime such as 2026-11-16"
                               " or 2026-11-16T09:30 but received '2026-02-30T09:30'",
                               "ticket.bad-date"), "ticket.bad-date"),
    Case("date-before-1970", {T: ticket(replace=("2026-11-16T09:30", "1969-12-31T09:30"))},
         CHECK, 1, check_error(3, "field 'opened': expected a date between the years 1970 and"
                               " 2999 but received '1969-12-31T09:30'", "ticket.bad-date"),
         "ticket.bad-date"),
    Case("date-after-2999", {T: ticket(replace=("2026-11-16T09:30", "3000-01-01T09:30"))},
         CHECK, 1, check_error(3, "field 'opened': expected a date between the years 1970 and"
                               " 2999 but received '3000-01-01T09:30'", "ticket.bad-date"),
         "ticket.bad-date"),
    Case("resolved-before-opened",
         {T: ticket("resolved: 2026-11-15T09:00\n", replace=("status: open", "status: closed"))},
         CHECK, 1, check_error(8, "field 'resolved': expected a time not before opened"
                               " (2026-11-16 09:30) but received 2026-11-15 09:00",
                               "ticket.resolved-before-opened"), "ticket.resolved-before-opened"),
    Case("latin-1-bytes", {T: ticket("department: Caf\xe9\n").encode("latin-1")}, CHECK, 1,
         check_error(8, "byte 128 is not valid UTF-8 text", "file.not-utf8"), "file.not-utf8"),
    Case("utf-16-file", {T: ticket().encode("utf-16")}, CHECK, 1,
         check_error(1, "byte 0 is not valid UTF-8 text", "file.not-utf8"), "file.not-utf8"),
    Case("nul-character", {T: ticket("department: a\x00b\n").encode()}, CHECK, 1,
         check_error(8, "control character U+0000 is not allowed in a record",
                     "file.control-character"), "file.control-character"),
    Case("ticket-id-with-space", {"tickets/2026/T 1.md": ticket()}, CHECK, 1,
         check_error(1, "file name: expected a ticket ID of letters, digits, '.', '_' and '-'"
                     " (such as '48213.md') but received 'T 1'", "ticket.bad-id",
                     path="tickets/2026/T 1.md"), "ticket.bad-id"),
    Case("alias-bomb",
         {T: ticket("a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                    "c: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n")}, CHECK, 1,
         check_error(8, "YAML anchors ('&name') and aliases ('*name') are not allowed in"
                     " records", "file.yaml-alias"), "file.yaml-alias"),
    Case("merge-key", {T: ticket("x: &x {department: A}\n<<: *x\n")}, CHECK, 1,
         check_error(8, "YAML anchors ('&name') and aliases ('*name') are not allowed in"
                     " records", "file.yaml-alias"), "file.yaml-alias"),
    Case("record-over-1-mib", {T: ticket(body="x" * (1 << 20))}, CHECK, 1,
         check_error(1, "file is 1048693 bytes; the limit is 1 MiB", "file.too-large"),
         "file.too-large"),
    Case("unknown-field-is-a-warning", {T: ticket("colour: red\n")}, CHECK, 0,
         f"{T}:8: warning: field 'colour': unknown field [ticket.unknown-key]",
         "ticket.unknown-key"),
    Case("required-field-missing", {T: ticket(replace=("title: Printer jam\n", ""))}, CHECK, 1,
         check_error(1, "field 'title': required field is missing", "ticket.missing-field"),
         "ticket.missing-field"),
    Case("engagement-of-unknown-admin",
         {T: ticket("escalations:\n  - admin: bob\n    tier: collaborate\n"
                    "    at: 2026-11-16T10:00\n    tag: participant\n    reason: x\n",
                    replace=("tier: handle", "tier: collaborate"))}, CHECK, 1,
         check_error(9, "field 'escalations[0].admin': expected the slug of an admin in admins/"
                     " but received 'bob'", "ticket.unknown-admin"), "ticket.unknown-admin"),
    Case("admin-file-name-not-a-slug", {"admins/Bob.md": "---\nname: Bob\n---\n"}, CHECK, 1,
         check_error(1, "file name: expected a slug of lowercase letters, digits and '-' (such"
                     " as 'dana-okafor.md') but received 'Bob'", "admin.bad-slug",
                     path="admins/Bob.md"), "admin.bad-slug"),
    Case("settings-unknown-timezone", {}, CHECK, 2,
         "mkdocs.yml:4: error: setting 'timezone': expected an IANA timezone name such as"
         " 'America/Chicago' but received 'Mars/Olympus' [settings.invalid-value]",
         "settings.invalid-value",
         config="site_name: T\nextra:\n  escalation:\n    timezone: Mars/Olympus\n"),
    Case("settings-unknown-key-is-a-warning", {}, CHECK, 0,
         "mkdocs.yml:4: warning: setting 'colour': unknown setting [settings.unknown-key]",
         "settings.unknown-key", config="site_name: T\nextra:\n  escalation:\n    colour: red\n"),
    Case("settings-yaml-syntax", {}, CHECK, 2,
         "mkdocs.yml:2: error: YAML syntax: while parsing a flow sequence on line 1, did not"
         " find expected ',' or ']' [settings.yaml-syntax]", "settings.yaml-syntax",
         config="site_name: [T\n"),
    Case("no-config-file", {}, CHECK, 2,
         "mkdocs.yml:1: error: cannot read config file 'mkdocs.yml': No such file or directory"
         " [settings.missing-file]", "settings.missing-file", config=None),
    Case("new-ticket-id-escapes-folder", {}, ("new", "ticket", "../x"), 2,
         "escalation new: error: ticket ID '../x': expected letters, digits, '.', '_' and '-'"),
    Case("new-ticket-already-exists", {T: ticket()}, ("new", "ticket", "T1"), 1,
         "escalation new: ticket T1 already exists: tickets/2026/T1.md; edit that file"),
    Case("as-of-in-words", {}, ("report", "--as-of", "tomorrow"), 2,
         "escalation report: error: --as-of: expected an ISO 8601 date or datetime such as"
         " 2026-11-28 or 2026-11-28T12:00 but received 'tomorrow'"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    run_case(case, tmp_path, capsys, monkeypatch)
