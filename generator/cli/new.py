"""``escalation new ticket|admin``: write a correctly filled record skeleton.

Missing required values are asked for when stdin is a terminal and refused otherwise.
The text is checked with the same loader and rules as ``escalation check`` before it is
written, so a record this command writes always passes ``check``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path

from generator.check.rules import Declared, check_dates, check_ownership, check_tier
from generator.cli.common import (
    CommandFailed,
    UsageError,
    add_config_option,
    open_project,
    say,
    wall_clock_now,
)
from generator.read.fields import parse_when
from generator.read.frontmatter import parse_record_text
from generator.read.project import ADMIN_SLUG, TICKET_ID, load_admin, load_ticket
from generator.render.yaml_text import yaml_comment, yaml_scalar
from generator.schema.paths import ADMINS_DIR, TICKETS_DIR
from generator.schema.problems import Problem, Severity
from generator.schema.records import Channel, Classification, EngagementTier, Priority, Status, Tier
from generator.schema.settings import Settings
from generator.write.atomic import RecordExistsError, write_atomically

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


def _refuse(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        lines = "\n".join("  " + p.message + f" [{p.code}]" for p in errors)
        raise UsageError(f"the record would not pass 'escalation check':\n{lines}")


_WHEN_KEYS = frozenset({"opened", "resolved"})


def ticket_text(values: dict[str, str | None], settings: Settings, checked: set[str],
                at: datetime) -> str:
    """The ticket file for ``values`` (already validated as options).

    ``opened`` and ``resolved`` are YAML text already, such as ``2026-11-16T09:30``;
    ``at`` is the time of the engagement, on the configured timezone's clock.
    """
    lines = ["---", f"title: {yaml_scalar(values['title'])}"]
    for key in ("opened", "classification", "priority", "tier", "status", "resolved",
                "service", "requestor", "department", "channel", "agent"):
        value = values.get(key)
        if value:
            # opened and resolved come as YAML already (written from parsed dates)
            lines.append(f"{key}: {value if key in _WHEN_KEYS else yaml_scalar(value)}")
    lines.append("checklist:")
    for item in settings.checklist:
        lines.append(f"  {item.id}: {yaml_scalar(item.id in checked)}  # {yaml_comment(item.text)}")
    tier = values["tier"]
    if tier == Tier.HANDLE:
        lines.append("escalations: []")
    else:
        lines += ["escalations:", f"  - admin: {yaml_scalar(values['admin'])}",
                  f"    tier: {tier}", f"    at: {yaml_scalar(at)}"]
        for key in ("tag", "reason", "message"):
            if values.get(key):
                lines.append(f"    {key}: {yaml_scalar(values[key])}")
    lines += ["tags: []", "---", "",
              "<!-- Notes: what was tried, what the requestor said, what the admin asked. -->",
              ""]
    return "\n".join(lines)


def run_ticket(args: argparse.Namespace, ask: Ask | None = None) -> int:
    """Write a new ticket file; the exit status."""
    ask = ask or _asker()
    project = open_project(args)
    settings = project.settings
    if not TICKET_ID.match(args.id):
        raise UsageError(f"ticket ID {args.id!r}: expected letters, digits, '.', '_' and '-'")
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
    opened = _wall_clock("--opened", values["opened"], settings) if values["opened"] else now
    checked = _checked(args.checked, settings)
    required: dict[str, Sequence[str] | None] = {
        "title": None,
        "classification": [c.value for c in Classification],
        "priority": [p.value for p in Priority],
    }
    if values["tier"] != Tier.HANDLE:
        required["admin"] = sorted(project.admins)
    if values["tier"] == EngagementTier.ESCALATE:
        required.update(tag=None, reason=None, message=None)
    if values["status"] in (Status.RESOLVED, Status.CLOSED):
        required["resolved"] = None
    _fill(values, required, ask)
    values["opened"] = yaml_scalar(opened)
    if values["resolved"]:
        values["resolved"] = yaml_scalar(_wall_clock("--resolved", values["resolved"], settings))
    start = opened if isinstance(opened, datetime) else datetime.combine(opened, time())
    text = ticket_text(values, settings, checked, max(start, now))
    rel = f"{TICKETS_DIR}/{opened.year}/{args.id}.md"
    problems: list[Problem] = []
    raw, found = parse_record_text(text.encode(), rel)
    problems += found
    ticket = load_ticket(raw, settings, project.admin_slugs, problems) if raw else None
    if ticket is not None:
        problems += check_dates(ticket)
        problems += check_tier(ticket, settings)
        problems += check_ownership(ticket, project.admins, Declared.of(project.admins))
    _refuse(problems)
    _write(settings.root, rel, text, f"ticket {args.id}")
    print(rel)
    for problem in problems:
        say(f"note: {problem.message} [{problem.code}]")
    return 0


def _wall_clock(flag: str, text: str, settings: Settings) -> datetime | date:
    """``text`` as a date, or a datetime on the configured timezone's clock (no offset)."""
    parsed = parse_when(text)
    try:
        if isinstance(parsed, datetime) and parsed.tzinfo is not None:
            parsed = parsed.astimezone(settings.timezone).replace(tzinfo=None)
    except OverflowError:
        parsed = None
    if parsed is None:
        raise UsageError(f"{flag} {text!r}: expected a date or datetime such as"
                         " 2026-11-16T09:30")
    return parsed


