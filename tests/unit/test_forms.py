"""The record forms' pages: what they embed, how it is escaped, where the PR link points.

What the script does with the data is tested in a real browser (tests/e2e/test_forms.py).
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from generator.compute.site import SiteContext, build_context
from generator.read.project import Project, load_project
from generator.read.settings import load_settings
from generator.render.families import FAMILIES
from generator.render.forms import (
    ADMIN_FORM,
    TICKET_FORM,
    RecordForms,
    form_data,
    github_new_file_url,
    render_forms,
    script_json,
)
from generator.schema import fields
from generator.schema.fields import RESPONSE_WINDOW_MINIMUM, FieldSpec, FieldType, RecordSpec
from generator.schema.settings import Audience, Settings
from generator.write.staging import ASSETS, asset_files

if TYPE_CHECKING:
    from conftest import ProjectFactory

REPO = Path(__file__).resolve().parents[2]
RENDER = REPO / "generator" / "render"
HOSTILE = "Eve \u2028 </script><script>alert(1)</script> <!-- &"
CONFIG = """\
site_name: Test
extra:
  escalation:
    timezone: America/Chicago
    checklist:
      - {id: verified, text: "Issue <b>verified</b> & reproduced"}
      - {id: kb, text: Knowledge base searched}
"""
ADMINS = {
    "admins/dana-okafor.md": {
        "name": "Dana Okafor", "email": "dana@example.org", "active": True,
        "purview": [{"service": "file-shares", "scope": "Shares", "declared": "2026-10-01",
                     "source": "PR 1"}],
    },
    "admins/eve-x.md": {"name": HOSTILE, "active": False, "purview": [
        {"service": "printing", "scope": "Printers", "declared": "2026-10-01", "source": "PR 2"},
    ]},
}
TICKET = {
    "title": "Printer jam", "opened": "2026-11-16T09:30", "classification": "incident",
    "priority": "low", "tier": "handle", "status": "open", "service": "printing",
}


def context_of(root: Path) -> tuple[Project, SiteContext]:
    settings, problems = load_settings(root / "mkdocs.yml")
    project = load_project(settings, problems)
    as_of = datetime(2026, 11, 28, 12, tzinfo=settings.timezone)
    return project, build_context(project, as_of=as_of, audience=Audience.INTERNAL)


@pytest.fixture
def loaded(project: ProjectFactory) -> tuple[Project, SiteContext]:
    root = project({**ADMINS, "tickets/2026/48213.md": TICKET}, config=CONFIG)
    return context_of(root)


def embedded(page: str) -> Any:
    """The JSON of the page's ``#ep-form-data`` block."""
    match = re.search(r'<script type="application/json" id="ep-form-data">(.*?)</script>',
                      page, re.DOTALL)
    assert match is not None
    return json.loads(match.group(1))


def front_matter(page: str) -> Any:
    match = re.match(r"---\n(.*?)\n---\n", page, re.DOTALL)
    assert match is not None
    return yaml.safe_load(match.group(1))


# --- GitHub's new-file page ----------------------------------------------------------


@pytest.mark.parametrize(
    ("repo_url", "edit_uri", "expected"),
    [
        ("https://github.com/example-org/records", None,
         "https://github.com/example-org/records/new/main"),
        ("https://github.com/example-org/records/", "edit/trunk/docs/",
         "https://github.com/example-org/records/new/trunk"),
        ("https://www.github.com/example-org/records", "blob/dev/docs/",
         "https://github.com/example-org/records/new/dev"),
        ("https://github.com/example-org/records", "edit/a b/docs/",
         "https://github.com/example-org/records/new/a%20b"),
        (None, None, None),
        ("https://git.example.org/it/records", "edit/main/docs/", None),
        ("https://github.com.evil.example/o/r", None, None),
        ("http://github.com/example-org/records", None, None),
        ("https://github.com/example-org", None, None),
        ("https://github.com/example-org/records/tree/main", None, None),
        ("javascript:alert(1)//github.com/o/r", None, None),
    ],
)
def test_new_file_url_only_for_a_github_repository(
    repo_url: str | None, edit_uri: str | None, expected: str | None
) -> None:
    settings = Settings(root=Path("."), repo_url=repo_url, edit_uri=edit_uri)
    assert github_new_file_url(settings) == expected


