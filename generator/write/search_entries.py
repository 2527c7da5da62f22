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
    r"""<(/?)([a-zA-Z][^\t\n\r\f />\x00]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<!--.*?-->|([^<]+)""",
    re.DOTALL)
_ATTRIBUTE = re.compile(
    r"""([^\s/>"'=][^\s/>=]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")


_NONE: dict[str, str | None] = {}


class FragmentError(ValueError):
    """A placed fragment holds text outside its sections, which no entry would show."""


@dataclass(slots=True)
class _Section:
    depth: float
    id: str | None
    heading: str = ""
    excluded: bool = False
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def _attributes(attrs: str) -> dict[str, str | None]:
    """A start tag's attributes as the HTML parser reads them: names in lower case,
    values unescaped, the last of a repeated name kept."""
    found: dict[str, str | None] = {}
    for name, value in _ATTRIBUTE.findall(attrs):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        found[name.lower()] = html.unescape(value)
    return found


def section_entries(fragment: str, url: str) -> list[dict[str, str]]:
    """The search entries of the heading sections in ``fragment``, on the page at ``url``
    (``tickets/2026-11/``), in document order: ``location``, ``title``, ``text``.

    Raises :class:`FragmentError` if some text of the fragment would belong to the
    section around it (a placed fragment must be made of whole sections), if a heading
    has no text, or where Material's indexer itself fails.
    """
    # Material's parser, step for step, over the tokens of HTML the generator wrote. Its
    # elements compare by tag, so what it tracks per element is tracked here per tag:
    # ``open_tags`` counts the open elements of each tag, ``skip`` holds the tags whose
    # content is left out, and the states it derives from them are kept up to date
    # (``skipping``, ``in_pre``, ``in_title``) instead of being searched for per token.
    outer = _Section(0, None)
    sections = [outer]
    # the sections not yet left, in document order: Material scans back through all of
    # them for the one to return to, skipping those left, which are dropped here
    live = [outer]
    section = outer
    context: list[tuple[str, bool]] = []  # (tag, is a permalink) of each open element
    open_tags: dict[str, int] = {}
    skip = set(SKIPPED)
    skipping = in_pre = in_title = False
    permalinks = 0
    target = outer.text
    escape = html.escape
    for match in _TOKEN.finditer(fragment):
        closing, tag, attrs, data = match.groups()
        if data is not None:
            if skipping:
                continue
            if "&" in data:
                data = html.unescape(data)
            space = data.isspace()
            if not in_pre:
                if space:
                    data = " "
                elif "\n" in data:
                    data = data.replace("\n", " ")
            if in_title:
                if not permalinks:
                    target.append(escape(data, quote=False))
            elif space:
                if not target or not target[-1].isspace() or in_pre:
                    target.append(data)
            else:
                target.append(escape(data, quote=False))
            continue
        if tag is None:
            continue  # a comment
        tag = tag.lower()
        self_closing = not closing and attrs.endswith("/")
        if not closing:
            if tag in VOID:
                continue
            # only what the indexer reads: a heading's id, a permalink's class, exclusion
            details = _attributes(attrs) if attrs and (
                tag in HEADINGS or "data-search-exclude" in attrs
                or (tag == "a" and "headerlink" in attrs)) else _NONE
            link = tag == "a" and details.get("class") == "headerlink"
            context.append((tag, link))
            permalinks += link
            open_tags[tag] = open_tags.get(tag, 0) + 1
            if tag in HEADINGS and "id" in details:
                section = _Section(len(context), details["id"], tag)
                sections.append(section)
                live.append(section)
            if tag == "pre":
                in_pre = True
            if tag in HEADINGS:
                in_title = open_tags.get(section.heading, 0) > 0
                target = section.title if in_title else section.text
            if "data-search-exclude" in details:
                if tag in HEADINGS and section.heading == tag and section.depth == len(
                        context):
                    section.excluded = True
                skip.add(tag)
                skipping = True
            elif tag in skip:
                skipping = True
            elif not skipping and tag in KEPT:
                target.append(f"<{tag}>")
            if not self_closing:
                continue
        # an end tag (and the end of a self-closing start tag, as the parser reads it)
        if not context or context[-1][0] != tag:
            continue
        depth = len(context)
        before = section
        if section.depth > depth:
            for earlier in reversed(live):
                if earlier.depth <= depth:
                    section.depth = float("inf")  # left: never the current one again
                    if live[-1] is section:
                        live.pop()
                    else:
                        live.remove(section)
                    section = earlier
                    break
        _, link = context.pop()
        permalinks -= link
        open_tags[tag] -= 1
        if tag == "pre":
            in_pre = open_tags["pre"] > 0
        if tag == section.heading or section is not before:
            in_title = bool(section.heading) and open_tags.get(section.heading, 0) > 0
            target = section.title if in_title else section.text
        if tag in skip:
            if tag not in SKIPPED:
                skip.discard(tag)
            skipping = any(open_tags.get(name, 0) > 0 for name in skip)
            continue
        if not skipping and tag in KEPT:
            try:
                index = target.index(f"<{tag}>")
            except ValueError:  # where Material's indexer fails too
                raise FragmentError(f"a placed fragment of {url} closes a <{tag}> the search"
                                    " indexer did not see open") from None
            if any(not piece.isspace() for piece in target[index + 1:]):
                target.append(f"</{tag}>")
            else:
                del target[index:]  # an empty kept element is dropped
    if "".join(outer.text).strip() or "".join(outer.title).strip():
        raise FragmentError(f"a placed fragment of {url} holds text outside its sections")
    kept = [s for s in sections[1:] if not s.excluded]
    if any(not s.title for s in kept):
        # Material would title it with the page's title, which a fragment does not know
        raise FragmentError(f"a placed fragment of {url} holds a heading without text")
    return [{"location": f"{url}#{s.id}", "title": "".join(s.title).strip(),
             "text": "".join(s.text).strip()} for s in kept]
