"""The audience grammar: every marker form that is not exactly valid is a located error,
and nothing it cannot read reaches a shared build (issue 11, defect 3).

Each broken form is a mini project holding the secret ``LEAK``. Two tests run over all
of them: ``check`` reports the exact line, and the shared build's pages hold no
``LEAK``. The valid forms keep working, and the codes table of the docs is the
catalogue's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import markdown
import pytest
from markdown.extensions.fenced_code import FencedBlockPreprocessor

from generator.check.project import check_project
from generator.read.audience import FENCE, read_audience
from generator.read.docs import hand_written_pages
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.catalogue import catalogue_markdown
from generator.render.families import consumed, render_site
from generator.schema.problems import AUDIENCE_CODES, Problem, Severity
from generator.schema.settings import Audience

if TYPE_CHECKING:
    from conftest import ProjectFactory

REPO = Path(__file__).parents[2]
P = "docs/page.md"
S = "docs/reference/scenarios"
I = "docs/reference/itil"  # noqa: E741
OPEN = "<!-- audience: internal -->"
CLOSE = "<!-- /audience -->"
ONLY = f"expected a line holding exactly {OPEN!r} or {CLOSE!r}, from its first column,"
UNREADABLE = "so the page's audience is unknown: it is left out of the shared build"
ITIL = (
    "---\npractice: Service Ownership\nrelevance: Every service has an owner.\n"
    "key_points:\n  - Each service has a named owner.\n{front}---\n\n{body}"
)
SCENARIO = (
    "---\nscenario: An admin says it is not theirs\nlanguage: Let's write it down.\n"
    "principle: Admins own their purview\nitil: [service-ownership]\ntier: collaborate\n"
    "{front}---\n\n## Context\n\nText.\n\n## Do\n\n- Ask.\n\n## Don't\n\n- Guess.\n{body}"
)
BASE = {f"{I}/service-ownership.md": ITIL.format(front="", body="Owners.\n")}


@dataclass(frozen=True)
class Broken:
    """A project with one broken audience form; ``line`` is what ``check`` says."""

    name: str
    files: dict[str, str | bytes]
    line: str


def page(text: str) -> dict[str, str | bytes]:
    return {P: text}


BROKEN = [
    Broken("unclosed-block", page(f"# Policy\n\n{OPEN}\nLEAK\n"),
           f"{P}:3: error: the internal block opened here is never closed: add a {CLOSE!r}"
           " line where it ends [audience.unclosed-block]"),
    Broken("nested-blocks", page(f"{OPEN}\nA\n{OPEN}\nLEAK\n{CLOSE}\nLEAK\n{CLOSE}\nB\n"),
           f"{P}:3: error: an internal block is already open (line 1); blocks cannot be"
           f" nested: close the first with a {CLOSE!r} line [audience.nested-block]"),
    Broken("stray-close", page(f"LEAK\n{CLOSE}\n"),
           f"{P}:2: error: {CLOSE!r} closes no internal block: open one with a {OPEN!r}"
           " line [audience.stray-close]"),
    Broken("inline-marker", page(f"Shared {OPEN} LEAK {CLOSE} text\n"),
           f"{P}:1: error: 'Shared {OPEN} LEAK {CLOSE} text': an audience marker must"
           " be alone on its line, with no other text beside it [audience.inline-marker]"),
    Broken("marker-then-text", page(f"{OPEN} LEAK\n{CLOSE}\n"),
           f"{P}:1: error: '{OPEN} LEAK': an audience marker must be alone on its line,"
           " with no other text beside it [audience.inline-marker]"),
    Broken("letter-case", page(f"<!-- Audience: Internal -->\nLEAK\n{CLOSE}\n"),
           f"{P}:1: error: {ONLY} but received '<!-- Audience: Internal -->'"
           " [audience.bad-marker]"),
    Broken("no-spaces", page(f"<!--audience:internal-->\nLEAK\n{CLOSE}\n"),
           f"{P}:1: error: {ONLY} but received '<!--audience:internal-->'"
           " [audience.bad-marker]"),
    Broken("indented", page(f"- item\n\n    {OPEN}\n    LEAK\n{CLOSE}\n"),
           f"{P}:3: error: {ONLY} but received '    {OPEN}' [audience.bad-marker]"),
    Broken("comment-over-lines", page("<!--\naudience: internal\n-->\nLEAK\n"),
           f"{P}:2: error: {ONLY} but received 'audience: internal' [audience.bad-marker]"),
    Broken("lone-carriage-return", page(f"{OPEN}\rLEAK\r{CLOSE}\n"),
           f"{P}:1: error: '{OPEN}\\rLEAK\\r{CLOSE}': an audience marker must be alone on"
           " its line, with no other text beside it [audience.inline-marker]"),
    Broken("marker-in-front-matter", page(f"---\ntitle: \"{OPEN}\"\n---\nLEAK\n"),
           f"{P}:2: error: 'title: \"{OPEN}\"': audience markers belong in the page's body,"
           " not in its front-matter [audience.bad-marker]"),
    Broken("value-case", page("---\naudience: Internal\n---\nLEAK\n"),
           f"{P}:2: error: front-matter 'audience': expected 'internal' or 'shared' but"
           " received 'Internal' (did you mean 'internal'?) [audience.bad-value]"),
    Broken("value-list", page("---\naudience: [internal]\n---\nLEAK\n"),
           f"{P}:2: error: front-matter 'audience': expected 'internal' or 'shared' but"
           " received a list [audience.bad-value]"),
    Broken("value-empty", page("---\naudience:\n---\nLEAK\n"),
           f"{P}:2: error: front-matter 'audience': expected 'internal' or 'shared' but"
           " received nothing (null) [audience.bad-value]"),
    Broken("key-case", page("---\nAudience: internal\n---\nLEAK\n"),
           f"{P}:2: error: front-matter key 'Audience': expected 'audience', in lowercase"
           " [audience.bad-key]"),
    Broken("key-twice", page("---\naudience: internal\naudience: shared\n---\nLEAK\n"),
           f"{P}:3: error: key 'audience' appears twice (first on line 2); a page has one"
           " audience [audience.bad-key]"),
    Broken("metadata-without-dashes", page("title: Notes\naudience: internal\n\nLEAK\n"),
           f"{P}:2: error: 'audience: internal': the audience is read only from a"
           " front-matter block, between '---' lines at the top of the page"
           " [audience.bad-key]"),
    Broken("front-matter-does-not-parse",
           page("---\naudience: internal\ntitle: [unclosed\n---\nLEAK\n"),
           f"{P}:4: error: the front-matter cannot be read (YAML syntax: while parsing a"
           " flow sequence on line 3, did not find expected ',' or ']'), "
           + UNREADABLE + " [audience.unreadable-front-matter]"),
    Broken("front-matter-never-closed", page("---\naudience: internal\n\nLEAK\n"),
           f"{P}:1: error: the front-matter opened on line 1 is never closed by a '---' or"
           " '...' line, so the page's audience cannot be read: it is left out of the"
           " shared build [audience.unreadable-front-matter]"),
    Broken("front-matter-not-a-mapping", page("---\n- audience\n- internal\n---\nLEAK\n"),
           f"{P}:2: error: the front-matter cannot be read (it is not a mapping of"
           " 'key: value' lines), " + UNREADABLE + " [audience.unreadable-front-matter]"),
    Broken("markers-in-html",
           {"docs/page.html": f"<p>Shared</p>\n{OPEN}\n<p>LEAK</p>\n{CLOSE}\n"},
           f"docs/page.html:2: error: {OPEN!r}: audience markers work only in Markdown pages"
           " (.md); this file is published as it is, so move the internal part to a page"
           " [audience.not-markdown]"),
    Broken("front-matter-in-a-text-file",
           {"docs/notes.txt": "---\naudience: internal\n---\nLEAK\n"},
           "docs/notes.txt:2: error: 'audience: internal': audience markers work only in"
           " Markdown pages (.md); this file is published as it is, so move the internal"
           " part to a page [audience.not-markdown]"),
    Broken("markdown-suffix", {"docs/page.markdown": f"# Page\n\n{OPEN}\nLEAK\n"},
           f"docs/page.markdown:3: error: the internal block opened here is never closed:"
           f" add a {CLOSE!r} line where it ends [audience.unclosed-block]"),
    Broken("framework-page", {"docs/reference/framework.md":
                              f"# Framework\n\n{{{{ checklist }}}}\n\n{{{{ response_window }}}}"
                              f"\n\n{OPEN}\nLEAK\n"},
           f"docs/reference/framework.md:7: error: the internal block opened here is never"
           f" closed: add a {CLOSE!r} line where it ends [audience.unclosed-block]"),
    Broken("scenario-body", {f"{S}/pushback.md": SCENARIO.format(
        front="", body=f"\n<!-- audience:internal -->\nLEAK\n{CLOSE}\n")},
           f"{S}/pushback.md:21: error: {ONLY} but received '<!-- audience:internal -->'"
           " [audience.bad-marker]"),
    Broken("itil-body", {f"{I}/knowledge.md": ITIL.format(
        front="", body=f"Shared.\n{OPEN}\nLEAK\n")},
           f"{I}/knowledge.md:9: error: the internal block opened here is never closed: add"
           f" a {CLOSE!r} line where it ends [audience.unclosed-block]"),
    Broken("scenario-audience-case", {f"{S}/pushback.md": SCENARIO.format(
        front="audience: Internal\n", body="LEAK\n")},
           f"{S}/pushback.md:7: error: field 'audience': expected one of internal, shared"
           " but received 'Internal' (did you mean 'internal'?) [scenario.invalid-value]"),
    Broken("itil-audience-list", {f"{I}/knowledge.md": ITIL.format(
        front="audience: [internal]\n", body="LEAK\n")},
           f"{I}/knowledge.md:6: error: field 'audience': expected one of internal, shared"
           " but received a list [itil.invalid-value]"),
]


def problems_of(project: ProjectFactory, files: dict[str, str | bytes]) -> list[Problem]:
    root = project({**BASE, **files})
    settings, found = load_settings(root / "mkdocs.yml")
    return check_project(load_project(settings, found))


def shared_output(project: ProjectFactory, files: dict[str, str | bytes]) -> str:
    """Everything a shared build would stage: hand-written files and generated pages."""
    from datetime import UTC, datetime

    from generator.compute.site import build_context

    root = project({**BASE, **files})
    settings, found = load_settings(root / "mkdocs.yml")
    loaded = load_project(settings, found)
    staged = hand_written_pages(settings, Audience.SHARED, consumed(loaded))
    context = build_context(loaded, as_of=datetime(2026, 12, 1, tzinfo=UTC),
                            audience=Audience.SHARED)
    pages = render_site(loaded, context)
    return "\n".join([*(b.decode("utf-8", "replace") for b in staged.values()),
                      *pages.values()])


@pytest.mark.parametrize("case", BROKEN, ids=[case.name for case in BROKEN])
def test_every_broken_form_is_a_located_check_error(
    case: Broken, project: ProjectFactory
) -> None:
    found = [p.format_text() for p in problems_of(project, case.files)]
    assert found == [case.line]


@pytest.mark.parametrize("case", BROKEN, ids=[case.name for case in BROKEN])
def test_what_the_grammar_cannot_read_never_reaches_a_shared_build(
    case: Broken, project: ProjectFactory
) -> None:
    assert "LEAK" not in shared_output(project, case.files)


def test_every_audience_code_has_a_broken_form() -> None:
    codes = {re.search(r"\[([a-z.-]+)\]$", case.line).group(1)  # type: ignore[union-attr]
             for case in BROKEN}
    # readable-by-admins is a warning about valid content, tested in test_internal_source
    assert {code for code, (severity, _) in AUDIENCE_CODES.items()
            if severity is Severity.ERROR} <= codes


VALID = f"""\
---
title: Policy
audience: shared
---
# Policy

