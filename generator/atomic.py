"""Atomic file writes that never replace a record unless asked to."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class RecordExistsError(FileExistsError):
    """The target file exists and overwriting was not requested."""


def write_atomically(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write ``text`` (UTF-8, LF) to ``path`` so readers see the old file or the new one.

    The text goes to a temporary file in the same folder, is flushed to disk, then
    linked into place: with ``overwrite=False`` the link fails if ``path`` exists (no
    check-then-write race); with ``overwrite=True`` it replaces the old file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise RecordExistsError(str(path)) from None
            tmp.unlink()
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
