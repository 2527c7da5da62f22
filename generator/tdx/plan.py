"""Decide, row by row, what the import does: create, update, leave unchanged, or reject.

Nothing is written here; the result is a :class:`Plan` of whole new file texts (so that
``--dry-run`` shows exactly what a real run writes) and the new memory.

For an existing ticket each TDX-owned field is decided on three values: the record's
current value, the value the import last wrote (the memory) and TDX's value now.

========================  ===================================================
current = TDX             nothing to change (the memory takes TDX's value)
no memory for the field   first import: TDX is the system of record, it wins
current = memory          not edited by hand since: take TDX's value
otherwise                 a conflict: reported, kept unless ``--overwrite``
========================  ===================================================

``service`` is only filled in when the record has none; ``opened`` is only written on
creation; SC-owned fields are never touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.check.project import check_ticket
from generator.read.fields import localize, parse_when
from generator.read.files import find_records, relative
from generator.read.frontmatter import (
    RawRecord,
    parse_record_text,
    read_record_bytes,
    size_problems,
)
from generator.read.records import load_ticket
from generator.render.yaml_text import yaml_scalar
from generator.schema.fields import TICKET
from generator.schema.paths import TICKETS_DIR
from generator.schema.problems import Problem, Severity
from generator.schema.records import Tier
from generator.schema.settings import Settings
from generator.tdx.memory import REMEMBERED_FIELDS, Memory
from generator.tdx.rows import ImportRow, RejectedRow, Value
from generator.write.frontmatter_edit import EditError, update_fields
from generator.write.skeleton import ticket_skeleton


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldChange:
    """One field of one ticket that changes (or, for a kept conflict, does not)."""

    path: str
    ticket_id: str
    field: str
    current: str | None
    tdx: str | None
    remembered: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FileChange:
    """A file the import writes: ``old`` is ``None`` for a new ticket."""

    path: str
    old: str | None
    new: str


@dataclass(slots=True)
class Plan:
    """Everything one import would do."""

    changes: list[FileChange] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    conflicts: list[FieldChange] = field(default_factory=list)
    """Hand edits that differ from TDX's value (kept, or overwritten with ``--overwrite``)."""
    first_import: list[FieldChange] = field(default_factory=list)
    """Changes to tickets the import had never written: TDX's values won."""
    memory: Memory = field(default_factory=dict)
    memory_changed: bool = False

    @property
    def created(self) -> int:
        """Number of new ticket files."""
        return sum(1 for change in self.changes if change.old is None)

    @property
    def updated(self) -> int:
        """Number of existing ticket files changed."""
        return len(self.changes) - self.created


def value_text(value: Any) -> str | None:
    """A value as the text written to the record (and kept in the memory)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return yaml_scalar(value)
    if isinstance(value, str):
        return value.strip() or None
    return str(value)


def current_text(data: Mapping[str, Any], key: str, settings: Settings) -> str | None:
    """The record's value of ``key`` in the form of :func:`value_text`."""
    value = data.get(key)
    if key in ("opened", "resolved") and value is not None:
        when = parse_when(value)
        if when is not None:
            return yaml_scalar(localize(when, settings.timezone))
    return value_text(value)


def render_ticket(values: Mapping[str, Value], settings: Settings) -> str:
    """The file of a new ticket: the imported fields, ``tier: handle``, the checklist
    unticked (as ``escalation new ticket`` writes it) and no engagements."""
    return ticket_skeleton({**values, "tier": Tier.HANDLE.value}, settings)


def edited(raw: RawRecord, edits: Mapping[str, Value], text: str) -> RawRecord:
    """The record ``raw`` with ``edits`` applied, as reading the merged ``text`` gives it.

    Building it from the values instead of parsing ``text`` again saves a YAML parse
    per updated ticket; that the two agree is what the editor's tests assert.
    """
    data = dict(raw.data)
    for key, value in edits.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return RawRecord(raw.path, data, raw.lines, raw.body, raw.body_line, text)


def index_tickets(root: Path, files: Iterable[Path] | None = None) -> dict[str, list[str]]:
    """Ticket ID → the record files with that stem among ``files`` (default: every record
    file under ``tickets/``)."""
    index: dict[str, list[str]] = {}
    for file in find_records(root, TICKETS_DIR).files if files is None else files:
        index.setdefault(file.stem, []).append(relative(root, file))
    return index


def _errors(problems: Iterable[Problem]) -> set[tuple[str, str]]:
    return {(p.code, p.message) for p in problems if p.severity is Severity.ERROR}


@dataclass(slots=True)
class Decision:
    """The outcome of :meth:`Planner._decide` for one ticket, applied only if the ticket
    can be written (a rejected row reports no changes)."""

    edits: dict[str, Value] = field(default_factory=dict)
    remembered: dict[str, str | None] = field(default_factory=dict)
    first_import: list[FieldChange] = field(default_factory=list)
    conflicts: list[FieldChange] = field(default_factory=list)


