"""``escalation respond``: record an admin's response on the ticket, without hand-editing YAML.

The response goes to the latest engagement of that admin that has none yet. Like
``engage``, the command checks the edited text with the same loader and rules as
``escalation check`` and writes nothing that ``check`` would refuse; every other byte of
the file stays as it was. The edit itself is
:func:`~generator.cli.ticket_edit.respond_ticket`, which ``apply-form`` runs too.
"""

from __future__ import annotations

import argparse

from generator.cli.common import UsageError, add_config_option, open_project, say
from generator.cli.ticket_edit import RespondRequest, add_at_option, respond_ticket
from generator.schema.records import Outcome


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``respond`` sub-command."""
    parser = subparsers.add_parser(
        "respond",
        help="record an admin's response to their engagement on a ticket",
        description="Add a response to the latest engagement of ADMIN on ticket ID that has"
        " no response yet. The rest of the file is kept byte for byte; nothing that"
        " 'escalation check' would refuse is written (exit status 1 instead).",
    )
    add_config_option(parser)
    parser.add_argument("id", metavar="ID", help="the TDX ticket number (the file name's stem)")
    parser.add_argument("--admin", required=True, metavar="SLUG",
                        help="the admin who responded (their admins/<SLUG>.md)")
    parser.add_argument("--outcome", required=True, choices=[o.value for o in Outcome])
    parser.add_argument("--process", help="what SC can do itself next time (knowledge captured)")
    parser.add_argument("--redirect-to", metavar="SLUG",
                        help="the admin the ticket was sent on to (required when redirected)")
    add_at_option(parser, "when the admin responded")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Add the response; the exit status."""
    if args.redirect_to and args.outcome != Outcome.REDIRECTED.value:
        # before the project is read, as a usage error always was
        raise UsageError("--redirect-to is only for --outcome redirected")
    project = open_project(args)
    request = RespondRequest(ticket=args.id, admin=args.admin, outcome=args.outcome,
                             process=args.process, redirect_to=args.redirect_to, at=args.at)
    say(respond_ticket(project, request))
    return 0
