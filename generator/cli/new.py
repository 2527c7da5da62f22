"""``escalation new ticket|admin``: write a correctly filled record skeleton.

Missing required values are asked for when stdin is a terminal and refused otherwise.
The text is checked with the same loader and rules as ``escalation check`` before it is
written, so a record this command writes always passes ``check``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.cli.common import (
    CommandFailed,
    UsageError,
    add_config_option,
    moment_option,
    open_project,
    refusal,
    say,
    wall_clock_now,
)
from generator.read.fields import localize
from generator.read.project import Project
from generator.render.yaml_text import Scalar
from generator.schema.clock import utc
from generator.schema.fields import (
    ADMIN_SLUG,
    ENGAGEMENT,
    TICKET,
    TICKET_ID,
    FieldSpec,
    FieldType,
)
from generator.schema.paths import ADMINS_DIR, TICKETS_DIR
from generator.schema.problems import Problem
from generator.schema.records import Channel, Classification, Priority, Status, Tier
from generator.schema.settings import Settings
from generator.write.atomic import RecordExistsError
from generator.write.checked import RecordRefused, write_record
from generator.write.skeleton import admin_skeleton, ticket_skeleton

Ask = Callable[[str, Sequence[str] | None], str]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``new ticket`` and ``new admin`` sub-commands."""
    parser = subparsers.add_parser("new", help="write a new ticket or admin record")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)

    ticket = kinds.add_parser(
        "ticket", help="a new ticket under tickets/<year>/",
        description="Write tickets/<year of opened>/<ID>.md. Required values missing from"
        " the options are asked for on a terminal; without one the command fails.",
    )
    add_config_option(ticket)
    ticket.add_argument("id", metavar="ID", help="the TDX ticket number")
    ticket.add_argument("--title")
    ticket.add_argument("--opened", help="date or datetime (default: now)")
    ticket.add_argument("--classification", choices=[c.value for c in Classification])
    ticket.add_argument("--priority", choices=[p.value for p in Priority])
    ticket.add_argument("--tier", choices=[t.value for t in Tier], default="handle")
    ticket.add_argument("--status", choices=[s.value for s in Status], default="open")
    ticket.add_argument("--resolved", help="date or datetime; needed when resolved or closed")
    ticket.add_argument("--channel", choices=[c.value for c in Channel], default="tdx")
    for name in ("service", "requestor", "department", "agent"):
        ticket.add_argument(f"--{name}")
    ticket.add_argument("--admin", help="slug of the admin engaged (collaborate/escalate)")
    ticket.add_argument("--tag", help="escalation tag (escalate)")
    ticket.add_argument("--reason", help="escalation reason (escalate)")
    ticket.add_argument("--message", help="the meta-protocol message (escalate)")
    ticket.add_argument("--checked", action="append", default=[], metavar="ITEM",
                        help="a checklist item id that is done (repeat; 'all' for every item)")
    ticket.set_defaults(run=run_ticket)

    admin = kinds.add_parser("admin", help="a new admin under admins/",
                             description="Write admins/<SLUG>.md with an empty purview.")
    add_config_option(admin)
    admin.add_argument("slug", metavar="SLUG", help="lowercase letters, digits and '-'")
    for name in ("name", "email", "github", "team"):
        admin.add_argument(f"--{name}")
    admin.add_argument("--response-window-hours", type=float, metavar="HOURS")
    admin.set_defaults(run=run_admin)


def terminal_ask(prompt: str, choices: Sequence[str] | None) -> str:
    """Ask on the terminal until a non-empty answer (one of ``choices`` if given)."""
    hint = f" [{'/'.join(choices)}]" if choices else ""
    while True:
        try:
            answer = input(f"{prompt}{hint}: ").strip()
        except EOFError:  # Ctrl-D: no answer, as if stdin were not a terminal
            raise UsageError(f"missing required value: {prompt} (input ended)") from None
        if answer and (not choices or answer in choices):
            return answer
        say(f"  please enter {'one of ' + ', '.join(choices) if choices else 'a value'}")


def _fill(values: dict[str, str | None], required: dict[str, Sequence[str] | None],
          ask: Ask | None) -> None:
    missing = [key for key in required if not values.get(key)]
    if missing and ask is None:
        flags = ", ".join(f"--{key.replace('_', '-')}" for key in missing)
        raise UsageError(f"missing required value(s): {flags} (stdin is not a terminal to ask)")
    for key in missing:
        assert ask is not None
        values[key] = ask(key.replace("_", " "), required[key])


def _asker() -> Ask | None:
    """The terminal prompt when stdin is an open terminal, else None (never prompt)."""
    try:
        interactive = sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # stdin closed
        interactive = False
    return terminal_ask if interactive else None


