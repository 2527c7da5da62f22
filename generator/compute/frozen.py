"""Comparing a frozen weekly snapshot with the figures computed from today's records.

A snapshot keeps the names of the report schema it was frozen under
(:mod:`generator.schema.report`). It is compared under today's names: a renamed figure
is read under its new name, and a figure its schema did not have yet is left out of the
comparison (it was never frozen), which :func:`schema_note` says.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from generator.compute.weekly import WeeklyReport
from generator.read.frozen import FrozenReport
from generator.schema.report import REPORT_SCHEMA, changes_since

_ABSENT = object()


def frozen_differences(
    frozen: FrozenReport, current: WeeklyReport | Mapping[str, Any]
) -> list[str]:
    """One line per figure of ``frozen`` that differs from ``current`` (a report or its JSON)."""
    figures = current.to_json() if isinstance(current, WeeklyReport) else current
    return compare_figures(frozen.figures, figures, schema=frozen.schema)


def flatten_figures(figures: Mapping[str, Any]) -> dict[str, Any]:
    """Report JSON as ``name → value`` with dotted names: ``admins.<slug>.late``,
    ``admins.<slug>.outcomes.declined``, ``opened_by_tier.escalate``, and
    ``outstanding_at_end.<ticket>.<admin>@<sent>`` (its deadline and hours overdue)."""
    flat: dict[str, Any] = {}
    for key, value in figures.items():
        if key == "admins" and isinstance(value, list):
            for entry in value:
                slug = entry.get("admin") if isinstance(entry, dict) else None
                for name, item in (entry.items() if slug is not None else ()):
                    if name == "admin":
                        continue
                    if isinstance(item, dict):
                        flat.update((f"admins.{slug}.{name}.{k}", v) for k, v in item.items())
                    else:
                        flat[f"admins.{slug}.{name}"] = item
        elif key == "outstanding_at_end" and isinstance(value, list):
            for entry in value:
                if not isinstance(entry, dict):
                    flat.setdefault(key, []).append(entry)
                    continue
                name = f"{key}.{entry.get('ticket')}.{entry.get('admin')}@{entry.get('sent')}"
                flat[name] = {k: v for k, v in entry.items()
                              if k not in ("ticket", "admin", "sent")}
        elif isinstance(value, dict):
            for name, item in value.items():
                flat[f"{key}.{name}"] = item
        else:
            flat[key] = value
    return flat


def _admin_figure(name: str) -> str | None:
    """The per-admin figure a flat name is of (``admins.bob.outcomes.x`` → ``outcomes``)."""
    parts = name.split(".", 3)
    return parts[2] if parts[0] == "admins" and len(parts) > 2 else None


def _in_schema(name: str, schema: int) -> bool:
    """Whether a flat name of today's schema is a figure that ``schema`` had."""
    top = name.split(".", 1)[0]
    for change in changes_since(schema):
        if top in change.added or _admin_figure(name) in change.admin_added:
            return False
    return True


def _today_name(name: str, schema: int) -> str:
    """A flat name of ``schema`` under today's name (a renamed figure's new name)."""
    for change in changes_since(schema):
        figure = _admin_figure(name)
        if figure is not None and figure in change.admin_renamed:
            slug = name.split(".")[1]
            rest = name.split(".", 3)[3:]
            name = ".".join(["admins", slug, change.admin_renamed[figure], *rest])
    return name


def _show(value: Any) -> str:
    if value is _ABSENT:
        return "absent"
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def compare_figures(frozen: Mapping[str, Any], current: Mapping[str, Any],
                    schema: int = REPORT_SCHEMA) -> list[str]:
    """``name: frozen X, now Y`` for every figure that differs, in the report's order,
    under today's names; ``frozen`` is of report ``schema``, ``current`` of today's."""
    before = {_today_name(name, schema): value
              for name, value in flatten_figures(frozen).items()}
    after = {name: value for name, value in flatten_figures(current).items()
             if _in_schema(name, schema)}
    names = list(before) + [name for name in after if name not in before]
    lines = []
    for name in names:
        old, new = before.get(name, _ABSENT), after.get(name, _ABSENT)
        if old != new:
            lines.append(f"{name}: frozen {_show(old)}, now {_show(new)}")
    return lines


def schema_note(frozen: FrozenReport) -> str:
    """The snapshot's report schema and, when it is an earlier one, how it is compared:
    ``2, the schema of today's reports`` or ``1, from before today's schema 2; ...``."""
    if frozen.schema == REPORT_SCHEMA:
        return f"{frozen.schema}, the schema of today's reports"
    changes = changes_since(frozen.schema)
    renamed = [f"its per-admin '{old}' is compared as today's '{new}'"
               for change in changes for old, new in change.admin_renamed.items()]
    added = [name for change in changes for name in (*change.admin_added, *change.added)
             if name != "schema"]
    parts = [f"{frozen.schema}, from before today's schema {REPORT_SCHEMA}", *renamed]
    if added:
        parts.append(f"{_words(added)} did not exist yet and are not compared")
    return "; ".join(parts)


def _words(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
