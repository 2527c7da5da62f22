"""The one Jinja environment of the generator, with its filters.

Generated pages are Markdown files whose tables and detail views are raw HTML blocks,
so autoescaping is on for every template: user text can never become markup. Page
front-matter goes through the ``yaml`` filter instead.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator.render.placing import place
from generator.render.yaml_text import yaml_scalar
from generator.schema.records import WindowCalendar


def html_text(value: object) -> str:
    """``value`` HTML-escaped as :func:`markupsafe.escape` escapes it (markup stays as it
    is), as a plain string: for the f-string fragments, which would otherwise make a
    ``Markup`` object of every value only to format it into a larger string."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    text = value if type(value) is str else str(value)
    return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


def format_when(value: datetime | date | None) -> str:
    """``2026-11-16 09:30`` for datetimes, ``2026-11-16`` for dates, ``—`` for none."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def format_number(value: float | int | None, digits: int = 1) -> str:
    """A figure for a table: ``—`` for none, at most ``digits`` decimals, no trailing zeros."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def hours_unit(calendar: WindowCalendar) -> str:
    """What an hour of ``calendar`` is called: ``business hours`` or plain ``hours``."""
    return "business hours" if calendar is WindowCalendar.BUSINESS else "hours"


def format_window(hours: float, calendar: WindowCalendar) -> str:
    """A response window: ``16 business hours``, ``4 hours round the clock``."""
    text = f"{format_number(hours)} {hours_unit(calendar)}"
    return text if calendar is WindowCalendar.BUSINESS else f"{text} round the clock"


def format_percent(value: float | None) -> str:
    """``33.3%``, ``40%``: one decimal at most, the same on every page."""
    return "—" if value is None else f"{format_number(value * 100, 1)}%"


def text_lines(value: str | None) -> Markup:
    """Plain text with its line breaks kept: escaped, then newlines as ``<br>``."""
    if not value:
        return Markup("")
    escaped = Markup.escape(value.strip())
    return Markup("<br>\n").join(escaped.split("\n"))


_MARKDOWN_SPECIAL: dict[str, str | int | None] = {
    c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~<>&\"'"}


def markdown_text(value: object) -> Markup:
    """User text safe inside Markdown prose or a heading: one line, no markup of any kind.

    Characters that Markdown or HTML would interpret become numeric character references,
    which both pass through untouched and browsers (and the search index) read as text.
    With no '{' left, the result is also inert inside Jinja template source.
    """
    text = " ".join(str(value).split())
    return Markup(text.translate(str.maketrans(_MARKDOWN_SPECIAL)))


def page_title(value: str) -> Markup:
    """A front-matter ``title`` value: HTML-escaped, then quoted as YAML.

    The theme prints page titles unescaped (in ``<title>``, the header, the navigation and
    search results), so a title made of record text must arrive escaped.
    """
    return Markup(yaml_scalar(str(escape(value))))


@cache
def label(kind: str, value: str) -> Markup:
    """A coloured label, e.g. for a tier or status (the same classes everywhere)."""
    kind, value = escape(kind), escape(value)
    return Markup(f'<span class="ep-label ep-{kind}-{value}">{value}</span>')


def state_label(status: Any) -> Markup:
    """An engagement's state (a ``metrics.EngagementStatus``) as a label, plus "late"."""
    if status is None:
        return Markup("—")
    text = label("state", status.state.value)
    return text + Markup(" ") + label("state", "late") if status.late else text


def _place_sections(html: Markup | str) -> Markup:
    """The ``place_sections`` filter: a fragment of whole heading sections (placing.py)."""
    return place(html, sections=True)


@cache
def environment() -> jinja2.Environment:
    """The shared environment: templates from ``generator/templates``, autoescaped."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(label=label, state_label=state_label)
    env.filters.update(
        when=format_when,
        number=format_number,
        percent=format_percent,
        window=format_window,
        lines=text_lines,
        md=markdown_text,
        page_title=page_title,
        place=place,
        place_sections=_place_sections,
    )
    return env
