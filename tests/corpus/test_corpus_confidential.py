"""Corpus: the internal source (``internal_dir``) and internal content the admins can read.

A bad ``internal_dir`` is a located settings error; the internal source is checked like
docs/, with its own codes for what it cannot hold; a folder a tool empties may not be,
hold or lie in it; internal content in docs/ is a located warning when admins can read
the repository; ``publish-check`` refuses to run without what it needs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_harness import Case, run_case

CONFIG = "site_name: Test\ndocs_dir: .build/docs\nextra:\n  escalation:\n    internal_dir: {}\n"
INTERNAL = CONFIG.format(".internal")
SETTING = ("mkdocs.yml:5: error: setting 'internal_dir': expected a folder relative to"
           " mkdocs.yml, apart from the project's own folders, such as '.internal' or"
           " '../sc-internal', but received {}, which {} [settings.invalid-value]")
ITIL = ("---\npractice: Service Ownership\nrelevance: Every service has an owner.\n"
        "key_points:\n  - Each service has a named owner.\n---\n\nOwners.\n")
SCENARIO = ("---\nscenario: Pushback\nlanguage: Route by what is documented.\n"
            "principle: Own the process\nitil: [service-ownership]\ntier: any\n---\n\n"
            "## Context\n\nText.\n\n## Do\n\n- Ask.\n\n## Don't\n\n- Guess.\n")
OWNERS = {"docs/reference/itil/service-ownership.md": ITIL}
ADMIN = ("---\nname: Ada Admin\nemail: ada@example.org\ngithub: ada-admin\npurview:\n"
         "  - service: email\n    scope: Mail.\n    declared: 2026-10-01\n"
         "    source: email to the SC lead\n---\n")
READABLE = "in the records repository, which the admin with a github handle can read"
OPEN, CLOSE = "<!-- audience: internal -->", "<!-- /audience -->"


def setting(value: str, shown: str, why: str, name: str) -> Case:
    return Case(name, {}, ("check",), 2, SETTING.format(shown, why), "settings.invalid-value",
                config=CONFIG.format(value))


CASES = [
    setting("/srv/sc-internal", "'/srv/sc-internal'",
            "is an absolute path: the same settings must work in every checkout",
            "internal-dir-absolute"),
    setting("'.'", "'.'", "is the project folder itself", "internal-dir-the-project"),
    setting("../..", "'../..'", "holds the project folder", "internal-dir-above-the-project"),
    setting("docs/internal", "'docs/internal'",
            "lies in docs/, which every admin reviewing the records can read",
            "internal-dir-inside-docs"),
    setting("./admins/", "'./admins/'",
            "lies in admins/, which every admin reviewing the records can read",
            "internal-dir-is-admins"),
    setting(".github/sc", "'.github/sc'",
            "lies in .github/, which every admin reviewing the records can read",
            "internal-dir-inside-github"),
    Case("internal-dir-not-text", {}, ("check",), 2,
         "mkdocs.yml:5: error: setting 'internal_dir': expected text but received the number"
         " 5 [settings.wrong-type]", "settings.wrong-type", config=CONFIG.format("5")),
    Case("internal-framework-page", {".internal/reference/framework.md": "# Framework\n"},
         ("check",), 1,
         ".internal/reference/framework.md:1: error: the framework page is generated from"
         " docs/reference/framework.md alone; put internal notes on the framework in a page of"
         " their own [internal.reserved-path]", "internal.reserved-path", config=INTERNAL),
    Case("internal-frozen-report", {".internal/reports/frozen/2026-w47.md": "# W47\n"},
         ("check",), 1,
         ".internal/reports/frozen/2026-w47.md:1: error: frozen weekly reports are read from"
         " docs/reports/frozen/ only; this file is not read [internal.reserved-path]",
         "internal.reserved-path", config=INTERNAL),
    Case("internal-file-at-a-docs-file", {"docs/notes.txt": "Shared.\n",
                                          ".internal/notes.txt": "Secret.\n"},
         ("check",), 1,
         ".internal/notes.txt:1: error: docs/notes.txt has the same path and only a Markdown"
         " page can add to a page; give this file a path of its own [internal.reserved-path]",
         "internal.reserved-path", config=INTERNAL),
    Case("internal-scenario-with-a-docs-slug",
         {**OWNERS, "docs/reference/scenarios/pushback.md": SCENARIO,
          ".internal/reference/scenarios/pushback.md": SCENARIO},
         ("check",), 1,
         ".internal/reference/scenarios/pushback.md:1: error: scenario 'pushback' is also"
         " docs/reference/scenarios/pushback.md; an entry has one file: rename one of them"
         " [internal.duplicate-entry]", "internal.duplicate-entry", config=INTERNAL),
    Case("internal-itil-with-a-docs-slug",
         {**OWNERS, ".internal/reference/itil/service-ownership.md": ITIL},
         ("check",), 1,
         ".internal/reference/itil/service-ownership.md:1: error: ITIL entry"
         " 'service-ownership' is also docs/reference/itil/service-ownership.md; an entry has"
         " one file: rename one of them [internal.duplicate-entry]",
         "internal.duplicate-entry", config=INTERNAL),
    Case("internal-scenario-missing-field",
         {**OWNERS, ".internal/reference/scenarios/pushback.md":
          SCENARIO.replace("principle: Own the process\n", "")},
         ("check",), 1,
         ".internal/reference/scenarios/pushback.md:1: error: field 'principle': required"
         " field is missing [scenario.missing-field]", "scenario.missing-field",
         config=INTERNAL),
    Case("internal-page-unclosed-block", {".internal/strategy.md": f"# S\n\n{OPEN}\nA.\n"},
         ("check",), 1,
         f".internal/strategy.md:3: error: the internal block opened here is never closed:"
         f" add a {CLOSE!r} line where it ends [audience.unclosed-block]",
         "audience.unclosed-block", config=INTERNAL),
    Case("internal-page-not-utf8", {".internal/strategy.md": b"# Strat\xe9gie\n"},
         ("check",), 1,
         ".internal/strategy.md:1: error: not valid UTF-8 text [file.not-utf8]",
         "file.not-utf8", config=INTERNAL),
    Case("internal-page-left-in-docs",
         {"admins/ada-admin.md": ADMIN,
          "docs/strategy.md": "---\naudience: internal\n---\nSecret.\n"},
         ("check", "--strict"), 1,
         f"docs/strategy.md:1: warning: internal page {READABLE}: move the file to the internal"
         " source (.internal/), as .internal/strategy.md [audience.readable-by-admins]",
         "audience.readable-by-admins", config=INTERNAL),
    Case("internal-block-left-in-docs",
         {"admins/ada-admin.md": ADMIN,
          "docs/policy.md": f"# Policy\n\nShared.\n\n{OPEN}\nSecret.\n{CLOSE}\n"},
         ("check",), 0,
         f"docs/policy.md:5: warning: internal block {READABLE}: move its lines to the internal"
         " source (.internal/), as .internal/policy.md, whose text internal builds add at the"
         " end of this page [audience.readable-by-admins]", "audience.readable-by-admins",
         config=INTERNAL),
    Case("site-dir-inside-the-internal-source", {".internal/strategy.md": "# S\n"},
         ("build", "--site-dir", ".internal/site"), 2,
         "escalation build: error: site folder '{root}/.internal/site': the builder empties"
         " it, so it must be a folder of its own (such as site/), apart from the internal"
         " source (internal_dir '.internal')", config=INTERNAL),
    Case("site-dir-holding-the-internal-source", {"build/.internal/strategy.md": "# S\n"},
         ("build", "--site-dir", "build"), 2,
         "escalation build: error: site folder '{root}/build': the builder empties it, so it"
         " must be a folder of its own (such as site/), apart from the internal source"
         " (internal_dir 'build/.internal')", config=CONFIG.format("build/.internal")),
    Case("staging-inside-the-internal-source", {".internal/strategy.md": "# S\n"},
         ("build", "--site-dir", "site"), 1,
         "escalation build: mkdocs.yml: docs_dir '.internal/staging' must be a folder of"
         " generated pages of its own (such as .build/docs), apart from the internal source"
         " (internal_dir '.internal')",
         config=INTERNAL.replace(".build/docs", ".internal/staging")),
    Case("publish-check-without-token", {}, ("publish-check", "--audience", "internal",
                                              "--repository", "example-org/records"), 2,
         "escalation publish-check: error: $GITHUB_TOKEN is not set: without it GitHub answers"
         " 404 for a private repository, which could not be told from Pages not enabled",
         prepare=lambda root, monkeypatch: monkeypatch.delenv("GITHUB_TOKEN", raising=False)),
    Case("publish-check-unknown-audience", {}, ("publish-check", "--audience", "public"), 2,
         "escalation publish-check: error: argument --audience: invalid choice: 'public'"
         " (choose from 'internal', 'shared')"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    run_case(case, tmp_path, capsys, monkeypatch)
