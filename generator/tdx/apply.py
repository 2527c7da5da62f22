"""Carry out a :class:`~generator.tdx.plan.Plan`: write the files, or show them as a diff.

Every file is replaced atomically (a temporary file in the same folder, then a link or
rename), so readers see the old file or the new one. Unlike
:func:`~generator.write.atomic.write_atomically`, which flushes each file to disk on its own,
the import stages all files, flushes once (``os.sync``), then moves them into place: one
flush per file costs about 0.3 ms on the development machine and far more on slow
disks, which alone would use most of the 5-second budget for 10,000 tickets.

A file that changed on disk since the plan read it (someone saved it meanwhile), or a
new ticket's file that appeared meanwhile, is not overwritten but reported. Written
files get the permissions of the file they replace, or 0666 less the umask when new
(not the owner-only mode of a temporary file), as :mod:`generator.write.atomic` does.
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.read.files import FileReadError, os_reason, read_file
from generator.tdx.plan import FileChange
from generator.tdx.progress import Progress
from generator.write.atomic import RecordExistsError, WriteFailed, link_new, stage_file


@dataclass(frozen=True, slots=True)
class WriteFailure:
    """A planned file that was not written, and why."""

    path: str
    reason: str


def _move(change: FileChange, tmp: Path, target: Path) -> WriteFailure | None:
    try:
        if change.old is None:
            link_new(tmp, target)
            return None
        try:
            unchanged = read_file(target, len(change.old.encode("utf-8"))) == \
                change.old.encode("utf-8")
        except FileReadError:
            unchanged = False
        if not unchanged:
            return WriteFailure(change.path, "the file changed or went away while importing;"
                                             " not overwritten (import again)")
        os.replace(tmp, target)
    except RecordExistsError:
        return WriteFailure(change.path, "the file appeared while importing; not"
                                         " overwritten (import again to update it)")
    except OSError as exc:
        return WriteFailure(change.path, f"{os_reason(exc)}; the file is as it was")
    return None


def write_changes(root: Path, changes: Sequence[FileChange],
                  progress: Progress | None = None) -> list[WriteFailure]:
    """Write every change under ``root``; the ones that could not be written."""
    sync = getattr(os, "sync", None)
    staged: list[tuple[FileChange, Path, Path]] = []
    failures: list[WriteFailure] = []
    try:
        for change in changes:
            target = root / change.path
            try:
                tmp = stage_file(target, change.new, flush=sync is None)
            except OSError as exc:  # before any file is moved: the import writes nothing
                raise WriteFailed(target, os_reason(exc)) from None
            staged.append((change, tmp, target))
        if sync is not None and staged:
            sync()
        for change, tmp, target in staged:
            failure = _move(change, tmp, target)
            if failure is not None:
                failures.append(failure)
            if progress is not None:
                progress.advance()
    finally:
        for _change, tmp, _target in staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    return failures


def _lines(text: str) -> list[str]:
    """Lines split at ``\\n`` only (``str.splitlines`` would also split at U+2028)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _diff(change: FileChange) -> Iterator[str]:
    old = _lines(change.old) if change.old is not None else []
    before = f"a/{change.path}" if change.old is not None else "/dev/null"
    for line in difflib.unified_diff(old, _lines(change.new), before, f"b/{change.path}"):
        if line.endswith("\n"):
            yield line
        else:
            yield line + "\n\\ No newline at end of file\n"


def render_diff(changes: Sequence[FileChange]) -> str:
    """A unified diff of every change (new files against ``/dev/null``), as git shows it."""
    return "".join(line for change in changes for line in _diff(change))
