"""Every file read by path goes through one safe reader, every write error is one message
(issue 11, defect 9).

``-f`` at a named pipe or ``/dev/zero`` used to hang, a lone surrogate or deep nesting in
JSON and permission errors in ``engage``, ``import`` and ``report --freeze`` ended with
exit 70. Now a file that is not a regular file is refused before it is opened, sizes
are bounded, and an ``OSError`` of a writer is ``escalation CMD: error: PATH: reason``
with exit status 1 and nothing half-written. Permission errors are simulated (we run as
root, for whom a chmod does not stop reading or writing).
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.read.files import FileReadError, read_file

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

T = "tickets/2026/48213.md"
ADMIN = "---\nname: Dana Okafor\n---\n"
EXPORT = ("ID,Title,Status,Priority,Classification,Created\n"
          "48300,Printer jam,Open,Low,Incident,11/16/2026 9:30\n")
API_ROW = ('{{"ID": 48300, "Title": "{title}", "StatusName": "Open", "PriorityName": "Low",'
           ' "ClassificationName": "Incident", "CreatedDate": "2026-11-16T09:30:00Z"}}')


def refuse(monkeypatch: pytest.MonkeyPatch, target: object, name: str, code: int) -> None:
    """``target.name`` raises the OS error ``code`` (a system refusal, simulated)."""

    def refused(*_: object, **__: object) -> object:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(target, name, refused)


def leftovers(root: Path) -> list[Path]:
    return sorted(root.rglob("*.tmp"))


# --- the reader ----------------------------------------------------------------------


@pytest.mark.parametrize(("make", "reason"), [
    (lambda p: os.mkfifo(p), "it is a named pipe, not a regular file"),
    (lambda p: p.mkdir(), "Is a directory"),
    (lambda p: p.symlink_to(p), "Too many levels of symbolic links"),
    (lambda p: None, "No such file or directory"),
    (lambda p: p.write_bytes(b"x" * 11), "file is 11 bytes; the limit is 10 bytes"),
])
def test_read_file_refuses_what_it_cannot_read_whole(tmp_path: Path, make: object,
                                                     reason: str) -> None:
    path = tmp_path / "file"
    make(path)  # type: ignore[operator]
    with pytest.raises(FileReadError) as caught:
        read_file(path, 10)
    assert caught.value.reason == reason


def test_read_file_refuses_a_device_without_reading_it() -> None:
    with pytest.raises(FileReadError) as caught:
        read_file(Path("/dev/zero"))
    assert caught.value.reason == "it is a character device, not a regular file"


# --- files given by path -----------------------------------------------------------------


@pytest.mark.parametrize(("make", "name", "reason"), [
    (os.mkfifo, "fifo.yml", "it is a named pipe, not a regular file"),
    (None, "/dev/zero", "it is a character device, not a regular file"),
])
def test_config_that_is_not_a_regular_file(cli: CLI, tmp_path: Path, make: object, name: str,
                                           reason: str) -> None:
    path = tmp_path / name if make else Path(name)
    if make:
        make(path)  # type: ignore[operator]
    result = cli("check", "-f", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"{path.name}:1: error: cannot read config file {path.name!r}: {reason}"
                          " [settings.missing-file]\n")


def test_config_over_the_size_limit(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: Test\n" + "#" * (1024 * 1024), encoding="utf-8")
    result = cli("check", "-f", str(path))
    assert result.code == 2
    assert result.err == ("mkdocs.yml:1: error: cannot read config file 'mkdocs.yml': file is"
                          " 1048592 bytes; the limit is 1 MiB [settings.missing-file]\n")


def test_an_export_that_is_a_named_pipe(project: ProjectFactory, cli: CLI,
                                        tmp_path: Path) -> None:
    root = project({})
    export = tmp_path / "export.csv"
    os.mkfifo(export)
    result = cli("import", "tdx", str(export), "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err == (f"escalation import: error: cannot read {export}: it is a named pipe,"
                          " not a regular file; nothing was imported\n")


def test_a_mapping_file_that_is_a_device(project: ProjectFactory, cli: CLI,
                                         tmp_path: Path) -> None:
    root = project({})
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    result = cli("import", "tdx", str(export), "--map", "/dev/zero",
                 "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err.splitlines() == [
        "/dev/zero:1: error: cannot read the mapping file: it is a character device, not a"
        " regular file [mapping.unreadable]",
        "escalation import: error: the mapping file /dev/zero has 1 error (listed above);"
        " nothing was imported",
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("[" * 100_000 + "]" * 100_000, "its JSON is nested too deeply"),
    ('{"format": "escalation-tdx-import/1",\n "tickets": {"48300": {"title": "\\udc00"}}}',
     "line 2: \\udc00 is half of a UTF-16 surrogate pair, not a character"),
])
def test_a_memory_file_that_would_be_misread_stops_the_import(
    project: ProjectFactory, cli: CLI, tmp_path: Path, text: str, message: str
) -> None:
    root = project({"tickets/.tdx-import.json": text})
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    result = cli("import", "tdx", str(export), "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err == (
        f"escalation import: error: tickets/.tdx-import.json: {message}; restore it from"
        " version control, or delete it to make the next import a first import (TDX's values"
        " win over hand edits); nothing was imported\n")
    assert not (root / "tickets/2026").exists()


def test_a_lone_surrogate_in_an_export_stops_the_import(
    project: ProjectFactory, cli: CLI, tmp_path: Path
) -> None:
    """Python reads the escape into a string that cannot be written as UTF-8."""
    root = project({})
    export = tmp_path / "api.json"
    export.write_text("[\n" + API_ROW.format(title="Printer \\ud83d jam") + "\n]",
                      encoding="utf-8")
    result = cli("import", "tdx", str(export), "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err == ("escalation import: error: api.json: line 2: \\ud83d is half of a"
                          " UTF-16 surrogate pair, not a character; nothing was imported\n")


def test_a_surrogate_pair_is_a_character(project: ProjectFactory, cli: CLI,
                                         tmp_path: Path) -> None:
    root = project({})
    export = tmp_path / "api.json"
    export.write_text("[" + API_ROW.format(title="Printer \\ud83d\\udda8 jam") + "]",
                      encoding="utf-8")
    result = cli("import", "tdx", str(export), "-f", str(root / "mkdocs.yml"))
    assert result.code == 0, result.err
    assert 'title: "Printer \U0001f5a8 jam"\n' in (root / "tickets/2026/48300.md").read_text(
        encoding="utf-8")


def test_a_ticket_file_that_is_a_named_pipe_is_a_rejected_row(
    project: ProjectFactory, cli: CLI, tmp_path: Path
) -> None:
    """The import reads the ticket it updates through the same reader: no hang."""
    root = project({"tickets/2026/.gitkeep": ""})
    os.mkfifo(root / "tickets/2026/48300.md")
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    result = cli("import", "tdx", str(export), "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "export.csv row 2 (ticket 48300): rejected: tickets/2026/48300.md:1: cannot read file:"
        " it is a named pipe, not a regular file; fix the file and import again")


@pytest.mark.parametrize(("setup", "line"), [
    (lambda root: os.mkfifo(root / ".github/CODEOWNERS"),
     ".github/CODEOWNERS:1: warning: cannot be read: it is a named pipe, not a regular file"
     " [codeowners.bad-file]"),
    (lambda root: os.mkfifo(root / "docs/reports/frozen/2026-w47.md"),
     "docs/reports/frozen/2026-w47.md:1: error: cannot read the frozen report: it is a named"
     " pipe, not a regular file [report.broken-snapshot]"),
])
def test_check_refuses_named_pipes_it_would_wait_on(
    project: ProjectFactory, cli: CLI, setup: object, line: str
) -> None:
    root = project({"docs/reports/frozen/.keep": "", ".github/.keep": ""})
    setup(root)  # type: ignore[operator]
    result = cli("check", "-f", str(root / "mkdocs.yml"))
    assert line in result.out.splitlines()


# --- writers -------------------------------------------------------------------------


@pytest.fixture
def ticket_project(project: ProjectFactory, handle_ticket: str,
                   monkeypatch: pytest.MonkeyPatch) -> Path:
    root = project({T: handle_ticket, "admins/dana-okafor.md": ADMIN})
    monkeypatch.chdir(root)
    monkeypatch.delenv("ESCALATION_CONFIG", raising=False)
    return root


ENGAGE = ["engage", "48213", "--admin", "dana-okafor", "--tier", "collaborate",
          "--at", "2026-11-16T10:00"]


@pytest.mark.parametrize(("name", "code"), [
    ("mkstemp", errno.EACCES),  # no permission to write in the folder
    ("mkstemp", errno.EROFS),   # a read-only file system
])
def test_engage_that_cannot_write(ticket_project: Path, cli: CLI,
                                  monkeypatch: pytest.MonkeyPatch, name: str, code: int) -> None:
    before = (ticket_project / T).read_bytes()
    refuse(monkeypatch, tempfile, name, code)
    result = cli(*ENGAGE)
    assert (result.code, result.out) == (1, "")
    assert result.err == (f"escalation engage: error: {T}: {os.strerror(code)}; nothing was"
                          " written\n")
    assert (ticket_project / T).read_bytes() == before


def test_engage_on_a_full_disk_leaves_the_ticket_and_no_temporary_file(
    ticket_project: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (ticket_project / T).read_bytes()
    refuse(monkeypatch, os, "fsync", errno.ENOSPC)
    result = cli(*ENGAGE)
    assert result.code == 1
    assert result.err == (f"escalation engage: error: {T}: No space left on device; nothing"
                          " was written\n")
    assert (ticket_project / T).read_bytes() == before
    assert leftovers(ticket_project) == []


def test_engage_on_a_ticket_it_cannot_read(ticket_project: Path, cli: CLI,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.open

    def denied(path: object, *args: object, **kwargs: object) -> int:
        if Path(os.fsdecode(path)).name == "48213.md":  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    result = cli(*ENGAGE)
    assert result.code == 1
    assert result.err.splitlines() == [
        "escalation engage: ticket 48213 already has problems; fix them first:",
        f"  {T}:1: error: cannot read file: Permission denied [file.unreadable]",
    ]


def test_respond_where_the_ticket_is_a_folder_now(
    ticket_project: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch, handle_ticket: str
) -> None:
    """A folder put where the ticket was, between reading and replacing it."""
    assert cli(*ENGAGE).code == 0
    refuse(monkeypatch, os, "replace", errno.EISDIR)
    result = cli("respond", "48213", "--admin", "dana-okafor", "--outcome", "answered",
                 "--at", "2026-11-16T11:00")
    assert result.code == 1
    assert result.err == (f"escalation respond: error: {T}: Is a directory; nothing was"
                          " written\n")
    assert leftovers(ticket_project) == []


def test_new_admin_that_cannot_write(ticket_project: Path, cli: CLI,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    refuse(monkeypatch, tempfile, "mkstemp", errno.EACCES)
    result = cli("new", "admin", "eve-ng", "--name", "Eve Ng")
    assert result.err == ("escalation new: error: admins/eve-ng.md: Permission denied; nothing"
                          " was written\n")
    assert result.code == 1
    assert not (ticket_project / "admins/eve-ng.md").exists()


def test_codeowners_write_on_a_read_only_disk(ticket_project: Path, cli: CLI,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    refuse(monkeypatch, tempfile, "mkstemp", errno.EROFS)
    result = cli("codeowners", "--write")
    assert result.code == 1
    assert result.err.splitlines()[-1] == (
        "escalation codeowners: error: .github/CODEOWNERS: Read-only file system; nothing was"
        " written")
    assert not (ticket_project / ".github").exists()


def test_import_that_cannot_stage_writes_nothing(ticket_project: Path, cli: CLI,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (ticket_project / "export.csv").write_text(EXPORT + EXPORT.splitlines()[1].replace(
        "48300", "48301") + "\n", encoding="utf-8")
    real = tempfile.mkstemp
    calls = []

    def second_fails(*args: object, **kwargs: object) -> tuple[int, str]:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", second_fails)
    result = cli("import", "tdx", "export.csv")
    assert result.code == 1
    assert result.err.splitlines()[-1] == (
        "escalation import: error: tickets/2026/48301.md: No space left on device; nothing was"
        " written")
    assert sorted(p.name for p in (ticket_project / "tickets/2026").iterdir()) == ["48213.md"]
    assert not (ticket_project / "tickets/.tdx-import.json").exists()


def test_import_whose_memory_cannot_be_written_says_so(
    ticket_project: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    (ticket_project / "export.csv").write_text(EXPORT, encoding="utf-8")
    real = tempfile.mkstemp

    def memory_refused(*args: object, **kwargs: object) -> tuple[int, str]:
        if kwargs.get("prefix") == "..tdx-import.json.":
            raise OSError(errno.EACCES, "Permission denied")
        return real(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", memory_refused)
    result = cli("import", "tdx", "export.csv")
    assert result.code == 1
    assert result.err.splitlines()[-2:] == [
        "tickets/.tdx-import.json: not written: Permission denied; the next import takes the"
        " tickets it wrote for a first import",
        "1 row: 1 created, 0 updated, 0 unchanged, 0 conflicts kept, 0 rejected, 1 not written",
    ]
    assert (ticket_project / "tickets/2026/48300.md").exists()


def test_freeze_that_cannot_write(cli: CLI, ticket_project: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    refuse(monkeypatch, tempfile, "mkstemp", errno.EACCES)
    result = cli("report", "--freeze", "--week", "2026-W47", "--as-of", "2026-11-28T12:00")
    assert result.code == 1
    assert result.err == ("escalation report: error: docs/reports/frozen/2026-w47.md: Permission"
                          " denied; nothing was written\n")
    assert not (ticket_project / "docs/reports/frozen/2026-w47.md").exists()


def test_freeze_where_the_snapshot_is_a_folder(cli: CLI, ticket_project: Path) -> None:
    """The snapshot's path is read first, like every snapshot: refused on its line."""
    (ticket_project / "docs/reports/frozen/2026-w47.md").mkdir(parents=True)
    result = cli("report", "--freeze", "--force", "--week", "2026-W47",
                 "--as-of", "2026-11-28T12:00")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "docs/reports/frozen/2026-w47.md:1: error: cannot read the frozen report: Is a"
        " directory [report.broken-snapshot]")
    assert leftovers(ticket_project) == []
