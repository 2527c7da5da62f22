"""How a generated page is laid out on a screen, a phone and paper, decided in one place.

Every generated page passes through :func:`lay_out` after its template, so each rule is
written once here rather than in each template:

- **Table of contents.** Hidden (``hide: [toc]``) when it would list fewer than
  :data:`MIN_TOC_HEADINGS` headings: a sidebar of one or two links takes the width the
  tables need. A template may still hide it for its own reasons.
- **Data pages.** A page that holds a data table or ticket views is marked with
  :data:`DATA_PAGE` (an empty hidden element); ``layout.css`` widens the content column
  of the pages that hold the marker.
- **Tables on a phone.** Every cell of a generated HTML table is labelled with its
  column's header (``data-label``), and the table says how a phone shows it
  (``data-phone``): a table of more than :data:`PHONE_SCROLL_COLUMNS` columns becomes
  stacked rows, each cell preceded by its label; a narrower one scrolls inside its own
  box with the first column fixed.
- **Print.** Every printed page repeats the confidentiality banner (internal builds), the
  as-of time, the page's address and the page number, in the page margins (CSS ``@page``
  margin boxes; ``layout.js`` puts the full address of the page as opened there).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from itertools import chain

import yaml

from generator.render.urls import url_of

MIN_TOC_HEADINGS = 3
"""The fewest headings for which a page shows its table of contents."""
PHONE_SCROLL_COLUMNS = 4
"""Tables of up to this many columns scroll on a phone; wider ones become stacked rows."""
DATA_PAGE = '<div class="ep-page-data" hidden></div>'
"""The marker of a page whose content is tables or ticket views (widened by layout.css)."""
CHART_PATTERNS = (
    '<svg class="ep-patterns" aria-hidden="true" focusable="false" width="0" height="0">'
    "<defs>"
    '<pattern id="ep-pattern-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
    ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
    '<rect width="2.5" height="6" fill="#000"/></pattern>'
    '<pattern id="ep-pattern-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#fff"/><path d="M0 0L6 6M6 0L0 6" stroke="#000"'
    ' stroke-width="1.2"/></pattern>'
    '<pattern id="ep-pattern-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
    '<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.3"'
    ' fill="#000"/></pattern>'
    "</defs></svg>"
)
"""Fills that tell chart series apart on a black-and-white printer (print.css uses them)."""

# Generated pages run to megabytes (every ticket's row and detail view), so each pattern
# that scans a whole page starts with a literal, which the regular expression engine
# finds quickly; tables and rows are found with str.find for the same reason.
_DATA_CONTENT = (re.compile(r'<div class="ep-(?:table|triage)\b'),
                 re.compile(r'<section class="ep-ticket\b'))
_FRONT_MATTER = re.compile(r"\A---\n(?P<body>(?:.*\n)*?)---\n")
_HEADING = re.compile(r"\n#{2,6}[ \t]+\S")
_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_TABLE_OPEN = re.compile(r"<table\b[^>]*>")
_THEAD = re.compile(r"<thead\b[^>]*>(?P<head>.*?)</thead>", re.DOTALL)
_HEADER_CELL = re.compile(r"<th\b(?P<attrs>[^>]*)>(?P<text>.*?)</th>", re.DOTALL)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.DOTALL)
_ROW_OPEN = re.compile(r"<tr\b[^>]*>")
_CELL_OPEN = re.compile(r"<(?P<tag>td|th)\b(?P<attrs>[^>]*)>")
_TD_OPEN = re.compile(r"<td\b")
_COLSPAN = re.compile(r'\bcolspan="?(\d+)')
_TAG = re.compile(r"<[^>]*>")
_CSS_PLAIN = frozenset(" -:/(),.+_")


@dataclass(frozen=True, slots=True)
class PrintMargins:
    """What every printed page repeats: the banner (or none), and the as-of time in words."""

    banner: str | None
    as_of: str


def lay_out(page: str, text: str, margins: PrintMargins) -> str:
    """The generated Markdown page ``page`` (a staged path) with the layout rules applied."""
    front, body = _split_front_matter(text)
    if count_toc_headings(body) < MIN_TOC_HEADINGS:
        front = hide_toc(front)
    body = label_tables(body)
    marks = [DATA_PAGE] if any(p.search(body) for p in _DATA_CONTENT) else []
    if 'class="ep-chart"' in body:
        marks.append(CHART_PATTERNS)
    marks.append(print_style(page, margins))
    return f"---\n{front}---\n" + "\n\n".join(marks) + "\n\n" + body


class LaidOut:
    """The pages one generation laid out, for the next to reuse where a page's text and
    margins did not change (the live preview regenerates every page on each edit, and
    an edit changes a few)."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[bytes, PrintMargins, str]] = {}

    def lay_out(self, page: str, text: str, margins: PrintMargins) -> str:
        """:func:`lay_out` of the page, reused when its input is the last one's."""
        # a digest, not the text: the preview would otherwise hold every page twice more
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        kept = self._pages.get(page)
        if kept is not None and kept[0] == digest and kept[1] == margins:
            return kept[2]
        result = lay_out(page, text, margins)
        self._pages[page] = (digest, margins, result)
        return result

    def keep(self, pages: Collection[str]) -> None:
        """Forget the pages not in ``pages`` (gone from the site)."""
        for page in self._pages.keys() - set(pages):
            del self._pages[page]


