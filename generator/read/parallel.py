"""Parse many record files at once on the machine's cores.

A cold ``check`` of 10,000 tickets spends most of its time composing YAML, one file
after another, on one core. :func:`parse_files` splits the files that must be parsed
into one contiguous share per core: forked workers parse theirs and send back the
pickled results through a pipe while this process parses the first share itself.

Only the results cross the pipe; what they mean is decided by the caller exactly as for
a file parsed here, so the records, the problems and their order are those of a serial
load. It is only ever a shortcut: a project of fewer than :data:`MIN_FILES` files to
parse, a single core, a process with other threads (forking one is unsafe), or
``ESCALATION_WORKERS=1`` parse in this process alone; and the share of a worker that
fails in any way (a crash, a result that does not unpickle) is simply left out of the
answer, so that the caller parses those files itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Sequence
from pathlib import Path

from generator.read.frontmatter import RawRecord, read_record_file
from generator.schema.problems import Problem

MIN_FILES = 2000
"""Fewer files to parse than this are parsed in this process: at 1,000 files a second
core saves about what the fork, the pickling and the pipe cost (``bench_check.py``)."""

Parsed = tuple[RawRecord | None, list[Problem]]


def worker_count() -> int:
    """How many processes parse at once: ``$ESCALATION_WORKERS`` when it is a whole
    number, else the cores this process may run on (1: no worker)."""
    wanted = os.environ.get("ESCALATION_WORKERS", "").strip()
    if wanted.isdigit():
        return max(1, int(wanted))
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


class Parsing:
    """The parses made by :func:`parse_files`: this process's share at once, a worker's
    when one of its files is first taken, so that the caller turns the first share into
    typed records while the workers still parse theirs."""

    def __init__(self) -> None:
        self.ready: dict[str, Parsed] = {}
        self.workers: list[tuple[int, int, Sequence[tuple[Path, str]]]] = []
        """(pid, pipe, share) of each worker not collected yet, in the files' order."""
        self.pending: set[str] = set()
        """The files of those workers' shares."""

    def take(self, rel: str) -> Parsed | None:
        """The parse of the file ``rel`` (given once), or None: it was not parsed here, or
        its worker failed (the caller parses it)."""
        found = self.ready.pop(rel, None)
        while found is None and rel in self.pending:
            pid, pipe, share = self.workers.pop(0)  # _collect reaps it, whatever happens
            self.pending.difference_update(name for _, name in share)
            self.ready.update(_collect(pid, pipe, share))
            found = self.ready.pop(rel, None)
        return found

    def close(self) -> None:
        """End the workers not collected yet: their parses are no longer wanted."""
        self.pending.clear()
        while self.workers:
            pid, pipe, _ = self.workers.pop()
            _stop(pid, pipe)

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # no worker outlives a load that failed
            self.close()


def parse_files(files: Sequence[tuple[Path, str]]) -> Parsing:
    """``read_record_file(file, rel)`` for many of ``files``, to be taken by ``rel``: all
    of them, or none or only some when workers were not worth it or failed (the caller
    parses the missing ones). Call :meth:`Parsing.close` when done."""
    parsing = Parsing()
    count = min(worker_count(), len(files) // (MIN_FILES // 2) or 1)
    if count < 2 or len(files) < MIN_FILES or not _forking_safe():
        return parsing
    # this process's share is a little smaller: it also unpickles the workers' results
    first = len(files) * 4 // (4 * count + 1)
    size = -(-(len(files) - first) // (count - 1))
    try:
        for start in range(first, len(files), size):
            share = files[start:start + size]
            started = _start(share)
            if started is not None:
                parsing.workers.append((*started, share))
                parsing.pending.update(rel for _, rel in share)
        parsing.ready = {rel: read_record_file(file, rel) for file, rel in files[:first]}
    except BaseException:
        parsing.close()
        raise
    return parsing


def _forking_safe() -> bool:
    """Whether this process may fork: it can, and no other thread of it may hold a lock
    the worker would need (a live preview's server threads)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _start(share: Sequence[tuple[Path, str]]) -> tuple[int, int] | None:
    """Fork a worker that parses ``share`` and writes the pickled list of results to a
    pipe; (its pid, the pipe's reading end), or None when no process can be made."""
    try:
        reading, writing = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:  # the worker: never returns, never runs the parent's exit handlers
        status = 1
        try:
            os.close(reading)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            data = pickle.dumps([read_record_file(file, rel) for file, rel in share],
                                protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writing, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    return pid, reading


def _collect(pid: int, pipe: int, share: Sequence[tuple[Path, str]]) -> dict[str, Parsed]:
    """The results of the worker ``pid`` for ``share``, or nothing if it failed; the
    worker is reaped and its pipe closed in every case."""
    chunks: list[bytes] = []
    broken = False
    try:
        while chunk := os.read(pipe, 1 << 20):
            chunks.append(chunk)
    except OSError:  # the pipe broke: that share is parsed again
        broken = True
    except BaseException:  # interrupted: the worker is not waited for
        _kill(pid)
        raise
    finally:
        os.close(pipe)
        if broken:
            _kill(pid)
        status = _reap(pid)
    if status != 0:
        return {}
    try:
        results = pickle.loads(b"".join(chunks))
    except Exception:  # a truncated or garbled result: those files are parsed again
        return {}
    if not isinstance(results, list) or len(results) != len(share):
        return {}
    return {rel: result for (_, rel), result in zip(share, results, strict=True)}


def _kill(pid: int) -> None:
    """End a worker whose results are no longer wanted (it may have ended already)."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def _stop(pid: int, pipe: int) -> None:
    """End a worker that was never collected, close its pipe and reap it."""
    os.close(pipe)
    _kill(pid)
    _reap(pid)


def _reap(pid: int) -> int:
    """Wait for the worker ``pid`` to end; its wait status (not 0: it failed)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:  # reaped elsewhere: its result cannot be trusted
        return -1
