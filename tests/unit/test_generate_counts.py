"""What a generation reports: generated pages that changed, not every staged file.

``serve`` used to print "regenerated: 63 of 49 pages changed", counting hand-written
pages and assets among the changed pages (issue 11, defect 14).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.schema.settings import Audience
from generator.write.build import generate

if TYPE_CHECKING:
    from conftest import ProjectFactory


def test_changed_pages_count_generated_pages_only(project: ProjectFactory) -> None:
    root = project({"docs/guide.md": "# Guide\n"},
                   config="site_name: Test\ndocs_dir: .build/docs\n")
    settings, _ = load_settings(root / "mkdocs.yml")
    as_of = datetime(2026, 11, 28, 12, tzinfo=settings.timezone)
    first = generate(load_project(settings), audience=Audience.INTERNAL, as_of=as_of)
    assert "guide.md" in first.written and len(first.written) > first.pages
    assert first.changed_pages == first.pages
    again = generate(load_project(settings), audience=Audience.INTERNAL, as_of=as_of)
    assert (again.changed_pages, again.written) == (0, ())
