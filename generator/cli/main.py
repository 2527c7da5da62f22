"""The ``escalation`` command line: parse arguments, run one sub-command, map errors to exits.

No traceback reaches the user: expected failures print a located message; anything
unexpected prints one line asking for a bug report (set ``ESCALATION_DEBUG=1`` for the
traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator import __version__
from generator.cli import (
    apply_form,
    build,
    check,
    codeowners,
    digest,
    engage,
    import_tdx,
    new,
    publish_check,
    report,
    respond,
    serve,
    status,
)
from generator.cli.common import CommandFailed, UsageError
from generator.read.settings import ConfigError
from generator.write.atomic import RecordExistsError, WriteFailed

COMMANDS = (check, new, build, report, status, digest, serve, engage, respond, apply_form,
            codeowners, import_tdx, publish_check)


class Parser(argparse.ArgumentParser):
    """An argument parser that refuses abbreviated options (``--stric`` is a typo)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = Parser(
        prog="escalation",
        description="IT support escalation records as code: check records, report, build the"
        " site.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=Parser
    )
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``escalation`` console script; returns the exit status."""
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    for argument in arguments:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:  # bytes the OS passed that are not UTF-8 (surrogateescape)
            shown = argument.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            parser.error(f"argument '{shown}' is not valid UTF-8")
    args = parser.parse_args(arguments)
    try:
        status: int = args.run(args)
        return status
    except UsageError as exc:
        parser.exit(2, f"escalation {args.command}: error: {exc}\n")
    except ConfigError as exc:
        print(exc.problem.format_text(), file=sys.stderr)
        return 2
    except (CommandFailed, RecordExistsError) as exc:
        print(f"escalation {args.command}: {exc}", file=sys.stderr)
        return 1
    except WriteFailed as exc:
        print(f"escalation {args.command}: error: {_shown(exc.path)}: {exc.reason}; nothing"
              " was written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:
        if os.environ.get("ESCALATION_DEBUG"):
            raise
        print(
            f"escalation {args.command}: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug; please report it with the command you ran"
            " (set ESCALATION_DEBUG=1 to see the traceback).",
            file=sys.stderr,
        )
        return 70
    return 2  # pragma: no cover - parser.exit does not return


def _shown(path: Path) -> str:
    """``path`` as the person at the terminal can open it: relative to the working folder
    when inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
