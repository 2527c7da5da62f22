"""Benchmark: ``escalation status`` over N synthetic tickets and 40 admins.

Run ``python tests/benchmarks/bench_status.py [N]`` (default N = 10,000). Not collected by
pytest (the name does not start with ``test_``): timings depend on the machine, so this
is a measurement to quote, not a test that passes or fails.

The tickets are ``bench_report.py``'s (48 weeks of 2026, 0-3 engagements each, most
answered), with every priority and every outcome mixed in, and the settings have a
window per priority (critical 4 hours round the clock, high 8 business hours). It prints
the best of three runs, wall and CPU time, of:

- ``status_rows`` with the engagement statuses, then the JSON rendering: what
  ``escalation status`` computes after loading and checking;
- with ``--files``, the whole command in this process (``escalation status --format
  json`` over the records written to a temporary folder), and ``load_project`` +
  ``check_project`` of the same files, which every command that refuses broken records
  pays first (``bench_check.py`` measures that part on its own);

next to the same-process baseline of ``bench_report.py`` (iterate every ticket and
engagement, converting each timestamp to UTC), so the figures can be quoted as ratios.

The issue's budget: one ``status`` over 50,000 tickets in under 1 s (``bench_status.py
50000``; the loading and checking before it is ``check``'s budget, ``bench_check.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).parent))

from bench_report import AS_OF, CHI, CONFIG, baseline, make_admins, make_ticket, ticket_text

from generator.check.project import check_project
from generator.cli.main import main as escalation
from generator.compute.status import status_rows
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.status import render_status_json
from generator.schema.records import Outcome, Priority, ResponseWindow, Ticket, WindowCalendar
from generator.schema.settings import Settings

T = TypeVar("T")
WINDOWS = {Priority.CRITICAL: ResponseWindow(hours=4.0, calendar=WindowCalendar.ALWAYS),
           Priority.HIGH: ResponseWindow(hours=8.0)}
WINDOWS_CONFIG = CONFIG + """\
    response_windows:
      critical: {hours: 4, calendar: always}
      high: 8
"""


def mixed(ticket: Ticket, rng: random.Random) -> Ticket:
    """``ticket`` with a random priority and a random outcome for each response."""
    engagements = []
    for engagement in ticket.escalations:
        response = engagement.response
        if response is not None:
            outcome = rng.choice(list(Outcome))
            other = f"admin-{(int(engagement.admin[-2:]) + 1) % 40:02d}"
            response = dataclasses.replace(
                response, outcome=outcome,
                redirect_to=other if outcome is Outcome.REDIRECTED else None)
        engagements.append(dataclasses.replace(engagement, response=response))
    return dataclasses.replace(ticket, priority=rng.choice(list(Priority)),
                               escalations=tuple(engagements))


def best_of(runs: int, action: Callable[[], T]) -> tuple[float, float, T]:
    """The shortest wall and CPU times of ``runs`` calls, with the last result."""
    wall = cpu = float("inf")
    result: T
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = action()
        wall = min(wall, time.perf_counter() - began)
        cpu = min(cpu, time.process_time() - began_cpu)
    return wall, cpu, result


def compute_and_render(tickets: tuple[Ticket, ...], settings: Settings) -> str:
    """What ``escalation status --format json`` does after loading and checking."""
    rows = status_rows(tickets, make_admins(), settings, AS_OF)
    return render_status_json(rows)


def run_command(config: Path) -> int:
    """``escalation status --format json`` in this process, its output discarded."""
    with contextlib.redirect_stdout(io.StringIO()):
        return escalation(["status", "-f", str(config), "--as-of", AS_OF.isoformat(),
                           "--format", "json"])


def load_and_check(config: Path) -> int:
    """What every refusing command pays first; the number of problems."""
    settings, problems = load_settings(config)
    return len(check_project(load_project(settings, problems)))


def time_files(tickets: tuple[Ticket, ...], floor: float) -> None:
    """Write the records, then time the whole command and load + check of the same files."""
    with tempfile.TemporaryDirectory(prefix="escalation-bench-") as folder:
        root = Path(folder)
        (root / "mkdocs.yml").write_text(WINDOWS_CONFIG, encoding="utf-8")
        (root / "tickets" / "2026").mkdir(parents=True)
        (root / "admins").mkdir()
        for slug in make_admins():
            (root / "admins" / f"{slug}.md").write_text(f"---\nname: {slug}\n---\n")
        for ticket in tickets:
            (root / "tickets" / "2026" / f"{ticket.id}.md").write_text(ticket_text(ticket))
        config = root / "mkdocs.yml"
        wall, cpu, status = best_of(3, lambda: run_command(config))
        assert status == 0, "the synthetic records must pass check"
        base_wall, base_cpu, _ = best_of(3, lambda: load_and_check(config))
        print(f"whole command (load, check, status, JSON): {wall * 1000:8.1f} ms wall"
              f" {cpu * 1000:8.1f} ms CPU  ({wall / floor:.0f}x baseline)")
        print(f"  of which load_project + check_project:   {base_wall * 1000:8.1f} ms wall"
              f" {base_cpu * 1000:8.1f} ms CPU")


def main(argv: list[str] | None = None) -> int:
    """Build the records, time ``status`` and the baseline, print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("tickets", type=int, nargs="?", default=10_000)
    parser.add_argument("--files", action="store_true",
                        help="also time the whole command over record files")
    args = parser.parse_args(argv)
    rng = random.Random(47)
    tickets = tuple(mixed(make_ticket(i, rng), rng) for i in range(args.tickets))
    settings = dataclasses.replace(
        Settings(root=Path(".")), timezone=CHI, response_window_hours=16.0,
        response_windows=WINDOWS, holidays=frozenset({date(2026, 11, 26), date(2026, 12, 25)}),
    )
    engagements = sum(len(t.escalations) for t in tickets)
    floor, floor_cpu, _ = best_of(3, lambda: baseline(tickets))
    wall, cpu, text = best_of(3, lambda: compute_and_render(tickets, settings))
    rows = text.count('"ticket":')
    print(f"{len(tickets):,} tickets, {engagements:,} engagements, 40 admins; {rows:,} status"
          f" rows as of {AS_OF.isoformat()} (Python {sys.version.split()[0]})")
    print(f"baseline (iterate and convert timestamps): {floor * 1000:8.1f} ms wall"
          f" {floor_cpu * 1000:8.1f} ms CPU")
    print(f"status rows + JSON:                        {wall * 1000:8.1f} ms wall"
          f" {cpu * 1000:8.1f} ms CPU  ({wall / floor:.1f}x baseline wall,"
          f" {cpu / floor_cpu:.1f}x CPU; budget 1000 ms)")
    if args.files:
        time_files(tickets, floor)
    return 0 if wall < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
