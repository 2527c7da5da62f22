"""Benchmark: one week's report over N synthetic tickets and 40 admins.

Run ``python tests/benchmarks/bench_report.py [N]`` (default N = 10,000). Not collected
by pytest (the name does not start with ``test_``): timings depend on the machine, so
this is a measurement to quote, not a test that passes or fails.

Tickets are built in memory as records (spread over 48 weeks of 2026, 0-3 engagements
each, most responded to with every outcome, a fifth never), so the figure is the
report's own cost, schema 2 included: the engagements outstanding at the end of the week
(every unanswered one of an open ticket, however old) and the tickets unowned. It prints
the best of three runs, in wall and CPU time, of:

- ``compute_week`` for one week, engagement statuses included (what
  ``escalation report`` computes after loading);
- ``compute_week`` with statuses computed once beforehand (the site's cost per week);
- the week's JSON, CSV and Markdown renderings;
- ``compute_weeks`` of the 48 weeks of the data (``escalation report --from --to``);

next to a same-process baseline, a bare loop over every ticket and engagement that only
converts each timestamp to UTC (the least any report over all records must do), so each
figure can be quoted as a ratio of wall to wall and CPU to CPU. ``--files`` also writes
the records to a temporary folder and times ``load_project`` for comparison.

The issue's budget: one week over 50,000 tickets in under 1 s (wall; ``bench_report.py
50000``; the loading before it is ``check``'s budget, ``bench_check.py``).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from generator.compute.metrics import engagement_statuses
from generator.compute.weekly import compute_week
from generator.compute.weekly_range import compute_weeks
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.report import render_csv, render_json, render_markdown
from generator.schema.clock import utc
from generator.schema.records import (
    Admin,
    Channel,
    Classification,
    Engagement,
    EngagementTier,
    Outcome,
    Priority,
    Purview,
    Response,
    Source,
    Status,
    Ticket,
    Tier,
)
from generator.schema.settings import DEFAULT_CHECKLIST, Settings
from generator.schema.weeks import IsoWeek

T = TypeVar("T")
CHI = ZoneInfo("America/Chicago")
ADMINS = 40
SERVICES = [f"service-{n:02d}" for n in range(60)]
WEEK = IsoWeek(2026, 30)
WEEKS = IsoWeek.range(IsoWeek(2026, 2), IsoWeek(2026, 49))
OUTCOMES = [Outcome.ANSWERED] * 5 + [Outcome.ACCEPTED] * 2 + [Outcome.REDIRECTED,
                                                                 Outcome.DECLINED]
AS_OF = datetime(2026, 11, 30, 8, tzinfo=CHI)
CONFIG = """\
site_name: Benchmark
extra:
  escalation:
    timezone: America/Chicago
    holidays: [2026-11-26, 2026-12-25]
