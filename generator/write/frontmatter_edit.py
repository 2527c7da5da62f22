"""Edit a record's front-matter in its text, keeping every byte the edit does not own.

People write these files by hand and review changes as diffs, so YAML is never re-dumped
(that would drop comments, reorder keys, restyle values). The block is found with the
reader's boundary lines and composed with the reader's loader; the nodes' marks say
where a key and its value are, and new text is spliced in there. Two kinds of edit:

- **key updates** (the TDX import, :func:`update_fields`): replace, delete or insert
  top-level one-line values, at character offsets (``Mark.index``), which stay right
  whatever line breaks the text uses;
- **line edits** (``engage``, ``respond``), built on this module's core in
  :mod:`generator.write.engagement_edit`.

Anything that cannot be edited this way raises :class:`EditError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import yaml

from generator.read.frontmatter import HANDLER
from generator.render.yaml_text import Scalar, yaml_scalar

# Characters YAML counts as line breaks but a split on "\n" does not: with them YAML's
# line numbers are not the file's.
ODD_BREAKS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
FIRST_LINE = 1  # 0-based file line of the front-matter: the opening '---' is one line


class EditError(Exception):
    """The front-matter cannot be edited safely by a command; it has to be edited by hand."""


@dataclass(frozen=True, slots=True, order=True)
class Splice:
    """``text[start:end]`` replaced by ``new`` (an insertion when ``start == end``).

    The field order is the order :func:`apply_splices` applies them in, last first: at
    one offset a replacement goes first and an insertion then lands before it, and
    insertions at one offset end up in ``order``.
    """

    start: int
    replaces: bool
    order: int
    end: int
    new: str


def apply_splices(text: str, splices: Iterable[Splice]) -> str:
    """``text`` with ``splices`` applied (from the end, so earlier offsets stay valid)."""
    for splice in sorted(splices, reverse=True):
        text = text[: splice.start] + splice.new + text[splice.end :]
    return text


class FrontMatter:
    """Where a record file's front-matter block is in its text, and the file's line ending.

    ``text`` is the whole file; a byte order mark before the opening line is allowed.
    """

    def __init__(self, text: str) -> None:
        base = 1 if text.startswith("\ufeff") else 0
        unmarked = text[base:] if base else text
        if not HANDLER.detect(unmarked):
            raise EditError("the file does not start with a '---' line")
        bounds = HANDLER.front_bounds(unmarked)
        if bounds is None:
            raise EditError("the front-matter is never closed by a '---' line")
        self.text = text
        self.start = base + bounds[0]
        """Offset of the front-matter's first character (after the opening line)."""
        self.close = base + bounds[1]
        """Offset of the closing line."""
        self.eol = "\r\n" if text[: self.start].endswith("\r\n") else "\n"
        self._line_starts: list[int] | None = None

    def compose(self, first: int, stop: int) -> yaml.MappingNode | None:
        """The block mapping in ``text[first:stop]`` (part or all of the front-matter), or
        None when that text holds no node; marks count from ``first``."""
        try:
            node = HANDLER.compose(self.text[first:stop])
        except yaml.YAMLError as exc:
            raise EditError(f"the front-matter is not valid YAML: {exc}") from None
        if node is None:
            return None
        if not isinstance(node, yaml.MappingNode) or node.flow_style:
            raise EditError("the front-matter is not a block mapping of 'field: value' lines")
        return node

    @property
    def line_starts(self) -> list[int]:
        """The offset of every line (lines end at LF) up to the closing line's, included."""
        if self._line_starts is None:
            starts = [0]
            position = self.text.find("\n")
            while 0 <= position < self.close:
                starts.append(position + 1)
                position = self.text.find("\n", position + 1)
            self._line_starts = starts
        return self._line_starts


def top_entries(mapping: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """The key node and value node of each key of ``mapping``; a repeated key is refused."""
    entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode):
            if key_node.value in entries:
                raise EditError(f"key {key_node.value!r} appears twice")
            entries[key_node.value] = (key_node, value_node)
    return entries


# Key updates (the TDX import): top-level keys located by character offsets.


@dataclass(frozen=True, slots=True)
class KeySpan:
    """Where one top-level key and its value are, as offsets into the file's text."""

    start: int
    """Offset of the key's first character."""
    end: int
    """Offset just after the value (an inline comment and the line break follow)."""
    indent: str
    """The text before the key on its line (top-level keys normally have none)."""


