"""Benchmark: load and check a synthetic project of N tickets and 40 admins.

Run ``python tests/benchmarks/bench_check.py [N]`` (default N = 10,000). Not collected
by pytest (the file name does not start with ``test_``): timings depend on the machine,
so this is a measurement to quote, not a test that passes or fails.

It prints the best of three runs of ``load_project`` + ``check_project`` in this
process, next to two same-process baselines over the very same files, so that the
figure can be quoted as ratios that mean something on any machine:

- reading the bytes of every file (the floor: file system cost only);
- python-frontmatter's plain ``frontmatter.load`` of every file (what a naive loader
  that keeps no lines and checks nothing costs).

It also runs the whole command, ``escalation check``, as a new process (Python start
and imports included), wall and CPU seconds (user+sys of the process and its workers):

- cold: each run with a new, empty parse-cache folder, as in CI or a fresh clone: every
  file is parsed (on every core, :mod:`generator.read.parallel`) and the cache written;
- cold on one core (``ESCALATION_WORKERS=1``), the same without workers;
- without the cache (``ESCALATION_CACHE=off``): parsed, nothing written;
- warm: the parse cache of :mod:`generator.read.cache` primed by a run before, as for a
  second ``check`` after editing a few files;

and the in-process figures in CPU seconds beside wall.

The issue's budget: ``check`` of 10,000 tickets under 2 s and of 50,000 under 10 s (wall,
whole command) on the 2-core development machine, cold and warm (other sizes: 2 s per
10,000). ``--profile`` prints the top of a cProfile of one run.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import frontmatter

from generator.check.project import check_project
from generator.read.parallel import worker_count
from generator.read.project import load_project
from generator.read.settings import load_settings

ADMINS = 40
SERVICES = [f"service-{n:02d}" for n in range(60)]
CHECKLIST = (
    "issue-verified", "kb-searched", "troubleshooting-done", "evidence-attached",
    "outside-sc-scope", "owner-identified",
)
CONFIG = """\
site_name: Benchmark
extra:
  escalation:
    timezone: America/Chicago
    holidays: [2026-11-26, 2026-12-25]
"""


def admin_text(index: int) -> str:
    """An admin declaring one or two services (the last few are inactive)."""
    lines = [
        "---",
        f"name: Admin Number {index}",
        f"email: admin{index}@example.org",
        f"team: Team {index % 7}",
        f"active: {'false' if index >= ADMINS - 3 else 'true'}",
        "purview:",
    ]
    for service in SERVICES[index :: ADMINS][:2]:
        lines += [
            f"  - service: {service}",
            "    scope: >-",
            f"      Everything about {service}, its accounts, its settings and its",
            "      integrations with the rest of the estate.",
            "    excludes: Hardware under the vendor contract.",
            "    sc_process: SC may restart the client and clear its cache first.",
            "    declared: 2026-10-12",
            "    source: email to the SC lead, 2026-10-12",
        ]
    return "\n".join([*lines, "---", f"Admin {index} notes.", ""])


def ticket_text(number: int, rng: random.Random) -> str:
    """A realistic ticket: a third handle, a third collaborate, a third escalate."""
    opened = datetime(2026, 9, 1, 8, 0) + timedelta(minutes=rng.randrange(0, 90 * 24 * 60))
    tier = ("handle", "collaborate", "escalate")[number % 3]
    service_index = rng.randrange(len(SERVICES))
    service = SERVICES[service_index]
    owner = service_index % ADMINS  # admin i declares services i and i + 40
    lines = [
        "---",
        f"title: Synthetic ticket {number} about {service} not working as expected",
        f"opened: {opened:%Y-%m-%dT%H:%M}",
        f"classification: {rng.choice(['incident', 'service-request'])}",
        f"priority: {rng.choice(['low', 'medium', 'high', 'critical'])}",
        f"tier: {tier}",
        "status: resolved",
        f"resolved: {opened + timedelta(days=2):%Y-%m-%dT%H:%M}",
        f"service: {service}",
        "requestor: Alma Ferreira",
        "department: Finance",
        f"channel: {rng.choice(['tdx', 'email', 'phone', 'walk-up'])}",
        "agent: Lena Whitcombe",
        "checklist:",
        *(f"  {item}: true" for item in CHECKLIST),
    ]
    if tier != "handle":
        at = opened + timedelta(hours=1)
        lines += [
            "escalations:",
            f"  - admin: admin-{owner:02d}",
            f"    tier: {tier}",
            f"    at: {at:%Y-%m-%dT%H:%M}",
        ]
        if tier == "escalate":
            lines += [
                "    tag: esc-synthetic",
                "    reason: >-",
                "      Standard troubleshooting did not help; the fix needs admin access",
                "      that SC does not have.",
                "    message: >-",
                "      Transferring ownership with the checklist complete. What process",
                "      can SC follow next time?",
            ]
        lines += [
            "    response:",
            f"      at: {at + timedelta(hours=3):%Y-%m-%dT%H:%M}",
            "      outcome: answered",
            "      process: Restart the sync client, then re-run the policy update.",
        ]
    lines += ["tags: [synthetic, benchmark]", "---", "Notes about what was tried.", ""]
    return "\n".join(lines)


def write_project(root: Path, tickets: int) -> list[Path]:
    """Write the config, 40 admins and ``tickets`` tickets; return every record file."""
    rng = random.Random(48213)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    files: list[Path] = []
    (root / "admins").mkdir()
    for index in range(ADMINS):
        path = root / "admins" / f"admin-{index:02d}.md"
        path.write_text(admin_text(index), encoding="utf-8")
        files.append(path)
    for number in range(tickets):
        folder = root / "tickets" / "2026"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{100000 + number}.md"
        path.write_text(ticket_text(number, rng), encoding="utf-8")
        files.append(path)
    return files


def best_of(runs: int, action: Callable[[], object]) -> float:
    """The fastest of ``runs`` wall-clock timings of ``action``, in seconds."""
    return best_with_cpu(runs, action)[0]


def best_with_cpu(runs: int, action: Callable[[], object]) -> tuple[float, float]:
    """The fastest wall and CPU (user+sys of this process and of the workers it forked)
    timings of ``runs`` calls."""
    wall = cpu = float("inf")
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), cpu_seconds()
        action()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, cpu_seconds() - start_cpu)
    return wall, cpu


def cpu_seconds() -> float:
    """User+sys seconds of this process and of every child it has waited for."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def command(root: Path, cache: Path | None, **env: str) -> tuple[float, float]:
    """Wall and CPU seconds (user+sys, workers included) of ``escalation check`` run as a
    new process in ``root``, with the parse cache in ``cache`` (None: turned off) and
    the variables ``env`` set."""
    env = {**os.environ, "ESCALATION_CACHE_DIR": str(cache or ""),
           "ESCALATION_CACHE": "on" if cache else "off", **env}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def cold(root: Path, runs: int, **env: str) -> tuple[float, float]:
    """The best of ``runs`` cold commands, each with a new, empty parse-cache folder."""
    timings = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="escalation-bench-cache-") as cache:
            timings.append(command(root, Path(cache), **env))
    return min(timings, key=lambda timing: timing[0])


