"""The built-in TDX mapping (column aliases, value tables) and the ``--map`` file over it.

A TDX report export names its columns by the report's header text (``Acct/Dept``), a
Web API export by API names (``AccountName``); both are aliases of one record field.
TDX status, priority and classification names are site-configurable, so the tables
that turn them into record values are data, documented in ``docs/guides/import-tdx.md``
and extended or overridden by a mapping file.

Names are compared after :func:`normalise`: case-folded, inner whitespace collapsed.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.read.files import FileReadError, NotUtf8Error, decode_text, read_file
from generator.read.frontmatter import parse_yaml_mapping
from generator.schema.fields import SERVICE_SLUG
from generator.schema.problems import Problem, did_you_mean, make_problem
from generator.schema.records import Classification, Priority, Status, nearest_line

IMPORT_FIELDS = (
    "id", "title", "opened", "classification", "priority", "status", "resolved", "service",
    "requestor", "department",
)
"""Record fields an export can feed, in the record's key order."""

REQUIRED_FIELDS = ("id", "title", "opened", "classification", "priority", "status")
"""Fields every new ticket needs; a missing column needs a ``--default`` (except ``id``)."""

DEFAULT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "id": ("ID", "Ticket ID", "TicketID"),
    "title": ("Title",),
    "opened": ("Created", "CreatedDate", "Created Date", "Date Created"),
    "classification": ("Classification", "ClassificationName"),
    "priority": ("Priority", "PriorityName"),
    "status": ("Status", "StatusName"),
    "resolved": ("Completed", "CompletedDate", "Completed Date", "Date Completed"),
    "service": ("Service", "ServiceName"),
    "requestor": ("Requestor", "RequestorName", "Requestor Name"),
    "department": ("Acct/Dept", "AccountName", "Account/Department", "Department"),
}
"""Header texts (report exports) and API names (JSON exports) of each field."""

DEFAULT_STATUS: Mapping[str, Status] = {
    "New": Status.OPEN,
    "Open": Status.OPEN,
    "Reopened": Status.OPEN,
    "Assigned": Status.OPEN,
    "In Process": Status.IN_PROGRESS,
    "In Progress": Status.IN_PROGRESS,
    "On Hold": Status.WAITING,
    "Waiting": Status.WAITING,
    "Pending": Status.WAITING,
    "Awaiting Customer": Status.WAITING,
    "Awaiting Customer Response": Status.WAITING,
    "Waiting on Customer": Status.WAITING,
    "Waiting on Requestor": Status.WAITING,
    "Waiting on Vendor": Status.WAITING,
    "Resolved": Status.RESOLVED,
    "Completed": Status.RESOLVED,
    "Closed": Status.CLOSED,
    "Cancelled": Status.CLOSED,
    "Canceled": Status.CLOSED,
}
"""TDX status names (the default TDX set and common local additions) to record statuses."""

DEFAULT_PRIORITY: Mapping[str, Priority] = {
    "Low": Priority.LOW,
    "Medium": Priority.MEDIUM,
    "Normal": Priority.MEDIUM,
    "High": Priority.HIGH,
    "Emergency": Priority.CRITICAL,
    "Critical": Priority.CRITICAL,
}
"""TDX priority names to record priorities (TDX's default set ends at Emergency)."""

DEFAULT_CLASSIFICATION: Mapping[str, Classification] = {
    "Incident": Classification.INCIDENT,
    "Service Request": Classification.SERVICE_REQUEST,
    "Request": Classification.SERVICE_REQUEST,
}
"""TDX classifications to record classifications; Problem, Change and Release have none."""

MAPPING_KEYS = ("columns", "status", "priority", "classification", "services", "ignore")
_SPACES = re.compile(r"\s+")
_SLUG_BREAK = re.compile(r"[^a-z0-9]+")


class MappingError(Exception):
    """The mapping file or an override cannot be used; the import stops before reading.

    ``problems`` locates each error of a mapping file (``path:line: error: ... [code]``).
    """

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


def normalise(name: str) -> str:
    """How names are compared: case-folded, surrounding space cut, inner runs of space one."""
    return _SPACES.sub(" ", name).strip().casefold()


