"""The builder wipes its site folder: only ever a folder the build made (issue 11, defect 1).

``escalation build --site-dir tickets`` used to empty the records folder and exit 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.schema.settings import Settings
from generator.write.build import SITE_MARKER, SiteDirError, site_folders

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

SHARED = "the builder empties it, so it must be a folder of its own"


@pytest.mark.parametrize("folder", ["tickets", "admins", "docs", ".github", ".",
                                    "tickets/2026", "docs/reports"])
def test_a_folder_people_write_in_is_never_the_site(tmp_path: Path, folder: str) -> None:
    (tmp_path / "tickets/2026").mkdir(parents=True)
    settings = Settings(root=tmp_path)
    with pytest.raises(SiteDirError, match=SHARED):
        site_folders(settings, "mkdocs", tmp_path / folder)


def test_a_folder_that_holds_the_project_is_never_the_site(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    with pytest.raises(SiteDirError, match=SHARED):
        site_folders(Settings(root=root), "mkdocs", tmp_path)


def test_site_dir_in_mkdocs_yml_is_guarded_too(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path, site_dir="admins")
    with pytest.raises(SiteDirError, match="site folder 'admins': the builder empties it"):
        site_folders(settings, "mkdocs", None)


def test_zensical_guards_the_folder_it_builds_in_as_well(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path, site_dir="docs")
    with pytest.raises(SiteDirError, match="site folder 'docs'"):
        site_folders(settings, "zensical", tmp_path / "out")


def test_a_folder_of_other_files_is_refused_until_it_carries_the_marker(tmp_path: Path) -> None:
    site = tmp_path / "elsewhere"
    site.mkdir()
    (site / "notes.txt").write_text("mine", encoding="utf-8")
    settings = Settings(root=tmp_path / "project")
    with pytest.raises(SiteDirError, match=f"already holds files the build did not write"
                       f" \\(no {SITE_MARKER} file\\)"):
        site_folders(settings, "mkdocs", site)
    (site / SITE_MARKER).write_text("", encoding="utf-8")
    assert site_folders(settings, "mkdocs", site) == [site]


def test_an_empty_or_new_folder_is_fine(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path)
    assert site_folders(settings, "mkdocs", None) == [tmp_path / "site"]
    (tmp_path / "out").mkdir()
    assert site_folders(settings, "mkdocs", tmp_path / "out") == [tmp_path / "out"]


def test_build_refuses_the_records_folder_and_keeps_every_record(
    project: ProjectFactory, cli: CLI, handle_ticket: str
) -> None:
    root = project({"tickets/2026/48213.md": handle_ticket},
                   config="site_name: Test\ndocs_dir: .build/docs\n")
    result = cli("build", "--site-dir", str(root / "tickets"), "-f", str(root / "mkdocs.yml"),
                 "--as-of", "2026-11-20T10:00")
    assert result.code == 2
    assert "the builder empties it, so it must be a folder of its own" in result.err
    assert (root / "tickets/2026/48213.md").read_text(encoding="utf-8") == handle_ticket
