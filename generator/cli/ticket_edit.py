"""What ``engage``, ``respond`` and ``apply-form`` share: the ticket read for an edit,
``--admin`` and ``--at``, the save that refuses what ``escalation check`` would refuse,
and the two edits themselves (:func:`engage_ticket`, :func:`respond_ticket`), so that a
submitted issue form makes exactly the edit the command line makes.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator.check.project import check_ticket_text
from generator.cli.common import (
    CommandFailed,
    UsageError,
    moment_option,
    refusal,
    say,
    wall_clock_now,
)
from generator.read.frontmatter import RawRecord, parse_record_text, read_record_bytes
from generator.read.project import Project
from generator.render.yaml_text import Scalar
from generator.schema.problems import Problem, Severity, did_you_mean
from generator.schema.records import Engagement, EngagementTier, Outcome, Ticket
from generator.schema.settings import Settings
from generator.write.checked import RecordRefused, write_record
from generator.write.engagement_edit import engage_text, respond_text
from generator.write.frontmatter_edit import EditError

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


def parse_at(value: str | datetime | None, settings: Settings, flag: str = "--at") -> datetime:
    """``--at`` as an aware time in the configured timezone (default: now, or
    ``$ESCALATION_AS_OF``); an aware datetime is taken as it is."""
    if value is None:
        return wall_clock_now(settings)
    if isinstance(value, datetime):
        return value
    moment = moment_option(flag, value, settings, dates=False)
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


Names = Mapping[str, str]
"""How a message names each value of an edit: the command line's option (``--admin``) or
the issue form's field (``field 'Admin'``)."""
OPTION_NAMES: Names = {name: f"--{name.replace('_', '-')}" for name in (
    "admin", "tier", "tag", "reason", "message", "at", "outcome", "process", "redirect_to")}


@dataclass(frozen=True, slots=True)
class EngageRequest:
    """The values of ``escalation engage`` (and of the engage issue form)."""

    ticket: str
    admin: str
    tier: str
    tag: str | None = None
    reason: str | None = None
    message: str | None = None
    at: str | datetime | None = None
    """Text read as ``--at`` is, an aware time, or None for now."""


@dataclass(frozen=True, slots=True)
class RespondRequest:
    """The values of ``escalation respond`` (and of the respond issue form)."""

    ticket: str
    admin: str
    outcome: str
    process: str | None = None
    redirect_to: str | None = None
    at: str | datetime | None = None


def _choice(value: str, choices: list[str], name: str) -> str:
    if value not in choices:
        raise UsageError(f"{name} {value!r}: expected one of {', '.join(choices)}"
                         f"{did_you_mean(value, choices)}")
    return value


def refuse_incomplete_escalation(
    ticket: Ticket, settings: Settings, request: EngageRequest, names: Names
) -> None:
    """Refuse to escalate without tag, reason and message, or with checklist items open."""
    flags = [names[name] for name in ("tag", "reason", "message") if not getattr(request, name)]
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
            f"tick them once done, or engage with {names['tier']} collaborate"
        )
    if reasons:
        raise CommandFailed(f"cannot escalate ticket {ticket.id}:\n" + "\n".join(reasons))


def engage_ticket(project: Project, request: EngageRequest,
                  names: Names = OPTION_NAMES) -> str:
    """Append the engagement and set the ticket's tier (written only if ``check`` accepts
    the text); the sentence that says what was done. Refusals: :class:`CommandFailed`,
    :class:`UsageError` for a value no engagement can have."""
    tier = EngagementTier(_choice(request.tier, [t.value for t in EngagementTier],
                                  names["tier"]))
    admin = known_admin(project, request.admin, names["admin"])
    file = open_ticket(project, request.ticket)
    if tier is EngagementTier.ESCALATE:
        refuse_incomplete_escalation(file.ticket, project.settings, request, names)
    fields: dict[str, Scalar] = {
        "admin": admin,
        "tier": tier.value,
        "at": parse_at(request.at, project.settings, names["at"]),
    }
    for name in ("tag", "reason", "message"):
        if getattr(request, name):
            fields[name] = getattr(request, name)
    try:
        text = engage_text(file.raw, fields, tier.value)
    except EditError as exc:
        raise CommandFailed(f"{file.rel}: cannot add the engagement safely: {exc}") from None
    index = len(file.ticket.escalations)
    save_edit(project, file, text, f"the engagement escalations[{index}]")
    return (f"engaged {admin} ({tier.value}) as escalations[{index}] of ticket"
            f" {file.ticket.id}; tier is now {tier.value}")


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


def respond_ticket(project: Project, request: RespondRequest,
                   names: Names = OPTION_NAMES) -> str:
    """Add the response to the admin's latest engagement without one (written only if
    ``check`` accepts the text); the sentence that says what was done."""
    outcome = Outcome(_choice(request.outcome, [o.value for o in Outcome], names["outcome"]))
    redirect = names["redirect_to"]
    if request.redirect_to and outcome is not Outcome.REDIRECTED:
        raise UsageError(f"{redirect} is only for {names['outcome']} redirected")
    admin = known_admin(project, request.admin, names["admin"])
    if outcome is Outcome.REDIRECTED:
        if not request.redirect_to:
            slug = " SLUG" if redirect.startswith("--") else ""  # an option's metavar
            raise CommandFailed(f"{names['outcome']} redirected needs {redirect}{slug}: the"
                                " admin the ticket was sent on to")
        known_admin(project, request.redirect_to, redirect)
    file = open_ticket(project, request.ticket)
    engagement = open_engagement(file.ticket, admin)
    fields: dict[str, Scalar] = {"at": parse_at(request.at, project.settings, names["at"]),
                                 "outcome": outcome.value}
    if request.redirect_to:
        fields["redirect_to"] = request.redirect_to
    if request.process:
        fields["process"] = request.process
    try:
        text = respond_text(file.raw, engagement.index, fields)
    except EditError as exc:
        raise CommandFailed(f"{file.rel}: cannot add the response safely: {exc}") from None
    save_edit(project, file, text, f"the response to escalations[{engagement.index}]")
    return (f"recorded {outcome.value} from {admin} on escalations[{engagement.index}]"
            f" of ticket {file.ticket.id}")