def run_ticket(args: argparse.Namespace, ask: Ask | None = None) -> int:
    """Write a new ticket file; the exit status."""
    ask = ask or _asker()
    project = open_project(args)
    settings = project.settings
    if not TICKET_ID.fullmatch(args.id):
        raise UsageError(f"ticket ID {args.id!r}: expected letters, digits, '.', '_' and '-'")
    if project.unseen is not None:
        raise CommandFailed(project.unseen)
    existing = [f for f in project.ticket_files if Path(f).stem == args.id]
    if existing:
        raise CommandFailed(f"ticket {args.id} already exists: {existing[0]}; edit that file")
    values: dict[str, str | None] = {
        key: getattr(args, key) for key in (
            "title", "opened", "classification", "priority", "tier", "status", "resolved",
            "service", "requestor", "department", "channel", "agent", "admin", "tag",
            "reason", "message",
        )
    }
    # options that can be wrong are checked before anything is asked
    now = wall_clock_now(settings)
    opened = moment_option("--opened", values["opened"], settings) if values["opened"] else now
    checked = _checked(args.checked, settings)
    values["opened"] = opened.isoformat()  # defaults to now: never asked for
    # what the schema requires of a ticket and, unless handled, of its engagement
    required: dict[str, Sequence[str] | None] = {
        spec.name: _choices(spec) for spec in TICKET.fields if spec.required
    }
    if values["tier"] != Tier.HANDLE:
        for spec in ENGAGEMENT.fields:
            if spec.required_for({"tier": values["tier"]}) and spec.name in values:
                required[spec.name] = (sorted(project.admins) if spec.kind is FieldType.ADMIN
                                       else _choices(spec))
    if values["status"] in (Status.RESOLVED, Status.CLOSED):
        required["resolved"] = None
    _fill(values, required, ask)
    fields: dict[str, Scalar] = {key: values[key] for key in TICKET.keys if key in values}
    fields["opened"] = opened
    if values["resolved"]:
        fields["resolved"] = moment_option("--resolved", values["resolved"], settings)
    engagement: dict[str, Scalar] | None = None
    if values["tier"] != Tier.HANDLE:
        start = localize(opened, settings.timezone)
        engagement = {key: values.get(key) for key in ENGAGEMENT.keys}
        engagement["at"] = max(start, now, key=utc)
    text = ticket_skeleton(fields, settings, checked=checked, engagement=engagement)
    rel = f"{TICKETS_DIR}/{opened.year}/{args.id}.md"
    problems = _write(project, rel, text, f"ticket {args.id}")
    print(rel)
    for problem in problems:
        say(f"note: {problem.message} [{problem.code}]")
    return 0


def _choices(spec: FieldSpec) -> list[str] | None:
    """The values a prompt for ``spec`` accepts (None: any text)."""
    return [member.value for member in spec.choices] if spec.choices is not None else None


def _checked(names: list[str], settings: Settings) -> set[str]:
    """The ``--checked`` checklist item ids ('all' for every one)."""
    checked = set(settings.checklist_ids) if "all" in names else set(names)
    unknown = checked - set(settings.checklist_ids)
    if unknown:
        raise UsageError(f"--checked {', '.join(sorted(unknown))}: expected checklist item ids:"
                         f" {', '.join(settings.checklist_ids)} (or 'all')")
    return checked


def _write(project: Project, rel: str, text: str, what: str) -> list[Problem]:
    """Write a new record atomically if ``check`` accepts it (its warnings are returned);
    errors are a refusal, an existing file a failure (a write error is
    :class:`~generator.write.atomic.WriteFailed`, reported by the command line)."""
    try:
        return write_record(project, rel, text)
    except RecordRefused as exc:
        message = refusal(exc.problems, "the record would not pass 'escalation check'")
        raise UsageError(message) from None
    except RecordExistsError:
        raise CommandFailed(f"{what} already exists: {rel}; edit that file") from None


def run_admin(args: argparse.Namespace, ask: Ask | None = None) -> int:
    """Write a new admin file; the exit status."""
    ask = ask or _asker()
    project = open_project(args)
    if not ADMIN_SLUG.fullmatch(args.slug):
        raise UsageError(f"admin slug {args.slug!r}: expected lowercase letters, digits and '-'"
                         " (such as 'dana-okafor')")
    rel = f"{ADMINS_DIR}/{args.slug}.md"
    if (project.settings.root / rel).exists():
        raise CommandFailed(f"admin {args.slug} already exists: {rel}; edit that file")
    values: dict[str, str | None] = {k: getattr(args, k) for k in ("name", "email", "github",
                                                                    "team")}
    _fill(values, {"name": None}, ask)
    text = admin_skeleton({**values, "response_window_hours": args.response_window_hours})
    _write(project, rel, text, f"admin {args.slug}")
    print(rel)
    return 0
