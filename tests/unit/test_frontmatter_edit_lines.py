"""Line edits of generator.write.frontmatter_edit (engage, respond): edits insert lines
and keep every other byte.

Each layout case gives the text before and the exact text after; a second assertion
checks the general promise on every case: deleting the inserted lines (and undoing the
one rewritten value) gives back the original bytes.
"""

from __future__ import annotations

import difflib
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.read.frontmatter import RawRecord, parse_record_text
from generator.render.yaml_text import Scalar
from generator.schema.fields import TICKET
from generator.write.engagement_edit import as_loaded, engage_text, respond_text
from generator.write.frontmatter_edit import EditError, update_fields

AT = datetime(2026, 11, 16, 10, 15)
ENGAGEMENT: dict[str, Scalar] = {
    "admin": "marisol-tran",
    "tier": "collaborate",
    "at": AT,
    "reason": "Please confirm: which group?",
}
RESPONSE: dict[str, Scalar] = {
    "at": datetime(2026, 11, 16, 13, 40),
    "outcome": "answered",
    "process": "SC requests membership #2",
}

HEAD = """\
---
title: Cannot map the share
opened: 2026-11-16T09:30
classification: incident
priority: medium
"""


def raw_of(text: str) -> RawRecord:
    raw, problems = parse_record_text(text.encode("utf-8"), "tickets/2026/48213.md")
    assert raw is not None and not problems, problems
    return raw


