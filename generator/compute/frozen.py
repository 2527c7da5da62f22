"""Comparing a frozen weekly snapshot with the figures computed from today's records."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from generator.compute.weekly import WeeklyReport
from generator.read.frozen import FrozenReport

_ABSENT = object()


def frozen_differences(
    frozen: FrozenReport, current: WeeklyReport | Mapping[str, Any]
) -> list[str]:
    """One line per figure of ``frozen`` that differs from ``current`` (a report or its JSON)."""
    figures = current.to_json() if isinstance(current, WeeklyReport) else current
    return compare_figures(frozen.figures, figures)


def flatten_figures(figures: Mapping[str, Any]) -> dict[str, Any]:
    """Report JSON as ``name → value`` with dotted names (``admins.<slug>.late``)."""
    flat: dict[str, Any] = {}
    for key, value in figures.items():
        if key == "admins" and isinstance(value, list):
            for entry in value:
                slug = entry.get("admin") if isinstance(entry, dict) else None
                for name, item in (entry.items() if slug is not None else ()):
                    if name != "admin":
                        flat[f"admins.{slug}.{name}"] = item
        elif isinstance(value, dict):
            for name, item in value.items():
                flat[f"{key}.{name}"] = item
        else:
            flat[key] = value
    return flat


def _show(value: Any) -> str:
    if value is _ABSENT:
        return "absent"
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def compare_figures(frozen: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    """``name: frozen X, now Y`` for every figure that differs, in the report's order."""
    before, after = flatten_figures(frozen), flatten_figures(current)
    names = list(before) + [name for name in after if name not in before]
    lines = []
    for name in names:
        old, new = before.get(name, _ABSENT), after.get(name, _ABSENT)
        if old != new:
            lines.append(f"{name}: frozen {_show(old)}, now {_show(new)}")
    return lines
