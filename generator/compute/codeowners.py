"""Who owns what: the owner of each admin file and of everything else."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.schema.problems import Problem, make_problem
from generator.schema.records import Admin
from generator.schema.settings import Settings

# A GitHub user (39 characters of letters, digits and single inner hyphens) or @org/team.
_OWNER = re.compile(
    r"^@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?$"
)


def normalise_owner(handle: str) -> str | None:
    """``jdoe`` → ``@jdoe``; ``@org/team`` as is; None when not a GitHub user or team."""
    handle = handle.strip()
    if not _OWNER.fullmatch(handle):
        return None
    return handle if handle.startswith("@") else f"@{handle}"


@dataclass(frozen=True, slots=True)
class Ownership:
    """Who owns what, computed from the settings and the admins."""

    lead: str | None
    """The normalised SC lead team, or None when unset or invalid."""
    owners: tuple[tuple[str, str], ...]
    """(admin file path, admin's owner handle) for every active admin with a handle."""
    inactive: tuple[str, ...]
    """Slugs of inactive admins with a handle: their files fall to the SC lead team."""
    problems: tuple[Problem, ...]
    """Handles or the setting that cannot be used, as located warnings."""


def compute_ownership(settings: Settings, admins: Mapping[str, Admin]) -> Ownership:
    """The owners of the admin files and of everything else."""
    problems: list[Problem] = []
    lead = None
    if settings.sc_lead_team is not None:
        lead = normalise_owner(settings.sc_lead_team)
        if lead is None:
            problems.append(make_problem(
                settings.config_path, settings.line("sc_lead_team"), "codeowners.invalid-owner",
                f"setting 'sc_lead_team': expected a GitHub team such as '@org/sc-leads'"
                f" but received {settings.sc_lead_team!r}",
            ))
    owners: list[tuple[str, str]] = []
    inactive: list[str] = []
    for slug in sorted(admins):
        admin = admins[slug]
        if admin.github is None:
            continue
        owner = normalise_owner(admin.github)
        if owner is None:
            problems.append(make_problem(
                admin.source.path, admin.source.line("github"), "codeowners.invalid-owner",
                "field 'github': expected a GitHub user name such as 'jdoe' or a team such"
                f" as '@org/team' but received {admin.github!r}",
            ))
        elif not admin.active:
            inactive.append(slug)
        else:
            owners.append((admin.source.path, owner))
    return Ownership(lead, tuple(owners), tuple(inactive), tuple(problems))
