"""The summary of a weekly report says what its tables say: each sentence is parsed and
compared with the table it is made from, and names the week each deadline fell in.

The W48 summary of the example data once said an engagement was "past the deadline with
no response" while the same page's table said "deadlines missed 0": the sentence counted
the engagements sent in the week, the table the deadlines that fell in it.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from weekly_scenario import ADMINS, CHI, SETTINGS, TICKETS, W47, A, chi, engage, ticket

from generator.compute.weekly import WeeklyReport, compute_week
from generator.compute.weekly_range import compute_weeks
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.report import render_markdown
from generator.schema.weeks import IsoWeek

ROOT = Path(__file__).resolve().parents[2]
WEEK = r"\d{4}-W\d{2}"


def sections(markdown: str) -> dict[str, list[str]]:
    """Heading → the lines under it (up to the next heading of any level)."""
    found: dict[str, list[str]] = {}
    current = ""
    for line in markdown.splitlines():
        if line.startswith("#"):
            current = line.lstrip("#").strip()
            found[current] = []
        else:
            found.setdefault(current, []).append(line)
    return found


def table(lines: list[str]) -> list[dict[str, str]]:
    """The first Markdown table in ``lines`` as one dict per row."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in lines if line.startswith("|")]
    if not rows:
        return []
    head, body = rows[0], rows[2:]
    return [dict(zip(head, row, strict=True)) for row in body]


def deadline_words(text: str) -> Counter[str]:
    """``(deadline in W)``, ``(deadlines in W)`` (count unknown: 0) or ``(deadlines: 1 in
    W, 2 in V)`` at the end of ``text``, as week → count."""
    many = re.search(r"\(deadlines: ((?:\d+ in " + WEEK + r"(?:, )?)+)\)$", text)
    if many:
        return Counter({w: int(n) for n, w in re.findall(r"(\d+) in (" + WEEK + ")",
                                                          many.group(1))})
    one = re.search(r"\(deadlines? in (" + WEEK + r")\)$", text)
    return Counter({one.group(1): 0}) if one else Counter()


def weeks_of(words: Counter[str], count: int) -> Counter[str]:
    """The deadline words with a single week's count filled in from ``count``."""
    if len(words) == 1 and not sum(words.values()):
        return Counter({next(iter(words)): count})
    return words


def expected_weeks(report: WeeklyReport, state: str, admin: str | None = None
                   ) -> Counter[str]:
    """The deadline week of each engagement sent in the week in ``state``, recomputed
    (``pending`` as the report counts it: pending or due-soon)."""
    states = {"pending", "due-soon"} if state == "pending" else {state}
    return Counter(str(IsoWeek.of(s.deadline)) for s in report.sent
                   if s.state.value in states and admin in (None, s.engagement.admin))


def assert_summary_agrees(report: WeeklyReport) -> None:
    markdown = render_markdown(report)
    parts = sections(markdown)
    summary = [line[2:] for line in parts["Summary"] if line.startswith("- ")]
    figures = {row["Figure"]: row for row in table(parts["Tickets"])}
    figures.update({row["Figure"]: row for row in table(parts["Engagements and responses"])})
    week = str(report.week)

    opened = re.fullmatch(rf"(\d+) tickets? opened in {week} and (\d+) resolved\.", summary[0])
    assert opened, summary[0]
    assert opened.groups() == (figures["Opened in the week"]["Count"],
                               figures["Resolved in the week"]["Count"])

    rows = {row["Admin"]: row for row in table(parts.get("Responses per admin", []))}
    if not rows:
        assert summary[1] == f"No engagement was sent in {week}."
    else:
        total = rows["**All admins**"]
        sent = re.fullmatch(
            rf"(\d+) engagements? sent in {week}, as of [-\d: ]+: (\d+) responded to \((\d+)"
            r" accepted, (\d+) answered, (\d+) redirected, (\d+) declined\), (\d+) of them"
            r" after the deadline( \(deadlines?[^)]*\))?; (\d+) with no response and the"
            r" deadline passed( \(deadlines?[^)]*\))?; (\d+) pending( \(deadlines?[^)]*\))?\.",
            summary[1])
        assert sent, summary[1]
        counts = [sent.group(i) for i in (1, 2, 3, 4, 5, 6, 7, 9, 11)]
        assert counts == [total[k] for k in ("Engaged", "Responded", "Accepted", "Answered",
                                             "Redirected", "Declined", "Late", "No response",
                                             "Pending")]
        for group, state, count in ((10, "no-response", total["No response"]),
                                    (12, "pending", total["Pending"])):
            words = weeks_of(deadline_words(sent.group(group) or ""), int(count))
            assert words == expected_weeks(report, state), (summary[1], state)

    admin_sentences = [s for s in summary if re.match(r"`[a-z0-9-]+`: ", s)]
    with_no_response = {slug: row for slug, row in rows.items()
                        if slug.startswith("`") and row["No response"] != "0"}
    assert [s.split(":", 1)[0] for s in admin_sentences] == list(with_no_response)
    for sentence in admin_sentences:
        slug, text = sentence.split(": ", 1)
        count = re.match(r"(\d+) engagements? sent in " + week + " with no response", text)
        assert count and count.group(1) == with_no_response[slug]["No response"], sentence
        assert weeks_of(deadline_words(text.rstrip(".")), int(count.group(1))) == (
            expected_weeks(report, "no-response", slug.strip("`"))), sentence

    missed = next(s for s in summary if s.startswith("Deadlines that fell in"))
    assert missed == (f"Deadlines that fell in {week}:"
                      f" {figures['Deadlines missed in the week']['Count']} missed (no"
                      " response by the deadline).")

    end = next(s for s in summary if s.startswith(("At the end of", "As of")))
    at_end = re.search(r", (\d+) engagements? on open tickets (?:was|were) past the deadline"
                       r" with no response( \(deadlines?[^)]*\))?, and (\d+) tickets? (?:was|were)"
                       r" unowned", end)
    assert at_end, end
    outstanding = table(parts["At the end of the week"])
    assert at_end.group(1) == str(len(outstanding)) == figures[
        "Outstanding at the end (past the deadline, no response)"]["Count"]
    assert weeks_of(deadline_words(at_end.group(2) or ""), len(outstanding)) == Counter(
        row["Deadline week"] for row in outstanding)
    assert at_end.group(3) == figures["Unowned at the end (declined without naming an owner)"][
        "Count"]

    gaps = [row["Service"].strip("`") for row in table(parts.get("Ownership gaps", []))]
    assert summary[-1] == (f"Gaps among the tickets opened: {', '.join(gaps)}." if gaps
                           else "No gaps among the tickets opened in the week.")


