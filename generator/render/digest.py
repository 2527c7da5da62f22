"""The digest as Markdown, JSON and a Slack incoming-webhook message (Block Kit).

Every figure is a value of the ``status`` row's JSON (:meth:`~generator.compute.status.
StatusRow.to_json`), shown as ``status`` shows it. Links go to the published site when
``site_url`` is set (each ticket's detail view, the new gap's entry on the ownership
page, the dashboard's group for what was left out); without it the digest has no links,
since a relative path means nothing in a chat message or an issue.

User text (titles, names) is data: in Markdown it becomes character references, with
``@`` and ``#`` kept from turning into GitHub mentions and references; in Slack's mrkdwn
``&``, ``<`` and ``>`` are escaped (Slack's three control characters, so no text can make
a link, a mention or ``<!channel>``) and every text object is ``verbatim`` (Slack does
not link names or addresses in it either).

Sizes: Slack takes at most 50 blocks, 150 characters in a header and 3,000 in a section's
text; messages whose blocks hold more than about 13,000 characters in all are refused
(``msg_blocks_too_long``, observed, not documented), so the message keeps its text within
:data:`SLACK_TEXT_BUDGET`. A GitHub issue body holds at most 65,536 characters; the
Markdown keeps within :data:`MARKDOWN_BUDGET`. What does not fit is counted on a last
line ("… and 12 more overdue").
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.compute.digest import (
    DIGEST_SCHEMA,
    SECTION_GROUPS,
    Digest,
    DigestSection,
    NewGap,
)
from generator.compute.status import StatusRow
from generator.render import urls
from generator.render.templating import format_when, hours_unit, markdown_text
from generator.render.triage import DASHBOARD_PREFIX, GROUP_TEXT
from generator.schema.records import Ticket

SLACK_BLOCKS = 50
"""Slack's most blocks in one message."""
SLACK_HEADER_TEXT = 150
"""Slack's longest header text."""
SLACK_SECTION_TEXT = 3000
"""Slack's longest section text."""
SLACK_TEXT_BUDGET = 11_000
"""The most characters of text the message's blocks hold together (below the ~13,000
at which Slack refuses a message)."""
MARKDOWN_BUDGET = 60_000
"""The most characters of the Markdown digest (a GitHub issue body holds 65,536)."""
TITLE_LENGTH = 120
"""Ticket titles and admin names are cut to this many characters (with "…")."""

SECTION_TITLES: dict[DigestSection, str] = {
    DigestSection.OVERDUE: "Overdue: no response",
    DigestSection.DUE_SOON: "Due soon",
    DigestSection.UNOWNED: "Unowned: declined, no owner named",
    DigestSection.REDIRECTED: "Redirected, not yet re-engaged",
    DigestSection.NEW_GAPS: "New gaps",
}
"""Each section's heading."""
SECTION_NOUNS: dict[DigestSection, str] = {
    DigestSection.OVERDUE: "overdue",
    DigestSection.DUE_SOON: "due soon",
    DigestSection.UNOWNED: "unowned",
    DigestSection.REDIRECTED: "redirected",
    DigestSection.NEW_GAPS: "new gaps",
}
"""What "… and N more" calls the section's lines, and the summary's words."""


# ------------------------------------------------------------------------ links


def site_link(site_url: str | None, page: str) -> str | None:
    """The address of ``page`` (a path relative to the site root, possibly with an
    anchor) on the site at ``site_url``; None without one."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + page


def ticket_path(ticket: Ticket) -> str:
    """The site path of a ticket's detail view, e.g. ``tickets/2026-11/#48213``."""
    return f"{urls.url_of(urls.ticket_page(ticket))}#{ticket.id}"


def gap_path(service: str) -> str:
    """The site path of a gap's entry on the ownership page."""
    return f"{urls.url_of(urls.OWNERSHIP)}#gap-{service}"


def section_path(section: DigestSection) -> str:
    """Where the whole of a section is on the site: the dashboard's group (the card's
    target), or the ownership page for gaps."""
    if section is DigestSection.NEW_GAPS:
        return urls.url_of(urls.OWNERSHIP)
    anchor = GROUP_TEXT[SECTION_GROUPS[section]][0]
    return f"{urls.url_of(urls.DASHBOARD)}#{DASHBOARD_PREFIX}{anchor}"


