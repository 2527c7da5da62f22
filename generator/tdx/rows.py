"""One export row to typed record values, or every reason it cannot be imported.

Values are normalised here, once: texts stripped, TDX names mapped through the value
tables, dates read in the export's timezone and written as wall-clock time in the
project's timezone (to the minute, or the second when TDX gives one; with the UTC
offset in the repeated hour of a fall-back). Nothing is
invented: a value comes from the row, or from an explicit ``--default``, and the row
remembers which, because only values that came from TDX may overwrite a ticket.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from generator.read.fields import instant_in
from generator.schema.fields import SERVICE_SLUG, TICKET_ID
from generator.schema.records import Status
from generator.tdx.columns import ColumnPlan
from generator.tdx.mapping import REQUIRED_FIELDS, ImportMapping, normalise, slugify
from generator.tdx.source import SourceRow

Value = str | datetime | None
"""A record value as imported: text, an aware datetime in the project's timezone (whose
fold says which reading of a repeated hour it is), or nothing."""

US_FORMATS = (
    "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y", "%m/%d/%y %H:%M", "%m/%d/%y %I:%M %p", "%m/%d/%y",
)
"""What TDX writes in a US-English profile (``7/14/2023 10:41``), tried after ISO 8601."""

_DONE = frozenset({Status.RESOLVED.value, Status.CLOSED.value})
_TABLES = ("status", "priority", "classification")
_DATES = ("opened", "resolved")


class CellError(ValueError):
    """A cell's value cannot become a record value; the message says why (not where)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportRow:
    """A row that can be imported: its ticket ID and typed values."""

    label: str
    id: str
    values: Mapping[str, Value]
    """Every imported field: from a column, from a ``--default``, or ``resolved`` derived
    from the status; ``None`` means TDX has no value."""
    from_tdx: frozenset[str]
    """The fields whose value came from the export (not a ``--default``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectedRow:
    """A row that is not imported, with every reason."""

    label: str
    id: str | None
    reasons: tuple[str, ...]


class DateFormatError(ValueError):
    """A ``--date-format`` that cannot read a date; the message says why (not where)."""


_SAMPLE = datetime(2023, 7, 14, 10, 41)
"""A date with a day over 12, to tell whether a format reads year, month and day."""


def check_date_format(date_format: str) -> None:
    """Refuse a strptime format that cannot read a whole date, before any row is read.

    A bad directive would otherwise fail on every row, each blamed on its cell, and a
    format without a day, month or year would give every ticket a wrong date.
    """
    example = "expected a strptime format such as '%d/%m/%Y %H:%M'"
    if "%" not in date_format:
        raise DateFormatError(example)
    try:
        parsed = datetime.strptime(_SAMPLE.strftime(date_format), date_format)
    except ValueError as exc:
        raise DateFormatError(f"{exc}; {example}") from None
    if parsed.date() != _SAMPLE.date():
        raise DateFormatError(f"reads {_SAMPLE:%Y-%m-%d} as {parsed:%Y-%m-%d}: it needs a day,"
                              f" a month and a year; {example}")


class DateReader:
    """Reads TDX dates: ISO 8601, then ``--date-format`` or the US formats."""

    def __init__(self, source_tz: tzinfo, record_tz: tzinfo, date_format: str | None = None):
        """:class:`DateFormatError` when ``date_format`` cannot read whole dates."""
        if date_format is not None:
            check_date_format(date_format)
        self.source_tz = source_tz
        self.record_tz = record_tz
        self.formats = (date_format,) if date_format else US_FORMATS

    def parse(self, text: str) -> datetime | None:
        """The instant in the project's timezone (aware, no microseconds), or None.

        A time without an offset is read on the export's clock, by the records' rule;
        one that clock skips is a :class:`CellError`.
        """
        when: datetime | None
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            when = self._strptime(text)
        if when is None:
            return None
        try:
            return instant_in(when, self.source_tz).astimezone(self.record_tz).replace(
                microsecond=0)
        except OverflowError:  # e.g. .NET's empty date 0001-01-01T00:00:00Z moved west
            return None
        except ValueError as exc:
            raise CellError(f"{text!r} {exc}") from None

    def _strptime(self, text: str) -> datetime | None:
        for fmt in self.formats:
            try:
                return datetime.strptime(text, fmt)
            except ValueError:
                continue
        return None


def cell_text(raw: Any) -> str | None:
    """A cell as stripped text (``None`` when empty); JSON numbers become their digits."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise CellError(f"expected text or a number but received {str(raw).lower()}")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise CellError(f"expected a finite number but received {raw}")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int | float):
        return str(raw)
    if not isinstance(raw, str):
        raise CellError(f"expected text but received a JSON {type(raw).__name__}")
    text = raw.strip()
    # The TDX Web API writes .NET's DateTime.MinValue for a date that was never set.
    if text.startswith("0001-01-01"):
        return None
    return text or None


