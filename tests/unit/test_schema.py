"""The schema is the one place a field is declared: everything else follows from it.

A throwaway ticket field, added to the schema only, is read, checked, written by the
skeleton writer, carried by the forms' JSON and documented on the problem-code page.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.check.project import check_project
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.catalogue import fields_markdown
from generator.schema import fields
from generator.schema.fields import (
    KNOWLEDGE_KINDS,
    RECORD_KINDS,
    SETTINGS,
    FieldSpec,
    FieldType,
    RecordSpec,
)
from generator.schema.knowledge import ItilEntry, Scenario
from generator.schema.records import Admin, Engagement, Purview, Response, Ticket
from generator.schema.settings import Settings
from generator.write.skeleton import ticket_skeleton

if TYPE_CHECKING:
    from conftest import ProjectFactory

LOCATION = FieldSpec(name="location", kind=FieldType.TEXT,
                     help="Where the requestor sits (a throwaway field of this test).")


@pytest.fixture
def with_location(monkeypatch: pytest.MonkeyPatch) -> RecordSpec:
    """The ticket spec with ``location`` after ``agent``, bound wherever the package uses it."""
    original = fields.TICKET
    at = original.keys.index("agent") + 1
    extended = dataclasses.replace(
        original, fields=(*original.fields[:at], LOCATION, *original.fields[at:]))
    original_kinds = fields.RECORD_KINDS
    kinds = tuple(extended if kind is original else kind for kind in original_kinds)
    for module in list(sys.modules.values()):
        if not (getattr(module, "__name__", "") or "").startswith("generator"):
            continue
        if getattr(module, "TICKET", None) is original:
            monkeypatch.setattr(module, "TICKET", extended)
        if getattr(module, "RECORD_KINDS", None) is original_kinds:
            monkeypatch.setattr(module, "RECORD_KINDS", kinds)
    return extended


def _with_location(ticket: str, location: str) -> str:
    """``ticket`` with ``location: <location>`` on line 8, after its status."""
    return ticket.replace("status: open\n", f"status: open\nlocation: {location}\n")


def _problems(project: ProjectFactory, ticket: str, location: str) -> list[str]:
    root = project({"tickets/2026/48213.md": _with_location(ticket, location)})
    settings, found = load_settings(root / "mkdocs.yml")
    return [p.format_text() for p in check_project(load_project(settings, found))]


def test_without_the_field_it_is_an_unknown_key(
    project: ProjectFactory, handle_ticket: str
) -> None:
    assert _problems(project, handle_ticket, "Room 210") == [
        "tickets/2026/48213.md:8: warning: field 'location': unknown field (did you mean"
        " 'classification'?) [ticket.unknown-key]"
    ]


@pytest.mark.usefixtures("with_location")
def test_a_new_field_is_loaded_and_checked(project: ProjectFactory, handle_ticket: str) -> None:
    root = project({"tickets/2026/48213.md": _with_location(handle_ticket, "Room 210")})
    settings, found = load_settings(root / "mkdocs.yml")
    loaded = load_project(settings, found)
    assert check_project(loaded) == []
    (ticket,) = loaded.tickets
    assert ticket.extra == {"location": "Room 210"}


@pytest.mark.usefixtures("with_location")
def test_a_new_field_has_the_rules_of_its_type(project: ProjectFactory, handle_ticket: str) -> None:
    assert _problems(project, handle_ticket, "42") == [
        "tickets/2026/48213.md:8: error: field 'location': expected text but received"
        " the number 42 [ticket.wrong-type]"
    ]


@pytest.mark.usefixtures("with_location")
def test_a_new_field_is_written_in_its_declared_place(tmp_path: Path) -> None:
    settings, _ = load_settings(Path(__file__).parents[2] / "mkdocs.yml")
    text = ticket_skeleton({"title": "Printer jam", "agent": "Lena", "location": "Room 210",
                            "tier": "handle"}, settings)
    assert "agent: Lena\nlocation: Room 210\nchecklist:\n" in text


def test_a_new_field_reaches_the_forms_and_the_catalogue(with_location: RecordSpec) -> None:
    ticket = fields.schema_json()["kinds"]["ticket"]
    names = [field["name"] for field in ticket]
    assert names[names.index("agent") + 1] == "location"
    assert ticket[names.index("location")] == {
        "name": "location", "type": "text", "required": False,
        "help": "Where the requestor sits (a throwaway field of this test).",
    }
    assert ("| `location` | text | no | Where the requestor sits (a throwaway field of this"
            " test). |") in fields_markdown()


@pytest.mark.parametrize("kind", [*RECORD_KINDS, *KNOWLEDGE_KINDS],
                         ids=[k.name for k in [*RECORD_KINDS, *KNOWLEDGE_KINDS]])
def test_every_shipped_field_is_an_attribute_of_its_record(kind: RecordSpec) -> None:
    """Shipped fields are typed attributes, and every attribute is a declared field."""
    model = {"ticket": Ticket, "engagement": Engagement, "response": Response,
             "admin": Admin, "purview": Purview, "scenario": Scenario,
             "itil": ItilEntry}[kind.name]
    attributes = {f.name for f in dataclasses.fields(model)}
    not_fields = {"id", "slug", "source", "body", "body_line", "index", "extra"}
    assert {spec.target for spec in kind.fields} == attributes - not_fields


def test_the_settings_spec_states_the_defaults_the_settings_have(tmp_path: Path) -> None:
    defaults = Settings(root=tmp_path)
    spec = {field.name: field.default for field in SETTINGS.fields}
    assert spec["timezone"] == defaults.timezone.key
    assert spec["response_window_hours"] == defaults.response_window_hours
    assert spec["audience"] == defaults.audience.value
    assert spec["business_hours"] == (f"{defaults.business_start:%H:%M}-"
                                      f"{defaults.business_end:%H:%M}")
    assert defaults.business_days == frozenset(range(5)) and spec["business_days"] == "mon-fri"
    settable = set(SETTINGS.keys) - {"business_hours"}
    attributes = {f.name for f in dataclasses.fields(Settings)}
    assert settable <= attributes and {"business_start", "business_end"} <= attributes
