"""The verifier a shared build runs on its own output (issue 11, defect 3).

Sites here are folders of files written by the test, so each output form is checked
on its own: prose, attribute values, comments, the JSON search index, a gzip sitemap.
Every test that expects no leak has a twin that expects one, so none passes vacuously.
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.read import docs
from generator.read.project import Project, load_project
from generator.read.settings import load_settings
from generator.render.placing import Fragment
from generator.schema.paths import HAND_WRITTEN
from generator.schema.settings import Audience
from generator.write import build
from generator.write.build import LeakError, build_site
from generator.write.leaks import WINDOW, InternalText, find_leaks, internal_texts

if TYPE_CHECKING:
    from conftest import ProjectFactory

NOTE = "Called the requestor back twice & the second time she said the share was fine."
NOTES = InternalText("tickets/2026/T1.md", "ticket notes", NOTE)
PAGE = InternalText("docs/strategy.md:1", "internal page", "# Strategy\n",
                    ("strategy/", "strategy.html"))
AS_OF = datetime(2026, 12, 1, 12, tzinfo=UTC)


def site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "site"
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def found(tmp_path: Path, files: dict[str, str | bytes],
          texts: tuple[InternalText, ...] = (NOTES, PAGE), public: str = "") -> list[str]:
    return [leak.format_text()
            for leak in find_leaks(site(tmp_path, files), list(texts), [lambda _: [public]])]


ESCAPED = "called the requestor back twice &amp; the second time she said"
OUTPUTS = {
    "prose": ("t/index.html", "<p>Called the <em>requestor</em> back twice &amp; the second"
                              " time she said the share was fine.</p>"),
    "attribute": ("t/index.html", f'<a title="{ESCAPED}">x</a>'),
    "comment": ("t/index.html", f"<p>x</p><!-- {NOTE} -->"),
    "search-index": ("search/search_index.json", json.dumps(
        {"docs": [{"location": "t/", "text": NOTE.replace("the", "th\u0065")}]},
        ensure_ascii=True)),
    "line-breaks": ("t/index.html", "<p>Called the requestor<br>\nback twice &amp; the"
                                    "\nsecond time she said</p>"),
}


@pytest.mark.parametrize("form", OUTPUTS)
def test_internal_text_is_found_in_every_output_form(tmp_path: Path, form: str) -> None:
    name, content = OUTPUTS[form]
    assert found(tmp_path, {name: content, "index.html": "<p>Home</p>"}) == [
        f"{name}: holds text of tickets/2026/T1.md (ticket notes):"
        " 'called the requestor back twice the second time'"
    ]


def test_an_internal_page_is_found_by_its_address_in_a_gzip_sitemap(tmp_path: Path) -> None:
    sitemap = gzip.compress(b"<urlset><url><loc>https://x.org/strategy/</loc></url></urlset>")
    assert found(tmp_path, {"sitemap.xml.gz": sitemap}) == [
        "sitemap.xml.gz: holds text of docs/strategy.md:1 (internal page): 'strategy/'"
    ]
    assert found(tmp_path / "b", {"sitemap.xml.gz": gzip.compress(b"<loc>/other/</loc>")}) == []


def test_text_the_public_sources_also_hold_is_not_a_leak(tmp_path: Path) -> None:
    files = {"t/index.html": f"<p>{NOTE}</p>"}
    assert found(tmp_path, files, public=f"Quoted on a shared page: {NOTE}") == []
    assert len(found(tmp_path / "b", files, public="Something else entirely.")) == 1


def test_a_run_shorter_than_the_window_is_not_looked_for(tmp_path: Path) -> None:
    short = " ".join(["word"] * (WINDOW - 1))
    texts = (InternalText("tickets/2026/T2.md", "ticket notes", short),)
    assert found(tmp_path, {"a.html": f"<p>{short}</p>"}, texts) == []
    longer = InternalText("tickets/2026/T2.md", "ticket notes", short + " word")
    assert len(found(tmp_path / "b", {"a.html": f"<p>{short} word</p>"}, (longer,))) == 1


def test_the_public_tier_is_read_only_when_something_is_found(tmp_path: Path) -> None:
    def public(_: set[str]) -> list[str]:
        raise AssertionError("read although nothing was found")

    root = site(tmp_path, {"index.html": "<p>Home</p>"})
    assert find_leaks(root, [NOTES], [public]) == []


TICKET = """\
---
title: Share permissions
opened: 2026-11-16T09:30
classification: incident
priority: low
tier: handle
status: open
---
The requestor said the share was fine after the second restart of the file server.
"""


def loaded(project: ProjectFactory) -> Project:
    root = project({
        "tickets/2026/T1.md": TICKET,
        "docs/policy.md": "# Policy\n\n<!-- audience: internal -->\nThe enforcement notes"
                          " are for the SC lead and nobody else to read.\n<!-- /audience -->\n",
        "docs/strategy.md": "---\naudience: internal\n---\n# Strategy\n",
    })
    settings, problems = load_settings(root / "mkdocs.yml")
    return load_project(settings, problems)


def test_every_internal_place_of_a_project_is_collected(project: ProjectFactory) -> None:
    texts = {(t.source, t.what, t.urls) for t in internal_texts(loaded(project))}
    assert texts == {
        ("tickets/2026/T1.md", "ticket notes", ()),
        ("docs/policy.md:4", "internal block", ()),
        ("docs/strategy.md:1", "internal page", ("strategy/", "strategy.html")),
    }


def fake_builder(html: str) -> object:
    """A builder that writes ``html`` as the site's only page."""
    def run(settings: object, **kwargs: object) -> int:
        folder = kwargs["site_dir"]
        assert isinstance(folder, Path)
        (folder / "t").mkdir(parents=True)
        (folder / "t" / "index.html").write_text(html, encoding="utf-8")
        return 0
    return run


