"""The strict front-matter reader: values with the line of every key, refusals as problems."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.read.frontmatter import (
    _LOADER,
    MAX_FILE_BYTES,
    RawRecord,
    parse_record_text,
    read_record_file,
)

P = "tickets/2026/48213.md"


def parse(text: str | bytes) -> tuple[RawRecord | None, list[str]]:
    """Parse ``text`` as the file ``P``; the record and the problems as text lines."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    raw, problems = parse_record_text(data, P)
    return raw, [p.format_text() for p in problems]


def only_problem(text: str | bytes) -> str:
    """The single problem ``text`` has (and no record)."""
    raw, problems = parse(text)
    assert raw is None
    assert len(problems) == 1, problems
    return problems[0]


# --- what is read -------------------------------------------------------------------------


def test_values_lines_and_body() -> None:
    raw, problems = parse(
        "---\n"
        "title: VPN drops\n"
        "opened: 2026-11-16T09:30\n"
        "escalations:\n"
        "  - admin: dana-okafor\n"
        "    response:\n"
        "      at: 2026-11-16 10:00:00\n"
        "tags: [vpn, remote]\n"
        "---\n"
        "Notes on line 10.\n"
    )
    assert problems == []
    assert raw is not None
    assert raw.data == {
        "title": "VPN drops",
        "opened": "2026-11-16T09:30",  # YAML only knows datetimes with seconds: text
        "escalations": [
            {"admin": "dana-okafor", "response": {"at": datetime(2026, 11, 16, 10, 0)}}
        ],
        "tags": ["vpn", "remote"],
    }
    assert raw.lines == {
        "title": 2,
        "opened": 3,
        "escalations": 4,
        "escalations.0": 5,
        "escalations.0.admin": 5,
        "escalations.0.response": 6,
        "escalations.0.response.at": 7,
        "tags": 8,
        "tags.0": 8,
        "tags.1": 8,
    }
    assert raw.body == "Notes on line 10.\n"
    assert raw.body_line == 10
    assert raw.line("escalations.0.response.outcome") == 6  # nearest located parent
    assert raw.line("nowhere") == 1


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("true", True),
        ("no", False),  # YAML 1.1, as python-frontmatter reads it
        ("~", None),
        ("''", ""),
        ("12", 12),
        ("1.5", 1.5),
        ("0x1F", 31),
        ("2026-11-16", date(2026, 11, 16)),
        ("2026-11-16T09:30:00", datetime(2026, 11, 16, 9, 30)),
        (
            "2026-11-16T09:30:00+01:00",
            datetime(2026, 11, 16, 9, 30, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2026-11-16T09:30", "2026-11-16T09:30"),
        ("'true'", "true"),
        ("2026-02-30", "2026-02-30"),  # resolves as a timestamp, cannot be one: text
        ("!!timestamp hello", "hello"),  # explicit tags on junk read as text, no traceback
        ("!!bool maybe", "maybe"),
        ("!!int twelve", "twelve"),
        ("!!map text", "text"),
        ("!!python/object:os.system echo", "echo"),
        ("!custom value", "value"),
        ("!!binary aGVsbG8=", b"hello"),
        ("=", "="),
        ("<<", "<<"),
    ],
)
def test_scalar_values(scalar: str, value: object) -> None:
    raw, problems = parse(f"---\nkey: {scalar}\n---\n")
    assert problems == []
    assert raw is not None
    assert raw.data == {"key": value}
    assert type(raw.data["key"]) is type(value)


def test_byte_order_mark_and_crlf_line_endings() -> None:
    raw, problems = parse(b"\xef\xbb\xbf---\r\ntitle: a\r\ntier: handle\r\n---\r\nBody\r\n")
    assert problems == []
    assert raw is not None
    assert raw.data == {"title": "a", "tier": "handle"}
    assert raw.lines == {"title": 2, "tier": 3}
    assert raw.body == "Body\r\n"


