"""``.github/CODEOWNERS`` from the admins: each admin reviews changes to their own purview.

Admins are responsible for their own purview definition, so a pull request that changes
``admins/<slug>.md`` asks for that admin's review (their ``github`` handle); the SC lead
team (setting ``sc_lead_team``) owns everything else and is a second owner of every
admin file, so a purview change never waits on one person alone.

The generated lines sit in a marked block; lines outside it are hand-written and kept
byte for byte. GitHub applies the *last* line that matches a path, so the block puts
the catch-all ``*`` line first and the admin files after it, and hand-written lines
belong below the block, where they take precedence over it.

Decisions: inactive admins get no line (their file falls to the SC lead team, who
reassigns the purview); with ``sc_lead_team`` unset there is no ``*`` line (GitHub
then requires no review outside the admin files) and admin files have only their admin
as owner. ``check`` compares the committed file with what would be generated when the
file exists or some admin has a ``github`` handle; otherwise the project does not use
CODEOWNERS and nothing is reported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.schema.problems import Problem, Severity, make_problem, register_codes
from generator.schema.records import Admin
from generator.schema.settings import Settings

CODEOWNERS_PATH = ".github/CODEOWNERS"
BEGIN = "# BEGIN escalation codeowners (generated: do not edit inside this block)"
END = "# END escalation codeowners"
BEGIN_PREFIX = "# BEGIN escalation codeowners"

# A GitHub user (39 characters of letters, digits and single inner hyphens) or @org/team.
_OWNER = re.compile(
    r"^@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?$"
)
_SETTING_LINE = re.compile(r"^\s*sc_lead_team\s*:")

register_codes({
    "codeowners.bad-file": (
        Severity.WARNING,
        "The CODEOWNERS file cannot be updated: it is not UTF-8, or the generated block's"
        " BEGIN/END marker lines are missing, repeated or out of order.",
    ),
    "codeowners.invalid-owner": (
        Severity.WARNING,
        "An admin's github handle or the sc_lead_team setting is not a GitHub user or"
        " @org/team name, so it cannot be a code owner.",
    ),
    "codeowners.out-of-date": (
        Severity.WARNING,
        "The committed .github/CODEOWNERS differs from what 'escalation codeowners'"
        " generates from admins/ and the sc_lead_team setting.",
    ),
})


class CodeownersFileError(Exception):
    """The existing CODEOWNERS file cannot be updated safely."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def normalise_owner(handle: str) -> str | None:
    """``jdoe`` → ``@jdoe``; ``@org/team`` as is; None when not a GitHub user or team."""
    handle = handle.strip()
    if not _OWNER.match(handle):
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
                settings.config_path, _setting_line(settings), "codeowners.invalid-owner",
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


def _setting_line(settings: Settings) -> int:
    try:
        text = (settings.root / settings.config_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return 1
    for number, line in enumerate(text.splitlines(), start=1):
        if _SETTING_LINE.match(line):
            return number
    return 1


def render_block(ownership: Ownership) -> list[str]:
    """The generated block's lines, markers included, without line endings."""
    lines = [
        BEGIN,
        "# Regenerate with 'escalation codeowners --write' after changing admins/ or the",
        "# sc_lead_team setting ('escalation check' warns when this block is out of date).",
        "# GitHub uses the LAST line that matches a path: the catch-all comes first, each",
        "# admin's own purview file after it. Put hand-written lines BELOW the END line;",
        "# above this block they would be overridden by the catch-all.",
    ]
    if ownership.lead is not None:
        lines.append(f"* {ownership.lead}")
    else:
        lines.append("# No default owner: set extra.escalation.sc_lead_team in mkdocs.yml.")
    for path, owner in ownership.owners:
        extra = f" {ownership.lead}" if ownership.lead and ownership.lead != owner else ""
        lines.append(f"/{path} {owner}{extra}")
    if ownership.inactive:
        lines.append("# Inactive admins, owned by the catch-all: " + ", ".join(ownership.inactive))
    lines.append(END)
    return lines


def splice_block(existing: str | None, block: list[str]) -> str:
    """``existing`` with its generated block replaced by ``block`` (or the block first).

    Raises :class:`CodeownersFileError` when the markers are missing, repeated or in the
    wrong order.
    """
    if not existing:
        return "".join(line + "\n" for line in block)
    lines = existing.splitlines(keepends=True)
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    rendered = [line + newline for line in block]
    begins = [i for i, line in enumerate(lines) if line.strip().startswith(BEGIN_PREFIX)]
    ends = [i for i, line in enumerate(lines) if line.strip() == END]
    if not begins and not ends:
        return "".join([*rendered, newline, *lines])
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        first = min([*begins, *ends])
        raise CodeownersFileError(
            first + 1,
            f"expected one '{BEGIN_PREFIX}' line followed by one '{END}' line but found"
            f" {len(begins)} and {len(ends)}{' in the wrong order' if begins and ends else ''};"
            " fix the markers by hand (delete both to have the block put first)",
        )
    return "".join([*lines[: begins[0]], *rendered, *lines[ends[0] + 1 :]])


def read_codeowners(root: Path) -> str | None:
    """The committed CODEOWNERS text, or None when there is no file."""
    path = root / CODEOWNERS_PATH
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CodeownersFileError(line, f"byte {exc.start} is not valid UTF-8 text") from None


def first_difference(old: str, new: str) -> int:
    """The 1-based line of ``old`` where ``new`` first differs (within ``old``'s lines)."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for number, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), start=1):
        if a != b:
            return number
    return max(1, min(len(old_lines), len(new_lines) + 1))


def generate_codeowners(settings: Settings, admins: Mapping[str, Admin]) -> tuple[str, str | None]:
    """(the CODEOWNERS text to commit, the current text or None); may raise file errors."""
    existing = read_codeowners(settings.root)
    block = render_block(compute_ownership(settings, admins))
    return splice_block(existing, block), existing


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
