"""``escalation status``: the open collaborate and escalate tickets as of an instant, most
urgent first, each with its deadline, state and ownership.

Like ``report``, it refuses records with errors: figures from broken records are not
evidence.
"""

from __future__ import annotations

import argparse
import sys

from generator.cli.common import UsageError, add_config_option, open_project, refuse_record_errors
from generator.compute.as_of import AS_OF_VARIABLE, resolve_as_of
from generator.compute.calendar import calendar_for
from generator.compute.status import status_rows
from generator.render.status import (
    render_status_csv,
    render_status_json,
    render_status_markdown,
)

FORMATS = ("md", "json", "csv")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``status`` sub-command."""
    parser = subparsers.add_parser(
        "status",
        help="list the open collaborate and escalate tickets, most urgent first",
        description="List every ticket open at the as-of time whose tier is collaborate or"
        " escalate and that has an engagement by then, described by its latest engagement:"
        " window, deadline, state, ownership, hours left or overdue. Order: no response"
        " (most overdue first), unowned, redirected, due soon and pending (least time left"
        " first), with SC, with the admin. Exit status: 0 success, 1 record errors, 2 usage"
        " or configuration errors.",
    )
    add_config_option(parser)
    parser.add_argument("--as-of", metavar="WHEN",
                        help="ISO date or datetime the states are computed as of; without an"
                        " offset it is in the configured timezone (default:"
                        f" ${AS_OF_VARIABLE}, else now)")
    parser.add_argument("--format", choices=FORMATS, default="md", dest="output_format",
                        help="md (default), json (a list of one object per ticket) or csv")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``status``; the exit status."""
    project = open_project(args)
    refused = refuse_record_errors(project, "status")
    if refused:
        return refused
    settings = project.settings
    try:
        as_of = resolve_as_of(args.as_of, calendar_for(settings))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    rows = status_rows(project.tickets, project.admins, settings, as_of)
    if args.output_format == "json":
        sys.stdout.write(render_status_json(rows))
    elif args.output_format == "csv":
        sys.stdout.write(render_status_csv(rows))
    else:
        sys.stdout.write(render_status_markdown(rows, as_of))
    return 0
