"""Read a Markdown file's YAML front-matter strictly, keeping the line of every value.

python-frontmatter's YAML handler defines the format; this module subclasses it so that
the front-matter is composed with the C YAML loader into nodes (which carry their
position) instead of being loaded straight into a dict, because every problem must name
the line of its key. Things a permissive loader accepts silently are refused here:
duplicate keys, anchors and aliases, control characters, oversized files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from generator.read.files import FileReadError, NotUtf8Error, decode_text, read_file
from generator.schema.paths import MAX_TEXT_BYTES
from generator.schema.problems import Problem, make_problem
from generator.schema.records import nearest_line

MAX_FILE_BYTES = MAX_TEXT_BYTES

_BASE_LOADER: Any = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# Unicode control characters (category Cc) other than tab, LF and a CR that ends a
# line; the line and paragraph separators; the two non-characters YAML refuses. YAML
# reads a lone CR, U+0085, U+2028 and U+2029 as line breaks: they would shift every
# reported line after them, and split a value where the editor shows none.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_STR_TAG = "tag:yaml.org,2002:str"
# Only scalar types are constructed; collection tags on a scalar (``!!map x``) would
# give a generator, so they read as their text like any unknown tag.
_SCALAR_CONSTRUCTORS = {
    tag: _CONSTRUCTOR.yaml_constructors[tag]
    for tag in (
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:binary",
        "tag:yaml.org,2002:timestamp",
    )
}
# First characters for which YAML 1.1 may resolve a plain scalar to something other than
# text; every other plain scalar is text, without running the resolver's regexes.
_IMPLICIT_FIRST = frozenset(key for key in _BASE_LOADER.yaml_implicit_resolvers if key)
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_RESOLVED: dict[str, str] = {}


class _Loader(_BASE_LOADER):  # type: ignore[misc]
    """The C safe loader with a fast path for the common plain scalar that is text.

    The C composer calls the pure-Python resolver for every scalar, which is a third of
    the load time of a large project; the result is identical (a test asserts it).
    """

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:
            # the safe loader has no path resolvers: collections get the default tags
            return _MAP_TAG if kind is yaml.MappingNode else _SEQ_TAG
        if not implicit[0] or (value and value[0] not in _IMPLICIT_FIRST):
            return _STR_TAG
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = str(super().resolve(kind, value, implicit))
            if len(_RESOLVED) < 4096:  # bounded: values repeat (true, dates), texts do not
                _RESOLVED[value] = tag
        return tag


_LOADER: Any = _Loader


class RecordHandler(YAMLHandler):
    """python-frontmatter handler for records: the block must open on the first line."""

    FM_BOUNDARY = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
    _CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)

    def front_bounds(self, text: str) -> tuple[int, int] | None:
        """Offsets of the front-matter's text, from just after the opening line to the start
        of the closing line; None if the block is never closed.

        The caller has checked :meth:`detect`, so ``text`` opens with a boundary line.
        """
        opening = self.FM_BOUNDARY.match(text)
        if opening is None:
            raise ValueError("text does not open with a front-matter boundary line")
        start = text.find("\n", opening.end())
        start = len(text) if start < 0 else start + 1
        closing = self._CLOSE.search(text, start)
        return None if closing is None else (start, closing.start())

    def split_located(self, text: str) -> tuple[str, str, int] | None:
        """Split into (front-matter, body, line of the body's first line), or None if unclosed.

        The caller has checked :meth:`detect`, so ``text`` opens with a boundary line.
        """
        bounds = self.front_bounds(text)
        if bounds is None:
            return None
        start, close = bounds
        body_start = text.find("\n", close)  # the closing line holds no line break
        body_start = len(text) if body_start < 0 else body_start + 1
        body_line = text.count("\n", 0, body_start) + 1
        return text[start:close], text[body_start:], body_line

    def compose(self, fm: str) -> yaml.Node | None:
        """Compose front-matter text into nodes, which carry their positions."""
        node: yaml.Node | None = yaml.compose(fm, Loader=_LOADER)
        return node

    def load(self, fm: str, **kwargs: object) -> Any:
        """Parse front-matter text into plain values (for callers that need no lines)."""
        kwargs.setdefault("Loader", _LOADER)
        return yaml.load(fm, **kwargs)  # type: ignore[arg-type]


HANDLER = RecordHandler()


def split_front(text: str) -> tuple[str, str, str] | None:
    """(the block with its boundary lines, the YAML between them, the body) of a page or
    snapshot whose first line opens a front-matter block; None without a closed block.

    The same boundaries as records: ``---`` opens, ``---`` or ``...`` closes.
    """
    if not HANDLER.detect(text):
        return None
    bounds = HANDLER.front_bounds(text)
    if bounds is None:
        return None
    start, close = bounds
    end = text.find("\n", close)
    end = len(text) if end < 0 else end + 1
    return text[:end], text[start:close], text[end:]


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
        return nearest_line(self.lines, key_path)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # the parse cache pickles thousands of these: a plain tuple of fields is a third
        # of the dataclass's default state, and the body, a tail of the text, is not
        # stored twice
        tail = len(self.body) if self.text.endswith(self.body) else -1
        body = "" if tail >= 0 else self.body
        return _raw_record, (self.path, self.data, self.lines, body, tail, self.body_line,
                             self.text)


def _raw_record(path: str, data: dict[str, Any], lines: dict[str, int], body: str, tail: int,
                body_line: int, text: str) -> RawRecord:
    """A :class:`RawRecord` from its pickled fields (``tail`` ≥ 0: the body is the text's
    last ``tail`` characters)."""
    if tail >= 0:
        body = text[len(text) - tail:]
    return RawRecord(path, data, lines, body, body_line, text)


def size_problems(size: int, rel_path: str) -> list[Problem]:
    """The problem of a record file of ``size`` bytes, if it is over the limit."""
    if size <= MAX_FILE_BYTES:
        return []
    return [make_problem(rel_path, 1, "file.too-large",
                         f"file is {size} bytes; the limit is 1 MiB")]


def read_record_bytes(file: Path, rel_path: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a record file (shown as ``rel_path``), or the problem why not."""
    try:
        return read_file(file, MAX_FILE_BYTES), []
    except FileReadError as exc:
        if exc.too_large:
            return None, [make_problem(rel_path, 1, "file.too-large", exc.reason)]
        return None, [make_problem(rel_path, 1, "file.unreadable",
                                   f"cannot read file: {exc.reason}")]


def read_record_file(file: Path, rel_path: str) -> tuple[RawRecord | None, list[Problem]]:
    """Read ``file`` (shown as ``rel_path``) into a :class:`RawRecord`, or report why not."""
    data, problems = read_record_bytes(file, rel_path)
    return (None, problems) if data is None else parse_record_text(data, rel_path)


def parse_record_text(data: bytes, rel_path: str, *, limit_size: bool = True
                      ) -> tuple[RawRecord | None, list[Problem]]:
    """Parse a record file's bytes; see :func:`read_record_file`.

    The size limit applies here too, so that a writer checking the bytes it is about to
    write is refused what ``check`` would refuse once they are on disk; an editor that
    only verifies the mechanics of an edit passes ``limit_size=False``.
    """
    too_large = size_problems(len(data), rel_path) if limit_size else []
    if too_large:
        return None, too_large
    try:
        text = decode_text(data)
    except NotUtf8Error as exc:
        return None, [make_problem(rel_path, exc.line, "file.not-utf8", str(exc))]
    scanned = text.replace("\r\n", "\n") if "\r" in text else text  # same line numbers
    bad = _CONTROL.search(scanned)
    if bad:
        line = scanned.count("\n", 0, bad.start()) + 1
        char = bad.group()
        kind = "control character" if unicodedata.category(char) == "Cc" else "character"
        return None, [
            make_problem(
                rel_path,
                line,
                "file.control-character",
                f"{kind} U+{ord(char):04X} is not allowed in a record",
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
    data, lines, problems = parse_yaml_mapping(front, rel_path, 2)
    if data is None:
        return None, problems
    return RawRecord(rel_path, data, lines, body, body_line, text), problems


def parse_yaml_mapping(
    source: str, rel_path: str, offset: int, *, kind: str = "file",
    what: str = "the front-matter", noun: str = "records",
) -> tuple[dict[str, Any] | None, dict[str, int], list[Problem]]:
    """A hand-written YAML mapping read strictly: (its values or None, the line of every
    key path, the problems), each problem one located line.

    ``offset`` is the file line of the text's first line; codes are ``<kind>.yaml-alias``,
    ``<kind>.yaml-syntax``, ``<kind>.not-a-mapping``, ``<kind>.duplicate-key`` and
    ``<kind>.bad-key``. The values are None when the text is no usable mapping (anchors
    and aliases, which could expand a small file beyond any bound, are refused).
    """
    if "&" in source or "*" in source:
        alias = _find_alias(source)
        if alias is not None:
            return None, {}, [make_problem(
                rel_path, offset + alias, f"{kind}.yaml-alias",
                f"YAML anchors ('&name') and aliases ('*name') are not allowed in {noun}",
            )]
    try:
        node = yaml.compose(source, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        line, reason = yaml_error(exc, offset)
        return None, {}, [make_problem(rel_path, line, f"{kind}.yaml-syntax",
                                       f"YAML syntax: {reason}")]
    except yaml.YAMLError as exc:  # pragma: no cover - the C loader raises marked errors
        reason = " ".join(str(exc).split())
        return None, {}, [make_problem(rel_path, offset, f"{kind}.yaml-syntax",
                                       f"YAML syntax: {reason}")]
    if node is None:
        return {}, {}, []
    if not isinstance(node, yaml.MappingNode):
        return None, {}, [make_problem(
            rel_path, offset + node.start_mark.line, f"{kind}.not-a-mapping",
            f"expected {what} to be a mapping of 'field: value' lines",
        )]
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    value = node_to_python(node, "", lines, problems, rel_path, offset, kind=kind)
    problems.sort(key=lambda problem: problem.line)
    return value, lines, problems


def yaml_error(exc: yaml.MarkedYAMLError, offset: int) -> tuple[int, str]:
    """The line YAML reports for ``exc`` (0-based mark + ``offset``) and a one-line reason.

    The line is that of the problem; when YAML names a context that starts on an earlier
    line (``while scanning a simple key``), that line is in the reason: it is often the
    line that needs the fix.
    """
    problem, context = exc.problem_mark, exc.context_mark
    mark = problem or context
    line = offset + (mark.line if mark else 0)
    reason = " ".join((exc.problem or "invalid YAML").split())
    if exc.context:
        where = ""
        if context is not None and problem is not None and context.line != problem.line:
            where = f" on line {offset + context.line}"
        reason = f"{' '.join(exc.context.split())}{where}, {reason}"
    return line, reason


def _find_alias(front: str) -> int | None:
    """The 0-based line of the first anchor or alias, or None (cheap text pre-check first)."""
    try:
        for event in yaml.parse(front, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return int(event.start_mark.line) if event.start_mark else 0
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
    *,
    kind: str = "file",
) -> Any:
    """Plain values from a composed node, recording key lines and duplicate keys.

    ``offset`` is added to YAML's 0-based line numbers; problems get codes
    ``<kind>.duplicate-key`` and ``<kind>.bad-key``. The walk uses an explicit stack:
    YAML allows nesting up to 1,000 levels, deeper than Python's recursion limit.
    """
    root: list[Any] = [None]
    stack: list[tuple[yaml.Node, str, Any, Any]] = [(node, path, root, 0)]
    while stack:
        current, current_path, container, slot = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            container[slot] = _scalar(current)
        elif isinstance(current, yaml.SequenceNode):
            items: list[Any] = [None] * len(current.value)
            container[slot] = items
            for index, item in enumerate(current.value):
                item_path = intern(f"{current_path}.{index}")
                lines[item_path] = offset + item.start_mark.line
                if type(item) is yaml.ScalarNode:  # the common case, without the stack
                    items[index] = _scalar(item)
                else:
                    stack.append((item, item_path, items, index))
        elif isinstance(current, yaml.MappingNode):
            mapping: dict[str, Any] = {}
            container[slot] = mapping
            pending = _mapping_children(
                current, current_path, mapping, lines, problems, rel_path, offset, kind
            )
            stack.extend(reversed(pending))
    return root[0]


def _mapping_children(
    node: yaml.MappingNode,
    path: str,
    mapping: dict[str, Any],
    lines: dict[str, int],
    problems: list[Problem],
    rel_path: str,
    offset: int,
    kind: str,
) -> list[tuple[yaml.Node, str, Any, Any]]:
    """Register the keys of ``node`` in ``mapping``; the values still to convert."""
    pending: list[tuple[yaml.Node, str, Any, Any]] = []
    for key_node, value_node in node.value:
        line = offset + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            shape = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
            problems.append(
                make_problem(
                    rel_path, line, f"{kind}.bad-key",
                    f"expected a field name before ':' but received {shape}",
                )
            )
            continue
        # interned: the same few dozen keys recur in every record, and the parse cache
        # then pickles each once (pickle shares equal objects, not equal strings)
        key = intern(str(key_node.value))
        key_path = intern(f"{path}.{key}") if path else key
        if key in mapping:
            problems.append(
                make_problem(
                    rel_path,
                    line,
                    f"{kind}.duplicate-key",
                    f"key {key!r} appears twice (first on line {lines[key_path]});"
                    " YAML would silently keep only the last value",
                )
            )
            continue
        lines[key_path] = line
        if type(value_node) is yaml.ScalarNode:  # the common case, without the stack
            mapping[key] = _scalar(value_node)
        else:
            mapping[key] = None
            pending.append((value_node, key_path, mapping, key))
    return pending


def _scalar(node: yaml.ScalarNode) -> Any:
    """A scalar's value: text, or a constructed null, bool, number, bytes or timestamp."""
    tag = node.tag
    if tag == _STR_TAG:
        return node.value
    constructor = _SCALAR_CONSTRUCTORS.get(tag)
    if constructor is None:
        return node.value  # unknown explicit tags read as their text; type checks decide
    try:
        return constructor(_CONSTRUCTOR, node)
    except Exception:  # explicit tags on arbitrary text: KeyError, AttributeError, ...
        return node.value