def _checked(names: list[str], settings: Settings) -> set[str]:
    """The ``--checked`` checklist item ids ('all' for every one)."""
    checked = set(settings.checklist_ids) if "all" in names else set(names)
    unknown = checked - set(settings.checklist_ids)
    if unknown:
        raise UsageError(f"--checked {', '.join(sorted(unknown))}: expected checklist item ids:"
                         f" {', '.join(settings.checklist_ids)} (or 'all')")
    return checked


def _write(root: Path, rel: str, text: str, what: str) -> None:
    """Write a new record atomically; an existing file or a write error is a failure."""
    try:
        write_atomically(root / rel, text)
    except RecordExistsError:
        raise CommandFailed(f"{what} already exists: {rel}; edit that file") from None
    except OSError as exc:
        raise CommandFailed(f"cannot write {rel}: {exc.strerror or exc}") from None


def admin_text(slug: str, values: dict[str, str | None], window: float | None) -> str:
    """The admin file for ``values``, with an empty purview and a commented example."""
    lines = ["---", f"name: {yaml_scalar(values['name'])}"]
    for key in ("email", "github", "team"):
        if values.get(key):
            lines.append(f"{key}: {yaml_scalar(values[key])}")
    lines.append("active: true")
    if window is not None:
        lines.append(f"response_window_hours: {yaml_scalar(window)}")
    lines += [
        "purview: []",
        "# Declare each service you own, for example:",
        "# purview:",
        "#   - service: file-shares",
        "#     scope: Department file shares and their permissions",
        "#     excludes: Personal cloud storage",
        "#     sc_process: SC may restore files from snapshots younger than 30 days",
        "#     declared: 2026-11-16",
        "#     source: PR #42",
        "---",
        "",
        f"{values['name']}: what this admin looks after, and how SC should reach them.",
        "",
    ]
    return "\n".join(lines)


def run_admin(args: argparse.Namespace, ask: Ask | None = None) -> int:
    """Write a new admin file; the exit status."""
    ask = ask or _asker()
    project = open_project(args)
    if not ADMIN_SLUG.match(args.slug):
        raise UsageError(f"admin slug {args.slug!r}: expected lowercase letters, digits and '-'"
                         " (such as 'dana-okafor')")
    rel = f"{ADMINS_DIR}/{args.slug}.md"
    if (project.settings.root / rel).exists():
        raise CommandFailed(f"admin {args.slug} already exists: {rel}; edit that file")
    values: dict[str, str | None] = {k: getattr(args, k) for k in ("name", "email", "github",
                                                                    "team")}
    _fill(values, {"name": None}, ask)
    text = admin_text(args.slug, values, args.response_window_hours)
    problems: list[Problem] = []
    raw, found = parse_record_text(text.encode(), rel)
    problems += found
    if raw is not None:
        load_admin(raw, problems)
    _refuse(problems)
    _write(project.settings.root, rel, text, f"admin {args.slug}")
    print(rel)
    return 0
