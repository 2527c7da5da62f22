"""The record forms: the "Log New Ticket" and "Add Administrator" pages.

Each page is a static form. Its script (``assets/escalation/forms.js``) previews the
record file while it is filled in, refuses what ``escalation check`` would refuse (and
says why next to the field), and offers copy, download and GitHub's new-file page.
Everything the script needs (the checklist, admins, declared services, enum values, ID
and slug patterns, the repository) is computed here, at build time, and embedded in the
page as JSON: the page makes no request of its own and works offline.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from generator.compute.site import SiteContext
from generator.read.project import Project
from generator.render.templating import environment
from generator.schema.fields import ADMIN_SLUG, SERVICE_SLUG, TICKET_ID
from generator.schema.paths import ADMINS_DIR, TICKETS_DIR
from generator.schema.records import (
    Channel,
    Classification,
    EngagementTier,
    Outcome,
    Priority,
    Status,
    Tier,
)
from generator.schema.settings import Settings

TICKET_FORM = "new/ticket.md"
ADMIN_FORM = "new/admin.md"
RESPONSE_WINDOW_MINIMUM = 0.5
"""The smallest ``response_window_hours`` an admin record may declare (as :mod:`load` reads it)."""
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
# Characters that could end the <script> element or open markup in it, as JSON escapes.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def github_new_file_url(settings: Settings) -> str | None:
    """GitHub's new-file page of the default branch, when ``repo_url`` is on github.com.

    The branch is the one ``edit_uri`` names (``edit/<branch>/docs/``), ``main`` otherwise.
    """
    repo = (settings.repo_url or "").strip().rstrip("/")
    parts = urlsplit(repo)
    if parts.scheme != "https" or (parts.hostname or "").lower() not in _GITHUB_HOSTS:
        return None
    owner_repo = [p for p in parts.path.split("/") if p]
    if len(owner_repo) != 2:
        return None
    edit = [p for p in (settings.edit_uri or "").strip("/").split("/") if p]
    branch = edit[1] if len(edit) > 1 and edit[0] in ("edit", "blob") else "main"
    return f"https://github.com/{owner_repo[0]}/{owner_repo[1]}/new/{quote(branch, safe='')}"


def form_data(project: Project, ctx: SiteContext) -> dict[str, Any]:
    """What the form script reads: choices, patterns, rules and the repository.

    Only what the forms need is included (no e-mail addresses, no notes).
    """
    settings = ctx.settings
    declared: dict[str, list[str]] = {}
    for row in ctx.ownership:
        declared[row.service] = [admin.slug for admin, _ in row.declarations]
    return {
        "timezone": settings.timezone.key,
        "paths": {"tickets": TICKETS_DIR, "admins": ADMINS_DIR},
        "patterns": {
            "ticket_id": TICKET_ID.pattern,
            "admin_slug": ADMIN_SLUG.pattern,
            "service": SERVICE_SLUG.pattern,
        },
        "enums": {
            "classification": [c.value for c in Classification],
            "priority": [p.value for p in Priority],
            "tier": [t.value for t in Tier],
            "status": [s.value for s in Status],
            "channel": [c.value for c in Channel],
            "engagement_tier": [t.value for t in EngagementTier],
            "outcome": [o.value for o in Outcome],
        },
        "done_statuses": [s.value for s in Status if s.is_done],
        "default_channel": Channel.TDX.value,
        "response_window": {
            "default": settings.response_window_hours,
            "minimum": RESPONSE_WINDOW_MINIMUM,
        },
        "checklist": [{"id": item.id, "text": item.text} for item in settings.checklist],
        "admins": [
            {"slug": a.slug, "name": a.name, "active": a.active,
             "services": sorted(a.services)}
            for a in ctx.admins.values()
        ],
        "services": declared,
        "gaps": sorted(ctx.gaps),
        "existing": {
            "tickets": sorted({PurePosixPath(f).stem for f in project.ticket_files}),
            "admins": sorted({PurePosixPath(f).stem for f in project.admin_files}),
        },
        "repo": {"url": settings.repo_url, "new_file": github_new_file_url(settings)},
    }


def script_json(data: Mapping[str, Any]) -> Markup:
    """``data`` as JSON safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become JSON escapes, so no value can close the element
    (``</script>``) or open a comment; the parsed JSON is unchanged.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_SAFE))


def render_forms(project: Project, ctx: SiteContext) -> dict[str, str]:
    """The two form pages: path in the staging folder → Markdown."""
    data = form_data(project, ctx)
    values = {"ctx": ctx, "data": data, "data_json": script_json(data)}
    env = environment()
    return {
        TICKET_FORM: env.get_template("new_ticket.md.j2").render(**values),
        ADMIN_FORM: env.get_template("new_admin.md.j2").render(**values),
    }


class RecordForms:
    """The page family of the two record forms (see :class:`~.families.PageFamily`)."""

    def consumes(self, project: Project) -> frozenset[str]:
        """The forms read no hand-written file."""
        return frozenset()

    def render(self, project: Project, context: SiteContext) -> dict[str, str]:
        """The ``new/ticket.md`` and ``new/admin.md`` pages."""
        return render_forms(project, context)
