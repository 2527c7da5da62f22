"""Every entry under tickets/ and admins/ is either loaded or reported (issue 11, defect 4).

The one walker, :func:`generator.read.files.find_records`, used to skip in silence a
folder it could not list, a dangling or looping link, a ``.MD`` file and a ``README.md``
that ``escalation new ticket README`` had written: ``check`` said "no problems" and the
build published fewer tickets. Permission errors are simulated (we run as root, for
whom a chmod does not stop reading).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from os_faults import deny

from generator.read.files import find_records

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

T = "tickets/2026/48213.md"
ADMIN = "---\nname: Dana Okafor\n---\n"


def check(cli: CLI, root: Path) -> tuple[int, list[str]]:
    result = cli("check", "-f", str(root / "mkdocs.yml"))
    return result.code, result.out.splitlines()


def test_a_folder_that_cannot_be_listed_is_an_error(
    project: ProjectFactory, cli: CLI, handle_ticket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({T: handle_ticket, "tickets/2025/41000.md": handle_ticket})
    deny(monkeypatch, "scandir", root / "tickets/2025")
    assert check(cli, root) == (1, [
        "tickets/2025:1: error: cannot list the folder: Permission denied; no record in it"
        " is read [file.folder-unreadable]",
    ])


def test_a_records_folder_that_is_a_file_is_an_error(
    project: ProjectFactory, cli: CLI
) -> None:
    root = project({"admins": "not a folder\n"})
    assert check(cli, root) == (1, [
        "admins:1: error: cannot list the folder: it is a file, not a folder; no record in"
        " it is read [file.folder-unreadable]",
    ])


def test_dangling_and_looping_links_are_errors(
    project: ProjectFactory, cli: CLI, handle_ticket: str
) -> None:
    root = project({T: handle_ticket})
    (root / "tickets/2026/48214.md").symlink_to("gone.md")
    (root / "tickets/2026/48215.md").symlink_to("48215.md")
    (root / "tickets/2026/again").symlink_to("..", target_is_directory=True)
    assert check(cli, root) == (1, [
        "tickets/2026/48214.md:1: error: the link points to 'gone.md', which does not exist;"
        " nothing is read through it [file.broken-link]",
        "tickets/2026/48215.md:1: error: the link to '48215.md' loops back on itself;"
        " nothing is read through it [file.broken-link]",
        "tickets/2026/again:1: error: the link leads to tickets, a folder already read; its"
        " files are not read twice [file.broken-link]",
    ])


def test_a_linked_folder_is_read(
    project: ProjectFactory, cli: CLI, handle_ticket: str, tmp_path: Path
) -> None:
    root = project({"archive/2025/41000.md": handle_ticket, T: handle_ticket})
    (root / "tickets/2025").symlink_to(root / "archive/2025", target_is_directory=True)
    result = cli("check", "-f", str(root / "mkdocs.yml"))
    assert (result.code, result.out) == (0, "")
    assert result.err == "no problems (3 files checked)\n"


def test_links_leading_out_of_the_project_are_errors(
    project: ProjectFactory, cli: CLI, handle_ticket: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A record kept outside the repository is in no pull request and has no history."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / "41000.md").write_text(handle_ticket, encoding="utf-8")
    root = project({T: handle_ticket})
    (root / "tickets/2025").symlink_to(outside, target_is_directory=True)
    (root / "tickets/2026/48214.md").symlink_to(outside / "41000.md")
    real = outside.resolve().as_posix()
    assert check(cli, root) == (1, [
        f"tickets/2025:1: error: the link leads to '{real}', outside the project; records must"
        " be in the repository, so copy the file in instead; nothing is read through it"
        " [file.link-outside]",
        f"tickets/2026/48214.md:1: error: the link leads to '{real}/41000.md', outside the"
        " project; records must be in the repository, so copy the file in instead; nothing is"
        " read through it [file.link-outside]",
    ])


def test_a_records_folder_that_is_a_link_out_of_the_project_is_an_error(
    project: ProjectFactory, cli: CLI, handle_ticket: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "dana-okafor.md").write_text(ADMIN, encoding="utf-8")
    root = project({T: handle_ticket})
    (root / "admins").symlink_to(outside, target_is_directory=True)
    code, lines = check(cli, root)
    assert code == 1 and lines[0].startswith("admins:1: error: the link leads to ")
    assert lines[0].endswith("[file.link-outside]")


@pytest.mark.parametrize("name", ["48214.MD", "48214.Md", "48214.markdown"])
def test_a_misspelt_extension_is_an_error(
    project: ProjectFactory, cli: CLI, handle_ticket: str, name: str
) -> None:
    root = project({T: handle_ticket, f"tickets/2026/{name}": handle_ticket})
    suffix = name.partition(".")[2]
    assert check(cli, root) == (1, [
        f"tickets/2026/{name}:1: error: the file name ends in '.{suffix}'; a record's ends in"
        " '.md' (lower case), so this file is not read [file.wrong-extension]",
    ])


def test_other_entries_are_warnings_and_known_ones_quiet(
    project: ProjectFactory, cli: CLI, handle_ticket: str
) -> None:
    root = project({
        T: handle_ticket,
        "tickets/2026/notes.txt": "not a record\n",
        "tickets/2026/.48216.md": handle_ticket,
        "tickets/.trash/48217.md": handle_ticket,
        "admins/dana-okafor.md": ADMIN,
        "admins/dana-okafor.md~": ADMIN,
        # known: folder notes, git's placeholder, the import's memory, an editor's litter
        "tickets/README.md": "# Tickets\n\nOne file per TDX ticket.\n",
        "tickets/2026/.gitkeep": "",
        "tickets/.tdx-import.json": "{}",
        "admins/.DS_Store": b"\x00\x00\x00\x01Bud1",
    })
    os.mkfifo(root / "tickets/2026/pipe")
    assert check(cli, root) == (0, [
        "admins/dana-okafor.md~:1: warning: not a record: a record's file name ends in"
        " '.md'; it is not read [file.not-a-record]",
        "tickets/.trash:1: warning: a hidden folder: its files are not read"
        " [file.not-a-record]",
        "tickets/2026/.48216.md:1: warning: a hidden file, not a record; it is not read"
        " [file.not-a-record]",
        "tickets/2026/notes.txt:1: warning: not a record: a record's file name ends in"
        " '.md'; it is not read [file.not-a-record]",
        "tickets/2026/pipe:1: warning: a named pipe, not a record file; it is not read"
        " [file.not-a-record]",
    ])


def test_a_named_pipe_named_as_a_record_is_refused_without_opening_it(
    project: ProjectFactory, cli: CLI, handle_ticket: str
) -> None:
    """Opening a named pipe would wait for a writer: ``check`` would never end."""
    root = project({T: handle_ticket})
    os.mkfifo(root / "tickets/2026/48214.md")
    assert check(cli, root) == (1, [
        "tickets/2026/48214.md:1: error: cannot read file: it is a named pipe, not a regular"
        " file [file.unreadable]",
    ])


def test_a_readme_with_front_matter_is_reported_under_its_reserved_name(
    project: ProjectFactory, cli: CLI, handle_ticket: str
) -> None:
    """``README.md`` is a folder's notes; one that opens with front-matter was meant as a
    record and is reported, with the message ``new`` and the import refuse it with."""
    root = project({"tickets/2026/README.md": handle_ticket, "admins/readme.md": ADMIN})
    assert check(cli, root) == (1, [
        "admins/readme.md:1: error: file name: 'readme' is reserved for a folder's notes and"
        " never read as a record; expected a slug of lowercase letters, digits and '-'"
        " (such as 'dana-okafor.md') [admin.bad-slug]",
        "tickets/2026/README.md:1: error: file name: 'README' is reserved for a folder's"
        " notes and never read as a record; expected a ticket ID of letters, digits, '.',"
        " '_' and '-' (such as '48213.md') [ticket.bad-id]",
    ])


@pytest.mark.parametrize("ticket_id", ["README", "readme"])
def test_new_ticket_refuses_the_reserved_name(
    project: ProjectFactory, cli: CLI, ticket_id: str
) -> None:
    root = project({})
    result = cli("new", "ticket", ticket_id, "--title", "Printer jam", "--classification",
                 "incident", "--priority", "low", "--opened", "2026-11-16T09:30",
                 "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"  tickets/2026/{ticket_id}.md:1: error: file name: {ticket_id!r} is reserved for a"
        " folder's notes and never read as a record; expected a ticket ID of letters, digits,"
        " '.', '_' and '-' (such as '48213.md') [ticket.bad-id]")
    assert not (root / "tickets").exists()


def test_new_admin_refuses_the_reserved_name(project: ProjectFactory, cli: CLI) -> None:
    root = project({})
    result = cli("new", "admin", "readme", "--name", "Read Me", "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert "is reserved for a folder's notes" in result.err
    assert not (root / "admins").exists()


def test_import_refuses_the_reserved_name(project: ProjectFactory, cli: CLI,
                                          tmp_path: Path) -> None:
    root = project({})
    export = tmp_path / "export.csv"
    export.write_text("ID,Title,Status,Priority,Classification,Created\n"
                      "README,Printer jam,Open,Low,Incident,11/16/2026 9:30\n",
                      encoding="utf-8")
    result = cli("import", "tdx", str(export), "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "export.csv row 2 (ticket README): rejected: the ticket would not pass 'escalation"
        " check': file name: 'README' is reserved for a folder's notes and never read as a"
        " record; expected a ticket ID of letters, digits, '.', '_' and '-' (such as"
        " '48213.md') [ticket.bad-id]")
    assert not (root / "tickets/2026/README.md").exists()


def test_import_stops_when_a_ticket_folder_cannot_be_listed(
    project: ProjectFactory, cli: CLI, handle_ticket: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ticket in a folder that cannot be listed would be created again, as a second file."""
    root = project({"tickets/2025/41000.md": handle_ticket})
    deny(monkeypatch, "scandir", root / "tickets/2025")
    export = tmp_path / "export.csv"
    export.write_text("ID,Title,Status,Priority,Classification,Created\n"
                      "41000,Printer jam,Open,Low,Incident,11/16/2026 9:30\n",
                      encoding="utf-8")
    result = cli("import", "tdx", str(export), "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err.splitlines() == [
        "escalation import: error: tickets/2025:1: error: cannot list the folder: Permission"
        " denied; no record in it is read [file.folder-unreadable]; records may exist that"
        " cannot be seen, so nothing was written: fix what 'escalation check' reports first;"
        " nothing was imported",
    ]
    assert not (root / "tickets/2026").exists()


