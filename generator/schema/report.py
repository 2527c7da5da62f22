"""The weekly report's JSON schemas: the one this version writes, and what each one
changed, so that a snapshot frozen under an earlier schema is still read and compared.

Schema 1 had no ``schema`` key; each admin's count of engagements with a response was
named ``answered``. Schema 2 (issue 16) starts with ``"schema": 2``, renames that count
``responded`` (the same count: any response by A, whatever its outcome; ``answered`` is
now one of the outcomes) and adds ``outcomes`` per admin, ``outstanding_at_end`` and
``unowned_at_end``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["REPORT_SCHEMA", "REPORT_SCHEMAS", "SCHEMA_CHANGES", "SchemaChange",
           "changes_since"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SchemaChange:
    """What one schema changed against the one before it."""

    schema: int
    """The schema that made the change."""
    added: tuple[str, ...] = ()
    """Top-level figures it added."""
    admin_added: tuple[str, ...] = ()
    """Per-admin figures it added."""
    admin_renamed: Mapping[str, str] = field(default_factory=dict)
    """Per-admin figures it renamed, old name → new name (the meaning unchanged)."""


SCHEMA_CHANGES = (
    SchemaChange(schema=2, added=("schema", "outstanding_at_end", "unowned_at_end"),
                 admin_added=("outcomes",), admin_renamed={"answered": "responded"}),
)
"""Every change, oldest first."""
REPORT_SCHEMA = SCHEMA_CHANGES[-1].schema
"""The schema of the report JSON this version writes (its ``schema`` key)."""
REPORT_SCHEMAS = tuple(range(1, REPORT_SCHEMA + 1))
"""The schemas a frozen snapshot may have: every one this version reads and compares."""


def changes_since(schema: int) -> tuple[SchemaChange, ...]:
    """The changes made after ``schema``, oldest first (none for the current one)."""
    return tuple(change for change in SCHEMA_CHANGES if change.schema > schema)
