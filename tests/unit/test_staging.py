"""The staging folder: what it refuses, and what the shared audience never gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.read.docs import DocsError, hand_written_pages
from generator.schema.settings import Audience, Settings
from generator.write.staging import MARKER, StagingError, stage, staging_folder


def project(root: Path, docs_dir: str = ".build/docs") -> Settings:
    for name in ("docs", "tickets", "admins"):
        (root / name).mkdir(parents=True, exist_ok=True)
    (root / "tickets" / "1.md").write_text("a record\n", encoding="utf-8")
    return Settings(root=root, docs_dir=docs_dir)


@pytest.mark.parametrize("docs_dir", [".", "tickets", "admins", "docs", "docs/sub", ".."])
def test_a_staging_folder_that_holds_records_or_docs_is_refused(
    tmp_path: Path, docs_dir: str
) -> None:
    settings = project(tmp_path / "p", docs_dir)
    with pytest.raises(StagingError, match="must be a folder of generated pages of its own"):
        stage(settings, Audience.INTERNAL, {"index.md": "# Home\n"})
    assert (tmp_path / "p" / "tickets" / "1.md").read_text(encoding="utf-8") == "a record\n"


def test_a_folder_the_generator_did_not_make_is_never_emptied(tmp_path: Path) -> None:
    settings = project(tmp_path, "site-src")
    (tmp_path / "site-src").mkdir()
    (tmp_path / "site-src" / "keep.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(StagingError, match=f"no {MARKER} file"):
        stage(settings, Audience.INTERNAL, {"index.md": "# Home\n"})
    assert (tmp_path / "site-src" / "keep.md").exists()


def test_the_generator_keeps_its_own_folder_in_sync(tmp_path: Path) -> None:
    settings = project(tmp_path)
    stage(settings, Audience.INTERNAL, {"index.md": "# Home\n", "old.md": "# Old\n"})
    written = stage(settings, Audience.INTERNAL, {"index.md": "# Home\n"})
    staging = staging_folder(settings)
    assert written == []
    assert not (staging / "old.md").exists()
    assert (staging / MARKER).exists()


def test_a_hand_written_page_on_a_generated_path_is_a_clear_error(tmp_path: Path) -> None:
    settings = project(tmp_path)
    (tmp_path / "docs" / "index.md").write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(StagingError, match=r"docs/index\.md has the path of a generated page"):
        stage(settings, Audience.INTERNAL, {"index.md": "# Home\n"})


@pytest.mark.parametrize("newline,bom", [("\n", ""), ("\r\n", ""), ("\r\n", "\ufeff")])
def test_internal_content_stays_out_of_shared_builds_whatever_the_line_endings(
    tmp_path: Path, newline: str, bom: str
) -> None:
    settings = project(tmp_path)
    internal = ["---", "audience: internal", "---", "LEAK page", ""]
    block = ["# Policy", "", "<!-- audience: internal -->", "LEAK block", "<!-- /audience -->",
             "Shared text.", ""]
    (tmp_path / "docs" / "strategy.md").write_bytes((bom + newline.join(internal)).encode())
    (tmp_path / "docs" / "policy.md").write_bytes((bom + newline.join(block)).encode())
    pages = hand_written_pages(settings, Audience.SHARED)
    assert "strategy.md" not in pages
    assert b"LEAK" not in pages["policy.md"]
    assert b"Shared text." in pages["policy.md"]


def test_an_internal_page_closed_with_dots_is_internal(tmp_path: Path) -> None:
    """YAML allows '...' to close the front-matter, and records accept it: pages too."""
    settings = project(tmp_path)
    (tmp_path / "docs" / "strategy.md").write_text("---\naudience: internal\n...\nLEAK\n",
                                                   encoding="utf-8")
    assert "strategy.md" not in hand_written_pages(settings, Audience.SHARED)
    assert "strategy.md" in hand_written_pages(settings, Audience.INTERNAL)


def test_a_page_linking_outside_the_project_is_refused(tmp_path: Path) -> None:
    settings = project(tmp_path / "project")
    secret = tmp_path / "secret.md"
    secret.write_text("# Not for publishing\n", encoding="utf-8")
    (settings.root / "docs" / "page.md").symlink_to(secret)
    with pytest.raises(DocsError, match=r"docs/page\.md: links to a file outside the project"):
        hand_written_pages(settings, Audience.INTERNAL)


def test_a_project_under_a_hidden_folder_still_publishes_its_docs(tmp_path: Path) -> None:
    settings = project(tmp_path / ".hidden" / "project")
    (settings.root / "docs" / "guide.md").write_text("# Guide\n", encoding="utf-8")
    (settings.root / "docs" / ".draft.md").write_text("# Draft\n", encoding="utf-8")
    assert set(hand_written_pages(settings, Audience.INTERNAL)) == {"guide.md"}


def test_a_page_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    settings = project(tmp_path)
    (tmp_path / "docs" / "bad.md").write_bytes(b"\xff\xfe broken")
    with pytest.raises(DocsError, match=r"docs/bad\.md: not valid UTF-8"):
        hand_written_pages(settings, Audience.INTERNAL)
    with pytest.raises(StagingError, match=r"docs/bad\.md: not valid UTF-8"):
        stage(settings, Audience.INTERNAL, {})
