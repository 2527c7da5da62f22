"""Problems as text lines, GitHub workflow commands or JSON."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from generator.schema.problems import Problem, Severity

FORMATS = ("text", "github", "json")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problem: Problem) -> str:
    """A ``::error``/``::warning`` workflow command that GitHub shows on the line."""
    return (
        f"::{problem.severity} file={_escape_property(problem.path)},line={problem.line},"
        f"title={_escape_property(problem.code)}::{_escape_data(problem.message)}"
    )


def format_problems(problems: Sequence[Problem], output_format: str) -> str:
    """All ``problems`` in ``output_format`` (one of :data:`FORMATS`), newline-terminated."""
    if output_format == "json":
        rows = [
            {"path": p.path, "line": p.line, "severity": str(p.severity), "code": p.code,
             "message": p.message}
            for p in problems
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    render = format_github if output_format == "github" else Problem.format_text
    return "".join(render(p) + "\n" for p in problems)


def summarise(problems: Sequence[Problem], files_checked: int) -> str:
    """``2 errors and 1 warning in 2 files (40 files checked)``, or ``no problems``."""
    counts = Counter(p.severity for p in problems)
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    checked = f"({files_checked} file{'s' * (files_checked != 1)} checked)"
    if not problems:
        return f"no problems {checked}"
    files = len({p.path for p in problems})
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    return f"{' and '.join(parts)} in {files} file{'s' * (files != 1)} {checked}"
