"""Values written into records read back exactly, and the record reader accepts them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.read.frontmatter import parse_record_text
from generator.render.yaml_text import yaml_comment, yaml_scalar


@given(st.text(min_size=1))
def test_any_text_written_as_a_value_reads_back_and_passes_the_reader(text: str) -> None:
    record = f"---\ntitle: {yaml_scalar(text)}  # {yaml_comment(text)}\n---\n"
    raw, problems = parse_record_text(record.encode("utf-8", "surrogatepass"), "t.md")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # lone surrogates are not encodable text in a UTF-8 file
    assert problems == []
    assert raw is not None
    assert raw.data["title"] == text


def test_invisible_line_breaks_are_escaped() -> None:
    assert yaml_scalar("VPN\u2028drops") == '"VPN\\u2028drops"'
    assert yaml_scalar("a\x85b") == '"a\\u0085b"'


def test_a_comment_is_one_line() -> None:
    assert yaml_comment("Evidence attached:\n  screenshots,\ttimes ") == (
        "Evidence attached: screenshots, times"
    )

