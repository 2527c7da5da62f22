"""The one guard for every folder the tools empty: only a folder of their own.

The staging folder is synced (files the generator did not produce are deleted) and the
site folder is wiped by the builder, so each must be a folder of generated files of its
own: never the project, never one holding or holding part of the records, the
hand-written docs or the workflows, and never a folder that already holds files the
tools did not write (those carry no marker file of theirs).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from pathlib import Path

from generator.schema.paths import KEPT_FOLDERS


class Refusal(enum.Enum):
    """Why a folder is not the tools' to empty."""

    SHARED = "shared"
    """It is the project, or it holds or sits inside a kept folder."""
    INTERNAL = "internal"
    """It is, holds or sits inside the internal source (``internal_dir``)."""
    FOREIGN = "foreign"
    """It already holds files without the tools' marker."""


def _overlaps(folder: Path, kept: Path) -> bool:
    return folder.is_relative_to(kept) or kept.is_relative_to(folder)


def refusal(root: Path, folder: Path, marker: str, internal: str | None = None,
            kept: Iterable[str] = KEPT_FOLDERS) -> Refusal | None:
    """Why ``folder`` may not be emptied by a tool of the project at ``root``, or None.

    ``internal`` is the internal source's folder relative to ``root``, when one is set:
    it is kept like ``docs/``, wherever it lies."""
    root = root.resolve()
    folder = folder.resolve()
    if internal is not None and _overlaps(folder, (root / internal).resolve()):
        return Refusal.INTERNAL
    if root.is_relative_to(folder) or any(_overlaps(folder, root / k) for k in kept):
        return Refusal.SHARED
    if folder.is_dir() and any(folder.iterdir()) and not (folder / marker).exists():
        return Refusal.FOREIGN
    if folder.exists() and not folder.is_dir():
        return Refusal.FOREIGN
    return None


def mark(folder: Path, marker: str, text: str) -> None:
    """Leave the marker that makes ``folder`` the tools' own (the folder exists)."""
    (folder / marker).write_text(text, encoding="utf-8")