def check(config: Path) -> int:
    """Load and validate the project; the number of problems."""
    settings, problems = load_settings(config)
    return len(check_project(load_project(settings, problems)))


def main(argv: list[str] | None = None) -> int:
    """Write the synthetic project, time the stages, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tickets", nargs="?", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="escalation-bench-") as folder:
        root = Path(folder)
        files = write_project(root, args.tickets)
        config = root / "mkdocs.yml"
        problems = check(config)
        read, read_cpu = best_with_cpu(args.runs, lambda: [f.read_bytes() for f in files])
        plain, plain_cpu = best_with_cpu(args.runs, lambda: [frontmatter.load(f) for f in files])
        ours, ours_cpu = best_with_cpu(args.runs, lambda: check(config))
        cold_run = cold(root, args.runs)
        serial = cold(root, args.runs, ESCALATION_WORKERS="1")
        uncached = min((command(root, None) for _ in range(args.runs)), key=lambda r: r[0])
        with tempfile.TemporaryDirectory(prefix="escalation-bench-cache-") as primed:
            command(root, Path(primed))  # primes the parse cache
            warm = min((command(root, Path(primed)) for _ in range(args.runs)),
                       key=lambda r: r[0])
        print(f"{args.tickets} tickets + {ADMINS} admins ({problems} problems reported:"
              f" gaps and inactive admins), best of {args.runs} runs"
              f" (Python {sys.version.split()[0]}, {worker_count()} cores for workers)")
        print(f"  {'':36} {'wall s':>8} {'CPU s':>8} {'wall/plain':>11} {'CPU/plain':>10}")
        rows = [("read bytes of all files", read, read_cpu),
                ("frontmatter.load (no checks)", plain, plain_cpu),
                ("load + check, in this process", ours, ours_cpu),
                ("escalation check, cold", *cold_run),
                ("escalation check, cold, one core", *serial),
                ("escalation check, cache off", *uncached),
                ("escalation check, warm (cached)", *warm)]
        for name, wall, cpu in rows:
            print(f"  {name:36} {wall:8.3f} {cpu:8.3f} {wall / plain:11.2f}"
                  f" {cpu / plain_cpu:10.2f}")
        budget = 2.0 * args.tickets / 10_000
        for name, (wall, _) in (("cold", cold_run), ("warm", warm)):
            verdict = "within" if wall < budget else "OVER"
            print(f"  budget {budget:.1f} s wall for the whole command, {name}:"
                  f" {wall:.2f} s, {verdict}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(check, config)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
