"""A small DOM over the built HTML (standard library only), for asserting page content.

Pages are parsed with :mod:`html.parser` into :class:`Element` trees; tables are read
into header texts and rows of cells, each table attributed to the ``h2`` it follows, so
tests can say "the row of ticket 90103 in the Open Escalations table".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Whitespace runs as one space, trimmed: text as a reader sees it."""
    return _SPACE.sub(" ", text).strip()


@dataclass(eq=False)
class Element:
    """One element: tag, attributes and children (elements, text and comments)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)
    comments: list[str] = field(default_factory=list, repr=False)

    def iter(self, tag: str | None = None) -> Iterator[Element]:
        """Descendants in document order (optionally only those named ``tag``)."""
        for child in self.children:
            if isinstance(child, Element):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """Descendants with ``tag`` whose attributes equal ``attrs`` (``cls`` = a class)."""
        found = []
        for el in self.iter(tag):
            if all(
                (value in el.classes) if key == "cls" else el.attrs.get(key) == value
                for key, value in attrs.items()
            ):
                found.append(el)
        return found

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        """The first match of :meth:`find_all`; AssertionError if there is none."""
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'}> with {attrs} in <{self.tag}>"
        return found[0]

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    @property
    def raw_text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child.raw_text if isinstance(child, Element) else child)
        return "".join(parts)

    @property
    def text(self) -> str:
        """The element's text, entities decoded, whitespace squashed."""
        return squash(self.raw_text)

    def links(self) -> list[str]:
        """The ``href`` of every ``<a>`` inside."""
        return [a.attrs["href"] for a in self.iter("a") if "href" in a.attrs]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v if v is not None else "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v if v is not None else "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(el)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.stack[-1].comments.append(data)
        self.root.comments.append(data)


def parse(html: str) -> Element:
    """The document tree of ``html``."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def by_id(doc: Element, element_id: str) -> Element:
    """The element with ``id``; AssertionError if there is none."""
    for el in doc.iter():
        if el.attrs.get("id") == element_id:
            return el
    raise AssertionError(f"no element with id={element_id!r}")


@dataclass
class Table:
    """A table as a reader sees it: header texts and rows of cells."""

    element: Element
    header: list[str]
    rows: list[list[Element]]

    def texts(self) -> list[list[str]]:
        """Every row as its cells' texts."""
        return [[cell.text for cell in row] for row in self.rows]

    def column(self, name: str) -> list[str]:
        """The texts of one column, by header."""
        index = self.header.index(name)
        return [row[index].text for row in self.rows]

    def row(self, first_cell: str) -> list[str]:
        """The texts of the one row whose first cell reads ``first_cell``."""
        found = [r for r in self.texts() if r and r[0] == first_cell]
        assert len(found) == 1, f"{len(found)} rows start with {first_cell!r}: {self.texts()}"
        return found[0]

    def row_element(self, first_cell: str) -> list[Element]:
        """The cells of the one row whose first cell reads ``first_cell``."""
        found = [r for r in self.rows if r and r[0].text == first_cell]
        assert len(found) == 1, f"{len(found)} rows start with {first_cell!r}"
        return found[0]

    def as_dicts(self) -> list[dict[str, str]]:
        """Rows as header → text."""
        return [dict(zip(self.header, row, strict=True)) for row in self.texts()]


def read_table(element: Element) -> Table:
    """A :class:`Table` from a ``<table>`` element (rows: those with ``td`` cells)."""
    # Header cells are those of the thead: a th in the body heads a group of rows.
    heads = element.find_all("thead") or [element]
    header = [th.text for th in heads[0].iter("th")]
    rows = []
    for tr in element.iter("tr"):
        cells = [c for c in tr.children if isinstance(c, Element) and c.tag == "td"]
        if cells:
            rows.append(cells)
    return Table(element, header, rows)


def sections(doc: Element) -> dict[str, list[Element]]:
    """The content of the page's article split at each ``h2``: h2 id → elements after it.

    Elements before the first ``h2`` are under ``""``. Only direct children of the
    article are split; tables inside wrappers stay inside their wrapper element.
    """
    article = doc.find("article")
    split: dict[str, list[Element]] = {"": []}
    current = ""
    for child in article.children:
        if not isinstance(child, Element):
            continue
        if child.tag == "h2":
            current = child.attrs.get("id", child.text)
            split[current] = []
        else:
            split[current].append(child)
    return split


def section_tables(doc: Element, h2_id: str) -> list[Table]:
    """The tables in the section under ``<h2 id=h2_id>``."""
    tables = []
    for el in sections(doc)[h2_id]:
        if el.tag == "table":
            tables.append(read_table(el))
        tables.extend(read_table(t) for t in el.iter("table"))
    return tables


def section_table(doc: Element, h2_id: str) -> Table:
    """The one table under ``<h2 id=h2_id>``."""
    tables = section_tables(doc, h2_id)
    assert len(tables) == 1, f"{len(tables)} tables under #{h2_id}"
    return tables[0]


def section_text(doc: Element, h2_id: str) -> str:
    """The text of the section under ``<h2 id=h2_id>``."""
    return squash(" ".join(el.raw_text for el in sections(doc)[h2_id]))
