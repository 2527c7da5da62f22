"""The project: every file under the folder of ``mkdocs.yml`` that the tools read, read once.

Record files are found here (by :func:`~generator.read.files.find_records`, which reports
every entry it does not load) and turned into typed records by
:mod:`generator.read.records`; a misplaced or duplicate file is reported, never silently
dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from generator.read.cache import ParseCache, collector_paused
from generator.read.docs import DocsFolder, InternalPlace, read_docs_audience, read_docs_folder
from generator.read.files import find_records, relative, unseen_records
from generator.read.frontmatter import read_record_file
from generator.read.frozen import Snapshots, read_snapshots, records_digest
from generator.read.internal import InternalSource, read_internal
from generator.read.knowledge import KnowledgeFiles, read_knowledge
from generator.read.parallel import Parsed, Parsing, parse_files
from generator.read.records import load_admin, load_ticket
from generator.schema.knowledge import KnowledgeBase
from generator.schema.paths import ADMINS_DIR, TICKETS_DIR
from generator.schema.problems import Problem, make_problem
from generator.schema.records import (
    Admin,
    Ticket,
)
from generator.schema.settings import Audience, Settings


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
    knowledge: KnowledgeFiles = field(default_factory=KnowledgeFiles)
    """The knowledge base under docs/: entries, the framework page, what they consume."""
    snapshots: Snapshots = field(default_factory=lambda: Snapshots(reports={}, errors={}))
    """The frozen weekly snapshots."""
    internal: InternalSource | None = None
    """The internal source as read, or None: none is set, or it was not read (a shared
    build never reads it). Its entries are in :attr:`knowledge` too."""
    docs_internal: tuple[InternalPlace, ...] = ()
    """Every internal page and block of docs/, where every reader of the records sees it."""
    docs: DocsFolder | None = None
    """docs/ as read when the project was loaded: the build stages and verifies these."""
    unseen: str | None = None
    """Why records may exist that were not read (a folder of tickets/ or admins/ that
    cannot be listed, a broken link, a misnamed record), or None: a writer that looks a
    record up by its ID refuses with this message instead of guessing."""


def load_project(settings: Settings, settings_problems: Iterable[Problem] = (), *,
                 internal: bool = True, cache: ParseCache | None = None) -> Project:
    """Read every admin, ticket, knowledge-base entry and frozen snapshot of the project,
    the audience markers of every page of docs/ and, when ``internal``, the internal
    source (a shared build passes False: its reader never opens that folder).

    ``cache`` holds the parse of record files read before: an unchanged file is not
    parsed again (:mod:`generator.read.cache`)."""
    with collector_paused():
        return _load_project(settings, settings_problems, internal=internal, cache=cache)


def _load_project(settings: Settings, settings_problems: Iterable[Problem], *,
                  internal: bool, cache: ParseCache | None) -> Project:
    root = settings.root
    problems: list[Problem] = list(settings_problems)
    admins: dict[str, Admin] = {}
    found_admins = find_records(root, ADMINS_DIR)
    found_tickets = find_records(root, TICKETS_DIR)
    listed = (*found_admins.problems, *found_tickets.problems)
    problems += listed
    admin_files = [(file, relative(root, file)) for file in found_admins.files]
    ticket_files = [(file, relative(root, file)) for file in found_tickets.files]
    # every file read below, parsed at once on the machine's cores when there are many
    wanted = [*((f, r) for f, r in admin_files if f.parent == root / ADMINS_DIR),
              *ticket_files]
    parsing = Parsing()
    if cache is not None:
        cache.start()
        cache.prefetch(wanted)
        read_record: Callable[[Path, str], Parsed] = cache.read
    else:
        parsing = parse_files(wanted)
        read_record = partial(_parsed_or_read, parsing)
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
        raw, found = read_record(file, rel)
        problems.extend(found)
        if raw is not None:
            admin = load_admin(raw, problems)
            if admin is not None:
                admins[admin.slug] = admin
    admin_slugs = frozenset(known)
    if cache is not None:
        cache.depend_on((settings, admin_slugs))
    tickets: list[Ticket] = []
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
        raw, found = read_record(file, rel)
        problems.extend(found)
        if raw is not None:
            if cache is None:
                ticket = load_ticket(raw, settings, admin_slugs, problems)
            else:
                ticket, found = cache.record(rel, raw, partial(load_ticket, raw, settings,
                                                               admin_slugs))
                problems.extend(found)
            # a duplicate is checked in full but not counted: the first file is the ticket
            if ticket is not None and not duplicate:
                tickets.append(ticket)
    if cache is not None:
        cache.finish()
    else:
        parsing.close()
    knowledge, found = read_knowledge(settings)
    problems.extend(found)
    docs = read_docs_folder(settings, knowledge.consumed)
    found, places = read_docs_audience(settings, knowledge.consumed, docs)
    problems.extend(found)
    source = read_internal(settings, knowledge) if internal else None
    if source is not None:
        problems.extend(source.problems)
        entries = knowledge.entries
        knowledge = replace(
            knowledge,
            entries=KnowledgeBase.of([*entries.scenarios, *source.scenarios],
                                     [*entries.practices, *source.practices]),
            scenario_folder=knowledge.scenario_folder or bool(source.scenarios),
            itil_folder=knowledge.itil_folder or bool(source.practices))
    return Project(
        settings=settings,
        admins=admins,
        tickets=tuple(tickets),
        problems=tuple(problems),
        ticket_files=tuple(rel for _, rel in ticket_files),
        admin_files=tuple(rel for _, rel in admin_files),
        admin_slugs=admin_slugs,
        knowledge=knowledge,
        snapshots=read_snapshots(root),
        internal=source,
        docs_internal=tuple(places),
        docs=docs,
        unseen=unseen_records(listed),
    )


def _parsed_or_read(parsing: Parsing, file: Path, rel: str) -> Parsed:
    """The parse of ``file`` made by the workers, or made now."""
    found = parsing.take(rel)
    return read_record_file(file, rel) if found is None else found


def for_audience(project: Project, audience: Audience) -> Project:
    """The project as ``audience`` may see it. For the shared audience it holds no ticket
    notes, no internal entry and no internal block: the shared pages are rendered from
    it, so no mistake in a template can show what is not there."""
    if audience is Audience.INTERNAL:
        return project
    tickets = tuple(replace(t, body="") for t in project.tickets)
    return replace(project, tickets=tickets, knowledge=project.knowledge.for_audience(audience),
                   internal=None, docs_internal=())


def project_digest(project: Project) -> str:
    """The digest of a loaded project's ticket and admin files and figure settings."""
    return records_digest(
        project.settings.root, (*project.ticket_files, *project.admin_files), project.settings
    )
