"""Writing a frozen weekly snapshot, never over an existing one unless asked."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from generator.compute.weekly import WeeklyReport
from generator.read.frozen import frozen_path
from generator.read.project import Project, project_digest
from generator.render.frozen import render_frozen
from generator.write.atomic import write_atomically


def write_frozen(
    project: Project, report: WeeklyReport, *, frozen_at: datetime, force: bool = False
) -> Path:
    """Write the snapshot of ``report``; :class:`~generator.write.atomic.RecordExistsError` if
    one exists and ``force`` is false."""
    path = frozen_path(project.settings.root, report.week)
    text = render_frozen(report, digest=project_digest(project), frozen_at=frozen_at)
    write_atomically(path, text, overwrite=force)
    return path
