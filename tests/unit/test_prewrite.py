"""No writer writes what ``check`` refuses (issue 11, defect 6).

``new``, ``engage``, ``respond`` and the import run ``check``'s rules on the exact text
they are about to write, the 1 MiB size limit included; ``report --freeze`` and
``codeowners --write`` read their text back as ``check`` does. Each refusal is the line
``check`` would print, and nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

ADMIN = "---\nname: Dana\ngithub: dana\n---\n"
TICKET = "tickets/2026/48213.md"
HUGE = "x" * (1 << 20)
"""Text that puts any record over the 1 MiB limit."""


def too_large(rel: str, text_bytes: int) -> str:
    return f"  {rel}:1: error: file is {text_bytes} bytes; the limit is 1 MiB [file.too-large]"


def files(root: Path) -> dict[str, bytes]:
    """Every file of the project, so a refusal can be shown to have written nothing."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


COLLABORATE = """\
---
title: Printer jam
opened: 2026-11-16T09:30
classification: incident
priority: low
tier: collaborate
status: open
escalations:
  - admin: dana
    tier: collaborate
    at: 2026-11-16T10:00
---
Notes.
"""


@pytest.fixture
def root(project: ProjectFactory) -> Path:
    """One admin and one ticket they were engaged on, without a response."""
    return project({"admins/dana.md": ADMIN, TICKET: COLLABORATE})


