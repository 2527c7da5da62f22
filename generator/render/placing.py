"""Pre-rendered HTML fragments that the site builder need not parse: set aside, then put back.

A generated page is Markdown with raw HTML blocks, and MkDocs reads every raw block
three times in pure Python (Python-Markdown's HTML block preprocessor, MkDocs' anchor
collector, Material's search plugin) although the generator wrote that HTML itself. The
big per-ticket fragments (table rows, ticket detail views) therefore go through
:func:`place` where they are rendered (the ``place`` and ``place_sections`` template
filters, also as ``{% filter place %}`` blocks). While the site's pages are rendered
(:func:`marking`), a fragment is marked with HTML comments on lines of their own, so
that the page is laid out whole (``layout.py`` labels the rows of a table by its
header); then :func:`cut_page` sets each marked fragment aside and leaves an HTML comment
in its place, or :func:`unmarked` drops the marks. After the builder has run,
``write/placement.py`` puts the fragments back into the built pages, so the HTML served
is the same.

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


START = "<!--ep:place-->"
SECTIONS = "<!--ep:place sections-->"
END = "<!--/ep:place-->"
_OPENING = re.compile(f"\n({re.escape(START)}|{re.escape(SECTIONS)})\n")
_CLOSING = f"\n{END}\n"


@dataclass(frozen=True, slots=True)
class Fragment:
    """A fragment set aside from a staged page, and whether it holds search entries."""

    page: str
    """The staged page it belongs to (``tickets/2026-11.md``)."""
    html: bytes
    """The fragment, UTF-8."""
    sections: bool
    """Whether it is made of heading sections that the search index lists."""


_MARKING: ContextVar[bool] = ContextVar("marking", default=False)


@contextmanager
def marking() -> Iterator[None]:
    """Render inside this block to mark the fragments :func:`place` is given."""
    token = _MARKING.set(True)
    try:
        yield
    finally:
        _MARKING.reset(token)


def place(html: Markup | str, *, sections: bool = False) -> Markup:
    """``html`` (already safe), marked inside :func:`marking`, else as it is.

    ``sections`` says that ``html`` is made of whole heading sections (each one search
    entry); else the search index must not read it where it stands.
    """
    text = str(html)
    if not _MARKING.get() or not text.strip():
        return Markup(text)
    # one placed inside another: the inner one stays in the outer one
    text = unmarked(text)
    return Markup(f"\n{SECTIONS if sections else START}\n{text}\n{END}\n")


def unmarked(text: str) -> str:
    """``text`` with its marked fragments inline and the marks removed."""
    if START not in text and SECTIONS not in text:
        return text
    # the marks are written only by place, each on a line of its own
    return (text.replace(f"\n{START}\n", "").replace(f"\n{SECTIONS}\n", "")
            .replace(_CLOSING, ""))


def cut_page(page: str, text: str, fragments: dict[int, Fragment]) -> str:
    """The staged page ``page`` (its text ``text``) with each marked fragment set aside
    in ``fragments`` and its placeholder in its place. The whitespace around a fragment
    stays in the page: it separates Markdown blocks."""
    if START not in text and SECTIONS not in text:
        return text
    parts: list[str] = []
    done = 0
    while (found := _OPENING.search(text, done)) is not None:
        end = text.index(_CLOSING, found.end() - 1)
        body = text[found.end():end]
        html = body.strip()
        lead, trail = body[: len(body) - len(body.lstrip())], body[len(body.rstrip()):]
        key = len(fragments)
        fragments[key] = Fragment(page, html.encode("utf-8"), found.group(1) == SECTIONS)
        parts += [text[done:found.start()], lead, PLACEHOLDER.format(key), trail]
        done = end + len(_CLOSING)
    parts.append(text[done:])
    return "".join(parts)


def filled(text: str, fragments: Mapping[int, Fragment]) -> str:
    """``text`` with every placeholder replaced by its fragment."""
    return PLACEHOLDER_PATTERN.sub(
        lambda match: fragments[int(match.group(1))].html.decode("utf-8"), text)


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