def test_the_scenarios_summary_word_for_word() -> None:
    text = render_markdown(compute_week(TICKETS, ADMINS, SETTINGS, W47, A))
    summary = [line[2:] for line in sections(text)["Summary"] if line.startswith("- ")]
    assert summary == [
        "11 tickets opened in 2026-W47 and 1 resolved.",
        "12 engagements sent in 2026-W47, as of 2026-11-25 12:00: 8 responded to (1 accepted,"
        " 1 answered, 1 redirected, 5 declined), 1 of them after the deadline (deadline in"
        " 2026-W47); 4 with no response and the deadline passed (deadlines: 2 in 2026-W47, 2"
        " in 2026-W48); 0 pending.",
        "`alice`: 2 engagements sent in 2026-W47 with no response as of 2026-11-25 12:00"
        " (deadlines: 1 in 2026-W47, 1 in 2026-W48).",
        "`bob`: 1 engagement sent in 2026-W47 with no response as of 2026-11-25 12:00"
        " (deadline in 2026-W47).",
        "`carol`: 1 engagement sent in 2026-W47 with no response as of 2026-11-25 12:00"
        " (deadline in 2026-W48).",
        "Deadlines that fell in 2026-W47: 3 missed (no response by the deadline).",
        "At the end of 2026-W47 (2026-11-23 00:00), 3 engagements on open tickets were past"
        " the deadline with no response (deadlines: 1 in 2026-W45, 1 in 2026-W47, 1 in"
        " 2026-W48), and 2 tickets were unowned (declined without naming an owner).",
        "No gaps among the tickets opened in the week.",
    ]


def test_a_no_response_whose_deadline_fell_in_the_next_week_is_not_a_missed_deadline() -> None:
    """The W48 case: engaged Friday of W48, deadline Tuesday of W49, reported in W49."""
    late = ticket("1", chi(11, 27, 14), engage("alice", chi(11, 27, 15)))
    report = compute_week((late,), ADMINS, SETTINGS, IsoWeek(2026, 48), chi(12, 2, 12))
    summary = [line[2:] for line in sections(render_markdown(report))["Summary"]
               if line.startswith("- ")]
    assert "`alice`: 1 engagement sent in 2026-W48 with no response as of 2026-12-02 12:00" \
        " (deadline in 2026-W49)." in summary
    assert "Deadlines that fell in 2026-W48: 0 missed (no response by the deadline)." in summary
    assert_summary_agrees(report)


@pytest.mark.parametrize("as_of", [A, chi(11, 23, 12), chi(12, 30, 9)])
def test_the_scenarios_summaries_agree_with_their_tables(as_of: datetime) -> None:
    weeks = IsoWeek.range(IsoWeek(2026, 44), IsoWeek.of(as_of))
    for report in compute_weeks(TICKETS, ADMINS, SETTINGS, weeks, as_of):
        assert_summary_agrees(report)


@pytest.mark.parametrize("as_of", ["2026-11-25T12:00", "2026-11-30T08:00", "2027-01-04T09:00"])
def test_the_example_datas_summaries_agree_with_their_tables(as_of: str) -> None:
    settings, problems = load_settings(ROOT / "mkdocs.yml")
    project = load_project(settings, problems)
    moment = datetime.fromisoformat(as_of).replace(tzinfo=CHI)
    first = IsoWeek.of(min(t.opened for t in project.tickets), settings.timezone)
    weeks = IsoWeek.range(first, IsoWeek.of(moment))
    reports = compute_weeks(project.tickets, project.admins, settings, weeks, moment)
    assert any(r.outstanding_at_end for r in reports)
    for report in reports:
        assert_summary_agrees(report)
