"""What ``escalation check`` says about one record's text, for the commands that write one.

The reader, the loader and the rules, run on a text that is not (yet) a file, so that a
writer can refuse what ``check`` would refuse before anything reaches the disk.
"""

from __future__ import annotations

from generator.check.rules import Declared, check_dates, check_ownership, check_tier
from generator.read.frontmatter import parse_record_text
from generator.read.project import Project, load_ticket
from generator.schema.problems import Problem
from generator.schema.records import Ticket


def check_ticket_text(
    text: str, rel: str, project: Project
) -> tuple[Ticket | None, list[Problem]]:
    """What ``escalation check`` says about one ticket's text: the loader and the rules."""
    problems: list[Problem] = []
    raw, found = parse_record_text(text.encode("utf-8"), rel)
    problems += found
    ticket = (load_ticket(raw, project.settings, project.admin_slugs, problems)
              if raw is not None else None)
    if ticket is not None:
        problems += check_dates(ticket)
        problems += check_tier(ticket, project.settings)
        problems += check_ownership(ticket, project.admins, Declared.of(project.admins))
    return ticket, problems