def slugify(name: str) -> str:
    """A service slug from a TDX service name: ``Email & Calendar`` → ``email-calendar``."""
    return _SLUG_BREAK.sub("-", name.casefold()).strip("-")[:64].rstrip("-")


def _table(entries: Mapping[str, enum.Enum], values: type[enum.Enum]) -> dict[str, Any]:
    table: dict[str, Any] = {normalise(str(m.value)): m for m in values}
    table.update({normalise(name): value for name, value in entries.items()})
    return table


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportMapping:
    """Column aliases per field and value tables, keyed by normalised TDX names."""

    columns: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))
    """Candidate headers per record field, tried in order; an empty tuple imports nothing."""
    status: Mapping[str, Status] = field(
        default_factory=lambda: _table(DEFAULT_STATUS, Status))
    priority: Mapping[str, Priority] = field(
        default_factory=lambda: _table(DEFAULT_PRIORITY, Priority))
    classification: Mapping[str, Classification] = field(
        default_factory=lambda: _table(DEFAULT_CLASSIFICATION, Classification))
    services: Mapping[str, str | None] = field(default_factory=dict)
    """Service names to slugs (``None``: no service); names not listed are slugified."""
    ignore: frozenset[str] = frozenset()
    """Normalised headers not to report as unused."""

    def table(self, name: str) -> Mapping[str, enum.Enum]:
        """The value table ``status``, ``priority`` or ``classification``."""
        table: Mapping[str, enum.Enum] = getattr(self, name)
        return table

    def with_status(self, entries: Mapping[str, str]) -> ImportMapping:
        """This mapping with ``--status-map`` entries added (``TDX name`` → status value)."""
        status = dict(self.status)
        for name, value in entries.items():
            status[normalise(name)] = _member(Status, value, f"--status-map {name}={value}")
        return replace(self, status=status)


def _member_problem(enum_cls: type[enum.Enum], value: Any, where: str) -> str | None:
    """Why ``value`` is not a value of ``enum_cls`` (None when it is)."""
    choices = [str(m.value) for m in enum_cls]
    if isinstance(value, str) and value in choices:
        return None
    return f"{where}: expected one of {', '.join(choices)} but received {value!r}"


def _member(enum_cls: type[enum.Enum], value: Any, where: str) -> Any:
    problem = _member_problem(enum_cls, value, where)
    if problem is not None:
        raise MappingError(problem)
    return enum_cls(value)


_TABLES: Mapping[str, type[enum.Enum]] = {
    "status": Status, "priority": Priority, "classification": Classification,
}


def load_mapping(path: Path, base: ImportMapping | None = None) -> ImportMapping:
    """``base`` (default: the built-in mapping) overridden by the YAML file at ``path``.

    Every error of the file is collected, then :class:`MappingError` raised with them.
    """
    base = base or ImportMapping()
    reader = _MappingReader(path.as_posix())
    data = reader.read(path)
    if data is None:
        raise reader.error()
    for key in data:
        if key not in MAPPING_KEYS:
            reader.report(key, "unknown-key", f"unknown key {key!r}; expected one of"
                          f" {', '.join(MAPPING_KEYS)}{did_you_mean(key, MAPPING_KEYS)}")
    changes: dict[str, Any] = {}
    if "columns" in data:
        changes["columns"] = {**base.columns, **reader.columns(data["columns"])}
    for name, enum_cls in _TABLES.items():
        if name in data:
            changes[name] = {**base.table(name), **reader.table(name, data[name], enum_cls)}
    if "services" in data:
        changes["services"] = {**base.services, **reader.services(data["services"])}
    if "ignore" in data:
        changes["ignore"] = base.ignore | reader.ignore(data["ignore"])
    if reader.problems:
        raise reader.error()
    return replace(base, **changes)


