"""Every problem code in the catalogue, triggered by a file, with its exact message and line.

One case per code: a mini project whose only problem of that code is the expected text
line (``path:line: severity: message [code]``), MkDocs' ``expect_error`` style. A test
asserts that the cases cover the catalogue exactly, so a new code without a case fails.
The catalogue page of the docs is asserted to equal :func:`catalogue_markdown`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from os_faults import deny

from generator.check.project import check_project
from generator.read.project import load_project
from generator.read.settings import ConfigError, load_settings
from generator.render.catalogue import catalogue_markdown, fields_markdown
from generator.schema.problems import CATALOGUE, FOUNDATION_KINDS, Problem, Severity

if TYPE_CHECKING:
    from conftest import ProjectFactory

# Only the kinds the foundation owns (file, settings, ticket, admin, purview) must have
# a case here: other modules add kinds of their own (codeowners.*, scenario.*, ...) with
# the same catalogue and test those codes next to their own loaders.
OWNED = tuple(f"{kind}." for kind in FOUNDATION_KINDS)

ADMIN = """\
---
name: Dana Okafor
purview:
  - service: file-shares
    scope: Department file shares
    declared: 2026-10-01
    source: PR 1
---
Dana looks after the file shares.
"""

HANDLED = """\
---
title: Cannot map the department share
opened: 2026-11-16T09:30
classification: incident
priority: medium
tier: handle
status: open
service: file-shares
---
Notes.
"""

ESCALATED = """\
---
title: Share permissions need an admin
opened: 2026-11-16T09:30
classification: incident
priority: high
tier: escalate
status: resolved
resolved: 2026-11-17T10:00
service: file-shares
checklist:
  issue-verified: true
  kb-searched: true
  troubleshooting-done: true
  evidence-attached: true
  outside-sc-scope: true
  owner-identified: true
escalations:
  - admin: dana-okafor
    tier: escalate
    at: 2026-11-16T10:00
    tag: esc-files
    reason: Needs admin rights
    message: What can SC do next time?
    response:
      at: 2026-11-16T11:00
      outcome: answered
      process: Use the share console.
---
Notes.
"""

T = "tickets/2026/48213.md"
CHICAGO = "site_name: Test\nextra:\n  escalation:\n    timezone: America/Chicago\n"
"""A timezone with daylight saving time: 2026-03-08 skips 02:00-03:00, 2026-11-01 repeats
01:00-02:00."""
A = "admins/dana-okafor.md"


def edit(text: str, old: str, new: str) -> str:
    """``text`` with the one occurrence of ``old`` replaced (fails loudly if absent)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


@dataclass(frozen=True)
class Case:
    """A mini project that triggers ``code`` exactly once, as ``expected``."""

    code: str
    expected: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    config: str = "site_name: Test\n"
    setup: Callable[[Path, pytest.MonkeyPatch], None] | None = None


