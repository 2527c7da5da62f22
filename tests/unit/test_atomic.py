"""Atomic writes: the old file or the new one, never a partial one, never a leftover."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.write.atomic import RecordExistsError, WriteFailed, sweep_staged, write_atomically

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory


@pytest.fixture
def umask_022() -> Iterator[None]:
    """Run with the common umask, whatever the test runner's is."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def leftovers(folder: Path) -> list[str]:
    """Temporary files left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "tickets" / "2026" / "48213.md"
    write_atomically(target, "---\ntitle: café\n---\n")
    assert target.read_bytes() == "---\ntitle: café\n---\n".encode()
    assert mode(target) == 0o644  # not the owner-only mode of a temporary file
    assert leftovers(target.parent) == []


def test_refuses_to_replace_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "48213.md"
    target.write_text("original\n", encoding="utf-8")
    with pytest.raises(RecordExistsError) as caught:
        write_atomically(target, "new\n")
    assert caught.value.args == (str(target),)
    assert target.read_text(encoding="utf-8") == "original\n"
    assert leftovers(tmp_path) == []


def test_refuses_a_folder_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "48213.md").mkdir()
    with pytest.raises(RecordExistsError):
        write_atomically(tmp_path / "48213.md", "new\n")
    assert leftovers(tmp_path) == []


def test_overwrite_keeps_the_permissions(tmp_path: Path) -> None:
    target = tmp_path / "48213.md"
    target.write_text("original\n", encoding="utf-8")
    target.chmod(0o640)
    write_atomically(target, "replaced\n", overwrite=True)
    assert target.read_text(encoding="utf-8") == "replaced\n"
    assert mode(target) == 0o640
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    target = tmp_path / "48213.md"
    with pytest.raises(WriteFailed, match="No space left"):
        write_atomically(target, "new\n")
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_a_failed_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "48213.md"
    target.write_text("original\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(WriteFailed, match="No space left"):
        write_atomically(target, "replaced\n", overwrite=True)
    assert target.read_text(encoding="utf-8") == "original\n"
    assert leftovers(tmp_path) == []


@pytest.fixture
def no_hard_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system that refuses hard links (some network and container mounts)."""

    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)


def test_without_hard_links(tmp_path: Path, no_hard_links: None) -> None:
    target = tmp_path / "48213.md"
    write_atomically(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    with pytest.raises(RecordExistsError):
        write_atomically(target, "again\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert leftovers(tmp_path) == []


def test_other_link_errors_are_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "link", refuse)
    with pytest.raises(WriteFailed, match="Permission denied"):
        write_atomically(tmp_path / "48213.md", "new\n")
    assert leftovers(tmp_path) == []
    assert not (tmp_path / "48213.md").exists()


def test_text_is_written_as_given(tmp_path: Path) -> None:
    """No newline translation: LF stays LF on every platform."""
    target = tmp_path / "48213.md"
    write_atomically(target, "a\nb\n")
    assert target.read_bytes() == b"a\nb\n"


def _leftover(folder: Path, name: str, age: float) -> Path:
    path = folder / name
    path.write_text("half a ticket", encoding="utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_sweep_removes_only_old_temporary_files_of_its_own_naming(tmp_path: Path) -> None:
    """An interrupted import left thousands of '.ID.md.*.tmp' files (issue 11, defect 12)."""
    folder = tmp_path / "tickets" / "2026"
    folder.mkdir(parents=True)
    old = _leftover(folder, ".48213.md.k3j_9x2a.tmp", 7200)
    fresh = _leftover(folder, ".48214.md.q8w2e4r6.tmp", 10)
    other = _leftover(folder, ".notes.tmp", 7200)
    record = _leftover(folder, "48215.md", 7200)
    assert sweep_staged(tmp_path / "tickets") == [old]
    assert not old.exists() and fresh.exists() and other.exists() and record.exists()


def test_import_sweeps_leftovers_and_git_ignores_them(project: ProjectFactory, cli: CLI
                                                      ) -> None:
    root = project(copy="tdx/project", config=None)
    (root / "tickets" / "2026").mkdir(parents=True, exist_ok=True)
    old = _leftover(root / "tickets" / "2026", ".59001.md.abcd_123.tmp", 7200)
    export = Path(__file__).parents[1] / "fixtures" / "tdx" / "report-export.csv"
    result = cli("import", "tdx", str(export), "-f", str(root / "mkdocs.yml"))
    assert "removed 1 temporary file(s) an interrupted import left in tickets/" in result.err
    assert not old.exists()
    repo = Path(__file__).parents[2]
    ignored = subprocess.run(["git", "check-ignore", "-q", "tickets/2026/.59001.md.abcd_123.tmp"],
                             cwd=repo, check=False)
    assert ignored.returncode == 0
