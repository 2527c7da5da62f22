"""The import from start to end, without the command line: prepare, plan, write.

:func:`prepare` does everything that can stop the import (options, mapping file, the
export's format and columns, the memory file) before a single row is planned, so that a
stopped import has written nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.read.files import find_records, unseen_records
from generator.schema.paths import ADMINS_DIR, TICKETS_DIR
from generator.schema.problems import Problem
from generator.schema.settings import Settings
from generator.tdx.apply import WriteFailure, write_changes
from generator.tdx.columns import ColumnError, ColumnPlan, plan_columns
from generator.tdx.mapping import (
    IMPORT_FIELDS,
    ImportMapping,
    MappingError,
    load_mapping,
    normalise,
)
from generator.tdx.memory import MEMORY_FILE, Memory, MemoryFileError, load_memory, render_memory
from generator.tdx.plan import Plan, Planner, index_tickets
from generator.tdx.progress import Progress
from generator.tdx.rows import (
    CellError,
    DateFormatError,
    DateReader,
    RowReader,
    Value,
    convert_value,
)
from generator.tdx.source import Export, SourceError, read_export
from generator.write.atomic import WriteFailed, write_atomically

NO_DEFAULT = ("id", "resolved")
"""Fields a ``--default`` cannot give: an ID identifies, a resolved time is a fact."""


class ImportStopped(Exception):
    """The import cannot start; nothing was written. The message says what to fix, after
    the located ``problems`` of a file (the mapping file's), if any."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportOptions:
    """What the command line asks for (see ``escalation import tdx --help``)."""

    file: Path
    fmt: str | None = None
    mapping_file: Path | None = None
    timezone: str | None = None
    date_format: str | None = None
    status_map: Sequence[str] = ()
    defaults: Sequence[str] = ()
    resolved_from: str | None = None
    overwrite: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Prepared:
    """Everything read and checked before the first row is planned."""

    settings: Settings
    export: Export
    columns: ColumnPlan
    reader: RowReader
    memory: Memory
    admins: frozenset[str]
    index: dict[str, list[str]]
    """Ticket ID → its record files (more than one is a duplicate, refused per row)."""
    overwrite: bool = False


def _pairs(entries: Sequence[str], flag: str) -> dict[str, str]:
    """``NAME=VALUE`` options by name; a name given twice is refused, not the last kept."""
    pairs: dict[str, str] = {}
    first: dict[str, str] = {}
    for entry in entries:
        name, equals, value = entry.partition("=")
        if not equals or not name.strip() or not value.strip():
            raise ImportStopped(f"{flag} {entry!r}: expected NAME=VALUE")
        key = normalise(name)
        if key in first:
            raise ImportStopped(f"{flag} {entry!r}: {name.strip()!r} is already given by"
                                f" {flag} {first[key]!r}; give each name once")
        first[key] = entry
        pairs[name.strip()] = value.strip()
    return pairs


def _timezone(name: str | None, settings: Settings) -> ZoneInfo:
    if name is None:
        return settings.timezone
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImportStopped(f"--timezone {name!r}: expected an IANA timezone name such as"
                            " 'America/Chicago'") from None


def _mapping(options: ImportOptions) -> ImportMapping:
    try:
        mapping = ImportMapping()
        if options.mapping_file is not None:
            mapping = load_mapping(options.mapping_file, mapping)
        return mapping.with_status(_pairs(options.status_map, "--status-map"))
    except MappingError as exc:
        raise ImportStopped(str(exc), exc.problems) from None


def _defaults(options: ImportOptions, mapping: ImportMapping, dates: DateReader
              ) -> dict[str, Value]:
    allowed = [f for f in IMPORT_FIELDS if f not in NO_DEFAULT]
    defaults: dict[str, Value] = {}
    for name, text in _pairs(options.defaults, "--default").items():
        if name not in allowed:
            raise ImportStopped(f"--default {name}={text}: expected a field of"
                                f" {', '.join(allowed)}")
        try:
            defaults[name] = convert_value(name, text, mapping, dates)
        except CellError as exc:
            raise ImportStopped(f"--default {name}={text}: {exc}") from None
    return defaults


def prepare(settings: Settings, options: ImportOptions) -> Prepared:
    """Read and check everything the import needs; :class:`ImportStopped` if it cannot."""
    try:
        dates = DateReader(_timezone(options.timezone, settings), settings.timezone,
                           options.date_format)
    except DateFormatError as exc:
        raise ImportStopped(f"--date-format {options.date_format!r}: {exc}") from None
    mapping = _mapping(options)
    defaults = _defaults(options, mapping, dates)
    try:
        export = read_export(options.file, options.fmt)
        columns = plan_columns(export.headers, mapping, defaults, options.resolved_from)
        memory = load_memory(settings.root)
    except (SourceError, ColumnError, MemoryFileError) as exc:
        raise ImportStopped(str(exc)) from None
    root = settings.root
    found_admins, found_tickets = find_records(root, ADMINS_DIR), find_records(root, TICKETS_DIR)
    unseen = unseen_records((*found_admins.problems, *found_tickets.problems))
    if unseen is not None:  # a ticket not listed would be created again, as a second file
        raise ImportStopped(unseen)
    # As in load_project: only files directly in admins/ are admins.
    admins = frozenset(f.stem for f in found_admins.files if f.parent == root / ADMINS_DIR)
    return Prepared(
        settings=settings, export=export, columns=columns, memory=memory, admins=admins,
        reader=RowReader(columns, mapping, dates, defaults), overwrite=options.overwrite,
        index=index_tickets(root, found_tickets.files),
    )


def plan_import(prepared: Prepared, progress: Progress | None = None) -> Plan:
    """Plan every row of the export."""
    planner = Planner(prepared.settings, prepared.admins, prepared.memory,
                      overwrite=prepared.overwrite, index=prepared.index)
    read = prepared.reader.read
    for row in prepared.export.rows:
        planner.add(read(row))
        if progress is not None:
            progress.advance()
    return planner.plan


def write_plan(prepared: Prepared, plan: Plan, progress: Progress | None = None
               ) -> list[WriteFailure]:
    """Write the planned files, then the memory (without the tickets not written)."""
    root = prepared.settings.root
    failures = write_changes(root, plan.changes, progress)
    memory = plan.memory
    if failures:
        failed = {Path(f.path).stem for f in failures}
        memory = {k: v for k, v in memory.items() if k not in failed}
        memory.update({k: v for k, v in prepared.memory.items() if k in failed})
    if plan.memory_changed and memory != prepared.memory:
        try:
            write_atomically(root / MEMORY_FILE, render_memory(memory), overwrite=True)
        except WriteFailed as exc:  # the tickets are written: say what the next run sees
            failures.append(WriteFailure(MEMORY_FILE, f"{exc.reason}; the next import takes"
                                         " the tickets it wrote for a first import"))
    return failures
