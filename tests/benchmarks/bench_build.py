"""Benchmark: a full ``escalation build`` of N synthetic tickets against plain MkDocs.

Run ``python tests/benchmarks/bench_build.py [N]`` (default N = 10,000; 40 admins). Not
collected by pytest. It writes the synthetic project of ``bench_check.py`` with the
shipped ``mkdocs.yml`` and ``docs/``, then measures in the same session:

- ``escalation build`` (generation + the builder) with each builder that is installed:
  ``mkdocs``, ``properdocs`` and ``zensical`` (``$ESCALATION_ZENSICAL`` or on PATH): wall
  time, CPU seconds (user+sys) and peak memory of the process tree, and the size of
  ``search/search_index.json`` per ticket;
- the baseline of the issue: plain ``mkdocs build`` of a site with one simple page per
  ticket kept out of the nav.

The issue's budget: build time at most 0.4x the baseline, peak memory at most 500 MB,
search index at most 1 KB per ticket.
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


def timed(command: list[str], cwd: Path) -> Run:
    """The cost of ``command`` and every process it starts."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=cwd,
                         capture_output=True, text=True)
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


def main(argv: list[str] | None = None) -> int:
    """Build both sites and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tickets", nargs="?", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        project, baseline = Path(tmp) / "project", Path(tmp) / "baseline"
        project.mkdir()
        write_project(project, args.tickets)
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(REPO / "docs", project / "docs")
        write_baseline(baseline, args.tickets)
        base = timed([sys.executable, "-m", "mkdocs", "build"], baseline)
        runs: dict[str, Run] = {}
        for builder in builders():
            runs[builder] = timed([sys.executable, "-m", "generator", "build", "--builder",
                                   builder, "--as-of", "2026-12-15T12:00",
                                   "--site-dir", f"site-{builder}"], project)
        index = project / "site-mkdocs" / "search" / "search_index.json"
        entries = len(json.loads(index.read_text(encoding="utf-8"))["docs"])
        per_ticket = index.stat().st_size / args.tickets
    print(f"tickets: {args.tickets}, admins: 40")
    print(f"baseline mkdocs build (one page per ticket, out of nav): {base.wall:.1f} s wall,"
          f" {base.cpu:.1f} CPU-s, peak {base.peak_mb:.0f} MB")
    for builder, run in runs.items():
        print(f"escalation build --builder {builder}: {run.wall:.1f} s wall, {run.cpu:.1f}"
              f" CPU-s, peak {run.peak_mb:.0f} MB; {run.cpu / base.cpu:.2f}x the baseline's"
              f" CPU, {run.wall / base.wall:.2f}x its wall time (budget 0.40x)")
    print(f"search index (mkdocs): {per_ticket:.0f} bytes per ticket, {entries} entries"
          " (budget 1024 bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
