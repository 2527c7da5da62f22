"""A listing of what the built example site says: every page's visible text and every
search entry, for both audiences, compared by ``test_site_listing.py`` against the
committed listing in ``tests/fixtures/site-listing/``.

When a change of pages or search entries is intended, regenerate the listing with one
command from the repository root and commit the diff with the change::

    .venv/bin/python tests/e2e/site_listing.py

The example project is the repository's own data (``mkdocs.yml``, ``tickets/``,
``admins/``, ``docs/``, ``.internal/``), copied and built with the pinned ``--as-of``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from site_build import AS_OF, REPO, build_site

LISTING = REPO / "tests" / "fixtures" / "site-listing"
AUDIENCES = ("internal", "shared")
PROJECT_PARTS = ("mkdocs.yml", "tickets", "admins", "docs", ".internal")
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
_SKIPPED = frozenset({"script", "style", "template"})


def normalised(text: str) -> str:
    """Text as a reader sees it: whitespace runs as one space, trimmed."""
    return _SPACE.sub(" ", text).strip()


class _Visible(HTMLParser):
    """The text of a page outside scripts and styles, and its ``<title>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skipping = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skipping:
            self.parts.append(data)


def page_text(document: str) -> dict[str, str]:
    """A page's title and its visible text, normalised."""
    parser = _Visible()
    parser.feed(document)
    parser.close()
    return {"title": normalised("".join(parser.title)), "text": normalised(" ".join(parser.parts))}


def search_text(text: str) -> str:
    """A search entry's text as the results show it: tags dropped, entities decoded."""
    return normalised(html.unescape(_TAG.sub(" ", text)))


def listing(site: Path) -> dict[str, Any]:
    """Every HTML page of ``site`` (its URL, title and text) and every search entry."""
    pages = {}
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        pages[rel] = page_text(file.read_text(encoding="utf-8"))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [{"location": doc["location"], "title": search_text(doc["title"]),
                "text": search_text(doc["text"])} for doc in index["docs"]]
    entries.sort(key=lambda entry: (entry["location"], entry["title"], entry["text"]))
    return {"pages": pages, "search": entries}


def example_project(target: Path) -> Path:
    """A copy of the repository's example project (config, records, docs, internal source)."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy(source, target / part)
    return target


def built_listing(root: Path, audience: str, *args: str) -> dict[str, Any]:
    """Build the example project for ``audience`` under ``root``; the site's listing."""
    project = example_project(root / f"project-{audience}")
    built = build_site(project, root / f"site-{audience}", *args, audience=audience)
    return listing(built.site)


def write_listing(audience: str, data: dict[str, Any]) -> Path:
    """Write ``data`` as the committed listing of ``audience``."""
    LISTING.mkdir(parents=True, exist_ok=True)
    path = LISTING / f"{audience}.json"
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def main() -> int:
    """Rebuild the example site for both audiences and rewrite the committed listing."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for audience in AUDIENCES:
            path = write_listing(audience, built_listing(Path(tmp), audience))
            print(f"wrote {path.relative_to(REPO)} (as of {AS_OF})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
