"""The hand-written pages of ``docs/`` and the audience each may reach.

A page whose front-matter says ``audience: internal``, and every block between
``<!-- audience: internal -->`` and ``<!-- /audience -->``, is left out of a shared
build here, before any builder sees it, so it cannot reach any output file.
"""

from __future__ import annotations

import re

import yaml

from generator.read.frontmatter import split_front
from generator.schema.paths import DATA_FOLDERS, HAND_WRITTEN
from generator.schema.settings import Audience, Settings

_INTERNAL_BLOCK = re.compile(
    r"^[ \t]*<!--\s*audience:\s*internal\s*-->[ \t]*\n.*?^[ \t]*<!--\s*/audience\s*-->[ \t]*\n?",
    re.MULTILINE | re.DOTALL,
)


class DocsError(Exception):
    """A hand-written page cannot be read; the message says which and why."""


def page_audience(text: str) -> str | None:
    """The ``audience`` of a hand-written page's front-matter, if it declares one."""
    parts = split_front(text)
    if parts is None:
        return None
    try:
        meta = yaml.safe_load(parts[1])
    except yaml.YAMLError:
        return None
    value = meta.get("audience") if isinstance(meta, dict) else None
    return str(value) if value is not None else None


def for_audience(text: str, audience: Audience) -> str | None:
    """A hand-written page as the audience may see it, or None if it is internal."""
    if audience is Audience.INTERNAL:
        return text
    if page_audience(text) == Audience.INTERNAL:
        return None
    return _INTERNAL_BLOCK.sub("", text)


def hand_written_pages(
    settings: Settings, audience: Audience, skip: frozenset[str] = frozenset()
) -> dict[str, bytes]:
    """The files of ``docs/`` to publish (path relative to docs/ → bytes)."""
    source = settings.root / HAND_WRITTEN
    files: dict[str, bytes] = {}
    if not source.is_dir():
        return files
    root = settings.root.resolve()
    for path in sorted(source.rglob("*")):
        parts = path.relative_to(source).parts
        if not path.is_file() or any(part.startswith(".") for part in parts):
            continue
        rel = "/".join(parts)
        if rel in skip or rel.startswith(DATA_FOLDERS):
            continue
        if not path.resolve().is_relative_to(root):
            # a link would publish whatever it points at, outside what the repository reviews
            raise DocsError(f"{HAND_WRITTEN}/{rel}: links to a file outside the project;"
                            " copy the page into docs/ instead")
        data = path.read_bytes()
        if path.suffix == ".md":
            try:
                # Normalised first: the audience markers must match in CRLF files too.
                text = data.decode("utf-8-sig").replace("\r\n", "\n")
            except UnicodeDecodeError:
                raise DocsError(f"{HAND_WRITTEN}/{rel}: not valid UTF-8 text") from None
            shown = for_audience(text, audience)
            if shown is None:
                continue
            data = shown.encode("utf-8")
        files[rel] = data
    return files
