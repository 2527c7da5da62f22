"""Read a Markdown file's YAML front-matter strictly, keeping the line of every value.

python-frontmatter's YAML handler defines the format; this module subclasses it so that
the front-matter is composed with the C YAML loader into nodes (which carry their
position) instead of being loaded straight into a dict, because every problem must name
the line of its key. Things a permissive loader accepts silently are refused here:
duplicate keys, anchors and aliases, control characters, oversized files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .problems import Problem, make_problem

MAX_FILE_BYTES = 1024 * 1024

_LOADER = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_STR_TAG = "tag:yaml.org,2002:str"


class RecordHandler(YAMLHandler):  # type: ignore[misc]
    """python-frontmatter handler for records: the block must open on the first line."""

    FM_BOUNDARY = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
    _CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)

    def split_located(self, text: str) -> tuple[str, str, int] | None:
        """Split into (front-matter, body, line of the body's first line), or None if unclosed.

        The caller has checked :meth:`detect`, so ``text`` opens with a boundary line.
        """
        opening = self.FM_BOUNDARY.match(text)
        assert opening is not None
        start = text.find("\n", opening.end())
        start = len(text) if start < 0 else start + 1
        closing = self._CLOSE.search(text, start)
        if closing is None:
            return None
        body_start = text.find("\n", closing.end())
        body_start = len(text) if body_start < 0 else body_start + 1
        body_line = text.count("\n", 0, body_start) + 1
        return text[start : closing.start()], text[body_start:], body_line

    def load(self, fm: str, **kwargs: object) -> Any:
        """Parse front-matter text into plain values (for callers that need no lines)."""
        kwargs.setdefault("Loader", _LOADER)
        return yaml.load(fm, **kwargs)  # type: ignore[arg-type]


HANDLER = RecordHandler()


@dataclass(frozen=True, slots=True)
class RawRecord:
    """A file's front-matter as plain values, with the line of every key path.

    ``lines`` maps dotted key paths (``tier``, ``escalations.0.response.at``) to the
    1-based line where that key (or sequence item) starts in the file.
    """

    path: str
    data: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int
    text: str = field(repr=False)

    def line(self, key_path: str) -> int:
        """The line of ``key_path``, or of its nearest located parent, or 1."""
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path.rpartition(".")[0]
        return 1


def read_record_file(file: Path, rel_path: str) -> tuple[RawRecord | None, list[Problem]]:
    """Read ``file`` (shown as ``rel_path``) into a :class:`RawRecord`, or report why not."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                make_problem(
                    rel_path, 1, "file.too-large", f"file is {size} bytes; the limit is 1 MiB"
                )
            ]
        data = file.read_bytes()
    except OSError as exc:
        return None, [
            make_problem(rel_path, 1, "file.not-utf8", f"cannot read file: {exc.strerror}")
        ]
    return parse_record_text(data, rel_path)


def parse_record_text(data: bytes, rel_path: str) -> tuple[RawRecord | None, list[Problem]]:
    """Parse a record file's bytes; see :func:`read_record_file`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [
            make_problem(
                rel_path, line, "file.not-utf8", f"byte {exc.start} is not valid UTF-8 text"
            )
        ]
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        return None, [
            make_problem(
                rel_path,
                line,
                "file.control-character",
                f"control character U+{ord(bad.group()):04X} is not allowed in a record",
            )
        ]
    if not HANDLER.detect(text):
        return None, [
            make_problem(
                rel_path,
                1,
                "file.no-front-matter",
                "expected the file to start with a '---' line opening the front-matter",
            )
        ]
    parts = HANDLER.split_located(text)
    if parts is None:
        return None, [
            make_problem(
                rel_path,
                1,
                "file.unterminated-front-matter",
                "the front-matter opened on line 1 is never closed by a '---' line",
            )
        ]
    front, body, body_line = parts
    return _compose(front, body, body_line, text, rel_path)


def _compose(
    front: str, body: str, body_line: int, text: str, rel_path: str
) -> tuple[RawRecord | None, list[Problem]]:
    offset = 2  # the front-matter starts on the line after the opening '---'
    if "&" in front or "*" in front:
        alias = _find_alias(front)
        if alias is not None:
            return None, [
                make_problem(
                    rel_path,
                    offset + alias,
                    "file.yaml-alias",
                    "YAML anchors ('&name') and aliases ('*name') are not allowed in records",
                )
            ]
    try:
        node = yaml.compose(front, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = offset + (mark.line if mark else 0)
        reason = exc.problem or "invalid YAML"
        if exc.context:
            reason = f"{exc.context}, {reason}"
        return None, [make_problem(rel_path, line, "file.yaml-syntax", f"YAML syntax: {reason}")]
    except yaml.YAMLError as exc:
        return None, [make_problem(rel_path, offset, "file.yaml-syntax", f"YAML syntax: {exc}")]
    if node is None:
        return RawRecord(rel_path, {}, {}, body, body_line, text), []
    if not isinstance(node, yaml.MappingNode):
        return None, [
            make_problem(
                rel_path,
                offset + node.start_mark.line,
                "file.not-a-mapping",
                "expected the front-matter to be a mapping of 'field: value' lines",
            )
        ]
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    value = node_to_python(node, "", lines, problems, rel_path, offset)
    return RawRecord(rel_path, value, lines, body, body_line, text), problems


def _find_alias(front: str) -> int | None:
    """The 0-based line of the first anchor or alias, or None (cheap text pre-check first)."""
    try:
        for event in yaml.parse(front, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return int(event.start_mark.line)
    except yaml.YAMLError:
        return None  # compose reports the syntax error with its own position
    return None


def node_to_python(
    node: yaml.Node,
    path: str,
    lines: dict[str, int],
    problems: list[Problem],
    rel_path: str,
    offset: int,
) -> Any:
    """Plain values from a composed node, recording key lines and duplicate keys."""
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            key_path = f"{path}.{key}" if path else key
            line = offset + key_node.start_mark.line
            if key in result:
                problems.append(
                    make_problem(
                        rel_path,
                        line,
                        "file.duplicate-key",
                        f"key {key!r} appears twice (first on line {lines[key_path]});"
                        " YAML would silently keep only the last value",
                    )
                )
                continue
            lines[key_path] = line
            result[key] = node_to_python(value_node, key_path, lines, problems, rel_path, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            item_path = f"{path}.{index}"
            lines[item_path] = offset + item.start_mark.line
            items.append(node_to_python(item, item_path, lines, problems, rel_path, offset))
        return items
    if node.tag == _STR_TAG:
        return node.value
    constructor = _CONSTRUCTOR.yaml_constructors.get(node.tag)
    if constructor is None:
        return node.value  # unknown explicit tags read as their text; type checks decide
    try:
        return constructor(_CONSTRUCTOR, node)
    except (ValueError, yaml.YAMLError):
        return node.value
