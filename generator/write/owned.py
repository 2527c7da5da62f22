"""The one guard for every folder the tools empty: only a folder of their own.

The staging folder is synced (files the generator did not produce are deleted) and the
site folder is wiped by the builder, so each must be a folder of generated files of its
own: never the project, never one holding or holding part of the records, the
hand-written docs or the workflows, and never a folder that already holds files the
tools did not write (those carry no marker file of theirs).
"""

from __future__ import annotations

import enum
from pathlib import Path

from generator.schema.paths import ADMINS_DIR, HAND_WRITTEN, TICKETS_DIR

KEPT = (HAND_WRITTEN, TICKETS_DIR, ADMINS_DIR, ".github")
"""Folders of the project that hold what people wrote: never emptied by a tool."""


class Refusal(enum.Enum):
    """Why a folder is not the tools' to empty."""

    SHARED = "shared"
    """It is the project, or it holds or sits inside a kept folder."""
    FOREIGN = "foreign"
    """It already holds files without the tools' marker."""


def refusal(root: Path, folder: Path, marker: str) -> Refusal | None:
    """Why ``folder`` may not be emptied by a tool of the project at ``root``, or None."""
    root = root.resolve()
    folder = folder.resolve()
    kept = [root / name for name in KEPT]
    if root.is_relative_to(folder) or any(
        folder.is_relative_to(k) or k.is_relative_to(folder) for k in kept
    ):
        return Refusal.SHARED
    if folder.is_dir() and any(folder.iterdir()) and not (folder / marker).exists():
        return Refusal.FOREIGN
    if folder.exists() and not folder.is_dir():
        return Refusal.FOREIGN
    return None


def mark(folder: Path, marker: str, text: str) -> None:
    """Leave the marker that makes ``folder`` the tools' own (the folder exists)."""
    (folder / marker).write_text(text, encoding="utf-8")
