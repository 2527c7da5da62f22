"""The record forms in a real browser: "Log New Ticket" and "Add Administrator".

The shipped example project (the repository's own ``mkdocs.yml``, ``admins/``,
``tickets/`` and ``docs/``) is copied, given one admin with a hostile name, built, and
served on 127.0.0.1. Chromium fills the forms; the text of the preview is written to the
path the page shows in a fresh copy of the project, and ``escalation check`` must accept
it without a single problem. Every request must stay on the local server.

The browser comes from ``tests/e2e/conftest.py`` (``browser``: fails, never skips,
without /usr/bin/chromium); the sites, servers and pages are this module's own, because
the forms are tested against the shipped configuration.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from site_build import copy_example_project as copy_shipped_project

from generator.cli.main import main
from generator.read.frontmatter import parse_record_text
from generator.render.forms import script_json

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-28T12:00"
HOSTILE_NAME = "Mallory </script><script>alert(1)</script> <img src=x onerror=alert(2)>"
HOSTILE_ADMIN = f"""---
name: {json.dumps(HOSTILE_NAME)}
active: true
purview: []
---
An admin whose name is markup, to show that the forms render it as text.
"""
GITHUB_REPO = "https://github.com/example-org/escalation-records"
XSS_TITLE = "<img src=x onerror=alert(1)>"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class FormSite:
    """A built copy of the example project, served on 127.0.0.1."""

    url: str
    origin: str


def serve_built_project(root: Path, config_extra: str = "") -> Iterator[FormSite]:
    """Copy, build and serve the example project (``config_extra`` appended to mkdocs.yml)."""
    project = copy_shipped_project(root / "project")
    (project / "admins" / "mallory-x.md").write_text(HOSTILE_ADMIN, encoding="utf-8")
    if config_extra:
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write(config_extra)
    site = root / "site"
    status = main(["build", "-f", str(project / "mkdocs.yml"), "--as-of", AS_OF,
                   "--site-dir", str(site)])
    assert status == 0, "escalation build failed"
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="forms-server", daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield FormSite(url=origin + "/", origin=origin)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def forms_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FormSite]:
    """The example project as shipped (no ``repo_url``), built and served."""
    yield from serve_built_project(tmp_path_factory.mktemp("forms"))


@pytest.fixture(scope="module")
def github_forms_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FormSite]:
    """The example project with a GitHub ``repo_url`` and a ``trunk`` branch."""
    extra = f"repo_url: {GITHUB_REPO}\nedit_uri: edit/trunk/docs/\n"
    yield from serve_built_project(tmp_path_factory.mktemp("forms-github"), extra)


@dataclass
class FormTab:
    """A browser tab on a form site, with every request, dialog and script error."""

    page: Any
    site: FormSite
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        """Load a page of the site and wait for the form to be ready."""
        self.page.goto(self.site.url + path)
        self.page.wait_for_selector("[data-ep-ready]")

    def output(self) -> tuple[str, str]:
        """The file path shown and the text of the preview."""
        path = self.page.locator(".ep-path").text_content()
        text = self.page.locator(".ep-preview").text_content()
        assert path is not None and text is not None
        return path, text

    def why(self, field_key: str) -> str:
        """The reason shown next to a field (``title``, ``escalations.0.at``)."""
        return str(self.page.locator(f'[data-field="{field_key}"] > .ep-why').text_content())

    def note(self, field_key: str) -> str:
        """The advice (not blocking) shown next to a field."""
        return str(self.page.locator(f'[data-field="{field_key}"] > .ep-note').text_content())

    def buttons_disabled(self) -> dict[str, bool]:
        """Whether copy and download are disabled."""
        return {
            action: self.page.locator(f"button[data-action={action}]").is_disabled()
            for action in ("copy", "download")
        }

    def assert_clean(self) -> None:
        """No request left the local server, no dialog opened, no script failed."""
        local = (self.site.origin + "/", "data:", "blob:")
        assert [url for url in self.requests if not url.startswith(local)] == []
        assert self.outside == []
        assert self.dialogs == []
        assert self.errors == []


def open_tab(browser: Any, site: FormSite) -> Iterator[FormTab]:
    """A fresh context on ``site``: requests elsewhere are recorded and refused."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    tab = FormTab(page, site)

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith((site.origin + "/", "data:", "blob:")):
            route.continue_()
        else:
            tab.outside.append(url)
            route.abort()

    context.route("**/*", guard)
    context.on("request", lambda request: tab.requests.append(request.url))

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def form_tab(browser: Any, forms_site: FormSite) -> Iterator[FormTab]:
    """A tab on the example site as shipped."""
    yield from open_tab(browser, forms_site)