LEAKED = "<p>The requestor said the share was fine after the second restart.</p>"


def test_a_shared_build_that_leaks_removes_its_site_and_says_where(
    project: ProjectFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(build, "run_builder", fake_builder(LEAKED))
    target = tmp_path / "out"
    with pytest.raises(LeakError) as raised:
        build_site(loaded(project), audience=Audience.SHARED, as_of=AS_OF, site_dir=target)
    assert [leak.format_text() for leak in raised.value.leaks] == [
        "t/index.html: holds text of tickets/2026/T1.md (ticket notes):"
        " 'the requestor said the share was fine after'"
    ]
    assert not target.exists()


@pytest.mark.parametrize("audience,html", [(Audience.SHARED, "<p>Tickets.</p>"),
                                           (Audience.INTERNAL, LEAKED)])
def test_a_clean_shared_build_and_any_internal_build_are_kept(
    project: ProjectFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    audience: Audience, html: str,
) -> None:
    monkeypatch.setattr(build, "run_builder", fake_builder(html))
    target = tmp_path / "out"
    assert build_site(loaded(project), audience=audience, as_of=AS_OF, site_dir=target) == 0
    assert (target / "t" / "index.html").read_text(encoding="utf-8") == html


def test_a_sentence_two_internal_texts_share_is_the_leaking_texts_own(tmp_path: Path) -> None:
    shared = "the SC lead reads these notes before every weekly meeting with the admins"
    texts = (InternalText("tickets/2026/T1.md", "ticket notes", shared),
             InternalText("docs/strategy.md:1", "internal page", f"{shared} and then decides"))
    assert found(tmp_path, {"a.html": f"<p>{shared} and then decides.</p>"}, texts) == [
        "a.html: holds text of docs/strategy.md:1 (internal page):"
        " 'the sc lead reads these notes before every'"
    ]


ENTRY = (
    "---\npractice: Secret practice\nrelevance: Internal only.\nkey_points: [a]\n"
    "audience: internal\n---\nBody.\n"
)


def test_the_shared_pages_are_rendered_from_a_project_without_internal_text(
    project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a renderer that forgot the audience could not show what is not there."""
    from generator.compute.site import SiteContext
    from generator.read.project import for_audience

    root = project({
        "tickets/2026/T1.md": TICKET,
        "docs/reference/itil/secret.md": ENTRY,
        "docs/reference/framework.md": "# F\n\n{{ checklist }}\n\n{{ response_window }}\n"
                                       "\n<!-- audience: internal -->\nHidden.\n"
                                       "<!-- /audience -->\n",
    }, config="site_name: Test\ndocs_dir: .build/docs\n")
    settings, problems = load_settings(root / "mkdocs.yml")
    whole = load_project(settings, problems)
    shared = for_audience(whole, Audience.SHARED)
    assert [t.body for t in shared.tickets] == [""]
    assert shared.knowledge.entries.practices == ()
    assert "Hidden" not in (shared.knowledge.framework or "x")
    assert for_audience(whole, Audience.INTERNAL) is whole
    monkeypatch.setattr(SiteContext, "internal", property(lambda self: True))
    generated = build.generate(whole, audience=Audience.SHARED, as_of=AS_OF)
    text = "\n".join(generated.rendered.values())
    assert "second restart" not in text and "Secret practice" not in text
    assert "Hidden." not in text
    assert "second restart" in "\n".join(
        build.generate(whole, audience=Audience.INTERNAL, as_of=AS_OF).rendered.values())


def test_an_address_is_found_only_whole(tmp_path: Path) -> None:
    """A public page below an internal page's address is not the internal page."""
    sitemap = "<loc>https://x.org/strategy/overview/</loc><loc>https://x.org/old-strategy/</loc>"
    assert found(tmp_path, {"sitemap.xml": sitemap}) == []
    assert len(found(tmp_path / "b", {"sitemap.xml": "<loc>https://x.org/strategy/#a</loc>"})) == 1


@pytest.mark.parametrize("sections", [False, True])
def test_text_in_a_placed_fragment_is_verified_where_it_lands(
    project: ProjectFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sections: bool
) -> None:
    """Fragments put back after the builder (and the search entries made of them) are
    in the site when the verifier reads it: a leak inside one fails the build."""
    fragment = ('<section><h2 id="T1">T1</h2>\n' + LEAKED + "\n</section>" if sections
                else LEAKED)
    monkeypatch.setattr(build, "run_builder", fake_builder("<!--ep:fragment 0-->"))
    index = tmp_path / "out" / "search" / "search_index.json"
    generated = build.Generated(pages=1, written=(), fragments={
        0: Fragment("t.md", fragment.encode(), sections)})
    target = tmp_path / "out"
    with pytest.raises(LeakError) as raised:
        build_site(loaded(project), audience=Audience.SHARED, as_of=AS_OF, site_dir=target,
                   generated=generated)
    assert [leak.output for leak in raised.value.leaks] == ["t/index.html"]
    assert not index.exists() and not target.exists()


def test_a_placed_fragments_search_entry_is_verified(
    project: ProjectFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def builder(settings: object, **kwargs: object) -> int:
        folder = kwargs["site_dir"]
        assert isinstance(folder, Path)
        fake_builder("<!--ep:fragment 0-->")(settings, **kwargs)
        (folder / "search").mkdir()
        (folder / "search" / "search_index.json").write_text(
            json.dumps({"docs": [{"location": "t/", "title": "T", "text": ""}]}))
        return 0

    # the entry made from the placed section joins the index before the verifier reads it
    fragment = f'<section><h2 id="T1">T1</h2>\n{LEAKED}\n</section>'
    monkeypatch.setattr(build, "run_builder", builder)
    generated = build.Generated(pages=1, written=(), fragments={
        0: Fragment("t.md", fragment.encode(), True)})
    with pytest.raises(LeakError) as raised:
        build_site(loaded(project), audience=Audience.SHARED, as_of=AS_OF,
                   site_dir=tmp_path / "out", generated=generated)
    assert sorted(leak.output for leak in raised.value.leaks) == [
        "search/search_index.json", "t/index.html"]


def test_a_shared_build_reads_each_file_of_docs_once(
    project: ProjectFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Loading, staging and both readings of the verifier share one reading of docs/."""
    root = project({"tickets/2026/T1.md": TICKET, "docs/policy.md": "# Policy\n\nRules.\n",
                    "docs/guides/start.md": "# Start\n"},
                   config="site_name: Test\ndocs_dir: .build/docs\n")
    read: list[str] = []
    real = docs.read_docs_file

    def counted(rel: str, data: bytes, folder: str = HAND_WRITTEN) -> docs.DocsFile:
        read.append(rel)
        return real(rel, data, folder)

    monkeypatch.setattr(docs, "read_docs_file", counted)
    monkeypatch.setattr(build, "run_builder", fake_builder("<p>Rules.</p>"))
    settings, problems = load_settings(root / "mkdocs.yml")
    whole = load_project(settings, problems, internal=False)
    generated = build.generate(whole, audience=Audience.SHARED, as_of=AS_OF)
    assert build_site(whole, audience=Audience.SHARED, as_of=AS_OF,
                      site_dir=tmp_path / "out", generated=generated) == 0
    assert (root / ".build" / "docs" / "policy.md").is_file()
    assert sorted(read) == ["guides/start.md", "policy.md"]
