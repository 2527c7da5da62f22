"""Pre-rendered HTML fragments that the site builder need not parse: marked, then cut out.

A generated page is Markdown with raw HTML blocks, and MkDocs reads every raw block
three times in pure Python (Python-Markdown's HTML block preprocessor, MkDocs' anchor
collector, Material's search plugin) although the generator wrote that HTML itself. The
big per-ticket fragments (table rows, ticket detail views) are therefore marked where
they are rendered (:func:`place`, the ``place`` and ``place_sections`` template filters,
also as ``{% filter place %}`` blocks),
and a build that places fragments (:func:`cut`) stages each page with an HTML comment
in the fragment's place; after the builder has run, ``write/placement.py`` puts the
fragment back into the built page, so the HTML served is the same.

A fragment is placed only where the search index does not read it (inside a
``data-search-exclude`` block or on a page whose front-matter excludes it from search),
or, marked with :func:`place_sections`, when it is made of whole heading sections: their
search entries are then made from the fragment (``write/search_entries.py``), and the
text around them is as if they were not there.

A page rendered without cutting keeps its fragments inline; :func:`unmarked` drops the
marks, so such a page is exactly the page rendered before marks existed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

START = "<!--ep:place-->"
SECTIONS = "<!--ep:place sections-->"
END = "<!--/ep:place-->"
PLACEHOLDER = "<!--ep:fragment {}-->"
"""What a staged page holds in a fragment's place (the number is the fragment's key)."""
PLACEHOLDER_PATTERN = re.compile(r"<!--ep:fragment (\d+)-->")


@dataclass(frozen=True, slots=True)
class Fragment:
    """A fragment cut out of a staged page, and whether it holds search entries."""

    page: str
    """The staged page it belongs to (``tickets/2026-11.md``)."""
    html: str
    sections: bool
    """Whether it is made of heading sections that the search index lists."""


def _marked(start: str, html: Markup | str) -> Markup:
    if not html:
        return Markup(html)
    # the marks on lines of their own: the staged placeholder is then a block of its own
    return Markup(f"\n{start}\n{html}\n{END}\n")


def place(html: Markup | str) -> Markup:
    """Mark ``html`` (already safe) as a fragment the search index does not read."""
    return _marked(START, html)


def place_sections(html: Markup | str) -> Markup:
    """Mark ``html`` (already safe): whole heading sections, each one search entry."""
    return _marked(SECTIONS, html)


def unmarked(text: str) -> str:
    """``text`` with its fragments inline and the marks removed."""
    if START not in text and SECTIONS not in text:
        return text
    # the marks are written only by _marked, each on a line of its own
    return (text.replace(f"\n{START}\n", "").replace(f"\n{SECTIONS}\n", "")
            .replace(f"\n{END}\n", ""))


def cut(pages: Mapping[str, str]) -> tuple[dict[str, str], dict[int, Fragment]]:
    """The pages with each marked fragment replaced by its placeholder, and the fragments
    by their number."""
    fragments: dict[int, Fragment] = {}
    staged: dict[str, str] = {}
    opening = re.compile(f"\n({re.escape(START)}|{re.escape(SECTIONS)})\n")
    closing = f"\n{END}\n"
    for path, text in pages.items():
        if START not in text and SECTIONS not in text:
            staged[path] = text
            continue
        parts: list[str] = []
        done = 0
        while (found := opening.search(text, done)) is not None:
            end = text.index(closing, found.end() - 1)
            # the whitespace around it stays in the page: it separates Markdown blocks
            body = text[found.end():end]
            if START in body or SECTIONS in body:
                raise ValueError(f"{path}: a placed fragment holds another; they do not nest")
            html = body.strip()
            lead, trail = body[: len(body) - len(body.lstrip())], body[len(body.rstrip()):]
            key = len(fragments)
            fragments[key] = Fragment(path, html, found.group(1) == SECTIONS)
            parts += [text[done:found.start()], lead, PLACEHOLDER.format(key), trail]
            done = end + len(closing)
        parts.append(text[done:])
        staged[path] = "".join(parts)
    return staged, fragments
