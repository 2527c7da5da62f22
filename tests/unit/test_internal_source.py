"""The internal source (``internal_dir``): only internal builds and ``check`` read it.

Its pages, entries and additions join internal builds; a shared build's loader never
opens the folder; ``check`` validates it like docs/ and warns about internal content
left where the admins can read it (``audience.readable-by-admins``).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from generator.check.project import check_project
from generator.read import project as project_module
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.schema.settings import Audience
from generator.write.build import SiteDirError, generate, site_folders
from generator.write.leaks import internal_texts
from generator.write.staging import StagingError, staging_folder

REPO = Path(__file__).parents[2]
CONFIG = ("site_name: Test\ndocs_dir: .build/docs\nextra:\n  escalation:\n"
          "    internal_dir: {folder}\n")
ITIL = ("---\npractice: Service Ownership\nrelevance: Every service has an owner.\n"
        "key_points:\n  - Each service has a named owner.\n---\n\nOwners.\n")
SCENARIO = ("---\nscenario: Pushback through senior management\nlanguage: Route by what is"
            " documented.\nprinciple: Own the process\nitil: [{itil}]\ntier: any\n---\n\n"
            "## Context\n\nSECRETCONTEXT words of the internal scenario body here.\n\n"
            "## Do\n\n- Ask.\n\n## Don't\n\n- Guess.\n")
ADMIN = ("---\nname: Ada Admin\nemail: ada@example.org\n{github}purview:\n"
         "  - service: email\n    scope: Mail.\n    declared: 2026-10-01\n"
         "    source: email to the SC lead\n---\n")
FILES = {
    "docs/reference/itil/service-ownership.md": ITIL,
    "docs/policy.md": "# Policy\n\nShared text of the policy page.\n",
    ".internal/README.md": "# The SC's internal source\n",
    ".internal/reference/strategy.md": "---\ntitle: Strategy\n---\n# Strategy\n\nSECRETPAGE\n",
    ".internal/policy.md": "---\ntitle: ignored\n---\n## Enforcement\n\nSECRETADDITION\n",
    ".internal/reference/scenarios/pushback.md": SCENARIO.format(itil="service-ownership"),
}
AS_OF = datetime(2026, 11, 25, 18, tzinfo=UTC)


def make(project: Any, files: dict[str, str] | None = None, folder: str = ".internal",
         github: bool = False) -> Path:
    admin = ADMIN.format(github="github: ada-admin\n" if github else "")
    return project({**FILES, "admins/ada-admin.md": admin, **(files or {})},
                   config=CONFIG.format(folder=folder))


def staged(root: Path, audience: Audience) -> dict[str, str]:
    settings, found = load_settings(root / "mkdocs.yml")
    loaded = load_project(settings, found, internal=audience is Audience.INTERNAL)
    generate(loaded, audience=audience, as_of=AS_OF)
    staging = staging_folder(settings)
    return {p.relative_to(staging).as_posix(): p.read_text("utf-8")
            for p in staging.rglob("*.md")}


def test_the_setting_is_normalised(project: Any) -> None:
    root = make(project, folder="./.internal/")
    settings, problems = load_settings(root / "mkdocs.yml")
    assert (settings.internal_dir, problems) == (".internal", [])


def test_an_internal_build_has_the_pages_entries_and_additions(project: Any) -> None:
    pages = staged(make(project), Audience.INTERNAL)
    assert "SECRETPAGE" in pages["reference/strategy.md"]
    assert pages["policy.md"] == ("# Policy\n\nShared text of the policy page.\n\n"
                                  "## Enforcement\n\nSECRETADDITION\n")
    assert "SECRETCONTEXT" in pages["reference/scenarios/pushback.md"]
    assert "README.md" not in pages  # the folder's own notes
    assert "Pushback through senior management" in pages["reference/itil/service-ownership.md"]


def test_a_shared_build_has_none_of_it(project: Any) -> None:
    pages = staged(make(project), Audience.SHARED)
    text = "".join(pages.values())
    for marker in ("SECRETPAGE", "SECRETADDITION", "SECRETCONTEXT", "Pushback"):
        assert marker not in text
    assert pages["policy.md"] == "# Policy\n\nShared text of the policy page.\n"


def test_the_shared_loader_never_opens_the_internal_source(
    project: Any, monkeypatch: pytest.MonkeyPatch, cli: Any
) -> None:
    """A broken internal source stops the internal build; the shared build never sees it."""
    root = make(project, {".internal/reference/scenarios/broken.md": "---\nscenario: [\n"})
    monkeypatch.chdir(root)
    opened: list[str] = []
    reader = project_module.read_internal
    monkeypatch.setattr(project_module, "read_internal",
                        lambda *args: opened.append("read") or reader(*args))
    monkeypatch.setattr("generator.cli.build.build_site", lambda *args, **kwargs: 0)
    shared = cli("build", "--audience", "shared", "--as-of", "2026-11-25T12:00")
    assert (shared.code, opened) == (0, [])
    internal = cli("build", "--audience", "internal", "--as-of", "2026-11-25T12:00")
    assert internal.code == 1 and opened == ["read"]
    assert ".internal/reference/scenarios/broken.md:1: error:" in internal.err


def test_the_verifier_looks_for_the_internal_source_in_a_shared_build(project: Any) -> None:
    settings, found = load_settings(make(project) / "mkdocs.yml")
    shared = load_project(settings, found, internal=False)
    assert shared.internal is None
    texts = {(t.source, t.what): t for t in internal_texts(shared)}
    assert texts[(".internal/reference/strategy.md", "internal page")].urls == (
        "reference/strategy/", "reference/strategy.html")
    assert "SECRETADDITION" in texts[(".internal/policy.md", "internal addition")].text
    assert texts[(".internal/policy.md", "internal addition")].urls == ()
    assert "SECRETCONTEXT" in texts[
        (".internal/reference/scenarios/pushback.md", "internal scenario")].text


def test_a_docs_scenario_cannot_cite_an_internal_itil_entry(project: Any) -> None:
    root = make(project, {
        ".internal/reference/itil/pushback-handling.md": ITIL,
        "docs/reference/scenarios/shared.md": SCENARIO.format(itil="pushback-handling"),
        ".internal/reference/scenarios/pushback.md": SCENARIO.format(itil="pushback-handling"),
    })
    settings, found = load_settings(root / "mkdocs.yml")
    problems = [p.format_text() for p in check_project(load_project(settings, found))]
    assert [p for p in problems if "unknown-itil" in p] == [
        "docs/reference/scenarios/shared.md:5: error: field 'itil[0]': expected the slug of an"
        " ITIL entry in docs/reference/itil/ but received 'pushback-handling'"
        " [scenario.unknown-itil]"]


READABLE = "in the records repository, which the admin with a github handle can read"


@pytest.mark.parametrize(("path", "text", "line"), [
    ("docs/reference/strategy.md", "---\naudience: internal\n---\nSecret.\n",
     f"docs/reference/strategy.md:1: warning: internal page {READABLE}: move the file to the"
     " internal source (.internal/), as .internal/reference/strategy.md"
     " [audience.readable-by-admins]"),
    ("docs/policy.md", "# Policy\n\nShared.\n\n<!-- audience: internal -->\nSecret.\n"
     "<!-- /audience -->\n",
     f"docs/policy.md:5: warning: internal block {READABLE}: move its lines to the internal"
     " source (.internal/), as .internal/policy.md, whose text internal builds add at the end"
     " of this page [audience.readable-by-admins]"),
    ("docs/reference/scenarios/inner.md",
     SCENARIO.format(itil="service-ownership").replace("tier: any\n", "tier: any\naudience:"
                                                       " internal\n"),
     f"docs/reference/scenarios/inner.md:7: warning: internal scenario {READABLE}: move the"
     " file to the internal source (.internal/), as .internal/reference/scenarios/inner.md"
     " [audience.readable-by-admins]"),
    ("docs/reference/itil/inner.md",
     ITIL.replace("Owners.\n", "Owners.\n\n<!-- audience: internal -->\nSecret.\n"
                  "<!-- /audience -->\n"),
     f"docs/reference/itil/inner.md:10: warning: internal block {READABLE}: move its lines to"
     " a page of their own in the internal source (.internal/) [audience.readable-by-admins]"),
])
def test_internal_content_in_docs_is_readable_by_admins(
    project: Any, cli: Any, path: str, text: str, line: str
) -> None:
    root = make(project, {path: text}, github=True)
    result = cli("check", "-f", str(root / "mkdocs.yml"))
    assert [found for found in result.out.splitlines() if "readable-by-admins" in found] == [
        line]
    # without a github handle, no admin can be a code owner: the warning is not given
    root = make(project, {path: text})
    assert "readable-by-admins" not in cli("check", "-f", str(root / "mkdocs.yml")).out


def test_without_an_internal_source_the_warning_says_how_to_set_one_up(
    project: Any, cli: Any
) -> None:
    admin = ADMIN.format(github="github: ada-admin\n")
    root = project({"admins/ada-admin.md": admin,
                    "docs/strategy.md": "---\naudience: internal\n---\nSecret.\n"})
    out = cli("check", "-f", str(root / "mkdocs.yml")).out
    assert [line for line in out.splitlines() if "readable-by-admins" in line] == [(
        f"docs/strategy.md:1: warning: internal page {READABLE}: move the file to an internal"
        " source, a folder outside this repository named by the internal_dir setting (see"
        " docs/guides/access.md), as strategy.md [audience.readable-by-admins]")]


def test_the_tools_never_empty_or_write_the_internal_source(project: Any) -> None:
    root = make(project)
    settings, _ = load_settings(root / "mkdocs.yml")
    with pytest.raises(SiteDirError, match=r"apart from the internal source \(internal_dir"
                       r" '\.internal'\)"):
        site_folders(settings, "mkdocs", root / ".internal" / "site")
    with pytest.raises(SiteDirError, match="apart from the internal source"):
        site_folders(settings, "mkdocs", root)  # holds it (and the project)
    holding = make(project, folder=".build")
    settings, _ = load_settings(holding / "mkdocs.yml")
    with pytest.raises(StagingError, match="apart from the internal source"):
        staging_folder(settings)
    assert (root / ".internal" / "README.md").is_file()


def test_the_example_keeps_nothing_internal_in_docs(tmp_path: Path, cli: Any) -> None:
    """check on the example gives no readable-by-admins warning; moving the strategy page
    back into docs/ gives one, at its file."""
    root = tmp_path / "example"
    for name in ("docs", "tickets", "admins", ".internal", ".github"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    config = str(root / "mkdocs.yml")
    assert "readable-by-admins" not in cli("check", "-f", config).out
    shutil.move(root / ".internal/reference/strategy.md", root / "docs/reference/strategy.md")
    found = [line for line in cli("check", "-f", config).out.splitlines()
             if "readable-by-admins" in line]
    assert found == [
        "docs/reference/strategy.md:1: warning: internal page in the records repository,"
        " which all 7 admins with a github handle can read: move the file to the internal"
        " source (.internal/), as .internal/reference/strategy.md"
        " [audience.readable-by-admins]"]
