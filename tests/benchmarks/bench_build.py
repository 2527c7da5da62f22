"""Benchmark: a full ``escalation build`` of N synthetic tickets against plain MkDocs.

Run ``python tests/benchmarks/bench_build.py [N]`` (default N = 10,000; 40 admins), and
``python tests/benchmarks/bench_build.py 50000`` for the growth budget. Not collected by
pytest. It writes the synthetic project of ``bench_check.py`` with the shipped
``mkdocs.yml`` and ``docs/``, then measures in the same session:

- ``escalation build`` (generation + the builder) with each builder that is installed:
  ``mkdocs``, ``properdocs`` and ``zensical`` (``$ESCALATION_ZENSICAL`` or on PATH): wall
  time, CPU seconds (user+sys) and peak memory of the process tree, and the size of
  ``search/search_index.json`` per ticket; each builder starts with an empty parse cache
  (a cold build, as in CI), and the first builder is then measured once more warm;
- the baseline of the issue: plain ``mkdocs build`` of a site with one simple page per
  ticket kept out of the nav.

The baseline always has 10,000 pages (``--baseline N`` to change it): at 10,000 tickets
the issue's budget is 0.4x its CPU seconds, peak memory 500 MB and a search index of at
most 1 KB per ticket; at 50,000 (only ``mkdocs`` unless ``--builder`` says otherwise)
it is 2.0x the same 10,000-page baseline and 1 GB, and the script also builds the
10,000-ticket project to show that growth stays linear. CPU seconds are user+sys of the
whole process tree: on a shared machine they move far less than wall time.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_check import write_project

REPO = Path(__file__).resolve().parents[2]
MEASURE = """\
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
peak = max(children.ru_maxrss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(peak, children.ru_utime + children.ru_stime)
"""
BASELINE_TICKETS = 10_000
"""The issue's reference: both budgets are ratios to the baseline at this size."""
BASELINE_CONFIG = """\
site_name: Baseline
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - index.md
"""


@dataclass(frozen=True)
class Run:
    """What one build cost: wall seconds, CPU seconds (user+sys) and peak resident MB."""

    wall: float
    cpu: float
    peak_mb: float


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """The cost of ``command`` and every process it starts."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=cwd,
                         capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(command[1:])} failed:\n{out.stderr}")
    peak, cpu = out.stdout.strip().splitlines()[-1].split()
    return Run(wall=wall, cpu=float(cpu), peak_mb=int(peak) / 1024)


def builders() -> list[str]:
    """The builders installed here: MkDocs always, ProperDocs and Zensical when present."""
    found = ["mkdocs"]
    if importlib.util.find_spec("properdocs") is not None:
        found.append("properdocs")
    if os.environ.get("ESCALATION_ZENSICAL") or shutil.which("zensical"):
        found.append("zensical")
    return found


def write_baseline(root: Path, tickets: int) -> None:
    """One simple page per ticket, out of the nav: the issue's reference site."""
    docs = root / "docs"
    (docs / "t").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# Baseline\n", encoding="utf-8")
    for number in range(tickets):
        ticket_id = 100000 + number
        (docs / "t" / f"{ticket_id}.md").write_text(
            f"# {ticket_id} Synthetic ticket {number}\n\n"
            "| field | value |\n| --- | --- |\n| status | resolved |\n| tier | escalate |\n"
            "| requestor | Alma Ferreira |\n\nNotes about what was tried.\n",
            encoding="utf-8",
        )


def project_at(root: Path, tickets: int) -> Path:
    """The synthetic project of ``tickets`` tickets with the shipped config and docs/."""
    root.mkdir()
    write_project(root, tickets)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")
    return root


def escalation_build(project: Path, builder: str, cache: Path) -> Run:
    """The cost of ``escalation build --builder builder`` in ``project``, with the parse
    cache in ``cache``: a new folder makes a cold build (CI's, a fresh clone's), the
    folder of an earlier build of the same project a warm one (every later local build)."""
    env = {**os.environ, "ESCALATION_CACHE_DIR": str(cache)}
    return timed([sys.executable, "-m", "generator", "build", "--builder", builder,
                  "--as-of", "2026-12-15T12:00", "--site-dir", f"site-{builder}"], project, env)


def index_size(site: Path) -> tuple[int, int]:
    """The search index's bytes and entries (Material's index, or Zensical's)."""
    for name in ("search/search_index.json", "search.json"):
        index = site / name
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            docs = data.get("docs", data.get("items", [])) if isinstance(data, dict) else data
            return index.stat().st_size, len(docs)
    return 0, 0


def main(argv: list[str] | None = None) -> int:
    """Build the baseline and the project with each builder; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tickets", nargs="?", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=BASELINE_TICKETS, metavar="N",
                        help="tickets of the plain-MkDocs baseline (default 10,000, the"
                        " issue's reference also for the 50,000-ticket budget)")
    parser.add_argument("--builder", action="append", choices=("mkdocs", "properdocs",
                                                                "zensical"),
                        help="measure only these builders (default: every one installed)")
    args = parser.parse_args(argv)
    large = args.tickets > args.baseline
    chosen = args.builder or (["mkdocs"] if large else builders())
    cpu_budget, memory_budget = (2.0, 1024) if large else (0.4, 500)
    with tempfile.TemporaryDirectory() as tmp:
        project = project_at(Path(tmp) / "project", args.tickets)
        baseline = Path(tmp) / "baseline"
        write_baseline(baseline, args.baseline)
        base = timed([sys.executable, "-m", "mkdocs", "build"], baseline)
        caches = Path(tmp) / "caches"
        # every builder cold, so that none is measured on a cache an earlier one filled
        runs = {builder: escalation_build(project, builder, caches / builder)
                for builder in chosen}
        sizes = {builder: index_size(project / f"site-{builder}") for builder in chosen}
        warm = escalation_build(project, chosen[0], caches / chosen[0])
        reference = None
        if large:  # growth: the same build at the baseline's size
            reference = escalation_build(project_at(Path(tmp) / "reference", args.baseline),
                                         chosen[0], caches / "reference")
    print(f"tickets: {args.tickets}, admins: 40; baseline: {args.baseline} tickets")
    print(f"baseline mkdocs build (one page per ticket, out of nav): {base.wall:.1f} s wall,"
          f" {base.cpu:.1f} CPU-s, peak {base.peak_mb:.0f} MB")
    for builder, run in runs.items():
        print(f"escalation build --builder {builder}: {run.wall:.1f} s wall, {run.cpu:.1f}"
              f" CPU-s, peak {run.peak_mb:.0f} MB (budget {memory_budget} MB);"
              f" {run.cpu / base.cpu:.2f}x the baseline's CPU (budget {cpu_budget:.2f}x),"
              f" {run.wall / base.wall:.2f}x its wall time")
        size, entries = sizes[builder]
        print(f"  search index ({builder}): {size / args.tickets:.0f} bytes per ticket,"
              f" {entries} entries (budget 1024 bytes)")
    print(f"escalation build --builder {chosen[0]}, parse cache warm: {warm.wall:.1f} s wall,"
          f" {warm.cpu:.1f} CPU-s, peak {warm.peak_mb:.0f} MB;"
          f" {warm.cpu / base.cpu:.2f}x the baseline's CPU, {warm.wall / base.wall:.2f}x its"
          " wall time")
    if reference is not None:
        run = runs[chosen[0]]
        print(f"growth ({chosen[0]}): {args.baseline} tickets {reference.cpu:.1f} CPU-s,"
              f" {args.tickets} tickets {run.cpu:.1f} CPU-s: {run.cpu / reference.cpu:.2f}x"
              f" for {args.tickets / args.baseline:.1f}x the tickets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