class KeySpans:
    """A front-matter's top-level keys, and the span of each.

    With the key lines of :attr:`RawRecord.lines <generator.read.frontmatter.RawRecord>`
    each key's span is found by composing only that key's lines (from its line to the
    next key's), when first asked for; without them, or when the text has line breaks
    other than ``\\n`` (YAML also breaks lines at CR, NEL, U+2028 and U+2029, so its line
    numbers would not be the file's), the whole front-matter is composed once.
    """

    def __init__(self, front: FrontMatter, key_lines: Mapping[str, int] | None = None) -> None:
        self.front = front
        self._spans: dict[str, KeySpan] = {}
        self._regions: dict[str, tuple[int, int]] = {}
        if key_lines is not None and not ODD_BREAKS.search(front.text, front.start,
                                                            front.close):
            self._regions = _regions(front, key_lines)
        if not self._regions:
            self._spans = _spans(front, front.start, front.close)
        self.keys: tuple[str, ...] = tuple(self._regions or self._spans)
        """The top-level keys, in file order."""

    def span(self, key: str) -> KeySpan | None:
        """Where ``key`` and its value are, or None when the front-matter lacks it."""
        if key not in self._spans and key in self._regions:
            first, stop = self._regions[key]
            found = _spans(self.front, first, stop)
            if set(found) != {key}:
                raise EditError(f"the lines of key {key!r} do not hold that key alone")
            self._spans[key] = found[key]
        return self._spans.get(key)


def locate_keys(text: str, key_lines: Mapping[str, int] | None = None) -> KeySpans:
    """The top-level keys of ``text`` (a whole record file, a BOM allowed).

    ``key_lines`` are the 1-based file lines of the top-level keys, when known.
    """
    return KeySpans(FrontMatter(text), key_lines)


def _regions(front: FrontMatter, key_lines: Mapping[str, int]) -> dict[str, tuple[int, int]]:
    """Each key's lines, as (offset of its line, offset of the next key's line); empty
    when the key lines do not fit the text (the caller then composes everything)."""
    line_starts = front.line_starts
    offsets = []
    for key, line in sorted(key_lines.items(), key=lambda item: item[1]):
        if not (1 <= line <= len(line_starts)
                and front.start <= line_starts[line - 1] < front.close):
            return {}
        offsets.append((key, line_starts[line - 1]))
    bounds = [offset for _key, offset in offsets[1:]] + [front.close]
    return {key: (offset, stop) for (key, offset), stop in zip(offsets, bounds, strict=True)}


def _spans(front: FrontMatter, first: int, stop: int) -> dict[str, KeySpan]:
    """The span of every top-level key in the front-matter text ``text[first:stop]``."""
    node = front.compose(first, stop)
    if node is None:
        return {}
    text = front.text
    spans: dict[str, KeySpan] = {}
    for key, (key_node, value_node) in top_entries(node).items():
        key_start = first + key_node.start_mark.index
        block = (value_node.style in ("|", ">") if isinstance(value_node, yaml.ScalarNode)
                 else isinstance(value_node, yaml.CollectionNode) and not value_node.flow_style)
        end = _value_end(text, key_start, first + value_node.end_mark.index, block)
        line_start = text.rfind("\n", 0, key_start) + 1
        spans[key] = KeySpan(key_start, end, text[line_start:key_start])
    return spans


def _value_end(text: str, key_start: int, end: int, block: bool) -> int:
    """Block values end where the next token starts: back off over the blank lines and
    comment lines the scanner read past (a comment-like last line of a block scalar is
    content only when indented deeper than a comment would be: kept as well)."""
    if not block:
        return end
    while True:
        while end > key_start and text[end - 1] in " \t\r\n":
            end -= 1
        line_start = text.rfind("\n", key_start, end) + 1
        line = text[line_start:end]
        if line_start <= key_start or not line.startswith("#"):
            return end
        end = line_start


def update_fields(text: str, changes: Mapping[str, Scalar], order: Sequence[str],
                  key_lines: Mapping[str, int] | None = None) -> str:
    """``text`` with each key of ``changes`` set to its value (``None``: key removed).

    ``order`` is the record's key order, used to place new keys; ``key_lines`` (the
    1-based lines of the top-level keys, from the parsed record) save composing the
    whole front-matter again.
    """
    keys = locate_keys(text, key_lines)
    splices: list[Splice] = []
    for key, value in changes.items():
        span = keys.span(key)
        place = order.index(key) if key in order else len(order)
        if span is not None and value is not None:
            splices.append(Splice(span.start, True, place, span.end,
                                  f"{key}: {yaml_scalar(value)}"))
        elif span is not None:
            first = span.start - len(span.indent)
            last = text.find("\n", span.end)
            splices.append(Splice(first, True, place, len(text) if last < 0 else last + 1, ""))
        elif value is not None:
            at, indent = _insertion_point(keys, key, order)
            line = f"{indent}{key}: {yaml_scalar(value)}{keys.front.eol}"
            splices.append(Splice(at, False, place, at, line))
    return apply_splices(text, splices)


def _insertion_point(keys: KeySpans, key: str, order: Sequence[str]) -> tuple[int, str]:
    text = keys.front.text
    before = order[: order.index(key)] if key in order else order
    for anchor in reversed(before):
        span = keys.span(anchor)
        if span is not None:
            line_end = text.find("\n", span.end)
            return (len(text) if line_end < 0 else line_end + 1), span.indent
    if keys.keys:
        first = keys.span(keys.keys[0])
        assert first is not None
        return first.start - len(first.indent), first.indent
    return keys.front.close, ""
