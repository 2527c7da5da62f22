"""No output file loads a resource from another host: the site works offline and leaks
no request (no Google Fonts, no CDN scripts or stylesheets, no external images)."""

from __future__ import annotations

import re

import pytest
from site_build import BuiltSite
from sitehtml import parse

pytestmark = pytest.mark.e2e

# Attributes that make the browser fetch something (links to other sites are fine).
_RESOURCE_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link rel=…> values that fetch their href.
_FETCHING_RELS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon",
                  "modulepreload", "manifest", "apple-touch-icon", "shortcut"}
_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_CSS_REMOTE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*(?:https?:)?//""",
                         re.IGNORECASE)


def remote_resources(html: str) -> list[str]:
    """Every resource of a page that points at a host (absolute or protocol-relative)."""
    found = []
    for el in parse(html).iter():
        attrs = list(_RESOURCE_ATTRS.get(el.tag, ()))
        if el.tag == "link" and _FETCHING_RELS & set(el.attrs.get("rel", "").lower().split()):
            attrs.append("href")
        for name in attrs:
            value = el.attrs.get(name, "")
            if any(_REMOTE.match(part) for part in value.split(",")):
                found.append(f"<{el.tag} {name}={value!r}>")
        style = el.attrs.get("style", "")
        if _CSS_REMOTE.search(style):
            found.append(f"<{el.tag} style={style!r}>")
        if el.tag == "style" and _CSS_REMOTE.search(el.raw_text):
            found.append("<style> with a remote url()")
    return found


@pytest.mark.parametrize("site_name", ["internal_site", "shared_site"])
def test_no_page_loads_a_resource_from_another_host(
    site_name: str, request: pytest.FixtureRequest
) -> None:
    site: BuiltSite = request.getfixturevalue(site_name)
    found = {}
    for url in site.html_pages():
        remote = remote_resources(site.html(url))
        if remote:
            found[url or "(home)"] = remote
    assert not found, found


def test_stylesheets_import_nothing_remote(internal_site: BuiltSite) -> None:
    found = [
        file.relative_to(internal_site.site).as_posix()
        for file in internal_site.files()
        if file.suffix == ".css" and _CSS_REMOTE.search(file.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_no_google_fonts_anywhere(internal_site: BuiltSite) -> None:
    for file in internal_site.files():
        data = internal_site.contents(file)
        assert b"fonts.googleapis" not in data, file
        assert b"fonts.gstatic" not in data, file


def test_the_checker_itself_finds_remote_resources() -> None:
    page = """<html><head>
      <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
      <script src="//cdn.example.com/x.js"></script></head>
      <body><img src="http://example.com/a.png"><a href="https://example.com/">fine</a>
      <div style="background: url('https://example.com/b.png')"></div></body></html>"""
    assert remote_resources(page) == [
        "<link href='https://fonts.googleapis.com/css?family=Roboto'>",
        "<script src='//cdn.example.com/x.js'>",
        "<img src='http://example.com/a.png'>",
        "<div style=\"background: url('https://example.com/b.png')\">",
    ]
