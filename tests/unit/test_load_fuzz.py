"""Arbitrary text and bytes as record files: ``check`` never raises, never drops silently.

Whatever is in a ticket or admin file, loading and validating it returns problems that
are located in that file (a line inside it), carry a catalogue code with its severity
and a one-line message, and a file that yields no record always has an error saying why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from record_strategies import SCALARS, mutated

from generator.check.project import check_project
from generator.read.project import Project, load_project
from generator.read.settings import load_settings
from generator.render.problems import format_problems
from generator.schema.fields import ENGAGEMENT, TICKET
from generator.schema.problems import CATALOGUE, Problem, Severity

T = "tickets/2026/48213.md"
A = "admins/dana-okafor.md"
B = "admins/kai-moreno.md"
CONFIG = "site_name: Fuzz\nextra:\n  escalation:\n    timezone: America/Chicago\n"
ADMIN = (
    "---\nname: Dana Okafor\npurview:\n  - service: file-shares\n    scope: Shares\n"
    "    declared: 2026-10-01\n    source: PR 1\n---\n"
)
VALID_TICKET = """\
---
title: Share permissions need an admin
opened: 2026-11-16T09:30
classification: incident
priority: high
tier: escalate
status: resolved
resolved: 2026-11-17T10:00
service: file-shares
checklist: {issue-verified: true, kb-searched: true, troubleshooting-done: true,
  evidence-attached: true, outside-sc-scope: true, owner-identified: true}
escalations:
  - admin: dana-okafor
    tier: escalate
    at: 2026-11-16T10:00
    tag: esc-files
    reason: Needs admin rights
    message: What can SC do next time?
    response: {at: 2026-11-16T11:00, outcome: redirected, redirect_to: kai-moreno}
tags: [a, b]
---
Notes.
"""

KEYS = [*TICKET.keys, *ENGAGEMENT.keys, "at", "outcome", "redirect_to", "process", "name",
        "purview", "service", "x", "", "?", "- ", "<<", "1", "[a]", "{a: 1}", "'k'", "k k"]


@st.composite
def yamlish(draw: st.DrawFn) -> str:
    """Front-matter-like lines: keys, values, list items, nesting, at random indents."""
    lines = []
    for _ in range(draw(st.integers(0, 25))):
        indent = " " * draw(st.sampled_from([0, 0, 0, 2, 4, 6, 1, 3]))
        dash = draw(st.sampled_from(["", "", "- "]))
        key = draw(st.sampled_from(KEYS))
        value = draw(st.sampled_from(SCALARS) | st.text(max_size=8))
        sep = draw(st.sampled_from([": ", ":", " : ", ": ", "", "\n"]))
        lines.append(f"{indent}{dash}{key}{sep}{value}")
    return "\n".join(lines)




def front_matter(body: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``body`` between front-matter boundaries, often followed by Markdown."""
    return st.builds(lambda fm, md: f"---\n{fm}\n---\n{md}", body, st.text(max_size=20))


CONTENT = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400),
    front_matter(st.text(max_size=300)),
    front_matter(yamlish()),
    mutated(VALID_TICKET),
    mutated(ADMIN),
)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project folder reused by every example (only the fuzzed file changes)."""
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (folder / "tickets" / "2026").mkdir(parents=True)
    (folder / "admins").mkdir()
    return folder


def check_file(root: Path, rel: str, content: str | bytes) -> tuple[Project, list[Problem]]:
    """Write ``content`` to ``rel`` (with a good admin or ticket beside it) and check."""
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    (root / T).write_text(VALID_TICKET, encoding="utf-8")
    (root / A).write_text(ADMIN, encoding="utf-8")
    (root / B).write_text("---\nname: Kai Moreno\n---\n", encoding="utf-8")
    (root / rel).write_bytes(data)
    settings_, problems = load_settings(root / "mkdocs.yml")
    project = load_project(settings_, problems)
    return project, check_project(project)


def assert_well_formed(problems: list[Problem], rel: str, data: bytes) -> None:
    """Every problem is in ``rel``, on one of its lines, with a catalogued code."""
    last_line = data.count(b"\n") + 2
    for problem in problems:
        assert problem.code in CATALOGUE, problem
        assert problem.severity is CATALOGUE[problem.code][0], problem
        assert problem.path == rel, problem
        assert 1 <= problem.line <= last_line, problem
        assert "\n" not in problem.message and "\r" not in problem.message, problem
        assert problem.message.strip() == problem.message and problem.message, problem
    for output_format in ("text", "github"):
        out = format_problems(problems, output_format)
        assert out.count("\n") == len(problems)
    assert len(json.loads(format_problems(problems, "json"))) == len(problems)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=CONTENT)
@example(content=b"\xff\xfe\x00")
@example(content="---\n" + "[" * 999 + "]" * 999 + "\n---\n")
@example(content="---\nopened: !!timestamp x\n---\n")
def test_any_ticket_file(root: Path, content: str | bytes) -> None:
    project, problems = check_file(root, T, content)
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    assert_well_formed(problems, T, data)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    # a file that yields no ticket always has an error saying why: nothing is dropped
    # silently (a ticket that loads may still break a rule between its fields)
    assert project.tickets or errors, problems


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=CONTENT)
def test_any_admin_file(root: Path, content: str | bytes) -> None:
    project, problems = check_file(root, A, content)
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    own = [p for p in problems if p.path == A]
    assert_well_formed(own, A, data)
    if "dana-okafor" not in project.admins:
        assert any(p.severity is Severity.ERROR for p in own), problems
    # the ticket beside it may only get ownership warnings or an unknown-admin error
    for problem in problems:
        if problem.path == T:
            assert problem.code in {
                "ticket.gap", "ticket.service-typo", "ticket.outside-purview",
                "ticket.inactive-admin",
            }, problem
