"""Where each generated page lives and how pages link to each other.

Pages are Markdown files in the staging folder; with MkDocs' directory URLs the page
``tickets/2026-11.md`` is served at ``tickets/2026-11/``. Generated tables are raw HTML,
which MkDocs does not rewrite, so links are computed here, relative to the linking page:
the site works from any base path and offline from a local folder served over HTTP.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from generator.schema.records import Ticket
from generator.schema.weeks import IsoWeek

DASHBOARD = "index.md"
TICKETS = "tickets/index.md"
ESCALATIONS = "escalations/index.md"
ADMINS = "admins/index.md"
OWNERSHIP = "ownership/index.md"
REPORTS = "reports/index.md"
KNOWLEDGE = "knowledge/index.md"


def ticket_page(ticket: Ticket) -> str:
    """The monthly page that holds a ticket's detail view (by month opened)."""
    return f"tickets/{ticket.opened:%Y-%m}.md"


def admin_page(slug: str) -> str:
    """The page of one admin."""
    return f"admins/{slug}.md"


def week_page(week: IsoWeek) -> str:
    """The weekly report page, e.g. ``reports/2026-w47.md``."""
    return f"reports/{week.slug}.md"


def url_of(page: str) -> str:
    """The directory URL of a page relative to the site root (``""`` for the home page)."""
    stem = page[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem + "/"


@lru_cache(maxsize=65536)
def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link from one page to another (optionally to an anchor on it)."""
    start = url_of(from_page) or "."
    target = url_of(to_page) or "."
    rel = posixpath.relpath(target, start)
    rel = "./" if rel == "." else rel + "/"
    return f"{rel}#{anchor}" if anchor else rel


def ticket_href(from_page: str, ticket: Ticket) -> str:
    """A link to a ticket's detail view."""
    return f"{href(from_page, ticket_page(ticket))}#{ticket.id}"
