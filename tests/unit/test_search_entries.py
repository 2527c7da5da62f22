"""Search entries of placed fragments are the entries Material's search plugin makes.

The oracle is Material's own indexer (``material.plugins.search.plugin.SearchIndex``)
run on the page with the fragment inline, as it ran before fragments were placed.
"""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import pytest
from material.plugins.search.plugin import SearchIndex

from generator.render.placing import (
    PLACEHOLDER_PATTERN,
    FilledPages,
    Fragment,
    cut_page,
    filled,
    marking,
    place,
    unmarked,
)
from generator.write.search_entries import FragmentError, section_entries

URL = "tickets/2026-11/"
HEAD = '<h1 id="tickets-opened-2026-11">Tickets opened 2026-11</h1>\n'

SECTIONS = [
    # a ticket's detail view as fragments.py writes it: labels, links, a checklist the
    # search leaves out, a timeline, notes with line breaks and escaped text
    '<section class="ep-ticket">\n<h2 id="48213"><code>48213</code> VPN drops &amp; '
    "reconnects &lt;every&gt; hour</h2>\n"
    '<p class="ep-meta"><span class="ep-label ep-tier-escalate">escalate</span> '
    '<span class="ep-label ep-status-open">open</span> high priority · service '
    '<a href="../../ownership/#svc-vpn">vpn</a> · requestor —</p>\n'
    '<p class="ep-checklist" data-search-exclude>Pre-escalation checklist, 1 of 2 done: '
    "☑ Reproduced; ☐ Logs</p>\n"
    '<ol class="ep-timeline">\n<li>2026-11-02 09:00 escalate → <a href="../../admins/a/">'
    "Net Admin</a> pending · deadline 2026-11-03 09:00 (8 business hours)</li>\n</ol>\n"
    '<p class="ep-notes">Tried the &quot;split&quot; tunnel.<br>\nThen   it &#x27;worked&#x27;.'
    "</p>\n</section>",
    '<section class="ep-ticket">\n<h2 id="48214"><code>48214</code> Printer</h2>\n'
    '<p class="ep-meta">handle</p>\n<p></p>\n<ul><li>  </li><li>one</li></ul>\n'
    "<pre>keep   this\n  spacing</pre>\n</section>",
    '<section class="ep-ticket">\n<h2 id="48215"><code>48215</code> Only a heading</h2>\n'
    "</section>",
]


def material_entries(content: str) -> list[dict[str, Any]]:
    """What Material's indexer makes of a page's HTML."""
    index = SearchIndex()
    page = SimpleNamespace(meta={}, content=content, toc=[], url=URL, title="Month")
    index.add_entry_from_context(page)
    return index.entries


@pytest.mark.parametrize("joined", ["\n\n", "\n", ""])
def test_entries_are_materials(joined: str) -> None:
    fragment = joined.join(SECTIONS)
    expected = material_entries(HEAD + "\n" + fragment + "\n")
    assert expected[0]["location"] == URL  # the h1 section, which the page keeps
    assert section_entries(fragment, URL) == expected[1:]
    assert [e["location"] for e in expected[1:]] == [f"{URL}#4821{n}" for n in (3, 4, 5)]


def test_the_page_around_placed_sections_keeps_its_own_entries() -> None:
    # the page as staged (a placeholder comment) indexes as the page with the sections
    fragment = "\n\n".join(SECTIONS)
    with_sections = material_entries(HEAD + "\n" + fragment + "\n")
    placeholder = material_entries(HEAD + "\n<!--ep:fragment 0-->\n")
    assert placeholder == with_sections[:1]


def test_text_outside_sections_is_refused() -> None:
    with pytest.raises(FragmentError):
        section_entries("<p>loose text</p>\n" + SECTIONS[2], URL)


def test_placed_fragments_are_set_aside_and_filled_back() -> None:
    rows = "<tr><td>1</td></tr>\n<tr><td>2</td></tr>"

    def page() -> str:
        return (f"# T\n\n<table>\n<tbody>\n{place(rows)}\n</tbody>\n</table>\n\n"
                f"{place(SECTIONS[2] + chr(10), sections=True)}\n")

    inline = page()
    assert inline == (f"# T\n\n<table>\n<tbody>\n{rows}\n</tbody>\n</table>\n\n"
                      f"{SECTIONS[2]}\n\n")
    with marking():
        marked = page()
    assert unmarked(marked) == inline
    fragments: dict[int, Fragment] = {}
    staged = cut_page("p.md", marked, fragments)
    assert rows not in staged and len(PLACEHOLDER_PATTERN.findall(staged)) == 2
    # the whitespace around a fragment stays in the page, to separate Markdown blocks
    assert staged.endswith("-->\n\n")
    assert [(f.page, f.html, f.sections) for f in fragments.values()] == [
        ("p.md", rows.encode(), False), ("p.md", SECTIONS[2].encode(), True)]
    assert filled(staged, fragments) == inline
    assert dict(FilledPages({"p.md": staged}, fragments)) == {"p.md": inline}


