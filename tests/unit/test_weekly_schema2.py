"""Weekly report schema 2 by hand-computed cases: outcomes per admin, the engagements
outstanding and the tickets unowned at E, their evidence, and the site's per-week buckets
(the scenario is in ``weekly_scenario.py``)."""

from __future__ import annotations

from typing import Any

import pytest
from weekly_scenario import ADMINS, SETTINGS, TICKETS, W47, A, chi, engage, ticket

from generator.compute.weekly import WeeklyReport, compute_week
from generator.compute.weekly_range import compute_weeks
from generator.schema.weeks import IsoWeek


def outcomes(accepted: int = 0, answered: int = 0, redirected: int = 0,
             declined: int = 0) -> dict[str, int]:
    return {"accepted": accepted, "answered": answered, "redirected": redirected,
            "declined": declined}


@pytest.fixture(scope="module")
def report() -> WeeklyReport:
    return compute_week(TICKETS, ADMINS, SETTINGS, W47, A)


def test_outstanding_at_end_keeps_old_and_superseded_engagements(report: WeeklyReport) -> None:
    assert report.to_json()["outstanding_at_end"] == [
        # sent in W45, superseded by bob's answered engagement: still evidence
        {"ticket": "2001", "admin": "alice", "sent": "2026-11-02T10:00:00-06:00",
         "deadline": "2026-11-04T10:00:00-06:00", "overdue_hours": 103.0},
        {"ticket": "2003", "admin": "bob", "sent": "2026-11-18T09:00:00-06:00",
         "deadline": "2026-11-19T17:00:00-06:00", "overdue_hours": 8.0},
        # the deadline is E itself: passed by E
        {"ticket": "2010", "admin": "carol", "sent": "2026-11-22T20:00:00-06:00",
         "deadline": "2026-11-23T00:00:00-06:00", "overdue_hours": 0.0},
    ]
    assert report.evidence["outstanding_at_end"] == ("2001", "2003", "2010")
    assert [str(item.deadline_week) for item in report.outstanding_at_end] == [
        "2026-W45", "2026-W47", "2026-W48"]


def test_outstanding_at_end_of_every_week_since_it_was_missed() -> None:
    """2001's engagement is evidence in the week of its deadline and every week after,
    overdue by the business hours up to each week's end."""
    found = {}
    for week in IsoWeek.range(IsoWeek(2026, 45), W47):
        data = compute_week(TICKETS, ADMINS, SETTINGS, week, A).to_json()
        found[str(week)] = [(o["ticket"], o["overdue_hours"]) for o in data["outstanding_at_end"]
                            if o["ticket"] == "2001"]
    assert found == {"2026-W45": [("2001", 23.0)], "2026-W46": [("2001", 63.0)],
                     "2026-W47": [("2001", 103.0)]}


def test_outstanding_ends_with_the_response_or_the_resolution() -> None:
    answered = ticket("1", chi(11, 2, 9), engage("alice", chi(11, 2, 10), chi(11, 17, 9)))
    resolved = ticket("2", chi(11, 2, 9), engage("alice", chi(11, 2, 10)),
                      resolved=chi(11, 17, 9))
    for week, expected in ((IsoWeek(2026, 46), ["1", "2"]), (W47, [])):
        data = compute_week((answered, resolved), ADMINS, SETTINGS, week, A).to_json()
        assert [o["ticket"] for o in data["outstanding_at_end"]] == expected, week


def test_unowned_at_end(report: WeeklyReport) -> None:
    # 2002 declined; 2006 declined, re-engaged only after E. Not: 2003 (re-engaged),
    # 2004 (declined after E), 2005 (resolved), 2008 (redirected).
    assert report.to_json()["unowned_at_end"] == ["2002", "2006"]
    assert report.evidence["unowned_at_end"] == ("2002", "2006")


def test_unowned_at_end_of_a_week_not_over_is_as_of_a() -> None:
    # As of Mon 11-23 12:00, inside W48: bob was engaged on 2006 at 09:00, and 2004 was
    # declined at 10:00. E is A.
    data = compute_week(TICKETS, ADMINS, SETTINGS, IsoWeek(2026, 48), chi(11, 23, 12)
                        ).to_json()
    assert data["unowned_at_end"] == ["2002", "2004"]