# ------------------------------------------------------------------------- JSON


def digest_json(digest: Digest, site_url: str | None) -> dict[str, Any]:
    """The digest as JSON-ready data: every key present, every section a list (empty
    ones included), in the documented order."""
    data: dict[str, Any] = {
        "schema": DIGEST_SCHEMA,
        "as_of": digest.as_of.isoformat(),
        "timezone": str(digest.as_of.tzinfo),
        "since": digest.since.isoformat(),
        "site_url": site_url,
        "counts": {str(section): digest.count(section) for section in DigestSection},
    }
    for section in SECTION_GROUPS:
        data[str(section)] = [_row_json(row, digest, site_url) for row in digest.rows[section]]
    data[str(DigestSection.NEW_GAPS)] = [_gap_json(gap, site_url) for gap in digest.new_gaps]
    return data


def _row_json(row: StatusRow, digest: Digest, site_url: str | None) -> dict[str, Any]:
    response = row.latest.engagement.response
    redirect_to = response.redirect_to if response is not None else None
    page = ticket_path(row.ticket)
    return {
        **row.to_json(),
        "admin_name": digest.admin_name(row.latest.engagement.admin),
        "redirect_to": redirect_to,
        "page": page,
        "url": site_link(site_url, page),
    }


def _gap_json(gap: NewGap, site_url: str | None) -> dict[str, Any]:
    page = gap_path(gap.service)
    return {
        "service": gap.service,
        "page": page,
        "url": site_link(site_url, page),
        "tickets": [{"ticket": t.id, "title": t.title, "opened": t.opened.isoformat(),
                     "page": ticket_path(t), "url": site_link(site_url, ticket_path(t))}
                    for t in gap.tickets],
    }


