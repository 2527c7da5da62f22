"""What ``build`` and ``serve`` share: their options, and loading and checking the project."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator.check.project import check_project
from generator.cli.common import CommandFailed, UsageError, add_config_option, load_with_cache
from generator.compute.as_of import resolve_as_of
from generator.compute.calendar import calendar_for
from generator.compute.weekly import report_weeks
from generator.read.project import Project
from generator.read.settings import load_settings
from generator.render.problems import format_problems
from generator.schema.problems import Problem, has_errors
from generator.schema.settings import Audience


def add_site_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``build`` and ``serve``."""
    add_config_option(parser)
    parser.add_argument("--audience", choices=[a.value for a in Audience],
                        help="internal (default from settings) or shared: the build for admins,"
                        " without internal pages, notes and channel analytics")
    parser.add_argument("--as-of", metavar="DATETIME",
                        help="pin 'now' (also $ESCALATION_AS_OF) so the build is reproducible")


@dataclass(frozen=True, slots=True)
class Prepared:
    """A loaded, checked project with the audience and as-of time of this run."""

    project: Project
    problems: list[Problem]
    as_of: datetime
    audience: Audience


def prepare(args: argparse.Namespace, *, stop_on_errors: bool) -> Prepared:
    """Load and check the project; resolve audience and as-of. Shared with ``serve``."""
    settings, found = load_settings(Path(args.config_file))
    audience = Audience(args.audience) if args.audience else settings.audience
    # a shared build never reads the internal source: what it does not read, no page shows
    project = load_with_cache(settings, found, internal=audience is Audience.INTERNAL)
    problems = check_project(project)
    if stop_on_errors and has_errors(problems):
        sys.stderr.write(format_problems(problems, "text"))
        raise CommandFailed("the records have errors (listed above); nothing was built")
    try:
        as_of = resolve_as_of(args.as_of, calendar_for(settings))
        report_weeks(project.tickets, as_of, settings.timezone)  # refused before any work
    except ValueError as exc:  # TooManyWeeks too
        raise UsageError(str(exc)) from None
    return Prepared(project, problems, as_of, audience)
