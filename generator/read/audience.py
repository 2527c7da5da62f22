"""The audience grammar: which text of a page only the internal build may show.

The grammar is strict and closed. A Markdown page is internal when its front-matter
(between ``---`` lines at the top) has the key ``audience`` with the text ``internal``;
``shared`` and no key mean shared. Inside a page, a line holding exactly
``<!-- audience: internal -->`` opens an internal block and a line holding exactly
``<!-- /audience -->`` closes it; blocks do not nest and every block is closed. Every
other form is a located problem, never a guess: another spelling or letter case, other
text on the marker's line, an HTML comment that mentions ``audience`` in any other way,
a front-matter that cannot be read, an ``audience`` value other than those two texts.

Code is text: a marker inside a fenced code block or an inline code span is shown, not
obeyed, as Python-Markdown (which MkDocs and Zensical use) renders it. The patterns for
both are Python-Markdown's own (a test keeps them equal), so the grammar never calls
text code that the renderer would read as a comment.

Whatever cannot be read is internal: a page or body with any problem is left out of a
shared build entirely, so a mistake can make a page disappear but never publish it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from generator.read.fields import describe
from generator.read.frontmatter import HANDLER, node_to_python, split_front, yaml_error
from generator.schema.problems import Problem, did_you_mean, make_problem
from generator.schema.settings import Audience

OPEN = "<!-- audience: internal -->"
"""The line that opens an internal block."""
CLOSE = "<!-- /audience -->"
"""The line that closes it."""
KEY = "audience"
"""The front-matter key of a page's audience."""

# Python-Markdown's fenced_code.FencedBlockPreprocessor.FENCED_BLOCK_RE, and the one
# code span on one line that its BacktickInlineProcessor always reads as one: a whole
# run of backticks, not escaped, closed by the next run of the same length.
FENCE = re.compile(
    r"""
(?P<fence>^(?:~{3,}|`{3,}))[ ]*                          # opening fence
((\{(?P<attrs>[^\n]*)\})|                                # (optional {attrs} or
(\.?(?P<lang>[\w#.+-]*)[ ]*)?                            # optional (.)lang
(hl_lines=(?P<quot>"|')(?P<hl_lines>.*?)(?P=quot)[ ]*)?) # optional hl_lines)
\n                                                       # newline (end of opening fence)
(?P<code>.*?)(?<=\n)                                     # the code block
(?P=fence)[ ]*$                                          # closing fence
""",
    re.MULTILINE | re.DOTALL | re.VERBOSE,
)
CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_COMMENT_EDGE = re.compile(r"<!--|-->")
_CLOSING = re.compile(r"<!--\s*/")
# MkDocs reads "key: value" lines at the top of a page without '---' as metadata
# (mkdocs.utils.meta.META_RE); an audience written that way is refused, not ignored.
_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):")
_KEY_LINE = re.compile(r"^\s*[\"']?audience[\"']?\s*:", re.IGNORECASE | re.MULTILINE)
_STR_TAG = "tag:yaml.org,2002:str"
_VALUES = tuple(a.value for a in Audience)
_SHOWN = 100


@dataclass(frozen=True, slots=True)
class Part:
    """Consecutive lines of one audience (without marker lines)."""

    line: int
    """The 1-based line of the file where the part starts."""
    text: str
    internal: bool


@dataclass(frozen=True, slots=True)
class AudienceReading:
    """A page or entry body as the audience grammar reads it."""

    text: str
    """The text as read (the internal build shows it unchanged)."""
    audience: Audience | None
    """The page's own audience; None when its front-matter cannot say."""
    parts: tuple[Part, ...]
    problems: tuple[Problem, ...]

    @property
    def internal(self) -> bool:
        """Whether the whole text is internal: so marked, or not readable as shared."""
        return self.audience is not Audience.SHARED or bool(self.problems)

    def for_audience(self, audience: Audience) -> str | None:
        """The text ``audience`` may see; None when the whole text is internal."""
        if audience is Audience.INTERNAL:
            return self.text
        if self.internal:
            return None
        return "".join(part.text for part in self.parts if not part.internal)

    def internal_parts(self) -> Iterator[Part]:
        """Every text only the internal build may show (the whole text if internal)."""
        if self.internal:
            yield Part(line=self.parts[0].line if self.parts else 1, text=self.text,
                       internal=True)
            return
        yield from (part for part in self.parts if part.internal)


def read_audience(text: str, path: str, *, first_line: int = 1,
                  front_matter: bool = True) -> AudienceReading:
    """Read ``text`` (``path`` in messages) by the audience grammar.

    ``first_line`` is the file line of the text's first line (an entry body starts below
    its front-matter); ``front_matter`` says whether the text may open with one (an
    entry's body may not: its audience is a field of the entry). CRLF line ends are read
    as LF, as Python-Markdown reads them.
    """
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    problems: list[Problem] = []
    audience: Audience | None = Audience.SHARED
    body_start = 0
    if front_matter:
        audience, body_start = _front_matter(text, path, problems)
    parts = _blocks(text, body_start, path, first_line, problems)
    return AudienceReading(text=text, audience=audience, parts=parts,
                           problems=tuple(sorted(problems, key=lambda p: p.line)))