@pytest.mark.parametrize("front", ["", "# only a comment\n", "\n\n"])
def test_empty_front_matter_is_an_empty_mapping(front: str) -> None:
    raw, problems = parse(f"---\n{front}---\nBody\n")
    assert problems == []
    assert raw is not None
    assert raw.data == {}


def test_dots_close_the_front_matter_too() -> None:
    raw, problems = parse("---\ntitle: a\n...\nBody\n")
    assert problems == []
    assert raw is not None
    assert raw.data == {"title": "a"}
    assert raw.body == "Body\n"


def test_a_rule_in_the_body_is_body() -> None:
    raw, _ = parse("---\ntitle: a\n---\nAbove\n\n---\n\nBelow\n")
    assert raw is not None
    assert raw.body == "Above\n\n---\n\nBelow\n"


def test_no_trailing_newline() -> None:
    raw, problems = parse("---\ntitle: a\n---")
    assert problems == []
    assert raw is not None
    assert raw.body == ""


def test_nesting_up_to_yaml_limit_is_read_without_recursion() -> None:
    depth = 999  # YAML's own limit is 1,000; Python's recursion limit is about that too
    raw, problems = parse("---\nkey: " + "[" * depth + "]" * depth + "\n---\n")
    assert problems == []
    assert raw is not None
    value = raw.data["key"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == []


# --- what is refused ----------------------------------------------------------------------


def test_yaml_syntax_error_has_the_line_yaml_reports() -> None:
    assert only_problem("---\ntitle: a\ntags: [vpn\nstatus: open\n---\n") == (
        f"{P}:4: error: YAML syntax: while parsing a flow sequence on line 3, did not find"
        " expected ',' or ']' [file.yaml-syntax]"
    )


def test_tab_indentation_is_a_syntax_error() -> None:
    assert only_problem("---\ntitle: a\n\tstatus: open\n---\n") == (
        f"{P}:3: error: YAML syntax: while scanning a plain scalar on line 2, found a tab"
        " character that violates indentation [file.yaml-syntax]"
    )


def test_duplicate_keys_all_reported_nested_too() -> None:
    raw, problems = parse(
        "---\n"
        "title: a\n"
        "escalations:\n"
        "  - admin: x\n"
        "    admin: y\n"
        "title: b\n"
        "---\n"
    )
    assert problems == [
        f"{P}:5: error: key 'admin' appears twice (first on line 4); YAML would silently"
        " keep only the last value [file.duplicate-key]",
        f"{P}:6: error: key 'title' appears twice (first on line 2); YAML would silently"
        " keep only the last value [file.duplicate-key]",
    ]
    assert raw is not None
    assert raw.data == {"title": "a", "escalations": [{"admin": "x"}]}  # the first wins


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("title: &t VPN\nagent: *t\n", 2),
        ("title: VPN\nagent: *t\n", 3),  # an alias with no anchor is refused the same way
        ("title: a\ntags: &tags\n  - vpn\n", 3),
        ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 2),  # the expansion bomb shape
    ],
)
def test_anchors_and_aliases_are_refused(front: str, line: int) -> None:
    assert only_problem(f"---\n{front}---\n") == (
        f"{P}:{line}: error: YAML anchors ('&name') and aliases ('*name') are not allowed in"
        " records [file.yaml-alias]"
    )


