"""The live preview after an edit serves what a full build of the edited project serves.

The preview keeps the figures and fragments of unchanged records from one generation to
the next (:mod:`generator.compute.memo`) and renders again only the pages that changed
(:mod:`generator.write.live_site`). Here the preview's own steps run in this process, on
a copy of the fixture project with a pinned as-of time; after each kind of edit, every
page of the preview's site and its search index are compared with those of a real
``escalation build`` of the edited project at the same as-of time. The one difference
allowed is the preview's as-of notice, which only the preview shows.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from site_build import AS_OF, FIXTURE, build_site, copy_project

from generator.cli.serve import Preview
from generator.read.cache import RACY_SECONDS
from generator.write.live_site import LiveSite

pytestmark = pytest.mark.e2e

SITE_URL = "https://escalations.example.org/"
"""The fixture's ``site_url``: the preview is given it, so that its pages' addresses are
those of the build."""
NOTICE = re.compile(r' ?<span class="ep-preview-as-of">[^<]*</span>')
TICKET = "tickets/2026/90107.md"
"""An open escalate ticket with one engagement and no response."""


def replace(project: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in a file of the project."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def retitle(project: Path) -> None:
    replace(project, TICKET, "title: VPN tunnel drops every ten minutes",
            "title: VPN tunnel drops every quarter hour")


def respond(project: Path) -> None:
    replace(project, TICKET, "    message: Transferring ownership.",
            "    response:\n      at: 2026-11-25T11:00\n      outcome: accepted\n"
            "    message: Transferring ownership.")


def engage_again(project: Path) -> None:
    path = project / TICKET
    text = path.read_text(encoding="utf-8")
    head, rest = text.rsplit("---", 1)
    path.write_text(head + "  - admin: ana-north\n    tier: escalate\n"
                    "    at: 2026-11-25T10:30\n    tag: esc-vpn-2\n"
                    "    reason: A second opinion on the tunnel.\n"
                    "    message: Can you look at the gateway too?\n"
                    "---" + rest, encoding="utf-8")


def move_month(project: Path) -> None:
    replace(project, TICKET, "opened: 2026-11-23T14:00", "opened: 2026-10-20T14:00")


def add_ticket(project: Path) -> None:
    text = (project / TICKET).read_text(encoding="utf-8")
    (project / "tickets/2026/90199.md").write_text(
        text.replace("VPN tunnel drops", "Printer queue stalls"), encoding="utf-8")


def delete_ticket(project: Path) -> None:
    (project / "tickets/2026/90100.md").unlink()


def rename_admin(project: Path) -> None:
    replace(project, "admins/ana-north.md", "name: Ana North", "name: Ana Northwood")


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("title", retitle), ("response", respond), ("engagement", engage_again),
    ("month", move_month), ("added", add_ticket), ("deleted", delete_ticket),
    ("admin", rename_admin),
]


def pages(site: Path) -> dict[str, str]:
    """Every HTML page of a built site, the preview's notice taken out."""
    return {p.relative_to(site).as_posix(): NOTICE.sub("", p.read_text(encoding="utf-8"))
            for p in sorted(site.rglob("*.html"))}


def search_entries(site: Path) -> list[object]:
    return list(json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"])


class LivePreview:
    """The steps ``escalation serve`` takes, without its HTTP server and file watcher."""

    def __init__(self, project: Path, site: Path) -> None:
        args = argparse.Namespace(config_file=str(project / "mkdocs.yml"), audience=None,
                                  as_of=AS_OF, as_of_every=0)
        self.preview = Preview(args)
        assert self.preview.regenerate()
        self.site = LiveSite(self.preview.config, site, SITE_URL)
        self.site.build_all(fragments=self.preview.take()[2])

    def edited(self) -> None:
        """What the watcher and the builder do after a save."""
        assert self.preview.regenerate()
        changed, full, fragments = self.preview.take()
        self.site.update(changed, full=full, fragments=fragments)


def test_the_preview_after_each_edit_serves_what_a_full_build_serves(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    time.sleep(RACY_SECONDS + 0.1)  # the records unchanged since are the parse cache's
    live = LivePreview(project, tmp_path / "served")
    for number, (kind, edit) in enumerate(EDITS):
        time.sleep(0.01)
        edit(project)
        live.edited()
        built = build_site(project, tmp_path / f"built-{number}", as_of=AS_OF).site
        served, expected = pages(live.site.site_dir), pages(built)
        assert sorted(served) == sorted(expected), kind
        for rel, html in expected.items():
            assert served[rel] == html, f"after the {kind} edit, {rel} differs from the build"
        assert search_entries(live.site.site_dir) == search_entries(built), kind
        shutil.rmtree(built)


def test_a_title_edit_makes_again_only_that_tickets_fragments(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "project")
    time.sleep(RACY_SECONDS + 0.1)  # else the parse cache reads every fresh file again
    live = LivePreview(project, tmp_path / "served")
    before = live.preview.memo.misses()
    retitle(project)
    live.edited()
    after = live.preview.memo.misses()
    # its row in All Tickets and its detail view; its engagement states
    assert after["tickets"] - before["tickets"] == 2
    assert after["statuses"] - before["statuses"] == 1
