"""The built example site says what the committed listing says: the same pages with the
same visible text, and the same search entries (location, title, text).

The listing (``tests/fixtures/site-listing/{internal,shared}.json``) was written from a
build before the build was made faster; this test proves the faster build kept every page
and every search entry. When a change of text or markup is intended, regenerate it with
one command from the repository root and commit the diff with the change::

    .venv/bin/python tests/e2e/site_listing.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from site_listing import LISTING, built_listing

pytestmark = pytest.mark.e2e

REGEN = "if the change is intended, run: .venv/bin/python tests/e2e/site_listing.py"


@pytest.mark.parametrize("audience", ["internal", "shared"])
def test_example_site_matches_the_listing(audience: str, tmp_path: Path) -> None:
    expected = json.loads((LISTING / f"{audience}.json").read_text(encoding="utf-8"))
    actual = built_listing(tmp_path, audience)
    assert sorted(actual["pages"]) == sorted(expected["pages"]), REGEN
    for url, page in expected["pages"].items():
        assert actual["pages"][url] == page, f"{url} differs; {REGEN}"
    missing = [e for e in expected["search"] if e not in actual["search"]]
    extra = [e for e in actual["search"] if e not in expected["search"]]
    assert not missing and not extra, (
        f"search entries missing: {missing[:3]}; not in the listing: {extra[:3]}; {REGEN}")
    assert actual["search"] == expected["search"], f"search entries repeated; {REGEN}"
