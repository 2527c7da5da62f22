"""Benchmark: the live preview (``escalation serve``) of N synthetic tickets and 40 admins.

Run ``python tests/benchmarks/bench_preview.py [N]`` (default N = 10,000). Not collected
by pytest. It writes the synthetic project of ``bench_check.py`` with the shipped
``mkdocs.yml`` and ``docs/``, starts ``escalation serve`` on a free loopback port, and
prints, in wall seconds from the moment each step starts:

- the first page: from the start of the command until the dashboard answers;
- the whole site: until the search index is served (it is written last);
- an edit: one ticket's title is changed in its file, then every page that shows the
  title (found by searching the built pages for it) is fetched until each shows the new
  title, and the search index until it holds it; and the CPU seconds serve spent on it;
- which files of the served site were rewritten by the edit (the others must not be).

The issue's budget: the edit visible on every page within 2 s at 10,000 tickets, the
first page within 30 s, and a page nobody changed not rebuilt.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_check import write_project

from generator.read.cache import RACY_SECONDS

REPO = Path(__file__).resolve().parents[2]
TICKET = 4321
"""The ticket whose title is edited (its file is tickets/2026/104321.md), or the middle
one of a smaller project."""


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    """The body of ``url``, or None when it does not answer 200 (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(check: object, limit: float, what: str) -> float:
    """Poll ``check`` (a callable returning a truth value) every 50 ms; seconds it took."""
    start = time.perf_counter()
    while not check():  # type: ignore[operator]
        if time.perf_counter() - start > limit:
            raise SystemExit(f"gave up waiting for {what} after {limit:.0f} s")
        time.sleep(0.05)
    return time.perf_counter() - start


def page_url(base: str, built: str) -> str:
    """The served address of a built page (``tickets/index.html``: ``tickets/``)."""
    return base + built.removesuffix("index.html")


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) the process ``pid`` has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def site_times(site: Path) -> dict[str, int]:
    """Modification time of every file of the served site."""
    return {path.relative_to(site).as_posix(): path.stat().st_mtime_ns
            for path in site.rglob("*") if path.is_file()}


def main(argv: list[str] | None = None) -> int:
    """Write the project, serve it, edit one ticket and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tickets", nargs="?", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="escalation-bench-") as tmp:
        project, temp = Path(tmp) / "project", Path(tmp) / "temp"
        project.mkdir()
        temp.mkdir()
        write_project(project, args.tickets)
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(REPO / "docs", project / "docs")
        # a real project's files were written before the preview starts: one written in
        # the last RACY_SECONDS is parsed again on every load (generator/read/cache.py)
        time.sleep(RACY_SECONDS)
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "TMPDIR": str(temp), "ESCALATION_CACHE": "off",
               "NO_MKDOCS_2_WARNING": "1"}
        started = time.perf_counter()
        log = open(Path(tmp) / "serve.log", "w+", encoding="utf-8")  # noqa: SIM115
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}",
             "--as-of-every", "0"], cwd=project, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=log)
        try:
            wait_for(lambda: fetch(base) is not None, 600, "the first page")
            first = time.perf_counter() - started
            index = base + "search/search_index.json"
            wait_for(lambda: fetch(index) is not None, 600, "the whole site")
            whole = time.perf_counter() - started
            site = next(temp.glob("escalation-serve-*"))
            number = min(TICKET, args.tickets // 2)
            old = f"Synthetic ticket {number} about"
            new = f"Renamed ticket {number} about"
            # the built pages, not the staged ones: those hold placeholders of fragments
            showing = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                             if old in path.read_text("utf-8"))
            before = site_times(site)
            record = project / "tickets" / "2026" / f"{100000 + number}.md"
            text = record.read_text(encoding="utf-8")
            time.sleep(1.1)  # a later modification time than the first build's files
            edited = time.perf_counter()
            cpu = cpu_seconds(server.pid)
            record.write_text(text.replace(f"title: {old}", f"title: {new}"), encoding="utf-8")
            seen: dict[str, float] = {}
            for rel in showing:
                url = page_url(base, rel)
                wait_for(lambda url=url: new in (fetch(url) or ""), 600, url)
                seen[rel] = time.perf_counter() - edited
            wait_for(lambda: new in (fetch(index) or ""), 600, "the search index")
            searchable = time.perf_counter() - edited
            cpu = cpu_seconds(server.pid) - cpu
            time.sleep(1.0)  # anything else the edit would still write
            after = site_times(site)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.seek(0)
            said = [line.rstrip() for line in log
                    if line.startswith(("regenerated", "rebuilt", "not regenerated"))]
            log.close()
    rewritten = sorted(rel for rel, mtime in after.items() if before.get(rel) != mtime)
    print(f"tickets: {args.tickets}, admins: 40 (escalation serve, MkDocs, wall seconds)")
    print(f"  first page served after start:      {first:6.1f} s  (budget 30 s)")
    print(f"  whole site (search index) served:   {whole:6.1f} s")
    print(f"  edit of one title, pages showing it ({len(showing)}):")
    for rel, seconds in seen.items():
        print(f"    {rel:40s} {seconds:6.2f} s")
    print(f"  visible on every page showing it:   {max(seen.values()):6.2f} s  (budget 2 s)")
    print(f"  in the search index:                {searchable:6.2f} s")
    print(f"  CPU of serve until then:            {cpu:6.2f} s")
    print("  what serve said (the first build, then the edit):")
    for line in said:
        print(f"    {line}")
    print(f"  site files rewritten by the edit ({len(rewritten)} of {len(after)}):")
    for rel in rewritten:
        print(f"    {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
