"""Reading exports, matching columns, mapping values: the stages before any file is read."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.render.catalogue import catalogue_markdown
from generator.schema.fields import SERVICE_SLUG
from generator.tdx.columns import ColumnError, plan_columns
from generator.tdx.mapping import ImportMapping, MappingError, load_mapping, normalise, slugify
from generator.tdx.rows import CellError, DateReader, ImportRow, RejectedRow, RowReader, cell_text
from generator.tdx.source import SourceError, SourceRow, read_export

CHICAGO = ZoneInfo("America/Chicago")
FIXTURES = Path(__file__).parents[1] / "fixtures" / "tdx"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


# --- source ------------------------------------------------------------------------


def test_csv_with_bom_crlf_quoted_commas_and_multiline_cells() -> None:
    export = read_export(FIXTURES / "report-export.csv")
    assert export.headers[0] == "ID"  # the BOM is not part of the first header
    assert len(export.rows) == 9
    chemistry = export.rows[3]
    assert chemistry.label == "row 5"
    assert chemistry.cells[1] == "Projector in Room 210, Chemistry Building: no signal"
    assert chemistry.cells[12] == "Chemistry Building, Annex"
    assert export.rows[4].cells[0] == "00000042"


def test_row_labels_count_records_as_a_spreadsheet_shows_them() -> None:
    export = read_export(FIXTURES / "bad-rows.csv")
    assert [row.label for row in export.rows] == [
        "row 2", "row 3", "row 4", "row 5", "row 6", "row 8", "row 9", "row 10"]
    assert export.rows[5].cells[1] == "Title over\ntwo lines"


def test_trailing_empty_cells_are_not_a_shape_problem(tmp_path: Path) -> None:
    export = read_export(write(tmp_path, "e.csv", "ID,Title\n1,A,,\n"))
    assert export.rows[0] == SourceRow("row 2", ("1", "A"))


@pytest.mark.parametrize(("content", "message"), [
    (b"", "e.csv: expected a header row of column names on row 1"),
    (b"ID,Title\n1,\"unclosed\" x\n", "e.csv: line 2: not valid CSV: ',' expected after '\"'"),
    (b"ID,Title\n1,caf\xe9\n", "e.csv: line 2: byte 14 is not UTF-8; save the TDX report as CSV in"
     " UTF-8 (TDX's own export already is)"),
])
def test_unreadable_csv(tmp_path: Path, content: bytes, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        read_export(write(tmp_path, "e.csv", content))
    assert str(caught.value).endswith(message)


def test_json_rows_and_format_option(tmp_path: Path) -> None:
    export = read_export(FIXTURES / "api-search.json")
    assert export.headers[:3] == ("ID", "Title", "TypeName")
    assert export.rows[0].cells[0] == 48400
    assert export.rows[2] == SourceRow("item 3", (), "is not a JSON object of ticket fields")
    renamed = write(tmp_path, "export.txt", '[{"ID": "7"}]')
    assert read_export(renamed, "json").rows[0].cells == ("7",)
    with pytest.raises(SourceError, match="expected a JSON array"):
        read_export(write(tmp_path, "o.json", '{"ID": 1}'))


# --- mapping -----------------------------------------------------------------------


def test_normalise_and_slugify() -> None:
    assert normalise("  In   Process ") == "in process"
    assert slugify("Email & Calendar") == "email-calendar"
    assert slugify("Wi-Fi (eduroam)") == "wi-fi-eduroam"


@given(st.text(max_size=80))
def test_slugify_gives_a_service_slug_or_nothing(name: str) -> None:
    slug = slugify(name)
    assert slug == "" or SERVICE_SLUG.match(slug)


def test_mapping_file_extends_the_built_in_tables() -> None:
    mapping = load_mapping(FIXTURES / "mapping.yml")
    assert mapping.status[normalise("Pending Vendor")].value == "waiting"
    assert mapping.status["closed"].value == "closed"  # built-in entries stay
    assert mapping.columns["department"] == ("Department Name",)
    assert mapping.columns["title"] == ("Title",)
    assert mapping.services[normalise("Wi-Fi")] is None
    assert normalise("Resp Group") in mapping.ignore


@pytest.mark.parametrize(("content", "line"), [
    ("colums: {}\n", "1: error: unknown key 'colums'; expected one of columns, status,"
     " priority, classification, services, ignore (did you mean 'columns'?)"
     " [mapping.unknown-key]"),
    ("columns:\n  owner: Owner\n", "2: error: columns: unknown field 'owner'; expected one"
     " of id, title, opened, classification, priority, status, resolved, service, requestor,"
     " department [mapping.unknown-key]"),
    ("status:\n  Open: open\n  Parked: parked\n", "3: error: status: 'Parked': expected one"
     " of open, in-progress, waiting, resolved, closed but received 'parked'"
     " [mapping.invalid-value]"),
    ("services: {Printing: Print Queue}\n", "1: error: services: 'Printing': expected a"
     " service slug of lowercase letters, digits and '-' or null but received 'Print Queue'"
     " [mapping.invalid-value]"),
    ("ignore: Resp Group\n", "1: error: ignore: expected a list of column headers"
     " [mapping.wrong-type]"),
    ("- a\n", "1: error: expected the mapping file to be a mapping of 'field: value' lines"
     " [mapping.not-a-mapping]"),
    ("status:\n  Open: open\n  Open: waiting\n", "3: error: key 'Open' appears twice (first"
     " on line 2); YAML would silently keep only the last value [mapping.duplicate-key]"),
    ("status:\n  On Hold: waiting\n  on  hold: open\n", "3: error: status: 'on  hold' is the"
     " same TDX name as 'On Hold' on line 2 (case and spaces are ignored); keep one"
     " [mapping.duplicate-key]"),
    ("status:\n  Open: [open\n", "3: error: YAML syntax: while parsing a flow sequence on line"
     " 2, did not find expected ',' or ']' [mapping.yaml-syntax]"),
    ("status: &s {Open: open}\npriority: *s\n", "1: error: YAML anchors ('&name') and"
     " aliases ('*name') are not allowed in mapping files [mapping.yaml-alias]"),
    (b"status:\n  Caf\xe9: open\n", "2: error: cannot read the mapping file: byte 13 is not"
     " valid UTF-8 text [mapping.unreadable]"),
])
def test_bad_mapping_file(tmp_path: Path, content: str | bytes, line: str) -> None:
    """Each error is one located line with its code (a multi-line YAML dump without a line
    or code before: issue 11, defect 11); duplicate names used to keep the last."""
    path = tmp_path / "map.yml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert [p.format_text() for p in caught.value.problems] == [f"{path.as_posix()}:{line}"]
    assert str(caught.value) == f"the mapping file {path.as_posix()} has 1 error (listed above)"


def test_every_error_of_a_mapping_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "map.yml"
    path.write_text("status:\n  Parked: parked\npriority:\n  Urgent: urgent\n")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert [p.line for p in caught.value.problems] == [2, 4]
    assert str(caught.value).endswith("has 2 errors (listed above)")


# --- columns -----------------------------------------------------------------------


def test_columns_match_header_texts_and_api_names_case_insensitively() -> None:
    plan = plan_columns(["id", "TITLE", "StatusName", "PriorityName", "classificationname",
                         "CreatedDate", "Location"], ImportMapping(), ())
    assert plan.fields == {"id": 0, "title": 1, "status": 2, "priority": 3,
                           "classification": 4, "opened": 5}
    assert plan.unused == ("Location",)


def test_missing_id_column() -> None:
    with pytest.raises(ColumnError) as caught:
        plan_columns(["Title", "Status", "Priority", "Classification", "Created"],
                     ImportMapping(), ())
    assert str(caught.value) == (
        "the export has no column for the required field(s) id (looked for: ID, Ticket ID,"
        " TicketID); add the column to the TDX report, name it under 'columns:' in a --map"
        " file (the ticket ID cannot have a default)")


# --- rows --------------------------------------------------------------------------


def reader(headers: list[str], defaults: dict[str, str] | None = None,
           resolved_from: str | None = None) -> RowReader:
    mapping = ImportMapping()
    dates = DateReader(CHICAGO, CHICAGO)
    plan = plan_columns(headers, mapping, tuple(defaults or ()), resolved_from)
    return RowReader(plan, mapping, dates, defaults)


HEADERS = ["ID", "Title", "Status", "Priority", "Classification", "Created", "Requestor",
           "Modified"]


def row(*cells: object, label: str = "row 2") -> SourceRow:
    return SourceRow(label, tuple(cells))


def test_a_good_row() -> None:
    result = reader(HEADERS).read(row("00042", " Printer jam ", "In Process", "normal",
                                      "Service Request", "7/14/2023 10:41", "", "x"))
    assert result == ImportRow(
        label="row 2", id="00042",
        values={"title": "Printer jam", "status": "in-progress", "priority": "medium",
                "classification": "service-request",
                "opened": datetime(2023, 7, 14, 10, 41, tzinfo=CHICAGO),
                "requestor": None, "resolved": None},
        from_tdx=frozenset({"title", "status", "priority", "classification", "opened",
                            "requestor", "resolved"}),
    )


def test_every_problem_of_a_row_is_reported() -> None:
    result = reader(HEADERS).read(row("7", "", "Parked", "P1", "Incident", "yesterday",
                                      "", ""))
    assert isinstance(result, RejectedRow)
    assert result.reasons == (
        "column 'Title': is empty; pass --default title=VALUE to give empty cells a value",
        "column 'Status': TDX status 'Parked' has no mapping to a record status (open,"
        " in-progress, waiting, resolved, closed); add it with --status-map"
        " \"Parked=STATUS\" or under 'status:' in a --map file",
        "column 'Priority': TDX priority 'P1' has no mapping to a record priority (low,"
        " medium, high, critical); add it under 'priority:' in a --map file",
        "column 'Created': 'yesterday' is not a date such as 7/14/2023 10:41 or"
        " 2023-07-14T10:41 (pass --date-format for other layouts)",
    )


def test_resolved_from_another_column() -> None:
    done = row("8", "Done", "Closed", "Low", "Incident", "7/14/2023 10:41", "", "7/15/2023 8:00")
    result = reader(HEADERS, resolved_from="Modified").read(done)
    assert isinstance(result, ImportRow)
    assert result.values["resolved"] == datetime(2023, 7, 15, 8, 0, tzinfo=CHICAGO)
    rejected = reader(HEADERS).read(done)
    assert isinstance(rejected, RejectedRow)
    assert rejected.reasons == (
        "status 'closed' needs a resolved time, but the export has no completion-date"
        " column; pass --resolved-from COLUMN (such as Modified) to use another column",)


def test_defaults_fill_absent_columns_and_empty_cells_but_are_not_from_tdx() -> None:
    rows = reader(["ID", "Title", "Status", "Created", "Priority"],
                  defaults={"classification": "incident", "priority": "low"})
    result = rows.read(row("9", "T", "New", "2026-01-05", ""))
    assert isinstance(result, ImportRow)
    assert result.values["classification"] == "incident"
    assert result.values["priority"] == "low"
    assert "priority" not in result.from_tdx and "classification" not in result.from_tdx


@pytest.mark.parametrize(("raw", "text"), [
    (None, None), ("  ", None), (" a ", "a"), (48213, "48213"), (48213.0, "48213"),
    (1.5, "1.5"),
])
def test_cell_text(raw: object, text: str | None) -> None:
    assert cell_text(raw) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("7/14/2023 10:41", datetime(2023, 7, 14, 10, 41, tzinfo=CHICAGO)),
    ("7/14/2023 10:41:27", datetime(2023, 7, 14, 10, 41, 27, tzinfo=CHICAGO)),
    ("7/14/2023 2:05 PM", datetime(2023, 7, 14, 14, 5, tzinfo=CHICAGO)),
    ("7/14/2023", datetime(2023, 7, 14, 0, 0, tzinfo=CHICAGO)),
    ("7/14/23 10:41", datetime(2023, 7, 14, 10, 41, tzinfo=CHICAGO)),
    ("2023-07-14T10:41:00", datetime(2023, 7, 14, 10, 41, tzinfo=CHICAGO)),
    ("2023-07-14T15:41:00.123Z", datetime(2023, 7, 14, 10, 41, tzinfo=CHICAGO)),  # CDT is UTC-5
    ("2023-07-14 10:41", datetime(2023, 7, 14, 10, 41, tzinfo=CHICAGO)),
    ("14/07/2023 10:41", None),
])
def test_dates(text: str, expected: datetime | None) -> None:
    assert DateReader(CHICAGO, CHICAGO).parse(text) == expected


def test_date_format_replaces_the_us_formats() -> None:
    dates = DateReader(ZoneInfo("Europe/Berlin"), CHICAGO, "%d.%m.%Y %H:%M")
    assert dates.parse("14.07.2023 17:41") == datetime(2023, 7, 14, 10, 41, tzinfo=CHICAGO)
    assert dates.parse("7/14/2023 10:41") is None  # no silent fallback to US dates
    # ISO still
    assert dates.parse("2023-07-14T17:41") == datetime(2023, 7, 14, 10, 41, tzinfo=CHICAGO)


def test_a_completion_date_of_an_open_ticket_is_not_kept() -> None:
    rows = reader(["ID", "Title", "Priority", "Classification", "Created", "Completed"],
                  defaults={"status": "open"})
    result = rows.read(row("10", "Reopened", "Low", "Incident", "2026-01-05", "2026-01-06"))
    assert isinstance(result, ImportRow)
    assert result.values["resolved"] is None and "resolved" not in result.from_tdx


@pytest.mark.parametrize("raw", [True, False, float("nan"), float("inf"), float("-inf")])
def test_cell_text_refuses_what_no_ticket_value_can_be(raw: object) -> None:
    """A JSON true or NaN would otherwise become a ticket ID or a title (issue 11, defect 11)."""
    with pytest.raises(CellError):
        cell_text(raw)


def test_the_import_guide_lists_the_mapping_codes() -> None:
    """The guide's table is the catalogue's, so it cannot drift from the code."""
    guide = Path(__file__).parents[2] / "docs" / "guides" / "import-tdx.md"
    assert catalogue_markdown(["mapping"]) in guide.read_text(encoding="utf-8")
