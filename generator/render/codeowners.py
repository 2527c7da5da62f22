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

from collections.abc import Mapping

from generator.compute.codeowners import Ownership, compute_ownership
from generator.read.codeowners import CodeownersFileError
from generator.schema.records import Admin
from generator.schema.settings import Settings

BEGIN = "# BEGIN escalation codeowners (generated: do not edit inside this block)"
END = "# END escalation codeowners"
BEGIN_PREFIX = "# BEGIN escalation codeowners"




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


def first_difference(old: str, new: str) -> int:
    """The 1-based line of ``old`` where ``new`` first differs (within ``old``'s lines)."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for number, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), start=1):
        if a != b:
            return number
    return max(1, min(len(old_lines), len(new_lines) + 1))


def render_codeowners(settings: Settings, admins: Mapping[str, Admin],
                      existing: str | None) -> str:
    """The CODEOWNERS text: ``existing`` (or nothing) with the generated block in place."""
    return splice_block(existing, render_block(compute_ownership(settings, admins)))