# --- the embedded data ---------------------------------------------------------------


def test_script_json_cannot_end_the_script_element() -> None:
    data = {"name": HOSTILE, "nested": ["</SCRIPT >", "<!--", "a&b"]}
    text = str(script_json(data))
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text
    assert json.loads(text) == data


def test_form_data_holds_what_the_script_needs(loaded: tuple[Project, SiteContext]) -> None:
    project, ctx = loaded
    data = form_data(project, ctx)
    assert data["schema"] == fields.schema_json()
    assert data["schema"]["patterns"] == {
        "ticket_id": fields.TICKET_ID.pattern,
        "admin_slug": fields.ADMIN_SLUG.pattern,
        "service": fields.SERVICE_SLUG.pattern,
    }
    assert data["checklist"] == [
        {"id": "verified", "text": "Issue <b>verified</b> & reproduced"},
        {"id": "kb", "text": "Knowledge base searched"},
    ]
    assert data["admins"] == [
        {"slug": "dana-okafor", "name": "Dana Okafor", "active": True,
         "services": ["file-shares"]},
        {"slug": "eve-x", "name": HOSTILE, "active": False, "services": ["printing"]},
    ]
    assert data["services"] == {"file-shares": ["dana-okafor"], "printing": ["eve-x"]}
    assert data["gaps"] == ["printing"]
    assert data["existing"] == {"tickets": ["48213"], "admins": ["dana-okafor", "eve-x"]}
    status = next(f for f in data["schema"]["kinds"]["ticket"] if f["name"] == "status")
    assert status["choices"] == ["open", "in-progress", "waiting", "resolved", "closed"]
    assert data["done_statuses"] == ["resolved", "closed"]
    assert data["timezone"] == "America/Chicago"
    assert data["paths"] == {"tickets": "tickets", "admins": "admins"}
    assert data["repo"] == {"url": None, "new_file": None}
    assert "dana@example.org" not in json.dumps(data)  # nothing the forms do not need


def test_patterns_compile_the_same_in_javascript_terms() -> None:
    # Python-only syntax ((?P<…>), \A, \Z, inline flags) would not compile in the browser.
    for pattern in (fields.TICKET_ID, fields.ADMIN_SLUG, fields.SERVICE_SLUG):
        assert re.fullmatch(r"\^[\[\]A-Za-z0-9._\-{},]*\$", pattern.pattern), pattern.pattern


@pytest.mark.parametrize(("hours", "accepted"), [(RESPONSE_WINDOW_MINIMUM, True),
                                                 (RESPONSE_WINDOW_MINIMUM - 0.1, False)])
def test_response_window_minimum_is_the_loaders(
    project: ProjectFactory, hours: float, accepted: bool
) -> None:
    root = project({"admins/dana-okafor.md": {"name": "Dana", "response_window_hours": hours}})
    loaded, _ = context_of(root)
    assert (loaded.problems == ()) is accepted


# --- the pages -----------------------------------------------------------------------


def test_pages_embed_the_data_and_escape_every_name(loaded: tuple[Project, SiteContext]) -> None:
    project, ctx = loaded
    pages = render_forms(project, ctx)
    assert set(pages) == {TICKET_FORM, ADMIN_FORM}
    for page in pages.values():
        assert embedded(page) == form_data(project, ctx)
        assert "<script>alert" not in page
        assert page.count("</script>") == 1
        assert "data-ep-form=" in page
        assert front_matter(page)["search"] == {"exclude": True}
    ticket = pages[TICKET_FORM]
    assert front_matter(ticket)["title"] == "Log New Ticket"
    assert "Issue &lt;b&gt;verified&lt;/b&gt; &amp; reproduced" in ticket
    assert 'id="ep-f-checklist-kb" data-checklist="kb"' in ticket
    assert '<option value="file-shares">Dana Okafor</option>' in ticket
    assert '<option value="printing">Eve \u2028 &lt;/script&gt;&lt;script&gt;' in ticket
    assert 'data-action="pull-request"' not in ticket
    admin = pages[ADMIN_FORM]
    assert front_matter(admin)["title"] == "Add Administrator"
    assert '<option value="printing">no declared owner (a gap)</option>' in admin


