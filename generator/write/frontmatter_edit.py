"""Edit a record's front-matter in its text, keeping every byte the edit does not own.

People write these files by hand and review changes as diffs, so YAML is never re-dumped
(that would drop comments, reorder keys, restyle values). The block is found with the
reader's boundary lines and composed with the reader's loader; the nodes' marks say
where a key and its value are, and new text is spliced in there. Two kinds of edit:

- **key updates** (the TDX import, :func:`update_fields`): replace, delete or insert
  top-level one-line values, at character offsets (``Mark.index``), which stay right
  whatever line breaks the text uses;
- **line edits** (``engage``, ``respond``: :func:`engage_text`, :func:`respond_text`):
  insert whole lines and rewrite at most one value per line, placed by YAML's line
  numbers (so line breaks YAML counts differently from LF are refused), then verified
  by reading the result back.

Anything that cannot be edited this way raises :class:`EditError`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml

from generator.read.frontmatter import HANDLER, RawRecord, parse_record_text
from generator.render.yaml_text import yaml_scalar
from generator.schema.fields import TICKET

Scalar = str | bool | int | float | date | datetime | None
"""A value :func:`~generator.render.yaml_text.yaml_scalar` can write on one line."""

# Characters YAML counts as line breaks but a split on "\n" does not: with them YAML's
# line numbers are not the file's.
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_FIRST_LINE = 1  # 0-based file line of the front-matter: the opening '---' is one line
_NULL_TAG = "tag:yaml.org,2002:null"
_DEFAULT_STEP = 2


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


def _entries(mapping: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
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
        if key_lines is not None and not _ODD_BREAKS.search(front.text, front.start,
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
    for key, (key_node, value_node) in _entries(node).items():
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


# Line edits (engage, respond): whole lines placed by the composed nodes' line numbers.


@dataclass(frozen=True, slots=True)
class Composed:
    """A whole front-matter composed into nodes whose lines are the file's."""

    front: FrontMatter
    root: yaml.MappingNode

    def entry(self, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        """The (key node, value node) of top-level ``key``, if present."""
        return _entries(self.root).get(key)

    def line_index(self, mark: yaml.Mark) -> int:
        """0-based file line of a node mark."""
        return int(mark.line) + _FIRST_LINE

    def end_index(self, node: yaml.Node) -> int:
        """0-based file line before which text can go right after ``node``'s content."""
        end = _last_content_node(node).end_mark
        line = self.line_index(end)
        return line if end.column == 0 else line + 1

    def line(self, index: int) -> str:
        """File line ``index`` (0-based, within the front-matter) with its line ending."""
        starts = self.front.line_starts
        return self.front.text[starts[index] : starts[index + 1]]

    def insert(self, index: int, lines: Sequence[str]) -> Splice:
        """``lines`` (without line endings) inserted before file line ``index``."""
        at = self.front.line_starts[index]
        return Splice(at, False, 0, at, "".join(line + self.front.eol for line in lines))

    def replace(self, index: int, line: str) -> Splice:
        """File line ``index`` replaced by ``line`` (with its line ending)."""
        starts = self.front.line_starts
        return Splice(starts[index], True, 0, starts[index + 1], line)


def _last_content_node(node: yaml.Node) -> yaml.Node:
    """The node whose end is where ``node``'s text ends (block collections recurse)."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
        if not node.value:
            break
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node


def read_front_matter(raw: RawRecord) -> Composed:
    """Compose ``raw``'s front-matter into nodes, refusing layouts line edits cannot handle."""
    if _ODD_BREAKS.search(raw.text):
        raise EditError("the file uses unusual line breaks (CR alone, U+2028, U+2029 or NEL)")
    front = FrontMatter(raw.text)
    root = front.compose(front.start, front.close)
    if root is None:
        raise EditError("the front-matter is empty")
    return Composed(front, root)


def render_mapping(fields: Mapping[str, Scalar], indent: int,
                   first_prefix: str | None = None) -> list[str]:
    """``key: value`` lines at ``indent``; the first line may start with ``first_prefix``."""
    out = []
    for number, (key, value) in enumerate(fields.items()):
        prefix = first_prefix if number == 0 and first_prefix is not None else " " * indent
        out.append(f"{prefix}{key}: {yaml_scalar(value)}")
    return out


def _fill_empty_value(fm: Composed, key_node: yaml.Node, value: yaml.Node,
                      lines: Sequence[str], what: str) -> list[Splice]:
    """Edits putting ``lines`` under ``key:`` whose value is empty (``[]``, ``null`` or
    nothing): the lines go after the key's line, and the empty value is removed from its
    line (the key and a comment stay)."""
    start, end = value.start_mark, value.end_mark
    if start.line != end.line:
        raise EditError(f"{what} spans several lines; edit it by hand")
    edits = [fm.insert(fm.line_index(key_node.start_mark) + 1, lines)]
    if start.column == end.column:
        return edits
    line_index = fm.line_index(start)
    line = fm.line(line_index)
    head, tail = line[: start.column].rstrip(), line[end.column :].rstrip("\r\n")
    new = f"{head}{tail}{fm.front.eol}" if tail.strip() else f"{head}{fm.front.eol}"
    return [fm.replace(line_index, new), *edits]


def _is_empty(value: yaml.Node) -> bool:
    """A null value (``key:``, ``null``, ``~``) or an empty ``[]``/``{}``."""
    if isinstance(value, yaml.ScalarNode):
        return bool(value.tag == _NULL_TAG)
    return isinstance(value, yaml.MappingNode | yaml.SequenceNode) and not value.value


def _engagement_columns(sequence: yaml.SequenceNode) -> tuple[int, int]:
    """(column of '-', column of the first key) of the existing items."""
    dash = int(sequence.start_mark.column)
    key = int(sequence.value[0].start_mark.column)
    if key <= dash + 1:
        raise EditError("the escalations items are laid out unusually; edit them by hand")
    return dash, key


def append_engagement_edits(fm: Composed, fields: Mapping[str, Scalar]) -> list[Splice]:
    """Edits appending ``fields`` as a new item of the top-level ``escalations``."""
    found = fm.entry("escalations")
    if found is None:
        return [_new_escalations_key(fm, fields)]
    key_node, value = found
    if isinstance(value, yaml.SequenceNode) and value.value:
        if value.flow_style:
            raise EditError("'escalations' is written in flow style [...]; edit it by hand")
        dash, key = _engagement_columns(value)
        first = " " * dash + "-" + " " * (key - dash - 1)
        return [fm.insert(fm.end_index(value), render_mapping(fields, key, first))]
    if not _is_empty(value):
        raise EditError("'escalations' is not a list; fix it first (escalation check)")
    indent = int(key_node.start_mark.column) + _DEFAULT_STEP
    lines = render_mapping(fields, indent + 2, " " * indent + "- ")
    return _fill_empty_value(fm, key_node, value, lines, "'escalations'")


def _new_escalations_key(fm: Composed, fields: Mapping[str, Scalar]) -> Splice:
    """The ``escalations:`` key, placed after the last key that comes before it by contract."""
    before = set(TICKET.keys[: TICKET.keys.index("escalations")])
    root = fm.root
    column = int(root.value[0][0].start_mark.column) if root.value else 0
    at = _FIRST_LINE
    for key_node, value in root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value in before:
            at = max(at, fm.end_index(value))
    if at == _FIRST_LINE and root.value:
        at = fm.end_index(root)
    lines = [" " * column + "escalations:"]
    lines += render_mapping(fields, column + _DEFAULT_STEP + 2, " " * (column + 2) + "- ")
    return fm.insert(at, lines)


def add_response_edits(fm: Composed, index: int, fields: Mapping[str, Scalar]) -> list[Splice]:
    """Edits adding ``response`` (``fields``) to engagement ``index``."""
    found = fm.entry("escalations")
    if found is None or not isinstance(found[1], yaml.SequenceNode):
        raise EditError("the ticket has no 'escalations' list")
    sequence = found[1]
    if sequence.flow_style:
        raise EditError("'escalations' is written in flow style [...]; edit it by hand")
    if not 0 <= index < len(sequence.value):
        raise EditError(f"the ticket has no escalations[{index}]")
    engagement = sequence.value[index]
    if not isinstance(engagement, yaml.MappingNode) or engagement.flow_style or (
        not engagement.value
    ):
        raise EditError(f"escalations[{index}] is not a block mapping; edit it by hand")
    key_column = int(engagement.value[0][0].start_mark.column)
    nested = render_mapping(fields, key_column + _response_step(sequence))
    existing = _entries(engagement).get("response")
    if existing is None:
        header = " " * key_column + "response:"
        return [fm.insert(fm.end_index(engagement), [header, *nested])]
    key_node, value = existing
    if not _is_empty(value):
        raise EditError(f"escalations[{index}] already has a response")
    return _fill_empty_value(fm, key_node, value, nested, f"escalations[{index}].response")


def _response_step(sequence: yaml.SequenceNode) -> int:
    """How far an existing response's keys are indented under ``response:`` (default 2)."""
    for item in sequence.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        for key_node, value in item.value:
            if (key_node.value == "response" and isinstance(value, yaml.MappingNode)
                    and not value.flow_style and value.value):
                step = int(value.start_mark.column) - int(key_node.start_mark.column)
                if step > 0:
                    return step
    return _DEFAULT_STEP


def set_scalar_edit(fm: Composed, key: str, value: Scalar) -> Splice:
    """An edit replacing the one-line value of top-level ``key`` (the rest of the line kept)."""
    found = fm.entry(key)
    if found is None or not isinstance(found[1], yaml.ScalarNode):
        raise EditError(f"field {key!r} is missing or not a single value")
    node = found[1]
    if node.start_mark.line != node.end_mark.line or node.start_mark.column == node.end_mark.column:
        raise EditError(f"field {key!r} does not hold a one-line value")
    line_index = fm.line_index(node.start_mark)
    line = fm.line(line_index)
    start, end = node.start_mark.column, node.end_mark.column
    return fm.replace(line_index, line[:start] + yaml_scalar(value) + line[end:])


def as_loaded(fields: Mapping[str, Scalar]) -> dict[str, Any]:
    """``fields`` as YAML reads them back once written (``09:30`` times stay text)."""
    return {key: HANDLER.load(yaml_scalar(value)) for key, value in fields.items()}


def verify_edit(raw: RawRecord, new_text: str, expected: dict[str, Any]) -> None:
    """Refuse ``new_text`` unless it parses to exactly ``expected`` with the same body."""
    new_raw, problems = parse_record_text(new_text.encode("utf-8"), raw.path)
    if new_raw is None or problems:
        reason = problems[0].message if problems else "it no longer parses"
        raise EditError(f"the edited text would not read back cleanly ({reason})")
    if new_raw.data != expected or new_raw.body != raw.body:
        raise EditError("the edit would change more than intended; edit the file by hand")


def engage_text(raw: RawRecord, fields: Mapping[str, Scalar], tier: str) -> str:
    """``raw``'s text with the engagement ``fields`` appended and ``tier`` set to ``tier``."""
    fm = read_front_matter(raw)
    edits = append_engagement_edits(fm, fields)
    edits.append(set_scalar_edit(fm, "tier", tier))
    text = apply_splices(raw.text, edits)
    expected = copy.deepcopy(raw.data)
    expected["tier"] = tier
    expected["escalations"] = [*(expected.get("escalations") or []), as_loaded(fields)]
    verify_edit(raw, text, expected)
    return text


def respond_text(raw: RawRecord, index: int, fields: Mapping[str, Scalar]) -> str:
    """``raw``'s text with ``fields`` as the response of engagement ``index``."""
    fm = read_front_matter(raw)
    text = apply_splices(raw.text, add_response_edits(fm, index, fields))
    expected = copy.deepcopy(raw.data)
    expected["escalations"][index]["response"] = as_loaded(fields)
    verify_edit(raw, text, expected)
    return text
