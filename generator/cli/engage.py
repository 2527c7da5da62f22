"""``escalation engage``: ask an admin to collaborate on, or take over, a ticket.

Appends an engagement to the ticket's ``escalations`` and sets its top-level ``tier`` to
the engagement's tier (only that line changes). Escalating needs the pre-escalation
checklist complete and a tag, reason and meta-protocol message; the command lists what
is missing instead of writing a record that ``escalation check`` would refuse. The edit
itself is :func:`~generator.cli.ticket_edit.engage_ticket`, which ``apply-form`` runs too.
"""

from __future__ import annotations

import argparse

from generator.cli.common import add_config_option, open_project, say
from generator.cli.ticket_edit import EngageRequest, add_at_option, engage_ticket
from generator.schema.records import EngagementTier


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``engage`` sub-command."""
    parser = subparsers.add_parser(
        "engage",
        help="engage an admin on a ticket (collaborate or escalate)",
        description="Append an engagement of ADMIN to ticket ID and set the ticket's tier to"
        " it. The rest of the file is kept byte for byte; nothing that 'escalation check'"
        " would refuse is written (exit status 1 instead).",
    )
    add_config_option(parser)
    parser.add_argument("id", metavar="ID", help="the TDX ticket number (the file name's stem)")
    parser.add_argument("--admin", required=True, metavar="SLUG",
                        help="the admin engaged (their admins/<SLUG>.md)")
    parser.add_argument("--tier", required=True, choices=[t.value for t in EngagementTier])
    parser.add_argument("--tag", help="the escalation tag (required to escalate)")
    parser.add_argument("--reason", help="why the admin is needed (required to escalate)")
    parser.add_argument("--message", help="the meta-protocol message: what process can SC"
                        " follow next time? (required to escalate)")
    add_at_option(parser, "when the admin was engaged")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Append the engagement; the exit status."""
    project = open_project(args)
    request = EngageRequest(ticket=args.id, admin=args.admin, tier=args.tier, tag=args.tag,
                            reason=args.reason, message=args.message, at=args.at)
    say(engage_ticket(project, request))
    return 0
