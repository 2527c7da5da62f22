"""The groups of ``escalation status`` as page sections, and the dashboard's cards.

A card is made from the section it links to and shows that section's number of rows, so
a card can only count the rows it links to (a card that read another figure, such as the
week's missed deadlines, could say 0 beside tickets weeks overdue).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.compute.status import StatusGroup, StatusRow
from generator.render import fragments as html_rows

GROUP_TEXT: Mapping[StatusGroup, tuple[str, str, str]] = {
    StatusGroup.NO_RESPONSE: (
        "no-response", "No response",
        "The deadline of the latest engagement passed with no response: most overdue first."),
    StatusGroup.UNOWNED: (
        "unowned", "Unowned",
        "The admin declined without naming an owner: SC must find one."),
    StatusGroup.REDIRECTED: (
        "redirected", "Redirected, not yet re-engaged",
        "The admin named another owner, and SC has not engaged them yet."),
    StatusGroup.DUE_SOON: (
        "due-soon", "Due soon",
        "No response yet, and the deadline is close: least time left first."),
    StatusGroup.PENDING: (
        "pending", "Pending",
        "No response yet, within the response window: least time left first."),
    StatusGroup.WITH_SC: (
        "with-sc", "With SC",
        "The admin answered; SC goes on with the ticket."),
    StatusGroup.WITH_ADMIN: (
        "with-admin", "With the admin",
        "The admin accepted the ticket and owns it."),
}
"""Each group's anchor, title and one-line meaning, in the fixed order."""

DASHBOARD_PREFIX = "open-"
"""What the dashboard's section anchors start with (``#open-no-response``); the
Escalations page's headings have ids of their builder's making."""

CARDS: tuple[tuple[StatusGroup, str], ...] = (
    (StatusGroup.NO_RESPONSE, "overdue: no response"),
    (StatusGroup.DUE_SOON, "due soon"),
    (StatusGroup.UNOWNED, "unowned: declined, no owner named"),
    (StatusGroup.REDIRECTED, "redirected, not yet re-engaged"),
)
"""The dashboard's cards of status groups, in the order they are shown."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """Rows shown together under one anchor, with their HTML."""

    anchor: str
    title: str
    help: str
    rows: Sequence[Any]
    html: Markup


@dataclass(frozen=True, slots=True, kw_only=True)
class Card:
    """A dashboard figure: the number of rows of the section it links to."""

    label: str
    section: Section

    @property
    def count(self) -> int:
        """The section's number of rows."""
        return len(self.section.rows)


def status_sections(
    groups: Mapping[StatusGroup, Sequence[StatusRow]],
    render_row: Callable[[StatusRow], Markup],
    prefix: str = "",
) -> dict[StatusGroup, Section]:
    """One section per status group, in the fixed order, empty groups included; anchors
    are the group's name after ``prefix``."""
    sections = {}
    for group, (anchor, title, help_text) in GROUP_TEXT.items():
        rows = groups.get(group, ())
        sections[group] = Section(anchor=prefix + anchor, title=title, help=help_text,
                                  rows=rows, html=html_rows.joined(map(render_row, rows)))
    return sections


def cards(sections: Mapping[StatusGroup, Section], gaps: Section) -> list[Card]:
    """The dashboard's cards: the groups of :data:`CARDS`, then the gaps."""
    found = [Card(label=text, section=sections[group]) for group, text in CARDS]
    found.append(Card(label="gaps: services in open tickets that no active admin declares",
                      section=gaps))
    return found