Shared before.

{OPEN}
## Enforcement (SC only)

LEAK in a block, with `{CLOSE}` in a code span.

```text
{CLOSE}
```
{CLOSE}
Shared after.

Write `{OPEN}` on a line of its own.

```markdown
{OPEN}
shown as code
{CLOSE}
```
"""


def test_valid_markers_keep_the_block_out_and_the_rest_in(project: ProjectFactory) -> None:
    root = project({P: VALID, "docs/strategy.md": "---\naudience: internal\n...\nLEAK\n"})
    settings, found = load_settings(root / "mkdocs.yml")
    assert check_project(load_project(settings, found)) == []
    shared = hand_written_pages(settings, Audience.SHARED)
    assert set(shared) == {"page.md"}
    text = shared["page.md"].decode()
    assert "LEAK" not in text and "Enforcement" not in text
    assert "Shared before.\n\nShared after." in text
    # markers in code are text, shown in both builds
    assert f"Write `{OPEN}` on a line of its own." in text
    assert f"```markdown\n{OPEN}\nshown as code\n{CLOSE}\n```" in text
    internal = hand_written_pages(settings, Audience.INTERNAL)
    assert internal["page.md"].decode() == VALID
    assert "LEAK" in internal["strategy.md"].decode()


def test_crlf_pages_read_like_lf_pages(project: ProjectFactory) -> None:
    root = project({P: f"A\r\n{OPEN}\r\nLEAK\r\n{CLOSE}\r\nB\r\n".encode()})
    settings, found = load_settings(root / "mkdocs.yml")
    assert check_project(load_project(settings, found)) == []
    assert hand_written_pages(settings, Audience.SHARED)["page.md"] == b"A\nB\n"


def test_an_internal_itil_entry_and_its_links_stay_out_of_the_shared_build(
    project: ProjectFactory,
) -> None:
    files: dict[str, str | bytes] = {
        f"{I}/knowledge.md": ITIL.format(front="audience: internal\n", body="LEAK\n")
        .replace("Service Ownership", "Knowledge LEAK"),
        f"{S}/pushback.md": SCENARIO.format(front="", body="").replace(
            "[service-ownership]", "[service-ownership, knowledge]"),
    }
    assert problems_of(project, files) == []
    assert "LEAK" not in shared_output(project, files)


SPANS = [
    f"Write `{OPEN}` alone.",
    f"Both ``{OPEN}`` and `{CLOSE}`.",
    f"`{OPEN}` then `` a ` b ``",
    f"\\`{OPEN}`",
    f"``{OPEN}`",
    f"`a`{OPEN}`b`",
    f"` {CLOSE} `",
]


def test_the_grammar_uses_python_markdowns_fences() -> None:
    assert FENCE.pattern == FencedBlockPreprocessor.FENCED_BLOCK_RE.pattern
    assert FENCE.flags == FencedBlockPreprocessor.FENCED_BLOCK_RE.flags


@pytest.mark.parametrize("line", SPANS)
def test_a_marker_is_text_only_where_python_markdown_shows_it_as_code(line: str) -> None:
    """Where the grammar passes a marker over as code, the renderer prints it as text;
    where the renderer would read a comment, the grammar reports a problem."""
    html = markdown.markdown(f"Before.\n\n{line}\n")
    passed_over = read_audience(f"Before.\n\n{line}\n", P).problems == ()
    assert not (passed_over and "<!--" in html), html
    if line.startswith(("Write", "Both")):  # how the docs show the markers
        assert passed_over


def test_internal_parts_are_located_and_an_unreadable_text_is_internal_whole() -> None:
    reading = read_audience(VALID, P)
    assert [(part.line, part.internal) for part in reading.internal_parts()] == [(10, True)]
    broken = read_audience("Shared\n" + OPEN + "\nLEAK\n", P)
    assert broken.internal and broken.for_audience(Audience.SHARED) is None
    assert [part.text for part in broken.internal_parts()] == ["Shared\n" + OPEN + "\nLEAK\n"]


def test_the_docs_codes_table_is_the_catalogue() -> None:
    page_text = (REPO / "docs" / "contributing" / "reference-entries.md").read_text("utf-8")
    assert catalogue_markdown(("audience",)).split("\n", 2)[2] in page_text
    assert catalogue_markdown(("internal",)).split("\n", 2)[2] in page_text


def test_the_shipped_docs_follow_the_grammar() -> None:
    settings, found = load_settings(REPO / "mkdocs.yml")
    problems = check_project(load_project(settings, found))
    assert [p.format_text() for p in problems if p.code.startswith("audience.")] == []


def test_the_weekly_reports_guide_keeps_the_channel_figures_internal() -> None:
    settings, _ = load_settings(REPO / "mkdocs.yml")
    guide = hand_written_pages(settings, Audience.SHARED)["guides/weekly-reports.md"].decode()
    for words in ("opened_by_channel", "off_record", "slack-dm"):
        assert words not in guide
    assert b"opened_by_channel" not in hand_written_pages(
        settings, Audience.INTERNAL)["guides/weekly-reports.md"]  # not even in docs/
    source = load_project(settings).internal
    assert source is not None
    internal = source.join(hand_written_pages(settings, Audience.INTERNAL))
    page = internal["guides/weekly-reports.md"]
    assert b'"off_record": 1' in page and b"opened_by_channel" in page
