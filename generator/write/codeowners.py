"""The CODEOWNERS file as it should be committed, and whether the committed one is."""

from __future__ import annotations

from collections.abc import Mapping

from generator.compute.codeowners import compute_ownership
from generator.read.codeowners import CodeownersFileError, read_codeowners
from generator.render.codeowners import first_difference, render_codeowners
from generator.schema.paths import CODEOWNERS_PATH
from generator.schema.problems import Problem, make_problem
from generator.schema.records import Admin
from generator.schema.settings import Settings


def generate_codeowners(settings: Settings, admins: Mapping[str, Admin]) -> tuple[str, str | None]:
    """(the CODEOWNERS text to commit, the current text or None); may raise file errors."""
    existing = read_codeowners(settings.root)
    return render_codeowners(settings, admins, existing), existing


def check_codeowners(settings: Settings, admins: Mapping[str, Admin]) -> list[Problem]:
    """Warnings for ``escalation check``: unusable owners, and a CODEOWNERS out of date."""
    problems = list(compute_ownership(settings, admins).problems)
    uses_codeowners = any(a.github for a in admins.values())
    try:
        expected, existing = generate_codeowners(settings, admins)
    except CodeownersFileError as exc:
        problems.append(make_problem(CODEOWNERS_PATH, exc.line, "codeowners.bad-file", str(exc)))
        return problems
    if existing is None and not uses_codeowners:
        return problems
    if existing is None:
        problems.append(make_problem(
            CODEOWNERS_PATH, 1, "codeowners.out-of-date",
            "the file is missing although admins have github handles, so nobody is asked to"
            " review changes to their own purview; run 'escalation codeowners --write' and"
            " commit it",
        ))
    elif expected != existing:
        problems.append(make_problem(
            CODEOWNERS_PATH, first_difference(existing, expected), "codeowners.out-of-date",
            "the generated block does not match admins/ and the sc_lead_team setting (first"
            " difference on this line); run 'escalation codeowners --write' and commit it",
        ))
    return problems
