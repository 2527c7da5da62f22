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
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from generator.schema.fields import SERVICE_SLUG
from generator.schema.records import Classification, Priority, Status

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
    """The mapping file or an override cannot be used; the import stops before reading."""


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


def _member(enum_cls: type[enum.Enum], value: Any, where: str) -> Any:
    choices = [str(m.value) for m in enum_cls]
    if not isinstance(value, str) or value not in choices:
        raise MappingError(
            f"{where}: expected one of {', '.join(choices)} but received {value!r}"
        )
    return enum_cls(value)


def load_mapping(path: Path, base: ImportMapping | None = None) -> ImportMapping:
    """``base`` (default: the built-in mapping) overridden by the YAML file at ``path``."""
    base = base or ImportMapping()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise MappingError(f"cannot read mapping file {path}: {exc.strerror}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MappingError(f"mapping file {path} is not valid YAML: {exc}") from None
    if data is None:
        return base
    if not isinstance(data, dict):
        raise MappingError(f"mapping file {path}: expected a mapping with keys"
                           f" {', '.join(MAPPING_KEYS)}")
    unknown = sorted(str(k) for k in data if k not in MAPPING_KEYS)
    if unknown:
        raise MappingError(f"mapping file {path}: unknown key(s) {', '.join(unknown)};"
                           f" expected {', '.join(MAPPING_KEYS)}")
    where = f"mapping file {path}"
    changes: dict[str, Any] = {}
    if "columns" in data:
        changes["columns"] = _columns(data["columns"], base.columns, where)
    for name, enum_cls in (("status", Status), ("priority", Priority),
                           ("classification", Classification)):
        if name in data:
            table = dict(base.table(name))
            for tdx_name, value in _pairs(data[name], f"{where}: {name}").items():
                table[normalise(tdx_name)] = _member(enum_cls, value, f"{where}: {name}:"
                                                     f" {tdx_name!r}")
            changes[name] = table
    if "services" in data:
        changes["services"] = {**base.services, **_services(data["services"], where)}
    if "ignore" in data:
        changes["ignore"] = base.ignore | _ignore(data["ignore"], where)
    return replace(base, **changes)


def _pairs(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MappingError(f"{where}: expected a mapping of 'TDX name: value' lines")
    return {str(k): v for k, v in value.items()}


def _columns(
    value: Any, base: Mapping[str, tuple[str, ...]], where: str
) -> dict[str, tuple[str, ...]]:
    columns = dict(base)
    for name, headers in _pairs(value, f"{where}: columns").items():
        if name not in IMPORT_FIELDS:
            raise MappingError(f"{where}: columns: unknown field {name!r}; expected one of"
                               f" {', '.join(IMPORT_FIELDS)}")
        if headers is None:
            columns[name] = ()
        elif isinstance(headers, str | int):
            columns[name] = (str(headers),)
        elif isinstance(headers, list) and all(isinstance(h, str | int) for h in headers):
            columns[name] = tuple(str(h) for h in headers)
        else:
            raise MappingError(f"{where}: columns: {name}: expected a column header, a list"
                               " of headers, or null (do not import)")
    return columns


def _services(value: Any, where: str) -> dict[str, str | None]:
    services: dict[str, str | None] = {}
    for name, slug in _pairs(value, f"{where}: services").items():
        if slug is not None and (not isinstance(slug, str) or not SERVICE_SLUG.fullmatch(slug)):
            raise MappingError(f"{where}: services: {name!r}: expected a service slug of"
                               f" lowercase letters, digits and '-' or null but received"
                               f" {slug!r}")
        services[normalise(name)] = slug
    return services


def _ignore(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
        raise MappingError(f"{where}: ignore: expected a list of column headers")
    return frozenset(normalise(h) for h in value)