@pytest.fixture
def github_tab(browser: Any, github_forms_site: FormSite) -> Iterator[FormTab]:
    """A tab on the example site with a GitHub repository."""
    yield from open_tab(browser, github_forms_site)


def check_record(tmp_path: Path, path: str, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Write ``text`` at ``path`` in a fresh project copy: check must find nothing in it."""
    project = copy_shipped_project(tmp_path / "check")
    target = project / path
    assert not target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    config = str(project / "mkdocs.yml")
    capsys.readouterr()
    assert main(["check", "-f", config]) == 0, capsys.readouterr()
    capsys.readouterr()
    assert main(["check", "-f", config, "--format", "json", str(target)]) == 0
    assert json.loads(capsys.readouterr().out) == []


# --- Log New Ticket ------------------------------------------------------------------

TITLE = '- "VPN": drops every 5 min # café ☕ ok?'
REASON = "Needs the firewall logs:\nSC has no access to them"
MESSAGE = 'What can SC check next time before escalating? "Quotes" and \\ backslash'
NOTES = "Tried:\n\n- reconnecting\n- a new profile\n\n---\n\nStill dropping."


def fill_ticket(tab: FormTab, ticket_id: str = "90001", title: str = TITLE) -> None:
    """A resolved escalate ticket: a collaborate answered, then an escalate."""
    page = tab.page
    page.fill("#ep-f-id", ticket_id)
    page.fill("#ep-f-title", title)
    page.fill("#ep-f-opened", "2026-11-16T09:30")
    page.select_option("#ep-f-classification", "incident")
    page.select_option("#ep-f-priority", "high")
    page.select_option("#ep-f-status", "resolved")
    page.fill("#ep-f-resolved", "2026-11-18T15:00")
    page.fill("#ep-f-service", "vpn")
    page.fill("#ep-f-requestor", "O'Brien: Finance")
    page.fill("#ep-f-department", "Finance")
    page.select_option("#ep-f-channel", "email")
    page.fill("#ep-f-agent", "yes")
    page.select_option("#ep-f-tier", "collaborate")  # adds the first engagement
    first = page.locator(".ep-row").nth(0)
    first.locator('select[data-name="admin"]').select_option("kwame-lindqvist")
    first.locator('input[data-name="at"]').fill("2026-11-16T10:00")
    first.locator('input[data-name="responded"]').check()
    first.locator('input[data-name="response.at"]').fill("2026-11-16T11:15")
    first.locator('select[data-name="response.outcome"]').select_option("answered")
    first.locator('textarea[data-name="response.process"]').fill("Collect the client log.")
    page.click("[data-action=add-engagement]")
    second = page.locator(".ep-row").nth(1)
    second.locator('select[data-name="admin"]').select_option("kwame-lindqvist")
    second.locator('select[data-name="tier"]').select_option("escalate")
    second.locator('input[data-name="at"]').fill("2026-11-17T09:05")
    second.locator('input[data-name="tag"]').fill("vpn-drop")
    second.locator('textarea[data-name="reason"]').fill(REASON)
    second.locator('textarea[data-name="message"]').fill(MESSAGE)
    page.select_option("#ep-f-tier", "escalate")
    for box in page.locator("[data-checklist]").all():
        box.check()
    page.fill("#ep-f-tags", "vpn, remote work, yes")
    page.fill("#ep-f-body", NOTES)


def test_new_ticket_form_output_passes_check(
    form_tab: FormTab, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form_tab.open("new/ticket/")
    fill_ticket(form_tab)
    path, text = form_tab.output()
    assert path == "tickets/2026/90001.md"
    assert form_tab.buttons_disabled() == {"copy": False, "download": False}
    assert "Nothing is refused" in str(form_tab.page.locator(".ep-problems").text_content())
    assert form_tab.note("service") == ""  # vpn is declared by an active admin
    assert f"title: {json.dumps(TITLE, ensure_ascii=False)}\n" in text
    assert "  - admin: kwame-lindqvist\n    tier: escalate\n    at: 2026-11-17T09:05\n" in text
    assert 'agent: "yes"\n' in text
    check_record(tmp_path, path, text, capsys)
    form_tab.assert_clean()


def test_new_ticket_record_reads_back_to_what_was_entered(
    form_tab: FormTab, tmp_path: Path
) -> None:
    form_tab.open("new/ticket/")
    fill_ticket(form_tab)
    path, text = form_tab.output()
    raw, problems = parse_record_text(text.encode("utf-8"), path)
    assert problems == [] and raw is not None
    data = raw.data
    assert data["title"] == TITLE
    assert data["requestor"] == "O'Brien: Finance"
    assert data["agent"] == "yes"
    assert data["tags"] == ["vpn", "remote work", "yes"]
    assert data["escalations"][1]["reason"] == REASON
    assert data["escalations"][1]["message"] == MESSAGE
    assert data["escalations"][0]["response"] == {
        "at": "2026-11-16T11:15", "outcome": "answered", "process": "Collect the client log.",
    }
    assert all(data["checklist"].values()) and len(data["checklist"]) == 6
    assert raw.body.strip() == NOTES
    form_tab.assert_clean()


def test_download_and_copy_give_the_previewed_text(form_tab: FormTab, tmp_path: Path) -> None:
    form_tab.page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                            origin=form_tab.site.origin)
    form_tab.open("new/ticket/")
    fill_ticket(form_tab, ticket_id="90002")
    path, text = form_tab.output()
    with form_tab.page.expect_download() as info:
        form_tab.page.click("button[data-action=download]")
    download = info.value
    assert download.suggested_filename == "90002.md"
    saved = tmp_path / "download.md"
    download.save_as(saved)
    assert saved.read_text(encoding="utf-8") == text
    form_tab.page.click("button[data-action=copy]")
    form_tab.page.wait_for_function(
        "document.querySelector('.ep-status').textContent.startsWith('Copied')")
    assert form_tab.page.evaluate("navigator.clipboard.readText()") == text
    assert path in str(form_tab.page.locator(".ep-status").text_content())
    form_tab.assert_clean()


def test_refused_values_say_why_and_disable_the_buttons(form_tab: FormTab) -> None:
    page = form_tab.page
    form_tab.open("new/ticket/")
    fill_ticket(form_tab)
    assert form_tab.buttons_disabled() == {"copy": False, "download": False}

    page.fill("#ep-f-id", "48 213")
    assert form_tab.why("id") == (
        "Expected a ticket ID of letters, digits, '.', '_' and '-' (at most 64, starting with"
        " a letter or digit, such as 48213) but received '48 213'."
    )
    assert page.get_attribute("#ep-f-id", "aria-invalid") == "true"
    assert form_tab.buttons_disabled() == {"copy": True, "download": True}
    page.fill("#ep-f-id", "48107")
    assert form_tab.why("id") == (
        "Ticket 48107 already exists under tickets/: edit that file instead."
    )
    page.fill("#ep-f-id", "90003")
    assert form_tab.why("id") == ""
    assert form_tab.buttons_disabled() == {"copy": False, "download": False}

    page.fill("#ep-f-resolved", "2026-11-16T09:00")
    assert form_tab.why("resolved") == (
        "Expected a time not before opened (2026-11-16 09:30) but received 2026-11-16 09:00."
    )
    page.fill("#ep-f-resolved", "")
    assert form_tab.why("resolved") == "Required: the status is resolved."
    page.select_option("#ep-f-status", "open")
    assert form_tab.why("resolved") == ""

    page.locator("[data-checklist=kb-searched]").uncheck()
    page.locator("[data-checklist=evidence-attached]").uncheck()
    missing = (
        "'escalate' needs the pre-escalation checklist complete; 2 items are not ticked:\n"
        "☐ Knowledge base and similar past tickets searched (kb-searched)\n"
        "☐ Evidence attached: error messages, screenshots, times, affected users"
        " (evidence-attached)"
    )
    assert form_tab.why("checklist") == missing
    assert form_tab.why("escalations.1.tier") == missing
    assert page.locator(".ep-problems li").first.text_content() == (
        "Pre-escalation checklist: 'escalate' needs the pre-escalation checklist complete;"
        " 2 items are not ticked: Knowledge base and similar past tickets searched"
        " (kb-searched); Evidence attached: error messages, screenshots, times, affected users"
        " (evidence-attached)"
    )
    assert form_tab.buttons_disabled() == {"copy": True, "download": True}
    page.locator("[data-checklist=kb-searched]").check()
    page.locator("[data-checklist=evidence-attached]").check()

    second = page.locator(".ep-row").nth(1)
    second.locator('textarea[data-name="message"]').fill("")
    assert form_tab.why("escalations.1.message") == (
        "Required: an escalate engagement needs a meta-protocol message."
    )
    second.locator('textarea[data-name="message"]').fill(MESSAGE)
    second.locator('input[data-name="at"]').fill("2026-11-16T09:59")
    assert form_tab.why("escalations.1.at") == (
        "Expected a time not before engagement 1 (2026-11-16 10:00) but received"
        " 2026-11-16 09:59; list engagements oldest first."
    )
    second.locator('input[data-name="at"]').fill("2026-11-17T09:05")

    page.select_option("#ep-f-tier", "collaborate")
    assert form_tab.why("tier") == (
        "Expected 'escalate' to match the last engagement (engagement 2) but received"
        " 'collaborate'."
    )
    page.select_option("#ep-f-tier", "handle")
    assert form_tab.why("tier") == (
        "'handle' means no admin involvement, but 2 engagements are listed: choose"
        " collaborate or escalate, or remove them."
    )
    page.select_option("#ep-f-tier", "escalate")
    page.fill("#ep-f-service", "VPN")
    assert form_tab.why("service").startswith("Expected a service slug")
    page.fill("#ep-f-service", "vpnn")
    assert form_tab.why("service") == ""
    assert form_tab.note("service") == "No admin declares 'vpnn' (did you mean 'vpn'?)."
    assert form_tab.buttons_disabled() == {"copy": False, "download": False}

    items = page.locator(".ep-problems li")
    page.fill("#ep-f-title", "")
    assert items.count() == 1
    assert items.first.text_content() == "Title: Required: a short description of the ticket."
    assert form_tab.buttons_disabled() == {"copy": True, "download": True}
    form_tab.assert_clean()


def test_markup_in_a_title_is_shown_as_text(form_tab: FormTab) -> None:
    page = form_tab.page
    form_tab.open("new/ticket/")
    fill_ticket(form_tab, title=XSS_TITLE)
    _, text = form_tab.output()
    assert f'title: "{XSS_TITLE}"\n' in text
    assert page.locator(".ep-preview").evaluate("node => node.children.length") == 0
    assert page.locator("img[src='x']").count() == 0
    # the admin with a hostile name is an option, as text, and broke nothing
    option = page.locator('.ep-row select[data-name="admin"] option[value="mallory-x"]').first
    assert option.text_content() == f"{HOSTILE_NAME} (mallory-x)"
    assert page.locator("script:not([src]):not([type])").evaluate_all(
        "nodes => nodes.filter(n => n.textContent.includes('alert')).length") == 0
    page.wait_for_timeout(200)  # an injected handler would have fired by now
    form_tab.assert_clean()


# --- Add Administrator ---------------------------------------------------------------

ADMIN_NAME = 'Dana O\'Kafor: "DB" team'
SCOPE = "Database servers and their backups.\nIncludes: restores."


def fill_admin(tab: FormTab) -> None:
    """A new admin with two services, one of them a gap."""
    page = tab.page
    page.fill("#ep-f-name", ADMIN_NAME)
    assert page.input_value("#ep-f-slug") == "dana-o-kafor-db-team"  # suggested from the name
    page.fill("#ep-f-slug", "dana-okafor")
    page.fill("#ep-f-email", "dana.okafor@example.org")
    page.fill("#ep-f-github", "@example-org/dba")
    page.fill("#ep-f-team", "Data Platform")
    page.fill("#ep-f-response_window_hours", "12.5")
    page.click("[data-action=add-purview]")
    page.click("[data-action=add-purview]")
    first, second = page.locator(".ep-row").nth(0), page.locator(".ep-row").nth(1)
    first.locator('input[data-name="service"]').fill("databases")
    first.locator('textarea[data-name="scope"]').fill(SCOPE)
    first.locator('textarea[data-name="excludes"]').fill("Application schemas # owned by apps")
    first.locator('textarea[data-name="sc_process"]').fill("Restart the reporting replica.")
    first.locator('input[data-name="declared"]').fill("2026-11-20")
    first.locator('input[data-name="source"]').fill("PR #7")
    second.locator('input[data-name="service"]').fill("lab-software")
    second.locator('textarea[data-name="scope"]').fill("Teaching lab software images.")
    second.locator('input[data-name="declared"]').fill("2026-11-21")
    second.locator('input[data-name="source"]').fill("e-mail of 2026-11-21")
    page.fill("#ep-f-body", "Reach Dana on the ticket.")


def test_new_admin_form_output_passes_check(
    form_tab: FormTab, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form_tab.open("new/admin/")
    fill_admin(form_tab)
    path, text = form_tab.output()
    assert path == "admins/dana-okafor.md"
    assert form_tab.buttons_disabled() == {"copy": False, "download": False}
    assert form_tab.note("purview.1.service") == (
        "No active admin declares 'lab-software' yet: this closes a gap."
    )
    assert text.startswith(
        "---\n"
        f"name: {json.dumps(ADMIN_NAME)}\n"
        "email: \"dana.okafor@example.org\"\n"
        "github: \"@example-org/dba\"\n"
        "team: Data Platform\n"
        "active: true\n"
        "response_window_hours: 12.5\n"
        "purview:\n"
        "  - service: databases\n"
        f"    scope: {json.dumps(SCOPE)}\n"
    )
    check_record(tmp_path, path, text, capsys)
    form_tab.assert_clean()


def test_admin_form_refuses_bad_values(form_tab: FormTab) -> None:
    page = form_tab.page
    form_tab.open("new/admin/")
    fill_admin(form_tab)
    page.fill("#ep-f-slug", "Dana")
    assert form_tab.why("slug") == (
        "Expected a slug of lowercase letters, digits and '-' (at most 64, such as"
        " dana-okafor) but received 'Dana'."
    )
    assert form_tab.buttons_disabled() == {"copy": True, "download": True}
    page.fill("#ep-f-slug", "kwame-lindqvist")
    assert form_tab.why("slug") == (
        "admins/kwame-lindqvist.md already exists: edit that file instead."
    )
    page.fill("#ep-f-slug", "dana-okafor")
    page.fill("#ep-f-response_window_hours", "0.25")
    assert form_tab.why("response_window_hours") == (
        "Expected a number of at least 0.5 but received 0.25."
    )
    page.fill("#ep-f-response_window_hours", "")
    page.locator(".ep-row").nth(1).locator('input[data-name="service"]').fill("databases")
    assert form_tab.why("purview.1.service") == (
        "'databases' is already declared in service 1 of this form."
    )
    page.locator(".ep-row").nth(1).locator("[data-action=remove-row]").click()
    assert page.locator(".ep-row").count() == 1
    assert form_tab.buttons_disabled() == {"copy": False, "download": False}
    form_tab.assert_clean()


# --- Open a pull request -------------------------------------------------------------


def test_pull_request_link_only_for_a_github_repository(form_tab: FormTab) -> None:
    form_tab.open("new/ticket/")
    assert form_tab.page.locator("[data-action=pull-request]").count() == 0
    form_tab.assert_clean()


def test_pull_request_link_prefills_githubs_new_file_page(github_tab: FormTab) -> None:
    page = github_tab.page
    github_tab.open("new/ticket/")
    link = page.locator("a[data-action=pull-request]")
    assert link.get_attribute("href") is None
    assert link.get_attribute("aria-disabled") == "true"
    fill_ticket(github_tab, ticket_id="90004")
    path, text = github_tab.output()
    href = link.get_attribute("href")
    assert href is not None and link.get_attribute("aria-disabled") is None
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{GITHUB_REPO}/new/trunk"
    assert parse_qs(parts.query, keep_blank_values=True) == {"filename": [path], "value": [text]}
    assert link.get_attribute("target") == "_blank"
    # The theme's header asks api.github.com for the repository's stars and forks when
    # repo_url is on GitHub; that request is refused here and is not the form's.
    github_tab.outside[:] = [u for u in github_tab.outside
                             if not u.startswith("https://api.github.com/repos/example-org/")]
    github_tab.requests[:] = [u for u in github_tab.requests
                              if not u.startswith("https://api.github.com/repos/example-org/")]
    github_tab.assert_clean()


# --- a field added to the schema -----------------------------------------------------

FORM_DATA = re.compile(r'<script type="application/json" id="ep-form-data">(.*?)</script>',
                       re.DOTALL)
DESK = {"name": "desk", "type": "text", "required": True,
        "help": "Where the requestor sits: a field only this test declares."}
REF = {"name": "ref", "type": "choice", "required": False, "choices": ["r1", "r2"],
       "help": "A reference only this test declares."}


def serve_with_schema_fields(tab: FormTab, added: dict[str, tuple[str, dict[str, Any]]]) -> None:
    """Serve the form pages with each kind's field added after the field named with it."""

    def rewrite(route: Any) -> None:
        response = route.fetch()
        text = response.text()
        match = FORM_DATA.search(text)
        assert match is not None
        data = json.loads(match.group(1))
        for kind, (after, spec) in added.items():
            specs = data["schema"]["kinds"][kind]
            specs.insert([f["name"] for f in specs].index(after) + 1, spec)
        body = text[:match.start(1)] + str(script_json(data)) + text[match.end(1):]
        route.fulfill(response=response, body=body)

    tab.page.route("**/new/*/", rewrite)


def test_a_field_added_to_the_schema_is_asked_for_and_written_in_its_place(
    form_tab: FormTab,
) -> None:
    page = form_tab.page
    serve_with_schema_fields(form_tab, {"ticket": ("agent", DESK), "engagement": ("tag", REF)})
    form_tab.open("new/ticket/")
    fill_ticket(form_tab)
    assert form_tab.why("desk") == "Required."
    assert form_tab.buttons_disabled() == {"copy": True, "download": True}
    assert page.get_attribute("#ep-f-desk", "title") == DESK["help"]
    page.fill("#ep-f-desk", "Lab 3")
    second = page.locator(".ep-row").nth(1)
    options = second.locator('select[data-name="ref"] option').all_text_contents()
    assert options == ["— choose —", "r1", "r2"]
    second.locator('select[data-name="ref"]').select_option("r2")
    assert form_tab.buttons_disabled() == {"copy": False, "download": False}
    path, text = form_tab.output()
    assert 'agent: "yes"\ndesk: Lab 3\nchecklist:\n' in text
    assert "    tag: vpn-drop\n    ref: r2\n    reason: " in text
    raw, problems = parse_record_text(text.encode("utf-8"), path)
    assert problems == [] and raw is not None
    keys = list(raw.data)
    assert keys[keys.index("agent") + 1] == "desk"
    assert "ref" not in raw.data["escalations"][0]  # left blank: not written
    form_tab.assert_clean()