def test_pull_request_button_only_with_a_github_repository(project: ProjectFactory) -> None:
    config = CONFIG.replace("site_name: Test\n", "site_name: Test\nrepo_url: "
                            "https://github.com/example-org/records\n")
    root = project(ADMINS, config=config)
    pages = render_forms(*context_of(root))
    for page in pages.values():
        assert page.count('data-action="pull-request"') == 1
        assert embedded(page)["repo"]["new_file"] == (
            "https://github.com/example-org/records/new/main"
        )


def test_family_and_assets_are_registered() -> None:
    assert any(isinstance(family, RecordForms) for family in FAMILIES)
    assert RecordForms().consumes(Settings(root=Path("."))) == frozenset()
    assert {"forms.js", "forms.css"} <= set(ASSETS)
    files = asset_files()
    script = files["assets/escalation/forms.js"].decode("utf-8")
    assert "innerHTML" not in script and "outerHTML" not in script
    assert "insertAdjacentHTML" not in script and "document.write" not in script
    assert not re.search(r"https?://", script)  # no request of its own
    assert "assets/escalation/forms.css" in files


def test_shipped_config_loads_the_assets_and_lists_the_pages() -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "assets/escalation/forms.js" in config["extra_javascript"]
    assert "assets/escalation/forms.css" in config["extra_css"]
    sections = [entry["New"] for entry in config["nav"] if isinstance(entry, dict)
                and "New" in entry]
    assert sections == [[{"Log New Ticket": TICKET_FORM}, {"Add Administrator": ADMIN_FORM}]]


# --- the forms follow the schema -----------------------------------------------------

THROWAWAY = FieldSpec(name="desk", kind=FieldType.TEXT, required=True,
                      help="Where the requestor sits: a field only this test declares.")


class _Priority(enum.StrEnum):
    LOW = "low"
    URGENT = "urgent"


def patch_kind(monkeypatch: pytest.MonkeyPatch, kind: RecordSpec,
               specs: tuple[FieldSpec, ...]) -> None:
    """Let ``kind`` have ``specs`` as its fields, for everything reading the schema."""
    changed = dataclasses.replace(kind, fields=specs)
    monkeypatch.setattr(fields, "RECORD_KINDS", tuple(
        changed if known.name == kind.name else known for known in fields.RECORD_KINDS))


