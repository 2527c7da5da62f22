"""The problem-code page's tables: every problem code, and every record field.

``docs/guides/problem-codes.md`` holds both tables verbatim (a test compares them), so
the documentation is written from the code and cannot drift from it.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.schema.fields import (
    RECORD_KINDS,
    SETTINGS,
    YEARS,
    FieldSpec,
    FieldType,
    RecordSpec,
)
from generator.schema.problems import CATALOGUE, FOUNDATION_KINDS


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def catalogue_markdown(kinds: Iterable[str] = FOUNDATION_KINDS) -> str:
    """The catalogue codes of ``kinds`` as a Markdown table, for the documentation.

    ``docs/guides/problem-codes.md`` holds this table verbatim (a test compares them), so
    the documentation is written from the code and cannot drift from it.
    """
    prefixes = tuple(f"{kind}." for kind in kinds)
    rows = ["| Code | Severity | Meaning |", "| --- | --- | --- |"]
    for code, (severity, text) in CATALOGUE.items():
        if code.startswith(prefixes):
            meaning = _cell(text)
            rows.append(f"| `{code}` | {severity} | {meaning} |")
    return "\n".join(rows) + "\n"


_WHERE = {
    "ticket": "a file `tickets/<year>/<ID>.md`",
    "engagement": "an item of a ticket's `escalations`",
    "response": "the `response` of an engagement",
    "admin": "a file `admins/<slug>.md`",
    "purview": "an item of an admin's `purview`",
    "settings": "`extra.escalation` in `mkdocs.yml`",
}
_TYPES = {
    FieldType.TEXT: "text",
    FieldType.SERVICE: "a service slug",
    FieldType.ADMIN: "an admin's slug",
    FieldType.DATETIME: "a date or datetime",
    FieldType.DATE: "a date",
    FieldType.BOOLEAN: "true or false",
    FieldType.NUMBER: "a number",
    FieldType.TEXT_LIST: "a list of text",
    FieldType.CHECKLIST: "checklist item ids, each true or false",
    FieldType.TIMEZONE: "an IANA timezone name",
    FieldType.WEEKDAYS: "a list of mon, tue, wed, thu, fri, sat, sun",
    FieldType.HOURS: "HH:MM-HH:MM",
    FieldType.DATES: "a list of dates",
    FieldType.CHECKLIST_ITEMS: "a list of {id, text} items",
    FieldType.FOLDER: "a folder relative to mkdocs.yml",
    FieldType.WINDOWS: "a mapping of priority to hours or {hours, calendar}",
    FieldType.URL_TEMPLATE: "an https:// address with one {id}",
}


def _type(spec: FieldSpec) -> str:
    if spec.kind is FieldType.CHOICE:
        assert spec.choices is not None
        text = "one of " + ", ".join(member.value for member in spec.choices)
    elif spec.record is not None:
        plural = "a list of " if spec.kind is FieldType.RECORDS else "a "
        text = f"{plural}{spec.record.name}{'s' if spec.kind is FieldType.RECORDS else ''}"
    else:
        text = _TYPES[spec.kind]
    text += "".join(_bounds(spec))
    if spec.default is not None:
        default = spec.default
        shown = (str(default).lower() if isinstance(default, bool)
                 else f"{default:g}" if isinstance(default, float) else default)
        text += f" (default {shown})"
    return text


_DATED = frozenset({FieldType.DATETIME, FieldType.DATE, FieldType.DATES})


def _bounds(spec: FieldSpec) -> Iterable[str]:
    """The bounds the spec declares, as the field table states them."""
    if spec.kind in _DATED:
        yield f", in the years {YEARS[0]} to {YEARS[1]}"
    if spec.minimum is not None and spec.kind is FieldType.HOURS:
        yield f", at least {spec.minimum:g} hour{'' if spec.minimum == 1 else 's'} long"
    elif spec.minimum is not None:
        yield f", at least {spec.minimum:g}"
    if spec.maximum is not None:
        yield f", at most {spec.maximum:g}"
    if spec.max_items is not None:
        yield f", at most {spec.max_items} items"
    if spec.max_length is not None:
        yield f", at most {spec.max_length} characters"


def _required(spec: FieldSpec) -> str:
    if spec.required:
        return "yes"
    if spec.required_when is not None:
        return f"when {spec.required_when[0]} is {spec.required_when[1]}"
    return "no"


def _kind_table(kind: RecordSpec) -> list[str]:
    rows = [f"### {kind.name.capitalize()}", "", f"The fields of {_WHERE[kind.name]}, in"
            " file order.", "", "| Field | Value | Required | Meaning |",
            "| --- | --- | --- | --- |"]
    for spec in kind.fields:
        rows.append(f"| `{spec.name}` | {_cell(_type(spec))} | {_cell(_required(spec))} |"
                    f" {_cell(spec.help)} |")
    return rows


def fields_markdown(kinds: Iterable[RecordSpec] | None = None) -> str:
    """One table per record kind and one of the settings: each field's value, whether it
    is required, its meaning."""
    shown = (*RECORD_KINDS, SETTINGS) if kinds is None else kinds
    blocks = ["\n".join(_kind_table(kind)) for kind in shown]
    return "\n\n".join(blocks) + "\n"
