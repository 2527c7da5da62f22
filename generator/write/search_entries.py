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


def section_entries(fragment: str, url: str) -> list[dict[str, str]]:
    """The search entries of the heading sections in ``fragment``, on the page at ``url``
    (``tickets/2026-11/``), in document order: ``location``, ``title``, ``text``.

    Raises :class:`FragmentError` if some text of the fragment would belong to the
    section around it (a placed fragment must be made of whole sections).
    """
    outer = _Section(0, None)
    sections: list[_Section] = [outer]
    current = outer
    context: list[tuple[str, bool]] = []  # (tag, excluded)
    skipping = 0
    for match in _TOKEN.finditer(fragment):
        closing, tag, attrs, data = match.groups()
        if data is not None:
            if skipping:
                continue
            _data(current, context, html.unescape(data))
            continue
        if tag is None:
            continue  # a comment
        tag = tag.lower()
        if closing:
            if not context or context[-1][0] != tag:
                continue
            if current.depth > len(context):
                for section in reversed(sections):
                    if section.depth <= len(context):
                        current.depth = float("inf")
                        current = section
                        break
            _, excluded = context.pop()
            if excluded or tag in SKIPPED:
                skipping -= 1
                continue
            if not skipping and tag in KEPT:
                _close(current, context, tag)
            continue
        if tag in VOID or attrs.rstrip().endswith("/"):
            continue
        excluded = _EXCLUDE.search(attrs) is not None
        context.append((tag, excluded))
        if tag in HEADINGS:
            found = _ID.search(attrs)
            if found:
                value = next(group for group in found.groups() if group is not None)
                current = _Section(len(context), html.unescape(value), tag)
                sections.append(current)
        if excluded or tag in SKIPPED:
            skipping += 1
            continue
        if not skipping and tag in KEPT:
            _target(current, context).append(f"<{tag}>")
    if "".join(outer.text).strip() or "".join(outer.title).strip():
        raise FragmentError(f"a placed fragment of {url} holds text outside its sections")
    return [{"location": f"{url}#{s.id}", "title": "".join(s.title).strip(),
             "text": "".join(s.text).strip()} for s in sections[1:]]


def _in_title(section: _Section, context: list[tuple[str, bool]]) -> bool:
    # Material compares elements by tag: an open heading of the section's level is its own
    return bool(section.heading) and any(tag == section.heading for tag, _ in context)


def _target(section: _Section, context: list[tuple[str, bool]]) -> list[str]:
    return section.title if _in_title(section, context) else section.text


def _close(section: _Section, context: list[tuple[str, bool]], tag: str) -> None:
    data = _target(section, context)
    index = data.index(f"<{tag}>")
    if any(not piece.isspace() for piece in data[index + 1:]):
        data.append(f"</{tag}>")
    else:
        del data[index:]  # an empty kept element is dropped


def _data(section: _Section, context: list[tuple[str, bool]], data: str) -> None:
    in_pre = any(tag == "pre" for tag, _ in context)
    if not in_pre:
        data = " " if data.isspace() else data.replace("\n", " ")
    if _in_title(section, context):
        section.title.append(html.escape(data, quote=False))
    elif data.isspace():
        if not section.text or not section.text[-1].isspace() or in_pre:
            section.text.append(data)
    else:
        section.text.append(html.escape(data, quote=False))
