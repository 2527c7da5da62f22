"""``escalation respond``: record an admin's response on the ticket, without hand-editing YAML.

The response goes to the latest engagement of that admin that has none yet. Like
``engage``, the command checks the edited text with the same loader and rules as
``escalation check`` and writes nothing that ``check`` would refuse; every other byte of
the file stays as it was.
"""

from __future__ import annotations

import argparse

from generator.cli.common import CommandFailed, UsageError, add_config_option, open_project, say
from generator.cli.ticket_edit import add_at_option, known_admin, open_ticket, parse_at, save_edit
from generator.render.yaml_text import Scalar
from generator.schema.records import Engagement, Outcome, Ticket
from generator.write.engagement_edit import respond_text
from generator.write.frontmatter_edit import EditError


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


def open_engagement(ticket: Ticket, admin: str) -> Engagement:
    """The latest engagement of ``admin`` with no response, or a refusal saying why."""
    mine = [e for e in ticket.escalations if e.admin == admin]
    for engagement in reversed(mine):
        if engagement.response is None:
            return engagement
    line = ticket.source.line
    if not mine:
        raise CommandFailed(f"ticket {ticket.id} has no engagement of {admin!r}; engage them"
                            " first with 'escalation engage'")
    last = mine[-1]
    raise CommandFailed(
        f"every engagement of {admin!r} on ticket {ticket.id} already has a response (the"
        f" latest is escalations[{last.index}], line {line(f'escalations.{last.index}')});"
        " engage them again with 'escalation engage' for a new request"
    )


def run(args: argparse.Namespace) -> int:
    """Add the response; the exit status."""
    outcome = Outcome(args.outcome)
    if args.redirect_to and outcome is not Outcome.REDIRECTED:
        raise UsageError("--redirect-to is only for --outcome redirected")
    project = open_project(args)
    admin = known_admin(project, args.admin, "--admin")
    if outcome is Outcome.REDIRECTED:
        if not args.redirect_to:
            raise CommandFailed("--outcome redirected needs --redirect-to SLUG: the admin the"
                                " ticket was sent on to")
        known_admin(project, args.redirect_to, "--redirect-to")
    file = open_ticket(project, args.id)
    engagement = open_engagement(file.ticket, admin)
    fields: dict[str, Scalar] = {"at": parse_at(args.at, project.settings),
                                 "outcome": outcome.value}
    if args.redirect_to:
        fields["redirect_to"] = args.redirect_to
    if args.process:
        fields["process"] = args.process
    try:
        text = respond_text(file.raw, engagement.index, fields)
    except EditError as exc:
        raise CommandFailed(f"{file.rel}: cannot add the response safely: {exc}") from None
    save_edit(project, file, text, f"the response to escalations[{engagement.index}]")
    say(f"recorded {outcome.value} from {admin} on escalations[{engagement.index}]"
        f" of ticket {file.ticket.id}")
    return 0