def test_ampersand_and_star_in_text_are_fine() -> None:
    raw, problems = parse("---\ntitle: Q&A page *broken* & slow\n---\n")
    assert problems == []
    assert raw is not None
    assert raw.data["title"] == "Q&A page *broken* & slow"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"---\ntitle: caf\xe9\n---\n", f"{P}:2: error: byte 14 is not valid UTF-8 text"),
        (b"\xff\xfe-\x00-\x00-\x00", f"{P}:1: error: byte 0 is not valid UTF-8 text"),
        (b"\xef\xbb\xbf---\ntitle: a\n\xc3\n---\n", f"{P}:3: error: byte 16 is not valid UTF-8"
         " text"),
    ],
    ids=["latin-1", "utf-16", "after-bom"],
)
def test_non_utf8(data: bytes, expected: str) -> None:
    assert only_problem(data) == f"{expected} [file.not-utf8]"


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "control character U+0000"),
        ("\x01", "control character U+0001"),
        ("\x1b", "control character U+001B"),
        ("\x7f", "control character U+007F"),
        ("\x85", "control character U+0085"),  # YAML would take it for a line break
        ("\x9f", "control character U+009F"),
        ("\x0c", "control character U+000C"),
        ("\ufffe", "character U+FFFE"),
        ("\u2028", "character U+2028"),  # YAML line and paragraph separators
        ("\u2029", "character U+2029"),
        ("\r", "control character U+000D"),  # a CR that does not end a CRLF line
        ("\uffff", "character U+FFFF"),
    ],
)
def test_control_characters(char: str, name: str) -> None:
    text = f"---\ntitle: a\n---\nBody with{char}in it\n"
    assert only_problem(text) == (
        f"{P}:4: error: {name} is not allowed in a record [file.control-character]"
    )


@pytest.mark.parametrize("char", ["\t", "\u00a0", "\u200b", "\ufeff", "\U0001f600"])
def test_other_characters_are_fine(char: str) -> None:
    raw, problems = parse(f"---\ntitle: a{char}b\n---\n")
    assert problems == []
    assert raw is not None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "title: a\n",
        "\n---\ntitle: a\n---\n",  # the block must open on line 1
        " ---\ntitle: a\n---\n",
        "--- title: a\n---\n",
        "----\ntitle: a\n---\n",
        "# Ticket\n---\ntitle: a\n---\n",
    ],
    ids=["empty", "bare-yaml", "blank-first-line", "indented", "inline", "four-dashes",
         "heading-first"],
)
def test_no_front_matter(text: str) -> None:
    assert only_problem(text) == (
        f"{P}:1: error: expected the file to start with a '---' line opening the"
        " front-matter [file.no-front-matter]"
    )


@pytest.mark.parametrize("text", ["---\n", "---\ntitle: a\n", "---\ntitle: a\n--\nbody\n"])
def test_unterminated_front_matter(text: str) -> None:
    assert only_problem(text) == (
        f"{P}:1: error: the front-matter opened on line 1 is never closed by a '---' line"
        " [file.unterminated-front-matter]"
    )


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("- title\n- tier\n", 2),
        ("just a sentence\n", 2),
        ("\n\n42\n", 4),
        ("!!map\n", 2),
        ("'title: a'\n", 2),
    ],
    ids=["list", "scalar", "number", "tag-only", "quoted"],
)
def test_front_matter_that_is_not_a_mapping(front: str, line: int) -> None:
    got = only_problem(f"---\n{front}---\n")
    assert got == (
        f"{P}:{line}: error: expected the front-matter to be a mapping of 'field: value'"
        " lines [file.not-a-mapping]"
    )


def test_tag_only_mapping_reads_as_empty() -> None:
    raw, problems = parse("---\n!!map {}\n---\n")
    assert problems == []
    assert raw is not None and raw.data == {}


@pytest.mark.parametrize(
    ("front", "shape", "line"),
    [
        ("title: a\n[x, y]: b\n", "a list", 3),
        ("title: a\n? - x\n  - y\n: b\n", "a list", 3),
        ("escalations:\n  - {a: 1}: b\n", "a mapping", 3),
    ],
)
def test_a_key_that_is_a_list_or_mapping(front: str, shape: str, line: int) -> None:
    raw, problems = parse(f"---\n{front}---\n")
    assert problems == [
        f"{P}:{line}: error: expected a field name before ':' but received {shape}"
        " [file.bad-key]"
    ]
    assert raw is not None  # the rest of the record is still checked


