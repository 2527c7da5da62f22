"""The instant "now" stands for: ``--as-of``, ``$ESCALATION_AS_OF``, or the clock.

One reading for every command, so a build and a report pinned to the same text agree
to the second, spring-forward gap included (naive times follow the business calendar).
"""

from __future__ import annotations

import os
from datetime import datetime

from generator.compute.calendar import BusinessCalendar
from generator.read.fields import parse_when
from generator.schema.fields import within_years, years_expected

AS_OF_VARIABLE = "ESCALATION_AS_OF"


def parse_as_of(text: str, calendar: BusinessCalendar, label: str = "--as-of") -> datetime:
    """An ISO date or datetime; naive means the calendar's timezone, a date its 00:00.

    Raises ValueError naming ``label`` when the text is not a date, or not one in the
    years records may have (:data:`~generator.schema.fields.YEARS`): figures as of the
    year 9999 cannot be computed, and nothing in the records can be dated there.
    """
    value = parse_when(text)
    if value is None:
        raise ValueError(
            f"{label}: expected an ISO 8601 date or datetime such as 2026-11-28 or"
            f" 2026-11-28T12:00 but received {text!r}"
        )
    # the text's own year first: an offset could move the year 9999 off the calendar
    moment = calendar.localize(value) if within_years(value) else None
    if moment is None or not within_years(moment):
        raise ValueError(f"{label}: expected {years_expected()} but received {text!r}")
    return moment


def resolve_as_of(
    option: str | None, calendar: BusinessCalendar, *, use_environment: bool = True
) -> datetime:
    """The option if given, else the environment variable (when allowed), else now."""
    if option:
        return parse_as_of(option, calendar)
    from_env = os.environ.get(AS_OF_VARIABLE) if use_environment else None
    if from_env:
        return parse_as_of(from_env, calendar, AS_OF_VARIABLE)
    return datetime.now(calendar.timezone).replace(microsecond=0)
