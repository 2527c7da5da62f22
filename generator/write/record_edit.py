"""Byte-preserving edits of a ticket's front-matter: new engagements, new responses.

A record is hand-written text with comments, key order and spacing chosen by people, so
an edit never re-dumps YAML: it inserts whole lines (and, at most, rewrites the value
of one line) at places found from the composed YAML nodes. The key lines of
:attr:`~generator.read.frontmatter.RawRecord.lines` say where a key starts, but not
where its value ends (block scalars, trailing blank lines, comments), so the node end
marks are used for that. Every edit is verified before it is returned: the new text is
parsed again and must hold exactly the old values plus the intended change, and the
same body; anything else raises :class:`EditError` instead of writing a surprise.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml

from generator.read.frontmatter import HANDLER, RawRecord, parse_record_text
from generator.read.project import TICKET_KEYS
from generator.render.yaml_text import yaml_scalar

Scalar = str | bool | int | float | date | datetime | None
"""A value :func:`~generator.render.yaml_text.yaml_scalar` can write on one line."""

_LOADER = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
# Characters YAML counts as line breaks but a split on "\n" does not: with them the node
# marks and our line numbers would disagree, so such files are left to hand-editing.
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_NULL_TAG = "tag:yaml.org,2002:null"
_DEFAULT_STEP = 2


class EditError(Exception):
    """The file cannot be edited safely by a command; it has to be edited by hand."""


@dataclass(frozen=True, slots=True)
class LineEdit:
    """Insert ``lines`` before 0-based file line ``at``, or replace that line with them."""

    at: int
    lines: tuple[str, ...]
    replace: bool = False


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A record's text as lines, with the composed front-matter and its file offset."""

    lines: list[str]
    """The file's lines with their line endings (BOM removed)."""
    root: yaml.MappingNode
    newline: str
    offset: int = 1
    """File line index (0-based) of the front-matter's first line."""

    def line_index(self, mark: yaml.Mark) -> int:
        """0-based file line of a node mark."""
        return int(mark.line) + self.offset

    def end_index(self, node: yaml.Node) -> int:
        """0-based file line before which text can go right after ``node``'s content."""
        last = _last_content_node(node)
        end = last.end_mark
        line = self.line_index(end)
        return line if end.column == 0 else line + 1

    def entry(self, mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        """The (key node, value node) of ``key`` in ``mapping``, if present."""
        for key_node, value_node in mapping.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node, value_node
        return None


def _last_content_node(node: yaml.Node) -> yaml.Node:
    """The node whose end is where ``node``'s text ends (block collections recurse)."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
        if not node.value:
            break
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node


def read_front_matter(raw: RawRecord) -> FrontMatter:
    """Compose ``raw``'s front-matter into nodes, refusing layouts edits cannot handle."""
    text = raw.text
    if _ODD_BREAKS.search(text):
        raise EditError("the file uses unusual line breaks (CR alone, U+2028, U+2029 or NEL)")
    parts = HANDLER.split_located(text) if HANDLER.detect(text) else None
    if parts is None:
        raise EditError("the file has no closed front-matter block")
    front = parts[0]
    try:
        root = yaml.compose(front, Loader=_LOADER) if front.strip() else None
    except yaml.YAMLError as exc:
        raise EditError(f"the front-matter is not valid YAML ({exc})") from None
    if root is None:
        raise EditError("the front-matter is empty")
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise EditError("the front-matter is not a block mapping of 'field: value' lines")
    lines = text.splitlines(keepends=True) or [""]
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    return FrontMatter(lines=lines, root=root, newline=newline)


def render_mapping(
    fields: Mapping[str, Scalar], indent: int, first_prefix: str | None = None
) -> list[str]:
    """``key: value`` lines at ``indent``; the first line may start with ``first_prefix``."""
    out = []
    for number, (key, value) in enumerate(fields.items()):
        prefix = first_prefix if number == 0 and first_prefix is not None else " " * indent
        out.append(f"{prefix}{key}: {yaml_scalar(value)}")
    return out


def _without_value(line: str, value: yaml.Node, newline: str) -> str:
    """``line`` with the one-line value ``value`` removed (key and comment kept)."""
    start, end = value.start_mark.column, value.end_mark.column
    head = line[:start].rstrip()
    tail = line[end:].rstrip("\r\n")
    return f"{head}{tail}{newline}" if tail.strip() else f"{head}{newline}"


def _clear_empty_value(fm: FrontMatter, value: yaml.Node, what: str) -> LineEdit | None:
    """An edit turning ``key: []``/``key: null`` into ``key:``, or None if already empty."""
    if value.start_mark.line != value.end_mark.line:
        raise EditError(f"{what} spans several lines; edit it by hand")
    line_index = fm.line_index(value.start_mark)
    if value.start_mark.column == value.end_mark.column:
        return None
    new = _without_value(fm.lines[line_index], value, fm.newline)
    return LineEdit(line_index, (new,), replace=True)


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


def append_engagement_edits(fm: FrontMatter, fields: Mapping[str, Scalar]) -> list[LineEdit]:
    """Line edits appending ``fields`` as a new item of the top-level ``escalations``."""
    found = fm.entry(fm.root, "escalations")
    if found is None:
        return [_new_escalations_key(fm, fields)]
    key_node, value = found
    if isinstance(value, yaml.SequenceNode) and value.value:
        if value.flow_style:
            raise EditError("'escalations' is written in flow style [...]; edit it by hand")
        dash, key = _engagement_columns(value)
        first = " " * dash + "-" + " " * (key - dash - 1)
        lines = render_mapping(fields, key, first)
        return [LineEdit(fm.end_index(value), _ended(lines, fm.newline))]
    if not _is_empty(value):
        raise EditError("'escalations' is not a list; fix it first (escalation check)")
    indent = int(key_node.start_mark.column) + _DEFAULT_STEP
    lines = render_mapping(fields, indent + 2, " " * indent + "- ")
    edits = [LineEdit(fm.line_index(key_node.start_mark) + 1, _ended(lines, fm.newline))]
    cleared = _clear_empty_value(fm, value, "'escalations'")
    return [cleared, *edits] if cleared else edits


def _new_escalations_key(fm: FrontMatter, fields: Mapping[str, Scalar]) -> LineEdit:
    """The ``escalations:`` key, placed after the last key that comes before it by contract."""
    before = set(TICKET_KEYS[: TICKET_KEYS.index("escalations")])
    column = int(fm.root.value[0][0].start_mark.column) if fm.root.value else 0
    at = fm.offset
    for key_node, value in fm.root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value in before:
            at = max(at, fm.end_index(value))
    if at == fm.offset and fm.root.value:
        at = fm.end_index(fm.root)
    lines = [" " * column + "escalations:"]
    lines += render_mapping(fields, column + _DEFAULT_STEP + 2, " " * (column + 2) + "- ")
    return LineEdit(at, _ended(lines, fm.newline))


def add_response_edits(
    fm: FrontMatter, index: int, fields: Mapping[str, Scalar]
) -> list[LineEdit]:
    """Line edits adding ``response`` (``fields``) to engagement ``index``."""
    found = fm.entry(fm.root, "escalations")
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
    step = _response_step(sequence)
    nested = _ended(render_mapping(fields, key_column + step), fm.newline)
    existing = fm.entry(engagement, "response")
    if existing is None:
        header = _ended([" " * key_column + "response:"], fm.newline)
        return [LineEdit(fm.end_index(engagement), header + nested)]
    key_node, value = existing
    if not _is_empty(value):
        raise EditError(f"escalations[{index}] already has a response")
    edits = [LineEdit(fm.line_index(key_node.start_mark) + 1, nested)]
    cleared = _clear_empty_value(fm, value, f"escalations[{index}].response")
    return [cleared, *edits] if cleared else edits


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


def set_scalar_edit(fm: FrontMatter, key: str, value: Scalar) -> LineEdit:
    """An edit replacing the one-line value of top-level ``key`` (the rest of the line kept)."""
    found = fm.entry(fm.root, key)
    if found is None or not isinstance(found[1], yaml.ScalarNode):
        raise EditError(f"field {key!r} is missing or not a single value")
    node = found[1]
    if node.start_mark.line != node.end_mark.line or node.start_mark.column == node.end_mark.column:
        raise EditError(f"field {key!r} does not hold a one-line value")
    line_index = fm.line_index(node.start_mark)
    line = fm.lines[line_index]
    start, end = node.start_mark.column, node.end_mark.column
    return LineEdit(line_index, (line[:start] + yaml_scalar(value) + line[end:],), replace=True)


def _ended(lines: Sequence[str], newline: str) -> tuple[str, ...]:
    return tuple(line + newline for line in lines)


def apply_edits(fm: FrontMatter, edits: Sequence[LineEdit]) -> str:
    """The text with ``edits`` applied (bottom-up, so earlier line numbers stay valid)."""
    lines = list(fm.lines)
    if lines and not lines[-1].endswith("\n") and any(e.at >= len(lines) for e in edits):
        lines[-1] += fm.newline
    ordered = sorted(edits, key=lambda e: (e.at, e.replace), reverse=True)
    for edit in ordered:
        if edit.replace:
            lines[edit.at : edit.at + 1] = list(edit.lines)
        else:
            lines[edit.at : edit.at] = list(edit.lines)
    return "".join(lines)


def as_loaded(fields: Mapping[str, Scalar]) -> dict[str, Any]:
    """``fields`` as YAML reads them back once written (``09:30`` times stay text)."""
    return {key: yaml.load(yaml_scalar(value), Loader=_LOADER) for key, value in fields.items()}


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
    text = apply_edits(fm, edits)
    expected = copy.deepcopy(raw.data)
    expected["tier"] = tier
    expected["escalations"] = [*(expected.get("escalations") or []), as_loaded(fields)]
    verify_edit(raw, text, expected)
    return text


def respond_text(raw: RawRecord, index: int, fields: Mapping[str, Scalar]) -> str:
    """``raw``'s text with ``fields`` as the response of engagement ``index``."""
    fm = read_front_matter(raw)
    text = apply_edits(fm, add_response_edits(fm, index, fields))
    expected = copy.deepcopy(raw.data)
    expected["escalations"][index]["response"] = as_loaded(fields)
    verify_edit(raw, text, expected)
    return text