def test_new_ticket_refuses_a_title_over_the_size_limit(root: Path, cli: CLI) -> None:
    before = files(root)
    result = cli("new", "ticket", "48214", "--title", HUGE, "--classification", "incident",
                 "--priority", "low", "--opened", "2026-11-16T09:30", "-f",
                 str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err.splitlines() == [
        "escalation new: error: the record would not pass 'escalation check':",
        too_large("tickets/2026/48214.md", 1049335),
    ]
    assert files(root) == before


def test_new_admin_refuses_a_name_over_the_size_limit(root: Path, cli: CLI) -> None:
    before = files(root)
    result = cli("new", "admin", "eve", "--name", HUGE, "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err.splitlines()[-1] == too_large("admins/eve.md", 2097557)
    assert files(root) == before


def test_engage_refuses_a_message_that_pushes_the_ticket_over_the_limit(
    root: Path, cli: CLI
) -> None:
    before = files(root)
    result = cli("engage", "48213", "--admin", "dana", "--tier", "collaborate",
                 "--at", "2026-11-16T11:00", "--message", HUGE, "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert result.err.splitlines() == [
        "escalation engage: the engagement escalations[1] would not pass 'escalation check';"
        " nothing was written:",
        too_large(TICKET, 1048858),
    ]
    assert files(root) == before


def test_respond_refuses_a_process_that_pushes_the_ticket_over_the_limit(
    root: Path, cli: CLI
) -> None:
    before = files(root)
    result = cli("respond", "48213", "--admin", "dana", "--outcome", "answered",
                 "--at", "2026-11-16T11:00", "--process", HUGE, "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert result.err.splitlines()[-1] == too_large(TICKET, 1048862)
    assert files(root) == before


def test_engage_counts_the_byte_order_mark_it_writes(root: Path, cli: CLI) -> None:
    """The limit is on the file's bytes: a ticket kept with a BOM has three more, so an
    engagement that leaves the text at the limit puts the file over it."""
    engagement = b"  - admin: dana\n    tier: collaborate\n    at: 2026-11-16T11:00\n"
    notes = 1048576 - len(COLLABORATE.encode()) - len(engagement)
    (root / TICKET).write_bytes(b"\xef\xbb\xbf" + COLLABORATE.encode() + b"n" * notes)
    before = files(root)
    result = cli("engage", "48213", "--admin", "dana", "--tier", "collaborate",
                 "--at", "2026-11-16T11:00", "-f", str(root / "mkdocs.yml"))
    assert result.code == 1, result.err
    assert result.err.splitlines()[-1] == too_large(TICKET, 1048579)
    assert files(root) == before


def _row(title: str, ticket_id: str = "52001") -> dict[str, str]:
    return {"ID": ticket_id, "Title": title, "Created": "2026-11-16T09:30",
            "Classification": "Incident", "Priority": "Low", "Status": "New"}


def test_import_rejects_a_new_ticket_over_the_size_limit(root: Path, cli: CLI) -> None:
    export = root / "export.json"
    export.write_text(json.dumps([_row(HUGE)]), encoding="utf-8")
    before = files(root)
    result = cli("import", "tdx", str(export), "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert ("export.json item 1 (ticket 52001): rejected: the ticket would not pass 'escalation"
            " check': file is 1049322 bytes; the limit is 1 MiB [file.too-large]"
            in result.err.splitlines())
    assert files(root) == before


def test_import_rejects_an_update_that_pushes_a_ticket_over_the_limit(
    root: Path, cli: CLI
) -> None:
    export = root / "export.json"
    export.write_text(json.dumps([_row("Printer jam", "48213")]), encoding="utf-8")
    assert cli("import", "tdx", str(export), "-f", str(root / "mkdocs.yml")).code == 0
    export.write_text(json.dumps([_row(HUGE, "48213")]), encoding="utf-8")
    before = files(root)
    result = cli("import", "tdx", str(export), "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert ("export.json item 1 (ticket 48213): rejected: the ticket would not pass 'escalation"
            " check': file is 1048770 bytes; the limit is 1 MiB [file.too-large]"
            in result.err.splitlines())
    assert files(root) == before


def test_freeze_refuses_a_snapshot_check_could_not_read(
    root: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the renderer produced, the snapshot is read back as ``check`` reads it."""
    monkeypatch.setattr("generator.write.frozen.render_frozen",
                        lambda report, **_: f"---\nweek: {report.week}\n---\n")
    result = cli("report", "--week", "2026-W47", "--as-of", "2026-11-30T09:00", "--freeze",
                 "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert result.err.splitlines() == [
        "escalation report: the snapshot of 2026-W47 would not pass 'escalation check';"
        " nothing was written:",
        "  docs/reports/frozen/2026-w47.md:1: error: front-matter lacks as_of, frozen_at,"
        " records_digest, figures [report.broken-snapshot]",
    ]
    assert not (root / "docs").exists()


def test_codeowners_refuses_a_file_check_would_find_out_of_date(
    root: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The written file must be the one ``check`` expects, whatever produced it."""
    monkeypatch.setattr("generator.cli.codeowners.generate_codeowners",
                        lambda settings, admins: ("* @someone-else\n", None))
    result = cli("codeowners", "--write", "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert result.err.splitlines()[-2:] == [
        "escalation codeowners: the generated .github/CODEOWNERS would not pass 'escalation"
        " check'; nothing was written:",
        "  .github/CODEOWNERS:1: warning: the generated block does not match admins/ and the"
        " sc_lead_team setting (first difference on this line); run 'escalation codeowners"
        " --write' and commit it [codeowners.out-of-date]",
    ]
    assert not (root / ".github").exists()


def test_what_the_writers_write_passes_check(root: Path, cli: CLI) -> None:
    config = str(root / "mkdocs.yml")
    assert cli("new", "ticket", "48214", "--title", "Share", "--classification", "incident",
               "--priority", "low", "--opened", "2026-11-16T09:30", "-f", config).code == 0
    assert cli("engage", "48213", "--admin", "dana", "--tier", "collaborate",
               "--at", "2026-11-16T11:00", "-f", config).code == 0
    assert cli("respond", "48213", "--admin", "dana", "--outcome", "answered",
               "--at", "2026-11-16T12:00", "-f", config).code == 0
    assert cli("codeowners", "--write", "-f", config).code == 0
    assert cli("report", "--week", "2026-W47", "--as-of", "2026-11-30T09:00", "--freeze",
               "-f", config).code == 0
    checked = cli("check", "-f", config)
    assert (checked.code, checked.out) == (0, "")
