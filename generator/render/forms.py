"""The record forms: the "Log New Ticket" and "Add Administrator" pages.

Each page is a static form. Its script (``assets/escalation/forms.js``) previews the
record file while it is filled in, refuses what ``escalation check`` would refuse (and
says why next to the field), and offers copy, download and GitHub's new-file page.
Everything the script needs is computed here, at build time, and embedded in the page as
JSON: the record fields as :func:`~generator.schema.fields.schema_json` declares them
(order, types, required-ness, values, defaults, bounds, help, patterns) and the
project's own data (the checklist, admins, declared services, gaps, existing files, the
repository). The page makes no request of its own and works offline.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from generator.compute.site import SiteContext
from generator.read.project import Project
from generator.render.repo import github_repo, repo_branch
from generator.render.templating import environment
from generator.schema.fields import schema_json
from generator.schema.paths import ADMINS_DIR, TICKETS_DIR
from generator.schema.records import Status
from generator.schema.settings import Settings

TICKET_FORM = "new/ticket.md"
ADMIN_FORM = "new/admin.md"
# Characters that could end the <script> element or open markup in it, as JSON escapes.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def github_new_file_url(settings: Settings) -> str | None:
    """GitHub's new-file page of the default branch, when ``repo_url`` is on github.com.

    The branch is the one ``edit_uri`` names (``edit/<branch>/docs/``), ``main`` otherwise.
    """
    repo = github_repo(settings)
    if repo is None:
        return None
    return f"{repo}/new/{quote(repo_branch(settings), safe='')}"


def form_data(project: Project, ctx: SiteContext) -> dict[str, Any]:
    """What the form script reads: the schema, the project's data and the repository.

    Only what the forms need is included (no e-mail addresses, no notes).
    """
    settings = ctx.settings
    declared: dict[str, list[str]] = {}
    for row in ctx.ownership:
        declared[row.service] = [admin.slug for admin, _ in row.declarations]
    return {
        "schema": schema_json(),
        # A rule of the checks, not of one field: these statuses need a resolved time.
        "done_statuses": [s.value for s in Status if s.is_done],
        "timezone": settings.timezone.key,
        "paths": {"tickets": TICKETS_DIR, "admins": ADMINS_DIR},
        "response_window_hours": settings.response_window_hours,
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


def fields_by_name(schema: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each kind's fields of :func:`schema_json` by name, for the templates' controls."""
    return {kind: {field["name"]: field for field in fields}
            for kind, fields in schema["kinds"].items()}


def render_forms(project: Project, ctx: SiteContext) -> dict[str, str]:
    """The two form pages: path in the staging folder → Markdown."""
    data = form_data(project, ctx)
    values = {"ctx": ctx, "data": data, "data_json": script_json(data),
              "fields": fields_by_name(data["schema"])}
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
