"""What the import tells the person running it: the wording of every message.

Messages are part of the interface (tests compare them exactly). They go to stderr,
one per line, in this order: unused columns, first-import changes, conflicts, files not
written, rejected rows, then the summary as the last line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.tdx.apply import WriteFailure
from generator.tdx.plan import FieldChange, Plan
from generator.tdx.source import Export


def show(value: str | None) -> str:
    """A value in a message: quoted text, or ``nothing``."""
    return "nothing" if value is None else repr(value)


def unused_columns(export: Export, unused: Sequence[str]) -> Iterator[str]:
    """The one note about columns that feed no field."""
    if unused:
        names = ", ".join(repr(name) for name in unused)
        yield (f"{export.name}: {len(unused)} column(s) not imported: {names} (list them"
               " under 'ignore:' in a --map file to silence this note)")


def first_import(change: FieldChange) -> str:
    """A change to a ticket the import never wrote before: TDX's value won."""
    return (f"{change.path}: {change.field}: {show(change.current)} -> {show(change.tdx)}"
            " (first import: TDX's value replaces the record's)")


def conflict(change: FieldChange, overwritten: bool) -> str:
    """A TDX-owned field edited by hand that differs from TDX's value now."""
    outcome = ("overwritten with TDX's value (--overwrite)" if overwritten
               else "kept; pass --overwrite to take TDX's value")
    return (f"{change.path}: conflict in {change.field}: edited by hand to"
            f" {show(change.current)} since the import wrote {show(change.remembered)};"
            f" TDX now says {show(change.tdx)}; {outcome}")


def plan_messages(export: Export, plan: Plan, overwrite: bool,
                  failures: Sequence[WriteFailure] = ()) -> Iterator[str]:
    """Every line about the plan, before the summary."""
    yield from (first_import(change) for change in plan.first_import)
    yield from (conflict(change, overwrite) for change in plan.conflicts)
    for failure in failures:
        yield f"{failure.path}: not written: {failure.reason}"
    for row in plan.rejected:
        ticket = f" (ticket {row.id})" if row.id else ""
        for reason in row.reasons:
            yield f"{export.name} {row.label}{ticket}: rejected: {reason}"


def summary(plan: Plan, *, rows: int, overwrite: bool, dry_run: bool,
            failures: Sequence[WriteFailure] = ()) -> str:
    """The last line: what happened to every row (files not written are not counted as
    created or updated)."""
    failed = {failure.path for failure in failures}
    created = sum(1 for c in plan.changes if c.old is None and c.path not in failed)
    updated = sum(1 for c in plan.changes if c.old is not None and c.path not in failed)
    conflicts = len(plan.conflicts)
    parts = [
        f"{created} created", f"{updated} updated", f"{plan.unchanged} unchanged",
        f"{conflicts} conflict{'s' if conflicts != 1 else ''}"
        f" {'overwritten' if overwrite else 'kept'}",
        f"{len(plan.rejected)} rejected",
    ]
    if failed:
        parts.append(f"{len(failed)} not written")
    prefix = "dry run, nothing written: " if dry_run else ""
    return f"{prefix}{rows} row{'s' if rows != 1 else ''}: {', '.join(parts)}"
