"""New record files, laid out by the schema: ``escalation new`` and the TDX import write these.

A skeleton has every key of its kind that has a value, in the declared order, one value
a line as :func:`~generator.render.yaml_text.yaml_scalar` writes it; the keys a new
record always shows (``checklist``, ``escalations``, ``tags``, ``purview``) are there
even when empty, so the person who edits the file next sees where things go. The
browser forms write the same layout from the schema's JSON rendering.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from generator.render.yaml_text import Scalar, mapping_lines, yaml_comment, yaml_scalar
from generator.schema.fields import ADMIN, ENGAGEMENT, TICKET, FieldType, RecordSpec
from generator.schema.settings import Settings

TICKET_NOTES = "<!-- Notes: what was tried, what the requestor said, what the admin asked. -->"
"""The body of a new ticket: a hint that the build does not show."""
PURVIEW_EXAMPLE = (
    "# Declare each service you own, for example:",
    "# purview:",
    "#   - service: file-shares",
    "#     scope: Department file shares and their permissions",
    "#     excludes: Personal cloud storage",
    "#     sc_process: SC may restore files from snapshots younger than 30 days",
    "#     declared: 2026-11-16",
    "#     source: PR #42",
)


def _has_value(value: object) -> bool:
    return value is not None and value != ""


def scalar_lines(kind: RecordSpec, values: Mapping[str, Scalar], indent: int = 0,
                 first_prefix: str | None = None) -> list[str]:
    """``key: value`` lines of the one-line fields of ``kind`` that have a value, in order.

    The first line starts with ``first_prefix`` instead of the indent (``  - `` for a
    list item).
    """
    shown = {spec.name: values[spec.name] for spec in kind.fields
             if spec.record is None and _has_value(values.get(spec.name))}
    return mapping_lines(shown, indent, first_prefix)


def ticket_skeleton(values: Mapping[str, Scalar], settings: Settings, *,
                    checked: Iterable[str] = (),
                    engagement: Mapping[str, Scalar] | None = None) -> str:
    """A new ticket file: ``values`` of its one-line fields, the checklist (``checked``
    items ticked) and at most one engagement."""
    ticked = set(checked)
    lines = ["---"]
    for spec in TICKET.fields:
        if spec.kind is FieldType.CHECKLIST:
            lines.append(f"{spec.name}:")
            lines += [f"  {item.id}: {yaml_scalar(item.id in ticked)}"
                      f"  # {yaml_comment(item.text)}" for item in settings.checklist]
        elif spec.kind is FieldType.RECORDS and engagement is not None:
            lines.append(f"{spec.name}:")
            lines += scalar_lines(ENGAGEMENT, engagement, 4, "  - ")
        elif spec.in_skeleton:
            lines.append(f"{spec.name}: []")
        elif _has_value(values.get(spec.name)):
            lines.append(f"{spec.name}: {yaml_scalar(values[spec.name])}")
    lines += ["---", "", TICKET_NOTES, ""]
    return "\n".join(lines)


def admin_skeleton(values: Mapping[str, Scalar]) -> str:
    """A new admin file: ``values``, an empty purview with a commented example, and a
    first line of notes."""
    lines = ["---"]
    for spec in ADMIN.fields:
        value = values.get(spec.name, spec.default)
        if spec.kind is FieldType.RECORDS:
            lines += [f"{spec.name}: []", *PURVIEW_EXAMPLE]
        elif _has_value(value):
            lines.append(f"{spec.name}: {yaml_scalar(value)}")
    lines += ["---", "", f"{values['name']}: what this admin looks after, and how SC should"
              " reach them.", ""]
    return "\n".join(lines)