def _front_matter(text: str, path: str, problems: list[Problem]) -> tuple[Audience | None, int]:
    """The page's audience and the offset its body starts at."""
    if not HANDLER.detect(text):
        return _meta_lines(text, path, problems), 0
    parts = split_front(text)
    if parts is None:
        found = _KEY_LINE.search(text)
        if found is None:
            return Audience.SHARED, 0  # a page that opens with a rule, not front-matter
        problems.append(make_problem(
            path, 1, "audience.unreadable-front-matter",
            "the front-matter opened on line 1 is never closed by a '---' or '...' line,"
            " so the page's audience cannot be read: it is left out of the shared build",
        ))
        return None, 0
    block, front, _ = parts
    try:
        node = HANDLER.compose(front)
    except yaml.MarkedYAMLError as exc:
        line, reason = yaml_error(exc, 2)
        problems.append(_unreadable(path, line, f"YAML syntax: {reason}"))
        return None, len(block)
    if node is None:
        return Audience.SHARED, len(block)
    if not isinstance(node, yaml.MappingNode):
        problems.append(_unreadable(path, 2, "it is not a mapping of 'key: value' lines"))
        return None, len(block)
    return _audience_key(node, path, problems), len(block)


def _unreadable(path: str, line: int, reason: str) -> Problem:
    return make_problem(
        path, line, "audience.unreadable-front-matter",
        f"the front-matter cannot be read ({reason}), so the page's audience is unknown:"
        " it is left out of the shared build",
    )


def _audience_key(node: yaml.MappingNode, path: str, problems: list[Problem]) -> Audience | None:
    """The value of the one exact ``audience`` key of a front-matter mapping."""
    audience: Audience | None = Audience.SHARED
    seen: int | None = None
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = str(key_node.value)
        line = 2 + key_node.start_mark.line
        if key.strip().casefold() != KEY:
            continue
        if key != KEY:
            problems.append(make_problem(
                path, line, "audience.bad-key",
                f"front-matter key {key!r}: expected {KEY!r}, in lowercase",
            ))
            audience = None
            continue
        if seen is not None:
            problems.append(make_problem(
                path, line, "audience.bad-key",
                f"key {KEY!r} appears twice (first on line {seen}); a page has one audience",
            ))
            audience = None
            continue
        seen = line
        value = node_to_python(value_node, KEY, {}, [], path, 2)
        if isinstance(value, str) and value_node.tag == _STR_TAG and value in _VALUES:
            if audience is not None:
                audience = Audience(value)
            continue
        hint = did_you_mean(value, _VALUES) if isinstance(value, str) else ""
        problems.append(make_problem(
            path, line, "audience.bad-value",
            f"front-matter {KEY!r}: expected 'internal' or 'shared' but received"
            f" {describe(value)}{hint}",
        ))
        audience = None
    return audience


def _meta_lines(text: str, path: str, problems: list[Problem]) -> Audience | None:
    """Refuse an audience in MkDocs' '---'-less metadata lines at the top of a page."""
    for number, line in enumerate(text.split("\n")[:100], start=1):
        if not line.strip():
            break
        match = _META_LINE.match(line)
        if match is None:
            if number == 1 or not line.startswith(("    ", "\t")):
                break
            continue
        if match.group("key").casefold() == KEY:
            problems.append(make_problem(
                path, number, "audience.bad-key",
                f"{line.strip()[:_SHOWN]!r}: the audience is read only from a front-matter"
                " block, between '---' lines at the top of the page",
            ))
            return None
    return Audience.SHARED


def _fenced_lines(text: str, start: int) -> set[int]:
    """0-based indexes of the lines of ``text`` (from offset ``start``) in fenced code."""
    lines: set[int] = set()
    for match in FENCE.finditer(text, start):
        first = text.count("\n", 0, match.start())
        last = first + text.count("\n", match.start(), match.end())
        lines.update(range(first, last + 1))
    return lines


def _blocks(text: str, start: int, path: str, first_line: int,
            problems: list[Problem]) -> tuple[Part, ...]:
    """Split ``text`` into shared and internal parts at its marker lines."""
    code = _fenced_lines(text, start)
    head = text.count("\n", 0, start)  # lines of the front-matter block
    blocks = _Blocks(path, first_line, problems)
    in_comment = False
    for index, line in enumerate(_split_lf(text)):
        content = line.rstrip("\n")
        kind, in_comment = _classify(content, in_comment, index in code, index < head)
        blocks.line(first_line + index, line, kind)
    return blocks.finish()


