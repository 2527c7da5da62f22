"""``escalation respond``: record an admin's response on the ticket, without hand-editing YAML.

The response goes to the latest engagement of that admin that has none yet. Like
``engage``, the command checks the edited text with the same loader and rules as
``escalation check`` and writes nothing that ``check`` would refuse; every other byte of
the file stays as it was. The helpers both commands share live here too.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator.check.project import check_ticket_text
from generator.cli.common import CommandFailed, UsageError, add_config_option, open_project, say
from generator.read.fields import parse_when
from generator.read.frontmatter import RawRecord, parse_record_text
from generator.read.project import Project
from generator.schema.problems import Problem, Severity, did_you_mean
from generator.schema.records import Engagement, Outcome, Ticket
from generator.schema.settings import Settings
from generator.write.atomic import write_atomically
from generator.write.frontmatter_edit import EditError, Scalar, respond_text

_BOM = "\ufeff"


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


def add_at_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--at``: a date and time in the configured timezone, default now."""
    parser.add_argument("--at", metavar="WHEN",
                        help=f"{what}, such as 2026-11-16T09:30 in the configured timezone"
                        " (default: now)")


@dataclass(frozen=True, slots=True)
class TicketFile:
    """A ticket file as read for an edit: its path, bytes as a record, and the record."""

    rel: str
    path: Path
    raw: RawRecord
    ticket: Ticket
    problems: tuple[Problem, ...]
    bom: bool


def open_ticket(project: Project, ticket_id: str) -> TicketFile:
    """Read ticket ``ticket_id``; refuse when it is missing or already fails ``check``."""
    matches = [rel for rel in project.ticket_files if Path(rel).stem == ticket_id]
    if not matches:
        raise CommandFailed(f"no ticket {ticket_id!r}: expected a file tickets/<year>/"
                            f"{ticket_id}.md (create it with 'escalation new ticket')")
    rel = matches[0]
    path = project.settings.root / rel
    data = path.read_bytes()
    raw, problems = parse_record_text(data, rel)
    ticket = None
    if raw is not None:
        ticket, problems = check_ticket_text(raw.text, rel, project)
    refuse_errors(problems, f"ticket {ticket_id} already has problems; fix them first")
    assert raw is not None and ticket is not None
    return TicketFile(rel, path, raw, ticket, tuple(problems), data.startswith(b"\xef\xbb\xbf"))


def refuse_errors(problems: list[Problem], summary: str) -> None:
    """Raise :class:`CommandFailed` listing the errors among ``problems``, if any."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        lines = "\n".join("  " + p.format_text() for p in errors)
        raise CommandFailed(f"{summary}:\n{lines}")


def known_admin(project: Project, slug: str, option: str) -> str:
    """``slug`` if an admins/ file has that name, else a refusal with a suggestion."""
    known = sorted(project.admin_slugs)
    if slug not in known:
        raise CommandFailed(f"{option} {slug!r}: expected the slug of an admin in admins/"
                            f"{did_you_mean(slug, known)}")
    return slug


def parse_at(value: str | None, settings: Settings) -> datetime:
    """``--at`` as a naive wall-clock time in the configured timezone (default: now)."""
    if value is None:
        return datetime.now(settings.timezone).replace(second=0, microsecond=0, tzinfo=None)
    parsed = parse_when(value)
    if not isinstance(parsed, datetime):
        raise UsageError(f"--at {value!r}: expected a date and time such as 2026-11-16T09:30")
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(settings.timezone)
        except OverflowError:
            raise UsageError(f"--at {value!r}: outside the years 1 to 9999 in"
                             f" {settings.timezone.key}") from None
    return parsed.replace(microsecond=0, tzinfo=None)


def save_edit(project: Project, file: TicketFile, text: str, change: str) -> None:
    """Check the edited ``text`` like ``check`` does, then write it atomically, or refuse."""
    _, problems = check_ticket_text(text, file.rel, project)
    refuse_errors(problems, f"{change} would not pass 'escalation check'; nothing was written")
    write_atomically(file.path, (_BOM if file.bom else "") + text, overwrite=True)
    print(file.rel)
    before = {(p.code, p.message) for p in file.problems}
    for problem in problems:
        if (problem.code, problem.message) not in before:
            say(f"note: {problem.format_text()}")


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
