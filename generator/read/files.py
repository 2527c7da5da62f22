"""Finding the files of a project folder, and naming them relative to the project."""

from __future__ import annotations

from pathlib import Path

_IGNORED_NAMES = frozenset({"readme.md"})


def find_records(root: Path, folder: str, *, nested: bool = True) -> list[Path]:
    """Markdown files under ``root/folder`` (only directly in it unless ``nested``), in a
    stable order, README files skipped."""
    base = root / folder
    if not base.is_dir():
        return []
    found = base.rglob("*.md") if nested else base.glob("*.md")
    return sorted(p for p in found if p.is_file() and p.name.lower() not in _IGNORED_NAMES)


def relative(root: Path, file: Path) -> str:
    """``file`` as a POSIX path relative to ``root`` (absolute when outside it)."""
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        pass
    try:  # resolving is slow (one system call per path part): only when needed
        return file.resolve().relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()
