"""Atomic file writes that never replace a record unless asked to."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from pathlib import Path

from generator.read.files import os_reason
from generator.schema.paths import STAGED_NAME

# File systems without hard links (some network and container mounts) refuse os.link
# with one of these; the write then falls back to an existence check and a rename.
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                            errno.EMLINK, errno.ENOSYS})


STALE_SECONDS = 3600.0
"""How old a temporary file must be to count as left over: no write takes that long."""


class RecordExistsError(FileExistsError):
    """The target file exists and overwriting was not requested."""


class WriteFailed(Exception):
    """A file could not be written (no permission, a read-only or full disk, a folder in
    its place); the file is as it was, and no temporary file is left."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def write_atomically(path: Path, text: str | bytes, *, overwrite: bool = False) -> None:
    """Write ``text`` (UTF-8, LF; bytes as they are) to ``path`` so readers see the old
    file or the new one; :class:`WriteFailed` when the system refuses,
    :class:`RecordExistsError` when ``path`` exists and ``overwrite`` is false.

    The text goes to a temporary file in the same folder, is flushed to disk, then
    linked into place: with ``overwrite=False`` the link fails if ``path`` exists (no
    check-then-write race); with ``overwrite=True`` it replaces the old file. The new
    file gets the old file's permissions, or the usual ones for a new file (0666 less
    the umask), not the owner-only mode of a temporary file.
    """
    try:
        tmp = stage_file(path, text, flush=True)
    except OSError as exc:
        raise WriteFailed(path, os_reason(exc)) from None
    try:
        if overwrite:
            os.replace(tmp, path)
        else:
            link_new(tmp, path)
    except RecordExistsError:
        raise
    except OSError as exc:
        raise WriteFailed(path, os_reason(exc)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def stage_file(path: Path, text: str | bytes, *, flush: bool) -> Path:
    """A temporary file beside ``path`` holding ``text``, with ``path``'s future mode.

    ``flush=False`` leaves flushing to the caller (one ``os.sync`` for many files). The
    temporary file is removed again if writing it fails.
    """
    created = _make_folders(path.parent)
    try:
        mode = _mode_for(path)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except BaseException:
        _remove_folders(created)
        raise
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            os.fchmod(handle.fileno(), mode)
            if flush:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        _remove_folders(created)
        raise
    return tmp


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    created: list[Path] = []
    try:
        for each in reversed(missing):
            each.mkdir(exist_ok=True)
            created.insert(0, each)
    except BaseException:
        _remove_folders(created)
        raise
    return created


def _remove_folders(created: list[Path]) -> None:
    """Remove the folders a failed write created (deepest first), if still empty."""
    for folder in created:
        with contextlib.suppress(OSError):
            folder.rmdir()


def link_new(tmp: Path, path: Path) -> None:
    """Move ``tmp`` to ``path``, which must not exist (:class:`RecordExistsError` if it does)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise RecordExistsError(str(path)) from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if path.exists():  # no hard links: a short check-then-rename window remains
            raise RecordExistsError(str(path)) from None
        os.replace(tmp, path)
    else:
        tmp.unlink()


def _mode_for(path: Path) -> int:
    """The permission bits the written file should have."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def sweep_staged(folder: Path, *, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove the temporary files an interrupted write left under ``folder``; the removed.

    Only files named as :func:`stage_file` names them and untouched for ``older_than``
    seconds are removed: a write still in progress keeps its file.
    """
    removed: list[Path] = []
    limit = time.time() - older_than
    for path in sorted(folder.rglob(".*.tmp")) if folder.is_dir() else ():
        if not STAGED_NAME.fullmatch(path.name) or path.is_symlink() or not path.is_file():
            continue
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
    return removed
