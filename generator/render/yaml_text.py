"""Writing record values as YAML text that reads back to exactly the same value."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache

from generator.schema.clock import needs_offset

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ._/()-]*$")
_RESERVED = frozenset(
    {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}
)


# JSON leaves these raw, but YAML reads some as line breaks and the record reader refuses
# all of them: escape them so every written value reads back.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_INVISIBLE_BREAKS = {
    code: f"\\u{code:04x}" for code in [*range(0x7F, 0xA0), 0x2028, 0x2029, 0xFEFF]
}


Scalar = str | bool | int | float | date | datetime | None
"""A value :func:`yaml_scalar` writes on one line."""


def yaml_scalar(value: Scalar) -> str:
    """One YAML scalar on one line: plain where that is unambiguous, else double-quoted.

    Datetimes are written as wall-clock time (no offset): records are in the configured
    timezone, and an aware datetime must be in it. Where its reading alone would not say
    which instant is meant (the repeated hour of a fall-back), the UTC offset is written
    too: ``2026-11-01T01:30-06:00``.

    Double-quoted JSON strings are valid YAML, so any text (quotes, colons, ``#``,
    leading symbols, non-ASCII) survives the round trip.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime):
        timespec = "seconds" if value.second else "minutes"
        if needs_offset(value):
            return value.isoformat(timespec=timespec)
        return value.replace(tzinfo=None).isoformat(timespec=timespec)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False).translate(_INVISIBLE_BREAKS)


@lru_cache(maxsize=256)
def yaml_comment(text: str) -> str:
    """Text for a ``# comment`` after a value: one line of printable text."""
    return " ".join(_UNPRINTABLE.sub(" ", text).split())


def mapping_lines(fields: Mapping[str, Scalar], indent: int,
                  first_prefix: str | None = None) -> list[str]:
    """``key: value`` lines at ``indent``, in order; the first may start with
    ``first_prefix`` instead (``  - `` for a list item)."""
    out = []
    for number, (key, value) in enumerate(fields.items()):
        prefix = first_prefix if number == 0 and first_prefix is not None else " " * indent
        out.append(f"{prefix}{key}: {yaml_scalar(value)}")
    return out
