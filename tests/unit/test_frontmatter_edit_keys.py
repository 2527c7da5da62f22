"""Key updates of generator.write.frontmatter_edit (the TDX import): exact texts for each
case, and a property test that the result reads back as the intended values with every
other line untouched."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.read.frontmatter import RawRecord, parse_record_text
from generator.read.records import load_ticket
from generator.schema.fields import TICKET
from generator.schema.problems import Problem
from generator.schema.settings import Settings
from generator.tdx.plan import current_text, edited, render_ticket, value_text
from generator.write.frontmatter_edit import EditError, locate_keys, update_fields

ROOT = Path(__file__).parents[2]
SAMPLES = sorted((ROOT / "tickets").rglob("*.md")) + sorted(
    (ROOT / "tests/fixtures/tdx/project/tickets").rglob("*.md"))

RECORD = """\
---
# a comment before the first key
title: >-
  A folded title
  over two lines
opened: 2026-11-02T09:15
classification: incident
priority: medium  # raised by the requestor
tier: handle
status: open
requestor: "Mirela Dobrescu"

agent: Lena Whitcombe
tags: [a, b]
---
Body text.
"""


def update(text: str, **changes: str | datetime | None) -> str:
    return update_fields(text, changes, TICKET.keys)


def test_replace_keeps_the_inline_comment() -> None:
    assert update(RECORD, priority="high") == RECORD.replace(
        "priority: medium  # raised", "priority: high  # raised")


def test_replace_a_multi_line_value() -> None:
    assert update(RECORD, title="Short") == RECORD.replace(
        "title: >-\n  A folded title\n  over two lines\n", "title: Short\n")


def test_delete_removes_the_key_lines_only() -> None:
    assert update(RECORD, requestor=None) == RECORD.replace(
        'requestor: "Mirela Dobrescu"\n', "")


def test_insert_after_the_preceding_key_in_record_order() -> None:
    result = update(RECORD, resolved=datetime(2026, 11, 3, 10, 0), service="email-calendar",
                    department="Admissions")
    assert result == RECORD.replace(
        "status: open\n",
        "status: open\nresolved: 2026-11-03T10:00\nservice: email-calendar\n",
    ).replace('requestor: "Mirela Dobrescu"\n',
              'requestor: "Mirela Dobrescu"\ndepartment: Admissions\n')


def test_insert_before_the_first_key_without_a_predecessor() -> None:
    text = "---\nstatus: open\n---\n"
    assert update(text, title="First") == "---\ntitle: First\nstatus: open\n---\n"


def test_insert_into_empty_front_matter() -> None:
    assert update("---\n---\nx\n", title="T") == "---\ntitle: T\n---\nx\n"


def test_line_endings_and_bom_are_kept() -> None:
    text = "\ufeff" + RECORD.replace("\n", "\r\n")
    result = update(text, status="closed", resolved=datetime(2026, 11, 3, 10, 0, 30))
    assert result == "\ufeff" + RECORD.replace(
        "status: open\n", "status: closed\nresolved: 2026-11-03T10:00:30\n"
    ).replace("\n", "\r\n")


def test_line_separator_inside_an_earlier_value_does_not_shift_edits() -> None:
    """YAML counts U+2028 as a line break, so its line numbers are not the file's: with
    such a break the key lines are not trusted and offsets keep the edit exact."""
    text = '---\ntitle: "one\u2028two"\nstatus: open\npriority: low\n---\n'
    yaml_lines = {"title": 2, "status": 4, "priority": 5}
    expected = text.replace("priority: low", "priority: high")
    assert update(text, priority="high") == expected
    assert update_fields(text, {"priority": "high"}, TICKET.keys, yaml_lines) == expected


def test_key_lines_that_do_not_fit_the_text_are_not_trusted() -> None:
    expected = RECORD.replace("status: open", "status: closed")
    for outside in ({"status": 99}, {"status": 1}):  # past the end, on the '---' line
        assert update_fields(RECORD, {"status": "closed"}, TICKET.keys, outside) == expected
    with pytest.raises(EditError, match="the lines of key 'status' do not hold that key"):
        update_fields(RECORD, {"status": "closed"}, TICKET.keys, {"title": 2, "status": 3})


def test_block_values_keep_the_blank_and_comment_lines_after_them() -> None:
    text = "---\ntitle: |\n  x\n\n# about status\nstatus: open\n---\n"
    assert update(text, title="z") == "---\ntitle: z\n\n# about status\nstatus: open\n---\n"


def test_quoting_of_written_values() -> None:
    result = update(RECORD, title="No", requestor="O'Brien: \"Pat\"")
    assert 'title: "No"\n' in result
    assert 'requestor: "O\'Brien: \\"Pat\\""\n' in result


@pytest.mark.parametrize(("text", "message"), [
    ("---\n{title: x}\n---\n", "the front-matter is not a block mapping of 'field: value'"
     " lines"),
    ("---\ntitle: a\ntitle: b\n---\n", "key 'title' appears twice"),
    ("---\ntitle: [a\n---\n", "the front-matter is not valid YAML"),
    ("title: a\n", "the file does not start with a '---' line"),
    ("---\ntitle: a\n", "the front-matter is never closed by a '---' line"),
])
def test_refused_front_matter(text: str, message: str) -> None:
    with pytest.raises(EditError, match="^" + message.replace("[", r"\[").replace("{", r"\{")):
        locate_keys(text)


SETTINGS = Settings(root=ROOT)
OWNED = ("title", "classification", "priority", "status", "resolved", "service",
         "requestor", "department")
text_values = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40,
).map(str.strip).filter(bool)
times = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)).map(
    lambda d: d.replace(microsecond=0))


@st.composite
def edits(draw: st.DrawFn) -> dict[str, str | datetime | None]:
    keys = draw(st.lists(st.sampled_from(OWNED), unique=True, min_size=1))
    result: dict[str, str | datetime | None] = {}
    for key in keys:
        if draw(st.booleans()):
            result[key] = None
        elif key == "resolved":
            result[key] = draw(times)
        else:
            result[key] = draw(text_values)
    return result


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(sample=st.sampled_from(SAMPLES), crlf=st.booleans(), changes=edits())
def test_merge_reads_back_as_intended(sample: Path, crlf: bool,
                                      changes: dict[str, str | datetime | None]) -> None:
    text = sample.read_text(encoding="utf-8")
    if crlf:
        text = text.replace("\n", "\r\n")
    before, _ = parse_record_text(text.encode(), "t.md")
    assert before is not None
    result = update_fields(text, changes, TICKET.keys)
    key_lines = {key: before.lines[key] for key in before.data}
    assert update_fields(text, changes, TICKET.keys, key_lines) == result
    after, problems = parse_record_text(result.encode(), "t.md")
    assert after is not None and not problems
    for key, value in before.data.items():
        if key not in changes:
            assert after.data[key] == value
    for key, value in changes.items():
        assert current_text(after.data, key, SETTINGS) == value_text(value)
    assert _load_errors(edited(before, changes, result)) == _load_errors(after)
    untouched = _without(text, changes)
    assert [line for line in result.split("\n")
            if not any(line.startswith(f"{key}: ") for key in changes)] == untouched


def _load_errors(raw: RawRecord) -> set[tuple[str, str]]:
    """What loading reports, line numbers aside (the plan checks edited values this way)."""
    problems: list[Problem] = []
    load_ticket(raw, SETTINGS, ("lars-whitfield",), problems)
    return {(p.code, p.message) for p in problems}


def _without(text: str, keys: dict[str, str | datetime | None]) -> list[str]:
    """The text's lines minus those of the top-level ``keys`` (key line to value end)."""
    front = locate_keys(text)
    dropped: set[int] = set()
    for key in keys:
        span = front.span(key)
        if span is not None:
            first = text.count("\n", 0, span.start)
            last = text.count("\n", 0, span.end)
            dropped.update(range(first, last + 1))
    return [line for number, line in enumerate(text.split("\n")) if number not in dropped]


@settings(max_examples=100)
@given(title=text_values, requestor=st.none() | text_values, department=st.none() | text_values,
       opened=times, done=st.booleans(), status=st.sampled_from(["open", "waiting"]))
def test_a_new_ticket_file_loads_back_without_problems(
    title: str, requestor: str | None, department: str | None, opened: datetime,
    done: bool, status: str,
) -> None:
    """What lets the plan check new tickets without parsing them: the file is right by
    construction, whatever the text of the values."""
    values: dict[str, str | datetime | None] = {
        "title": title, "opened": opened, "classification": "incident", "priority": "low",
        "status": "closed" if done else status, "resolved": opened if done else None,
        "requestor": requestor, "department": department, "service": "email-calendar",
    }
    raw, problems = parse_record_text(render_ticket(values, SETTINGS).encode(), "t/1.md")
    assert raw is not None
    ticket = load_ticket(raw, SETTINGS, (), problems)
    assert ticket is not None and problems == []
    assert (ticket.title, ticket.requestor, ticket.department) == (title, requestor, department)
    assert ticket.opened.replace(tzinfo=None) == opened
    assert ticket.tier.value == "handle" and ticket.escalations == ()
