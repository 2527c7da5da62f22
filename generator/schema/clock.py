"""Wall-clock readings and the instants they name, in a timezone with daylight saving time.

Records are written on the configured timezone's clock. Twice a year that clock is not
a one-to-one name for instants: at a fall-back the hour before the change is read twice
(``2026-11-01T01:30`` in America/Chicago is 06:30Z and again 07:30Z), and at a
spring-forward an hour is skipped (``2026-03-08T02:30`` never happens there). A
repeated reading names its instant only with its UTC offset, and so is written with it;
a skipped one names none. Python compares two datetimes of the same zone by their
wall-clock reading, ignoring which occurrence is meant, so every comparison goes
through :func:`utc`.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime, tzinfo

__all__ = ["Reading", "needs_offset", "reading_of", "sole_instant", "utc"]


class Reading(enum.Enum):
    """What a naive wall-clock reading is in a timezone."""

    ONE = "one"
    """It names exactly one instant."""
    REPEATED = "repeated"
    """The clock shows it twice (the hour before a fall-back)."""
    SKIPPED = "skipped"
    """The clock never shows it (the hour a spring-forward jumps over)."""


def utc(moment: datetime) -> datetime:
    """``moment`` as a UTC datetime, so that comparisons are between instants."""
    return moment.astimezone(UTC)


def sole_instant(naive: datetime, tz: tzinfo) -> datetime | None:
    """The instant the naive wall-clock reading ``naive`` names in ``tz`` (aware), when
    it names exactly one; None when it is repeated or skipped there."""
    first = naive.replace(tzinfo=tz, fold=0)
    return first if first.utcoffset() == first.replace(fold=1).utcoffset() else None


def reading_of(naive: datetime, tz: tzinfo) -> Reading:
    """Whether the naive wall-clock reading ``naive`` names one instant in ``tz``."""
    if sole_instant(naive, tz) is not None:
        return Reading.ONE
    first = naive.replace(tzinfo=tz, fold=0)
    # PEP 495: in a repeated hour fold=0 is the first occurrence and reads back as itself;
    # in a skipped hour neither fold reads back.
    back = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return Reading.REPEATED if back == naive.replace(fold=0) else Reading.SKIPPED


def needs_offset(moment: datetime) -> bool:
    """Whether an aware ``moment``'s wall-clock reading alone would not name it: the
    reading is repeated (or skipped) in its own zone, so only the offset says which."""
    if moment.tzinfo is None:
        return False
    return moment.utcoffset() != moment.replace(fold=1 - moment.fold).utcoffset()