class _MappingReader:
    """Reads one mapping file, collecting a located problem for every error."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}

    def error(self) -> MappingError:
        self.problems.sort(key=lambda problem: problem.line)
        count = len(self.problems)
        return MappingError(f"the mapping file {self.rel} has {count} error{'s' * (count > 1)}"
                            " (listed above)", self.problems)

    def report(self, key_path: str, name: str, message: str) -> None:
        line = nearest_line(self.lines, key_path)
        self.problems.append(make_problem(self.rel, line, f"mapping.{name}", message))

    def read(self, path: Path) -> dict[str, Any] | None:
        """The file's top-level mapping, or None (reported) when it has none."""
        try:
            text = decode_text(read_file(path))
        except (FileReadError, NotUtf8Error) as exc:
            reason = exc.reason if isinstance(exc, FileReadError) else str(exc)
            line = exc.line if isinstance(exc, NotUtf8Error) else 1
            self.problems.append(make_problem(self.rel, line, "mapping.unreadable",
                                              f"cannot read the mapping file: {reason}"))
            return None
        data, self.lines, found = parse_yaml_mapping(
            text, self.rel, 1, kind="mapping", what="the mapping file", noun="mapping files")
        self.problems += found
        return data

    def pairs(self, name: str, value: Any) -> dict[str, Any] | None:
        """The entries of section ``name`` keyed by normalised TDX name (each once)."""
        if not isinstance(value, dict):
            self.report(name, "wrong-type", f"{name}: expected a mapping of 'TDX name: value'"
                        " lines")
            return None
        entries: dict[str, Any] = {}
        first: dict[str, str] = {}
        for tdx_name, entry in value.items():
            key = normalise(tdx_name)
            if key in first:  # YAML sees two keys; the table would keep only the last
                line = nearest_line(self.lines, f"{name}.{first[key]}")
                self.report(f"{name}.{tdx_name}", "duplicate-key",
                            f"{name}: {tdx_name!r} is the same TDX name as {first[key]!r} on"
                            f" line {line} (case and spaces are ignored); keep one")
                continue
            first[key] = tdx_name
            entries[tdx_name] = entry
        return entries

    def table(self, name: str, value: Any, enum_cls: type[enum.Enum]) -> dict[str, Any]:
        table: dict[str, Any] = {}
        for tdx_name, entry in (self.pairs(name, value) or {}).items():
            problem = _member_problem(enum_cls, entry, f"{name}: {tdx_name!r}")
            if problem is None:
                table[normalise(tdx_name)] = enum_cls(entry)
            else:
                self.report(f"{name}.{tdx_name}", "invalid-value", problem)
        return table

    def columns(self, value: Any) -> dict[str, tuple[str, ...]]:
        columns: dict[str, tuple[str, ...]] = {}
        for name, headers in (self.pairs("columns", value) or {}).items():
            where = f"columns.{name}"
            if name not in IMPORT_FIELDS:
                self.report(where, "unknown-key", f"columns: unknown field {name!r}; expected"
                            f" one of {', '.join(IMPORT_FIELDS)}"
                            f"{did_you_mean(name, IMPORT_FIELDS)}")
            elif headers is None:
                columns[name] = ()
            elif isinstance(headers, str | int) and not isinstance(headers, bool):
                columns[name] = (str(headers),)
            elif isinstance(headers, list) and all(
                    isinstance(h, str | int) and not isinstance(h, bool) for h in headers):
                columns[name] = tuple(str(h) for h in headers)
            else:
                self.report(where, "wrong-type", f"columns: {name}: expected a column header,"
                            " a list of headers, or null (do not import)")
        return columns

    def services(self, value: Any) -> dict[str, str | None]:
        services: dict[str, str | None] = {}
        for name, slug in (self.pairs("services", value) or {}).items():
            if slug is None or (isinstance(slug, str) and SERVICE_SLUG.fullmatch(slug)):
                services[normalise(name)] = slug
            else:
                self.report(f"services.{name}", "invalid-value",
                            f"services: {name!r}: expected a service slug of lowercase"
                            f" letters, digits and '-' or null but received {slug!r}")
        return services

    def ignore(self, value: Any) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
            self.report("ignore", "wrong-type", "ignore: expected a list of column headers")
            return frozenset()
        return frozenset(normalise(h) for h in value)
