"""Knowledge-base entries: every reference problem code with its exact message and line.

One case per code (the ``test_catalogue`` style): a mini project whose only problem of
that code is the expected line ``path:line: severity: message [code]``, found through
:func:`generator.check.tickets.check_project`, the function behind ``escalation check``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.check.knowledge import check_framework
from generator.check.project import check_project
from generator.read.knowledge import load_knowledge_base, read_knowledge
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.framework import business_days_text
from generator.schema.knowledge import ScenarioTier
from generator.schema.problems import CATALOGUE, Problem
from generator.schema.problems import KNOWLEDGE_CODES as CODES
from generator.schema.settings import Audience

if TYPE_CHECKING:
    from conftest import ProjectFactory

REPO = Path(__file__).parents[2]
KINDS = ("scenario.", "itil.", "reference.")
S = "docs/reference/scenarios"
I = "docs/reference/itil"  # noqa: E741

ITIL_OK = """\
---
practice: Service Ownership
relevance: "Every service has an owner who defines how requests for it are handled."
key_points:
  - "Each service has a named owner."
---

An owner also says whose a ticket is.
"""

SECTIONS = """
## Context

An admin pushes back on a ticket.

## Do

- Ask for it in writing.

## Don't

- Don't draft it for them.
"""


def scenario(front: str, body: str = SECTIONS) -> str:
    """A scenario file: the fields of a valid scenario, then ``front`` lines, then ``body``."""
    return (
        "---\n"
        'scenario: "An admin says \\"that\'s not mine\\""\n'
        "language: \"You've said this is \\\"not mine\\\", so let's write it down.\"\n"
        "principle: Make admins responsible for their own purview definition\n"
        "itil: [service-ownership]\n"
        "tier: collaborate\n"
        f"{front}---\n{body}"
    )


def replace(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced once (asserting it was there)."""
    assert old in text
    return text.replace(old, new, 1)


@dataclass(frozen=True)
class Case:
    """A project holding one problem of ``code``: the files added to the valid base."""

    code: str
    expected: str
    files: dict[str, str] = field(default_factory=dict)


BAD_TIER = replace(scenario(""), "tier: collaborate", "tier: colaborate")
NO_LANGUAGE = "\n".join(
    line for line in scenario("").split("\n") if not line.startswith("language:")
)
FRAMEWORK = (
    "---\ntitle: Framework\n---\n\n# Framework\n\n{{ checklist }}\n\n{{ response_window }}\n"
)