@pytest.mark.parametrize("command", [
    ["new", "ticket", "41000", "--title", "Printer jam", "--classification", "incident",
     "--priority", "low", "--opened", "2026-11-16T09:30"],
    ["engage", "48213", "--admin", "dana-okafor", "--tier", "collaborate",
     "--at", "2026-11-16T10:00"],
    ["codeowners", "--write"],
])
def test_writers_refuse_when_records_may_be_unseen(
    project: ProjectFactory, cli: CLI, handle_ticket: str, command: list[str]
) -> None:
    root = project({T: handle_ticket, "admins/dana-okafor.md": ADMIN})
    (root / "tickets/2025").mkdir()
    (root / "tickets/2025/41000.md").symlink_to("/nonexistent/41000.md")
    before = (root / T).read_bytes()
    result = cli(*command, "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert result.err.splitlines()[-1] == (
        f"escalation {command[0]}: tickets/2025/41000.md:1: error: the link points to"
        " '/nonexistent/41000.md', which does not exist; nothing is read through it"
        " [file.broken-link]; records may exist that cannot be seen, so nothing was written:"
        " fix what 'escalation check' reports first")
    assert (root / T).read_bytes() == before
    assert not (root / "tickets/2026/41000.md").exists()
    assert not (root / ".github").exists()


def test_the_walk_is_sorted_and_has_no_depth_limit(tmp_path: Path, handle_ticket: str) -> None:
    deep = tmp_path / "tickets" / Path(*["d"] * 200)
    deep.mkdir(parents=True)
    (deep / "1.md").write_text(handle_ticket, encoding="utf-8")
    (tmp_path / "tickets/b.md").write_text(handle_ticket, encoding="utf-8")
    (tmp_path / "tickets/a.md").write_text(handle_ticket, encoding="utf-8")
    found = find_records(tmp_path, "tickets")
    assert found.problems == ()
    assert [p.relative_to(tmp_path / "tickets").parts[-1] for p in found.files] == [
        "a.md", "b.md", "1.md"]
