"""Line edits of a ticket's engagements: ``engage`` appends one, ``respond`` adds a response.

Whole lines are inserted, and at most one value per line rewritten, at places found from
the composed nodes' line numbers (so line breaks that YAML counts differently from LF
are refused); every edit is verified by reading the result back, and refused with
:class:`~generator.write.frontmatter_edit.EditError` unless exactly the intended change
was made.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from generator.read.frontmatter import HANDLER, RawRecord, parse_record_text
from generator.render.yaml_text import Scalar, mapping_lines, yaml_scalar
from generator.schema.fields import TICKET
from generator.write.frontmatter_edit import (
    FIRST_LINE,
    ODD_BREAKS,
    EditError,
    FrontMatter,
    Splice,
    apply_splices,
    top_entries,
)

_NULL_TAG = "tag:yaml.org,2002:null"
_DEFAULT_STEP = 2


@dataclass(frozen=True, slots=True)
class Composed:
    """A whole front-matter composed into nodes whose lines are the file's."""

    front: FrontMatter
    root: yaml.MappingNode

    def entry(self, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        """The (key node, value node) of top-level ``key``, if present."""
        return top_entries(self.root).get(key)

    def line_index(self, mark: yaml.Mark) -> int:
        """0-based file line of a node mark."""
        return int(mark.line) + FIRST_LINE

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
    if ODD_BREAKS.search(raw.text):
        raise EditError("the file uses unusual line breaks (CR alone, U+2028, U+2029 or NEL)")
    front = FrontMatter(raw.text)
    root = front.compose(front.start, front.close)
    if root is None:
        raise EditError("the front-matter is empty")
    return Composed(front, root)


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
        return [fm.insert(fm.end_index(value), mapping_lines(fields, key, first))]
    if not _is_empty(value):
        raise EditError("'escalations' is not a list; fix it first (escalation check)")
    indent = int(key_node.start_mark.column) + _DEFAULT_STEP
    lines = mapping_lines(fields, indent + 2, " " * indent + "- ")
    return _fill_empty_value(fm, key_node, value, lines, "'escalations'")


def _new_escalations_key(fm: Composed, fields: Mapping[str, Scalar]) -> Splice:
    """The ``escalations:`` key, placed after the last key that comes before it by contract."""
    before = set(TICKET.keys[: TICKET.keys.index("escalations")])
    root = fm.root
    column = int(root.value[0][0].start_mark.column) if root.value else 0
    at = FIRST_LINE
    for key_node, value in root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value in before:
            at = max(at, fm.end_index(value))
    if at == FIRST_LINE and root.value:
        at = fm.end_index(root)
    lines = [" " * column + "escalations:"]
    lines += mapping_lines(fields, column + _DEFAULT_STEP + 2, " " * (column + 2) + "- ")
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
    nested = mapping_lines(fields, key_column + _response_step(sequence))
    existing = top_entries(engagement).get("response")
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
    """Refuse ``new_text`` unless it parses to exactly ``expected`` with the same body.

    The size limit is not this check's business: the writer runs ``check``'s rules on the
    text next, and refuses an oversized one with ``check``'s message.
    """
    new_raw, problems = parse_record_text(new_text.encode("utf-8"), raw.path,
                                          limit_size=False)
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