def test_a_fragment_placed_inside_another_stays_in_it() -> None:
    with marking():
        outer = place(f"<div>{place('<p>inner</p>')}</div>")
    fragments: dict[int, Fragment] = {}
    staged = cut_page("p.md", f"x{outer}y", fragments)
    assert [f.html for f in fragments.values()] == [b"<div><p>inner</p></div>"]
    assert filled(staged, fragments) == unmarked(f"x{outer}y") == "x<div><p>inner</p></div>y"


def test_nothing_is_marked_for_an_empty_fragment() -> None:
    with marking():
        assert place("") == "" and place("\n") == "\n"


def _random_fragment(rng: random.Random) -> str:
    """A fragment of heading sections built from the tags and text the generator writes,
    and a few it does not, with entities, whitespace runs and excluded elements."""
    words = ["VPN", "drops", "&amp;", "&lt;x&gt;", "&quot;q&quot;", "&#x27;s", "·", "→",
             "  ", "\n", " \n  ", "a\tb", "☑", "2026-11-02 09:00", ""]

    def text() -> str:
        return "".join(rng.choice(words) for _ in range(rng.randint(0, 4)))

    def inline(depth: int, kept: bool = False) -> str:
        # Material's indexer fails on a kept tag (code, sub, sup) inside another one
        # (ValueError in its handle_endtag), which the generator never writes
        tags = ["span", "a", "em", "strong"] + ([] if kept else ["code", "sub", "sup"])
        parts = []
        for _ in range(rng.randint(0, 3)):
            kind = rng.random()
            if kind < 0.45 or depth > 2:
                parts.append(text())
            elif kind < 0.55:
                parts.append("<br>")
            else:
                tag = rng.choice(tags)
                attrs = rng.choice(["", ' class="ep-label"', ' href="../x/#y"',
                                    " data-search-exclude", ' title="a &gt; b"'])
                inner = inline(depth + 1, kept or tag in ("code", "sub", "sup"))
                parts.append(f"<{tag}{attrs}>{inner}</{tag}>")
        return "".join(parts)

    def block(depth: int) -> str:
        kind = rng.random()
        attrs = rng.choice(["", "", ' class="ep-meta"', " data-search-exclude"])
        if kind < 0.4 or depth > 1:
            return f"<p{attrs}>{inline(0, True)}</p>"
        if kind < 0.6:
            tag = rng.choice(["ol", "ul"])
            items = "\n".join(f"<li>{inline(0, True)}</li>" for _ in range(rng.randint(0, 3)))
            return f"<{tag}{attrs}>\n{items}\n</{tag}>"
        if kind < 0.7:
            return f"<pre{attrs}>{text()}\n  {text()}</pre>"
        if kind < 0.8:
            return (f"<table{attrs}><thead><tr><th>{inline(0)}</th></tr></thead><tbody>"
                    f"<tr><td>{inline(0)}</td></tr></tbody></table>")
        inner = rng.choice(["\n", "", " "]).join(block(depth + 1)
                                                 for _ in range(rng.randint(0, 2)))
        return f"<div{attrs}>{inner}</div>"

    sections = []
    for number in range(rng.randint(1, 4)):
        level = rng.choice(["h2", "h2", "h3"])
        heading = f'<{level} id="t{number}"><code>{number}</code> {inline(0, True)}</{level}>'
        body = rng.choice(["\n", ""]).join(block(0) for _ in range(rng.randint(0, 4)))
        shape = rng.random()
        if shape < 0.5:
            sections.append(f'<section class="ep-ticket">\n{heading}\n{body}\n</section>')
        elif shape < 0.7:  # a section inside another, and text of the outer one after it
            inner = f'<h4 id="t{number}-in">{inline(0, True)}</h4>\n{block(1)}'
            sections.append(f"<div>{heading}\n<div>{inner}</div>\n{body}</div>")
        else:
            sections.append(f"{heading}\n{body}")
    return rng.choice(["\n\n", "\n"]).join(sections)


@pytest.mark.parametrize("seed", range(400))
def test_random_fragments_give_materials_entries(seed: int) -> None:
    fragment = _random_fragment(random.Random(seed))
    try:
        expected = material_entries(HEAD + "\n" + fragment + "\n")
    except ValueError:  # Material's indexer fails on some nestings of excluded elements
        with pytest.raises(FragmentError):
            section_entries(fragment, URL)
        return
    try:
        entries = section_entries(fragment, URL)
    except FragmentError:
        # refused only when some text would have joined the page's own entry, or a
        # section would be titled with the page's title (its heading has no text)
        assert (expected[0]["text"] != material_entries(HEAD)[0]["text"]
                or any(entry["title"] == "Month" for entry in expected[1:]))
        return
    assert entries == expected[1:]


def test_an_attribute_value_naming_the_exclusion_excludes_nothing() -> None:
    # ticket text lands in title attributes; only the attribute itself excludes
    fragment = ('<h2 id="x">X</h2>\n<p><span title="a data-search-exclude b">kept</span>'
                '</p>\n<p data-search-exclude="">left out</p>')
    expected = material_entries(HEAD + "\n" + fragment + "\n")
    assert section_entries(fragment, URL) == expected[1:]
    assert expected[1]["text"] == "<p>kept</p>"
