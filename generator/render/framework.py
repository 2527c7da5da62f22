"""The framework page: hand-written prose with the settings filled in at build time.

``docs/reference/framework.md`` holds two marker lines, ``{{ checklist }}`` and
``{{ response_window }}``. The build replaces them with the pre-escalation checklist and
the response window taken from the settings, the same values ``escalation check``
enforces on tickets, so the page and the rules can never disagree. ``check`` reports a
missing or unknown marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from generator.compute.calendar import calendar_for
from generator.compute.metrics import AppliedWindow, windows_by_priority
from generator.read.docs import for_audience
from generator.read.frontmatter import split_front
from generator.render.templating import environment
from generator.schema.knowledge import FRAMEWORK_PAGE, MARKER_LINE
from generator.schema.paths import HAND_WRITTEN
from generator.schema.settings import Audience, Settings

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def business_days_text(days: frozenset[int]) -> str:
    """``Monday to Friday`` for a run of three or more days, else ``Monday and Thursday``."""
    ordered = sorted(days)
    names = [_DAY_NAMES[d] for d in ordered]
    if len(ordered) >= 3 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{names[0]} to {names[-1]}"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseWindow:
    """The response window as the framework page states it."""

    hours: float
    days: float
    """The window in business days of the configured length."""
    business_days: str
    start: str
    end: str
    timezone: str
    holidays: tuple[str, ...]
    by_priority: tuple[tuple[str, AppliedWindow], ...]
    """(priority, the window its engagements have unless the admin declares their own)."""
    due_soon_hours: float

    @classmethod
    def of(cls, settings: Settings) -> ResponseWindow:
        """The windows and business calendar of ``settings``."""
        hours = settings.response_window_hours
        return cls(
            hours=hours,
            by_priority=tuple((priority.value, window) for priority, window
                              in windows_by_priority(None, settings).items()),
            due_soon_hours=settings.due_soon_hours,
            days=hours / calendar_for(settings).hours_per_day,
            business_days=business_days_text(settings.business_days),
            start=settings.business_start.strftime("%H:%M"),
            end=settings.business_end.strftime("%H:%M"),
            timezone=settings.timezone.key,
            holidays=tuple(d.isoformat() for d in sorted(settings.holidays)),
        )


def render_framework(text: str, settings: Settings, audience: Audience) -> str | None:
    """The framework page with its markers filled in, or None if ``audience`` may not see it."""
    shown = for_audience(text, audience)
    if shown is None:
        return None
    env = environment()
    filled = {
        "checklist": env.get_template("reference_checklist.md.j2").render(
            items=settings.checklist).strip("\n"),
        "response_window": env.get_template("reference_response_window.md.j2").render(
            window=ResponseWindow.of(settings)).strip("\n"),
    }

    def fill(match: re.Match[str]) -> str:
        return filled.get(match.group(1), match.group(0))

    parts = split_front(shown)
    head = parts[0] if parts else ""
    body = MARKER_LINE.sub(fill, shown[len(head):])
    return env.get_template("reference_framework.md.j2").render(
        front=Markup(head), body=Markup(body),
        sources=f"{HAND_WRITTEN}/{FRAMEWORK_PAGE} and the settings in {settings.config_path}",
    )
