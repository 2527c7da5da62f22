"""Parsed record files kept between runs, so that an unchanged file is not parsed again.

Parsing the YAML front-matter is most of what loading costs (``bench_check.py``); a
project of 50,000 tickets changes a few files between two runs of ``check``, and a live
preview re-reads the project after every save. A :class:`ParseCache` maps each record
file to what :func:`~generator.read.frontmatter.read_record_file` returned for it, keyed
by the file's size, modification and change times and inode: any write changes the
change time (which no tool can set back), so a changed file is always read again.

A file modified in the last :data:`RACY_SECONDS` is never taken from the cache nor put
in it (git's "racy" rule): a second save within one clock tick of the first could keep
the same times. The cache holds only what the parse of a file's bytes gave; the typed
records (which depend on the settings and the admins) are made afresh on every load.

On disk it lives in the user's cache folder, never in the project: a repository, or a
pull request, cannot plant a cache that a run would trust. ``$ESCALATION_CACHE_DIR``
names another folder; ``ESCALATION_CACHE=off`` turns the disk cache off.

The files the cache does not hold are parsed at once by :meth:`ParseCache.prefetch`, on
every core when there are many (:mod:`generator.read.parallel`).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.read.frontmatter import RawRecord, read_record_file
from generator.read.parallel import Parsing, parse_files
from generator.schema.problems import Problem

RACY_SECONDS = 2.0
"""A file modified this recently is parsed every time (see the module's docstring)."""

FORMAT = 2
"""Bumped whenever what a parse returns changes shape."""

T = TypeVar("T")
StatKey = tuple[int, int, int, int]
Entry = tuple[StatKey, RawRecord | None, tuple[Problem, ...]]


@dataclass(slots=True)
class ParseCache:
    """Record path (relative, POSIX) → the parse of the file as it was at a stat key."""

    entries: dict[str, Entry] = field(default_factory=dict)
    changed: bool = False
    """Whether an entry was added, replaced or dropped since the cache was loaded."""
    seen: set[str] = field(default_factory=set)
    """The paths read since :meth:`start`: the others are gone and are dropped."""
    typed: dict[str, tuple[RawRecord, Any, tuple[Problem, ...]]] = field(default_factory=dict)
    """Path → (the raw record, the typed record made from it, its problems), kept in
    memory only (a live preview): valid while the context of :meth:`start` is equal."""
    context: Any = None
    stats: dict[str, os.stat_result] = field(default_factory=dict)
    """Path → the file's status taken by :meth:`prefetch`, used once by :meth:`read`."""
    fresh: Parsing = field(default_factory=Parsing)
    """The parses :meth:`prefetch` made, each taken once by :meth:`read`."""

    def start(self) -> None:
        """Begin one load of the project: paths not read until :meth:`finish` are dropped."""
        self.seen = set()
        self.fresh.close()

    def prefetch(self, files: Iterable[tuple[Path, str]]) -> None:
        """Parse at once, on the machine's cores (:mod:`generator.read.parallel`), those
        of ``files`` (file, relative path) that are not in the cache; :meth:`read` then
        takes each result in turn as if it had parsed that file itself."""
        misses: list[tuple[Path, str]] = []
        for file, rel in files:
            try:
                info = os.stat(file)
            except OSError:
                continue  # read() reports it
            self.stats[rel] = info
            hit = self.entries.get(rel)
            if hit is None or hit[0] != _stat_key(info):
                misses.append((file, rel))
        self.fresh = parse_files(misses)

    def depend_on(self, context: Any) -> None:
        """What typed records depend on besides their file (the settings, the admins'
        slugs): when it differs from the last load's, :attr:`typed` is emptied."""
        if context != self.context:
            self.typed = {}
        self.context = context

    def record(self, rel_path: str, raw: RawRecord, make: Callable[[list[Problem]], T]
               ) -> tuple[T, list[Problem]]:
        """``make(problems)`` for the raw record of ``rel_path``, or what it returned last
        time for this very raw record (unchanged file, same context)."""
        hit = self.typed.get(rel_path)
        if hit is not None and hit[0] is raw:
            return hit[1], list(hit[2])
        problems: list[Problem] = []
        value = make(problems)
        self.typed[rel_path] = (raw, value, tuple(problems))
        return value, problems

    def finish(self) -> None:
        """Drop the entries of files that no longer exist (or are no longer records)."""
        gone = self.entries.keys() - self.seen
        for rel in gone:
            del self.entries[rel]
        for rel in self.typed.keys() - self.seen:
            del self.typed[rel]
        self.changed = self.changed or bool(gone)
        self.fresh.close()
        self.stats, self.fresh = {}, Parsing()

    def read(self, file: Path, rel_path: str) -> tuple[RawRecord | None, list[Problem]]:
        """What ``read_record_file(file, rel_path)`` returns, from the cache when unchanged."""
        self.seen.add(rel_path)
        info = self.stats.pop(rel_path, None)
        if info is None:
            try:
                info = os.stat(file)
            except OSError:
                return read_record_file(file, rel_path)  # which says why it cannot be read
        key = _stat_key(info)
        hit = self.entries.get(rel_path)
        if hit is not None and hit[0] == key:
            return hit[1], list(hit[2])
        # parsed after the status was taken, like the line below: the same entry
        parsed = self.fresh.take(rel_path)
        raw, problems = read_record_file(file, rel_path) if parsed is None else parsed
        recent = time.time() - max(info.st_mtime, info.st_ctime) < RACY_SECONDS
        if stat.S_ISREG(info.st_mode) and not recent:
            self.entries[rel_path] = (key, raw, tuple(problems))
            self.changed = True
        elif self.entries.pop(rel_path, None) is not None:
            self.changed = True
        return raw, problems


def _stat_key(info: os.stat_result) -> StatKey:
    """What identifies one version of a file: size, modification and change times, inode."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while records are read or unpickled.

    Reading allocates millions of small objects that all stay alive, and each of the
    collector's full passes walks every one of them: at 50,000 tickets that was almost
    half of ``check``. What reading drops, reference counting frees; the collector
    resumes as it was afterwards and reclaims any cycle then.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cache_file(root: Path) -> Path | None:
    """Where the disk cache of the project at ``root`` lives, or None when turned off."""
    if os.environ.get("ESCALATION_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    base = os.environ.get("ESCALATION_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        base = str(Path(xdg) / "escalation-pathway")
    project = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:20]
    return Path(base) / f"records-{project}-{code_version()}.pickle"


def code_version() -> str:
    """A digest of the reader's own source: a changed parser never trusts an old cache."""
    here = Path(__file__).parent
    digest = hashlib.sha256(str(FORMAT).encode())
    for folder in (here, here.parent / "schema"):
        for source in sorted(folder.glob("*.py")):
            info = source.stat()
            digest.update(f"{source.name}:{info.st_size}:{info.st_mtime_ns};".encode())
    return digest.hexdigest()[:12]


def load_cache(root: Path) -> ParseCache:
    """The disk cache of the project at ``root``, or an empty one (missing, unreadable,
    written by another version, or turned off: the cache is only ever a shortcut)."""
    path = cache_file(root)
    if path is None:
        return ParseCache()
    try:
        info = os.stat(path)
        # only a file of this user's, that nobody else may write, is unpickled
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() \
                or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return ParseCache()
        with open(path, "rb") as handle, collector_paused():
            entries = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError, IndexError):
        return ParseCache()
    return ParseCache(entries) if isinstance(entries, dict) else ParseCache()