def changed_lines(old: str, new: str) -> list[tuple[str, list[str], list[str]]]:
    """The non-equal opcodes of a line diff: (tag, old lines, new lines)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [
        (tag, a[i1:i2], b[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def assert_only_additions(old: str, new: str, *, replaced: int = 0) -> None:
    """Every change inserts lines, except at most ``replaced`` one-line rewrites."""
    rewrites = 0
    for tag, before, _after in changed_lines(old, new):
        if tag == "replace":
            rewrites += len(before)
        else:
            assert tag == "insert", (tag, before)
    assert rewrites <= replaced


ENGAGE_CASES = {
    "handle ticket with escalations: [] and a comment": (
        HEAD + "tier: handle  # nobody else yet\nstatus: open\n"
        "escalations: []   # none so far\ntags: [share]\n---\nNotes.\n",
        HEAD + "tier: collaborate  # nobody else yet\nstatus: open\n"
        "escalations:   # none so far\n"
        "  - admin: marisol-tran\n    tier: collaborate\n    at: 2026-11-16T10:15\n"
        '    reason: "Please confirm: which group?"\n'
        "tags: [share]\n---\nNotes.\n",
    ),
    "no escalations key: placed after the keys that come before it": (
        HEAD + "tier: handle\nstatus: open\nagent: Lena\n# tags below\ntags: [share]\n"
        "---\nNotes.\n",
        HEAD + "tier: collaborate\nstatus: open\nagent: Lena\n"
        "escalations:\n"
        "  - admin: marisol-tran\n    tier: collaborate\n    at: 2026-11-16T10:15\n"
        '    reason: "Please confirm: which group?"\n'
        "# tags below\ntags: [share]\n---\nNotes.\n",
    ),
    "escalations: with no value": (
        HEAD + "tier: handle\nstatus: open\nescalations:\n---\n",
        HEAD + "tier: collaborate\nstatus: open\nescalations:\n"
        "  - admin: marisol-tran\n    tier: collaborate\n    at: 2026-11-16T10:15\n"
        '    reason: "Please confirm: which group?"\n---\n',
    ),
    "existing items at column 0 with a folded block scalar last": (
        HEAD + "tier: collaborate\nstatus: open\nescalations:\n"
        "- admin: ruth-adebayo\n  tier: collaborate\n  at: 2026-11-16T09:45\n"
        "  reason: >-\n    first line\n    second line\n\n"
        "# a comment after the list\ntags: []\n---\nBody\n",
        HEAD + "tier: collaborate\nstatus: open\nescalations:\n"
        "- admin: ruth-adebayo\n  tier: collaborate\n  at: 2026-11-16T09:45\n"
        "  reason: >-\n    first line\n    second line\n\n"
        "- admin: marisol-tran\n  tier: collaborate\n  at: 2026-11-16T10:15\n"
        '  reason: "Please confirm: which group?"\n'
        "# a comment after the list\ntags: []\n---\nBody\n",
    ),
    "items with the dash alone on its line and wide indentation": (
        HEAD + "tier: collaborate\nstatus: open\nescalations:\n"
        "    -\n        admin: ruth-adebayo\n        tier: collaborate\n"
        "        at: 2026-11-16T09:45   # trailing comment\n---\n",
        HEAD + "tier: collaborate\nstatus: open\nescalations:\n"
        "    -\n        admin: ruth-adebayo\n        tier: collaborate\n"
        "        at: 2026-11-16T09:45   # trailing comment\n"
        "    -   admin: marisol-tran\n        tier: collaborate\n"
        "        at: 2026-11-16T10:15\n"
        '        reason: "Please confirm: which group?"\n---\n',
    ),
}


@pytest.mark.parametrize("case", list(ENGAGE_CASES), ids=list(ENGAGE_CASES))
def test_engage_inserts_the_engagement_and_sets_the_tier(case: str) -> None:
    before, after = ENGAGE_CASES[case]
    new = engage_text(raw_of(before), ENGAGEMENT, "collaborate")
    assert new == after
    assert_only_additions(before, new, replaced=2)


RESPOND_CASES = {
    "engagement without a response, block scalar last": (
        HEAD + "tier: collaborate\nstatus: open\nescalations:\n"
        "  - admin: marisol-tran\n    tier: collaborate\n    at: 2026-11-16T10:15\n"
        "    message: |\n      # not a comment\n      second\n"
        "  # a comment between items\n"
        "  - admin: ruth-adebayo\n    tier: collaborate\n    at: 2026-11-16T11:00\n"
        "tags: []\n---\nBody\n",
        0,
        HEAD + "tier: collaborate\nstatus: open\nescalations:\n"
        "  - admin: marisol-tran\n    tier: collaborate\n    at: 2026-11-16T10:15\n"
        "    message: |\n      # not a comment\n      second\n"
        "    response:\n      at: 2026-11-16T13:40\n      outcome: answered\n"
        '      process: "SC requests membership #2"\n'
        "  # a comment between items\n"
        "  - admin: ruth-adebayo\n    tier: collaborate\n    at: 2026-11-16T11:00\n"
        "tags: []\n---\nBody\n",
    ),
    "indentation of an existing response is followed": (
        HEAD + "tier: collaborate\nstatus: open\nescalations:\n"
        "  - admin: ruth-adebayo\n    tier: collaborate\n    at: 2026-11-16T09:45\n"
        "    response:\n        at: 2026-11-16T10:00\n        outcome: redirected\n"
        "        redirect_to: marisol-tran\n"
        "  - admin: marisol-tran\n    tier: collaborate\n    at: 2026-11-16T10:15\n---\n",
        1,
        HEAD + "tier: collaborate\nstatus: open\nescalations:\n"
        "  - admin: ruth-adebayo\n    tier: collaborate\n    at: 2026-11-16T09:45\n"
        "    response:\n        at: 2026-11-16T10:00\n        outcome: redirected\n"
        "        redirect_to: marisol-tran\n"
        "  - admin: marisol-tran\n    tier: collaborate\n    at: 2026-11-16T10:15\n"
        "    response:\n        at: 2026-11-16T13:40\n        outcome: answered\n"
        '        process: "SC requests membership #2"\n---\n',
    ),
    "response: null in the middle of the engagement": (
        HEAD + "tier: collaborate\nstatus: open\nescalations:\n"
        "  - admin: marisol-tran\n    response: null  # not yet\n    tier: collaborate\n"
        "    at: 2026-11-16T10:15\n---\n",
        0,
        HEAD + "tier: collaborate\nstatus: open\nescalations:\n"
        "  - admin: marisol-tran\n    response:  # not yet\n"
        "      at: 2026-11-16T13:40\n      outcome: answered\n"
        '      process: "SC requests membership #2"\n'
        "    tier: collaborate\n    at: 2026-11-16T10:15\n---\n",
    ),
}


@pytest.mark.parametrize("case", list(RESPOND_CASES), ids=list(RESPOND_CASES))
def test_respond_inserts_the_response_under_its_engagement(case: str) -> None:
    before, index, after = RESPOND_CASES[case]
    new = respond_text(raw_of(before), index, RESPONSE)
    assert new == after
    assert_only_additions(before, new, replaced=1)


def test_crlf_files_get_crlf_lines() -> None:
    before = (HEAD + "tier: handle\nstatus: open\nescalations: []\n---\nBody\n").replace(
        "\n", "\r\n"
    )
    new = engage_text(raw_of(before), ENGAGEMENT, "collaborate")
    assert "\r\n  - admin: marisol-tran\r\n    tier: collaborate\r\n" in new
    assert new.count("\n") == new.count("\r\n")
    assert_only_additions(before, new, replaced=2)


def test_a_last_line_without_newline_is_kept() -> None:
    before = HEAD + "tier: handle\nstatus: open\n---\nNo newline at the end"
    new = engage_text(raw_of(before), ENGAGEMENT, "collaborate")
    assert new.endswith("---\nNo newline at the end")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEAD + "tier: collaborate\nstatus: open\n"
         "escalations: [{admin: a, tier: collaborate, at: 2026-11-16T10:00:00}]\n---\n",
         "'escalations' is written in flow style [...]; edit it by hand"),
        (HEAD + "tier: handle\nstatus: open\nescalations: none\n---\n",
         "'escalations' is not a list; fix it first (escalation check)"),
        (HEAD + "tier: >-\n  handle\nstatus: open\n---\n",
         "field 'tier' does not hold a one-line value"),
    ],
)
def test_engage_refuses_layouts_it_cannot_edit_safely(text: str, message: str) -> None:
    with pytest.raises(EditError) as caught:
        engage_text(raw_of(text), ENGAGEMENT, "collaborate")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEAD + "tier: collaborate\nstatus: open\nescalations:\n"
         "  - {admin: a, tier: collaborate, at: 2026-11-16T10:00:00}\n---\n",
         "escalations[0] is not a block mapping; edit it by hand"),
        (HEAD + "tier: collaborate\nstatus: open\nescalations:\n  - admin: a\n"
         "    response:\n      at: 2026-11-16T10:00:00\n---\n",
         "escalations[0] already has a response"),
        (HEAD + "tier: handle\nstatus: open\n---\n", "the ticket has no 'escalations' list"),
    ],
)
def test_respond_refuses_layouts_it_cannot_edit_safely(text: str, message: str) -> None:
    with pytest.raises(EditError) as caught:
        respond_text(raw_of(text), 0, RESPONSE)
    assert str(caught.value) == message


@pytest.mark.parametrize("odd", ["\r", "\u2028", "\x85"])
def test_unusual_line_breaks_are_refused(odd: str) -> None:
    """YAML counts these as line breaks and a split on LF does not (defence in depth:
    the reader refuses them too)."""
    good = raw_of(HEAD + "tier: handle\nstatus: open\nrequestor: A\n---\n")
    text = good.text.replace("requestor: A", f"requestor: A{odd}B")
    raw = RawRecord(good.path, good.data, good.lines, good.body, good.body_line, text)
    with pytest.raises(EditError, match="unusual line breaks"):
        engage_text(raw, ENGAGEMENT, "collaborate")


def test_as_loaded_is_what_yaml_reads_back() -> None:
    assert as_loaded({"at": AT, "n": "yes", "s": datetime(2026, 1, 2, 3, 4, 5)}) == {
        "at": "2026-11-16T10:15",
        "n": "yes",
        "s": datetime(2026, 1, 2, 3, 4, 5),
    }


# Property: whatever comments and blank lines surround the records' lines, an edit only
# inserts lines (plus the one tier rewrite) and the result reads back as intended.
_COMMENT = st.sampled_from(["", "# note", "   # indented note", "#", "# tier: escalate"])
_LINES = [
    "---", "title: Share", "opened: 2026-11-16T09:30", "classification: incident",
    "priority: medium", "tier: collaborate", "status: open", "escalations:",
    "  - admin: ruth-adebayo", "    tier: collaborate", "    at: 2026-11-16T09:45",
    "    reason: >-", "      folded", "      text",
    "  - admin: marisol-tran", "    tier: collaborate", "    at: 2026-11-16T10:00",
    "tags: [a, b]",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(_COMMENT, min_size=len(_LINES), max_size=len(_LINES)),
       st.lists(st.sampled_from(["", "  # same-line"]), min_size=len(_LINES),
                max_size=len(_LINES)))
def test_edits_keep_every_other_byte(between: list[str], trailing: list[str]) -> None:
    lines = []
    for number, (line, extra, tail) in enumerate(zip(_LINES, between, trailing, strict=True)):
        inside_scalar = line.startswith("      ")
        lines.append(line + (tail if number and not inside_scalar else ""))
        if number and extra and not inside_scalar and not _LINES[number].endswith(">-"):
            lines.append(extra)
    before = "\n".join([*lines, "---", "Body # text", ""])
    raw = raw_of(before)
    engaged = engage_text(raw, ENGAGEMENT, "escalate")
    assert_only_additions(before, engaged, replaced=1)
    assert raw_of(engaged).data["tier"] == "escalate"
    responded = respond_text(raw, 1, RESPONSE)
    assert_only_additions(before, responded)
    data: dict[str, Any] = raw_of(responded).data
    assert data["escalations"][1]["response"] == as_loaded(RESPONSE)


def test_line_edits_and_key_updates_refuse_a_flow_mapping_alike() -> None:
    """One editor: the same front-matter is refused with the same message by both kinds."""
    text = ("---\n{title: Share, opened: 2026-11-16T09:30, classification: incident,"
            " priority: medium, tier: handle, status: open}\n---\n")
    message = "the front-matter is not a block mapping of 'field: value' lines"
    with pytest.raises(EditError) as engaged:
        engage_text(raw_of(text), ENGAGEMENT, "collaborate")
    with pytest.raises(EditError) as updated:
        update_fields(text, {"priority": "high"}, TICKET.keys)
    assert str(engaged.value) == str(updated.value) == message
