"""Fragments set aside from the staged pages go back into the built pages, and only there.

The sites here are folders the tests write, as a builder would have written them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.render.placing import Fragment
from generator.write.placement import PlacementError, fill_site

SECTION = '<section><h2 id="48213"><code>48213</code> VPN</h2>\n<p>Drops hourly.</p>\n</section>'


def write(site: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_fragments_go_back_into_their_pages_and_their_sections_into_the_index(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    index = {"config": {}, "docs": [
        {"location": "tickets/2026-11/", "title": "Month", "text": ""},
        {"location": "tickets/2026-11/#month", "title": "Month", "text": ""},
        {"location": "guides/quoted/", "title": "Quoted", "text": ""}]}
    write(site, {
        "tickets/2026-11/index.html": "<h1>Month</h1>\n<!--ep:fragment 0-->\n<p>end</p>",
        "tickets/index.html": "<tbody>\n<!--ep:fragment 1-->\n</tbody>",
        # a hand-written page quoting a placeholder keeps it as it is
        "guides/quoted/index.html": "<p>x</p><!--ep:fragment 1--><!--ep:fragment 7-->",
        "search/search_index.json": json.dumps(index),
    })
    fragments = {0: Fragment("tickets/2026-11.md", SECTION.encode(), True),
                 1: Fragment("tickets/index.md", "<tr><td>—</td></tr>".encode(), False)}
    assert fill_site(site, fragments) == 2
    assert (site / "tickets/2026-11/index.html").read_text(encoding="utf-8") == (
        f"<h1>Month</h1>\n{SECTION}\n<p>end</p>")
    assert (site / "tickets/index.html").read_text(encoding="utf-8") == (
        "<tbody>\n<tr><td>—</td></tr>\n</tbody>")
    assert (site / "guides/quoted/index.html").read_text(encoding="utf-8") == (
        "<p>x</p><!--ep:fragment 1--><!--ep:fragment 7-->")
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert [d["location"] for d in docs] == [
        "tickets/2026-11/", "tickets/2026-11/#month", "tickets/2026-11/#48213",
        "guides/quoted/"]
    assert docs[2] == {"location": "tickets/2026-11/#48213",
                       "title": "<code>48213</code> VPN", "text": "<p>Drops hourly.</p>"}


def test_a_page_the_builder_left_out_is_no_error_but_a_lost_fragment_is(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    write(site, {"tickets/index.html": "<tbody>\n<!--ep:fragment 0-->\n</tbody>"})
    excluded = {0: Fragment("tickets/index.md", b"<tr></tr>", False),
                1: Fragment("tickets/2026-11.md", SECTION.encode(), True)}
    assert fill_site(site, excluded) == 1
    write(site, {"tickets/index.html": "<tbody>\n</tbody>"})
    with pytest.raises(PlacementError, match=r"tickets/index\.md"):
        fill_site(site, {0: Fragment("tickets/index.md", b"<tr></tr>", False)})