def test_non_text_keys_read_as_their_text() -> None:
    raw, problems = parse("---\n1: a\ntrue: b\n~: c\n2026-11-16: d\n---\n")
    assert problems == []
    assert raw is not None
    assert list(raw.data) == ["1", "true", "~", "2026-11-16"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\nkey: " + "[" * 1000 + "]" * 1000 + "\n---\n", 2),
        ("---\n" + "".join(" " * i + "a:\n" for i in range(1001)) + "---\n", 1001),
        ("---\nkey: " + "{a: " * 1200 + "}" * 1200 + "\n---\n", 2),
    ],
    ids=["flow-list", "block-mapping", "flow-mapping"],
)
def test_nesting_beyond_yaml_limit(text: str, line: int) -> None:
    problem = only_problem(text)
    assert problem.startswith(f"{P}:{line}: error: YAML syntax: ")
    assert problem.endswith("exceeded maximum nesting depth [file.yaml-syntax]")


def test_multiple_documents_in_front_matter() -> None:
    # the second '---' closes the front-matter: the rest is body
    raw, problems = parse("---\ntitle: a\n---\ntitle: b\n---\n")
    assert problems == []
    assert raw is not None
    assert raw.data == {"title": "a"}
    assert raw.body == "title: b\n---\n"


# --- files ---------------------------------------------------------------------------------


def test_read_record_file(tmp_path: Path) -> None:
    file = tmp_path / "48213.md"
    file.write_text("---\ntitle: a\n---\n", encoding="utf-8")
    raw, problems = read_record_file(file, P)
    assert problems == []
    assert raw is not None
    assert raw.path == P


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    file = tmp_path / "48213.md"
    head = "---\ntitle: a\n---\n"
    file.write_text(head + "x" * (MAX_FILE_BYTES - len(head)), encoding="utf-8")
    raw, problems = read_record_file(file, P)
    assert problems == []
    assert raw is not None


def test_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    file = tmp_path / "48213.md"
    file.write_bytes(b"\x00" * (MAX_FILE_BYTES + 10))
    raw, problems = read_record_file(file, P)
    assert raw is None
    assert [p.format_text() for p in problems] == [
        f"{P}:1: error: file is 1048586 bytes; the limit is 1 MiB [file.too-large]"
    ]


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    raw, problems = read_record_file(tmp_path / "gone.md", P)
    assert raw is None
    assert [p.format_text() for p in problems] == [
        f"{P}:1: error: cannot read file: No such file or directory [file.unreadable]"
    ]


# --- the resolver's fast path ----------------------------------------------------------------

_PLAIN = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=20
).filter(lambda s: s == s.strip() and "\n" not in s)


@given(_PLAIN)
def test_fast_resolver_gives_yaml_s_own_tags(value: str) -> None:
    """The loader's shortcut for plain text resolves exactly as PyYAML's resolver does."""
    document = f"key: {value}\n"
    try:
        stock = yaml.compose(document, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            yaml.compose(document, Loader=_LOADER)
        return
    ours = yaml.compose(document, Loader=_LOADER)
    assert stock is not None and ours is not None
    assert stock.value[0][1].tag == ours.value[0][1].tag
    assert stock.value[0][0].tag == ours.value[0][0].tag


@pytest.mark.parametrize(
    "value",
    ["yes", "No", "on", "OFF", "null", "Null", "~", "", "1_000", ".5", "-.inf", "+1", "0o17",
     "1:30", "2026-11-16", "2026-11-16 09:30:00", "<<", "=", "!", "*", "&", "text", "Yes!"],
)
def test_fast_resolver_on_special_plain_scalars(value: str) -> None:
    document = f"key: {value}\n" if value not in {"!", "*", "&"} else f"key: '{value}'\n"
    stock = yaml.compose(document, Loader=yaml.CSafeLoader)
    ours = yaml.compose(document, Loader=_LOADER)
    assert stock is not None and ours is not None
    assert stock.value[0][1].tag == ours.value[0][1].tag
