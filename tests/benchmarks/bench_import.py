"""Benchmark: ``escalation import tdx`` of an N-row TDX report export (default 10,000).

Run ``.venv/bin/python tests/benchmarks/bench_import.py [N] [--repeat R] [--profile]``.
Not collected by pytest (the file name does not start with ``test_``): timings depend on
the machine, so this is a measurement to quote, not a test that passes or fails.

It writes a realistic CSV export (BOM, US dates without seconds, quoted commas, IDs with
leading zeros, unused columns, no completion-date column so ``--resolved-from Modified``
is needed) into a fresh temporary project, then times, through ``generator.cli.main.main``
in this process:

- the first import into an empty ``tickets/`` (every row a new file);
- a second, identical import (every row unchanged: reads and parses every ticket);
- a third import of the same export with every title and status changed in TDX (every
  ticket updated: parsed, edited line-wise and checked again).

Each is the best of R runs (a fresh project per first import). Next to them it prints
two same-process baselines, so that the figures can be quoted as ratios that mean
something on any machine:

- ``csv.DictReader`` reading every row of the very same export (the parsing floor);
- writing N files of a ticket's size with plain ``open``/``write`` into a fresh folder
  (the file-system floor of a first import: on a fresh virtual disk, creating files in
  a new folder can cost ten times more than in a used one, and this shows it).

The issue's budget: 10,000 rows in under 5 s.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import io
import pstats
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from generator.cli.main import main

HEADER = ["ID", "Title", "Resp Group", "Requestor", "Requestor Email", "Acct/Dept", "Status",
          "Priority", "Created", "Modified", "Service", "Classification"]
STATUSES = ["New", "Open", "In Process", "On Hold", "Resolved", "Closed", "Cancelled"]
PRIORITIES = ["Low", "Medium", "High", "Emergency"]
SERVICES = ["Email & Calendar", "Directory Accounts", "Printing", "Classroom AV",
            "Wi-Fi", "Endpoint Management", ""]
DEPARTMENTS = ["Finance", "Chemistry", "History, Art & Design", "Registrar", "Athletics"]
NAMES = ["Alma Ferreira", "Priya Natarajan", "Tomasz Wiśniewski", "Rosalind Ebbesen",
         "Desmond Achterberg", "", "Kofi Mensah-Boateng"]
SUBJECTS = ["Projector shows no signal", 'Laptop "sleep" loop after update',
            "VPN drops every 10 minutes, needs re-login", "Shared mailbox access",
            "Printer jams on tray 2", "Wi-Fi: eduroam refuses new certificate"]
CONFIG = """site_name: Bench
extra:
  escalation:
    timezone: America/Chicago
"""


def us_date(when: datetime) -> str:
    """``7/14/2023 10:41``, as TDX writes dates in a US-English profile."""
    return f"{when.month}/{when.day}/{when.year} {when.hour}:{when.minute:02d}"


def write_export(path: Path, rows: int, seed: int = 7, edition: str = "") -> None:
    """An N-row report export with the quirks of real ones (``edition`` changes every
    title and status, as if each ticket had moved on in TDX)."""
    rng = random.Random(seed)
    start = datetime(2025, 8, 1, 8, 0)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for number in range(rows):
        created = start + timedelta(minutes=37 * number + rng.randrange(30))
        modified = created + timedelta(minutes=rng.randrange(5, 4000))
        ticket_id = f"{number + 1:08d}" if number % 10 == 0 else str(100000 + number)
        writer.writerow([
            ticket_id, f"{rng.choice(SUBJECTS)} ({number}){edition}", "Service Desk",
            rng.choice(NAMES), "someone@example.edu", rng.choice(DEPARTMENTS),
            STATUSES[(rng.randrange(len(STATUSES)) + len(edition)) % len(STATUSES)],
            rng.choice(PRIORITIES), us_date(created),
            us_date(modified), rng.choice(SERVICES),
            rng.choice(["Incident", "Service Request"]),
        ])
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8", newline="")


def make_project(base: Path) -> Path:
    """An empty project (config, one admin, no tickets)."""
    root = Path(tempfile.mkdtemp(prefix="bench-import-", dir=base))
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "admins").mkdir()
    (root / "admins" / "dana-okafor.md").write_text(
        "---\nname: Dana Okafor\npurview: []\n---\n", encoding="utf-8")
    (root / "tickets").mkdir()
    return root


def run_import(root: Path, export: Path) -> int:
    """The import as a user runs it (messages discarded)."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        return main(["import", "tdx", str(export), "--resolved-from", "Modified",
                     "-f", str(root / "mkdocs.yml")])


