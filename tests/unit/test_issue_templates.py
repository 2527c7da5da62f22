"""The issue forms in .github/ISSUE_TEMPLATE/ are the ones ``apply-form`` reads and the
site prefills: the same label, field ids (the query parameters), headings and kinds as
their declaration in ``generator/schema/issue_forms.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.schema.issue_forms import FORMS, TEMPLATES_DIR, IssueForm

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.kind)
def test_the_template_declares_the_forms_fields(form: IssueForm) -> None:
    template = yaml.safe_load((REPO / TEMPLATES_DIR / form.template).read_text(encoding="utf-8"))
    assert {"name", "description", "title", "labels", "body"} <= template.keys()
    assert template["labels"] == [form.label]
    fields = [element for element in template["body"] if element["type"] != "markdown"]
    assert [(f["id"], f["attributes"]["label"]) for f in fields] == [
        (f.id, f.label) for f in form.fields]
    for element, field in zip(fields, form.fields, strict=True):
        assert (element["type"] == "textarea") == field.multiline, field.id
        assert element.get("validations", {}).get("required", False) == field.required, field.id


def test_the_respond_dropdown_offers_exactly_the_outcomes() -> None:
    from generator.schema.records import Outcome

    template = yaml.safe_load((REPO / TEMPLATES_DIR / "respond.yml").read_text(encoding="utf-8"))
    (outcome,) = [e for e in template["body"] if e.get("id") == "outcome"]
    assert outcome["type"] == "dropdown"
    assert outcome["attributes"]["options"] == [o.value for o in Outcome]


def test_prefilled_fields_are_text_fields() -> None:
    """GitHub prefills only text fields from the URL: the ones the site fills are inputs."""
    for form in FORMS:
        template = yaml.safe_load(
            (REPO / TEMPLATES_DIR / form.template).read_text(encoding="utf-8"))
        kinds = {e.get("id"): e["type"] for e in template["body"]}
        assert kinds["ticket"] == kinds["admin"] == "input"
    engage = yaml.safe_load((REPO / TEMPLATES_DIR / "engage.yml").read_text(encoding="utf-8"))
    assert {e.get("id"): e["type"] for e in engage["body"]}["tier"] == "input"
