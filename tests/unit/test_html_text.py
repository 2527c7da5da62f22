"""The fragments' escaping is markupsafe's, as a plain string."""

from __future__ import annotations

import pytest
from markupsafe import Markup, escape

from generator.render.templating import html_text

VALUES: list[object] = [
    "", "plain", "A & B", "<script>alert('x')</script>", '"quoted" & \'single\'',
    "&amp; already escaped text stays text", "ünïcödé · → ☑", "\n\t  ", 48213, 2.5, None,
    Markup("<b>markup</b> & kept"), Markup(""),
]


@pytest.mark.parametrize("value", VALUES)
def test_html_text_is_markupsafe_escape(value: object) -> None:
    assert html_text(value) == str(escape(value))
    assert type(html_text(value)) is str


def test_every_character_escapes_as_markupsafe_does() -> None:
    text = "".join(chr(code) for code in range(0x20, 0x250))
    assert html_text(text) == str(escape(text))
