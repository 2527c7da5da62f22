"""serve wakes on the operating system's file events, not only on its poll."""

from __future__ import annotations

import threading
from pathlib import Path

from generator.cli.serve import _notify


def test_a_saved_record_wakes_the_watcher(tmp_path: Path) -> None:
    tickets = tmp_path / "tickets" / "2026"
    tickets.mkdir(parents=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    poked = threading.Event()
    observer = _notify(poked, [tmp_path / "tickets", tmp_path / "admins", config])
    assert observer is not None
    try:
        poked.clear()
        (tickets / "1.md").write_text("---\nid: '1'\n---\n", encoding="utf-8")
        assert poked.wait(30)  # generous: only a missing event fails
        poked.clear()
        config.write_text("site_name: y\n", encoding="utf-8")
        assert poked.wait(30)
    finally:
        observer.stop()
        observer.join()


def test_no_event_without_a_change(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    poked = threading.Event()
    observer = _notify(poked, [tmp_path / "docs"])
    assert observer is not None
    try:
        (tmp_path / "elsewhere.txt").write_text("x", encoding="utf-8")  # not watched
        assert not poked.wait(0.5)
    finally:
        observer.stop()
        observer.join()