CASES = [
    Case(
        "scenario.missing-field",
        f"{S}/no-language.md:1: error: field 'language': required field is missing"
        " [scenario.missing-field]",
        {f"{S}/no-language.md": NO_LANGUAGE},
    ),
    Case(
        "scenario.wrong-type",
        f"{S}/listed.md:4: error: field 'principle': expected text but received a list"
        " [scenario.wrong-type]",
        {f"{S}/listed.md": replace(scenario(""), "principle: Make admins responsible for"
                                   " their own purview definition", "principle: [a, b]")},
    ),
    Case(
        "scenario.invalid-value",
        f"{S}/typo.md:6: error: field 'tier': expected one of handle, collaborate, escalate,"
        " any but received 'colaborate' (did you mean 'collaborate'?) [scenario.invalid-value]",
        {f"{S}/typo.md": BAD_TIER},
    ),
    Case(
        "scenario.unknown-key",
        f"{S}/extra.md:7: warning: field 'principal': unknown field (did you mean"
        " 'principle'?) [scenario.unknown-key]",
        {f"{S}/extra.md": scenario("principal: Say it loud\n")},
    ),
    Case(
        "scenario.bad-slug",
        f"{S}/Not_Mine.md:1: error: file name: expected a slug of lowercase letters, digits"
        " and '-' (such as 'not-mine-no-purview.md') but received 'Not_Mine'"
        " [scenario.bad-slug]",
        {f"{S}/Not_Mine.md": scenario("")},
    ),
    Case(
        "scenario.unknown-itil",
        f"{S}/cites.md:5: error: field 'itil[1]': expected the slug of an ITIL entry in"
        " docs/reference/itil/ but received 'service-ownrship' (did you mean"
        " 'service-ownership'?) [scenario.unknown-itil]",
        {f"{S}/cites.md": replace(scenario(""), "itil: [service-ownership]",
                                  "itil: [service-ownership, service-ownrship]")},
    ),
    Case(
        "scenario.missing-section",
        f"{S}/short.md:8: warning: body: expected the sections '## Context', '## Do',"
        " '## Don't', in this order, but received '## Context', '## Don't'"
        " [scenario.missing-section]",
        {f"{S}/short.md": scenario("", "\n## Context\n\nText.\n\n## Don't\n\n- No.\n")},
    ),
    Case(
        "itil.missing-field",
        f"{I}/no-points.md:1: error: field 'key_points': required field is missing"
        " [itil.missing-field]",
        {f"{I}/no-points.md": "---\npractice: Knowledge Management\nrelevance: Why.\n---\n"},
    ),
    Case(
        "itil.wrong-type",
        f"{I}/one-point.md:4: error: field 'key_points': expected a list of short statements"
        " but received 'Capture in the workflow.' [itil.wrong-type]",
        {f"{I}/one-point.md": "---\npractice: Knowledge Management\nrelevance: Why.\n"
                              "key_points: Capture in the workflow.\n---\n"},
    ),
    Case(
        "itil.unknown-key",
        f"{I}/typo.md:6: warning: field 'keypoints': unknown field (did you mean"
        " 'key_points'?) [itil.unknown-key]",
        {f"{I}/typo.md": replace(ITIL_OK, "---\n\n", "keypoints: [a]\n---\n\n")},
    ),
    Case(
        "itil.invalid-value",
        f"{I}/shout.md:6: error: field 'audience': expected one of internal, shared but"
        " received 'Internal' (did you mean 'internal'?) [itil.invalid-value]",
        {f"{I}/shout.md": replace(ITIL_OK, "---\n\n", "audience: Internal\n---\n\n")},
    ),
    Case(
        "itil.bad-slug",
        f"{I}/OLA.md:1: error: file name: expected a slug of lowercase letters, digits and"
        " '-' (such as 'not-mine-no-purview.md') but received 'OLA' [itil.bad-slug]",
        {f"{I}/OLA.md": ITIL_OK},
    ),
    Case(
        "reference.generated-page",
        f"{S}/index.md:1: error: {S}/index.md is generated from the entries in {S}/;"
        " remove this file [reference.generated-page]",
        {f"{S}/index.md": "# Scenarios\n"},
    ),
    Case(
        "reference.missing-marker",
        "docs/reference/framework.md:1: error: marker '{{ response_window }}' is missing: add"
        " it on a line of its own where the page should show the response window from the"
        " settings [reference.missing-marker]",
        {"docs/reference/framework.md": FRAMEWORK.replace("{{ response_window }}\n", "")},
    ),
    Case(
        "reference.unknown-marker",
        "docs/reference/framework.md:7: error: marker: expected one of '{{ checklist }}',"
        " '{{ response_window }}' but received '{{ checklst }}' (did you mean 'checklist'?)"
        " [reference.unknown-marker]",
        {"docs/reference/framework.md": FRAMEWORK.replace("checklist", "checklst")
         + "\n{{ checklist }}\n"},
    ),
]

BASE = {
    f"{I}/service-ownership.md": ITIL_OK,
    f"{S}/not-mine.md": scenario(""),
    "docs/reference/framework.md": FRAMEWORK,
}


def problems_of(project: ProjectFactory, files: dict[str, str]) -> list[Problem]:
    """What ``escalation check`` reports for the base project plus ``files``."""
    root = project({**BASE, **files})
    settings, found = load_settings(root / "mkdocs.yml")
    return check_project(load_project(settings, found))


