"""The live preview (``escalation serve``) of the fixture project, over HTTP.

Each test starts the real command on a free loopback port with the served site in a
temporary folder of its own, edits records the way an editor saves them, and reads the
served pages until they show the edit (a slow machine only makes the wait longer).
"""

from __future__ import annotations

import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from site_build import FIXTURE, copy_project

pytestmark = pytest.mark.e2e

WAIT_SECONDS = 240.0
"""How long a page may take to show an edit before the test gives up (not a budget)."""
TICKET = "tickets/2026/90107.md"
OLD_TITLE = "VPN tunnel drops every ten minutes"
NEW_TITLE = "VPN tunnel drops every quarter hour"
DETAIL = "tickets/2026-11/index.html"
"""The month page with the ticket's detail view (a placed fragment of sections)."""
OLD_REASON = "Tunnel drops on every client since the gateway update."
NEW_REASON = "Tunnel drops on every laptop since the gateway update."


@dataclass
class Served:
    """A running ``escalation serve``: its project, address and served site folder."""

    project: Path
    base: str
    temp: Path
    process: subprocess.Popen[str]

    def get(self, url: str) -> str | None:
        """The page at ``url`` (site-relative), or None when it does not answer 200."""
        try:
            with urllib.request.urlopen(self.base + url, timeout=60) as response:
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    @property
    def site(self) -> Path:
        return next(self.temp.glob("escalation-serve-*"))

    def times(self) -> dict[str, int]:
        """Modification time of every file of the served site."""
        return {p.relative_to(self.site).as_posix(): p.stat().st_mtime_ns
                for p in self.site.rglob("*") if p.is_file()}

    def showing(self, text: str) -> set[str]:
        """The served site's pages whose HTML holds ``text`` (their fragments included:
        the staged Markdown holds only placeholders of them)."""
        return {path.relative_to(self.site).as_posix() for path in self.site.rglob("*.html")
                if text in path.read_text(encoding="utf-8")}


def until(check: Callable[[], object], what: str) -> None:
    """Poll ``check`` until it is true; fail naming ``what`` after :data:`WAIT_SECONDS`."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > WAIT_SECONDS:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """The fixture project served, once its whole site (search index last) is built."""
    project = copy_project(FIXTURE, tmp_path / "project")
    temp = tmp_path / "temp"
    temp.mkdir()
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ESCALATION_")}
    environ.update(TMPDIR=str(temp), NO_MKDOCS_2_WARNING="1", ESCALATION_CACHE="off")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}",
         "--as-of-every", "0"],
        cwd=project, env=environ, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    server = Served(project, f"http://127.0.0.1:{port}/", temp, process)
    try:
        until(lambda: process.poll() is not None or server.get("search/search_index.json"),
              "the whole site")
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def as_of_notice(page: str) -> str:
    """The preview's as-of notice of a served page."""
    found = re.search(r'class="ep-preview-as-of">([^<]*)<', page)
    assert found, "the page says nothing about its as-of time"
    return html.unescape(found.group(1))


def edit(project: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in a record, as an editor saves it (a new mtime)."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    time.sleep(1.1)  # a later second than anything written so far
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_reaches_every_page_showing_it_and_no_other(served: Served) -> None:
    showing = served.showing(OLD_TITLE)
    assert {"tickets/index.html", "escalations/index.html", DETAIL} <= showing
    dashboard = served.get("")
    assert dashboard is not None
    notice = as_of_notice(dashboard)
    assert notice.startswith("Preview as of ")
    before = served.times()
    edit(served.project, TICKET, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
    for page in sorted(showing):
        url = page.removesuffix("index.html")
        until(lambda url=url: NEW_TITLE in (served.get(url) or ""), f"{url} to show the edit")
    until(lambda: NEW_TITLE in (served.get("search/search_index.json") or ""),
          "the search index to hold the edit")
    time.sleep(1.0)  # anything else the edit would still write
    after = served.times()
    rewritten = {rel for rel, mtime in after.items() if before.get(rel) != mtime}
    # only the pages that show the title, and the search index, were written again
    assert rewritten == showing | {"search/search_index.json"}
    assert after.keys() == before.keys()
    # the as-of time (to the second) did not move with the edit, on any page
    for page in ("", "reference/framework/", "tickets/"):
        assert as_of_notice(served.get(page) or "") == notice
    # the search index still holds every other page
    index = served.get("search/search_index.json") or ""
    assert '"location":"reference/framework/"' in index
    assert OLD_TITLE not in index


def test_a_broken_edit_is_shown_on_the_dashboard_and_serving_goes_on(served: Served) -> None:
    edit(served.project, TICKET, "priority: high", "priority: [high")
    until(lambda: "file.yaml-syntax" in (served.get("") or ""),
          "the dashboard to show the problem")
    dashboard = served.get("") or ""
    assert f"{TICKET}:" in html.unescape(dashboard)
    assert served.process.poll() is None
    assert "Framework" in (served.get("reference/framework/") or "")
    edit(served.project, TICKET, "priority: [high", "priority: high")
    until(lambda: "file.yaml-syntax" not in (served.get("") or ""),
          "the dashboard to drop the fixed problem")


def search_entries(served: Served) -> list[dict[str, str]]:
    """The entries of the served search index."""
    return list(json.loads(served.get("search/search_index.json") or "{}")["docs"])


def test_an_edit_inside_a_placed_fragment_reaches_the_page_and_its_search_entry(
        served: Served) -> None:
    # the reason is shown only in the ticket's detail view, which the staged Markdown
    # holds as a placeholder: the served page must get the fragment back, with the edit
    showing = served.showing(OLD_REASON)
    assert DETAIL in showing
    staged = served.project / ".build" / "docs" / "tickets" / "2026-11.md"
    assert OLD_REASON not in staged.read_text(encoding="utf-8")
    before = served.times()
    edit(served.project, TICKET, f"reason: {OLD_REASON}", f"reason: {NEW_REASON}")
    until(lambda: NEW_REASON in (served.get("search/search_index.json") or ""),
          "the search index to hold the edit")
    page = served.get(DETAIL.removesuffix("index.html")) or ""
    assert NEW_REASON in page
    assert OLD_REASON not in page
    assert "<!--ep:fragment" not in page
    # the ticket's own section of the detail view, with its title (the fragment's heading)
    assert html.escape(OLD_TITLE) in page
    entries = [e for e in search_entries(served) if NEW_REASON in e["text"]]
    assert entries, "no search entry holds the edited reason"
    assert all(e["location"].startswith("tickets/2026-11/#") for e in entries)
    assert not [e for e in search_entries(served) if OLD_REASON in e["text"]]
    # the month page keeps the builder's own entry of it beside the placed sections'
    locations = [e["location"] for e in search_entries(served)]
    assert "tickets/2026-11/" in locations
    time.sleep(1.0)  # anything else the edit would still write
    after = served.times()
    rewritten = {rel for rel, mtime in after.items() if before.get(rel) != mtime}
    assert rewritten == showing | {"search/search_index.json"}
