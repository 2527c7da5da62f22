"""The example's internal content all comes from its internal source (``.internal/``).

The shipped example is built four times: for each audience, with the internal source and
with it removed. What the internal source adds to the internal build is exactly its
pages, entries and additions (docs/ holds no internal place of its own); the shared build
is byte for byte the same whether the folder is there or not, since it never reads it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_build import REPO, BuiltSite, build_site

from generator.read.project import load_project
from generator.read.settings import load_settings

pytestmark = pytest.mark.e2e

INTERNAL_PAGES = {
    "reference/strategy/",
    "reference/scenarios/continued-direct-messages/",
    "reference/scenarios/pushback-through-senior-management/",
}
"""The internal pages of the example: the strategy page and the internal scenarios."""
ADDITIONS = {
    "reference/slack-policy/": "Enforcement notes (SC only)",
    "reference/": "Strategic Notes",
    "guides/weekly-reports/": "Channel analytics (internal build only)",
}
"""The pages the internal source adds to, with a heading or link text it adds."""


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltSite]:
    root = tmp_path_factory.mktemp("example")
    project = root / "project"
    for name in ("docs", "tickets", "admins", ".internal"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    built = {
        "internal": build_site(project, root / "internal"),
        "shared": build_site(project, root / "shared", audience="shared"),
    }
    shutil.move(project / ".internal", root / "internal-source")
    built["internal, no source"] = build_site(project, root / "internal-no-source")
    built["shared, no source"] = build_site(project, root / "shared-no-source",
                                            audience="shared")
    shutil.move(root / "internal-source", project / ".internal")
    return built


def files(site: BuiltSite) -> dict[str, bytes]:
    return {file.relative_to(site.site).as_posix(): file.read_bytes() for file in site.files()}


def article(site: BuiltSite, url: str) -> str:
    found = site.doc(url).find("article")
    assert found is not None, url
    return found.text


def test_the_shared_build_is_the_same_with_and_without_the_internal_source(
    builds: dict[str, BuiltSite]
) -> None:
    with_source, without = files(builds["shared"]), files(builds["shared, no source"])
    assert sorted(with_source) == sorted(without)
    assert [name for name in with_source if with_source[name] != without[name]] == []


def test_every_internal_page_comes_from_the_internal_source(
    builds: dict[str, BuiltSite]
) -> None:
    internal = set(builds["internal"].html_pages())
    without = set(builds["internal, no source"].html_pages())
    assert internal - without == INTERNAL_PAGES
    # without it, the internal build has no page the shared build lacks
    assert without == set(builds["shared"].html_pages())
    assert "note: the internal source '.internal' (internal_dir) does not exist" in \
        builds["internal, no source"].result.stderr


@pytest.mark.parametrize("url", sorted(ADDITIONS))
def test_every_internal_block_comes_from_the_internal_source(
    builds: dict[str, BuiltSite], url: str
) -> None:
    added = ADDITIONS[url]
    assert added in article(builds["internal"], url)
    for name in ("internal, no source", "shared", "shared, no source"):
        assert added not in article(builds[name], url), name
    # docs/ itself shows both audiences the same text
    assert article(builds["internal, no source"], url) == article(builds["shared"], url)


def test_docs_holds_no_internal_page_entry_or_block() -> None:
    settings, found = load_settings(REPO / "mkdocs.yml")
    project = load_project(settings, found)
    assert project.docs_internal == ()
    entries = [*project.knowledge.entries.scenarios, *project.knowledge.entries.practices]
    internal = sorted(entry.source.path for entry in entries if entry.internal)
    assert internal == [
        ".internal/reference/scenarios/continued-direct-messages.md",
        ".internal/reference/scenarios/pushback-through-senior-management.md",
    ]
    assert project.internal is not None
    assert sorted(file.rel for file in project.internal.files) == [
        "guides/weekly-reports.md", "reference/index.md", "reference/slack-policy.md",
        "reference/strategy.md"]
    assert Path(REPO / "docs" / "reference" / "strategy.md").exists() is False
