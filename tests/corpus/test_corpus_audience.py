"""Corpus: audience markers that are not exactly valid (issue 11 defect 3).

Each form is refused by ``check`` with its located line, and a shared build refuses to
start while it exists (exit 1, the same line, before any builder runs).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_harness import Case, run_case

OPEN, CLOSE = "<!-- audience: internal -->", "<!-- /audience -->"
ONLY = f"expected a line holding exactly {OPEN!r} or {CLOSE!r}, from its first column,"
P = "docs/page.md"
ALONE = "an audience marker must be alone on its line, with no other text beside it"
SHARED = ("build", "--audience", "shared")
ITIL = (
    "---\npractice: Service Ownership\nrelevance: Every service has an owner.\n"
    "key_points:\n  - Each service has a named owner.\n{front}---\n\n{body}"
)

CASES = [
    Case("unclosed-block", {P: f"# Policy\n\n{OPEN}\nSecret.\n"}, ("check",), 1,
         f"{P}:3: error: the internal block opened here is never closed: add a {CLOSE!r}"
         " line where it ends [audience.unclosed-block]", "audience.unclosed-block"),
    Case("unclosed-block-stops-shared-build", {P: f"# Policy\n\n{OPEN}\nSecret.\n"}, SHARED,
         1, f"{P}:3: error: the internal block opened here is never closed: add a {CLOSE!r}"
         " line where it ends [audience.unclosed-block]", "audience.unclosed-block"),
    Case("nested-blocks", {P: f"{OPEN}\nA\n{OPEN}\nB\n{CLOSE}\n{CLOSE}\n"}, ("check",), 1,
         f"{P}:3: error: an internal block is already open (line 1); blocks cannot be"
         f" nested: close the first with a {CLOSE!r} line [audience.nested-block]",
         "audience.nested-block"),
    Case("stray-close", {P: f"Text.\n{CLOSE}\n"}, ("check",), 1,
         f"{P}:2: error: {CLOSE!r} closes no internal block: open one with a {OPEN!r} line"
         " [audience.stray-close]", "audience.stray-close"),
    Case("marker-inline", {P: f"Shared {OPEN}secret{CLOSE}\n"}, SHARED, 1,
         f"{P}:1: error: 'Shared {OPEN}secret{CLOSE}': {ALONE} [audience.inline-marker]",
         "audience.inline-marker"),
    Case("marker-upper-case", {P: f"<!-- AUDIENCE: INTERNAL -->\nSecret.\n{CLOSE}\n"},
         ("check",), 1,
         f"{P}:1: error: {ONLY} but received '<!-- AUDIENCE: INTERNAL -->'"
         " [audience.bad-marker]", "audience.bad-marker"),
    Case("marker-audience-shared", {P: "<!-- audience: shared -->\nText.\n"}, ("check",), 1,
         f"{P}:1: error: {ONLY} but received '<!-- audience: shared -->'"
         " [audience.bad-marker]", "audience.bad-marker"),
    Case("value-capitalised", {P: "---\naudience: Internal\n---\nSecret.\n"}, SHARED, 1,
         f"{P}:2: error: front-matter 'audience': expected 'internal' or 'shared' but"
         " received 'Internal' (did you mean 'internal'?) [audience.bad-value]",
         "audience.bad-value"),
    Case("value-in-a-list", {P: "---\naudience: [internal]\n---\nSecret.\n"}, ("check",), 1,
         f"{P}:2: error: front-matter 'audience': expected 'internal' or 'shared' but"
         " received a list [audience.bad-value]", "audience.bad-value"),
    Case("key-capitalised", {P: "---\nAUDIENCE: internal\n---\nSecret.\n"}, ("check",), 1,
         f"{P}:2: error: front-matter key 'AUDIENCE': expected 'audience', in lowercase"
         " [audience.bad-key]", "audience.bad-key"),
    Case("front-matter-tab", {P: "---\naudience: internal\n\ttitle: x\n---\nSecret.\n"},
         SHARED, 1,
         f"{P}:3: error: the front-matter cannot be read (YAML syntax: while scanning a plain"
         " scalar on line 2, found a tab character that violates indentation), so the page's"
         " audience is unknown: it is left out of the shared build"
         " [audience.unreadable-front-matter]", "audience.unreadable-front-matter"),
    Case("markers-in-an-html-page",
         {"docs/page.html": f"<p>Shared</p>\n{OPEN}\n<p>Secret</p>\n{CLOSE}\n"}, SHARED, 1,
         f"docs/page.html:2: error: {OPEN!r}: audience markers work only in Markdown pages"
         " (.md); this file is published as it is, so move the internal part to a page"
         " [audience.not-markdown]", "audience.not-markdown"),
    Case("itil-entry-audience-typo",
         {"docs/reference/itil/owner.md": ITIL.format(front="audience: internl\n",
                                                      body="Secret.\n")},
         ("check",), 1,
         "docs/reference/itil/owner.md:6: error: field 'audience': expected one of internal,"
         " shared but received 'internl' (did you mean 'internal'?) [itil.invalid-value]",
         "itil.invalid-value"),
    Case("itil-body-block-unclosed",
         {"docs/reference/itil/owner.md": ITIL.format(front="", body=f"{OPEN}\nSecret.\n")},
         ("check",), 1,
         "docs/reference/itil/owner.md:8: error: the internal block opened here is never"
         f" closed: add a {CLOSE!r} line where it ends [audience.unclosed-block]",
         "audience.unclosed-block"),
    Case("valid-markers-check-clean",
         {P: f"# Policy\n\n{OPEN}\nSecret.\n{CLOSE}\n\nWrite `{OPEN}` alone.\n"},
         ("check",), 0, "no problems (1 file checked)"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    run_case(case, tmp_path, capsys, monkeypatch)
