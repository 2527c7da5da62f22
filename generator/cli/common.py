"""What every sub-command shares: the config option, errors for the user, loading."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.read.project import Project, load_project
from generator.read.settings import load_settings
from generator.schema.problems import Problem, Severity


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