def render_digest_json(digest: Digest, site_url: str | None) -> str:
    """The digest's JSON text (:func:`digest_json`)."""
    return json.dumps(digest_json(digest, site_url), indent=2, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------ shared words


def nothing_line(digest: Digest) -> str:
    """The one line of a digest with nothing to report."""
    return (f"Nothing needs attention as of {format_when(digest.as_of)}"
            f" ({digest.as_of.tzinfo}): no ticket is overdue, due soon, unowned or"
            " redirected, and no new gap.")


def summary(digest: Digest) -> str:
    """``3 overdue, 1 due soon, 2 new gaps``: the non-empty sections' counts."""
    return ", ".join(f"{digest.count(s)} {_noun(s, digest.count(s))}" for s in DigestSection
                     if digest.count(s))


def _noun(section: DigestSection, count: int) -> str:
    """The section's noun for ``count`` lines: ``1 new gap``, ``2 new gaps``."""
    noun = SECTION_NOUNS[section]
    return noun[:-1] if count == 1 and section is DigestSection.NEW_GAPS else noun


def _cut(text: str, length: int = TITLE_LENGTH) -> str:
    """One line of at most ``length`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class _Words:
    """How one format writes user text, links and emphasis."""

    text: Callable[[str], str]
    link: Callable[[str, str | None], str]
    code: Callable[[str], str]


def _hours(value: float | None) -> str:
    """Hours as ``status`` prints them (its JSON value; ``—`` for none)."""
    return "—" if value is None else str(value)


def _row_facts(section: DigestSection, row: StatusRow, digest: Digest, words: _Words) -> str:
    """What a line says after the ticket: the admin, and the section's figure."""
    data = row.to_json()
    slug = row.latest.engagement.admin
    admin = f"{words.text(_cut(digest.admin_name(slug)))} ({words.code(slug)})"
    unit = hours_unit(row.latest.calendar)
    deadline = format_when(row.latest.deadline)
    if section is DigestSection.OVERDUE:
        return f"{admin}: {_hours(data['overdue_hours'])} {unit} overdue, deadline {deadline}"
    if section is DigestSection.DUE_SOON:
        return f"{admin}: {_hours(data['remaining_hours'])} {unit} left, deadline {deadline}"
    response = row.latest.engagement.response
    answered = format_when(response.at) if response is not None else "—"
    if section is DigestSection.UNOWNED:
        return f"declined by {admin} on {answered}, no owner named"
    target = response.redirect_to if response is not None else None
    named = (f"{words.text(_cut(digest.admin_name(target)))} ({words.code(target)})"
             if target else "another admin")
    return f"redirected by {admin} on {answered} to {named}, not engaged yet"


def _row_line(section: DigestSection, row: StatusRow, digest: Digest, words: _Words,
              site_url: str | None) -> str:
    ticket = words.link(row.ticket.id, site_link(site_url, ticket_path(row.ticket)))
    title = words.text(_cut(row.ticket.title))
    return f"{ticket} {title} — {_row_facts(section, row, digest, words)}"


def _gap_line(gap: NewGap, words: _Words, site_url: str | None) -> str:
    service = words.link(gap.service, site_link(site_url, gap_path(gap.service)))
    evidence = ", ".join(
        f"{words.link(t.id, site_link(site_url, ticket_path(t)))} {words.text(_cut(t.title))}"
        for t in gap.tickets[:3])
    more = len(gap.tickets) - 3
    if more > 0:
        evidence += f" and {more} more"
    return f"{service}: no active admin declares it; {evidence}"


def _section_lines(section: DigestSection, digest: Digest, words: _Words,
                   site_url: str | None) -> list[str]:
    if section is DigestSection.NEW_GAPS:
        return [_gap_line(gap, words, site_url) for gap in digest.new_gaps]
    return [_row_line(section, row, digest, words, site_url) for row in digest.rows[section]]


def _heading(section: DigestSection, digest: Digest) -> str:
    title = SECTION_TITLES[section]
    if section is DigestSection.NEW_GAPS:
        title += f" since {format_when(digest.since)}"
    return f"{title} ({digest.count(section)})"


def _more(section: DigestSection, left: int, words: _Words, site_url: str | None) -> str:
    text = f"… and {left} more {_noun(section, left)}"
    url = site_link(site_url, section_path(section))
    return f"{text} ({words.link('all of them on the site', url)})" if url else text


def fit_lines(lines: Sequence[str], budget: int, more: Callable[[int], str]) -> list[str]:
    """The first of ``lines`` that fit in ``budget`` characters (each counted with a line
    break), then ``more(n)`` for the ``n`` left out; ``more``'s longest line is kept room
    for, so the result stays within ``budget`` whenever that line alone fits."""
    total = sum(len(line) + 1 for line in lines)
    if total <= budget:
        return list(lines)
    room = budget - len(more(len(lines))) - 1
    kept: list[str] = []
    for line in lines:
        if len(line) + 1 > room:
            break
        kept.append(line)
        room -= len(line) + 1
    return [*kept, more(len(lines) - len(kept))]


def fit_sections(sections: Sequence[tuple[DigestSection, list[str]]], budget: int,
                 section_budget: Callable[[DigestSection], int | None],
                 more: Callable[[DigestSection, int], str]
                 ) -> list[tuple[DigestSection, list[str]]]:
    """Each section's lines cut by :func:`fit_lines` so that all of them together stay
    within ``budget`` characters and each within its ``section_budget`` (None: no limit
    of its own). Room for every section's "… and N more" line is kept first, so a long
    first section cannot push a later one out: each later section keeps at least its
    count."""
    reserve = {s: len(more(s, len(lines))) + 1 for s, lines in sections}
    left = budget - sum(reserve.values())
    fitted: list[tuple[DigestSection, list[str]]] = []
    for section, lines in sections:
        room = left + reserve[section]
        own = section_budget(section)
        kept = fit_lines(lines, room if own is None else min(room, own),
                         functools.partial(more, section))
        left = room - sum(len(line) + 1 for line in kept)
        fitted.append((section, kept))
    return fitted


# --------------------------------------------------------------------- Markdown


def _md_text(value: str) -> str:
    """User text inert in GitHub Markdown: no markup, no @mention, no #reference."""
    return str(markdown_text(value)).replace("@", "@&#8203;").replace("&#35;", "&#35;&#8203;")


def _md_link(text: str, url: str | None) -> str:
    shown = _md_text(text)
    return f"[{shown}](<{url}>)" if url else shown


MARKDOWN_WORDS = _Words(text=_md_text, link=_md_link, code=lambda slug: f"`{slug}`")


def render_digest_markdown(digest: Digest, site_url: str | None) -> str:
    """The digest as Markdown (a GitHub issue body): a heading per non-empty section and
    a line per ticket or gap; one line when nothing needs attention."""
    if digest.empty:
        return nothing_line(digest) + "\n"
    dashboard = site_link(site_url, "")
    out = ["# Escalation digest", "",
           f"As of **{format_when(digest.as_of)}** (`{digest.as_of.isoformat()}`,"
           f" {digest.as_of.tzinfo}): {summary(digest)}."
           + (f" [Dashboard](<{dashboard}>)" if dashboard else "")]
    sections = [s for s in DigestSection if digest.count(s)]
    headings = {s: f"## {_heading(s, digest)}" for s in sections}
    fixed = sum(len(line) + 1 for line in out) + sum(len(h) + 3 for h in headings.values())
    found = [(s, [f"- {line}" for line in _section_lines(s, digest, MARKDOWN_WORDS, site_url)])
             for s in sections]
    fitted = fit_sections(found, MARKDOWN_BUDGET - fixed, lambda s: None,
                          lambda s, n: "- " + _more(s, n, MARKDOWN_WORDS, site_url))
    for section, kept in fitted:
        out += ["", headings[section], "", *kept]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------ Slack


def _slack_text(value: str) -> str:
    """Text for Slack's mrkdwn: its three control characters escaped."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_link(text: str, url: str | None) -> str:
    shown = _slack_text(text)
    return f"<{_slack_text(url)}|{shown}>" if url else shown


SLACK_WORDS = _Words(text=_slack_text, link=_slack_link, code=lambda slug: f"`{slug}`")


def _mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object that Slack shows as written (no automatic links or names)."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def slack_message(digest: Digest, site_url: str | None) -> dict[str, Any]:
    """The digest as an incoming-webhook payload: ``text`` (the notification's words)
    and ``blocks``: a header, the as-of line, a section per non-empty digest section."""
    if digest.empty:
        line = _slack_text(nothing_line(digest))
        return {"text": line, "blocks": [{"type": "section", "text": _mrkdwn(line)}]}
    header = f"Escalation digest, {format_when(digest.as_of)}"[:SLACK_HEADER_TEXT]
    dashboard = site_link(site_url, "")
    context = (f"As of {format_when(digest.as_of)} ({digest.as_of.tzinfo}):"
               f" {summary(digest)}."
               + (f" {_slack_link('Dashboard', dashboard)}" if dashboard else ""))
    sections = [s for s in DigestSection if digest.count(s)]
    headings = {s: f"*{_heading(s, digest)}*" for s in sections}
    found = [(s, [f"• {line}" for line in _section_lines(s, digest, SLACK_WORDS, site_url)])
             for s in sections]
    fixed = len(header) + len(context) + sum(len(h) + 1 for h in headings.values())
    fitted = fit_sections(
        found, SLACK_TEXT_BUDGET - fixed,
        lambda s: SLACK_SECTION_TEXT - len(headings[s]) - 1,
        lambda s, n: "• " + _more(s, n, SLACK_WORDS, site_url))
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": header, "emoji": False}},
        {"type": "context", "elements": [_mrkdwn(context)]},
    ]
    for section, kept in fitted:
        blocks.append({"type": "section",
                       "text": _mrkdwn("\n".join([headings[section], *kept]))})
    text = f"Escalation digest as of {format_when(digest.as_of)}: {summary(digest)}"
    return {"text": text, "blocks": blocks[:SLACK_BLOCKS]}


def render_digest_slack(digest: Digest, site_url: str | None) -> str:
    """The incoming-webhook payload's JSON text (:func:`slack_message`)."""
    return json.dumps(slack_message(digest, site_url), indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[Digest, str | None], str]] = {
    "md": render_digest_markdown,
    "json": render_digest_json,
    "slack": render_digest_slack,
}
"""The digest's formats, by ``--format`` name."""
