"""Fixtures of the end-to-end tests: the fixture project built once per session, a local
HTTP server for the built site, and a headless Chromium driven by Playwright.

The browser is required: without /usr/bin/chromium the browser tests fail, never skip.
Helpers shared with the tests live in ``site_build.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from site_build import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EXAMPLE_AS_OF,
    FIXTURE,
    BuiltSite,
    RecordedPage,
    SiteServer,
    build_site,
    copy_example_project,
    copy_project,
    serve_site,
)


@pytest.fixture(scope="session")
def internal_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture project built for the internal audience (the default)."""
    root = tmp_path_factory.mktemp("internal")
    project = copy_project(FIXTURE, root / "project")
    return build_site(project, root / "site")


@pytest.fixture(scope="session")
def shared_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The same fixture project built for the shared audience (admins)."""
    root = tmp_path_factory.mktemp("shared")
    project = copy_project(FIXTURE, root / "project")
    return build_site(project, root / "site", audience="shared")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The repository's example project as shipped, built for the internal audience."""
    root = tmp_path_factory.mktemp("example")
    return build_site(copy_example_project(root / "project"), root / "site")


@pytest.fixture(scope="session")
def site_server(internal_site: BuiltSite) -> Iterator[SiteServer]:
    """The internal site served on 127.0.0.1 at a random free port, for this session."""
    with serve_site(internal_site) as server:
        yield server


@pytest.fixture(scope="session")
def example_server(example_site: BuiltSite) -> Iterator[SiteServer]:
    """The example site served on 127.0.0.1 at a random free port, for this session."""
    with serve_site(example_site) as server:
        yield server


@pytest.fixture(scope="session")
def week_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The example project built for the internal audience as of the Monday after its
    last week, so that every week of it is complete (the layout and print tests)."""
    root = tmp_path_factory.mktemp("example-weeks")
    project = copy_example_project(root / "project")
    return build_site(project, root / "site", as_of=EXAMPLE_AS_OF)


@pytest.fixture(scope="session")
def week_server(week_site: BuiltSite) -> Iterator[SiteServer]:
    """:func:`week_site` served on 127.0.0.1 at a random free port, for this session."""
    with serve_site(week_site) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless system Chromium through Playwright; fails (never skips) without it."""
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"the browser tests need Chromium at {CHROMIUM}: install it with"
            " 'apt-get install -y chromium' (Playwright's own browser download does not"
            " work here; .ci/run installs it)",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need Playwright: pip install -e '.[test]'",
                    pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, site_server: SiteServer) -> Iterator[RecordedPage]:
    """A fresh desktop-sized page recording its requests, dialogs and script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    recorded = RecordedPage(tab, [], [], [])
    tab.on("request", lambda request: recorded.requests.append(request.url))
    # Requests of the search worker are the context's, not the page's: record both.
    context.on("request", lambda request: recorded.requests.append(request.url))

    def on_dialog(dialog: Any) -> None:
        recorded.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.on("pageerror", lambda error: recorded.errors.append(str(error)))
    tab.set_default_timeout(15_000)
    try:
        yield recorded
    finally:
        context.close()