class Planner:
    """Builds a :class:`Plan` one row at a time."""

    def __init__(self, settings: Settings, admins: Iterable[str], memory: Memory, *,
                 overwrite: bool = False, index: dict[str, list[str]] | None = None) -> None:
        self.settings = settings
        self.admins = frozenset(admins)
        self.overwrite = overwrite
        self.index = index_tickets(settings.root) if index is None else index
        self.plan = Plan(memory={k: dict(v) for k, v in memory.items()})
        self._seen: dict[str, str] = {}

    def add(self, row: ImportRow | RejectedRow) -> None:
        """Plan one row."""
        if isinstance(row, RejectedRow):
            self.plan.rejected.append(row)
            return
        first = self._seen.setdefault(row.id, row.label)
        if first != row.label:
            self._reject(row, f"ticket {row.id} already appears in {first}; only that row"
                              " is imported")
            return
        paths = self.index.get(row.id, [])
        if len(paths) > 1:
            self._reject(row, f"ticket {row.id} has several files ({', '.join(paths)});"
                              " keep one and import again")
        elif paths:
            self._update(row, paths[0])
        else:
            self._create(row)

    def _reject(self, row: ImportRow, reason: str) -> None:
        self.plan.rejected.append(RejectedRow(label=row.label, id=row.id, reasons=(reason,)))

    def _remember(self, ticket_id: str, values: Mapping[str, str | None], *,
                  replace: bool = False) -> None:
        before = self.plan.memory.get(ticket_id)
        after = dict(values) if replace or before is None else {**before, **values}
        if after != before:
            self.plan.memory[ticket_id] = after
            self.plan.memory_changed = True

    def _errors(self, raw: RawRecord | None, found: Iterable[Problem]) -> set[tuple[str, str]]:
        """The errors ``escalation check`` reports for one record with the text ``raw``
        holds, the size limit included (the rules between records give warnings only, so
        the admins' purviews are not needed)."""
        problems = list(found)
        if raw is not None:
            problems += size_problems(len(raw.text.encode("utf-8")), raw.path)
        ticket = load_ticket(raw, self.settings, self.admins, problems) if raw else None
        if ticket is not None:
            problems += check_ticket(ticket, self.settings, {})
        return _errors(problems)

    def _create(self, row: ImportRow) -> None:
        opened = row.values.get("opened")
        assert isinstance(opened, datetime)  # a required field: the row reader made sure
        path = f"{TICKETS_DIR}/{opened.year}/{row.id}.md"
        text = render_ticket(row.values, self.settings)
        errors = self._errors(*parse_record_text(text.encode("utf-8"), path))
        if errors:
            self._reject(row, _not_checkable(errors))
            return
        self.plan.changes.append(FileChange(path=path, old=None, new=text))
        remembered = {f: value_text(row.values[f]) for f in REMEMBERED_FIELDS
                      if f in row.from_tdx}
        self._remember(row.id, remembered, replace=True)

    def _update(self, row: ImportRow, path: str) -> None:
        data, found = read_record_bytes(self.settings.root / path, path)
        raw = None
        if data is not None:
            raw, found = parse_record_text(data, path)
        broken = [p for p in found if p.code.startswith("file.")]
        if data is None or raw is None or broken:
            problem = (broken or found)[0]
            self._reject(row, f"{path}:{problem.line}: {problem.message}; fix the file and"
                              " import again")
            return
        text = data.decode("utf-8")  # it parsed, so it is UTF-8 (a byte order mark kept)
        decision = self._decide(row, path, raw.data)
        edits = decision.edits
        new_text = text
        if edits:
            try:
                key_lines = {key: raw.lines[key] for key in raw.data if key in raw.lines}
                new_text = update_fields(text, edits, TICKET.keys, key_lines)
            except EditError as exc:
                self._reject(row, f"{path}: cannot be updated line by line: {exc}")
                return
            added = self._errors(edited(raw, edits, new_text), ())
            if added:
                added -= self._errors(raw, found)  # errors the file already had are not ours
            if added:
                self._reject(row, _not_checkable(added))
                return
        if new_text == text:
            self.plan.unchanged += 1
        else:
            self.plan.changes.append(FileChange(path=path, old=text, new=new_text))
        self.plan.first_import += decision.first_import
        self.plan.conflicts += decision.conflicts
        self._remember(row.id, decision.remembered)

    def _decide(self, row: ImportRow, path: str, data: Mapping[str, Any]) -> Decision:
        """What to change in one existing ticket, field by field (see the module's table)."""
        memory = self.plan.memory.get(row.id, {})
        decision = Decision()
        for key in REMEMBERED_FIELDS:
            if key not in row.from_tdx:
                continue
            new = value_text(row.values[key])
            current = current_text(data, key, self.settings)
            change = FieldChange(path=path, ticket_id=row.id, field=key, current=current,
                                 tdx=new, remembered=memory.get(key))
            if current == new:
                decision.remembered[key] = new
                continue
            if key not in memory:
                decision.first_import.append(change)
            elif current != memory[key]:
                decision.conflicts.append(change)
                if not self.overwrite:
                    continue
            decision.edits[key] = row.values[key]
            decision.remembered[key] = new
        service = row.values.get("service")
        if ("service" in row.from_tdx and service is not None
                and current_text(data, "service", self.settings) is None):
            decision.edits["service"] = service
        return decision


def _not_checkable(errors: set[tuple[str, str]]) -> str:
    details = "; ".join(f"{message} [{code}]" for code, message in sorted(errors))
    return f"the ticket would not pass 'escalation check': {details}"
