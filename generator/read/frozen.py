"""Frozen weekly reports: reading the committed snapshots of a week's figures.

A snapshot is ``docs/reports/frozen/<yyyy>-w<ww>.md``: YAML front-matter with the week,
the as-of time the figures were computed for, when it was frozen, a digest of the
records and settings they came from, and the figures (the report's JSON); then the
Markdown rendering. A snapshot is evidence quoted in meetings, so it is never rewritten
without being asked to; recomputing the same week as of the same instant from today's
records shows whether anything it says has changed since.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from generator.read.files import FileReadError, NotUtf8Error, decode_text, read_file, relative
from generator.read.frontmatter import split_front, yaml_error
from generator.schema.fields import within_years, years_expected
from generator.schema.paths import FROZEN_FOLDER
from generator.schema.problems import Problem, make_problem
from generator.schema.report import REPORT_SCHEMAS
from generator.schema.settings import Settings
from generator.schema.weeks import IsoWeek

"""Where snapshots live, relative to the hand-written docs folder (``docs/``, committed).

Not MkDocs' ``docs_dir``: that is the generated staging folder, which is not committed.
"""
_FRONT_KEYS = ("week", "as_of", "frozen_at", "records_digest", "figures")
_FRONT_LINE = 2
"""The line of the front-matter's first key (after the opening '---')."""
_LOADER: Any = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader


