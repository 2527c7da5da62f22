"""What ``engage`` and ``respond`` share: the ticket read for an edit, ``--admin`` and
``--at``, and the save that refuses what ``escalation check`` would refuse.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator.check.project import check_ticket_text
from generator.cli.common import CommandFailed, moment_option, refusal, say, wall_clock_now
from generator.read.frontmatter import RawRecord, parse_record_text, read_record_bytes
from generator.read.project import Project
from generator.schema.problems import Problem, Severity, did_you_mean
from generator.schema.records import Ticket
from generator.schema.settings import Settings
from generator.write.checked import RecordRefused, write_record

_BOM = "\ufeff"


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
    if project.unseen is not None:
        raise CommandFailed(project.unseen)
    matches = [rel for rel in project.ticket_files if Path(rel).stem == ticket_id]
    if not matches:
        raise CommandFailed(f"no ticket {ticket_id!r}: expected a file tickets/<year>/"
                            f"{ticket_id}.md (create it with 'escalation new ticket')")
    if len(matches) > 1:
        raise CommandFailed(f"ticket {ticket_id} has several files ({', '.join(matches)});"
                            " keep one (escalation check reports the duplicate) and try again")
    rel = matches[0]
    path = project.settings.root / rel
    data, problems = read_record_bytes(path, rel)
    raw = ticket = None
    if data is not None:
        raw, problems = parse_record_text(data, rel)
    if raw is not None:
        ticket, problems = check_ticket_text(raw.text, rel, project)
    refuse_errors(problems, f"ticket {ticket_id} already has problems; fix them first")
    assert data is not None and raw is not None and ticket is not None
    return TicketFile(rel, path, raw, ticket, tuple(problems), data.startswith(b"\xef\xbb\xbf"))


def refuse_errors(problems: list[Problem], summary: str) -> None:
    """Raise :class:`CommandFailed` listing the errors among ``problems``, if any."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise CommandFailed(refusal(errors, summary))


def known_admin(project: Project, slug: str, option: str) -> str:
    """``slug`` if an admins/ file has that name, else a refusal with a suggestion."""
    known = sorted(project.admin_slugs)
    if slug not in known:
        raise CommandFailed(f"{option} {slug!r}: expected the slug of an admin in admins/"
                            f"{did_you_mean(slug, known)}")
    return slug


def parse_at(value: str | None, settings: Settings) -> datetime:
    """``--at`` as an aware time in the configured timezone (default: now, or
    ``$ESCALATION_AS_OF``)."""
    if value is None:
        return wall_clock_now(settings)
    moment = moment_option("--at", value, settings, dates=False)
    assert isinstance(moment, datetime)
    return moment


def save_edit(project: Project, file: TicketFile, text: str, change: str) -> None:
    """Write the edited ``text`` atomically if ``check`` accepts it, or refuse."""
    try:
        problems = write_record(project, file.rel, (_BOM if file.bom else "") + text,
                                overwrite=True)
    except RecordRefused as exc:
        raise CommandFailed(refusal(exc.problems, f"{change} would not pass 'escalation check';"
                                    " nothing was written")) from None
    print(file.rel)
    before = {(p.code, p.message) for p in file.problems}
    for problem in problems:
        if (problem.code, problem.message) not in before:
            say(f"note: {problem.format_text()}")
