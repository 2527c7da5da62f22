"""The text of a frozen weekly snapshot file."""

from __future__ import annotations

from datetime import datetime

import yaml

from generator.compute.weekly import WeeklyReport
from generator.render.report import render_markdown


def render_frozen(report: WeeklyReport, *, digest: str, frozen_at: datetime) -> str:
    """The snapshot file's text."""
    front = {
        "title": f"Weekly report {report.week} (frozen)",
        "week": str(report.week),
        "as_of": report.as_of.isoformat(),
        "frozen_at": frozen_at.isoformat(),
        "records_digest": digest,
        "figures": report.to_json(),
    }
    header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=100)
    notice = (
        f"!!! note \"Frozen on {frozen_at:%Y-%m-%d %H:%M}\"\n"
        f"    These figures were computed as of {report.as_of:%Y-%m-%d %H:%M} and are not"
        " regenerated.\n"
        f"    Check them against today's records with"
        f" `escalation report --week {report.week} --compare-frozen`.\n\n"
    )
    return f"---\n{header}---\n\n{notice}{render_markdown(report)}"