class _Blocks:
    """The parts of a text, line by line, and the problems of its marker lines."""

    def __init__(self, path: str, first_line: int, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.parts: list[Part] = []
        self.lines: list[str] = []
        self.start = first_line
        self.depth = 0
        self.opened = 0
        """The file line of the outermost open block's marker."""

    def line(self, number: int, line: str, kind: str | None) -> None:
        """Take the next line: text of the current part, or a marker form."""
        if kind is None:
            self.lines.append(line)
            return
        content = line.rstrip("\n")
        if kind == "open" and self.depth:
            self._problem(number, "audience.nested-block",
                          f"an internal block is already open (line {self.opened}); blocks"
                          f" cannot be nested: close the first with a {CLOSE!r} line")
        elif kind == "close" and not self.depth:
            self._problem(number, "audience.stray-close",
                          f"{CLOSE!r} closes no internal block: open one with a {OPEN!r}"
                          " line")
        elif kind not in ("open", "close"):
            self.problems.append(_marker_problem(kind, content, self.path, number))
        # a broken form still moves the depth as it evidently means to, so that one
        # mistake is one problem and not a cascade of them
        self._move(number, _DEPTH.get(kind, content.count(OPEN) - content.count(CLOSE)))

    def _move(self, number: int, delta: int) -> None:
        depth = max(0, self.depth + delta)
        if (depth > 0) != (self.depth > 0):
            self._flush(number + 1)
            if depth:
                self.opened = number
        self.depth = depth

    def _flush(self, next_line: int) -> None:
        if self.lines:
            self.parts.append(Part(line=self.start, text="".join(self.lines),
                                   internal=self.depth > 0))
        self.lines, self.start = [], next_line

    def _problem(self, number: int, code: str, message: str) -> None:
        self.problems.append(make_problem(self.path, number, code, message))

    def finish(self) -> tuple[Part, ...]:
        """The parts; an internal block still open is a problem."""
        self._flush(0)
        if self.depth:
            self._problem(self.opened, "audience.unclosed-block",
                          f"the internal block opened here is never closed: add a {CLOSE!r}"
                          " line where it ends")
        return tuple(self.parts)


_DEPTH = {"open": 1, "close": -1, "bad-open": 1, "bad-close": -1, "bad": 0, "front": 0}
"""How a marker form moves the depth of open blocks (``inline``: its markers' balance)."""


def _split_lf(text: str) -> list[str]:
    """Lines with their LF; only LF ends a line (a lone CR or U+2028 does not, so a
    marker "line" split by one reads as a marker with other text beside it)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _classify(line: str, in_comment: bool, code: bool,
              front: bool) -> tuple[str | None, bool]:
    """(what the line is for the grammar, whether an HTML comment is open after it).

    None: ordinary text; ``open`` or ``close``: a valid marker line; ``front``,
    ``inline``, ``bad``, ``bad-open``, ``bad-close``: a marker form that is not valid
    (the last two look like an opening or a closing marker).
    """
    if code:
        return None, in_comment
    visible = CODE_SPAN.sub(" ", line) if "`" in line else line
    mentions = KEY in visible.casefold()
    starts_in_comment = in_comment
    for edge in _COMMENT_EDGE.finditer(visible):
        in_comment = edge.group() == "<!--" if not in_comment else edge.group() != "-->"
    if not mentions or not (starts_in_comment or in_comment or "<!" in visible):
        return None, in_comment
    if front:
        return "front", in_comment
    stripped = line.rstrip(" \t")
    if not starts_in_comment and stripped in (OPEN, CLOSE):
        return ("open" if stripped == OPEN else "close"), in_comment
    if not starts_in_comment and (OPEN in visible or CLOSE in visible) \
            and visible.strip() not in (OPEN, CLOSE):
        return "inline", in_comment
    if starts_in_comment:
        return "bad", in_comment
    return ("bad-close" if _CLOSING.search(visible) else "bad-open"), in_comment


def _marker_problem(kind: str, line: str, path: str, number: int) -> Problem:
    shown = line.rstrip()
    shown = repr(shown if len(shown) <= _SHOWN else shown[: _SHOWN - 3] + "...")
    if kind == "inline":
        return make_problem(
            path, number, "audience.inline-marker",
            f"{shown}: an audience marker must be alone on its line, with no other text"
            " beside it",
        )
    if kind == "front":
        return make_problem(
            path, number, "audience.bad-marker",
            f"{shown}: audience markers belong in the page's body, not in its front-matter",
        )
    return make_problem(
        path, number, "audience.bad-marker",
        f"expected a line holding exactly {OPEN!r} or {CLOSE!r}, from its first column,"
        f" but received {shown}",
    )


def other_file_problems(data: bytes, path: str) -> list[Problem]:
    """Audience markers in a file of docs/ that is not a Markdown page: refused.

    Such files (HTML, text, data) are published byte for byte, so no marker in them can
    be obeyed; the file is left out of a shared build while it has one.
    """
    if b"udience" not in data and b"UDIENCE" not in data:
        return []
    text = data.decode("utf-8", errors="replace")
    for number, line in enumerate(text.split("\n"), start=1):
        folded = line.casefold()
        if KEY in folded and ("<!" in line or _KEY_LINE.match(line)):
            shown = line.strip()
            shown = shown if len(shown) <= _SHOWN else shown[: _SHOWN - 3] + "..."
            return [make_problem(
                path, number, "audience.not-markdown",
                f"{shown!r}: audience markers work only in Markdown pages (.md); this file"
                " is published as it is, so move the internal part to a page",
            )]
    return []
