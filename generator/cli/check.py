"""``escalation check``: every problem of every record, in one run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.check.project import check_project
from generator.cli.common import UsageError, add_config_option, open_project, say, settings_errors
from generator.read.files import relative
from generator.render.problems import FORMATS, format_problems, summarise
from generator.schema.problems import has_errors
from generator.write.codeowners import check_codeowners


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``check`` sub-command."""
    parser = subparsers.add_parser(
        "check",
        help="validate tickets, admins and settings",
        description="Validate every record (or only the given files) and the rules between"
        " records. Exit status: 0 no errors, 1 errors (or warnings with --strict),"
        " 2 usage or configuration errors.",
    )
    add_config_option(parser)
    parser.add_argument("--format", choices=FORMATS, default="text", dest="output_format",
                        help="text (default), github workflow commands, or json")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="only report problems in these files or folders")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``check``; the exit status."""
    project = open_project(args)
    problems = check_project(project) + check_codeowners(project.settings, project.admins)
    problems.sort(key=lambda p: (p.path, p.line, p.code, p.message))  # one sorted report
    # bad settings are a configuration error whatever the PATHs: exit 2
    configuration_error = settings_errors(problems)
    if args.paths:
        wanted = _wanted(args.paths, project.settings.root)
        config = project.settings.config_path
        # the settings apply to every record: their problems are always shown
        problems = [
            p for p in problems
            if p.path == config or "." in wanted
            or any(p.path == w or p.path.startswith(w + "/") for w in wanted)
        ]
    sys.stdout.write(format_problems(problems, args.output_format))
    files = len(project.ticket_files) + len(project.admin_files) + 1
    if args.output_format == "text":
        say(summarise(problems, files))
    if configuration_error:
        return 2
    return 1 if has_errors(problems, strict=args.strict) else 0


def _wanted(names: list[str], root: Path) -> list[str]:
    """The PATH arguments as POSIX paths relative to the project root."""
    wanted: list[str] = []
    for name in names:
        path = Path(name).resolve()
        if not path.exists():
            raise UsageError(f"no such file or folder: {name}")
        rel = relative(root, path)
        if Path(rel).is_absolute():
            raise UsageError(f"{name} is outside the project folder {root}")
        wanted.append(rel)
    return wanted
