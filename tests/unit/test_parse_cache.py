"""The parse cache of record files (generator/read/cache.py, write/record_cache.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.read import cache as cache_module
from generator.read.cache import ParseCache, cache_file, load_cache
from generator.read.frontmatter import read_record_file
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.write.record_cache import save_cache

TICKET = "---\ntitle: Printer jam\nopened: 2026-11-16T09:30\n---\nNotes.\n"


def aged(path: Path, text: str, seconds: float = 60.0) -> Path:
    """Write ``text`` to ``path`` and date its modification ``seconds`` in the past."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as old enough to cache (their change time, which
    no test can set back, is always now)."""
    monkeypatch.setattr(cache_module, "RACY_SECONDS", -1.0)


def test_a_file_changed_within_the_racy_window_is_not_cached(tmp_path: Path) -> None:
    file = aged(tmp_path / "t.md", TICKET)  # its change time is now
    cache = ParseCache()
    raw, _ = cache.read(file, "t.md")
    assert raw is not None and "t.md" not in cache.entries


@pytest.mark.usefixtures("no_racy_window")
def test_an_unchanged_file_is_taken_from_the_cache(tmp_path: Path) -> None:
    file = aged(tmp_path / "t.md", TICKET)
    cache = ParseCache()
    first, _ = cache.read(file, "t.md")
    again, _ = cache.read(file, "t.md")
    assert first is not None and again is first


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    file = aged(tmp_path / "t.md", TICKET)
    info = file.stat()
    cache = ParseCache()
    key = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    stale, _ = read_record_file(file, "t.md")
    cache.entries["t.md"] = (key, stale, ())
    hit, _ = cache.read(file, "t.md")
    assert hit is stale  # same key: the very object, not a new parse
    aged(file, TICKET.replace("Printer jam", "Paper jam"))
    fresh, _ = cache.read(file, "t.md")
    assert fresh is not None and fresh.data["title"] == "Paper jam"


def test_problems_come_back_from_the_cache_unchanged(tmp_path: Path) -> None:
    file = aged(tmp_path / "t.md", "---\ntitle: [broken\n---\n")
    raw, problems = read_record_file(file, "t.md")
    info = file.stat()
    cache = ParseCache({"t.md": ((info.st_size, info.st_mtime_ns, info.st_ctime_ns,
                                  info.st_ino), raw, tuple(problems))})
    again, cached = cache.read(file, "t.md")
    assert again is None and cached == problems
    assert [p.code for p in cached] == ["file.yaml-syntax"]


def test_files_gone_since_the_last_load_are_dropped(tmp_path: Path) -> None:
    cache = ParseCache({"gone.md": ((1, 2, 3, 4), None, ())})
    cache.start()
    cache.read(aged(tmp_path / "t.md", TICKET), "t.md")
    cache.finish()
    assert "gone.md" not in cache.entries and cache.changed


@pytest.mark.usefixtures("no_racy_window")
def test_the_disk_cache_round_trip_gives_the_same_project(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESCALATION_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "project"
    aged(root / "mkdocs.yml", "site_name: Test\n")
    aged(root / "tickets" / "2026" / "48213.md", TICKET)
    aged(root / "tickets" / "2026" / "48214.md", "---\ntitle: [broken\n---\n")
    settings, found = load_settings(root / "mkdocs.yml")
    plain = load_project(settings, found)
    cache = load_cache(root)
    load_project(settings, found, cache=cache)
    save_cache(root, cache)
    path = cache_file(root)
    assert path is not None and path.is_file() and not path.stat().st_mode & 0o077
    warm = load_cache(root)
    assert set(warm.entries) == {"tickets/2026/48213.md", "tickets/2026/48214.md"}
    cached = load_project(settings, found, cache=warm)
    assert cached.tickets == plain.tickets and cached.problems == plain.problems
    assert not warm.changed  # nothing parsed again


@pytest.mark.usefixtures("no_racy_window")
def test_a_cache_file_others_may_write_is_not_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESCALATION_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "project"
    aged(root / "tickets" / "2026" / "48213.md", TICKET)
    cache = ParseCache()
    cache.read(root / "tickets" / "2026" / "48213.md", "tickets/2026/48213.md")
    save_cache(root, cache)
    path = cache_file(root)
    assert path is not None and load_cache(root).entries
    path.chmod(0o666)
    assert load_cache(root).entries == {}


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESCALATION_CACHE", "off")
    assert cache_file(tmp_path) is None
    assert load_cache(tmp_path).entries == {}