"""


def make_admins() -> dict[str, Admin]:
    """40 admins declaring one or two services each; the last three inactive."""
    admins = {}
    for index in range(ADMINS):
        slug = f"admin-{index:02d}"
        services = {SERVICES[index], SERVICES[(index + 40) % 60]}
        admins[slug] = Admin(
            slug=slug, name=f"Admin {index}", source=Source(path=f"admins/{slug}.md"),
            active=index < ADMINS - 3,
            response_window_hours=8.0 if index % 5 == 0 else None,
            purview=tuple(
                Purview(service=s, scope="all", declared=date(2026, 1, 5), source_note="bench",
                        index=i)
                for i, s in enumerate(sorted(services))
            ),
        )
    return admins


def make_ticket(index: int, rng: random.Random) -> Ticket:
    """A ticket opened during business-ish hours of 2026 weeks 1-48."""
    opened = datetime(2026, 1, 5, 8, tzinfo=CHI) + timedelta(
        days=rng.randrange(48 * 7), minutes=rng.randrange(11 * 60)
    )
    engagements: list[Engagement] = []
    at = opened
    for position in range(rng.choice((0, 0, 1, 1, 1, 2, 3))):
        at += timedelta(minutes=rng.randrange(15, 3 * 24 * 60))
        response = None
        if rng.random() < 0.8:
            outcome = rng.choice(OUTCOMES)
            response = Response(
                at=at + timedelta(minutes=rng.randrange(10, 5 * 24 * 60)),
                outcome=outcome,
                redirect_to="admin-00" if outcome is Outcome.REDIRECTED else None,
                process="Do this first." if rng.random() < 0.5 else None,
            )
        kind = EngagementTier.ESCALATE if rng.random() < 0.4 else EngagementTier.COLLABORATE
        engagements.append(Engagement(admin=f"admin-{rng.randrange(ADMINS):02d}", tier=kind,
                                      at=at, response=response, index=position))
    tier = Tier(engagements[-1].tier.value) if engagements else Tier.HANDLE
    done = rng.random() < 0.7
    return Ticket(
        id=str(100000 + index), title=f"Synthetic ticket {index}", opened=opened,
        classification=rng.choice(list(Classification)), priority=Priority.MEDIUM,
        tier=tier, status=Status.RESOLVED if done else Status.OPEN,
        resolved=(at + timedelta(hours=rng.randrange(1, 200))) if done else None,
        service=rng.choice([*SERVICES, None]), channel=rng.choice(list(Channel)),
        source=Source(path=f"tickets/2026/{100000 + index}.md"),
        escalations=tuple(engagements),
    )


def best_of(runs: int, action: Callable[[], T]) -> tuple[float, T]:
    """The shortest wall time of ``runs`` calls, with the last result."""
    (wall, _), result = timed(runs, action)
    return wall, result


def timed(runs: int, action: Callable[[], T]) -> tuple[tuple[float, float], T]:
    """The shortest wall and the shortest CPU time of ``runs`` calls, with the last result."""
    wall = cpu = float("inf")
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = action()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return (wall, cpu), result


def baseline(tickets: tuple[Ticket, ...]) -> int:
    """Touch every timestamp a report reads, converting it to UTC, and compute nothing."""
    count = 0
    for ticket in tickets:
        utc(ticket.opened)
        for engagement in ticket.escalations:
            utc(engagement.at)
            if engagement.response is not None:
                utc(engagement.response.at)
            count += 1
    return count


def _yaml_when(value: datetime) -> str:
    # with the offset: a synthetic time may fall in the hour the clocks skip in March
    return value.isoformat(timespec="minutes")


def ticket_text(ticket: Ticket) -> str:
    """The record file of a synthetic ticket (enough for ``load_project``)."""
    lines = ["---", f"title: {ticket.title}", f"opened: {_yaml_when(ticket.opened)}",
             f"classification: {ticket.classification}", f"priority: {ticket.priority}",
             f"tier: {ticket.tier}", f"status: {ticket.status}", f"channel: {ticket.channel}"]
    if ticket.resolved is not None:
        lines.append(f"resolved: {_yaml_when(ticket.resolved)}")
    if ticket.service is not None:
        lines.append(f"service: {ticket.service}")
    if ticket.escalations:
        lines += ["checklist:", *(f"  {item.id}: true" for item in DEFAULT_CHECKLIST),
                  "escalations:"]
    for e in ticket.escalations:
        lines += [f"  - admin: {e.admin}", f"    tier: {e.tier}", f"    at: {_yaml_when(e.at)}",
                  "    tag: bench", "    reason: benchmark", "    message: benchmark"]
        if e.response is not None:
            lines += ["    response:", f"      at: {_yaml_when(e.response.at)}",
                      f"      outcome: {e.response.outcome}"]
            if e.response.redirect_to is not None:
                lines.append(f"      redirect_to: {e.response.redirect_to}")
    return "\n".join([*lines, "---", ""])


def time_loading(tickets: tuple[Ticket, ...], admins: dict[str, Admin]) -> float:
    """Write the records to a temporary folder; the best ``load_project`` time."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
        (root / "tickets" / "2026").mkdir(parents=True)
        (root / "admins").mkdir()
        for slug in admins:
            (root / "admins" / f"{slug}.md").write_text(f"---\nname: {slug}\n---\n")
        for ticket in tickets:
            (root / "tickets" / "2026" / f"{ticket.id}.md").write_text(ticket_text(ticket))
        settings, problems = load_settings(root / "mkdocs.yml")
        seconds, _ = best_of(3, lambda: load_project(settings, problems))
        return seconds


def main(argv: list[str] | None = None) -> int:
    """Build the records, time the report and the baseline, print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("tickets", type=int, nargs="?", default=10_000)
    parser.add_argument("--files", action="store_true", help="also time load_project")
    args = parser.parse_args(argv)
    rng = random.Random(47)
    tickets = tuple(make_ticket(i, rng) for i in range(args.tickets))
    admins = make_admins()
    settings = dataclasses.replace(
        Settings(root=Path(".")), timezone=CHI, response_window_hours=16.0,
        holidays=frozenset({date(2026, 11, 26), date(2026, 12, 25)}),
    )
    engagements = sum(len(t.escalations) for t in tickets)
    floor, _ = timed(3, lambda: baseline(tickets))
    statuses = engagement_statuses(tickets, admins, settings, AS_OF)
    week, report = timed(3, lambda: compute_week(tickets, admins, settings, WEEK, AS_OF))
    rows = [
        ("compute_week incl. statuses", week),
        ("compute_week with shared statuses", timed(3, lambda: compute_week(
            tickets, admins, settings, WEEK, AS_OF, statuses=statuses))[0]),
        ("render JSON + CSV + Markdown", timed(3, lambda: (
            render_json(report), render_csv(report), render_markdown(report)))[0]),
        (f"compute_weeks, {len(WEEKS)} weeks", timed(1, lambda: compute_weeks(
            tickets, admins, settings, WEEKS, AS_OF))[0]),
    ]
    print(f"{len(tickets):,} tickets, {engagements:,} engagements, {len(admins)} admins;"
          f" week {WEEK} as of {AS_OF.isoformat()}")
    print(f"{'':36} {'wall ms':>9} {'cpu ms':>9} {'wall/base':>10} {'cpu/base':>9}")
    print(f"{'baseline (iterate, convert times)':36} {floor[0] * 1000:9.1f}"
          f" {floor[1] * 1000:9.1f} {1:10.1f} {1:9.1f}")
    for name, (wall, cpu) in rows:
        print(f"{name:36} {wall * 1000:9.1f} {cpu * 1000:9.1f} {wall / floor[0]:10.1f}"
              f" {cpu / max(floor[1], 1e-9):9.1f}")
    print(f"budget: one week incl. statuses under 1000 ms wall: {week[0] * 1000:.1f} ms")
    if args.files:
        load_time = time_loading(tickets, admins)
        print(f"load_project of the same records:   {load_time * 1000:9.1f} ms")
    data = report.to_json()
    print("figures:", {k: v for k, v in data.items() if not isinstance(v, dict | list)},
          f"outstanding_at_end {len(data['outstanding_at_end'])},"
          f" unowned_at_end {len(data['unowned_at_end'])}")
    return 0 if week[0] < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
