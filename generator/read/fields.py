"""Typed reading of front-matter fields, reporting every mistake as a located problem.

One :class:`FieldReader` serves one file: each method reads one key of a mapping,
returns the typed value (or ``None``) and appends a problem instead of raising.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, tzinfo
from typing import Any, TypeVar, cast

from generator.schema.clock import Reading, reading_of, sole_instant
from generator.schema.fields import LARGEST_NUMBER, YEARS, within_years, years_expected
from generator.schema.problems import Problem, did_you_mean, make_problem
from generator.schema.records import Priority, ResponseWindow, WindowCalendar
from generator.schema.weeks import local_midnight

E = TypeVar("E", bound=enum.Enum)

MISSING: Any = object()
__all__ = ["YEARS", "FieldReader", "describe", "instant_in", "localize", "parse_when",
           "reading_problem"]


def display_path(key_path: str) -> str:
    """``escalations.0.response.at`` → ``escalations[0].response.at``."""
    out = ""
    for part in key_path.split("."):
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out


def describe(value: Any) -> str:
    """A short, user-facing description of a value's type and content."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime):
        return f"the datetime {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def parse_when(value: Any) -> datetime | date | None:
    """A YAML timestamp or ISO 8601 text as a date or (maybe naive) datetime, else None."""
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


def localize(value: datetime | date, tz: tzinfo) -> datetime:
    """The instant ``value`` names in ``tz``, as an aware datetime in ``tz``.

    A bare date is the first instant of that day; aware datetimes convert. A naive
    datetime is a wall-clock reading in ``tz``: a repeated one (a fall-back) is its first
    occurrence, as zoneinfo's ``fold=0``. :func:`reading_problem` says when the reading
    is repeated or skipped.
    """
    if not isinstance(value, datetime):
        return local_midnight(value, tz)
    if value.tzinfo is None:
        return value.replace(tzinfo=tz, fold=0)
    return value.astimezone(tz)


def instant_in(value: datetime | date, tz: tzinfo) -> datetime:
    """:func:`localize`, refusing with ValueError (whose text says why) a naive reading the
    clocks skip in ``tz``: it names no instant."""
    issue = reading_problem(value, tz)
    if issue is not None and issue[0] == "nonexistent-time":
        raise ValueError(issue[1])
    return localize(value, tz)


def reading_problem(value: datetime | date, tz: tzinfo) -> tuple[str, str] | None:
    """(problem name, message tail) when ``value`` is a naive wall-clock reading that
    does not name exactly one instant in ``tz``; None when it does (or is aware, or a date).

    A skipped reading (``ticket.nonexistent-time``) names no instant; a repeated one
    (``ticket.ambiguous-time``) is read as its first occurrence.
    """
    if not isinstance(value, datetime) or value.tzinfo is not None:
        return None
    reading = reading_of(value, tz)
    if reading is Reading.ONE:
        return None
    first = value.replace(tzinfo=tz, fold=0)
    second = value.replace(tzinfo=tz, fold=1)
    offsets = f"{_offset(first)} or {_offset(second)}"
    if reading is Reading.SKIPPED:
        return ("nonexistent-time",
                f"does not exist in {tz}: the clocks skip that hour when they spring"
                f" forward; write the instant meant with its UTC offset ({offsets})")
    return ("ambiguous-time",
            f"happens twice in {tz}, where the clocks fall back that night; read as the"
            f" first time ({first.isoformat(timespec='minutes')}): write the UTC offset"
            f" ({offsets}) to say which")


def _offset(moment: datetime) -> str:
    """``-05:00``: the UTC offset of an aware datetime as ISO 8601 writes it."""
    return moment.isoformat(timespec="minutes")[16:]


