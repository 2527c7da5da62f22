"""Benchmark: a full ``escalation build`` of N synthetic tickets against plain MkDocs.

Run ``python tests/benchmarks/bench_build.py [N]`` (default N = 10,000; 40 admins). Not
collected by pytest. It writes the synthetic project of ``bench_check.py`` with the
shipped ``mkdocs.yml`` and ``docs/``, then measures in the same session:

- ``escalation build`` (generation + ``mkdocs build``): wall time, peak memory of the
  process tree, size of ``search/search_index.json`` per ticket;
- the baseline of the issue: plain ``mkdocs build`` of a site with one simple page per
  ticket kept out of the nav.

The issue's budget: build time at most 0.4x the baseline, peak memory at most 500 MB,
search index at most 1 KB per ticket.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_check import write_project

REPO = Path(__file__).resolve().parents[2]
MEASURE = """\
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
           resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(peak)
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


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of ``command`` and its children."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=cwd, check=True,
                         capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, int(out.stdout.strip().splitlines()[-1]) / 1024


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
        escalation = [sys.executable, "-m", "generator", "build",
                      "--as-of", "2026-12-15T12:00"]
        ours, ours_mb = timed(escalation, project)
        base, base_mb = timed([sys.executable, "-m", "mkdocs", "build"], baseline)
        index = project / "site" / "search" / "search_index.json"
        entries = len(json.loads(index.read_text(encoding="utf-8"))["docs"])
        per_ticket = index.stat().st_size / args.tickets
    print(f"tickets: {args.tickets}, admins: 40")
    print(f"escalation build: {ours:.1f} s, peak {ours_mb:.0f} MB")
    print(f"baseline mkdocs build (one page per ticket, out of nav): {base:.1f} s,"
          f" peak {base_mb:.0f} MB")
    print(f"ratio: {ours / base:.2f}x the baseline (budget 0.40x)")
    print(f"search index: {per_ticket:.0f} bytes per ticket, {entries} entries"
          " (budget 1024 bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
