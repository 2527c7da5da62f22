"""Which export column feeds which record field, and what the export lacks.

This runs on the header alone, before any row is read, so that an export that cannot
make complete tickets stops the import with one message naming every missing column
and the flag that fixes it, instead of failing row by row.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from generator.tdx.mapping import REQUIRED_FIELDS, ImportMapping, normalise


class ColumnError(Exception):
    """The export's columns cannot make tickets; the import stops before writing anything."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ColumnPlan:
    """The column index feeding each imported field, and the columns left unused."""

    fields: Mapping[str, int]
    """Record field → index of its column in the header."""
    headers: tuple[str, ...]
    unused: tuple[str, ...]
    """Headers that feed no field and are not ignored, in export order (reported once)."""
    resolved_from: int | None = None
    """Index of the ``--resolved-from`` column."""

    def header(self, field_name: str) -> str:
        """The export's header text of the column feeding ``field_name``."""
        return self.headers[self.fields[field_name]]


def plan_columns(
    headers: Sequence[str],
    mapping: ImportMapping,
    defaults: Collection[str],
    resolved_from: str | None = None,
) -> ColumnPlan:
    """Match ``headers`` to fields; :class:`ColumnError` when a required field has none.

    ``defaults`` are the fields given a ``--default``; they need no column.
    """
    index: dict[str, int] = {}
    repeated: dict[str, int] = {}
    for position, header in enumerate(headers):
        first = index.setdefault(normalise(header), position)
        if first != position:
            repeated.setdefault(normalise(header), position)
    fields: dict[str, int] = {}
    for field_name, candidates in mapping.columns.items():
        for candidate in candidates:
            found = index.get(normalise(candidate))
            if found is not None:
                fields[field_name] = found
                break
    for field_name, position in fields.items():
        second = repeated.get(normalise(headers[position]))
        if second is not None:  # the first would win in silence, whichever holds TDX's value
            raise ColumnError(
                f"columns {position + 1} and {second + 1} are both named"
                f" {headers[position]!r} (case and spaces are ignored), so the {field_name}"
                " of a row is ambiguous; rename or remove one in the report"
            )
    missing = [f for f in REQUIRED_FIELDS if f not in fields and f not in defaults]
    if missing:
        raise ColumnError(_missing_message(missing, mapping))
    from_position = None
    if resolved_from is not None:
        from_position = index.get(normalise(resolved_from))
        if from_position is None:
            raise ColumnError(
                f"--resolved-from {resolved_from!r}: the export has no such column;"
                f" its columns are {', '.join(headers)}"
            )
    used = set(fields.values()) | ({from_position} if from_position is not None else set())
    unused = tuple(
        header for position, header in enumerate(headers)
        if position not in used and normalise(header) not in mapping.ignore
    )
    return ColumnPlan(fields=fields, headers=tuple(headers), unused=unused,
                      resolved_from=from_position)


def _missing_message(missing: list[str], mapping: ImportMapping) -> str:
    def looked_for(field_name: str) -> str:
        """``field (looked for: header, header)``."""
        candidates = mapping.columns.get(field_name, ())
        return f"{field_name} (looked for: {', '.join(candidates) or 'nothing, mapped to null'})"

    parts = [looked_for(f) for f in missing]
    fixes = ["add the column to the TDX report", "name it under 'columns:' in a --map file"]
    defaultable = [f for f in missing if f != "id"]
    if defaultable:
        flags = " ".join(f"--default {f}=VALUE" for f in defaultable)
        fixes.append(f"or pass {flags}")
    message = (f"the export has no column for the required field(s) {'; '.join(parts)};"
               f" {', '.join(fixes)}")
    if "id" in missing:
        message += " (the ticket ID cannot have a default)"
    return message