def _unreadable(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deny(monkeypatch, "open", root / T)


def _unlistable(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "tickets/2025").mkdir()
    deny(monkeypatch, "scandir", root / "tickets/2025")


def _config_is_a_folder(root: Path) -> None:
    (root / "mkdocs.yml").unlink()
    (root / "mkdocs.yml").mkdir()


ESCALATION_SETTINGS = "site_name: Test\nextra:\n  escalation:\n"

CASES = [
    # --- files: reading and parsing -------------------------------------------------
    Case(
        "file.too-large",
        f"{T}:1: error: file is 1048577 bytes; the limit is 1 MiB [file.too-large]",
        {T: HANDLED + "x" * (1024 * 1024 + 1 - len(HANDLED))},
    ),
    Case(
        "file.unreadable",
        f"{T}:1: error: cannot read file: Permission denied [file.unreadable]",
        {T: HANDLED},
        setup=_unreadable,
    ),
    Case(
        "file.folder-unreadable",
        "tickets/2025:1: error: cannot list the folder: Permission denied; no record in it is"
        " read [file.folder-unreadable]",
        {T: HANDLED},
        setup=_unlistable,
    ),
    Case(
        "file.broken-link",
        "tickets/2026/48214.md:1: error: the link points to 'gone.md', which does not exist;"
        " nothing is read through it [file.broken-link]",
        {T: HANDLED},
        setup=lambda root, _: (root / "tickets/2026/48214.md").symlink_to("gone.md"),
    ),
    Case(
        "file.link-outside",
        "tickets/2026/48214.md:1: error: the link leads to '/dev/null', outside the project;"
        " records must be in the repository, so copy the file in instead; nothing is read"
        " through it [file.link-outside]",
        {T: HANDLED},
        setup=lambda root, _: (root / "tickets/2026/48214.md").symlink_to("/dev/null"),
    ),
    Case(
        "file.wrong-extension",
        "tickets/2026/48214.MD:1: error: the file name ends in '.MD'; a record's ends in '.md'"
        " (lower case), so this file is not read [file.wrong-extension]",
        {T: HANDLED, "tickets/2026/48214.MD": HANDLED},
    ),
    Case(
        "file.not-a-record",
        "tickets/2026/48214.txt:1: warning: not a record: a record's file name ends in '.md';"
        " it is not read [file.not-a-record]",
        {T: HANDLED, "tickets/2026/48214.txt": HANDLED},
    ),
    Case(
        "file.not-utf8",
        f"{T}:3: error: byte 48 is not valid UTF-8 text [file.not-utf8]",
        {T: HANDLED.encode().replace(b"# ", b"").replace(
            b"title: Cannot map the department share\n",
            b"title: Cannot map the department share\n# caf\xe9 (Latin-1)\n",
        )},
    ),
    Case(
        "file.control-character",
        f"{T}:2: error: control character U+0000 is not allowed in a record"
        " [file.control-character]",
        {T: edit(HANDLED, "map the", "map\x00the")},
    ),
    Case(
        "file.no-front-matter",
        f"{T}:1: error: expected the file to start with a '---' line opening the"
        " front-matter [file.no-front-matter]",
        {T: "# Ticket 48213\n\ntitle: Cannot map the department share\n"},
    ),
    Case(
        "file.unterminated-front-matter",
        f"{T}:1: error: the front-matter opened on line 1 is never closed by a '---' line"
        " [file.unterminated-front-matter]",
        {T: HANDLED.replace("---\nNotes.\n", "Notes.\n")},
    ),
    Case(
        "file.yaml-syntax",
        f"{T}:5: error: YAML syntax: while scanning a simple key on line 4, could not find"
        " expected ':' [file.yaml-syntax]",
        {T: edit(HANDLED, "classification: incident", "classification incident")},
    ),
    Case(
        "file.duplicate-key",
        f"{T}:8: error: key 'tier' appears twice (first on line 6); YAML would silently"
        " keep only the last value [file.duplicate-key]",
        {T: edit(HANDLED, "service: file-shares\n", "tier: collaborate\n")},
    ),
    Case(
        "file.bad-key",
        f"{T}:8: error: expected a field name before ':' but received a list"
        " [file.bad-key]",
        {T: edit(HANDLED, "service: file-shares\n", "[service, team]: file-shares\n")},
    ),
    Case(
        "file.yaml-alias",
        f"{T}:3: error: YAML anchors ('&name') and aliases ('*name') are not allowed in"
        " records [file.yaml-alias]",
        {T: edit(HANDLED, "opened: 2026-11-16T09:30", "opened: &when 2026-11-16T09:30")},
    ),
    Case(
        "file.not-a-mapping",
        f"{T}:2: error: expected the front-matter to be a mapping of 'field: value' lines"
        " [file.not-a-mapping]",
        {T: "---\n- title\n- opened\n---\n"},
    ),
    Case(
        "file.misplaced",
        "admins/former/gideon-marsh.md:1: warning: admin files belong directly in admins/;"
        " this one is not read [file.misplaced]",
        {"admins/former/gideon-marsh.md": ADMIN},
    ),
    # --- tickets: fields ----------------------------------------------------------------
    Case(
        "ticket.bad-id",
        "tickets/2026/ticket 48213.md:1: error: file name: expected a ticket ID of letters,"
        " digits, '.', '_' and '-' (such as '48213.md') but received 'ticket 48213'"
        " [ticket.bad-id]",
        {"tickets/2026/ticket 48213.md": HANDLED},
    ),
    Case(
        "ticket.duplicate-id",
        "tickets/2026/48213.md:1: error: ticket ID '48213' is already used by"
        " tickets/2025/48213.md [ticket.duplicate-id]",
        {"tickets/2025/48213.md": HANDLED, T: HANDLED},
    ),
    Case(
        "ticket.missing-field",
        f"{T}:1: error: field 'priority': required field is missing [ticket.missing-field]",
        {T: edit(HANDLED, "priority: medium\n", "")},
    ),
    Case(
        "ticket.wrong-type",
        f"{T}:9: error: field 'tags': expected a list of text but received 'vpn'"
        " [ticket.wrong-type]",
        {T: edit(HANDLED, "service: file-shares\n", "service: file-shares\ntags: vpn\n")},
    ),
    Case(
        "ticket.invalid-value",
        f"{T}:6: error: field 'tier': expected one of handle, collaborate, escalate but"
        " received 'escalated' (did you mean 'escalate'?) [ticket.invalid-value]",
        {T: edit(HANDLED, "tier: handle", "tier: escalated")},
    ),
    Case(
        "ticket.bad-date",
        f"{T}:3: error: field 'opened': expected a date or datetime such as 2026-11-16 or"
        " 2026-11-16T09:30 but received '16/11/2026 09:30' [ticket.bad-date]",
        {T: edit(HANDLED, "opened: 2026-11-16T09:30", "opened: 16/11/2026 09:30")},
    ),
    Case(
        "ticket.unknown-key",
        f"{T}:8: warning: field 'servce': unknown field (did you mean 'service'?)"
        " [ticket.unknown-key]",
        {T: edit(HANDLED, "service: file-shares", "servce: file-shares")},
    ),
    Case(
        "ticket.unknown-checklist-item",
        f"{T}:13: warning: field 'checklist.kb-search': expected a checklist item id from"
        " the settings (issue-verified, kb-searched, troubleshooting-done,"
        " evidence-attached, outside-sc-scope, owner-identified) but received 'kb-search'"
        " (did you mean 'kb-searched'?) [ticket.unknown-checklist-item]",
        {T: edit(ESCALATED, "  kb-searched: true\n", "  kb-searched: true\n  kb-search: true\n")},
    ),
    Case(
        "ticket.unknown-admin",
        f"{T}:18: error: field 'escalations[0].admin': expected the slug of an admin in"
        " admins/ but received 'dana-okafro' (did you mean 'dana-okafor'?)"
        " [ticket.unknown-admin]",
        {T: edit(ESCALATED, "admin: dana-okafor", "admin: dana-okafro")},
    ),
    # --- tickets: rules between fields ----------------------------------------------------
    Case(
        "ticket.resolved-missing",
        f"{T}:7: error: field 'resolved': required when status is 'resolved'"
        " [ticket.resolved-missing]",
        {T: edit(ESCALATED, "resolved: 2026-11-17T10:00\n", "")},
    ),
    Case(
        "ticket.resolved-before-opened",
        f"{T}:8: error: field 'resolved': expected a time not before opened"
        " (2026-11-16 09:30) but received 2026-11-15 10:00 [ticket.resolved-before-opened]",
        {T: edit(ESCALATED, "resolved: 2026-11-17T10:00", "resolved: 2026-11-15T10:00")},
    ),
    Case(
        "ticket.resolved-while-open",
        f"{T}:8: warning: field 'resolved': set while status is 'in-progress'; remove it or"
        " set the status to resolved or closed [ticket.resolved-while-open]",
        {T: edit(ESCALATED, "status: resolved", "status: in-progress")},
    ),
    Case(
        "ticket.engagement-before-opened",
        f"{T}:20: error: field 'escalations[0].at': expected a time not before opened"
        " (2026-11-16 09:30) but received 2026-11-16 08:00"
        " [ticket.engagement-before-opened]",
        {T: edit(ESCALATED, "    at: 2026-11-16T10:00", "    at: 2026-11-16T08:00")},
    ),
    Case(
        "ticket.response-before-engagement",
        f"{T}:25: error: field 'escalations[0].response.at': expected a time not before the"
        " engagement (2026-11-16 10:00) but received 2026-11-16 09:45"
        " [ticket.response-before-engagement]",
        {T: edit(ESCALATED, "      at: 2026-11-16T11:00", "      at: 2026-11-16T09:45")},
    ),
    Case(
        "ticket.nonexistent-time",
        f"{T}:3: error: field 'opened': '2026-03-08T02:30' does not exist in America/Chicago:"
        " the clocks skip that hour when they spring forward; write the instant meant with"
        " its UTC offset (-06:00 or -05:00) [ticket.nonexistent-time]",
        {T: edit(HANDLED, "opened: 2026-11-16T09:30", "opened: 2026-03-08T02:30")},
        config=CHICAGO,
    ),
    Case(
        "ticket.ambiguous-time",
        f"{T}:3: warning: field 'opened': '2026-11-01T01:30' happens twice in America/Chicago,"
        " where the clocks fall back that night; read as the first time"
        " (2026-11-01T01:30-05:00): write the UTC offset (-05:00 or -06:00) to say which"
        " [ticket.ambiguous-time]",
        {T: edit(HANDLED, "opened: 2026-11-16T09:30", "opened: 2026-11-01T01:30")},
        config=CHICAGO,
    ),
    Case(
        "ticket.redirect-to-self",
        f"{T}:27: error: field 'escalations[0].response.redirect_to': 'dana-okafor' is the"
        " admin who was engaged; name the admin the ticket was sent on to, or record the"
        " response as answered or declined [ticket.redirect-to-self]",
        {T: edit(ESCALATED, "      outcome: answered\n",
                 "      outcome: redirected\n      redirect_to: dana-okafor\n")},
    ),
    Case(
        "report.broken-snapshot",
        "docs/reports/frozen/2026-w47.md:1: error: front-matter lacks as_of, frozen_at,"
        " records_digest, figures [report.broken-snapshot]",
        {"docs/reports/frozen/2026-w47.md": "---\nweek: 2026-W47\n---\n"},
    ),
    Case(
        "ticket.engagements-out-of-order",
        f"{T}:30: error: field 'escalations[1].at': expected a time not before"
        " escalations[0] (2026-11-16 10:00) but received 2026-11-16 09:50; list engagements"
        " oldest first [ticket.engagements-out-of-order]",
        {T: edit(
            ESCALATED,
            "      process: Use the share console.\n",
            "      process: Use the share console.\n"
            "  - admin: dana-okafor\n"
            "    tier: escalate\n"
            "    at: 2026-11-16T09:50\n"
            "    tag: esc-files\n"
            "    reason: Needs admin rights again\n"
            "    message: And this time?\n",
        )},
    ),
    Case(
        "ticket.handle-with-escalations",
        f"{T}:17: error: field 'tier': 'handle' means no admin involvement, but the ticket"
        " lists 1 engagement(s); set tier to collaborate or escalate"
        " [ticket.handle-with-escalations]",
        {T: edit(ESCALATED, "tier: escalate\nstatus", "tier: handle\nstatus")},
    ),
    Case(
        "ticket.tier-mismatch",
        f"{T}:6: error: field 'tier': expected 'escalate' to match the last engagement"
        " (escalations[0]) but received 'collaborate' [ticket.tier-mismatch]",
        {T: edit(ESCALATED, "tier: escalate\nstatus", "tier: collaborate\nstatus")},
    ),
    Case(
        "ticket.checklist-incomplete",
        f"{T}:18: error: field 'escalations[0].tier': 'escalate' needs the pre-escalation"
        " checklist complete, but these items are not ticked: kb-searched (Knowledge base"
        " and similar past tickets searched); evidence-attached (Evidence attached: error"
        " messages, screenshots, times, affected users) [ticket.checklist-incomplete]",
        {T: edit(
            edit(ESCALATED, "  kb-searched: true", "  kb-searched: false"),
            "  evidence-attached: true\n", "",
        )},
    ),
    # --- tickets: ownership ---------------------------------------------------------------
    Case(
        "ticket.gap",
        f"{T}:8: warning: field 'service': 'lab-software' is declared by no active admin;"
        " the ticket is recorded as evidence of an ownership gap [ticket.gap]",
        {T: edit(HANDLED, "service: file-shares", "service: lab-software")},
    ),
    Case(
        "ticket.service-typo",
        f"{T}:8: warning: field 'service': 'file-share' is declared by no admin (did you"
        " mean 'file-shares'?) [ticket.service-typo]",
        {T: edit(HANDLED, "service: file-shares", "service: file-share")},
    ),
    Case(
        "ticket.outside-purview",
        f"{T}:18: warning: field 'escalations[0].admin': 'owen-barrett' does not declare"
        " the service 'file-shares' in their purview [ticket.outside-purview]",
        {
            "admins/owen-barrett.md": edit(ADMIN, "file-shares", "printing"),
            T: edit(ESCALATED, "admin: dana-okafor", "admin: owen-barrett"),
        },
    ),
    Case(
        "ticket.inactive-admin",
        f"{T}:18: warning: field 'escalations[0].admin': 'gideon-marsh' is marked inactive"
        " [ticket.inactive-admin]",
        {
            "admins/gideon-marsh.md": edit(
                edit(ADMIN, "name: Dana Okafor", "name: Gideon Marsh\nactive: false"),
                "file-shares", "printing",
            ),
            T: edit(
                edit(ESCALATED, "admin: dana-okafor", "admin: gideon-marsh"),
                "service: file-shares", "service: printing",
            ),
        },
    ),
    # --- admins -------------------------------------------------------------------------
    Case(
        "admin.bad-slug",
        "admins/Dana_Okafor.md:1: error: file name: expected a slug of lowercase letters,"
        " digits and '-' (such as 'dana-okafor.md') but received 'Dana_Okafor'"
        " [admin.bad-slug]",
        {"admins/Dana_Okafor.md": ADMIN},
    ),
    Case(
        "admin.missing-field",
        f"{A}:4: error: field 'purview[0].source': required field is missing"
        " [admin.missing-field]",
        {A: edit(ADMIN, "    source: PR 1\n", "")},
    ),
    Case(
        "admin.wrong-type",
        f"{A}:3: error: field 'active': expected true or false but received 'yes please'"
        " [admin.wrong-type]",
        {A: edit(ADMIN, "name: Dana Okafor\n", "name: Dana Okafor\nactive: yes please\n")},
    ),
    Case(
        "admin.invalid-value",
        f"{A}:4: error: field 'purview[0].service': expected a service slug of lowercase"
        " letters, digits and '-' (such as 'file-shares') but received 'File Shares'"
        " [admin.invalid-value]",
        {A: edit(ADMIN, "service: file-shares", "service: File Shares")},
    ),
    Case(
        "admin.bad-date",
        f"{A}:6: error: field 'purview[0].declared': expected a date such as 2026-11-16 but"
        " received 'last autumn' [admin.bad-date]",
        {A: edit(ADMIN, "declared: 2026-10-01", "declared: last autumn")},
    ),
    Case(
        "admin.unknown-key",
        f"{A}:3: warning: field 'emial': unknown field (did you mean 'email'?)"
        " [admin.unknown-key]",
        {A: edit(ADMIN, "name: Dana Okafor\n", "name: Dana Okafor\nemial: d@example.org\n")},
    ),
    Case(
        "admin.duplicate-service",
        f"{A}:8: error: field 'purview[1].service': 'file-shares' is already declared in"
        " purview[0] [admin.duplicate-service]",
        {A: edit(
            ADMIN,
            "    source: PR 1\n",
            "    source: PR 1\n"
            "  - service: file-shares\n"
            "    scope: Again\n"
            "    declared: 2026-10-02\n"
            "    source: PR 2\n",
        )},
    ),
    Case(
        "purview.overlap",
        "admins/kwame-lindqvist.md:4: warning: field 'purview[0].service': 'file-shares' is"
        f" also declared by 'dana-okafor' ({A}) [purview.overlap]",
        {"admins/kwame-lindqvist.md": edit(ADMIN, "Dana Okafor", "Kwame Lindqvist")},
    ),
    # --- settings -------------------------------------------------------------------------
    Case(
        "settings.missing-file",
        "mkdocs.yml:1: error: cannot read config file 'mkdocs.yml': Is a directory"
        " [settings.missing-file]",
        setup=lambda root, _: _config_is_a_folder(root),
    ),
    Case(
        "settings.yaml-syntax",
        "mkdocs.yml:2: error: YAML syntax: mapping values are not allowed in this context"
        " [settings.yaml-syntax]",
        config="site_name: Test\ntheme: name: material\n",
    ),
    Case(
        "settings.wrong-type",
        "mkdocs.yml:4: error: setting 'holidays': expected a list of dates but received"
        " '2026-12-25' [settings.wrong-type]",
        config=ESCALATION_SETTINGS + "    holidays: '2026-12-25'\n",
    ),
    Case(
        "settings.invalid-value",
        "mkdocs.yml:4: error: setting 'timezone': expected an IANA timezone name such as"
        " 'America/Chicago' but received 'America/Chicgo' (did you mean 'America/Chicago'?)"
        " [settings.invalid-value]",
        config=ESCALATION_SETTINGS + "    timezone: America/Chicgo\n",
    ),
    Case(
        "settings.bad-date",
        "mkdocs.yml:5: error: setting 'holidays[0]': expected a date such as 2026-11-16 but"
        " received 'Christmas' [settings.bad-date]",
        config=ESCALATION_SETTINGS + "    holidays:\n      - Christmas\n",
    ),
    Case(
        "settings.missing-field",
        "mkdocs.yml:5: error: setting 'checklist[0].text': required setting is missing"
        " [settings.missing-field]",
        config=ESCALATION_SETTINGS + "    checklist:\n      - id: reproduced\n",
    ),
    Case(
        "settings.markup",
        "mkdocs.yml:1: error: setting 'site_name': the theme prints it into every page as it"
        " is, so '<' and '>' would be read as markup; write it without them [settings.markup]",
        config="site_name: <b>Records</b>\n",
    ),
    Case(
        "settings.unknown-key",
        "mkdocs.yml:4: warning: setting 'timezon': unknown setting (did you mean"
        " 'timezone'?) [settings.unknown-key]",
        config=ESCALATION_SETTINGS + "    timezon: UTC\n",
    ),
    Case(
        "settings.duplicate-key",
        "mkdocs.yml:5: error: key 'audience' appears twice (first on line 4); YAML would"
        " silently keep only the last value [settings.duplicate-key]",
        config=ESCALATION_SETTINGS + "    audience: internal\n    audience: shared\n",
    ),
    Case(
        "settings.bad-key",
        "mkdocs.yml:4: error: expected a field name before ':' but received a mapping"
        " [settings.bad-key]",
        config=ESCALATION_SETTINGS + "    {audience: shared}: true\n",
    ),
]


def run_case(case: Case, project: ProjectFactory, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The problems of ``case.code`` that ``check`` finds in the case's project, as text."""
    root = project({A: ADMIN, **case.files}, config=case.config)
    if case.setup is not None:
        case.setup(root, monkeypatch)
    monkeypatch.chdir(root)  # the config is named as the user would: mkdocs.yml
    try:
        settings, problems = load_settings(Path("mkdocs.yml"))
        found: list[Problem] = check_project(load_project(settings, problems))
    except ConfigError as exc:
        found = [exc.problem]
    return [p.format_text() for p in found if p.code == case.code]


@pytest.mark.parametrize("case", CASES, ids=[case.code for case in CASES])
def test_code_is_reported_with_exact_message_and_line(
    case: Case, project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_case(case, project, monkeypatch) == [case.expected]


def test_every_catalogue_code_has_a_case() -> None:
    """A new code fails here until a case above triggers it (foreign kinds excluded)."""
    owned = {code for code in CATALOGUE if code.startswith(OWNED)}
    covered = [case.code for case in CASES]
    assert len(covered) == len(set(covered)), "one case per code"
    assert set(covered) == owned


def test_expected_severity_is_the_catalogue_severity() -> None:
    for case in CASES:
        severity = case.expected.split(": ")[1]
        assert severity == CATALOGUE[case.code][0].value, case.code


def test_catalogue_descriptions_are_one_sentence_lines() -> None:
    for code, (severity, text) in CATALOGUE.items():
        assert isinstance(severity, Severity)
        assert text.endswith(".") and "\n" not in text and "|" not in text, code
        assert text[0].isupper(), code


def test_docs_page_is_the_rendered_catalogue() -> None:
    """The docs page cannot drift: its table is :func:`catalogue_markdown` verbatim."""
    page = Path(__file__).parents[2] / "docs" / "guides" / "problem-codes.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Problem codes\n---\n")
    table = catalogue_markdown()
    assert table in text, (
        "docs/guides/problem-codes.md is out of date: paste the output of"
        " `python -c 'from generator.render.catalogue import catalogue_markdown as c; print(c())'`"
    )
    codes, _, fields = text.partition("\n## Record fields\n")
    assert fields_markdown() in fields, "the record-field tables are out of date"
    rows = [line for line in codes.splitlines() if line.startswith("| `")]
    owned = [code for code in CATALOGUE if code.startswith(OWNED)]
    assert [row.split("`")[1] for row in rows] == owned


def test_catalogue_markdown_escapes_pipes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(CATALOGUE, "file.example", (Severity.ERROR, "Either | or."))
    assert "| `file.example` | error | Either \\| or. |\n" in catalogue_markdown()
    assert "file.example" not in catalogue_markdown(["ticket"])