def test_a_field_added_to_the_schema_reaches_the_forms(
    loaded: tuple[Project, SiteContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = list(fields.TICKET.keys)
    place = keys.index("agent") + 1
    patch_kind(monkeypatch, fields.TICKET,
               (*fields.TICKET.fields[:place], THROWAWAY, *fields.TICKET.fields[place:]))
    project, ctx = loaded
    ticket = form_data(project, ctx)["schema"]["kinds"]["ticket"]
    assert [f["name"] for f in ticket] == [*keys[:place], "desk", *keys[place:]]
    assert ticket[place] == {"name": "desk", "type": "text", "help": THROWAWAY.help,
                             "required": True}
    page = render_forms(project, ctx)[TICKET_FORM]
    assert embedded(page)["schema"]["kinds"]["ticket"][place] == ticket[place]


def test_the_pages_controls_follow_the_schema(
    loaded: tuple[Project, SiteContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket, admin = fields.TICKET, fields.ADMIN
    changes: dict[str, dict[str, object]] = {
        "priority": {"choices": _Priority, "help": "How soon: a test's own help."},
        "requestor": {"required": True, "help": "Who asked, as a test says it."},
        "channel": {"default": "phone"},
        "classification": {"help": "Broken or asked for, in a test's words."},
    }
    patch_kind(monkeypatch, ticket, tuple(
        dataclasses.replace(spec, **changes.get(spec.name, {})) for spec in ticket.fields))
    project, ctx = loaded
    page = render_forms(project, ctx)[TICKET_FORM]
    assert '<option value="urgent">urgent</option>' in page
    assert '<option value="medium">' not in page
    assert re.search(r'<label for="ep-f-requestor">Requestor<span class="ep-required"', page)
    assert 'title="Who asked, as a test says it."' in page
    assert 'title="How soon: a test&#39;s own help."' in page
    assert ('<small class="ep-help" id="ep-help-classification">Broken or asked for, in a'
            ' test&#39;s words.</small>') in page
    # The hint is read out with the control, after the reason and the advice.
    assert ('aria-describedby="ep-why-classification ep-note-classification'
            ' ep-help-classification"') in page
    assert '<option value="phone" selected>phone</option>' in page
    assert '<option value="tdx" selected>' not in page

    monkeypatch.undo()
    patch_kind(monkeypatch, admin, tuple(
        dataclasses.replace(spec, minimum=2.0) if spec.name == "response_window_hours"
        else spec for spec in admin.fields))
    assert 'min="2.0" step="any"' in render_forms(project, ctx)[ADMIN_FORM]


def test_form_data_carries_no_rule_but_the_schema(loaded: tuple[Project, SiteContext]) -> None:
    data = form_data(*loaded)
    own = json.dumps({key: value for key, value in data.items() if key != "schema"})
    for kind in fields.RECORD_KINDS:
        for _, spec in kind.walk():
            if spec.choices is not None:
                assert json.dumps([member.value for member in spec.choices]) not in own
    for pattern in data["schema"]["patterns"].values():
        assert json.dumps(pattern) not in own
    assert not {"enums", "patterns", "default_channel", "response_window"} & set(data)


def _script() -> str:
    return (RENDER / "assets" / "forms.js").read_text(encoding="utf-8")


# A JavaScript array of two or more double-quoted strings (valid JSON as it stands).
_STRING_ARRAY = re.compile(r'\[\s*"[^"\n]*"(?:\s*,\s*"[^"\n]*")+\s*\]')


def test_the_script_types_no_field_list_choices_pattern_bound_or_help() -> None:
    script = _script()
    templates = [(RENDER / "templates" / name).read_text(encoding="utf-8")
                 for name in ("new_ticket.md.j2", "new_admin.md.j2")]
    names = {spec.name for kind in fields.RECORD_KINDS for _, spec in kind.walk()}
    arrays = [json.loads(literal) for literal in _STRING_ARRAY.findall(script)]
    assert arrays  # the check looks at something: the YAML words stay a list
    for items in arrays:
        assert len(names & set(items)) < 2, items
    for kind in fields.RECORD_KINDS:
        for _, spec in kind.walk():
            assert spec.help not in script
            assert all(spec.help not in template for template in templates)
            if spec.choices is not None:
                values = {member.value for member in spec.choices}
                assert not any(values <= set(items) for items in arrays), spec.name
    for pattern in (fields.TICKET_ID, fields.ADMIN_SLUG, fields.SERVICE_SLUG):
        assert pattern.pattern not in script
    assert not re.search(r"\b(?:1e9|1000000000|0\.5)\b", script)


def test_the_scripts_layout_says_only_how_schema_fields_are_shown() -> None:
    script = _script()
    start = script.index("  var LAYOUT = {")
    block = re.sub(r'"[^"\n]*"', '""', script[start:script.index("\n  };\n", start)])
    kinds = {kind.name: kind for kind in fields.RECORD_KINDS}
    sections = re.split(r"^    (\w+): \{$", block, flags=re.MULTILINE)[1:]
    assert len(sections) >= 2
    keys: set[str] = set()
    for name, section in zip(sections[::2], sections[1::2], strict=True):
        assert name in kinds
        laid_out = re.findall(r"^      (\w+): \{", section, flags=re.MULTILINE)
        assert set(laid_out) <= set(kinds[name].keys), (name, laid_out)
        keys |= set(laid_out)
    properties = set(re.findall(r"(\w+):", block)) - keys - set(kinds) - {"LAYOUT"}
    assert properties <= {"label", "area", "placeholder", "list", "hint", "blank", "missing",
                          "toggle", "whenRequired", "keep", "unreadable"}, properties
