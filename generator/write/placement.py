"""After the builder: put the placed fragments back into the built pages.

A build that places fragments (:mod:`generator.render.placing`) stages each marked
fragment as an HTML comment, so that neither Python-Markdown, nor MkDocs' anchor
collector, nor Material's search plugin parses HTML the generator wrote itself. Here
every placeholder of the built site is replaced by its fragment, and the search entries
of fragments made of heading sections (:mod:`generator.write.search_entries`) join the
entries of their page in ``search/search_index.json``, in page order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.render.placing import PLACEHOLDER_BYTES, Fragment
from generator.write.atomic import write_atomically
from generator.write.leaks import staged_pages
from generator.write.search_entries import FragmentError, section_entries

SEARCH_INDEX = Path("search") / "search_index.json"
_PREFIX = b"<!--ep:fragment "


class PlacementError(Exception):
    """A placed fragment did not reach the built site (the builder dropped its page)."""


def page_url(site: Path, file: Path) -> str:
    """The page address of a built HTML file, as the search index names it."""
    rel = file.relative_to(site).as_posix()
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def fill_site(site: Path, fragments: Mapping[int, Fragment]) -> int:
    """Replace every placeholder in the built HTML of a generated page of ``site`` by its
    fragment and add the fragments' search entries to the search index; the number of
    fragments placed.

    Only the pages the fragments were set aside from are read: a hand-written page that
    quotes a placeholder keeps it as text. A generated page the builder left out (an
    ``exclude_docs`` pattern) is no error; a fragment missing from a built page is.
    """
    if not fragments:
        return 0
    pages = {fragment.page for fragment in fragments.values()}
    placed: set[int] = set()
    built: set[str] = set()
    entries: dict[str, list[dict[str, str]]] = {}
    for file in sorted(site.rglob("*.html")):
        own = [page for page in staged_pages(file.relative_to(site).as_posix())
               if page in pages]
        if not own:
            continue
        built.add(own[0])
        data = file.read_bytes()
        if _PREFIX not in data:
            continue
        url = page_url(site, file)
        filled = fill_page(data, own[0], url, fragments)
        placed |= filled.placed
        if filled.entries:
            entries.setdefault(url, []).extend(filled.entries)
        write_atomically(file, filled.html, overwrite=True)
    missing = sorted(key for key, fragment in fragments.items()
                     if key not in placed and fragment.page in built)
    if missing:
        raise PlacementError(f"{len(missing)} placed fragment(s) are missing from the built"
                             f" page of {fragments[missing[0]].page}")
    add_search_entries(site, entries)
    return len(placed)


@dataclass(frozen=True, slots=True)
class Filled:
    """One built page with its fragments put back."""

    html: bytes
    """The page's HTML, every placeholder of its own replaced by its fragment."""
    entries: list[dict[str, str]]
    """The search entries of its fragments made of sections, in page order."""
    placed: set[int]
    """The keys of the fragments placed."""


def fill_page(data: bytes, page: str, url: str, fragments: Mapping[int, Fragment]) -> Filled:
    """The built HTML ``data`` of the staged page ``page`` (served at ``url``) with each
    placeholder of a fragment of ``page`` replaced by that fragment; placeholders of
    other pages (a hand-written page quoting one) stay as the builder wrote them.

    Raises :class:`PlacementError` when a fragment of sections holds text outside them.
    """
    placed: set[int] = set()
    entries: list[dict[str, str]] = []
    if _PREFIX not in data:
        return Filled(data, entries, placed)

    def fragment(match: re.Match[bytes]) -> bytes:
        key = int(match.group(1))
        found = fragments.get(key)
        if found is None or found.page != page:
            return match.group(0)  # not this page's: left as the builder wrote it
        placed.add(key)
        if found.sections:
            try:
                entries.extend(section_entries(found.html.decode("utf-8"), url))
            except FragmentError as exc:
                raise PlacementError(str(exc)) from None
        return found.html

    return Filled(PLACEHOLDER_BYTES.sub(fragment, data), entries, placed)


def add_search_entries(site: Path, entries: Mapping[str, list[dict[str, str]]]) -> None:
    """Add ``entries`` (page address → its sections' entries) to the search index, each
    page's after the entries the search plugin made for that page."""
    index_file = site / SEARCH_INDEX
    if not entries or not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    docs: list[Any] = []
    pending = dict(entries)
    for position, doc in enumerate(index["docs"]):
        docs.append(doc)
        page = str(doc.get("location", "")).split("#", 1)[0]
        following = index["docs"][position + 1] if position + 1 < len(index["docs"]) else {}
        if page in pending and str(following.get("location", "")).split("#", 1)[0] != page:
            docs.extend(pending.pop(page))
    for rest in pending.values():  # a page the plugin did not index at all
        docs.extend(rest)
    index["docs"] = docs
    # as the search plugin writes it
    write_atomically(index_file, json.dumps(index, separators=(",", ":"), default=str),
                     overwrite=True)