def best(repeat: int, prepare: Callable[[], Path], action: Callable[[Path], object]) -> float:
    """The best wall time of ``repeat`` runs of ``action`` on a fresh ``prepare()``."""
    times = []
    for _ in range(repeat):
        target = prepare()
        began = time.perf_counter()
        action(target)
        times.append(time.perf_counter() - began)
    return min(times)


def baseline(export: Path) -> None:
    """Read every row with the standard library, nothing else."""
    with export.open(encoding="utf-8-sig", newline="") as handle:
        for _row in csv.DictReader(handle):
            pass


def main_bench() -> None:
    """Parse options, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one first import")
    parser.add_argument("--dir", type=Path, default=None,
                        help="where to make the temporary projects (default: the system's)")
    options = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-import-", dir=options.dir))
    try:
        export = base / "tdx-export.csv"
        write_export(export, options.rows)
        if options.profile:
            root = make_project(base)
            cProfile.runctx("run_import(root, export)", globals(), locals(), str(base / "p"))
            pstats.Stats(str(base / "p")).sort_stats("cumulative").print_stats(25)
            return
        read = best(options.repeat, lambda: export, baseline)
        floor = best(options.repeat, lambda: Path(tempfile.mkdtemp(dir=base)),
                     lambda folder: write_plain(folder, options.rows))
        first = best(options.repeat, lambda: make_project(base),
                     lambda root: _checked(run_import(root, export)))
        root = make_project(base)
        _checked(run_import(root, export))
        second = best(options.repeat, lambda: root,
                      lambda target: _checked(run_import(target, export)))
        created = sum(1 for _ in (root / "tickets").rglob("*.md"))
        changed = base / "tdx-export-later.csv"
        write_export(changed, options.rows, edition=" v2")
        third = best(1, lambda: root, lambda target: _checked(run_import(target, changed)))
        _report(options.rows, created, read, floor, {
            "first import (all created)": first, "second import (all unchanged)": second,
            "third import (all updated)": third})
    finally:
        shutil.rmtree(base, ignore_errors=True)


def write_plain(folder: Path, count: int, size: int = 900) -> None:
    """``count`` files of ``size`` bytes, written the simplest way (no temp file, no flush)."""
    text = "x" * size
    for number in range(count):
        with open(folder / f"{number}.md", "w", encoding="utf-8") as handle:
            handle.write(text)


def _checked(status: int) -> None:
    if status != 0:
        sys.exit(f"the import failed with exit status {status}")


def _report(rows: int, created: int, read: float, floor: float,
            runs: dict[str, float]) -> None:
    print(f"rows: {rows:,} ({created:,} ticket files created)")
    print(f"baseline A, csv.DictReader over the export:   {read:8.3f} s")
    print(f"baseline B, {rows:,} plain file writes:        {floor:8.3f} s")
    for label, seconds in runs.items():
        print(f"{label:<30}{seconds:8.2f} s = {seconds / read:4.0f}x A = {seconds / floor:4.1f}x B"
              f"  {seconds / rows * 1e6:5.0f} us/row  ({seconds / 5:.0%} of the 5 s budget)")


if __name__ == "__main__":
    main_bench()
