"""Read a TDX export (a report saved as CSV, or Web API search results as JSON) into rows.

Nothing is interpreted here but the file format: every row keeps its raw cells, aligned
with the header, and the label people use to find it (``row 7``: the CSV record number
with the header as row 1, as a spreadsheet shows it; ``item 3`` in a JSON array). A row
whose shape is wrong (too many or too few cells, not an object) carries the reason and
is rejected later, with the others still imported.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.read.files import FileReadError, NotUtf8Error, decode_text, read_file
from generator.read.json_values import json_strings
from generator.schema.paths import MAX_IMPORT_BYTES

FORMATS = ("csv", "json")


class SourceError(Exception):
    """The export cannot be read at all; the import stops before writing anything."""


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One row of the export: its label, raw cells aligned with the header, a shape problem."""

    label: str
    cells: tuple[Any, ...]
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Export:
    """The header and the rows of one export file."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[SourceRow, ...]


def guess_format(path: Path) -> str:
    """``json`` for a ``.json`` file, else ``csv`` (what TDX's report export writes)."""
    return "json" if path.suffix.lower() == ".json" else "csv"


def read_export(path: Path, fmt: str | None = None) -> Export:
    """Read ``path`` as ``fmt`` (guessed from the suffix when ``None``)."""
    try:
        text = decode_text(read_file(path, MAX_IMPORT_BYTES))
    except FileReadError as exc:
        raise SourceError(f"cannot read {path}: {exc.reason}") from None
    except NotUtf8Error as exc:
        raise SourceError(
            f"{path}: line {exc.line}: byte {exc.start} is not UTF-8; save the TDX report as"
            " CSV in UTF-8 (TDX's own export already is)"
        ) from None
    if (fmt or guess_format(path)) == "json":
        return _read_json(text, path.name)
    return _read_csv(text, path.name)


def _read_csv(text: str, name: str) -> Export:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise SourceError(f"{name}: line {reader.line_num}: not valid CSV: {exc}") from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise SourceError(f"{name}: expected a header row of column names on row 1")
    headers = tuple(cell.strip() for cell in records[0])
    rows: list[SourceRow] = []
    width = len(headers)
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line; spreadsheets show it as an empty row
        label = f"row {number}"
        extra = cells[width:]
        if len(cells) < width:
            problem = (f"has {len(cells)} cells but the header has {width}"
                       " (a cut-off row or a line break outside quotes?)")
            rows.append(SourceRow(label, tuple(cells), problem))
        elif any(cell.strip() for cell in extra):
            problem = (f"has {len(cells)} cells but the header has {width}"
                       " (a comma in a value that is not quoted?)")
            rows.append(SourceRow(label, tuple(cells), problem))
        else:
            rows.append(SourceRow(label, tuple(cells[:width])))
    return Export(name, headers, tuple(rows))


class JsonError(ValueError):
    """JSON that would be misread; the message says why, with the line where one is known."""


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key that appears twice (``json`` would keep the last)."""
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u([dD][89a-fA-F][0-9a-fA-F]{2})")


def parse_json(text: str) -> Any:
    """JSON text as values; :class:`JsonError` for what a reader would misread.

    Refused: invalid JSON, a key twice in one object, nesting deeper than Python can
    read, and a ``\\ud800``-style escape that is half of a surrogate pair (not a
    character: it cannot be written to a UTF-8 file).
    """
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise JsonError(f"line {exc.lineno}: not valid JSON: {exc.msg}") from None
    except _DuplicateKey as exc:
        raise JsonError(f"key {exc.key!r} appears twice in one object; JSON readers keep"
                        " only one of them") from None
    except RecursionError:
        raise JsonError("its JSON is nested too deeply") from None
    if _SURROGATE_ESCAPE.search(text) and _has_surrogate(data):
        line, escape = _lone_escape(text)
        raise JsonError(f"line {line}: {escape} is half of a UTF-16 surrogate pair, not a"
                        " character")
    return data


def _has_surrogate(data: Any) -> bool:
    return any(_SURROGATE.search(text) for text in json_strings(data))


def _lone_escape(text: str) -> tuple[int, str]:
    """The line and text of the first escape that is not part of a surrogate pair."""
    matches = list(_SURROGATE_ESCAPE.finditer(text))
    paired: set[int] = set()
    for match, after in itertools.pairwise(matches):
        high = int(match.group(1), 16) < 0xDC00
        if high and after.start() == match.end() and int(after.group(1), 16) >= 0xDC00:
            paired |= {match.start(), after.start()}
    lone = next((m for m in matches if m.start() not in paired), matches[0])
    return text.count("\n", 0, lone.start()) + 1, lone.group(0)


def _read_json(text: str, name: str) -> Export:
    try:
        data = parse_json(text)
    except JsonError as exc:
        raise SourceError(f"{name}: {exc}") from None
    if not isinstance(data, list):
        raise SourceError(f"{name}: expected a JSON array of ticket objects (the Web API's"
                          " search results)")
    headers: dict[str, None] = {}
    for item in data:
        if isinstance(item, dict):
            headers.update(dict.fromkeys(str(key) for key in item))
    names = tuple(headers)
    rows: list[SourceRow] = []
    for number, item in enumerate(data, start=1):
        label = f"item {number}"
        if not isinstance(item, dict):
            rows.append(SourceRow(label, (), "is not a JSON object of ticket fields"))
            continue
        values = {str(key): value for key, value in item.items()}
        rows.append(SourceRow(label, tuple(values.get(h) for h in names)))
    return Export(name, names, tuple(rows))
