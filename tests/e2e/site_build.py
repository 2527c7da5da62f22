"""What the end-to-end tests share: running the command line, building a project copy,
and reading the built site. The fixtures that use it are in ``conftest.py``.

Builds run the real command line (``python -m generator build``) in a copy of a
project with a pinned ``--as-of``, so every page is reproducible.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitehtml import Element, parse

from generator.read.project import load_project
from generator.read.settings import load_settings

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
FIXTURE = TESTS / "fixtures" / "site"
AS_OF = "2026-11-25T12:00"
"""The pinned "now" of every fixture build: Wednesday of 2026-W48, 12:00 America/Chicago."""
EXAMPLE_AS_OF = "2026-11-30T10:00"
"""The pinned "now" of the example builds that need its last week (2026-W48) complete:
the Monday after it ended (the print and layout tests, the guide's screenshots)."""
MARKER = b"LEAKMARKER"
"""Carried by every internal place of the fixture (notes, internal page, internal block)."""
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# Variables that would change what a build does; the tests pass everything explicitly.
_ENV_DROPPED = ("ESCALATION_AS_OF", "ESCALATION_CONFIG", "ESCALATION_DEBUG")


def escalation(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the ``escalation`` command line in ``cwd``; its completed process (text)."""
    environ = {k: v for k, v in os.environ.items() if k not in _ENV_DROPPED}
    environ.update(NO_MKDOCS_2_WARNING="1", **env)
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=environ,
        capture_output=True, text=True, check=False, timeout=300,
    )


def copy_example_project(target: Path) -> Path:
    """A copy of the repository's own example project: ``mkdocs.yml``, ``admins/``,
    ``tickets/`` and ``docs/`` (every page type, the record forms included)."""
    target.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("admins", "tickets", "docs"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a project's config, records and docs (no staging or built site)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".build", "site", "site-*"))
    return target


@dataclass
class BuiltSite:
    """One build of a project: where it is, what the command said, and its pages."""

    project: Path
    site: Path
    audience: str
    result: subprocess.CompletedProcess[str]
    _docs: dict[str, Element] = field(default_factory=dict, repr=False)

    def path(self, url: str) -> Path:
        """The file serving ``url`` (a site-relative directory URL such as ``tickets/``)."""
        url = url.split("#", 1)[0].lstrip("/")
        if url == "" or url.endswith("/"):
            return self.site / url / "index.html"
        return self.site / url

    def html(self, url: str) -> str:
        return self.path(url).read_text(encoding="utf-8")

    def doc(self, url: str) -> Element:
        """The parsed page at ``url`` (cached)."""
        if url not in self._docs:
            self._docs[url] = parse(self.html(url))
        return self._docs[url]

    def files(self) -> list[Path]:
        """Every file of the built site."""
        return sorted(p for p in self.site.rglob("*") if p.is_file())

    def html_pages(self) -> list[str]:
        """The site-relative URL of every HTML page."""
        urls = []
        for file in self.files():
            if file.suffix == ".html":
                rel = file.relative_to(self.site).as_posix()
                urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        return urls

    def contents(self, file: Path) -> bytes:
        """A file's bytes, decompressed when it is gzip (``sitemap.xml.gz``)."""
        data = file.read_bytes()
        return gzip.decompress(data) if file.suffix == ".gz" else data

    def generated_pages(self) -> list[str]:
        """URLs of the pages the generator wrote (staged pages not copied from docs/)."""
        staging = self.project / ".build" / "docs"
        urls = []
        for page in sorted(staging.rglob("*.md")):
            rel = page.relative_to(staging).as_posix()
            hand_written = self.project / "docs" / rel
            if hand_written.is_file() and hand_written.read_bytes() == page.read_bytes():
                continue
            stem = rel[: -len(".md")]
            if stem == "index":
                urls.append("")
            elif stem.endswith("/index"):
                urls.append(stem[: -len("index")])
            else:
                urls.append(stem + "/")
        return urls


def build_site(
    project: Path, site: Path, *args: str, audience: str = "internal", as_of: str = AS_OF
) -> BuiltSite:
    """Build ``project`` into ``site`` with a pinned as-of; fail the test if it fails."""
    result = escalation(
        "build", "--as-of", as_of, "--audience", audience, "--site-dir", str(site), "--strict",
        *args, cwd=project,
    )
    assert result.returncode == 0, (
        f"escalation build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    return BuiltSite(project=project, site=site, audience=audience, result=result)


def busiest_week(project: Path) -> str:
    """The ISO week of a project's records with the most tickets opened plus engagements
    sent (in the records' timezone), e.g. ``2026-W48``."""
    settings, problems = load_settings(project / "mkdocs.yml")
    loaded = load_project(settings, problems)
    weeks: Counter[tuple[int, int]] = Counter()
    for ticket in loaded.tickets:
        moments = [ticket.opened, *(engagement.at for engagement in ticket.escalations)]
        for moment in moments:
            year, week, _ = moment.isocalendar()
            weeks[(year, week)] += 1
    assert weeks, "the example data has no tickets"
    (year, week), _ = weeks.most_common(1)[0]
    return f"{year}-W{week:02d}"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class SiteServer:
    """A local HTTP server for a built site."""

    url: str
    host: str


@contextlib.contextmanager
def serve_site(site: BuiltSite) -> Iterator[SiteServer]:
    """``site`` served on 127.0.0.1 at a random free port while the block runs."""
    handler = functools.partial(QuietHandler, directory=str(site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    host = f"127.0.0.1:{server.server_address[1]}"
    try:
        yield SiteServer(url=f"http://{host}/", host=host)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass
class RecordedPage:
    """A browser page with every request it made."""

    page: Any
    requests: list[str]
    dialogs: list[str]
    errors: list[str]