def _split_front_matter(text: str) -> tuple[str, str]:
    match = _FRONT_MATTER.match(text)
    if match is None:
        return "", text
    return match.group("body"), text[match.end():]


def count_toc_headings(markdown: str) -> int:
    """How many headings the theme's table of contents lists (levels 2 to 6, the page's
    own title aside), outside fenced code. Headings written as raw HTML are not listed."""
    if "```" in markdown or "~~~" in markdown:
        markdown = _FENCE.sub("", markdown)
    # a heading starts a line: the first one, or one after a line break
    return len(_HEADING.findall("\n" + markdown)) if "#" in markdown else 0


def hide_toc(front: str) -> str:
    """Front-matter text (without its ``---`` lines) with ``toc`` in its ``hide`` list.

    A front-matter this cannot read as YAML with a list under ``hide`` (a hand-written
    page's, such as the framework's) is returned as it is: the theme reads it as before.
    """
    try:
        data = yaml.safe_load(front) if front.strip() else None
    except yaml.YAMLError:
        return front
    hidden = data.get("hide") if isinstance(data, dict) else None
    if hidden is None:
        return "hide: [toc]\n" + front if data is None or isinstance(data, dict) else front
    if not isinstance(hidden, list) or "toc" in hidden:
        return front
    flow = re.search(r"^hide:[ \t]*\[(?P<items>[^\]\n]*)\][ \t]*$", front, re.MULTILINE)
    if flow is not None:
        items = flow.group("items").rstrip()
        joined = f"{items}, toc" if items.strip() else "toc"
        return front[: flow.start()] + f"hide: [{joined}]" + front[flow.end():]
    block = re.search(r"^hide:[ \t]*\n(?P<items>(?:[ \t]*-[^\n]*\n)+)", front, re.MULTILINE)
    if block is None:
        return front
    indent = re.match(r"[ \t]*", block.group("items"))
    item = f"{indent.group(0) if indent else ''}- toc\n"
    return front[: block.end()] + item + front[block.end():]


def label_tables(markdown: str) -> str:
    """Every HTML table of a page labelled (:func:`label_table`), outside fenced code,
    whose text is shown as it is written."""
    if "<table" not in markdown:
        return markdown
    if "```" not in markdown and "~~~" not in markdown:
        return _label_tables_in(markdown)
    parts, start = [], 0
    for fence in _FENCE.finditer(markdown):
        parts.append(_label_tables_in(markdown[start:fence.start()]))
        parts.append(fence.group(0))
        start = fence.end()
    parts.append(_label_tables_in(markdown[start:]))
    return "".join(parts)


def _label_tables_in(text: str) -> str:
    """Each ``<table …>…</table>`` of ``text`` (up to the first closing tag) labelled."""
    return _each_element(text, _TABLE_OPEN, "</table>", label_table)