def convert_value(field_name: str, text: str, mapping: ImportMapping, dates: DateReader
                  ) -> Value:
    """``text`` (a cell or a ``--default``) as the value of ``field_name``, or
    :class:`CellError` saying why it cannot be."""
    if field_name in _TABLES:
        member = mapping.table(field_name).get(normalise(text))
        if member is None:
            raise CellError(_unmapped(field_name, text, mapping))
        return str(member.value)
    if field_name in _DATES:
        when = dates.parse(text)
        if when is None:
            raise CellError(f"{text!r} is not a date such as 7/14/2023 10:41 or"
                            " 2023-07-14T10:41 (pass --date-format for other layouts)")
        return when
    if field_name != "service":
        return text
    key = normalise(text)
    if key in mapping.services:
        return mapping.services[key]
    slug = slugify(text)
    if not SERVICE_SLUG.fullmatch(slug):
        raise CellError(f"{text!r} gives no service slug; map it under 'services:' in a"
                        " --map file")
    return slug


class RowReader:
    """Turns :class:`SourceRow` objects into :class:`ImportRow` or :class:`RejectedRow`."""

    def __init__(self, columns: ColumnPlan, mapping: ImportMapping, dates: DateReader,
                 defaults: Mapping[str, Value] | None = None) -> None:
        self.columns = columns
        self.mapping = mapping
        self.dates = dates
        self.defaults = dict(defaults or {})
        # problems are reported in the order of the export's columns, as people read a row
        self._in_export_order = sorted(
            ((f, p) for f, p in columns.fields.items() if f != "id"), key=lambda fp: fp[1])

    def convert(self, field_name: str, text: str) -> Value:
        """``text`` as the value of ``field_name``, or :class:`CellError`."""
        return convert_value(field_name, text, self.mapping, self.dates)

    def read(self, row: SourceRow) -> ImportRow | RejectedRow:
        """Read one row; every problem of the row is collected."""
        ticket_id, reasons = self._ticket_id(row)
        if row.problem is not None:
            return RejectedRow(label=row.label, id=ticket_id, reasons=(row.problem,))
        values: dict[str, Value] = {}
        from_tdx: set[str] = set()
        for field_name, position in self._in_export_order:
            source = f"column {self.columns.headers[position]!r}"
            try:
                text = cell_text(row.cells[position])
                if text is not None:
                    values[field_name] = self.convert(field_name, text)
                    from_tdx.add(field_name)
                    continue
            except CellError as exc:
                reasons.append(f"{source}: {exc}")
                continue
            if field_name in self.defaults:
                values[field_name] = self.defaults[field_name]
            elif field_name in REQUIRED_FIELDS:
                reasons.append(f"{source}: is empty; pass --default {field_name}=VALUE to"
                               " give empty cells a value")
            else:
                values[field_name] = None
                from_tdx.add(field_name)
        for field_name, value in self.defaults.items():
            values.setdefault(field_name, value)
        if not reasons:
            self._resolved(row, values, from_tdx, reasons)
        if reasons or ticket_id is None:
            return RejectedRow(label=row.label, id=ticket_id, reasons=tuple(reasons))
        return ImportRow(label=row.label, id=ticket_id, values=values,
                         from_tdx=frozenset(from_tdx))

    def _ticket_id(self, row: SourceRow) -> tuple[str | None, list[str]]:
        position = self.columns.fields["id"]
        source = f"column {self.columns.headers[position]!r}"
        try:
            text = cell_text(row.cells[position]) if position < len(row.cells) else None
        except CellError as exc:
            return None, [f"{source}: {exc}"]
        if text is None:
            return None, [f"{source}: is empty; every row needs its TDX ticket ID"]
        if not TICKET_ID.fullmatch(text):
            return None, [f"{source}: {text!r} is not a ticket ID (letters, digits, '.', '_'"
                          " and '-', at most 64)"]
        return text, []

    def _resolved(self, row: SourceRow, values: dict[str, Value], from_tdx: set[str],
                  reasons: list[str]) -> None:
        """``resolved`` follows the status: a time when done (``--resolved-from`` as the
        fallback), nothing otherwise."""
        if values.get("status") not in _DONE:
            values["resolved"] = None  # a completion date of a reopened ticket is stale
            if "status" in from_tdx:
                from_tdx.add("resolved")
            else:
                from_tdx.discard("resolved")
            return
        if values.get("resolved") is not None:
            return
        position = self.columns.resolved_from
        if position is None:
            has_column = "resolved" in self.columns.fields
            where = ("its completion-date column is empty" if has_column
                     else "the export has no completion-date column")
            reasons.append(f"status {values['status']!r} needs a resolved time, but {where};"
                           " pass --resolved-from COLUMN (such as Modified) to use another"
                           " column")
            return
        source = f"column {self.columns.headers[position]!r}"
        try:
            text = cell_text(row.cells[position])
            if text is None:
                raise CellError(f"is empty, and status {values['status']!r} needs a"
                                " resolved time")
            values["resolved"] = self.convert("resolved", text)
            from_tdx.add("resolved")
        except CellError as exc:
            reasons.append(f"{source}: {exc}")


def _unmapped(field_name: str, text: str, mapping: ImportMapping) -> str:
    enum_cls = type(next(iter(mapping.table(field_name).values())))
    choices = ", ".join(str(member.value) for member in enum_cls)
    fix = f"under '{field_name}:' in a --map file"
    if field_name == "status":
        fix = f'with --status-map "{text}=STATUS" or {fix}'
    return (f"TDX {field_name} {text!r} has no mapping to a record {field_name}"
            f" ({choices}); add it {fix}")
