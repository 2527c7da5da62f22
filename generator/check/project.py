"""The one rule set: what ``escalation check`` says, for one ticket or the whole project.

Every command that judges records (``check``, ``build``, ``report``, the writers and the
import) goes through these functions, so none accepts what another refuses.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.check.audience import check_readable
from generator.check.knowledge import check_framework
from generator.check.tickets import (
    Declared,
    check_dates,
    check_overlaps,
    check_ownership,
    check_responses,
    check_tier,
)
from generator.read.frontmatter import parse_record_text
from generator.read.project import Project
from generator.read.records import load_admin, load_ticket
from generator.schema.paths import ADMINS_DIR, TICKETS_DIR
from generator.schema.problems import Problem
from generator.schema.records import Admin, Ticket
from generator.schema.settings import Settings


def check_ticket(ticket: Ticket, settings: Settings, admins: Mapping[str, Admin],
                 declared: Declared | None = None) -> list[Problem]:
    """Every rule of one loaded ticket (``declared`` is computed from ``admins`` if absent)."""
    problems = list(check_dates(ticket))
    problems += check_responses(ticket)
    problems += check_tier(ticket, settings)
    problems += check_ownership(ticket, admins, declared or Declared.of(admins))
    return problems


def check_ticket_text(text: str, rel: str, project: Project) -> tuple[Ticket | None, list[Problem]]:
    """What ``escalation check`` says about one ticket's text: the reader, loader and rules."""
    problems: list[Problem] = []
    raw, found = parse_record_text(text.encode("utf-8"), rel)
    problems += found
    ticket = (load_ticket(raw, project.settings, project.admin_slugs, problems)
              if raw is not None else None)
    if ticket is not None:
        problems += check_ticket(ticket, project.settings, project.admins)
    return ticket, problems


def check_admin_text(text: str, rel: str, project: Project) -> tuple[Admin | None, list[Problem]]:
    """What ``escalation check`` says about one admin's text, beside the project's admins."""
    problems: list[Problem] = []
    raw, found = parse_record_text(text.encode("utf-8"), rel)
    problems += found
    admin = load_admin(raw, problems) if raw is not None else None
    if admin is not None:
        others = {slug: a for slug, a in project.admins.items() if slug != admin.slug}
        problems += (p for p in check_overlaps({**others, admin.slug: admin})
                     if p.path == rel)
    return admin, problems


def check_record_text(text: str, rel: str, project: Project) -> list[Problem]:
    """What ``escalation check`` would say about the record file ``rel`` (a ticket under
    tickets/, an admin under admins/) if it held ``text``: the rules a writer runs on the
    exact text it is about to write (a byte order mark included, for the size limit)."""
    if rel.startswith(f"{ADMINS_DIR}/"):
        return check_admin_text(text, rel, project)[1]
    if rel.startswith(f"{TICKETS_DIR}/"):
        return check_ticket_text(text, rel, project)[1]
    raise ValueError(f"{rel} is not a record file")


def check_project(project: Project) -> list[Problem]:
    """All problems of the project, load-time and cross-record, sorted by path and line."""
    problems = list(project.problems)
    declared = Declared.of(project.admins)
    for ticket in project.tickets:
        problems += check_ticket(ticket, project.settings, project.admins, declared)
    problems.extend(check_overlaps(project.admins))
    problems.extend(check_framework(project.knowledge))
    problems.extend(check_readable(project))
    problems.extend(project.snapshots.problems)
    return sorted(problems, key=lambda p: (p.path, p.line, p.code, p.message))
