"""Corpus: records left out, files that hang or crash the reader, writers refused by the
system, and import options and files that were misread (issue 11, defects 4, 9 and 11).

Permission errors are simulated with monkeypatch: the tests run as root, for whom a
chmod does not stop reading or writing.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from corpus_harness import Case, Prepare, run_case

T = "tickets/2026/T1.md"
TICKET = ("---\ntitle: Printer jam\nopened: 2026-11-16T09:30\nclassification: incident\n"
          "priority: low\ntier: handle\nstatus: open\n---\nNotes.\n")
ADMIN = ("admins/dana-okafor.md", "---\nname: Dana Okafor\n---\n")
EXPORT = ("ID,Title,Status,Priority,Classification,Created\n"
          "48300,Printer jam,Open,Low,Incident,11/16/2026 9:30\n")
API = ('[\n{"ID": 48300, "Title": "Printer \\ud83d jam", "StatusName": "Open",'
       ' "PriorityName": "Low", "ClassificationName": "Incident",'
       ' "CreatedDate": "2026-11-16T09:30:00Z"}\n]\n')
MEMORY_HINT = ("; restore it from version control, or delete it to make the next import a"
               " first import (TDX's values win over hand edits); nothing was imported")
SNAPSHOT = "docs/reports/frozen/2026-w47.md"
CHECK = ("check",)
IMPORT = ("import", "tdx", "export.csv")
NEW_TICKET = ("--title", "Printer jam", "--classification", "incident", "--priority", "low",
              "--opened", "2026-11-16T09:30")


def denied(name: str, rel: str) -> Prepare:
    """``os.<name>`` raises "Permission denied" for the project path ``rel``."""

    def prepare(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        target = root / rel
        if name == "scandir":
            target.mkdir(parents=True, exist_ok=True)
        real = getattr(os, name)

        def refuse(path: object, *args: object, **kwargs: object) -> object:
            if Path(os.fsdecode(path)).absolute() == target:  # type: ignore[arg-type]
                raise PermissionError(errno.EACCES, "Permission denied")
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, refuse)

    return prepare


def no_temporary_files(code: int) -> Prepare:
    """The system refuses every new file with ``code`` (no permission, read-only disk)."""

    def prepare(_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        def refuse(*_: object, **__: object) -> tuple[int, str]:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(tempfile, "mkstemp", refuse)

    return prepare


def link(rel: str, target: str) -> Prepare:
    def prepare(root: Path, _: pytest.MonkeyPatch) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(target)

    return prepare


def both(first: Prepare, second: Prepare) -> Prepare:
    def prepare(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        first(root, monkeypatch)
        second(root, monkeypatch)

    return prepare


def replace_with_file(rel: str) -> Prepare:
    """The (empty) folder ``rel`` becomes a file of that name."""

    def prepare(root: Path, _: pytest.MonkeyPatch) -> None:
        (root / rel).rmdir()
        (root / rel).write_text("not a folder\n", encoding="utf-8")

    return prepare


def fifo(rel: str) -> Prepare:
    def prepare(root: Path, _: pytest.MonkeyPatch) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / rel)

    return prepare


def error(path: str, line: int, message: str, code: str, severity: str = "error") -> str:
    return f"{path}:{line}: {severity}: {message} [{code}]"


def case(name: str, files: dict[str, str | bytes], args: tuple[str, ...], exit: int, line: str,
         code: str | None = None, prepare: Callable[[Path, pytest.MonkeyPatch], None] | None
         = None, config: str | None = "site_name: Test\n") -> Case:
    return Case(name, files, args, exit, line, code, config=config, prepare=prepare)


CASES = [
    # --- defect 4: every entry under the record folders is loaded or reported ------------
    case("folder-cannot-be-listed", {T: TICKET}, CHECK, 1,
         error("tickets/2025", 1, "cannot list the folder: Permission denied; no record in it"
               " is read", "file.folder-unreadable"), "file.folder-unreadable",
         denied("scandir", "tickets/2025")),
    case("records-folder-is-a-file", {}, CHECK, 1,
         error("admins", 1, "cannot list the folder: it is a file, not a folder; no record in"
               " it is read", "file.folder-unreadable"), "file.folder-unreadable",
         replace_with_file("admins")),
    case("dangling-link", {T: TICKET}, CHECK, 1,
         error("tickets/2026/T2.md", 1, "the link points to 'T9.md', which does not exist;"
               " nothing is read through it", "file.broken-link"), "file.broken-link",
         link("tickets/2026/T2.md", "T9.md")),
    case("looping-link", {T: TICKET}, CHECK, 1,
         error("tickets/2026/T2.md", 1, "the link to 'T3.md' loops back on itself; nothing is"
               " read through it", "file.broken-link"), "file.broken-link",
         both(link("tickets/2026/T2.md", "T3.md"), link("tickets/2026/T3.md", "T2.md"))),
    case("link-to-a-folder-above", {T: TICKET}, CHECK, 1,
         error("tickets/2026/up", 1, "the link leads to tickets, a folder already read; its"
               " files are not read twice", "file.broken-link"), "file.broken-link",
         link("tickets/2026/up", "..")),
    case("upper-case-extension", {"tickets/2026/T2.MD": TICKET}, CHECK, 1,
         error("tickets/2026/T2.MD", 1, "the file name ends in '.MD'; a record's ends in '.md'"
               " (lower case), so this file is not read", "file.wrong-extension"),
         "file.wrong-extension"),
    case("markdown-extension", {"admins/dana.markdown": ADMIN[1]}, CHECK, 1,
         error("admins/dana.markdown", 1, "the file name ends in '.markdown'; a record's ends"
               " in '.md' (lower case), so this file is not read", "file.wrong-extension"),
         "file.wrong-extension"),
    case("readme-with-front-matter", {"tickets/2026/README.md": TICKET}, CHECK, 1,
         error("tickets/2026/README.md", 1, "file name: 'README' is reserved for a folder's"
               " notes and never read as a record; expected a ticket ID of letters, digits,"
               " '.', '_' and '-' (such as '48213.md')", "ticket.bad-id"), "ticket.bad-id"),
    case("new-ticket-readme", {}, ("new", "ticket", "README", *NEW_TICKET), 2,
         "  tickets/2026/README.md:1: error: file name: 'README' is reserved for a folder's"
         " notes and never read as a record; expected a ticket ID of letters, digits, '.',"
         " '_' and '-' (such as '48213.md') [ticket.bad-id]", "ticket.bad-id"),
    case("text-file-among-tickets", {T: TICKET, "tickets/2026/T2.txt": TICKET}, CHECK, 0,
         error("tickets/2026/T2.txt", 1, "not a record: a record's file name ends in '.md'; it"
               " is not read", "file.not-a-record", "warning"), "file.not-a-record"),
    case("hidden-folder-among-tickets", {"tickets/.old/T2.md": TICKET}, CHECK, 0,
         error("tickets/.old", 1, "a hidden folder: its files are not read",
               "file.not-a-record", "warning"), "file.not-a-record"),
    case("named-pipe-as-a-ticket", {}, CHECK, 1,
         error("tickets/2026/T2.md", 1, "cannot read file: it is a named pipe, not a regular"
               " file", "file.unreadable"), "file.unreadable", fifo("tickets/2026/T2.md")),
    case("import-with-an-unlistable-folder", {"export.csv": EXPORT}, IMPORT, 2,
         "escalation import: error: tickets/2025:1: error: cannot list the folder: Permission"
         " denied; no record in it is read [file.folder-unreadable]; records may exist that"
         " cannot be seen, so nothing was written: fix what 'escalation check' reports first;"
         " nothing was imported", None, denied("scandir", "tickets/2025")),
    # --- defect 9: files that hung or crashed the reader, writers refused by the system --
    case("config-is-a-named-pipe", {}, ("check", "-f", "fifo.yml"), 2,
         error("fifo.yml", 1, "cannot read config file 'fifo.yml': it is a named pipe, not a"
               " regular file", "settings.missing-file"), "settings.missing-file",
         fifo("fifo.yml")),
    case("config-is-dev-zero", {}, ("report", "-f", "/dev/zero"), 2,
         error("zero", 1, "cannot read config file 'zero': it is a character device, not a"
               " regular file", "settings.missing-file"), "settings.missing-file"),
    case("export-is-a-named-pipe", {}, IMPORT, 2,
         "escalation import: error: cannot read export.csv: it is a named pipe, not a regular"
         " file; nothing was imported", None, fifo("export.csv")),
    case("memory-nested-too-deeply",
         {"export.csv": EXPORT, "tickets/.tdx-import.json": "[" * 50_000 + "]" * 50_000},
         IMPORT, 2, f"escalation import: error: tickets/.tdx-import.json: its JSON is nested"
         f" too deeply{MEMORY_HINT}"),
    case("memory-lone-surrogate",
         {"export.csv": EXPORT, "tickets/.tdx-import.json":
          '{"format": "escalation-tdx-import/1",\n"tickets": {"1": {"title": "\\udc00"}}}'},
         IMPORT, 2, "escalation import: error: tickets/.tdx-import.json: line 2: \\udc00 is"
         f" half of a UTF-16 surrogate pair, not a character{MEMORY_HINT}"),
    case("export-lone-surrogate", {"api.json": API}, ("import", "tdx", "api.json"), 2,
         "escalation import: error: api.json: line 2: \\ud83d is half of a UTF-16 surrogate"
         " pair, not a character; nothing was imported"),
    case("engage-without-permission", {T: TICKET, ADMIN[0]: ADMIN[1]},
         ("engage", "T1", "--admin", "dana-okafor", "--tier", "collaborate",
          "--at", "2026-11-16T10:00"), 1,
         f"escalation engage: error: {T}: Permission denied; nothing was written", None,
         no_temporary_files(errno.EACCES)),
    case("freeze-on-a-read-only-disk", {}, ("report", "--freeze", "--week", "2026-W47"), 1,
         f"escalation report: error: {SNAPSHOT}: Read-only file system; nothing was written",
         None, no_temporary_files(errno.EROFS)),
    case("import-without-permission", {"export.csv": EXPORT}, IMPORT, 1,
         "escalation import: error: tickets/2026/48300.md: Permission denied; nothing was"
         " written", None, no_temporary_files(errno.EACCES)),
    case("snapshot-is-a-named-pipe", {}, CHECK, 1,
         error(SNAPSHOT, 1, "cannot read the frozen report: it is a named pipe, not a regular"
               " file", "report.broken-snapshot"), "report.broken-snapshot", fifo(SNAPSHOT)),
    case("codeowners-is-a-named-pipe", {}, CHECK, 0,
         error(".github/CODEOWNERS", 1, "cannot be read: it is a named pipe, not a regular file",
               "codeowners.bad-file", "warning"), "codeowners.bad-file",
         fifo(".github/CODEOWNERS")),
    # --- defect 11: import options and files that were misread ---------------------------
    case("date-format-bad-directive", {"export.csv": EXPORT},
         (*IMPORT, "--date-format", "%Q/%m/%Y"), 2,
         "escalation import: error: --date-format '%Q/%m/%Y': 'Q' is a bad directive in format"
         " '%Q/%m/%Y'; expected a strptime format such as '%d/%m/%Y %H:%M'; nothing was"
         " imported"),
    case("date-format-without-a-year", {"export.csv": EXPORT},
         (*IMPORT, "--date-format", "%d/%m %H:%M"), 2,
         "escalation import: error: --date-format '%d/%m %H:%M': reads 2023-07-14 as"
         " 1900-07-14: it needs a day, a month and a year; expected a strptime format such as"
         " '%d/%m/%Y %H:%M'; nothing was imported"),
    case("status-map-twice", {"export.csv": EXPORT},
         (*IMPORT, "--status-map", "Open=open", "--status-map", "open=waiting"), 2,
         "escalation import: error: --status-map 'open=waiting': 'open' is already given by"
         " --status-map 'Open=open'; give each name once; nothing was imported"),
    case("mapping-duplicate-key",
         {"export.csv": EXPORT, "map.yml": "status:\n  Open: open\n  Open: waiting\n"},
         (*IMPORT, "--map", "map.yml"), 2,
         error("map.yml", 3, "key 'Open' appears twice (first on line 2); YAML would silently"
               " keep only the last value", "mapping.duplicate-key"), "mapping.duplicate-key"),
    case("mapping-names-equal-but-for-case",
         {"export.csv": EXPORT, "map.yml": "priority:\n  P1: high\n  p1: critical\n"},
         (*IMPORT, "--map", "map.yml"), 2,
         error("map.yml", 3, "priority: 'p1' is the same TDX name as 'P1' on line 2 (case and"
               " spaces are ignored); keep one", "mapping.duplicate-key"),
         "mapping.duplicate-key"),
    case("mapping-yaml-syntax", {"export.csv": EXPORT, "map.yml": "status: {Open: open\n"},
         (*IMPORT, "--map", "map.yml"), 2,
         error("map.yml", 2, "YAML syntax: while parsing a flow mapping on line 1, did not find"
               " expected ',' or '}'", "mapping.yaml-syntax"), "mapping.yaml-syntax"),
    case("two-columns-for-one-field",
         {"export.csv": EXPORT.replace("Created\n", "Created,title\n")
          .replace("9:30\n", "9:30,Other\n")}, IMPORT, 2,
         "escalation import: error: columns 2 and 7 are both named 'Title' (case and spaces"
         " are ignored), so the title of a row is ambiguous; rename or remove one in the"
         " report; nothing was imported"),
    case("snapshot-yaml-syntax", {SNAPSHOT: "---\nweek: 2026-W47\nas_of: [x\n---\n"}, CHECK, 1,
         error(SNAPSHOT, 4, "front-matter: YAML syntax: while parsing a flow sequence on line"
               " 3, did not find expected ',' or ']'", "report.broken-snapshot"),
         "report.broken-snapshot"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    run_case(case, tmp_path, capsys, monkeypatch)
