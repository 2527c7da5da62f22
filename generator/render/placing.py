"""Pre-rendered HTML fragments that the site builder need not parse: set aside, then put back.

A generated page is Markdown with raw HTML blocks, and MkDocs reads every raw block
three times in pure Python (Python-Markdown's HTML block preprocessor, MkDocs' anchor
collector, Material's search plugin) although the generator wrote that HTML itself. The
big per-ticket fragments (table rows, ticket detail views) therefore go through
:func:`place` where they are rendered (the ``place`` and ``place_sections`` template
filters, also as ``{% filter place %}`` blocks). Rendered inside :func:`placing`, a
fragment is set aside and the page holds an HTML comment in its place; after the builder
has run, ``write/placement.py`` puts the fragment back into the built page, so the HTML
served is the same. Rendered outside it, a page holds its fragments inline.

A fragment is placed only where the search index does not read it (inside a
``data-search-exclude`` block or on a page whose front-matter excludes it from search),
or, with ``sections``, when it is made of whole heading sections: their search entries
are then made from the fragment (``write/search_entries.py``), and the text around them
is as if they were not there.

Fragments are kept as UTF-8 bytes: at 50,000 tickets they are most of a build's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from markupsafe import Markup

PLACEHOLDER = "<!--ep:fragment {}-->"
"""What a staged page holds in a fragment's place (the number is the fragment's key)."""
PLACEHOLDER_PATTERN = re.compile(r"<!--ep:fragment (\d+)-->")
PLACEHOLDER_BYTES = re.compile(rb"<!--ep:fragment (\d+)-->")


@dataclass(frozen=True, slots=True)
class Fragment:
    """A fragment set aside from a staged page, and whether it holds search entries."""

    page: str
    """The staged page it belongs to (``tickets/2026-11.md``), when known."""
    html: bytes
    """The fragment, UTF-8."""
    sections: bool
    """Whether it is made of heading sections that the search index lists."""


_SET_ASIDE: ContextVar[dict[int, Fragment] | None] = ContextVar("placed", default=None)


@contextmanager
def placing() -> Iterator[dict[int, Fragment]]:
    """Render inside this block to set fragments aside: it yields them by number."""
    fragments: dict[int, Fragment] = {}
    token = _SET_ASIDE.set(fragments)
    try:
        yield fragments
    finally:
        _SET_ASIDE.reset(token)


def place(html: Markup | str, page: str = "", *, sections: bool = False) -> Markup:
    """``html`` (already safe) inline, or, inside :func:`placing`, its placeholder.

    ``sections`` says that ``html`` is made of whole heading sections (each one search
    entry); else the search index must not read it where it stands. The whitespace around
    it stays in the page: it separates Markdown blocks.
    """
    fragments = _SET_ASIDE.get()
    text = str(html)
    body = text.strip()
    if fragments is None or not body:
        return Markup(text)
    if "<!--ep:fragment " in body:  # one placed inside another: the inner one goes back
        body = filled(body, fragments, remove=True)
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    key = len(fragments)
    while key in fragments:
        key += 1
    fragments[key] = Fragment(page, body.encode("utf-8"), sections)
    return Markup(f"{lead}{PLACEHOLDER.format(key)}{trail}")


def filled(text: str, fragments: Mapping[int, Fragment] | dict[int, Fragment], *,
           remove: bool = False) -> str:
    """``text`` with every placeholder replaced by its fragment (``remove``: and the
    fragment no longer set aside)."""
    def fragment(match: re.Match[str]) -> str:
        key = int(match.group(1))
        found = fragments[key]
        if remove and isinstance(fragments, dict):
            del fragments[key]
        return found.html.decode("utf-8")

    return PLACEHOLDER_PATTERN.sub(fragment, text)


class FilledPages(Mapping[str, str]):
    """Staged pages read with their fragments back in place, one page at a time: the
    pages as rendered inline, without a second copy of them all in memory."""

    def __init__(self, staged: Mapping[str, str], fragments: Mapping[int, Fragment]) -> None:
        self._staged = staged
        self._fragments = fragments

    def __getitem__(self, path: str) -> str:
        return filled(self._staged[path], self._fragments)

    def __iter__(self) -> Iterator[str]:
        return iter(self._staged)

    def __len__(self) -> int:
        return len(self._staged)
