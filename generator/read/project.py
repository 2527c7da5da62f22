"""Files to records: find ticket and admin files, read them, build typed records.

Shape problems (syntax, types, required fields, enum values) are found here, where the
raw values are at hand; rules that relate fields or records live in :mod:`validate`.
A file with problems still has all of them reported; it yields a record only when every
required part could be read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.read.fields import FieldReader
from generator.read.frontmatter import RawRecord, read_record_file
from generator.schema.paths import ADMINS_DIR, TICKETS_DIR
from generator.schema.problems import Problem, did_you_mean, make_problem
from generator.schema.records import (
    Admin,
    Channel,
    Classification,
    Engagement,
    EngagementTier,
    Outcome,
    Priority,
    Purview,
    Response,
    Source,
    Status,
    Ticket,
    Tier,
)
from generator.schema.settings import Settings

TICKET_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
ADMIN_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
SERVICE_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")

TICKET_KEYS = (
    "title", "opened", "classification", "priority", "tier", "status", "resolved", "service",
    "requestor", "department", "channel", "agent", "checklist", "escalations", "tags",
)
ENGAGEMENT_KEYS = ("admin", "tier", "at", "tag", "reason", "message", "response")
RESPONSE_KEYS = ("at", "outcome", "redirect_to", "process")
ADMIN_KEYS = (
    "name", "email", "github", "team", "active", "response_window_hours", "purview",
)
PURVIEW_KEYS = ("service", "scope", "excludes", "sc_process", "declared", "source")
_IGNORED_NAMES = frozenset({"readme.md"})


@dataclass(frozen=True, slots=True)
class Project:
    """Everything loaded from a project folder, with the problems found on the way."""

    settings: Settings
    admins: dict[str, Admin]
    tickets: tuple[Ticket, ...]
    problems: tuple[Problem, ...]
    ticket_files: tuple[str, ...] = ()
    admin_files: tuple[str, ...] = ()
    admin_slugs: frozenset[str] = frozenset()
    """Slugs an engagement may name: every admin file in admins/, even one with errors."""


def find_records(root: Path, folder: str) -> list[Path]:
    """Markdown files under ``root/folder``, in a stable order (README files skipped)."""
    base = root / folder
    if not base.is_dir():
        return []
    return sorted(
        p for p in base.rglob("*.md") if p.is_file() and p.name.lower() not in _IGNORED_NAMES
    )


def relative(root: Path, file: Path) -> str:
    """``file`` as a POSIX path relative to ``root`` (absolute when outside it)."""
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        pass
    try:  # resolving is slow (one system call per path part): only when needed
        return file.resolve().relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


def load_admin(raw: RawRecord, problems: list[Problem]) -> Admin | None:
    """Build an :class:`Admin` from a raw record, reporting shape problems."""
    slug = Path(raw.path).stem
    if not ADMIN_SLUG.match(slug):
        problems.append(
            make_problem(
                raw.path, 1, "admin.bad-slug",
                f"file name: expected a slug of lowercase letters, digits and '-'"
                f" (such as 'dana-okafor.md') but received {slug!r}",
            )
        )
    reader = FieldReader(raw.path, raw.line, "admin", problems)
    data = raw.data
    reader.unknown_keys(data, ADMIN_KEYS)
    name = reader.text(data, "name", "name", required=True)
    # every field is read (and reported) before deciding whether a record can be built
    email = reader.text(data, "email", "email")
    github = reader.text(data, "github", "github")
    team = reader.text(data, "team", "team")
    active = reader.boolean(data, "active", "active", default=True)
    window = reader.number(data, "response_window_hours", "response_window_hours", minimum=0.5)
    purview: list[Purview] = []
    complete = name is not None
    seen: dict[str, int] = {}
    for index, entry in enumerate(reader.sequence(data, "purview", "purview")):
        item = _load_purview(entry, index, reader, seen)
        if item is None:
            complete = False
        else:
            purview.append(item)
    if not complete or not ADMIN_SLUG.match(slug):
        return None
    assert name is not None
    return Admin(
        slug=slug,
        name=name,
        source=Source(path=raw.path, lines=raw.lines),
        email=email,
        github=github,
        team=team,
        active=active,
        response_window_hours=window,
        purview=tuple(purview),
        body=raw.body,
    )


def _load_purview(
    entry: Any, index: int, reader: FieldReader, seen: dict[str, int]
) -> Purview | None:
    path = f"purview.{index}"
    if not isinstance(entry, dict):
        reader.wrong_type(path, "a mapping with service, scope, declared and source", entry)
        return None
    reader.unknown_keys(entry, PURVIEW_KEYS, path)
    service = _service(entry, f"{path}.service", reader, required=True)
    scope = reader.text(entry, "scope", f"{path}.scope", required=True)
    declared = reader.day(entry, "declared", f"{path}.declared", required=True)
    source_note = reader.text(entry, "source", f"{path}.source", required=True)
    excludes = reader.text(entry, "excludes", f"{path}.excludes")
    sc_process = reader.text(entry, "sc_process", f"{path}.sc_process")
    if service is not None and service in seen:
        reader.report(
            f"{path}.service", "duplicate-service",
            f"field 'purview[{index}].service': {service!r} is already declared"
            f" in purview[{seen[service]}]",
        )
    elif service is not None:
        seen[service] = index
    if service is None or scope is None or declared is None or source_note is None:
        return None
    return Purview(
        service=service,
        scope=scope,
        declared=declared,
        source_note=source_note,
        excludes=excludes,
        sc_process=sc_process,
        index=index,
    )


def _service(
    mapping: dict[str, Any], key_path: str, reader: FieldReader, *, required: bool = False
) -> str | None:
    service = reader.text(mapping, key_path.rpartition(".")[2], key_path, required=required)
    if service is not None and not SERVICE_SLUG.match(service):
        reader.report(
            key_path, "invalid-value",
            f"{reader.label(key_path)}: expected a service slug of lowercase letters, digits"
            f" and '-' (such as 'file-shares') but received {service!r}",
        )
        return None
    return service


def load_ticket(
    raw: RawRecord, settings: Settings, admins: Iterable[str], problems: list[Problem]
) -> Ticket | None:
    """Build a :class:`Ticket` from a raw record, reporting shape problems."""
    ticket_id = Path(raw.path).stem
    id_ok = bool(TICKET_ID.match(ticket_id))
    if not id_ok:
        problems.append(
            make_problem(
                raw.path, 1, "ticket.bad-id",
                "file name: expected a ticket ID of letters, digits, '.', '_' and '-'"
                f" (such as '48213.md') but received {ticket_id!r}",
            )
        )
    reader = FieldReader(raw.path, raw.line, "ticket", problems, settings.timezone)
    data = raw.data
    reader.unknown_keys(data, TICKET_KEYS)
    title = reader.text(data, "title", "title", required=True)
    opened = reader.when(data, "opened", "opened", required=True)
    classification = reader.enum(
        data, "classification", "classification", Classification, required=True
    )
    priority = reader.enum(data, "priority", "priority", Priority, required=True)
    tier = reader.enum(data, "tier", "tier", Tier, required=True)
    status = reader.enum(data, "status", "status", Status, required=True)
    resolved = reader.when(data, "resolved", "resolved")
    service = _service(data, "service", reader)
    requestor = reader.text(data, "requestor", "requestor")
    department = reader.text(data, "department", "department")
    channel = reader.enum(data, "channel", "channel", Channel) or Channel.TDX
    agent = reader.text(data, "agent", "agent")
    tags = reader.text_list(data, "tags", "tags")
    checklist = _load_checklist(data, settings, reader)
    known_admins = admins if isinstance(admins, frozenset) else frozenset(admins)
    engagements: list[Engagement] = []
    complete = id_ok
    for index, entry in enumerate(reader.sequence(data, "escalations", "escalations")):
        engagement = _load_engagement(entry, index, reader, known_admins)
        if engagement is None:
            complete = False
        else:
            engagements.append(engagement)
    if (
        not complete
        or title is None
        or opened is None
        or classification is None
        or priority is None
        or tier is None
        or status is None
    ):
        return None
    return Ticket(
        id=ticket_id,
        title=title,
        opened=opened,
        classification=classification,
        priority=priority,
        tier=tier,
        status=status,
        source=Source(path=raw.path, lines=raw.lines),
        resolved=resolved,
        service=service,
        requestor=requestor,
        department=department,
        channel=channel,
        agent=agent,
        checklist=checklist,
        escalations=tuple(engagements),
        tags=tags,
        body=raw.body,
    )


def _load_checklist(
    data: dict[str, Any], settings: Settings, reader: FieldReader
) -> dict[str, bool]:
    raw = reader.mapping(data, "checklist", "checklist") or {}
    checklist: dict[str, bool] = {}
    ids = settings.checklist_ids
    for key, value in raw.items():
        path = f"checklist.{key}"
        if key not in ids:
            reader.report(
                path, "unknown-checklist-item",
                f"{reader.label(path)}: expected a checklist item id from the settings"
                f" ({', '.join(ids)}) but received {key!r}{did_you_mean(key, ids)}",
            )
            continue
        if not isinstance(value, bool):
            reader.wrong_type(path, "true or false", value)
            continue
        checklist[key] = value
    return checklist


def _load_engagement(
    entry: Any, index: int, reader: FieldReader, admins: frozenset[str]
) -> Engagement | None:
    path = f"escalations.{index}"
    if not isinstance(entry, dict):
        reader.wrong_type(path, "a mapping with admin, tier and at", entry)
        return None
    reader.unknown_keys(entry, ENGAGEMENT_KEYS, path)
    admin = _admin_ref(entry, "admin", f"{path}.admin", reader, admins)
    tier = reader.enum(entry, "tier", f"{path}.tier", EngagementTier, required=True)
    at = reader.when(entry, "at", f"{path}.at", required=True)
    escalate = tier is EngagementTier.ESCALATE
    tag = reader.text(entry, "tag", f"{path}.tag", required=escalate)
    reason = reader.text(entry, "reason", f"{path}.reason", required=escalate)
    message = reader.text(entry, "message", f"{path}.message", required=escalate)
    response_raw = reader.mapping(entry, "response", f"{path}.response")
    response = None
    response_ok = True
    if response_raw is not None:
        response = _load_response(response_raw, f"{path}.response", reader, admins)
        response_ok = response is not None
    if admin is None or tier is None or at is None or not response_ok:
        return None
    if escalate and (tag is None or reason is None or message is None):
        return None
    return Engagement(
        admin=admin, tier=tier, at=at, tag=tag, reason=reason, message=message,
        response=response, index=index,
    )


def _load_response(
    raw: dict[str, Any], path: str, reader: FieldReader, admins: frozenset[str]
) -> Response | None:
    reader.unknown_keys(raw, RESPONSE_KEYS, path)
    at = reader.when(raw, "at", f"{path}.at", required=True)
    outcome = reader.enum(raw, "outcome", f"{path}.outcome", Outcome, required=True)
    redirected = outcome is Outcome.REDIRECTED
    redirect_to = None
    if redirected or "redirect_to" in raw:
        redirect_to = _admin_ref(raw, "redirect_to", f"{path}.redirect_to", reader, admins,
                                 required=redirected)
    process = reader.text(raw, "process", f"{path}.process")
    if at is None or outcome is None or (redirected and redirect_to is None):
        return None
    return Response(at=at, outcome=outcome, redirect_to=redirect_to, process=process)


def _admin_ref(
    mapping: dict[str, Any],
    key: str,
    path: str,
    reader: FieldReader,
    admins: frozenset[str],
    *,
    required: bool = True,
) -> str | None:
    slug = reader.text(mapping, key, path, required=required)
    if slug is None:
        return None
    if slug not in admins:
        reader.problems.append(
            make_problem(
                reader.path, reader.line_of(path), "ticket.unknown-admin",
                f"{reader.label(path)}: expected the slug of an admin in admins/"
                f" but received {slug!r}{did_you_mean(slug, sorted(admins))}",
            )
        )
    return slug


def load_project(settings: Settings, settings_problems: Iterable[Problem] = ()) -> Project:
    """Load every admin and ticket under the settings' root folder."""
    root = settings.root
    problems: list[Problem] = list(settings_problems)
    admins: dict[str, Admin] = {}
    admin_files = [(file, relative(root, file)) for file in find_records(root, ADMINS_DIR)]
    known: set[str] = set()
    for file, rel in admin_files:
        if file.parent != root / ADMINS_DIR:
            problems.append(
                make_problem(rel, 1, "file.misplaced",
                             f"admin files belong directly in {ADMINS_DIR}/; this one is not read")
            )
            continue
        # engagements may name an admin whose file has problems: those are reported
        # on the admin file, not again on every ticket
        known.add(file.stem)
        raw, found = read_record_file(file, rel)
        problems.extend(found)
        if raw is not None:
            admin = load_admin(raw, problems)
            if admin is not None:
                admins[admin.slug] = admin
    admin_slugs = frozenset(known)
    tickets: list[Ticket] = []
    ticket_files = [(file, relative(root, file)) for file in find_records(root, TICKETS_DIR)]
    first_seen: dict[str, str] = {}
    for file, rel in ticket_files:
        duplicate = file.stem in first_seen
        if duplicate:
            problems.append(
                make_problem(rel, 1, "ticket.duplicate-id",
                             f"ticket ID {file.stem!r} is already used by {first_seen[file.stem]}")
            )
        else:
            first_seen[file.stem] = rel
        raw, found = read_record_file(file, rel)
        problems.extend(found)
        if raw is not None:
            ticket = load_ticket(raw, settings, admin_slugs, problems)
            # a duplicate is checked in full but not counted: the first file is the ticket
            if ticket is not None and not duplicate:
                tickets.append(ticket)
    return Project(
        settings=settings,
        admins=admins,
        tickets=tuple(tickets),
        problems=tuple(problems),
        ticket_files=tuple(rel for _, rel in ticket_files),
        admin_files=tuple(rel for _, rel in admin_files),
        admin_slugs=admin_slugs,
    )
