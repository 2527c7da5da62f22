"""Change some top-level fields of a record's front-matter and keep every other byte.

Re-dumping YAML would drop comments, reorder keys and restyle values; people edit these
files by hand and review imports as diffs, so the import edits the text instead. The
front-matter is composed once to find, for each top-level key, where its key starts and
where its value ends (a folded title may run over several lines; an inline ``# comment``
after the value stays). Offsets are character indexes (``Mark.index``), not line
numbers: YAML also counts U+2028 as a line break, so its line numbers can disagree
with the file's.

- replace: the text from the key to the end of its value becomes ``key: value``;
- delete: the key's whole lines go (the field has no value in TDX any more);
- insert: a new ``key: value`` line goes after the nearest key that precedes it in the
  record's key order (``resolved`` after ``status``), else before the first key.

Values are written with :func:`~generator.render.yaml_text.yaml_scalar`, on one line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import yaml

from generator.render.yaml_text import yaml_scalar

Value = str | datetime | None

_LOADER = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_OTHER_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


class MergeError(Exception):
    """The front-matter cannot be edited line-wise (the message says why)."""


@dataclass(frozen=True, slots=True)
class KeySpan:
    """Where one top-level key and its value are, as offsets into the file's text."""

    start: int
    """Offset of the key's first character."""
    end: int
    """Offset just after the value (an inline comment and the line break follow)."""
    indent: str
    """The text before the key on its line (top-level keys normally have none)."""


class FrontMatter:
    """A record's top-level keys, where its closing line starts, and its line ending.

    With the key lines of :attr:`RawRecord.lines <generator.read.frontmatter.RawRecord>`
    each key's span is found by composing only that key's lines (from its line to the
    next key's), when first asked for; without them, or when the text has line breaks
    other than ``\n`` (YAML also breaks lines at CR, NEL, U+2028 and U+2029, so its line
    numbers would not be the file's), the whole front-matter is composed once.
    """

    def __init__(self, text: str, start: int, close: int, eol: str,
                 key_lines: Mapping[str, int] | None = None) -> None:
        self.text = text
        self.close = close
        self.eol = eol
        self._spans: dict[str, KeySpan] = {}
        self._regions: dict[str, tuple[int, int]] = {}
        if key_lines is not None and not _OTHER_BREAKS.search(text, start, close):
            self._regions = _regions(text, start, close, key_lines)
        if not self._regions:
            self._spans = _spans(text, start, close)
        self.keys: tuple[str, ...] = tuple(self._regions or self._spans)
        """The top-level keys, in file order."""

    def span(self, key: str) -> KeySpan | None:
        """Where ``key`` and its value are, or None when the front-matter lacks it."""
        if key not in self._spans and key in self._regions:
            first, stop = self._regions[key]
            found = _spans(self.text, first, stop)
            if set(found) != {key}:
                raise MergeError(f"the lines of key {key!r} do not hold that key alone")
            self._spans[key] = found[key]
        return self._spans.get(key)


def _regions(text: str, start: int, close: int, key_lines: Mapping[str, int]
             ) -> dict[str, tuple[int, int]]:
    """Each key's lines, as (offset of its line, offset of the next key's line); empty
    when the key lines do not fit the text (the caller then composes everything)."""
    line_starts = [0]
    position = text.find("\n")
    while 0 <= position < close:
        line_starts.append(position + 1)
        position = text.find("\n", position + 1)
    offsets = []
    for key, line in sorted(key_lines.items(), key=lambda item: item[1]):
        if not 1 <= line <= len(line_starts) or not start <= line_starts[line - 1] < close:
            return {}
        offsets.append((key, line_starts[line - 1]))
    bounds = [offset for _key, offset in offsets[1:]] + [close]
    return {key: (offset, stop) for (key, offset), stop in zip(offsets, bounds, strict=True)}


def locate(text: str, key_lines: Mapping[str, int] | None = None) -> FrontMatter:
    """Find the top-level keys of ``text`` (a whole record file, a BOM allowed).

    ``key_lines`` are the 1-based file lines of the top-level keys, when known.
    """
    base = 1 if text.startswith("\ufeff") else 0
    opening = _OPEN.match(text, base)
    if opening is None:
        raise MergeError("the file does not start with a '---' line")
    start = opening.end()
    closing = _CLOSE.search(text, start)
    if closing is None:
        raise MergeError("the front-matter is never closed by a '---' line")
    eol = "\r\n" if opening.group().endswith("\r\n") else "\n"
    return FrontMatter(text, start, closing.start(), eol, key_lines)


class _PositionLoader(_LOADER):  # type: ignore[misc,valid-type]
    """Composes nodes for their positions only: every scalar is text, no tag resolution
    (the pure-Python resolver is a third of the compose time, and types are not needed)."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        """The plain tag of the node's kind, whatever its text."""
        if kind is yaml.ScalarNode:
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


def _spans(text: str, start: int, stop: int) -> dict[str, KeySpan]:
    """The span of every top-level key of the front-matter ``text[start:stop]``."""
    try:
        node = yaml.compose(text[start:stop], Loader=_PositionLoader)
    except yaml.YAMLError as exc:
        raise MergeError(f"the front-matter is not valid YAML: {exc}") from None
    spans: dict[str, KeySpan] = {}
    if node is None:
        return spans
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise MergeError("the front-matter is not a block mapping of 'field: value' lines")
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in spans:
            raise MergeError(f"key {key!r} appears twice")
        key_start = start + key_node.start_mark.index
        block = (value_node.style in ("|", ">") if isinstance(value_node, yaml.ScalarNode)
                 else not value_node.flow_style)
        end = _value_end(text, key_start, start + value_node.end_mark.index, block)
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


def update_fields(text: str, changes: Mapping[str, Value], order: Sequence[str],
                  key_lines: Mapping[str, int] | None = None) -> str:
    """``text`` with each key of ``changes`` set to its value (``None``: key removed).

    ``order`` is the record's key order, used to place new keys; ``key_lines`` (the
    1-based lines of the top-level keys, from the parsed record) save composing the
    whole front-matter again.
    """
    front = locate(text, key_lines)
    edits: list[tuple[int, int, int, int, str]] = []  # (start, rank, order, end, new text)
    for key, value in changes.items():
        span = front.span(key)
        rank = order.index(key) if key in order else len(order)
        if span is not None and value is not None:
            edits.append((span.start, 1, rank, span.end, f"{key}: {yaml_scalar(value)}"))
        elif span is not None:
            first = span.start - len(span.indent)
            last = text.find("\n", span.end)
            edits.append((first, 1, rank, len(text) if last < 0 else last + 1, ""))
        elif value is not None:
            at, indent = _insertion_point(text, front, key, order)
            line = f"{indent}{key}: {yaml_scalar(value)}{front.eol}"
            edits.append((at, 0, rank, at, line))
    for start, _rank, _order, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _insertion_point(text: str, front: FrontMatter, key: str, order: Sequence[str]
                     ) -> tuple[int, str]:
    before = order[: order.index(key)] if key in order else order
    for anchor in reversed(before):
        span = front.span(anchor)
        if span is not None:
            line_end = text.find("\n", span.end)
            return (len(text) if line_end < 0 else line_end + 1), span.indent
    if front.keys:
        first = front.span(front.keys[0])
        assert first is not None
        return first.start - len(first.indent), first.indent
    return front.close, ""
