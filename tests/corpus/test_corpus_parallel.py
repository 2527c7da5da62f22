"""Parsing on several cores (generator/read/parallel.py) loads exactly what one core does.

The project is the broken fixture plus every ticket of the record corpus, each in its own
folder: syntax errors, bad encodings, control characters, duplicate keys and IDs, wrong
types. A parallel load must give the same records and the same problems in the same
order, with or without the parse cache, and when a worker fails.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from corpus_harness import write_files
from test_corpus_records import CASES as RECORD_CASES

from generator.check.project import check_project
from generator.read import cache as cache_module
from generator.read import parallel
from generator.read.cache import ParseCache
from generator.read.project import Project, load_project
from generator.read.settings import load_settings

BROKEN = Path(__file__).parents[1] / "fixtures" / "broken"


@pytest.fixture
def corpus_project(tmp_path: Path) -> Path:
    """The broken fixture with the corpus's ticket files added, one folder per case."""
    root = tmp_path / "project"
    shutil.copytree(BROKEN, root)
    for case in RECORD_CASES:
        if case.prepare is not None:
            continue
        files = {f"tickets/corpus/{case.name}/{name.removeprefix('tickets/')}": content
                 for name, content in case.files.items() if name.startswith("tickets/")}
        write_files(root, files, None)
    return root


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Workers for any number of files, and the pids of the workers forked."""
    monkeypatch.setattr(parallel, "MIN_FILES", 2)
    monkeypatch.setattr(parallel, "_forking_safe", lambda: True)  # pytest-xdist threads
    monkeypatch.setenv("ESCALATION_WORKERS", "3")
    started: list[int] = []
    fork = os.fork

    def counting_fork() -> int:
        pid = fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting_fork)
    return started


def load(root: Path, cache: ParseCache | None = None) -> Project:
    settings, problems = load_settings(root / "mkdocs.yml")
    return load_project(settings, problems, cache=cache)


def serial(root: Path) -> Project:
    """The project loaded on one core, whatever the test set."""
    before = os.environ.get("ESCALATION_WORKERS")
    os.environ["ESCALATION_WORKERS"] = "1"
    try:
        return load(root)
    finally:
        if before is None:
            del os.environ["ESCALATION_WORKERS"]
        else:
            os.environ["ESCALATION_WORKERS"] = before


def same(one: Project, other: Project) -> None:
    assert one.problems == other.problems
    assert one.tickets == other.tickets
    assert one.admins == other.admins
    assert check_project(one) == check_project(other)


def test_the_corpus_has_problems_of_every_stage(corpus_project: Path) -> None:
    codes = {p.code for p in serial(corpus_project).problems}
    assert {"file.yaml-syntax", "file.not-utf8", "file.duplicate-key",
            "ticket.duplicate-id", "ticket.invalid-value"} <= codes


def test_a_parallel_load_equals_the_serial_one(corpus_project: Path, forks: list[int]) -> None:
    expected = serial(corpus_project)
    assert not forks
    same(load(corpus_project), expected)
    assert len(forks) == 2


def test_a_parallel_load_through_the_cache_equals_the_serial_one(
        corpus_project: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "RACY_SECONDS", -1.0)  # the files may be cached
    expected = serial(corpus_project)
    cache = ParseCache()
    same(load(corpus_project, cache), expected)
    assert len(forks) == 2 and cache.entries
    # a second load takes every file from the cache and forks no worker
    same(load(corpus_project, pickle.loads(pickle.dumps(cache))), expected)
    assert len(forks) == 2


def crash(*_: Any) -> Any:
    os._exit(3)


def garble(*_: Any, **__: Any) -> bytes:
    return b"not a pickle"


@pytest.mark.parametrize(("name", "replacement"), [("read_record_file", crash),
                                                    ("pickle.dumps", garble)])
def test_the_share_of_a_failed_worker_is_parsed_serially(
        corpus_project: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch, name: str,
        replacement: Callable[..., Any]) -> None:
    expected = serial(corpus_project)
    parent = os.getpid()
    target, _, attribute = name.rpartition(".")
    owner: Any = getattr(parallel, target) if target else parallel
    original = getattr(owner, attribute)

    def in_workers_only(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            return replacement(*args, **kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, attribute, in_workers_only)
    same(load(corpus_project), expected)
    assert len(forks) == 2


def test_a_small_project_is_parsed_without_workers(corpus_project: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: started.append(1) or fork())
    monkeypatch.setenv("ESCALATION_WORKERS", "3")
    same(load(corpus_project), serial(corpus_project))
    assert not started  # fewer files than parallel.MIN_FILES


@pytest.mark.parametrize(("workers", "threads", "expected"), [("1", 1, False), ("", 2, False),
                                                              ("2", 1, True)])
def test_workers_only_where_forking_is_asked_for_and_safe(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str, threads: int,
        expected: bool) -> None:
    monkeypatch.setattr(parallel, "MIN_FILES", 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: threads)
    monkeypatch.setattr(parallel, "worker_count", lambda: int(workers or "2"))
    files = []
    for number in range(4):
        path = tmp_path / f"{number}.md"
        path.write_text("---\ntitle: A\n---\n", encoding="utf-8")
        files.append((path, path.name))
    parsing = parallel.parse_files(files)
    parsed = [parsing.take(name) for _, name in files]
    parsing.close()
    if expected:
        assert all(found is not None and found[0] is not None
                   and found[0].data == {"title": "A"} for found in parsed)
    else:
        assert parsed == [None] * 4


def test_closing_before_every_share_is_taken_reaps_every_worker(
        corpus_project: Path, forks: list[int]) -> None:
    settings, _ = load_settings(corpus_project / "mkdocs.yml")
    files = sorted((path, path.relative_to(corpus_project).as_posix())
                   for path in (corpus_project / "tickets").rglob("*.md"))
    parsing = parallel.parse_files(files)
    assert len(forks) == 2 and settings.root == corpus_project.resolve()
    parsing.close()
    for pid in forks:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie, no orphan
