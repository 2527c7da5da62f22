"""Every record kind's fields, declared once: name, type, required-ness, values, bounds, help.

The loader (:mod:`generator.read.records`) reads a record by walking its spec, the
skeleton writer lays out new records in the declared key order, the problem-code page
documents the fields from here, and the browser forms read :func:`schema_json`. A new
field is one more :class:`FieldSpec` (and, where a page shows it, one template).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.schema.knowledge import ScenarioTier
from generator.schema.records import (
    Channel,
    Classification,
    EngagementTier,
    Outcome,
    Priority,
    Status,
    Tier,
)
from generator.schema.settings import Audience

TICKET_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
ADMIN_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
SERVICE_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
RESPONSE_WINDOW_MINIMUM = 0.5
"""The smallest ``response_window_hours`` an admin record may declare."""
RESPONSE_WINDOW_MAXIMUM = 1000.0
"""The largest response window, in business hours: half a year of 40-hour weeks. With the
shortest business day and the most holidays the settings allow, a deadline still falls
within decades, which the business calendar computes in well under a second."""
LARGEST_NUMBER = 1e9
"""The largest number a field without a ``maximum`` may hold: it keeps huge integers
from overflowing floats."""
YEARS = (1970, 2999)
"""The years a record's dates, and the instant figures are computed as of, may fall in: a
typo such as 0202 or 9026 would otherwise make every weekly page from that year to now,
or run the business calendar off its end."""


def within_years(moment: date) -> bool:
    """Whether ``moment`` (a date or datetime, read on its own clock) lies in :data:`YEARS`."""
    return YEARS[0] <= moment.year <= YEARS[1]


def years_expected() -> str:
    """How messages state :data:`YEARS`."""
    return f"a date between the years {YEARS[0]} and {YEARS[1]}"


class FieldType(enum.StrEnum):
    """How a field's value is written and read."""

    TEXT = "text"
    """Non-empty text (numbers are refused: IDs and names are text)."""
    SERVICE = "service"
    """A service slug."""
    ADMIN = "admin"
    """The slug of an admin with a file in admins/."""
    DATETIME = "datetime"
    """A date or datetime on the configured timezone's clock."""
    DATE = "date"
    """A calendar date."""
    CHOICE = "choice"
    """One of a fixed set of values."""
    BOOLEAN = "boolean"
    NUMBER = "number"
    TEXT_LIST = "text-list"
    """A list of non-empty texts."""
    CHECKLIST = "checklist"
    """A mapping of the settings' checklist item ids to true or false."""
    RECORD = "record"
    """A nested mapping with fields of its own."""
    RECORDS = "records"
    """A list of nested mappings with fields of their own."""
    TIMEZONE = "timezone"
    """An IANA timezone name (settings)."""
    WEEKDAYS = "weekdays"
    """A non-empty list of mon, tue, ... sun (settings)."""
    HOURS = "hours"
    """One daily interval ``HH:MM-HH:MM`` (settings)."""
    DATES = "dates"
    """A list of dates (settings)."""
    WINDOWS = "windows"
    """Response windows per ticket priority: a mapping of priority to a number of hours or
    to ``{hours, calendar}`` (settings and admin records)."""
    CHECKLIST_ITEMS = "checklist-items"
    """A non-empty list of ``{id, text}`` items (settings)."""
    FOLDER = "folder"
    """A folder relative to ``mkdocs.yml``, apart from the project's own folders (settings)."""
    URL_TEMPLATE = "url-template"
    """An https:// address with one ``{id}`` where a ticket's ID goes (settings)."""
    TEXT_ITEMS = "text-items"
    """A non-empty list of texts (knowledge entries)."""
    ITIL_REFS = "itil-refs"
    """A non-empty list of ITIL entry slugs (scenarios)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldSpec:
    """One field of a record kind."""

    name: str
    """The YAML key."""
    kind: FieldType
    help: str
    """What the field means, for the documentation and the forms."""
    required: bool = False
    required_when: tuple[str, str] | None = None
    """(sibling field, value): the field is required when the sibling has that value."""
    choices: type[enum.StrEnum] | None = None
    """The allowed values, for :attr:`FieldType.CHOICE`."""
    default: str | bool | float | None = None
    """The value of an absent field."""
    minimum: float | None = None
    """The smallest allowed number, for :attr:`FieldType.NUMBER`; the shortest daily
    interval in hours, for :attr:`FieldType.HOURS`."""
    maximum: float | None = None
    """The largest allowed number, for :attr:`FieldType.NUMBER`."""
    max_items: int | None = None
    """The most entries a list field may hold."""
    max_length: int | None = None
    """The most characters a text field may hold (records are bounded by their file size;
    settings text is repeated on every page)."""
    record: RecordSpec | None = None
    """The nested kind, for :attr:`FieldType.RECORD` and :attr:`FieldType.RECORDS`."""
    attribute: str | None = None
    """The record attribute the value goes to, when it is not :attr:`name`."""
    in_skeleton: bool = False
    """Whether a new record's file always has the key, even with no value (``tags: []``)."""
    items: str = ""
    """What the items of a list are, in plural, for messages (``short statements``)."""

    @property
    def target(self) -> str:
        """The record attribute this field fills."""
        return self.attribute or self.name

    def required_for(self, values: dict[str, Any]) -> bool:
        """Whether the field is required, given the values read before it."""
        if self.required:
            return True
        if self.required_when is None:
            return False
        sibling, value = self.required_when
        return values.get(sibling) == value


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordSpec:
    """The fields of one record kind, in their file order."""

    name: str
    """The kind's name in the documentation (``engagement``)."""
    code_kind: str
    """The prefix of its problem codes (an engagement's problems are ``ticket.*``)."""
    fields: tuple[FieldSpec, ...]
    shape: str = ""
    """How the wrong-type message describes one entry (``a mapping with admin, tier and at``)."""

    @property
    def keys(self) -> tuple[str, ...]:
        """The field names, in file order."""
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> FieldSpec:
        """The spec of the field ``name``."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def walk(self, prefix: str = "") -> Iterator[tuple[str, FieldSpec]]:
        """Every field with its dotted path (``escalations.response.at``), nested ones too."""
        for spec in self.fields:
            path = f"{prefix}{spec.name}"
            yield path, spec
            if spec.record is not None:
                yield from spec.record.walk(f"{path}.")


RESPONSE = RecordSpec(name="response", code_kind="ticket", fields=(
    FieldSpec(name="at", kind=FieldType.DATETIME, required=True,
              help="When the admin responded."),
    FieldSpec(name="outcome", kind=FieldType.CHOICE, choices=Outcome, required=True,
              help="What the admin did: took the ticket over (accepted), answered so SC can"
                   " go on (answered), sent it to another admin (redirected) or refused it"
                   " (declined)."),
    FieldSpec(name="redirect_to", kind=FieldType.ADMIN,
              required_when=("outcome", Outcome.REDIRECTED.value),
              help="The admin the ticket was sent on to; required when redirected."),
    FieldSpec(name="process", kind=FieldType.TEXT,
              help="What SC can do itself next time: the knowledge captured."),
))

ENGAGEMENT = RecordSpec(name="engagement", code_kind="ticket", shape="a mapping with admin,"
                        " tier and at", fields=(
    FieldSpec(name="admin", kind=FieldType.ADMIN, required=True,
              help="The admin engaged."),
    FieldSpec(name="tier", kind=FieldType.CHOICE, choices=EngagementTier, required=True,
              help="Collaborate (SC keeps the ticket) or escalate (ownership moves to the"
                   " admin)."),
    FieldSpec(name="at", kind=FieldType.DATETIME, required=True,
              help="When the admin was engaged; the response window starts here."),
    FieldSpec(name="tag", kind=FieldType.TEXT,
              required_when=("tier", EngagementTier.ESCALATE.value),
              help="The escalation tag in TDX; required to escalate."),
    FieldSpec(name="reason", kind=FieldType.TEXT,
              required_when=("tier", EngagementTier.ESCALATE.value),
              help="Why the admin is needed; required to escalate."),
    FieldSpec(name="message", kind=FieldType.TEXT,
              required_when=("tier", EngagementTier.ESCALATE.value),
              help="The meta-protocol message: what process can SC follow next time?"
                   " Required to escalate."),
    FieldSpec(name="response", kind=FieldType.RECORD, record=RESPONSE,
              help="The admin's response, once there is one."),
))

TICKET = RecordSpec(name="ticket", code_kind="ticket", fields=(
    FieldSpec(name="title", kind=FieldType.TEXT, required=True,
              help="The ticket's title, as in TDX."),
    FieldSpec(name="opened", kind=FieldType.DATETIME, required=True,
              help="When the ticket was opened."),
    FieldSpec(name="classification", kind=FieldType.CHOICE, choices=Classification,
              required=True,
              help="Something broken (incident) or a standard ask (service-request)."),
    FieldSpec(name="priority", kind=FieldType.CHOICE, choices=Priority, required=True,
              help="The ticket's priority."),
    FieldSpec(name="tier", kind=FieldType.CHOICE, choices=Tier, required=True,
              help="Handle (SC alone), collaborate (an admin's input) or escalate"
                   " (ownership handed over); the tier of the last engagement."),
    FieldSpec(name="status", kind=FieldType.CHOICE, choices=Status, required=True,
              help="The ticket's state, as in TDX."),
    FieldSpec(name="resolved", kind=FieldType.DATETIME,
              help="When the ticket was resolved; required when resolved or closed."),
    FieldSpec(name="service", kind=FieldType.SERVICE,
              help="The service concerned, as the admins' purviews name it."),
    FieldSpec(name="requestor", kind=FieldType.TEXT, help="Who asked."),
    FieldSpec(name="department", kind=FieldType.TEXT, help="The requestor's department."),
    FieldSpec(name="channel", kind=FieldType.CHOICE, choices=Channel,
              default=Channel.TDX.value, help="Where the request arrived."),
    FieldSpec(name="agent", kind=FieldType.TEXT, help="The SC agent working the ticket."),
    FieldSpec(name="checklist", kind=FieldType.CHECKLIST, in_skeleton=True,
              help="The pre-escalation checklist: each item id of the settings, true when"
                   " done. Escalating needs every item."),
    FieldSpec(name="escalations", kind=FieldType.RECORDS, record=ENGAGEMENT,
              in_skeleton=True,
              help="Every engagement of an admin, oldest first; never rewritten."),
    FieldSpec(name="tags", kind=FieldType.TEXT_LIST, in_skeleton=True,
              help="Free labels."),
))

PURVIEW = RecordSpec(name="purview", code_kind="admin", shape="a mapping with service, scope,"
                     " declared and source", fields=(
    FieldSpec(name="service", kind=FieldType.SERVICE, required=True,
              help="The service declared, as tickets name it."),
    FieldSpec(name="scope", kind=FieldType.TEXT, required=True,
              help="What the admin owns of the service."),
    FieldSpec(name="excludes", kind=FieldType.TEXT,
              help="What the admin does not own of it."),
    FieldSpec(name="sc_process", kind=FieldType.TEXT,
              help="What SC may do itself before engaging the admin."),
    FieldSpec(name="declared", kind=FieldType.DATE, required=True,
              help="When the admin declared it."),
    FieldSpec(name="source", kind=FieldType.TEXT, required=True, attribute="source_note",
              help="Where the declaration was made (a meeting, a pull request)."),
))

ADMIN = RecordSpec(name="admin", code_kind="admin", fields=(
    FieldSpec(name="name", kind=FieldType.TEXT, required=True, help="The admin's name."),
    FieldSpec(name="email", kind=FieldType.TEXT, help="Their e-mail address."),
    FieldSpec(name="github", kind=FieldType.TEXT,
              help="Their GitHub user name: they review changes to their own file."),
    FieldSpec(name="team", kind=FieldType.TEXT, help="Their team."),
    FieldSpec(name="active", kind=FieldType.BOOLEAN, default=True,
              help="False for an admin who left or changed role; their purview is then a"
                   " gap."),
    FieldSpec(name="response_window_hours", kind=FieldType.NUMBER,
              minimum=RESPONSE_WINDOW_MINIMUM, maximum=RESPONSE_WINDOW_MAXIMUM,
              help="Business hours within which they respond, for a priority that neither"
                   " their response_windows nor the settings' response_windows set."),
    FieldSpec(name="response_windows", kind=FieldType.WINDOWS,
              minimum=RESPONSE_WINDOW_MINIMUM, maximum=RESPONSE_WINDOW_MAXIMUM,
              help="Their window per ticket priority (low, medium, high, critical): hours,"
                   " or {hours, calendar} with calendar business (the default) or always"
                   " (round the clock); it comes before every other window."),
    FieldSpec(name="purview", kind=FieldType.RECORDS, record=PURVIEW, in_skeleton=True,
              help="The services they declare as theirs."),
))

BUSINESS_DAY_MINIMUM = 1.0
"""The shortest business day, in hours (with :data:`RESPONSE_WINDOW_MAXIMUM`, it bounds
how far ahead a deadline can fall)."""
HOLIDAYS_MAXIMUM = 1000
"""The most holidays the settings may list: eighty years of a dozen a year."""
CHECKLIST_MAXIMUM = 50
"""The most pre-escalation checklist items: every ticket page and form lists them all."""
SETTING_TEXT_MAXIMUM = 300
"""The most characters of a text setting (the banner is on every page)."""

SETTINGS = RecordSpec(name="settings", code_kind="settings", fields=(
    FieldSpec(name="timezone", kind=FieldType.TIMEZONE, default="UTC",
              help="The timezone of every record's dates and of the business hours."),
    FieldSpec(name="business_days", kind=FieldType.WEEKDAYS, default="mon-fri",
              help="The days the SC and the admins work."),
    FieldSpec(name="business_hours", kind=FieldType.HOURS, default="09:00-17:00",
              minimum=BUSINESS_DAY_MINIMUM,
              help="The working hours of each business day."),
    FieldSpec(name="holidays", kind=FieldType.DATES, max_items=HOLIDAYS_MAXIMUM,
              help="Whole days off: no business hours."),
    FieldSpec(name="response_window_hours", kind=FieldType.NUMBER, default=16.0,
              minimum=0.0, maximum=RESPONSE_WINDOW_MAXIMUM,
              help="Business hours within which an engaged admin is expected to respond,"
                   " when no response_windows entry and no window of their own applies."),
    FieldSpec(name="response_windows", kind=FieldType.WINDOWS,
              minimum=0.0, maximum=RESPONSE_WINDOW_MAXIMUM,
              help="The window per ticket priority (low, medium, high, critical): hours, or"
                   " {hours, calendar} with calendar business (the default) or always"
                   " (round the clock); an admin's own response_windows entry comes first,"
                   " then this, then the response_window_hours."),
    FieldSpec(name="due_soon_hours", kind=FieldType.NUMBER, default=4.0,
              minimum=0.0, maximum=RESPONSE_WINDOW_MAXIMUM,
              help="An engagement with no response whose deadline is at most this many hours"
                   " away (on its window's calendar) is due soon."),
    FieldSpec(name="audience", kind=FieldType.CHOICE, choices=Audience,
              default=Audience.INTERNAL.value,
              help="Who a build is for by default: the SC (internal) or the admins (shared)."),
    FieldSpec(name="checklist", kind=FieldType.CHECKLIST_ITEMS, max_items=CHECKLIST_MAXIMUM,
              help="The pre-escalation checklist; six standard items by default."),
    FieldSpec(name="banner", kind=FieldType.TEXT, max_length=SETTING_TEXT_MAXIMUM,
              help="The confidentiality banner on every page."),
    FieldSpec(name="sc_lead_team", kind=FieldType.TEXT, max_length=SETTING_TEXT_MAXIMUM,
              help="The GitHub team of the SC lead: owner of everything but the admins'"
                   " files."),
    FieldSpec(name="internal_dir", kind=FieldType.FOLDER, max_length=SETTING_TEXT_MAXIMUM,
              help="The internal source: pages, entries and page additions that only"
                   " internal builds read, kept out of the records repository."),
    FieldSpec(name="tdx_ticket_url", kind=FieldType.URL_TEMPLATE,
              max_length=SETTING_TEXT_MAXIMUM,
              help="The address of a ticket in TDX, with {id} where the ticket ID goes;"
                   " when set, every ticket on the site links to it."),
))
"""``extra.escalation`` in ``mkdocs.yml``: every setting optional."""

SCENARIO = RecordSpec(name="scenario", code_kind="scenario", fields=(
    FieldSpec(name="scenario", kind=FieldType.TEXT, required=True,
              help="The situation, in one line, as an agent would describe it."),
    FieldSpec(name="language", kind=FieldType.TEXT, required=True,
              help="The suggested words, as they would actually be said."),
    FieldSpec(name="principle", kind=FieldType.TEXT, required=True,
              help="The key principle the scenario applies."),
    FieldSpec(name="itil", kind=FieldType.ITIL_REFS, required=True, items="ITIL entry slugs",
              help="Slugs of the ITIL entries the scenario cites, in the order written."),
    FieldSpec(name="tier", kind=FieldType.CHOICE, choices=ScenarioTier, required=True,
              help="The tier the scenario belongs to."),
    FieldSpec(name="audience", kind=FieldType.CHOICE, choices=Audience,
              default=Audience.SHARED.value,
              help="internal keeps the scenario out of the shared build entirely."),
))
"""A scenario entry of the knowledge base: ``docs/reference/scenarios/<slug>.md``."""

ITIL = RecordSpec(name="itil", code_kind="itil", fields=(
    FieldSpec(name="practice", kind=FieldType.TEXT, required=True,
              help="The practice's display name."),
    FieldSpec(name="relevance", kind=FieldType.TEXT, required=True,
              help="How the practice relates to the initiative, in a sentence or two."),
    FieldSpec(name="key_points", kind=FieldType.TEXT_ITEMS, required=True,
              items="short statements", help="What the practice asks of the SC and the admins."),
    FieldSpec(name="audience", kind=FieldType.CHOICE, choices=Audience,
              default=Audience.SHARED.value,
              help="internal keeps the entry out of the shared build entirely."),
))
"""An ITIL entry of the knowledge base: ``docs/reference/itil/<slug>.md``."""

RECORD_KINDS = (TICKET, ENGAGEMENT, RESPONSE, ADMIN, PURVIEW)
"""Every record kind, in the order the documentation lists them."""
KNOWLEDGE_KINDS = (SCENARIO, ITIL)
"""The kinds of knowledge-base entry."""


def _field_json(spec: FieldSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"name": spec.name, "type": spec.kind.value, "help": spec.help,
                           "required": spec.required}
    if spec.required_when is not None:
        out["required_when"] = {"field": spec.required_when[0], "value": spec.required_when[1]}
    if spec.choices is not None:
        out["choices"] = [member.value for member in spec.choices]
    if spec.default is not None:
        out["default"] = spec.default
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.maximum is not None:
        out["maximum"] = spec.maximum
    if spec.record is not None:
        out["record"] = spec.record.name
    if spec.in_skeleton:
        out["in_skeleton"] = True
    return out


def schema_json() -> dict[str, Any]:
    """The specs as JSON, for the browser forms: kinds, fields in order, patterns, bounds."""
    return {
        "kinds": {kind.name: [_field_json(f) for f in kind.fields] for kind in RECORD_KINDS},
        "patterns": {
            "ticket_id": TICKET_ID.pattern,
            "admin_slug": ADMIN_SLUG.pattern,
            "service": SERVICE_SLUG.pattern,
        },
        "largest_number": LARGEST_NUMBER,
    }