def _each_element(text: str, opening: re.Pattern[str], closing: str,
                  change: Callable[[str], str]) -> str:
    """``text`` with each element from a match of ``opening`` to the first ``closing``
    after it passed through ``change``."""
    parts: list[str] = []
    done = 0
    while (found := opening.search(text, done)) is not None:
        end = text.find(closing, found.end())
        if end < 0:
            break
        end += len(closing)
        parts += [text[done:found.start()], change(text[found.start():end])]
        done = end
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def column_labels(table: str) -> list[str]:
    """The text of each column's header in a table's first header row, one per column
    (a header spanning columns labels each of them)."""
    head = _THEAD.search(table)
    if head is None:
        return []
    first_row = _ROW.search(head.group("head"))
    cells = first_row.group(0) if first_row else head.group("head")
    labels: list[str] = []
    for cell in _HEADER_CELL.finditer(cells):
        span = _COLSPAN.search(cell.group("attrs"))
        text = " ".join(html.unescape(_TAG.sub("", cell.group("text"))).split())
        labels.extend([text] * (int(span.group(1)) if span else 1))
    return labels


def label_table(table: str) -> str:
    """A generated HTML table with each body cell labelled by its column's header and
    with the way a phone shows it (``data-phone="stack"`` or ``"scroll"``)."""
    labels = column_labels(table)
    if not labels:
        return table
    head = _THEAD.search(table)
    start = head.end() if head else 0
    # the opening of each column's cell, labelled: "<td" + ' data-label="…"', then the
    # cell's own attributes follow as they are
    openings = [f'<td data-label="{html.escape(label, quote=True)}"' for label in labels]

    def label_row(text: str) -> str:
        if "<th" not in text and "colspan" not in text and "data-label=" not in text:
            # the common row, one cell per column: no cell needs to be read on its own
            pieces = _TD_OPEN.split(text)
            cells = pieces[1:]
            # a row may have fewer cells than the header has columns
            labelled = pieces[0] + "".join(
                chain.from_iterable(zip(openings, cells, strict=False)))
            if len(cells) > len(openings):  # cells beyond the header's columns: unlabelled
                labelled += "".join(f"<td{cell}" for cell in cells[len(openings):])
            return labelled
        column = 0

        def label_cell(cell: re.Match[str]) -> str:
            nonlocal column
            attrs = cell.group("attrs")
            span = _COLSPAN.search(attrs)
            index, column = column, column + (int(span.group(1)) if span else 1)
            if cell.group("tag") != "td" or "data-label=" in attrs or index >= len(labels):
                return cell.group(0)
            label = html.escape(labels[index], quote=True)
            return f'<td data-label="{label}"{attrs}>'

        return _CELL_OPEN.sub(label_cell, text)

    body = _each_element(table[start:], _ROW_OPEN, "</tr>", label_row)
    mode = "stack" if len(labels) > PHONE_SCROLL_COLUMNS else "scroll"
    opened = re.sub(r"\A<table\b", f'<table data-phone="{mode}"', table[:start], count=1)
    return opened + body


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: every character but letters, digits, spaces and
    ``-:/(),.+_`` as a hexadecimal escape, so no text can end the string, the rule or
    the style element."""
    escaped = "".join(
        char if char.isascii() and (char.isalnum() or char in _CSS_PLAIN) else f"\\{ord(char):x} "
        for char in text
    )
    return f'"{escaped}"'


def print_style(page: str, margins: PrintMargins) -> str:
    """The page's print margins: banner and as-of time above, address and page number
    below, on every printed page."""
    boxes = []
    if margins.banner:
        boxes.append(f"@top-left {{ content: {css_string(margins.banner)}; }}")
    boxes.append(f"@top-right {{ content: {css_string('As of ' + margins.as_of)}; }}")
    boxes.append(f"@bottom-left {{ content: {css_string('/' + url_of(page))}; }}")
    boxes.append('@bottom-right { content: "Page " counter(page) " of " counter(pages); }')
    return '<style class="ep-print-margins">@page { ' + " ".join(boxes) + " }</style>"