class FrozenReportError(ValueError):
    """A snapshot file exists but cannot be read as one; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format_text())
        self.problem = problem


@dataclass(frozen=True, slots=True, kw_only=True)
class FrozenReport:
    """A snapshot read back from its file."""

    path: Path
    week: IsoWeek
    as_of: datetime
    """The instant the figures were computed as of."""
    frozen_at: datetime
    """When the snapshot was written."""
    records_digest: str
    figures: dict[str, Any]
    """The report's JSON, as frozen (under its own schema's names)."""
    schema: int
    """The report schema of :attr:`figures`: its ``schema`` key, 1 when it has none (the
    snapshots written before schema 2)."""
    body: str
    """The Markdown rendering below the front-matter."""


def frozen_path(root: Path, week: IsoWeek, docs_dir: str = "docs") -> Path:
    """The snapshot file of ``week`` under the project ``root``."""
    return root / docs_dir / FROZEN_FOLDER / f"{week.slug}.md"


def figure_settings(settings: Settings) -> dict[str, Any]:
    """The settings that change figures, in a canonical form (part of the digest).

    ``response_windows`` is there only when set, so that a snapshot frozen before the
    setting existed keeps its digest while the settings mean the same figures.
    """
    canonical: dict[str, Any] = {
        "timezone": settings.timezone.key,
        "business_days": sorted(settings.business_days),
        "business_hours": f"{settings.business_start:%H:%M}-{settings.business_end:%H:%M}",
        "holidays": sorted(day.isoformat() for day in settings.holidays),
        "response_window_hours": settings.response_window_hours,
    }
    if settings.response_windows:
        canonical["response_windows"] = {
            str(priority): {"hours": window.hours, "calendar": str(window.calendar)}
            for priority, window in sorted(settings.response_windows.items())
        }
    return canonical


def records_digest(root: Path, files: Iterable[str], settings: Settings) -> str:
    """``sha256:<hex>`` over each record file's relative path and bytes, then the settings.

    Files are taken in sorted order and each is framed by its path and length, so
    renaming, moving or editing any record, or changing a figure setting, changes it.
    """
    digest = hashlib.sha256()
    for rel in sorted(files):
        data = (root / rel).read_bytes()
        digest.update(f"{rel}\0{len(data)}\0".encode())
        digest.update(data)
    digest.update(json.dumps(figure_settings(settings), sort_keys=True).encode())
    return f"sha256:{digest.hexdigest()}"


def load_frozen(root: Path, week: IsoWeek, docs_dir: str = "docs") -> FrozenReport | None:
    """The snapshot of ``week`` under ``root``, or None when there is none.

    Raises :class:`FrozenReportError` (a located problem) when it exists but is not a
    readable snapshot of that week.
    """
    path = frozen_path(root, week, docs_dir)
    rel = relative(root, path)
    if not os.path.lexists(path):
        return None
    try:
        text = decode_text(read_file(path), bom=False)
    except FileReadError as exc:
        raise _broken(rel, 1, f"cannot read the frozen report: {exc.reason}") from None
    except NotUtf8Error as exc:
        raise _broken(rel, exc.line, f"{exc}") from None
    return parse_frozen(text, path, week, rel)


def _broken(rel: str, line: int, message: str) -> FrozenReportError:
    return FrozenReportError(make_problem(rel, line, "report.broken-snapshot", message))


def _when(value: Any, key: str, rel: str, line: int) -> datetime:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = datetime.fromisoformat(value)
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise _broken(rel, line, f"front-matter {key!r}: expected an ISO 8601 datetime with an"
                      f" offset but received {value!r}")
    if not within_years(value):  # figures as of the year 9999 cannot be recomputed
        raise _broken(rel, line, f"front-matter {key!r}: expected {years_expected()} but"
                      f" received {value.isoformat()!r}")
    return value


def _front_matter(head: str, rel: str) -> tuple[Any, dict[str, int]]:
    """The front-matter's values and the line of each top-level key, and of each key of
    ``figures`` (``figures.schema``).

    Loaded as YAML builds it (aliases share one value, as the snapshot writer may emit
    them), every error one located line.
    """
    loader = _LOADER(head)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        line, reason = yaml_error(exc, _FRONT_LINE)
        raise _broken(rel, line, f"front-matter: YAML syntax: {reason}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - the C loader raises marked errors
        raise _broken(rel, _FRONT_LINE, f"front-matter: YAML: {' '.join(str(exc).split())}"
                      ) from None
    except RecursionError:
        raise _broken(rel, _FRONT_LINE, "front-matter: nested too deeply") from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
        lines[str(key.value)] = _FRONT_LINE + key.start_mark.line
        if str(key.value) == "figures" and isinstance(value, yaml.MappingNode):
            lines.update((f"figures.{inner.value}", _FRONT_LINE + inner.start_mark.line)
                         for inner, _ in value.value)
    return data, lines


def parse_frozen(text: str, path: Path, week: IsoWeek, rel: str | None = None) -> FrozenReport:
    """Read a snapshot's text; :class:`FrozenReportError` when it is not one of ``week``.

    ``rel`` names the file in problems (default: ``path``).
    """
    rel = path.as_posix() if rel is None else rel
    parts = split_front(text)
    if parts is None:
        raise _broken(rel, 1, "expected a '---' front-matter block")
    _, head, body = parts
    front, lines = _front_matter(head, rel)
    missing = [k for k in _FRONT_KEYS if not isinstance(front, dict) or k not in front]
    if missing:
        raise _broken(rel, 1, f"front-matter lacks {', '.join(missing)}")
    if str(front["week"]) != str(week) or not isinstance(front["figures"], dict):
        key = "week" if str(front["week"]) != str(week) else "figures"
        raise _broken(rel, lines.get(key, 1), f"expected the frozen report of {week} but"
                      f" received week {front['week']!r}")
    return FrozenReport(
        path=path,
        week=week,
        as_of=_when(front["as_of"], "as_of", rel, lines.get("as_of", 1)),
        frozen_at=_when(front["frozen_at"], "frozen_at", rel, lines.get("frozen_at", 1)),
        records_digest=str(front["records_digest"]),
        figures=front["figures"],
        schema=_schema(front["figures"], rel,
                       lines.get("figures.schema", lines.get("figures", 1))),
        body=body.lstrip("\n"),
    )


def _schema(figures: dict[str, Any], rel: str, line: int) -> int:
    """The figures' report schema; a located problem for one this version cannot read."""
    value = figures.get("schema", 1)
    if type(value) is not int or value not in REPORT_SCHEMAS:
        known = ", ".join(str(schema) for schema in REPORT_SCHEMAS)
        raise _broken(rel, line, f"front-matter 'figures.schema': expected a report schema"
                      f" this version reads ({known}) but received {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Snapshots:
    """Every frozen snapshot of a project, read once; a broken one is kept as its error."""

    reports: Mapping[IsoWeek, FrozenReport]
    errors: Mapping[IsoWeek, Problem]
    """The located problem of each broken snapshot."""

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The broken snapshots' problems, for ``check``."""
        return tuple(self.errors.values())

    def get(self, week: IsoWeek) -> FrozenReport | None:
        """The snapshot of ``week`` or None; :class:`FrozenReportError` if it is broken."""
        if week in self.errors:
            raise FrozenReportError(self.errors[week])
        return self.reports.get(week)


def read_snapshots(root: Path, docs_dir: str = "docs") -> Snapshots:
    """Every ``<yyyy>-w<ww>.md`` file of the snapshot folder (other names are not read)."""
    reports: dict[IsoWeek, FrozenReport] = {}
    errors: dict[IsoWeek, Problem] = {}
    folder = root / docs_dir / FROZEN_FOLDER
    for file in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        try:
            week = IsoWeek.parse(file.stem)
        except ValueError:
            continue
        if week.slug != file.stem:
            continue
        try:
            report = load_frozen(root, week, docs_dir)
        except FrozenReportError as exc:
            errors[week] = exc.problem
            continue
        if report is not None:
            reports[week] = report
    return Snapshots(reports=reports, errors=errors)
