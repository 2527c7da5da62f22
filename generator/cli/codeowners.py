"""``escalation codeowners``: print or write ``.github/CODEOWNERS`` from the admins.

See :mod:`generator.render.codeowners` for what is generated and why in that order.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli.common import CommandFailed, add_config_option, open_project, refusal, say
from generator.compute.codeowners import compute_ownership
from generator.read.codeowners import CodeownersFileError
from generator.render.codeowners import BEGIN_PREFIX
from generator.schema.paths import CODEOWNERS_PATH
from generator.write.checked import RecordRefused
from generator.write.codeowners import generate_codeowners, write_codeowners


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``codeowners`` sub-command."""
    parser = subparsers.add_parser(
        "codeowners",
        help="generate .github/CODEOWNERS from the admins' github handles",
        description="Print the .github/CODEOWNERS that makes each admin the reviewer of"
        " their own admins/<slug>.md and the SC lead team (setting sc_lead_team) the owner"
        " of everything else. Only the marked generated block changes; hand-written lines"
        " outside it are kept. With --write, update the file instead of printing it.",
    )
    add_config_option(parser)
    parser.add_argument("--write", action="store_true",
                        help=f"write {CODEOWNERS_PATH} instead of printing it")
    parser.set_defaults(run=run)


def _notes(text: str) -> list[str]:
    """Hand-written owner lines above the block: the catch-all overrides them."""
    notes = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(BEGIN_PREFIX):
            break
        if line.strip() and not line.lstrip().startswith("#"):
            notes.append(f"note: {CODEOWNERS_PATH}:{number} is above the generated block,"
                         " so its catch-all '*' line overrides it; move it below the END line")
    return notes


def run(args: argparse.Namespace) -> int:
    """Print or write the file; the exit status."""
    project = open_project(args)
    settings = project.settings
    ownership = compute_ownership(settings, project.admins)
    if settings.sc_lead_team is None:
        say("note: extra.escalation.sc_lead_team is not set in the config file: no default"
            " owner ('*') line, and each admin file has only its admin as owner")
    for problem in ownership.problems:
        say(f"note: {problem.format_text()}")
    broken = sorted(Path(f).stem for f in project.admin_files if Path(f).stem not in
                    project.admins)
    if broken:
        say(f"note: not in the block because their files have errors ('escalation check'):"
            f" {', '.join(broken)}")
    try:
        text, existing = generate_codeowners(settings, project.admins)
    except CodeownersFileError as exc:
        raise CommandFailed(f"{CODEOWNERS_PATH}:{exc.line}: {exc}") from None
    if ownership.lead is not None:
        for note in _notes(text):
            say(note)
    if not args.write:
        sys.stdout.write(text)
        return 0
    if project.unseen is not None:  # an admin not listed would lose their review
        raise CommandFailed(project.unseen)
    if text == existing:
        say(f"{CODEOWNERS_PATH} is up to date")
        return 0
    try:
        write_codeowners(settings, project.admins, text)
    except RecordRefused as exc:
        raise CommandFailed(refusal(exc.problems, f"the generated {CODEOWNERS_PATH} would not"
                                    " pass 'escalation check'; nothing was written")) from None
    print(CODEOWNERS_PATH)
    return 0
