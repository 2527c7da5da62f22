"""Generate the pages, stage them, and run the site builder (MkDocs or Zensical).

This is the only module that knows the builders exist, and it knows them only as
commands: the generator writes plain Markdown into the staging folder first, so the
pages are the same whichever builder turns them into HTML.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.compute.memo import Memo
from generator.compute.site import build_context
from generator.read.project import Project, for_audience
from generator.render.families import consumed, render_site
from generator.render.layout import LaidOut
from generator.render.placing import FilledPages, Fragment
from generator.schema.problems import Problem, Severity
from generator.schema.settings import Audience, Settings
from generator.write.leaks import Leak, verify_shared_site
from generator.write.owned import Refusal, mark, refusal
from generator.write.placement import PlacementError, fill_site
from generator.write.staging import stage

BUILDERS = ("mkdocs", "properdocs", "zensical")
PLACING = frozenset({"mkdocs", "properdocs"})
"""The builders whose pages get their fragments after parsing: their search index is
Material's, whose entries :mod:`generator.write.search_entries` makes. Zensical parses
HTML in Rust, fast enough, and writes an index of its own, so it gets whole pages."""


@dataclass(frozen=True, slots=True)
class Generated:
    """The outcome of one generation: pages written to the staging folder."""

    pages: int
    """How many pages were generated."""
    written: tuple[str, ...]
    """Every staged file that changed: generated pages, hand-written pages, assets."""
    changed_pages: int = 0
    """How many of the generated pages changed."""
    rendered: Mapping[str, str] = field(default_factory=dict)
    """The generated pages (staged path → text), for the verifier of a shared build."""
    fragments: Mapping[int, Fragment] = field(default_factory=dict)
    """The fragments staged as placeholders, put back by :func:`build_site`."""
    visible: Project | None = None
    """The project as the audience sees it, which the pages were rendered from."""


def generate(
    project: Project,
    *,
    audience: Audience,
    as_of: datetime,
    problems: Iterable[Problem] = (),
    notice: str | None = None,
    place: bool = False,
    layout: LaidOut | None = None,
    memo: Memo | None = None,
) -> Generated:
    """Render every page for ``audience`` as of ``as_of`` and sync the staging folder.

    ``problems`` are shown on the dashboard (live preview of broken records); ``notice``
    at the top of every page (the live preview's as-of time). With ``place``, the big
    per-ticket fragments are staged as placeholders, for :func:`build_site` to put back
    after the builder has run (:data:`PLACING`). ``layout`` keeps the pages' layout
    from one generation to the next (the live preview), and ``memo`` what the figures
    and fragments of unchanged records were (:mod:`generator.compute.memo`): the pages
    are the same as without them.
    """
    shown = tuple(p.format_text() for p in problems if p.severity is Severity.ERROR)
    # the pages are rendered from what the audience may see, not filtered afterwards
    visible = for_audience(project, audience)
    context = build_context(visible, as_of=as_of, audience=audience, problems=shown,
                            memo=memo)
    fragments: dict[int, Fragment] = {}
    if place:
        staged = render_site(visible, context, fragments, layout)
        pages: Mapping[str, str] = FilledPages(staged, fragments)
    else:
        staged = pages = render_site(visible, context, layout=layout)
    written = stage(project.settings, audience, staged, skip=consumed(project),
                    internal=visible.internal, docs=project.docs, notice=notice)
    changed = sum(1 for path in written if path in pages)
    return Generated(pages=len(pages), written=tuple(written), changed_pages=changed,
                     rendered=pages, fragments=fragments, visible=visible)


def builder_command(
    builder: str, settings: Settings, site_dir: Path | None, strict: bool
) -> list[str]:
    """The command line that builds the staged site with ``builder``."""
    config = str(settings.root / settings.config_path)
    if builder == "zensical":
        exe = os.environ.get("ESCALATION_ZENSICAL") or shutil.which("zensical")
        if not exe:
            raise FileNotFoundError(
                "zensical is not installed: pip install zensical (or set ESCALATION_ZENSICAL)"
            )
        # Zensical has no --site-dir: it writes to mkdocs.yml's site_dir (moved afterwards).
        return [exe, "build", "--config-file", config, "--clean"]
    # ProperDocs continues MkDocs 1.6 with the same command line, run from the same Python.
    if builder == "properdocs" and importlib.util.find_spec("properdocs") is None:
        raise FileNotFoundError("properdocs is not installed: pip install properdocs")
    command = [sys.executable, "-m", builder, "build", "--config-file", config, "--clean"]
    if site_dir is not None:
        command += ["--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    return command


SITE_MARKER = ".escalation-site"
"""A file the build leaves in the site folder: it only ever wipes a folder it built."""


class SiteDirError(Exception):
    """The site folder is not the build's to wipe; the message says why and what to do."""


def site_folders(settings: Settings, builder: str, site_dir: Path | None) -> list[Path]:
    """The folders the builder wipes, each refused unless it is a site folder of its own."""
    configured = settings.root / settings.site_dir
    folders = [site_dir or configured]
    if builder == "zensical" and site_dir is not None:
        folders.append(configured)  # Zensical builds there, then the site is moved
    for folder in folders:
        why = refusal(settings.root, folder, SITE_MARKER, settings.internal_dir)
        shown = folder if folder is site_dir else settings.site_dir
        if why is Refusal.INTERNAL:
            raise SiteDirError(
                f"site folder {str(shown)!r}: the builder empties it, so it must be a folder"
                f" of its own (such as site/), apart from the internal source (internal_dir"
                f" {settings.internal_dir!r})"
            )
        if why is Refusal.SHARED:
            raise SiteDirError(
                f"site folder {str(shown)!r}: the builder empties it, so it must be a folder"
                " of its own (such as site/), not the project, docs/, tickets/, admins/ or"
                " .github/, nor a folder holding them"
            )
        if why is Refusal.FOREIGN:
            raise SiteDirError(
                f"site folder {str(shown)!r} already holds files the build did not write (no"
                f" {SITE_MARKER} file); remove it or choose a new folder"
            )
    return folders


def run_builder(
    settings: Settings, *, builder: str = "mkdocs", site_dir: Path | None = None,
    strict: bool = False, quiet: bool = False,
) -> int:
    """Run the site builder on the staged pages; its exit status."""
    folders = site_folders(settings, builder, site_dir)
    command = builder_command(builder, settings, site_dir, strict)
    if builder == "mkdocs" and quiet:
        command.append("--quiet")
    # Material's end-of-life notice is printed on every build; the README covers Zensical.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=settings.root, env=env, check=False)
    if result.returncode == 0 and builder == "zensical" and site_dir is not None:
        built = settings.root / settings.site_dir
        if built.resolve() != site_dir.resolve():
            shutil.rmtree(site_dir, ignore_errors=True)
            shutil.move(built, site_dir)
    if result.returncode == 0 and folders[0].is_dir():
        mark(folders[0], SITE_MARKER, "Built by escalation-pathway: this folder is wiped on"
             " every build.\n")
    return result.returncode


class LeakError(Exception):
    """The shared site held internal text; it was removed. ``leaks`` says where."""

    def __init__(self, leaks: list[Leak]) -> None:
        super().__init__(f"{len(leaks)} file(s) of the shared site held internal text")
        self.leaks = leaks


def build_site(
    project: Project, *, audience: Audience, as_of: datetime, builder: str = "mkdocs",
    site_dir: Path | None = None, strict: bool = False, quiet: bool = False,
    generated: Generated | None = None,
) -> int:
    """Run the builder on the staged pages and, for the shared audience, verify the site.

    The fragments ``generated`` staged as placeholders are put back into the built pages
    first (:func:`~generator.write.placement.fill_site`); if one cannot be, the site
    folder is removed and :class:`~generator.write.placement.PlacementError` says why.
    Every file of a shared site is searched for internal text
    (:func:`~generator.write.leaks.verify_shared_site`; ``generated`` is the generation
    of the staged pages, whose text is public). If any is found, the site folder is
    removed, so that nothing can publish it, and :class:`LeakError` says where.
    """
    settings = project.settings
    status = run_builder(settings, builder=builder, site_dir=site_dir, strict=strict,
                         quiet=quiet)
    site = site_dir or settings.root / settings.site_dir
    if status == 0 and generated is not None and generated.fragments:
        try:
            fill_site(site, generated.fragments)
        except PlacementError:
            shutil.rmtree(site, ignore_errors=True)
            raise
    if status == 0 and audience is Audience.SHARED:
        leaks = verify_shared_site(project, site, as_of,
                                   generated.rendered if generated else None,
                                   generated.visible if generated else None)
        if leaks:
            shutil.rmtree(site, ignore_errors=True)
            raise LeakError(leaks)
    return status