class FieldReader:
    """Reads typed fields of one file, collecting problems with codes ``<kind>.<name>``."""

    def __init__(
        self,
        path: str,
        line_of: Callable[[str], int],
        kind: str,
        problems: list[Problem],
        tz: tzinfo | None = None,
        *,
        noun: str = "field",
    ) -> None:
        self.path = path
        self.line_of = line_of
        self.kind = kind
        self.problems = problems
        self.tz = tz
        self.noun = noun

    def report(self, key_path: str, name: str, message: str) -> None:
        """Append a problem ``<kind>.<name>`` at the line of ``key_path``."""
        self.problems.append(
            make_problem(self.path, self.line_of(key_path), f"{self.kind}.{name}", message)
        )

    def label(self, key_path: str) -> str:
        """How messages name ``key_path``: ``field 'escalations[0].at'``."""
        return f"{self.noun} {display_path(key_path)!r}"

    def _get(self, mapping: Mapping[str, Any], key: str, key_path: str, required: bool) -> Any:
        value = mapping.get(key, MISSING)
        if value is MISSING or value is None or value == "":
            if required:
                label = self.label(key_path)
                if value is MISSING:
                    message = f"{label}: required {self.noun} is missing"
                else:
                    message = f"{label}: expected a value but received {describe(value)}"
                self.report(key_path, "missing-field", message)
            return MISSING
        return value

    def wrong_type(self, key_path: str, expected: str, value: Any) -> None:
        """Report that ``key_path`` holds a value of the wrong type."""
        self.report(
            key_path,
            "wrong-type",
            f"{self.label(key_path)}: expected {expected} but received {describe(value)}",
        )

    def text(
        self, mapping: Mapping[str, Any], key: str, key_path: str, *, required: bool = False,
        max_length: int | None = None,
    ) -> str | None:
        """A non-empty string (numbers are refused: IDs and names are text), of at most
        ``max_length`` characters when given."""
        value = self._get(mapping, key, key_path, required)
        if value is MISSING:
            return None
        if not isinstance(value, str):
            self.wrong_type(key_path, "text", value)
            return None
        stripped = value.strip()
        if not stripped:
            if required:
                self.report(
                    key_path,
                    "missing-field",
                    f"{self.label(key_path)}: expected non-empty text but received {value!r}",
                )
            return None
        if max_length is not None and len(stripped) > max_length:
            self.report(
                key_path,
                "invalid-value",
                f"{self.label(key_path)}: expected text of at most {max_length} characters"
                f" but received {len(stripped)} characters",
            )
            return None
        return stripped

    def enum(
        self,
        mapping: Mapping[str, Any],
        key: str,
        key_path: str,
        enum_cls: type[E],
        *,
        required: bool = False,
    ) -> E | None:
        """One of the values of ``enum_cls``, with a close-match suggestion on a typo."""
        value = self._get(mapping, key, key_path, required)
        if value is MISSING:
            return None
        if isinstance(value, str):
            member = enum_cls._value2member_map_.get(value)
            if member is not None:
                return cast(E, member)
        choices = [str(member.value) for member in enum_cls]
        received = describe(value)
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        self.report(
            key_path,
            "invalid-value",
            f"{self.label(key_path)}: expected one of {', '.join(choices)}"
            f" but received {received}{hint}",
        )
        return None

    def _moment(
        self, mapping: Mapping[str, Any], key: str, key_path: str, required: bool, expected: str
    ) -> tuple[Any, datetime | date] | None:
        """The raw value and its parsed date or datetime, or None (reported if unparsable)."""
        value = self._get(mapping, key, key_path, required)
        if value is MISSING:
            return None
        parsed = parse_when(value)
        if parsed is None:
            self.report(
                key_path,
                "bad-date",
                f"{self.label(key_path)}: expected {expected} but received {describe(value)}",
            )
            return None
        return value, parsed

    def when(
        self, mapping: Mapping[str, Any], key: str, key_path: str, *, required: bool = False
    ) -> datetime | None:
        """A date or datetime, localised to the reader's timezone."""
        found = self._moment(mapping, key, key_path, required,
                             "a date or datetime such as 2026-11-16 or 2026-11-16T09:30")
        if found is None:
            return None
        value, parsed = found
        assert self.tz is not None
        # an offset can move a year beyond the bounds off the calendar: judge the text first
        if not self._plausible(parsed, value, key_path):
            return None
        if isinstance(parsed, datetime) and parsed.tzinfo is None:
            # the common case, a reading that names one instant, without the detour of
            # reading_problem and localize (which would compute this very value)
            sole = sole_instant(parsed, self.tz)
            if sole is not None:
                return sole if self._plausible(sole, value, key_path) else None
        issue = reading_problem(parsed, self.tz)
        if issue is not None:
            name, tail = issue
            self.report(key_path, name, f"{self.label(key_path)}: {describe(value)} {tail}")
            if name == "nonexistent-time":
                return None
        moment = localize(parsed, self.tz)
        return moment if self._plausible(moment, value, key_path) else None

    def day(
        self, mapping: Mapping[str, Any], key: str, key_path: str, *, required: bool = False
    ) -> date | None:
        """A calendar date (a datetime is accepted and cut to its date)."""
        found = self._moment(mapping, key, key_path, required, "a date such as 2026-11-16")
        if found is None:
            return None
        value, parsed = found
        day = parsed.date() if isinstance(parsed, datetime) else parsed
        return day if self._plausible(day, value, key_path) else None

    def _plausible(self, moment: date, value: Any, key_path: str) -> bool:
        """Whether a date lies in the years records can mean; reported when not.

        A typo such as 0202 or 9026 would otherwise pass and then make every weekly page
        from that year to now, or overflow the business calendar.
        """
        if within_years(moment):
            return True
        self.report(
            key_path,
            "bad-date",
            f"{self.label(key_path)}: expected {years_expected()} but received {describe(value)}",
        )
        return False

    def boolean(
        self, mapping: Mapping[str, Any], key: str, key_path: str, *, default: bool
    ) -> bool:
        """``true`` or ``false``; anything else is reported and the default kept."""
        value = self._get(mapping, key, key_path, False)
        if value is MISSING:
            return default
        if not isinstance(value, bool):
            self.wrong_type(key_path, "true or false", value)
            return default
        return value

    def number(
        self,
        mapping: Mapping[str, Any],
        key: str,
        key_path: str,
        *,
        minimum: float = 0.0,
        maximum: float | None = None,
    ) -> float | None:
        """A number no smaller than ``minimum`` and, when given, no larger than ``maximum``."""
        value = self._get(mapping, key, key_path, False)
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.wrong_type(key_path, "a number", value)
            return None
        if (isinstance(value, float) and math.isnan(value)) or value > LARGEST_NUMBER:
            self.report(
                key_path,
                "invalid-value",
                f"{self.label(key_path)}: expected a finite number of at most {LARGEST_NUMBER:g}"
                f" but received {describe(value)}",
            )
            return None
        if maximum is not None and value > maximum:
            self.report(
                key_path,
                "invalid-value",
                f"{self.label(key_path)}: expected a number of at most {maximum:g}"
                f" but received {describe(value)}",
            )
            return None
        if value < minimum:
            self.report(
                key_path,
                "invalid-value",
                f"{self.label(key_path)}: expected a number of at least {minimum:g}"
                f" but received {describe(value)}",
            )
            return None
        return float(value)

    def windows(
        self,
        mapping: Mapping[str, Any],
        key: str,
        key_path: str,
        *,
        minimum: float = 0.0,
        maximum: float | None = None,
    ) -> dict[Priority, ResponseWindow] | None:
        """Response windows per ticket priority: each a number of hours (business
        calendar) or ``{hours, calendar}``; None when absent or when any entry is bad
        (each mistake reported), so that no window is silently half-read."""
        value = self._get(mapping, key, key_path, False)
        if value is MISSING:
            return None
        if not isinstance(value, dict):
            self.wrong_type(key_path, "a mapping of priority to hours or {hours, calendar},"
                            " such as {critical: {hours: 4, calendar: always}}", value)
            return None
        windows: dict[Priority, ResponseWindow] = {}
        complete = True
        for name in value:
            path = f"{key_path}.{name}"
            priority = Priority._value2member_map_.get(name) if isinstance(name, str) else None
            if priority is None:
                choices = [member.value for member in Priority]
                hint = did_you_mean(name, choices) if isinstance(name, str) else ""
                self.report(path, "invalid-value",
                            f"{self.label(path)}: expected a ticket priority, one of"
                            f" {', '.join(choices)}, but received {describe(name)}{hint}")
            window = self._window(value, name, path, minimum, maximum)
            if priority is None or window is None:
                complete = False
            else:
                windows[cast(Priority, priority)] = window
        return windows if complete else None

    def _window(self, mapping: Mapping[str, Any], key: str, key_path: str, minimum: float,
                maximum: float | None) -> ResponseWindow | None:
        """One entry of :meth:`windows`: a number, or a mapping with hours and calendar."""
        entry = mapping[key]
        if isinstance(entry, int | float) and not isinstance(entry, bool):
            hours = self.number(mapping, key, key_path, minimum=minimum, maximum=maximum)
            return None if hours is None else ResponseWindow(hours=hours)
        if not isinstance(entry, dict):
            self.wrong_type(key_path, "a number of hours or {hours, calendar}", entry)
            return None
        self.unknown_keys(entry, ("hours", "calendar"), key_path)
        hours_path = f"{key_path}.hours"
        present = self._get(entry, "hours", hours_path, True) is not MISSING
        hours = self.number(entry, "hours", hours_path, minimum=minimum,
                            maximum=maximum) if present else None
        calendar = self.enum(entry, "calendar", f"{key_path}.calendar", WindowCalendar)
        if calendar is None and entry.get("calendar") not in (None, ""):
            return None
        if hours is None:
            return None
        return ResponseWindow(hours=hours, calendar=calendar or WindowCalendar.BUSINESS)

    def text_list(
        self, mapping: Mapping[str, Any], key: str, key_path: str
    ) -> tuple[str, ...]:
        """A list of non-empty strings (a single string is refused: say what you mean)."""
        value = self._get(mapping, key, key_path, False)
        if value is MISSING:
            return ()
        if not isinstance(value, list):
            self.wrong_type(key_path, "a list of text", value)
            return ()
        items: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.wrong_type(f"{key_path}.{index}", "non-empty text", item)
                continue
            items.append(item.strip())
        return tuple(items)

    def mapping(
        self, mapping: Mapping[str, Any], key: str, key_path: str, *, required: bool = False
    ) -> dict[str, Any] | None:
        """A nested mapping."""
        value = self._get(mapping, key, key_path, required)
        if value is MISSING:
            return None
        if not isinstance(value, dict):
            self.wrong_type(key_path, "a mapping", value)
            return None
        return value

    def sequence(self, mapping: Mapping[str, Any], key: str, key_path: str) -> list[Any]:
        """A list (absent or empty gives an empty list)."""
        value = self._get(mapping, key, key_path, False)
        if value is MISSING:
            return []
        if not isinstance(value, list):
            self.wrong_type(key_path, "a list", value)
            return []
        return value

    def unknown_keys(
        self, mapping: Mapping[str, Any], allowed: Iterable[str], key_path: str = ""
    ) -> None:
        """Warn about keys outside ``allowed``, suggesting the closest known one."""
        known = list(allowed)
        for key in mapping:
            if key in known:
                continue
            path = f"{key_path}.{key}" if key_path else key
            self.report(
                path,
                "unknown-key",
                f"{self.label(path)}: unknown {self.noun}{did_you_mean(key, known)}",
            )
