"""Search entries of placed fragments, made as Material's search plugin makes them.

A fragment placed after parsing (:mod:`generator.render.placing`) is never seen by the
search plugin, so the entries of its heading sections are made here and added to the
built ``search/search_index.json``. The rules are those of Material's indexer (its
``Parser`` of ``material/plugins/search/plugin.py``): a section starts at a heading with
an ``id``; its title and text keep only the tags ``p``, ``code``, ``pre``, ``li``, ``ol``,
``ul``, ``sub`` and ``sup`` (without attributes), an element carrying
``data-search-exclude`` is left out with its content, whitespace runs become one space
outside ``pre``, text is HTML-escaped again, and a kept element holding nothing but
whitespace is dropped. ``tests/unit/test_search_entries.py`` compares the result with
Material's own parser.

It reads HTML the generator wrote (every text escaped, every element closed), so a
regular expression splits it into tags and text: no parser of general HTML is needed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
SKIPPED = frozenset({"object", "script", "style"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                  "meta", "param", "source", "track", "wbr"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TOKEN = re.compile(
    r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<!--.*?-->|([^<]+)""",
    re.DOTALL)
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_EXCLUDE = re.compile(r"\sdata-search-exclude(?![\w-])")


class FragmentError(ValueError):
    """A placed fragment holds text outside its sections, which no entry would show."""


@dataclass
class _Section:
    depth: float
    id: str | None
    heading: str = ""
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


class _Walk:
    """Material's section rules over the tokens of one fragment."""

    def __init__(self) -> None:
        self.outer = _Section(0, None)
        self.sections: list[_Section] = []
        self.open_sections = [self.outer]
        """The sections not yet left, innermost last (Material scans back for them)."""
        self.context: list[tuple[str, bool]] = []  # (tag, excluded)
        self.open_tags: dict[str, int] = {}
        self.skipping = 0
        self.target = self.outer.text
        """Where text goes: the current section's title while its heading is open."""
        self.in_pre = False

    def _retarget(self) -> None:
        section = self.open_sections[-1]
        # Material compares elements by tag: an open heading of the section's level is its own
        in_title = bool(section.heading) and self.open_tags.get(section.heading, 0) > 0
        self.target = section.title if in_title else section.text
        self.in_pre = self.open_tags.get("pre", 0) > 0

    def start(self, tag: str, attrs: str) -> None:
        excluded = "data-search-exclude" in attrs and _EXCLUDE.search(attrs) is not None
        self.context.append((tag, excluded))
        self.open_tags[tag] = self.open_tags.get(tag, 0) + 1
        if tag in HEADINGS:
            found = _ID.search(attrs)
            if found:
                value = next(group for group in found.groups() if group is not None)
                section = _Section(len(self.context), html.unescape(value), tag)
                self.sections.append(section)
                self.open_sections.append(section)
            self._retarget()
        elif tag == "pre":
            self.in_pre = True
        if excluded or tag in SKIPPED:
            self.skipping += 1
        elif not self.skipping and tag in KEPT:
            self.target.append(f"<{tag}>")

    def end(self, tag: str) -> None:
        context = self.context
        if not context or context[-1][0] != tag:
            return
        depth = len(context)
        popped = False
        while self.open_sections[-1].depth > depth:
            self.open_sections.pop()
            popped = True
        _, excluded = context.pop()
        self.open_tags[tag] -= 1
        if popped or tag in HEADINGS or tag == "pre":
            self._retarget()
        if excluded or tag in SKIPPED:
            self.skipping -= 1
        elif not self.skipping and tag in KEPT:
            data = self.target
            index = data.index(f"<{tag}>")
            if any(not piece.isspace() for piece in data[index + 1:]):
                data.append(f"</{tag}>")
            else:
                del data[index:]  # an empty kept element is dropped

    def data(self, data: str) -> None:
        if self.skipping:
            return
        in_pre = self.in_pre
        space = data.isspace()
        if not in_pre:
            if space:
                data = " "
            elif "\n" in data:
                data = data.replace("\n", " ")
        target = self.target
        if target is self.open_sections[-1].title:
            target.append(html.escape(data, quote=False))
        elif space:
            if not target or not target[-1].isspace() or in_pre:
                target.append(data)
        else:
            target.append(html.escape(data, quote=False))


def section_entries(fragment: str, url: str) -> list[dict[str, str]]:
    """The search entries of the heading sections in ``fragment``, on the page at ``url``
    (``tickets/2026-11/``), in document order: ``location``, ``title``, ``text``.

    Raises :class:`FragmentError` if some text of the fragment would belong to the
    section around it (a placed fragment must be made of whole sections).
    """
    walk = _Walk()
    for match in _TOKEN.finditer(fragment):
        closing, tag, attrs, data = match.groups()
        if data is not None:
            walk.data(html.unescape(data) if "&" in data else data)
        elif tag is None:
            continue  # a comment
        elif closing:
            walk.end(tag.lower())
        elif tag.lower() not in VOID and not attrs.rstrip().endswith("/"):
            walk.start(tag.lower(), attrs)
    outer = walk.outer
    if "".join(outer.text).strip() or "".join(outer.title).strip():
        raise FragmentError(f"a placed fragment of {url} holds text outside its sections")
    return [{"location": f"{url}#{s.id}", "title": "".join(s.title).strip(),
             "text": "".join(s.text).strip()} for s in walk.sections]
