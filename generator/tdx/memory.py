"""What the import last wrote to each ticket: ``tickets/.tdx-import.json``.

A ticket's TDX-owned fields may be edited by hand between imports; telling that edit
apart from a TDX change needs the value the import last wrote. It is kept beside the
records, not in them, so that ticket files stay exactly what people wrote (no extra key
for the record contract, nothing for SC to misread or edit by accident) and so that the
memory of every ticket can be dropped at once by deleting one file (the next import is
then a first import: TDX's values win, each change reported).

The file is JSON with one ticket per line, sorted by ID, so that a scheduled import
commits a small, readable diff. Values are the text written to the record
(``2026-10-12T09:40`` for times); ``null`` means TDX had no value and none was written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from generator.read.files import FileReadError, NotUtf8Error, decode_text, read_file
from generator.schema.paths import MAX_IMPORT_BYTES, TDX_MEMORY_FILE
from generator.tdx.source import JsonError, parse_json

MEMORY_FILE = TDX_MEMORY_FILE
MEMORY_FORMAT = "escalation-tdx-import/1"
REMEMBERED_FIELDS = (
    "title", "classification", "priority", "status", "resolved", "requestor", "department",
)
"""The TDX-owned fields whose hand edits are conflicts (``service`` is only ever filled
in when empty, ``opened`` only written on creation, so neither can conflict)."""

Memory = dict[str, dict[str, str | None]]
"""Ticket ID → field → the text the import last wrote (``None``: no value)."""


class MemoryFileError(Exception):
    """The memory file exists but cannot be used; the import stops before writing."""


def load_memory(root: Path) -> Memory:
    """The memory under ``root`` (empty when the file does not exist)."""
    path = root / MEMORY_FILE
    if not os.path.lexists(path):
        return {}
    hint = ("; restore it from version control, or delete it to make the next import a"
            " first import (TDX's values win over hand edits)")
    try:
        data = parse_json(decode_text(read_file(path, MAX_IMPORT_BYTES), bom=False))
    except FileReadError as exc:
        raise MemoryFileError(f"cannot read {MEMORY_FILE}: {exc.reason}") from None
    except (NotUtf8Error, JsonError) as exc:
        where = f"line {exc.line}: " if isinstance(exc, NotUtf8Error) else ""
        raise MemoryFileError(f"{MEMORY_FILE}: {where}{exc}{hint}") from None
    tickets = data.get("tickets") if isinstance(data, dict) else None
    if not isinstance(tickets, dict) or data.get("format") != MEMORY_FORMAT:
        raise MemoryFileError(f"{MEMORY_FILE}: expected format {MEMORY_FORMAT!r} with a"
                           f" 'tickets' mapping{hint}")
    memory: Memory = {}
    for ticket_id, fields in tickets.items():
        if not isinstance(fields, dict) or not all(
            isinstance(v, str | None) for v in fields.values()
        ):
            raise MemoryFileError(f"{MEMORY_FILE}: ticket {ticket_id!r}: expected a mapping of"
                               f" field names to text or null{hint}")
        memory[str(ticket_id)] = {str(k): v for k, v in fields.items()}
    return memory


def render_memory(memory: Mapping[str, Mapping[str, str | None]]) -> str:
    """The memory file's text: stable, one ticket per line."""
    lines = [
        "{",
        f'  "format": {json.dumps(MEMORY_FORMAT)},',
        '  "about": "What escalation import tdx last wrote to each ticket\'s TDX-owned'
        ' fields; see docs/guides/import-tdx.md. Not for editing by hand.",',
        '  "tickets": {',
    ]
    ids = sorted(memory)
    for number, ticket_id in enumerate(ids):
        fields = json.dumps(dict(sorted(memory[ticket_id].items())), ensure_ascii=False)
        comma = "," if number < len(ids) - 1 else ""
        lines.append(f"    {json.dumps(ticket_id, ensure_ascii=False)}: {fields}{comma}")
    lines += ["  }", "}", ""]
    return "\n".join(lines)
