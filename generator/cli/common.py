"""What every sub-command shares: the config option, errors for the user, loading, now."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from generator.compute.as_of import AS_OF_VARIABLE, resolve_as_of
from generator.compute.calendar import calendar_for
from generator.read.project import Project, load_project
from generator.read.settings import load_settings
from generator.schema.problems import Problem, Severity
from generator.schema.settings import Settings


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
    return load_project(settings, problems)


def settings_errors(problems: list[Problem]) -> bool:
    """Whether any problem is an error in the settings (a configuration error: exit 2)."""
    return any(
        p.code.startswith("settings.") and p.severity is Severity.ERROR for p in problems
    )


def say(message: str) -> None:
    """A line for the person at the terminal (stderr, so stdout stays machine-readable)."""
    print(message, file=sys.stderr)


def wall_clock_now(settings: Settings) -> datetime:
    """Now, to the minute, as a naive time on the configured timezone's clock.

    "Now" is ``$ESCALATION_AS_OF`` when that is set, as for every command
    (:func:`~generator.compute.as_of.resolve_as_of`), so that a run can be repeated.
    """
    try:
        now = resolve_as_of(None, calendar_for(settings)).astimezone(settings.timezone)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except OverflowError:
        raise UsageError(f"{AS_OF_VARIABLE} {os.environ.get(AS_OF_VARIABLE)!r}: outside the"
                         f" years 1 to 9999 in {settings.timezone.key}") from None
    return now.replace(second=0, microsecond=0, tzinfo=None)
