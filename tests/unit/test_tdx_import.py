"""``escalation import tdx`` end to end, on realistic exports in ``tests/fixtures/tdx/``.

The fixture project holds three tickets SC already keeps (one with comments, a checklist,
an engagement and notes), two admins and a config in America/Chicago; the exports are
written as TDX writes them (BOM, CRLF, US dates, quoted commas, extra columns).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.read.settings import load_settings
from generator.tdx.importer import ImportOptions, plan_import, prepare, write_plan
from generator.tdx.memory import MEMORY_FILE

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

EXPORTS = Path(__file__).parents[1] / "fixtures" / "tdx"
REPORT = str(EXPORTS / "report-export.csv")


@pytest.fixture
def root(project: ProjectFactory) -> Path:
    """A copy of the fixture project."""
    return project(copy="tdx/project", config=None)


def run(cli: CLI, root: Path, *args: str) -> tuple[int, str, str]:
    result = cli("import", "tdx", *args, "-f", str(root / "mkdocs.yml"))
    return result.code, result.out, result.err


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under tickets/, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "tickets").rglob("*")) if p.is_file()}


def test_first_import_creates_updates_and_reports(cli: CLI, root: Path) -> None:
    code, out, err = run(cli, root, REPORT, "--resolved-from", "Modified")
    assert code == 1  # two rows rejected; the others are imported
    assert out == ""
    assert err.splitlines() == [
        "report-export.csv: 3 column(s) not imported: 'Resp Group', 'Requestor Email',"
        " 'Affected Buildings' (list them under 'ignore:' in a --map file to silence this"
        " note)",
        "tickets/2026/48213.md: status: 'in-progress' -> 'resolved' (first import: TDX's"
        " value replaces the record's)",
        "tickets/2026/48213.md: resolved: nothing -> '2026-11-05T16:20' (first import:"
        " TDX's value replaces the record's)",
        "tickets/2025/47001.md: status: 'open' -> 'closed' (first import: TDX's value"
        " replaces the record's)",
        "tickets/2025/47001.md: resolved: nothing -> '2025-12-16T10:30' (first import:"
        " TDX's value replaces the record's)",
        "report-export.csv row 8 (ticket 48303): rejected: column 'Status': TDX status"
        " 'Pending Vendor' has no mapping to a record status (open, in-progress, waiting,"
        " resolved, closed); add it with --status-map \"Pending Vendor=STATUS\" or under"
        " 'status:' in a --map file",
        "report-export.csv row 9 (ticket 48304): rejected: column 'Created':"
        " '31/11/2026 10:00' is not a date such as 7/14/2023 10:41 or 2023-07-14T10:41"
        " (pass --date-format for other layouts)",
        "9 rows: 4 created, 3 updated, 0 unchanged, 0 conflicts kept, 2 rejected",
    ]
    files = snapshot(root)
    assert sorted(files) == [
        "tickets/.tdx-import.json", "tickets/2023/00000042.md", "tickets/2025/47001.md",
        "tickets/2026/48213.md", "tickets/2026/48230.md", "tickets/2026/48301.md",
        "tickets/2026/48302.md", "tickets/2026/48305.md",
    ]


def test_new_ticket_file(cli: CLI, root: Path) -> None:
    run(cli, root, REPORT, "--resolved-from", "Modified")
    text = (root / "tickets/2026/48305.md").read_text(encoding="utf-8")
    assert text.splitlines()[:12] == [
        "---",
        "title: Cannot join eduroam after the certificate change",
        "opened: 2026-11-19T07:30",
        "classification: incident",
        "priority: critical",
        "tier: handle",
        "status: closed",
        "resolved: 2026-11-19T09:45",
        "service: wi-fi",
        'requestor: "Tomasz Wiśniewski"',
        'department: "History, Art & Design"',
        "checklist:",
    ]
    quoted = (root / "tickets/2026/48302.md").read_text(encoding="utf-8")
    assert 'title: "Calendar invites arrive as \\"winmail.dat\\" attachments"' in quoted
    assert "opened: 2026-11-20T14:05\n" in quoted  # ISO date in the same export
    zeros = (root / "tickets/2023/00000042.md").read_text(encoding="utf-8")
    assert "\nrequestor:" not in zeros  # an empty cell invents nothing


def test_update_keeps_every_other_byte(cli: CLI, root: Path) -> None:
    before = (root / "tickets/2026/48213.md").read_text(encoding="utf-8")
    run(cli, root, REPORT, "--resolved-from", "Modified")
    after = (root / "tickets/2026/48213.md").read_text(encoding="utf-8")
    expected = before.replace("status: in-progress\n",
                              "status: resolved\nresolved: 2026-11-05T16:20\n")
    assert after == expected
    # the multi-line title equals TDX's one-line title: left as written
    folded = (root / "tickets/2026/48230.md").read_text(encoding="utf-8")
    assert folded.startswith("---\ntitle: >-\n  Password reset loop")
    assert "resolved: 2026-11-04T14:10\nservice: directory-accounts\nrequestor:" in folded


def test_second_import_changes_nothing(cli: CLI, root: Path) -> None:
    run(cli, root, REPORT, "--resolved-from", "Modified")
    before = snapshot(root)
    code, _out, err = run(cli, root, REPORT, "--resolved-from", "Modified")
    assert code == 1
    assert err.splitlines()[-1] == (
        "9 rows: 0 created, 0 updated, 7 unchanged, 0 conflicts kept, 2 rejected")
    assert snapshot(root) == before


def test_imported_files_pass_check(cli: CLI, root: Path) -> None:
    run(cli, root, REPORT, "--resolved-from", "Modified")
    run(cli, root, str(EXPORTS / "api-search.json"))
    assert cli("check", "-f", str(root / "mkdocs.yml")).code == 0


def test_hand_edit_is_a_conflict_kept_then_overwritten(cli: CLI, root: Path) -> None:
    run(cli, root, REPORT, "--resolved-from", "Modified")
    path = root / "tickets/2026/48213.md"
    edited = path.read_text(encoding="utf-8").replace("priority: medium\n",
                                                      "priority: high  # VIP\n")
    path.write_text(edited, encoding="utf-8")
    later = root / "later.csv"
    later.write_text(report_text().replace(",Resolved,Medium,11/2/2026", ",Resolved,Low,11/2/2026"),
                     encoding="utf-8")
    code, _out, err = run(cli, root, str(later), "--resolved-from", "Modified")
    assert code == 1
    message = ("tickets/2026/48213.md: conflict in priority: edited by hand to 'high' since"
               " the import wrote 'medium'; TDX now says 'low'; ")
    assert message + "kept; pass --overwrite to take TDX's value" in err.splitlines()
    assert err.splitlines()[-1] == (
        "9 rows: 0 created, 0 updated, 7 unchanged, 1 conflict kept, 2 rejected")
    assert path.read_text(encoding="utf-8") == edited
    code, _out, err = run(cli, root, str(later), "--resolved-from", "Modified", "--overwrite")
    assert code == 1  # the two bad rows of the report export
    assert message + "overwritten with TDX's value (--overwrite)" in err.splitlines()
    assert path.read_text(encoding="utf-8") == edited.replace("priority: high  # VIP",
                                                              "priority: low  # VIP")
    _code, _out, err = run(cli, root, str(later), "--resolved-from", "Modified")
    assert "conflict" not in err.replace("0 conflicts", "")


def test_hand_edit_equal_to_tdx_is_no_conflict(cli: CLI, root: Path) -> None:
    run(cli, root, REPORT, "--resolved-from", "Modified")
    path = root / "tickets/2026/48301.md"
    path.write_text(path.read_text(encoding="utf-8").replace("priority: medium",
                                                             "priority: low"),
                    encoding="utf-8")
    later = root / "later.csv"
    later.write_text(report_text().replace(",New,Medium,", ",New,Low,"), encoding="utf-8")
    _code, _out, err = run(cli, root, str(later), "--resolved-from", "Modified")
    assert err.splitlines()[-1].endswith("7 unchanged, 0 conflicts kept, 2 rejected")
    memory = json.loads((root / MEMORY_FILE).read_text(encoding="utf-8"))
    assert memory["tickets"]["48301"]["priority"] == "low"


def test_sc_owned_fields_never_change(cli: CLI, root: Path) -> None:
    """Even with --overwrite, tier, checklist, engagements, agent, tags, channel, the
    comments and the notes stay as SC wrote them; a set service is never replaced."""
    path = root / "tickets/2026/48213.md"
    before = path.read_text(encoding="utf-8")
    other = report_text().replace("Email & Calendar,Service Request,Admissions House",
                                  "Directory Accounts,Incident,Admissions House")
    export = root / "other.csv"
    export.write_text(other, encoding="utf-8")
    run(cli, root, str(export), "--resolved-from", "Modified", "--overwrite")
    after = path.read_text(encoding="utf-8")
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == ["classification: incident", "status: resolved",
                       "resolved: 2026-11-05T16:20"]
    assert "service: email-calendar" in after
    assert after.endswith("---\nChecked the permission in the admin console: Full Access is"
                          " granted.\nAsked Lars on the ticket to look at auto-mapping.\n")


def test_dry_run_prints_diff_and_writes_nothing(cli: CLI, root: Path) -> None:
    before = snapshot(root)
    code, out, err = run(cli, root, REPORT, "--resolved-from", "Modified", "--dry-run")
    assert code == 1
    assert snapshot(root) == before
    assert err.splitlines()[-1] == ("dry run, nothing written: 9 rows: 4 created, 3 updated,"
                                    " 0 unchanged, 0 conflicts kept, 2 rejected")
    assert ("--- a/tickets/2026/48213.md\n+++ b/tickets/2026/48213.md\n"
            "@@ -5,7 +5,8 @@\n classification: service-request\n priority: medium\n"
            " tier: collaborate\n-status: in-progress\n+status: resolved\n"
            "+resolved: 2026-11-05T16:20\n service: email-calendar\n") in out
    assert "--- /dev/null\n+++ b/tickets/2023/00000042.md\n" in out


def test_missing_required_columns_stop_before_writing(cli: CLI, root: Path) -> None:
    before = snapshot(root)
    code, out, err = run(cli, root, str(EXPORTS / "classroom-export.csv"))
    assert code == 2
    assert out == ""
    assert err == (
        "escalation import: error: the export has no column for the required field(s)"
        " classification (looked for: Classification, ClassificationName); priority"
        " (looked for: Priority, PriorityName); add the column to the TDX report, name it"
        " under 'columns:' in a --map file, or pass --default classification=VALUE"
        " --default priority=VALUE; nothing was imported\n"
    )
    assert snapshot(root) == before


def test_classroom_export_with_defaults(cli: CLI, root: Path) -> None:
    code, _out, err = run(cli, root, str(EXPORTS / "classroom-export.csv"),
                          "--default", "classification=incident", "--default",
                          "priority=Medium", "--resolved-from", "Modified")
    assert code == 0, err
    assert err.splitlines()[-1] == (
        "3 rows: 3 created, 0 updated, 0 unchanged, 0 conflicts kept, 0 rejected")
    text = (root / "tickets/2023/00000042.md").read_text(encoding="utf-8")
    assert "priority: medium\n" in text
    assert "status: closed\nresolved: 2023-08-28T09:03\n" in text
    memory = json.loads((root / MEMORY_FILE).read_text(encoding="utf-8"))
    assert "priority" not in memory["tickets"]["00000042"]  # a default is not TDX's


def test_default_never_overwrites_an_existing_ticket(cli: CLI, root: Path) -> None:
    export = root / "few.csv"
    export.write_text("ID,Title,Status,Created\n47001,Conference room display will not"
                      " wake from sleep,Open,12/15/2025 8:05\n", encoding="utf-8")
    code, _out, err = run(cli, root, str(export), "--default", "priority=low",
                          "--default", "classification=service-request")
    assert code == 0, err
    text = (root / "tickets/2025/47001.md").read_text(encoding="utf-8")
    assert "priority: high\n" in text and "classification: incident\n" in text


def test_json_export_with_api_names(cli: CLI, root: Path) -> None:
    code, _out, err = run(cli, root, str(EXPORTS / "api-search.json"))
    assert code == 1
    assert "api-search.json item 3: rejected: is not a JSON object of ticket fields" in err
    text = (root / "tickets/2026/48400.md").read_text(encoding="utf-8")
    # 15:20Z and 18:00Z are 09:20 and 12:00 in Chicago (CST after 1 November)
    assert "opened: 2026-11-03T09:20\n" in text
    assert "resolved: 2026-11-03T12:00\n" in text
    assert "service: directory-accounts\n" in text
    other = (root / "tickets/2026/48401.md").read_text(encoding="utf-8")
    assert "status: in-progress\n" in other and "resolved" not in other


def test_mapping_file(cli: CLI, root: Path) -> None:
    code, _out, err = run(cli, root, str(EXPORTS / "custom-export.csv"),
                          "--map", str(EXPORTS / "mapping.yml"))
    assert code == 0, err
    assert "not imported" not in err  # Resp Group is ignored by the mapping file
    badge = (root / "tickets/2026/61001.md").read_text(encoding="utf-8")
    assert "status: waiting\n" in badge and "priority: high\n" in badge
    assert "service" not in badge.split("checklist")[0]  # Wi-Fi maps to no service
    display = (root / "tickets/2026/61002.md").read_text(encoding="utf-8")
    assert "service: email-calendar\n" in display and "department: Facilities\n" in display


def test_status_map_option(cli: CLI, root: Path) -> None:
    code, _out, err = run(cli, root, REPORT, "--resolved-from", "Modified",
                          "--status-map", "Pending Vendor=waiting")
    assert "48303" not in err
    assert "status: waiting\n" in (root / "tickets/2026/48303.md").read_text(encoding="utf-8")
    assert code == 1  # row 9 still has its bad date


def test_rejected_rows_with_row_numbers(cli: CLI, root: Path) -> None:
    code, _out, err = run(cli, root, str(EXPORTS / "bad-rows.csv"))
    assert code == 1
    assert err.splitlines() == [
        "bad-rows.csv row 3 (ticket 51002): rejected: has 7 cells but the header has 6"
        " (a comma in a value that is not quoted?)",
        "bad-rows.csv row 4 (ticket 51003): rejected: has 4 cells but the header has 6"
        " (a cut-off row or a line break outside quotes?)",
        "bad-rows.csv row 5: rejected: column 'ID': is empty; every row needs its TDX"
        " ticket ID",
        "bad-rows.csv row 6: rejected: column 'ID': '51 004' is not a ticket ID (letters,"
        " digits, '.', '_' and '-', at most 64)",
        "bad-rows.csv row 9 (ticket 51001): rejected: ticket 51001 already appears in row"
        " 2; only that row is imported",
        "bad-rows.csv row 10 (ticket 51006): rejected: column 'Priority': TDX priority"
        " 'Urgent' has no mapping to a record priority (low, medium, high, critical); add"
        " it under 'priority:' in a --map file",
        "bad-rows.csv row 10 (ticket 51006): rejected: column 'Classification': TDX"
        " classification 'Problem' has no mapping to a record classification (incident,"
        " service-request); add it under 'classification:' in a --map file",
        "8 rows: 2 created, 0 updated, 0 unchanged, 0 conflicts kept, 6 rejected",
    ]
    title = (root / "tickets/2026/51005.md").read_text(encoding="utf-8").splitlines()[1]
    assert title == 'title: "Title over\\ntwo lines"'


def test_resolved_before_opened_is_rejected(cli: CLI, root: Path) -> None:
    export = root / "odd.csv"
    export.write_text("ID,Title,Status,Priority,Classification,Created,Completed\n"
                      "52001,Clock skew,Closed,Low,Incident,11/2/2026 9:00,11/1/2026 9:00\n",
                      encoding="utf-8")
    code, _out, err = run(cli, root, str(export))
    assert code == 1
    assert err.splitlines()[0] == (
        "odd.csv row 2 (ticket 52001): rejected: the ticket would not pass 'escalation"
        " check': field 'resolved': expected a time not before opened (2026-11-02 09:00)"
        " but received 2026-11-01 09:00 [ticket.resolved-before-opened]")
    assert not (root / "tickets/2026/52001.md").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--default", "id=1"], "--default id=1: expected a field of title, opened,"
     " classification, priority, status, service, requestor, department"),
    (["--default", "priority=urgent"], "--default priority=urgent: TDX priority 'urgent'"
     " has no mapping to a record priority (low, medium, high, critical); add it under"
     " 'priority:' in a --map file"),
    (["--status-map", "Pending"], "--status-map 'Pending': expected NAME=VALUE"),
    (["--status-map", "Pending=later"], "--status-map Pending=later: expected one of open,"
     " in-progress, waiting, resolved, closed but received 'later'"),
    (["--timezone", "Mars/Olympus"], "--timezone 'Mars/Olympus': expected an IANA timezone"
     " name such as 'America/Chicago'"),
    (["--resolved-from", "Closed On"], "--resolved-from 'Closed On': the export has no such"
     " column; its columns are ID, Title, Resp Group, Requestor, Requestor Email,"
     " Acct/Dept, Status, Priority, Created, Modified, Service, Classification,"
     " Affected Buildings"),
    (["--date-format", "dd/mm/yyyy"], "--date-format 'dd/mm/yyyy': expected a strptime"
     " format such as '%d/%m/%Y %H:%M'"),
])
def test_bad_options_stop_the_import(cli: CLI, root: Path, args: list[str],
                                     message: str) -> None:
    code, _out, err = run(cli, root, REPORT, *args)
    assert code == 2
    assert err.splitlines()[-1] == f"escalation import: error: {message}; nothing was imported"


def test_date_format_and_timezone(cli: CLI, root: Path) -> None:
    export = root / "eu.csv"
    export.write_text("ID,Title,Status,Priority,Classification,Created\n"
                      "53001,Scanner offline,Open,Low,Incident,14/07/2026 16:41\n",
                      encoding="utf-8")
    code, _out, err = run(cli, root, str(export), "--date-format", "%d/%m/%Y %H:%M",
                          "--timezone", "Europe/Berlin")
    assert code == 0, err
    text = (root / "tickets/2026/53001.md").read_text(encoding="utf-8")
    assert "opened: 2026-07-14T09:41\n" in text  # 16:41 in Berlin is 09:41 in Chicago


def test_memory_file_layout(cli: CLI, root: Path) -> None:
    run(cli, root, str(EXPORTS / "api-search.json"))
    lines = (root / MEMORY_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "{" and lines[1] == '  "format": "escalation-tdx-import/1",'
    assert lines[4] == (
        '    "48400": {"classification": "service-request", "department": "Finance",'
        ' "priority": "medium", "requestor": "Beatriz Alves", "resolved": "2026-11-03T12:00",'
        ' "status": "closed", "title": "New hire needs access to the Finance shared drive"},')


def test_broken_memory_file_stops(cli: CLI, root: Path) -> None:
    (root / MEMORY_FILE).write_text("{not json", encoding="utf-8")
    code, _out, err = run(cli, root, REPORT)
    assert code == 2
    assert ("tickets/.tdx-import.json: line 1: not valid JSON: Expecting property name enclosed"
            " in double quotes; restore it") in err


def test_unreadable_record_is_a_rejected_row(cli: CLI, root: Path) -> None:
    (root / "tickets/2026/48213.md").write_text("---\ntitle: [unclosed\n---\n",
                                               encoding="utf-8")
    code, _out, err = run(cli, root, REPORT, "--resolved-from", "Modified")
    assert code == 1
    assert ("report-export.csv row 2 (ticket 48213): rejected: tickets/2026/48213.md:3: YAML"
            " syntax:") in err


def report_text() -> str:
    """The report export's text (BOM stripped), to derive later exports from."""
    return Path(REPORT).read_text(encoding="utf-8-sig")


