"""``escalation report --from W --to V``: every week of a range, as JSON, CSV or Markdown.

Runs on a copy of the shipped example data; each format must equal the single-week
reports of the same weeks as of the same time (the bad ranges are in the corpus,
``tests/corpus/test_corpus_range.py``).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.schema.weeks import IsoWeek

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-28T12:00"
WEEKS = [str(w) for w in IsoWeek.range(IsoWeek(2026, 40), IsoWeek(2026, 47))]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("tickets", "admins"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for variable in ("ESCALATION_AS_OF", "ESCALATION_CONFIG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def report(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["report", "--as-of", AS_OF, *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def week_report(capsys: pytest.CaptureFixture[str], week: str, output_format: str) -> str:
    return report(capsys, "--week", week, "--format", output_format)


def range_report(capsys: pytest.CaptureFixture[str], output_format: str) -> str:
    return report(capsys, "--from", WEEKS[0], "--to", WEEKS[-1], "--format", output_format)


def test_json_is_the_list_of_the_weekly_reports_in_week_order(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(range_report(capsys, "json"))
    assert isinstance(data, list)
    assert [entry["week"] for entry in data] == WEEKS
    assert data == [json.loads(week_report(capsys, week, "json")) for week in WEEKS]
    assert {entry["schema"] for entry in data} == {2}
    assert {entry["as_of"] for entry in data} == {"2026-11-28T12:00:00-06:00"}


def test_csv_has_a_row_per_week_and_admin_and_a_total_per_week(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = range_report(capsys, "csv")
    lines = text.splitlines()
    singles = [week_report(capsys, week, "csv").splitlines() for week in WEEKS]
    assert lines[0] == singles[0][0]  # one header
    assert lines[1:] == [row for single in singles for row in single[1:]]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["week"] for r in rows if r["admin"] == "TOTAL"] == WEEKS
    for week in WEEKS:
        admins = [r for r in rows if r["week"] == week and r["admin"] != "TOTAL"]
        (total,) = [r for r in rows if r["week"] == week and r["admin"] == "TOTAL"]
        assert sum(int(r["engaged"]) for r in admins) == int(total["engaged"])
        assert sum(int(r["outcomes.declined"]) for r in admins) == int(
            total["outcomes.declined"])


def test_markdown_is_the_weekly_reports_in_order(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = range_report(capsys, "md")
    titles = [line for line in text.splitlines() if line.startswith("# ")]
    assert titles == [f"# Weekly report {week}" for week in WEEKS]
    assert text == "\n".join(week_report(capsys, week, "md") for week in WEEKS)


def test_markdown_is_the_default_and_one_week_is_a_range(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert report(capsys, "--from", "2026-W47", "--to", "2026-W47") == week_report(
        capsys, "2026-W47", "md")
    assert json.loads(report(capsys, "--from", "2026-W47", "--to", "2026-W47", "--format",
                             "json")) == [json.loads(week_report(capsys, "2026-W47", "json"))]


def test_a_range_ending_in_the_week_of_the_as_of_time(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(report(capsys, "--from", "2026-W47", "--to", "2026-W48", "--format",
                             "json"))
    assert [entry["week"] for entry in data] == ["2026-W47", "2026-W48"]
