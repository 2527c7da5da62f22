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
from generator.write.atomic import write_atomically
from generator.write.checked import RecordRefused


def generate_codeowners(settings: Settings, admins: Mapping[str, Admin]) -> tuple[str, str | None]:
    """(the CODEOWNERS text to commit, the current text or None); may raise file errors."""
    existing = read_codeowners(settings.root)
    return render_codeowners(settings, admins, existing), existing


def check_codeowners(settings: Settings, admins: Mapping[str, Admin]) -> list[Problem]:
    """Warnings for ``escalation check``: unusable owners, and a CODEOWNERS out of date."""
    problems = list(compute_ownership(settings, admins).problems)
    try:
        existing = read_codeowners(settings.root)
    except CodeownersFileError as exc:
        problems.append(make_problem(CODEOWNERS_PATH, exc.line, "codeowners.bad-file", str(exc)))
        return problems
    if existing is None and not any(a.github for a in admins.values()):
        return problems
    return problems + codeowners_file_problems(settings, admins, existing)


def codeowners_file_problems(settings: Settings, admins: Mapping[str, Admin],
                             text: str | None) -> list[Problem]:
    """What ``check`` says of a CODEOWNERS file holding ``text`` (None: no file): whether
    its generated block is the one ``admins`` and ``settings`` give."""
    try:
        expected = render_codeowners(settings, admins, text)
    except CodeownersFileError as exc:
        return [make_problem(CODEOWNERS_PATH, exc.line, "codeowners.bad-file", str(exc))]
    if text is None:
        return [make_problem(
            CODEOWNERS_PATH, 1, "codeowners.out-of-date",
            "the file is missing although admins have github handles, so nobody is asked to"
            " review changes to their own purview; run 'escalation codeowners --write' and"
            " commit it",
        )]
    if expected != text:
        return [make_problem(
            CODEOWNERS_PATH, first_difference(text, expected), "codeowners.out-of-date",
            "the generated block does not match admins/ and the sc_lead_team setting (first"
            " difference on this line); run 'escalation codeowners --write' and commit it",
        )]
    return []


def write_codeowners(settings: Settings, admins: Mapping[str, Admin], text: str) -> None:
    """Write ``text`` as the CODEOWNERS file, unless ``check`` would then find it out of
    date or unusable (:class:`~generator.write.checked.RecordRefused`)."""
    problems = codeowners_file_problems(settings, admins, text)
    if problems:
        raise RecordRefused(CODEOWNERS_PATH, problems)
    write_atomically(settings.root / CODEOWNERS_PATH, text, overwrite=True)
