"""What every sub-command shares: the config option, errors for the user, loading, now."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from generator.check.project import check_project
from generator.compute.as_of import resolve_as_of
from generator.compute.calendar import calendar_for
from generator.read.cache import load_cache
from generator.read.fields import instant_in, parse_when
from generator.read.project import Project, load_project
from generator.read.settings import load_settings
from generator.render.problems import format_problems
from generator.schema.fields import within_years, years_expected
from generator.schema.problems import Problem, Severity
from generator.schema.settings import Settings
from generator.write.record_cache import save_cache


class UsageError(Exception):
    """The command was called wrongly; exit status 2 with this message."""


class CommandFailed(Exception):
    """The command could not do what was asked; exit status 1 with this message."""


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """``-f/--config-file``, as in mkdocs."""
    parser.add_argument(
        "-f", "--config-file", metavar="FILE", default=os.environ.get("ESCALATION_CONFIG",
                                                                     "mkdocs.yml"),
        help="the site configuration; records are found relative to its folder"
        " (default: mkdocs.yml)",
    )


def open_project(args: argparse.Namespace) -> Project:
    """Load settings and records; :class:`~generator.read.settings.ConfigError` if unusable."""
    settings, problems = load_settings(Path(args.config_file))
    return load_with_cache(settings, problems)


def load_with_cache(settings: Settings, problems: Iterable[Problem] = (), *,
                    internal: bool = True) -> Project:
    """:func:`~generator.read.project.load_project` through the disk cache of parsed
    record files (:mod:`generator.read.cache`), which it then updates."""
    cache = load_cache(settings.root)
    project = load_project(settings, problems, internal=internal, cache=cache)
    save_cache(settings.root, cache)
    return project


def refuse_record_errors(project: Project, command: str) -> int:
    """Print the record errors ``check`` finds and return the exit status (2 when one is
    in the settings, else 1), or 0 when there are none: figures taken from broken records
    are not evidence, so the commands that print figures refuse them."""
    errors = [p for p in check_project(project) if p.severity is Severity.ERROR]
    if not errors:
        return 0
    sys.stderr.write(format_problems(errors, "text"))
    say(f"escalation {command}: {len(errors)} error(s) in the records; fix them first"
        " (see 'escalation check'): figures from broken records are not evidence")
    return 2 if settings_errors(errors) else 1


def settings_errors(problems: list[Problem]) -> bool:
    """Whether any problem is an error in the settings (a configuration error: exit 2)."""
    return any(
        p.code.startswith("settings.") and p.severity is Severity.ERROR for p in problems
    )


def refusal(problems: Iterable[Problem], summary: str) -> str:
    """``summary:`` and ``problems`` as ``check`` prints them, one an indented line: how
    every writer says why it wrote nothing."""
    return "\n".join([f"{summary}:", *(f"  {p.format_text()}" for p in problems)])


def say(message: str) -> None:
    """A line for the person at the terminal (stderr, so stdout stays machine-readable)."""
    print(message, file=sys.stderr)


def wall_clock_now(settings: Settings) -> datetime:
    """Now, to the minute, as an aware datetime on the configured timezone's clock.

    "Now" is ``$ESCALATION_AS_OF`` when that is set, as for every command
    (:func:`~generator.compute.as_of.resolve_as_of`), so that a run can be repeated. It
    stays aware so that a writer can tell the two readings of a repeated hour apart.
    """
    try:
        now = resolve_as_of(None, calendar_for(settings))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return now.astimezone(settings.timezone).replace(second=0, microsecond=0)


def moment_option(flag: str, text: str, settings: Settings, *, dates: bool = True
                  ) -> datetime | date:
    """An option's date or datetime (``--opened``, ``--at``) by the rules of a record's
    value: a date stays a date (refused unless ``dates``); a datetime becomes aware in the
    configured timezone, a naive one read on its clock. Refused: text that is no date, a
    year outside the records' years, a reading the clocks skip."""
    parsed = parse_when(text)
    if parsed is None or not (dates or isinstance(parsed, datetime)):
        expected = "a date or datetime" if dates else "a date and time"
        raise UsageError(f"{flag} {text!r}: expected {expected} such as 2026-11-16T09:30")
    if not isinstance(parsed, datetime):
        if not within_years(parsed):
            raise UsageError(f"{flag} {text!r}: expected {years_expected()}")
        return parsed
    try:
        # the text's own year first: an offset could move the year 9999 off the calendar
        moment = instant_in(parsed, settings.timezone) if within_years(parsed) else None
    except ValueError as exc:
        raise UsageError(f"{flag} {text!r} {exc}") from None
    if moment is None or not within_years(moment):
        raise UsageError(f"{flag} {text!r}: expected {years_expected()}")
    return moment.replace(microsecond=0)
