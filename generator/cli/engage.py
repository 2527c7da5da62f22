"""``escalation engage``: ask an admin to collaborate on, or take over, a ticket.

Appends an engagement to the ticket's ``escalations`` and sets its top-level ``tier`` to
the engagement's tier (only that line changes). Escalating needs the pre-escalation
checklist complete and a tag, reason and meta-protocol message; the command lists what
is missing instead of writing a record that ``escalation check`` would refuse.
"""

from __future__ import annotations

import argparse

from generator.cli.common import CommandFailed, add_config_option, open_project, say
from generator.cli.ticket_edit import add_at_option, known_admin, open_ticket, parse_at, save_edit
from generator.render.yaml_text import Scalar
from generator.schema.records import EngagementTier, Ticket
from generator.schema.settings import Settings
from generator.write.engagement_edit import engage_text
from generator.write.frontmatter_edit import EditError


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


def refuse_incomplete_escalation(
    ticket: Ticket, settings: Settings, args: argparse.Namespace
) -> None:
    """Refuse to escalate without tag, reason and message, or with checklist items open."""
    flags = [f"--{name}" for name in ("tag", "reason", "message") if not getattr(args, name)]
    missing = [item for item in settings.checklist if not ticket.checklist.get(item.id, False)]
    reasons = []
    if flags:
        reasons.append(f"missing {', '.join(flags)}: escalating needs a tag, a reason and"
                       " the meta-protocol message")
    if missing:
        items = "".join(f"\n  - {item.id}: {item.text}" for item in missing)
        reasons.append(
            "the pre-escalation checklist is incomplete; these items are not ticked under"
            f" 'checklist:' in {ticket.source.path}:{items}\n"
            "tick them once done, or engage with --tier collaborate"
        )
    if reasons:
        raise CommandFailed(f"cannot escalate ticket {ticket.id}:\n" + "\n".join(reasons))


def run(args: argparse.Namespace) -> int:
    """Append the engagement; the exit status."""
    project = open_project(args)
    admin = known_admin(project, args.admin, "--admin")
    tier = EngagementTier(args.tier)
    file = open_ticket(project, args.id)
    if tier is EngagementTier.ESCALATE:
        refuse_incomplete_escalation(file.ticket, project.settings, args)
    fields: dict[str, Scalar] = {
        "admin": admin,
        "tier": tier.value,
        "at": parse_at(args.at, project.settings),
    }
    for name in ("tag", "reason", "message"):
        if getattr(args, name):
            fields[name] = getattr(args, name)
    try:
        text = engage_text(file.raw, fields, tier.value)
    except EditError as exc:
        raise CommandFailed(f"{file.rel}: cannot add the engagement safely: {exc}") from None
    index = len(file.ticket.escalations)
    save_edit(project, file, text, f"the engagement escalations[{index}]")
    say(f"engaged {admin} ({tier.value}) as escalations[{index}] of ticket {file.ticket.id};"
        f" tier is now {tier.value}")
    return 0
