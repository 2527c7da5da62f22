"""Corpus: submitted issue forms that ``escalation apply-form`` must refuse (issue 13), each
with one exact line, exit status 1 (2 for a file that is no form issue) and no file of the
project changed. The project and the events are the recorded ones of
tests/fixtures/issue-events/; a few bodies are edited here to make a case of their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_harness import Case, run_case

EVENTS = Path(__file__).resolve().parents[1] / "fixtures" / "issue-events"
PROJECT = EVENTS / "project"
FILES = {p.relative_to(PROJECT).as_posix(): p.read_text(encoding="utf-8")
         for p in PROJECT.rglob("*.md")}
CONFIG = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
PREFIX = "escalation apply-form: "


def event(name: str, body: str | None = None) -> str:
    """The recorded event ``name``, its body replaced by ``body`` when given."""
    payload = json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))
    if body is not None:
        payload["issue"]["body"] = body
    return json.dumps(payload)


def case(name: str, recorded: str, line: str, *, body: str | None = None, exit_status: int = 1,
         code: str | None = None) -> Case:
    return Case(name, {**FILES, "event.json": event(recorded, body)},
                ("apply-form", "event.json"), exit_status, line, code, config=CONFIG)


ENGAGE = ("### Ticket\n\n48213\n\n### Admin\n\nmarisol-tran\n\n### Tier\n\ncollaborate\n\n"
          "### Tag\n\n_No response_\n\n### Reason\n\n_No response_\n\n### Message\n\n"
          "_No response_\n\n### Engaged at\n\n_No response_")

CASES = [
    case("unknown-admin", "unknown-admin", PREFIX + "issue #31: field 'Admin' 'marisol-tarn':"
         " expected the slug of an admin in admins/ (did you mean 'marisol-tran'?)"),
    case("unknown-ticket", "unknown-ticket", PREFIX + "issue #41: no ticket '99999': expected"
         " a file tickets/<year>/99999.md (create it with 'escalation new ticket')"),
    case("tier-misspelt", "bad-tier", PREFIX + "issue #32: field 'Tier' 'escalated': expected"
         " one of collaborate, escalate (did you mean 'escalate'?)"),
    case("tier-handle", "bad-tier", PREFIX + "issue #32: field 'Tier' 'handle': expected one"
         " of collaborate, escalate", body=ENGAGE.replace("collaborate", "handle")),
    case("outcome-unknown", "bad-outcome", PREFIX + "issue #36: field 'Outcome' 'resolved':"
         " expected one of accepted, answered, redirected, declined"),
    case("time-words", "bad-time", PREFIX + "issue #34: field 'Engaged at' 'yesterday"
         " afternoon': expected a date and time such as 2026-11-16T09:30"),
    case("time-a-date", "bad-time", PREFIX + "issue #34: field 'Engaged at' '2026-11-16':"
         " expected a date and time such as 2026-11-16T09:30",
         body=ENGAGE.replace("### Engaged at\n\n_No response_", "### Engaged at\n\n2026-11-16")),
    case("time-skipped-by-the-clocks", "bad-time", PREFIX + "issue #34: field 'Engaged at'"
         " '2027-03-14T02:30' does not exist in America/Chicago: the clocks skip that hour when"
         " they spring forward; write the instant meant with its UTC offset (-06:00 or"
         " -05:00)",
         body=ENGAGE.replace("### Engaged at\n\n_No response_",
                             "### Engaged at\n\n2027-03-14T02:30")),
    case("engaged-before-opened", "before-opened", "  tickets/2026/48213.md:20: error: field"
         " 'escalations[0].at': expected a time not before opened (2026-11-16 09:30) but"
         " received 2026-11-16 08:00 [ticket.engagement-before-opened]",
         code="ticket.engagement-before-opened"),
    case("responded-before-engaged", "response-before-engagement", "  tickets/2026/48214.md:22:"
         " error: field 'escalations[0].response.at': expected a time not before the"
         " engagement (2026-11-16 10:00) but received 2026-11-16 09:30"
         " [ticket.response-before-engagement]", code="ticket.response-before-engagement"),
    case("escalate-checklist-open", "escalate-incomplete", "  - outside-sc-scope: Confirmed"
         " that the fix is outside SC scope or access"),
    case("redirect-without-target", "redirect-without-target", PREFIX + "issue #37: field"
         " 'Outcome' redirected needs field 'Redirect to': the admin the ticket was sent on to"),
    case("redirect-to-unknown", "respond-redirected", PREFIX + "issue #24: field 'Redirect to'"
         " 'ruth-adebayp': expected the slug of an admin in admins/ (did you mean"
         " 'ruth-adebayo'?)",
         body=json.loads(event("respond-redirected"))["issue"]["body"].replace(
             "ruth-adebayo", "ruth-adebayp")),
    case("no-open-engagement", "no-open-engagement", PREFIX + "issue #39: ticket 48214 has no"
         " engagement of 'ruth-adebayo'; engage them first with 'escalation engage'"),
    case("sections-duplicated", "nonsense", "issue #42: line 11: section '### Admin' appears a"
         " second time; each field has one section"),
    case("section-unknown", "nonsense", "issue #42: line 15: section '### Priority' is not a"
         " field of the engage form"),
    case("garbage-body", "nonsense", PREFIX + "issue #42: line 1: text before the first"
         " section", body="lorem ipsum <b>dolor</b>\n\n```\nsit amet\n```"),
    case("heading-inside-an-answer", "engage-collaborate", PREFIX + "issue #21: line 20: section"
         " '### Tier' appears a second time; each field has one section",
         body=ENGAGE.replace("### Reason\n\n_No response_",
                             "### Reason\n\nSee below\n### Tier\nescalate")),
    case("required-left-empty", "empty-ticket", PREFIX + "issue #44: field 'Ticket' is empty;"
         " the engage form needs it"),
    case("ticket-path-traversal", "unknown-ticket", PREFIX + "issue #41: no ticket"
         " '../../mkdocs': expected a file tickets/<year>/../../mkdocs.md (create it with"
         " 'escalation new ticket')", body=ENGAGE.replace("48213", "../../mkdocs")),
    case("both-form-labels", "both-labels", PREFIX + "issue #47 carries the labels engage-form"
         " and respond-form: one form per issue; remove the label of the form it is not"),
    case("no-form-label", "not-a-form", PREFIX + "error: issue #48 has no label engage-form or"
         " respond-form: it is not an engage or respond form", exit_status=2),
    Case("no-event-file", FILES, ("apply-form", "missing.json"), 2,
         PREFIX + "error: cannot read missing.json: No such file or directory", config=CONFIG),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    run_case(case, tmp_path, capsys, monkeypatch)
