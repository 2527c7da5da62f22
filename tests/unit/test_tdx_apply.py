"""Writing a plan (atomic, never over a file that changed meanwhile), the dry-run diff, the
progress bar, the summary line."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from generator.tdx.apply import WriteFailure, render_diff, write_changes
from generator.tdx.plan import FieldChange, FileChange, Plan
from generator.tdx.progress import Progress
from generator.tdx.report import conflict, summary


def test_writes_new_and_changed_files_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    (tmp_path / "tickets/2026").mkdir(parents=True)
    (tmp_path / "tickets/2026/1.md").write_text("old\n", encoding="utf-8")
    changes = [FileChange(path="tickets/2026/1.md", old="old\n", new="new\r\n"),
               FileChange(path="tickets/2023/2.md", old=None, new="created\n")]
    assert write_changes(tmp_path, changes) == []
    assert (tmp_path / "tickets/2026/1.md").read_bytes() == b"new\r\n"
    assert (tmp_path / "tickets/2023/2.md").read_bytes() == b"created\n"
    assert sorted(p.name for p in (tmp_path / "tickets").rglob("*")) == [
        "1.md", "2.md", "2023", "2026"]


def test_never_overwrites_a_file_changed_or_created_meanwhile(tmp_path: Path) -> None:
    (tmp_path / "tickets").mkdir()
    (tmp_path / "tickets/1.md").write_text("edited by someone\n", encoding="utf-8")
    (tmp_path / "tickets/2.md").write_text("appeared\n", encoding="utf-8")
    changes = [FileChange(path="tickets/1.md", old="as planned\n", new="imported\n"),
               FileChange(path="tickets/2.md", old=None, new="imported\n")]
    assert write_changes(tmp_path, changes) == [
        WriteFailure("tickets/1.md", "the file changed or went away while importing; not"
                                     " overwritten (import again)"),
        WriteFailure("tickets/2.md", "the file appeared while importing; not overwritten"
                                     " (import again to update it)"),
    ]
    assert (tmp_path / "tickets/1.md").read_text(encoding="utf-8") == "edited by someone\n"
    assert (tmp_path / "tickets/2.md").read_text(encoding="utf-8") == "appeared\n"
    assert sorted(p.name for p in (tmp_path / "tickets").iterdir()) == ["1.md", "2.md"]


def test_diff_of_new_changed_and_unterminated_files() -> None:
    changes = [FileChange(path="t/1.md", old="a\nb\n", new="a\nc\n"),
               FileChange(path="t/2.md", old=None, new="x\ny")]
    assert render_diff(changes) == (
        "--- a/t/1.md\n+++ b/t/1.md\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
        "--- /dev/null\n+++ b/t/2.md\n@@ -0,0 +1,2 @@\n+x\n+y\n\\ No newline at end of file\n"
    )


def test_progress_bar_only_when_asked_or_on_a_terminal() -> None:
    stream = io.StringIO()
    bar = Progress(4, "planning", stream, enabled=True, width=4)
    for _ in range(4):
        bar.advance()
    bar.close()
    assert stream.getvalue() == (
        "\rplanning [#---] 1/4\rplanning [##--] 2/4\rplanning [###-] 3/4"
        "\rplanning [####] 4/4\r\x1b[K")
    quiet = io.StringIO()  # not a terminal
    bar = Progress(10_000, "planning", quiet)
    bar.advance(10_000)
    bar.close()
    assert quiet.getvalue() == ""


def test_summary_and_conflict_wording() -> None:
    plan = Plan(changes=[FileChange(path="a.md", old=None, new=""),
                         FileChange(path="b.md", old="", new="x")], unchanged=3)
    change = FieldChange(path="b.md", ticket_id="b", field="status", current="closed",
                         tdx="open", remembered=None)
    plan.conflicts.append(change)
    assert summary(plan, rows=5, overwrite=False, dry_run=False) == (
        "5 rows: 1 created, 1 updated, 3 unchanged, 1 conflict kept, 0 rejected")
    failed = [WriteFailure("a.md", "x")]
    assert summary(plan, rows=5, overwrite=True, dry_run=True, failures=failed) == (
        "dry run, nothing written: 5 rows: 0 created, 1 updated, 3 unchanged,"
        " 1 conflict overwritten, 0 rejected, 1 not written")
    assert conflict(change, False) == (
        "b.md: conflict in status: edited by hand to 'closed' since the import wrote"
        " nothing; TDX now says 'open'; kept; pass --overwrite to take TDX's value")


def test_written_files_keep_their_mode_and_new_ones_follow_the_umask(tmp_path: Path) -> None:
    (tmp_path / "tickets").mkdir()
    kept = tmp_path / "tickets/1.md"
    kept.write_text("old\n", encoding="utf-8")
    kept.chmod(0o640)
    umask = os.umask(0o022)
    try:
        write_changes(tmp_path, [FileChange(path="tickets/1.md", old="old\n", new="new\n"),
                                 FileChange(path="tickets/2.md", old=None, new="new\n")])
    finally:
        os.umask(umask)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "tickets/2.md").stat().st_mode) == 0o644
