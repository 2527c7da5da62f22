"""``escalation status`` as JSON, CSV and Markdown; every format shows a row's
:meth:`~generator.compute.status.StatusRow.to_json` values, so that they agree."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime

from generator.compute.status import STATUS_FIELDS, StatusRow
from generator.render.templating import environment


def render_status_json(rows: Sequence[StatusRow]) -> str:
    """A JSON list with one object per row, in order."""
    return json.dumps([row.to_json() for row in rows], indent=2, ensure_ascii=False) + "\n"


def render_status_csv(rows: Sequence[StatusRow]) -> str:
    """One line per row under a header of :data:`STATUS_FIELDS`; an empty cell is null."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STATUS_FIELDS)
    for row in rows:
        data = row.to_json()
        writer.writerow(["" if data[key] is None else data[key] for key in STATUS_FIELDS])
    return out.getvalue()


def render_status_markdown(rows: Sequence[StatusRow], as_of: datetime) -> str:
    """A titled Markdown table of the rows."""
    return environment().get_template("status.md.j2").render(
        rows=[(row, row.to_json()) for row in rows], as_of=as_of,
        timezone=str(as_of.tzinfo))