def large_export(rows: int) -> str:
    """A report export of ``rows`` new tickets (IDs with leading zeros every tenth row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["ID", "Title", "Resp Group", "Acct/Dept", "Status", "Priority",
                     "Created", "Modified", "Service", "Classification"])
    statuses = ["New", "In Process", "On Hold", "Resolved", "Closed"]
    for number in range(rows):
        ticket_id = f"{number:08d}" if number % 10 == 0 else str(70000 + number)
        day, minute = 1 + number % 28, number % 60
        writer.writerow([
            ticket_id, f"Printer queue stuck, floor {number % 9} ({number})", "Service Desk",
            "Finance", statuses[number % 5], ["Low", "Medium", "High"][number % 3],
            f"10/{day}/2026 9:{minute:02d}", f"10/{day}/2026 15:{minute:02d}",
            "Printing", ["Incident", "Service Request"][number % 2],
        ])
    return "\ufeff" + buffer.getvalue()


def test_five_thousand_rows(cli: CLI, root: Path) -> None:
    export = root / "large.csv"
    export.write_text(large_export(5000), encoding="utf-8", newline="")
    code, _out, err = run(cli, root, str(export), "--resolved-from", "Modified")
    assert code == 0, err[-2000:]
    assert err.splitlines()[-1] == (
        "5000 rows: 5000 created, 0 updated, 0 unchanged, 0 conflicts kept, 0 rejected")
    assert (root / "tickets/2026/00000010.md").exists()
    before = snapshot(root)
    code, _out, err = run(cli, root, str(export), "--resolved-from", "Modified")
    assert err.splitlines()[-1] == (
        "5000 rows: 0 created, 0 updated, 5000 unchanged, 0 conflicts kept, 0 rejected")
    assert snapshot(root) == before
    assert cli("check", "-f", str(root / "mkdocs.yml")).code == 0


def test_file_edited_during_the_import_is_not_overwritten_nor_remembered(root: Path) -> None:
    settings, _ = load_settings(root / "mkdocs.yml")
    prepared = prepare(settings, ImportOptions(file=Path(REPORT), resolved_from="Modified"))
    plan = plan_import(prepared)
    path = root / "tickets/2026/48213.md"
    path.write_text(path.read_text(encoding="utf-8") + "Saved meanwhile.\n", encoding="utf-8")
    failures = write_plan(prepared, plan)
    assert [f.path for f in failures] == ["tickets/2026/48213.md"]
    assert path.read_text(encoding="utf-8").endswith("Saved meanwhile.\n")
    memory = json.loads((root / MEMORY_FILE).read_text(encoding="utf-8"))["tickets"]
    assert "48213" not in memory and "47001" in memory


def test_a_rejected_update_reports_no_changes(cli: CLI, root: Path) -> None:
    export = root / "late.csv"
    export.write_text("ID,Title,Status,Priority,Classification,Created,Completed\n"
                      "48213,Shared mailbox,Closed,Low,Incident,11/2/2026 9:15,11/1/2026 9:00\n",
                      encoding="utf-8")
    code, _out, err = run(cli, root, str(export))
    assert code == 1
    assert err.splitlines() == [
        "late.csv row 2 (ticket 48213): rejected: the ticket would not pass 'escalation"
        " check': field 'resolved': expected a time not before opened (2026-11-02 09:15) but"
        " received 2026-11-01 09:00 [ticket.resolved-before-opened]",
        "1 row: 0 created, 0 updated, 0 unchanged, 0 conflicts kept, 1 rejected",
    ]
    assert not (root / MEMORY_FILE).exists()


def test_dotnet_empty_date_of_an_open_ticket_does_not_stop_the_import(
    cli: CLI, root: Path, tmp_path: Path
) -> None:
    export = tmp_path / "open.json"
    export.write_text(
        '[{"ID": 48402, "Title": "Printer offline", "ClassificationName": "Incident",'
        ' "StatusName": "In Process", "PriorityName": "Low",'
        ' "CreatedDate": "2026-11-04T15:00:00Z", "CompletedDate": "0001-01-01T00:00:00Z"}]',
        encoding="utf-8",
    )
    code, _out, err = run(cli, root, str(export))
    assert "internal error" not in err
    text = (root / "tickets/2026/48402.md").read_text(encoding="utf-8")
    assert "status: in-progress\n" in text and "resolved" not in text
    assert code == 0, err


@pytest.mark.parametrize("created", ["12/31/1969 9:00", "1/5/3026 9:00"])
def test_a_row_check_would_refuse_is_not_created(cli: CLI, root: Path, tmp_path: Path,
                                                  created: str) -> None:
    """A new ticket's file is read back with check's reader before it is written, so a
    date outside the years records allow is a rejected row, not a file check refuses."""
    export = tmp_path / "old.csv"
    export.write_text("ID,Title,Requestor,Status,Priority,Created,Classification\n"
                      f"59001,Old printer,Ada Brook,Open,Low,{created},Incident\n",
                      encoding="utf-8")
    before = snapshot(root)
    code, _, err = run(cli, root, str(export))
    assert code == 1
    assert "old.csv row 2 (ticket 59001): rejected:" in err
    assert "expected a date between the years 1970 and 2999" in err
    assert "[ticket.bad-date]" in err
    assert snapshot(root) == before


API_ROW = ('{{"ID": {id}, "Title": "Printer", "ClassificationName": "Incident", "StatusName":'
           ' "New", "PriorityName": "Low", "CreatedDate": "2026-11-03T15:20:00Z"}}')


@pytest.mark.parametrize(("value", "reason"), [
    ("true", "expected text or a number but received true"),
    ("NaN", "expected a finite number but received nan"),
    ("1e400", "expected a finite number but received inf"),
])
def test_a_json_id_that_is_not_text_or_a_number_is_rejected(
    cli: CLI, root: Path, tmp_path: Path, value: str, reason: str
) -> None:
    """JSON IDs true, 1e400 and NaN used to become true.md, inf.md and nan.md (issue 11,
    defect 11)."""
    export = tmp_path / "api.json"
    export.write_text(f"[{API_ROW.format(id=value)}]", encoding="utf-8")
    before = snapshot(root)
    code, _, err = run(cli, root, str(export))
    assert code == 1
    assert f"api.json item 1: rejected: column 'ID': {reason}" in err
    assert snapshot(root) == before


@pytest.mark.parametrize(("text", "message"), [
    ('[{"ID": 1, "ID": 2}]', "api.json: key 'ID' appears twice in one object; JSON readers"
                             " keep only one of them; nothing was imported"),
    ("[" * 100_000 + "]" * 100_000, "api.json: its JSON is nested too deeply; nothing was"
                                    " imported"),
])
def test_a_json_export_that_would_be_misread_stops_the_import(
    cli: CLI, root: Path, tmp_path: Path, text: str, message: str
) -> None:
    export = tmp_path / "api.json"
    export.write_text(text, encoding="utf-8")
    code, _, err = run(cli, root, str(export))
    assert code == 2
    assert message in err


# --- options and files that used to be misread (issue 11, defect 11) -----------------------


@pytest.mark.parametrize(("date_format", "reason"), [
    ("%Q/%m/%Y", "'Q' is a bad directive in format '%Q/%m/%Y'; expected a strptime format"
     " such as '%d/%m/%Y %H:%M'"),
    ("%d/%m/%Y %", "stray % in format '%d/%m/%Y %'; expected a strptime format such as"
     " '%d/%m/%Y %H:%M'"),
    ("%H:%M", "reads 2023-07-14 as 1900-01-01: it needs a day, a month and a year; expected"
     " a strptime format such as '%d/%m/%Y %H:%M'"),
])
def test_an_invalid_date_format_is_one_usage_error(cli: CLI, root: Path, date_format: str,
                                                    reason: str) -> None:
    """It used to be blamed on the date cell of every row, each row rejected."""
    before = snapshot(root)
    code, _out, err = run(cli, root, REPORT, "--date-format", date_format)
    assert code == 2
    assert err.splitlines() == [
        f"escalation import: error: --date-format {date_format!r}: {reason}; nothing was"
        " imported"]
    assert snapshot(root) == before


@pytest.mark.parametrize(("flag", "first", "second"), [
    ("--status-map", "Pending=waiting", "pending=open"),
    ("--default", "priority=low", "priority=high"),
])
def test_an_option_given_twice_for_one_name_stops_the_import(
    cli: CLI, root: Path, flag: str, first: str, second: str
) -> None:
    """The last one used to win in silence."""
    code, _out, err = run(cli, root, REPORT, flag, first, flag, second)
    assert code == 2
    name = second.partition("=")[0]
    assert err.splitlines() == [
        f"escalation import: error: {flag} {second!r}: {name!r} is already given by {flag}"
        f" {first!r}; give each name once; nothing was imported"]


def test_a_mapping_file_error_is_one_located_line_each(cli: CLI, root: Path,
                                                        tmp_path: Path) -> None:
    mapping = tmp_path / "map.yml"
    mapping.write_text("status:\n  Pending Vendor: waiting\n  Pending Vendor: open\n"
                       "priority:\n  Urgent: urgent\n", encoding="utf-8")
    before = snapshot(root)
    code, _out, err = run(cli, root, REPORT, "--map", str(mapping))
    assert code == 2
    assert err.splitlines() == [
        f"{mapping}:3: error: key 'Pending Vendor' appears twice (first on line 2); YAML would"
        " silently keep only the last value [mapping.duplicate-key]",
        f"{mapping}:5: error: priority: 'Urgent': expected one of low, medium, high, critical"
        " but received 'urgent' [mapping.invalid-value]",
        f"escalation import: error: the mapping file {mapping} has 2 errors (listed above);"
        " nothing was imported",
    ]
    assert snapshot(root) == before


def test_a_mapping_key_yaml_reads_as_a_boolean_stays_a_name(cli: CLI, root: Path,
                                                             tmp_path: Path) -> None:
    """``safe_load`` made the key ``Yes:`` the boolean True, so the name 'Yes' never matched."""
    mapping = tmp_path / "map.yml"
    mapping.write_text("status:\n  Pending Vendor: waiting\n  Yes: open\n", encoding="utf-8")
    export = tmp_path / "yes.csv"
    export.write_text("ID,Title,Status,Priority,Classification,Created\n"
                      "54001,Printer jam,Yes,Low,Incident,11/16/2026 9:30\n", encoding="utf-8")
    code, _out, err = run(cli, root, str(export), "--map", str(mapping))
    assert code == 0, err
    assert "status: open\n" in (root / "tickets/2026/54001.md").read_text(encoding="utf-8")


def test_two_columns_with_the_name_of_one_field_stop_the_import(cli: CLI, root: Path,
                                                                tmp_path: Path) -> None:
    """The first column won in silence, whichever held the value TDX meant."""
    export = tmp_path / "twice.csv"
    export.write_text("ID,Title,Status,Priority,Classification,Created,status\n"
                      "54002,Printer jam,Open,Low,Incident,11/16/2026 9:30,Closed\n",
                      encoding="utf-8")
    code, _out, err = run(cli, root, str(export))
    assert code == 2
    assert err.splitlines() == [
        "escalation import: error: columns 3 and 7 are both named 'Status' (case and spaces"
        " are ignored), so the status of a row is ambiguous; rename or remove one in the"
        " report; nothing was imported"]
