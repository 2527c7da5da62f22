"""Writing a file only when ``escalation check`` would accept the exact text written.

``new``, ``engage`` and ``respond`` write their records through :func:`write_record`, so
none of them can write a file that ``check`` refuses, the size limit included; the
import runs the same rules on each text when it plans (:mod:`generator.tdx.plan`);
``report --freeze`` and ``codeowners --write`` check their texts as ``check`` reads
them (:mod:`generator.write.frozen`, :mod:`generator.write.codeowners`) and refuse
with :class:`RecordRefused` too.
"""

from __future__ import annotations

from generator.check.project import check_record_text
from generator.read.project import Project
from generator.schema.problems import Problem, Severity
from generator.write.atomic import write_atomically


class RecordRefused(Exception):
    """The text would not pass ``escalation check``; nothing was written."""

    def __init__(self, rel: str, problems: list[Problem]) -> None:
        super().__init__(f"{rel}: {len(problems)} problem(s)")
        self.rel = rel
        self.problems = problems
        """What ``check`` would report that refuses the text."""


def write_record(project: Project, rel: str, text: str, *, overwrite: bool = False
                 ) -> list[Problem]:
    """Write ``text`` to the record file ``rel`` atomically, if ``check`` accepts it.

    Returns what ``check`` says about it (warnings only). Raises :class:`RecordRefused`
    with the errors instead of writing, and
    :class:`~generator.write.atomic.RecordExistsError` for an existing file unless
    ``overwrite``.
    """
    problems = check_record_text(text, rel, project)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise RecordRefused(rel, errors)
    write_atomically(project.settings.root / rel, text, overwrite=overwrite)
    return problems