@pytest.mark.parametrize("case", CASES, ids=[case.code for case in CASES])
def test_code_is_reported_with_exact_message_and_line(
    case: Case, project: ProjectFactory
) -> None:
    found = [p.format_text() for p in problems_of(project, case.files) if p.code == case.code]
    assert found == [case.expected]


def test_every_reference_code_has_a_case_and_is_in_the_catalogue() -> None:
    covered = [case.code for case in CASES]
    assert len(covered) == len(set(covered)), "one case per code"
    assert set(covered) == set(CODES) == {c for c in CATALOGUE if c.startswith(KINDS)}
    for code, (severity, text) in CODES.items():
        assert CATALOGUE[code] == (severity, text)
        assert text[0].isupper() and text.endswith(".") and "|" not in text, code


def test_valid_base_has_no_problems(project: ProjectFactory) -> None:
    assert problems_of(project, {}) == []


def test_shipped_entries_check_clean() -> None:
    settings, found = load_settings(REPO / "mkdocs.yml")
    assert found == []
    knowledge, problems = read_knowledge(settings)
    assert problems == [] and check_framework(knowledge) == []
    kb, _ = load_knowledge_base(settings)
    assert len(kb.scenarios) >= 12 and len(kb.practices) == 6


def test_empty_itil_list_is_a_missing_field(project: ProjectFactory) -> None:
    files = {f"{S}/none.md": replace(scenario(""), "itil: [service-ownership]", "itil: []")}
    found = [p.format_text() for p in problems_of(project, files)]
    assert found == [
        f"{S}/none.md:5: error: field 'itil': expected a list of one or more ITIL entry"
        " slugs but received an empty list [scenario.missing-field]"
    ]


def test_a_link_to_an_itil_file_with_problems_is_reported_once(
    project: ProjectFactory,
) -> None:
    """The broken ITIL file is reported; scenarios citing it are not reported again."""
    files = {
        f"{I}/broken.md": "---\npractice: Broken\n---\n",
        f"{S}/cites.md": replace(scenario(""), "[service-ownership]", "[broken]"),
    }
    found = problems_of(project, files)
    assert {p.path for p in found} == {f"{I}/broken.md"}
    assert [p.code for p in found] == ["itil.missing-field", "itil.missing-field"]


def test_loaded_entries_are_typed_and_cross_linked(project: ProjectFactory) -> None:
    root = project({
        **BASE,
        f"{I}/knowledge-management.md": replace(ITIL_OK, "Service Ownership", "Knowledge"),
        f"{S}/internal.md": replace(
            scenario("audience: internal\n"), "[service-ownership]",
            "[knowledge-management, service-ownership, knowledge-management]"),
    })
    settings, _ = load_settings(root / "mkdocs.yml")
    kb, problems = load_knowledge_base(settings)
    assert problems == []
    internal = next(s for s in kb.scenarios if s.slug == "internal")
    assert internal.internal and internal.tier is ScenarioTier.COLLABORATE
    assert internal.itil == ("knowledge-management", "service-ownership")
    assert internal.source.path == f"{S}/internal.md" and internal.source.line("tier") == 6
    owner = kb.by_slug["service-ownership"]
    assert owner.key_points == ("Each service has a named owner.",)
    assert [s.slug for s in kb.citing(owner)] == ["internal", "not-mine"]
    shared = kb.for_audience(Audience.SHARED)
    assert [s.slug for s in shared.citing(owner)] == ["not-mine"]
    assert [p.slug for p in kb.cited(internal)] == ["knowledge-management", "service-ownership"]


@pytest.mark.parametrize(
    ("days", "text"),
    [
        ({0, 1, 2, 3, 4}, "Monday to Friday"),
        ({0, 2, 4}, "Monday, Wednesday and Friday"),
        ({0, 1}, "Monday and Tuesday"),
        ({6}, "Sunday"),
        ({1, 2, 3, 5}, "Tuesday, Wednesday, Thursday and Saturday"),
    ],
)
def test_business_days_text(days: set[int], text: str) -> None:
    assert business_days_text(frozenset(days)) == text