def test_outcomes_per_admin_over_the_engagements_sent_in_the_week(report: WeeklyReport) -> None:
    figures = {a["admin"]: a for a in report.to_json()["admins"]}
    shown = {slug: (a["engaged"], a["responded"], a["outcomes"], a["late"], a["no_response"],
                    a["pending"]) for slug, a in figures.items()}
    assert shown == {
        # 2002, 2004 (declined after E, by A), 2005 declined; 2011 answered late; 2009
        # (answered after A) and 2012 without a response. 2001 was sent in W45.
        "alice": (6, 4, outcomes(answered=1, declined=3), 1, 2, 0),
        # 2007 accepted; 2003 no response. 2006 was sent in W48.
        "bob": (2, 1, outcomes(accepted=1), 0, 1, 0),
        # 2003, 2006 declined; 2008 redirected; 2010 no response.
        "carol": (4, 3, outcomes(redirected=1, declined=2), 0, 1, 0),
    }
    assert report.totals.outcomes == {"accepted": 1, "answered": 1, "redirected": 1,
                                      "declined": 5}
    assert report.evidence["admins.alice.outcomes.declined"] == ("2002", "2004", "2005")
    assert report.evidence["admins.carol.outcomes.redirected"] == ("2008",)
    assert report.evidence["admins.alice.responded"] == ("2002", "2004", "2005", "2011")
    assert "admins.alice.answered" not in report.evidence  # schema 1's name


def test_outcomes_as_of_before_a_response_are_pending() -> None:
    # As of Mon 11-23 09:30, 2004's decline (10:00) had not come: alice responded 3 times.
    data = compute_week(TICKETS, ADMINS, SETTINGS, W47, chi(11, 23, 9, 30)).to_json()
    alice = next(a for a in data["admins"] if a["admin"] == "alice")
    assert (alice["responded"], alice["outcomes"]) == (3, outcomes(answered=1, declined=2))


def test_deadline_weeks_of_the_counted_engagements(report: WeeklyReport) -> None:
    w47, w48 = W47, IsoWeek(2026, 48)
    assert report.deadline_weeks("no_response", "alice") == {w47: 1, w48: 1}
    assert report.deadline_weeks("no_response") == {w47: 2, w48: 2}
    assert report.deadline_weeks("late") == {w47: 1}
    assert report.deadline_weeks("outstanding_at_end") == {IsoWeek(2026, 45): 1, w47: 1, w48: 1}
    assert report.deadlines_missed == 3  # 2003 bob, 2011, 2012: the deadlines of W47


def _comparable(report: WeeklyReport) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
    return report.to_json(), report.evidence


@pytest.mark.parametrize("as_of", [A, chi(11, 23, 12), chi(12, 30, 9)])
def test_a_range_computes_each_week_as_over_every_record(as_of: Any) -> None:
    """The buckets keep every engagement a week can count at its end: an old unanswered
    one, a decline until the next engagement."""
    weeks = IsoWeek.range(IsoWeek(2026, 44), IsoWeek.of(as_of))
    ranged = compute_weeks(TICKETS, ADMINS, SETTINGS, weeks, as_of)
    assert [r.week for r in ranged] == weeks
    for week, report in zip(weeks, ranged, strict=True):
        full = compute_week(TICKETS, ADMINS, SETTINGS, week, as_of)
        assert _comparable(report) == _comparable(full), week
    late = {str(r.week): r.to_json()["unowned_at_end"] for r in ranged}
    assert late["2026-W46"] == []
    assert all("2001" in [o["ticket"] for o in r.to_json()["outstanding_at_end"]]
               for r in ranged if r.week >= IsoWeek(2026, 45))


def test_a_range_of_no_weeks_is_empty() -> None:
    assert compute_weeks(TICKETS, ADMINS, SETTINGS, [], A) == []
