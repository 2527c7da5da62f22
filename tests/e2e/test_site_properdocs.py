"""The same project built with ProperDocs, the maintained continuation of MkDocs 1.6.

ProperDocs takes the same ``mkdocs.yml`` and command line; the site it builds must hold
every page the MkDocs build holds, with the same text in each page's article.
"""

from __future__ import annotations

import pytest
from site_build import FIXTURE, BuiltSite, build_site, copy_project

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("properdocs")
    project = copy_project(FIXTURE, root / "project")
    return build_site(project, root / "site", "--builder", "properdocs")


def test_properdocs_builds_every_page_of_the_mkdocs_build(
    properdocs_site: BuiltSite, internal_site: BuiltSite
) -> None:
    assert properdocs_site.html_pages() == internal_site.html_pages()


@pytest.mark.parametrize("url", ["", "tickets/", "escalations/", "knowledge/", "reports/",
                                 "reports/2026-w47/", "reference/framework/"])
def test_properdocs_pages_carry_the_same_text(
    properdocs_site: BuiltSite, internal_site: BuiltSite, url: str
) -> None:
    assert properdocs_site.doc(url).find("article").text == \
        internal_site.doc(url).find("article").text


def test_the_site_was_built_by_properdocs(
    properdocs_site: BuiltSite, internal_site: BuiltSite
) -> None:
    """Each builder names itself in the page's generator meta tag."""
    assert "ProperDocs" in properdocs_site.html("")
    assert "ProperDocs" not in internal_site.html("")
