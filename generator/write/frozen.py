"""Writing a frozen weekly snapshot, never over an existing one unless asked."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from generator.compute.weekly import WeeklyReport
from generator.read.files import relative
from generator.read.frozen import FrozenReportError, frozen_path, parse_frozen
from generator.read.project import Project, project_digest
from generator.render.frozen import render_frozen
from generator.write.atomic import write_atomically
from generator.write.checked import RecordRefused


def write_frozen(
    project: Project, report: WeeklyReport, *, frozen_at: datetime, force: bool = False
) -> Path:
    """Write the snapshot of ``report``; :class:`~generator.write.atomic.RecordExistsError` if
    one exists and ``force`` is false.

    The text is first read back as ``check`` reads snapshots: one it would report
    (``report.broken-snapshot``) raises :class:`~generator.write.checked.RecordRefused`.
    """
    root = project.settings.root
    path = frozen_path(root, report.week)
    text = render_frozen(report, digest=project_digest(project), frozen_at=frozen_at)
    try:
        parse_frozen(text, path, report.week, relative(root, path))
    except FrozenReportError as exc:
        raise RecordRefused(exc.problem.path, [exc.problem]) from None
    write_atomically(path, text, overwrite=force)
    return path
