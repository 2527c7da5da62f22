"""``escalation build``: check the records, generate the pages, run the site builder."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator.check.project import check_project
from generator.cli.common import CommandFailed, UsageError, add_config_option, open_project, say
from generator.read.frozen import FrozenReportError
from generator.read.project import Project
from generator.render.problems import format_problems
from generator.schema.problems import Problem, has_errors
from generator.schema.settings import Audience
from generator.write.build import BUILDERS, generate, parse_as_of, run_builder
from generator.write.staging import StagingError


def add_site_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``build`` and ``serve``."""
    add_config_option(parser)
    parser.add_argument("--audience", choices=[a.value for a in Audience],
                        help="internal (default from settings) or shared: the build for admins,"
                        " without internal pages, notes and channel analytics")
    parser.add_argument("--as-of", metavar="DATETIME",
                        help="pin 'now' (also $ESCALATION_AS_OF) so the build is reproducible")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``build`` sub-command."""
    parser = subparsers.add_parser(
        "build", help="generate the pages and build the static site",
        description="Check the records (any error stops the build with the same messages as"
        " 'escalation check'), generate the pages into the staging folder and run the site"
        " builder.",
    )
    add_site_options(parser)
    parser.add_argument("--site-dir", metavar="DIR", help="where to write the site")
    parser.add_argument("--strict", action="store_true",
                        help="fail on builder warnings (e.g. broken links)")
    parser.add_argument("--builder", choices=BUILDERS, default="mkdocs",
                        help="mkdocs (default) or zensical, if installed")
    parser.set_defaults(run=run)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A loaded, checked project with the audience and as-of time of this run."""

    project: Project
    problems: list[Problem]
    as_of: datetime
    audience: Audience


def prepare(args: argparse.Namespace, *, stop_on_errors: bool) -> Prepared:
    """Load and check the project; resolve audience and as-of. Shared with ``serve``."""
    project = open_project(args)
    settings = project.settings
    problems = check_project(project)
    if stop_on_errors and has_errors(problems):
        sys.stderr.write(format_problems(problems, "text"))
        raise CommandFailed("the records have errors (listed above); nothing was built")
    try:
        as_of = parse_as_of(args.as_of, settings)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    audience = Audience(args.audience) if args.audience else settings.audience
    return Prepared(project, problems, as_of, audience)


def run(args: argparse.Namespace) -> int:
    """Run ``build``; the exit status."""
    run_ = prepare(args, stop_on_errors=True)
    try:
        generated = generate(run_.project, audience=run_.audience, as_of=run_.as_of)
    except FrozenReportError as exc:
        raise CommandFailed(f"a frozen weekly report cannot be read: {exc}") from None
    except StagingError as exc:
        raise CommandFailed(str(exc)) from None
    say(f"generated {generated.pages} pages for the {run_.audience} audience as of"
        f" {run_.as_of.isoformat()}")
    site_dir = Path(args.site_dir).resolve() if args.site_dir else None
    try:
        status = run_builder(run_.project.settings, builder=args.builder,
                             site_dir=site_dir, strict=args.strict)
    except FileNotFoundError as exc:
        raise CommandFailed(str(exc)) from None
    if status != 0:
        raise CommandFailed(f"{args.builder} build failed (exit status {status})")
    return 0
