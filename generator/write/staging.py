"""Assemble the folder the site builder reads: hand-written docs plus generated pages.

``docs/`` holds only hand-written pages and entries; generated pages are never
committed. Both go into the staging folder named by ``docs_dir`` in ``mkdocs.yml``
(``.build/docs``), which MkDocs and Zensical build alike. For the shared audience,
internal pages and internal blocks are left out here, before any builder sees them, so
they cannot reach any output file (HTML, search index or sitemap).

Files are written only when their content changed, and files no longer produced are
removed, so a live-preview server rebuilds only what changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from generator.read.docs import DocsError, DocsFolder, hand_written_pages
from generator.read.internal import InternalSource
from generator.render.templating import markdown_text
from generator.schema.settings import Audience, Settings
from generator.write.owned import Refusal, refusal

OVERRIDES = ".build/overrides"
ASSETS = ("escalation.css", "tables.js", "forms.css", "forms.js", "layout.css", "print.css",
          "layout.js")


class StagingError(Exception):
    """The staging folder or a hand-written page cannot be used; the message says why."""


MARKER = ".escalation-staging"
"""A file the generator keeps in its staging folder: it only ever empties a folder it made."""


def staging_folder(settings: Settings) -> Path:
    """``docs_dir`` from mkdocs.yml, refused unless it is a folder of its own.

    Syncing deletes every file the generator did not produce, so the folder must not
    hold or contain the records, the hand-written docs or the configuration.
    """
    staging = (settings.root / settings.docs_dir).resolve()
    why = refusal(settings.root, staging, MARKER, settings.internal_dir)
    if why is Refusal.INTERNAL:
        raise StagingError(
            f"mkdocs.yml: docs_dir {settings.docs_dir!r} must be a folder of generated pages"
            f" of its own (such as .build/docs), apart from the internal source (internal_dir"
            f" {settings.internal_dir!r})"
        )
    if why is Refusal.SHARED:
        raise StagingError(
            f"mkdocs.yml: docs_dir {settings.docs_dir!r} must be a folder of generated pages"
            " of its own (such as .build/docs), not the project, docs/, tickets/ or admins/"
        )
    if why is Refusal.FOREIGN:
        raise StagingError(
            f"mkdocs.yml: docs_dir {settings.docs_dir!r} already holds files the generator"
            f" did not write (no {MARKER} file); remove the folder or point docs_dir at a new"
            " one such as .build/docs"
        )
    return staging


def asset_files() -> dict[str, bytes]:
    """The site's own stylesheet and table script."""
    package = resources.files("generator.render") / "assets"
    return {f"assets/escalation/{name}": (package / name).read_bytes() for name in ASSETS}


def overrides(settings: Settings, audience: Audience, notice: str | None = None
              ) -> dict[str, bytes]:
    """Theme overrides: the confidentiality banner on internal builds, an offline repo link,
    and ``notice`` on every page when given (the live preview's as-of time)."""
    # The banner and the notice are data: every character that HTML or Jinja could read
    # as markup or as a delimiter ('<', '&', '{', '#', ...) arrives as a character reference.
    parts = []
    if audience is Audience.INTERNAL:
        parts.append(f'<strong class="ep-banner">{markdown_text(settings.banner)}</strong>')
    if notice is not None:
        parts.append(f'<span class="ep-preview-as-of">{markdown_text(notice)}</span>')
    block = f"{{% block announce %}}{' '.join(parts)}{{% endblock %}}" if parts else ""
    text = '{% extends "base.html" %}\n' + block + "\n"
    return {"main.html": text.encode("utf-8"), "partials/source.html": SOURCE_LINK}


# The theme's repository link without data-md-component="source": with it, Material's
# script asks api.github.com (or GitLab's API) for stars and forks on every visit.
SOURCE_LINK = b"""\
<a href="{{ config.repo_url | e }}" title="{{ lang.t('source') }}" class="md-source">
  <div class="md-source__icon md-icon">
    {% set icon = config.theme.icon.repo or "fontawesome/brands/git-alt" %}
    {% include ".icons/" ~ icon ~ ".svg" %}
  </div>
  <div class="md-source__repository">{{ config.repo_name | e }}</div>
</a>
"""


def sync_folder(folder: Path, files: Mapping[str, bytes]) -> list[str]:
    """Make ``folder`` hold exactly ``files``; write only changed ones. Returns those written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for rel, data in files.items():
        target = folder / rel
        try:
            if target.read_bytes() == data:
                continue
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        written.append(rel)
    wanted = set(files)
    for path in sorted(folder.rglob("*"), reverse=True):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


def stage(
    settings: Settings,
    audience: Audience,
    generated: Mapping[str, str],
    skip: frozenset[str] = frozenset(),
    internal: InternalSource | None = None,
    notice: str | None = None,
    docs: DocsFolder | None = None,
) -> list[str]:
    """Write hand-written and generated pages into the staging folder; return changed paths.

    ``internal`` is the internal source of an internal build: its pages join the
    hand-written ones and its additions are added to theirs (a shared build has none).
    ``notice`` is shown at the top of every page (see :func:`overrides`).
    ``docs`` is docs/ as the project was loaded with (else it is read now).
    """
    staging = staging_folder(settings)
    try:
        files = hand_written_pages(settings, audience, skip, docs)
    except DocsError as exc:
        raise StagingError(str(exc)) from None
    own = {file.rel for file in internal.files} if internal is not None else set()
    if internal is not None:
        files = internal.join(files)
    clash = sorted(set(files) & set(generated))
    if clash:
        shown = internal.shown(clash[0]) if internal is not None and clash[0] in own \
            else f"docs/{clash[0]}"
        raise StagingError(f"{shown} has the path of a generated page; rename or remove it")
    files.update({path: text.encode("utf-8") for path, text in generated.items()})
    files.update(asset_files())
    files[MARKER] = b"Generated by escalation-pathway: this folder is rewritten on every build.\n"
    themes = settings.root / OVERRIDES
    if refusal(settings.root, themes, MARKER, settings.internal_dir) is Refusal.INTERNAL:
        raise StagingError(f"mkdocs.yml: internal_dir {settings.internal_dir!r} overlaps"
                           f" {OVERRIDES}, which every build rewrites; move the internal source")
    written = sync_folder(staging, files)
    sync_folder(themes, overrides(settings, audience, notice))
    return written


def clean(settings: Settings) -> None:
    """Remove the staging folder (used by tests and ``--clean``)."""
    shutil.rmtree(staging_folder(settings), ignore_errors=True)
