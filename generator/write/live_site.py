"""An MkDocs site kept loaded between builds, for the live preview: after an edit, only
the pages whose staged source changed are rendered again.

``mkdocs serve`` rebuilds the whole site on every change, and its ``--dirty`` mode
leaves the search index holding only the changed pages (Material's index merge keeps
one page). Here the configuration, the files, the navigation and every rendered page
stay in memory: :meth:`LiveSite.update` re-reads and re-renders the changed pages,
writes only their HTML, and rewrites the search index from every page's entries (kept
per page, so the index stays whole). A change that could alter other pages (a page
added or removed, a new title of a page in the navigation, the theme overrides or the
configuration) rebuilds everything, as ``mkdocs serve`` would.

The pages are staged with their big fragments set aside (:mod:`generator.render.placing`),
as ``escalation build`` stages them: when MkDocs has rendered a page, its fragments are
put back before it is written (:func:`generator.write.placement.fill_page`, the step
``escalation build`` runs on the built site), and its search entries are the builder's
plus those of its placed sections. A page whose fragments changed while its staged
Markdown did not is rendered again like any changed page.

This drives MkDocs 1.6's build steps itself (``mkdocs.commands.build``), the same calls
``mkdocs build`` makes, in the same order; ProperDocs keeps that module. Zensical has
no Python build loop to drive: a preview uses MkDocs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from generator.render.placing import Fragment
from generator.write.placement import PlacementError, fill_page, page_url

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Update:
    """What one :meth:`LiveSite.update` did."""

    pages: tuple[str, ...]
    """The pages rendered again (source paths in the staging folder)."""
    full: bool
    """Whether the whole site was rebuilt."""


class LiveSite:
    """The staged site built by MkDocs into ``site_dir``, kept loaded for updates."""

    def __init__(self, config_file: Path, site_dir: Path, serve_url: str) -> None:
        self.config_file = config_file
        self.site_dir = site_dir
        self.serve_url = serve_url
        self.lock = threading.Lock()
        """Held while the site is being written (one build at a time)."""
        self._config: MkDocsConfig | None = None
        self._files: Files | None = None
        self._nav: Navigation | None = None
        self._env: Any = None
        self._entries: dict[str, list[Any]] = {}
        """Search entries of every page, by source path."""
        self._titles: dict[str, str | None] = {}
        self._fragments: Mapping[int, Fragment] = {}
        self._keys: dict[str, set[int]] = {}
        """The keys of each page's fragments, by source path."""
        self._placed: dict[str, list[dict[str, str]]] = {}
        """Search entries of the placed sections of every page, by source path."""
        self._config_mtime: int | None = None

    # -- the full build ------------------------------------------------------------

    def build_all(self, first: Collection[str] = (),
                  on_first: Callable[[], None] | None = None,
                  fragments: Mapping[int, Fragment] | None = None) -> None:
        """Load the configuration afresh and build every page.

        ``fragments`` are those the staged pages hold placeholders of (none: the ones
        of the last build).

        The pages ``first`` (the ones a browser asks for first) are written before the
        others, with the theme's assets, and then ``on_first`` is called: a server can
        answer them while the rest is built. The search index is written last.
        """
        with self.lock:
            self._set_fragments(fragments)
            self._load()
            assert self._files is not None
            pages = self._pages()
            early = [p for p in pages if p.file.src_uri in first]
            for page in early:
                self._render(page)
            self._files.copy_static_files(inclusion=InclusionLevel.is_in_serve)
            self._theme_templates()
            for page in early:
                self._write(page)
            if on_first is not None:
                on_first()
            rest = [p for p in pages if p.file.src_uri not in first]
            for page in rest:
                self._render(page)
            self._finish_env()
            for page in rest:
                self._write(page)
            # again: written before the other pages were rendered, their navigation and
            # that of the theme's templates (404.html) lacked those pages' titles (a
            # section titled by its index page showed "None")
            for page in early:
                self._write(page)
            self._theme_templates()
            self._write_search_index()
            self._titles = {p.file.src_uri: p.title for p in pages}

    def _load(self) -> None:
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir))
        config.site_url = self.serve_url
        config.plugins.on_startup(command="serve", dirty=False)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            if file.page is None:
                Page(None, file, config)
        self._config, self._files, self._nav, self._env = config, files, nav, env
        # last of all post_page handlers: the fragments go in as the build's go in after it
        config.plugins.events["post_page"].append(self._fill)
        self._entries = {}
        self._placed = {}
        self._config_mtime = self._config_time()

    def _finish_env(self) -> None:
        assert self._config is not None and self._files is not None
        self._env = self._config.plugins.on_env(self._env, config=self._config,
                                                files=self._files)

    def _theme_templates(self) -> None:
        config = self._config
        assert config is not None and self._files is not None and self._nav is not None
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, self._env, self._files, config,
                                               self._nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, self._files, config, self._nav)

    def _pages(self) -> list[Page]:
        assert self._files is not None
        pages = []
        for file in self._files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            assert file.page is not None
            pages.append(file.page)
        return pages

    # -- one page ----------------------------------------------------------------

    def _render(self, page: Page) -> None:
        """Read and render the page's Markdown (MkDocs' ``_populate_page``)."""
        assert self._config is not None and self._files is not None
        mkdocs_build._populate_page(page, self._config, self._files)

    def _write(self, page: Page) -> None:
        """Render the page into the theme and write it; keep its search entries."""
        config = self._config
        assert config is not None and self._files is not None and self._nav is not None
        index = self._search_index()
        before = len(index) if index is not None else 0
        docs = self._files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        mkdocs_build._build_page(page, config, docs, self._nav, self._env,
                                 excluded=page.file.inclusion.is_excluded())  # type: ignore[no-untyped-call]
        if index is not None:
            self._entries[page.file.src_uri] = index[before:]
            del index[before:]

    def _set_fragments(self, fragments: Mapping[int, Fragment] | None) -> None:
        if fragments is None:
            return
        keys: dict[str, set[int]] = {}
        for key, fragment in fragments.items():
            keys.setdefault(fragment.page, set()).add(key)
        self._fragments, self._keys = fragments, keys

    def _fill(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """The ``post_page`` event: the rendered page with its fragments put back, its
        placed sections' search entries kept."""
        src = page.file.src_uri
        keys = self._keys.get(src)
        if not keys:
            self._placed.pop(src, None)
            return output
        url = page_url(self.site_dir, Path(page.file.abs_dest_path))
        filled = fill_page(output.encode("utf-8"), src, url, self._fragments)
        if filled.placed != keys:
            raise PlacementError(f"{len(keys - filled.placed)} placed fragment(s) are"
                                 f" missing from the built page of {src}")
        self._placed[src] = filled.entries
        return filled.html.decode("utf-8")

    def _search_index(self) -> list[Any] | None:
        """The entries list of the search plugin (Material's, or MkDocs' own), if any."""
        assert self._config is not None
        for name in ("material/search", "search"):
            plugin = self._config.plugins.get(name)
            index = getattr(plugin, "search_index", None)
            for attribute in ("entries", "_entries"):
                entries = getattr(index, attribute, None)
                if isinstance(entries, list):
                    return entries
        return None

    def _write_search_index(self) -> None:
        """The search index of every page, in the order of the site's pages."""
        config = self._config
        assert config is not None
        index = self._search_index()
        if index is not None:
            index[:] = [entry for page in self._pages() for part in (self._entries, self._placed)
                        for entry in part.get(page.file.src_uri, ())]
        config.plugins.on_post_build(config=config)
        if index is not None:
            index.clear()

    # -- an update ---------------------------------------------------------------

    def update(self, changed: Collection[str], *, full: bool = False,
               fragments: Mapping[int, Fragment] | None = None) -> Update:
        """Bring the site up to date after the staged files ``changed`` (paths in the
        staging folder) were written, or the ``fragments`` of pages in ``changed``
        changed; ``full`` when pages were added or removed or the theme overrides
        changed: everything is built again."""
        with self.lock:
            self._set_fragments(fragments)
            assert self._files is not None
            known = {p.file.src_uri: p for p in self._pages()}
            static = {f.src_uri for f in self._files if not f.is_documentation_page()}
            pages = [known[rel] for rel in changed if rel in known]
            rest = [rel for rel in changed if rel not in known and rel not in static]
            if full or rest or self._config_time() != self._config_mtime:
                full = True
            else:
                for page in pages:
                    self._render(page)
                full = any(page.title != self._titles.get(page.file.src_uri)
                           and self._in_nav(page) for page in pages)
            if not full:
                self._copy_static([rel for rel in changed if rel in static])
                for page in pages:
                    self._write(page)
                self._write_search_index()
                return Update(tuple(p.file.src_uri for p in pages), full=False)
        self.build_all(first=changed, fragments=fragments)
        return Update(tuple(p.file.src_uri for p in self._pages()), full=True)

    def _in_nav(self, page: Page) -> bool:
        assert self._nav is not None
        return page in self._nav.pages

    def _copy_static(self, changed: list[str]) -> None:
        assert self._files is not None
        for rel in changed:
            file = self._files.get_file_from_path(rel)
            if file is not None:
                file.copy_file()

    def _config_time(self) -> int | None:
        """The configuration file's modification time (a change reloads everything)."""
        try:
            return self.config_file.stat().st_mtime_ns
        except OSError:
            return None
