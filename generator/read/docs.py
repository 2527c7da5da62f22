"""The hand-written pages of ``docs/`` and the audience each may reach.

Every page is read by the one audience grammar (:mod:`generator.read.audience`): a page
marked ``audience: internal``, every internal block, and every page or file the grammar
cannot read is left out of a shared build here, before any builder sees it, so it
cannot reach any output file. ``check`` reports the same problems (:func:`read_docs_audience`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.read.audience import AudienceReading, other_file_problems, read_audience
from generator.schema.paths import DATA_FOLDERS, HAND_WRITTEN
from generator.schema.problems import Problem
from generator.schema.settings import Audience, Settings

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
"""What MkDocs renders as a page (``mkdocs.utils.markdown_extensions``); the rest of
docs/ is published byte for byte."""


class DocsError(Exception):
    """A hand-written page cannot be read; the message says which and why."""


@dataclass(frozen=True, slots=True)
class DocsFile:
    """One file of docs/ as read: its bytes and, for a page, its audience reading."""

    rel: str
    """The path relative to docs/."""
    data: bytes
    reading: AudienceReading | None
    """The page as the audience grammar reads it; None for a file that is not a page."""
    problems: tuple[Problem, ...]

    def for_audience(self, audience: Audience) -> bytes | None:
        """The bytes ``audience`` may see, or None when the file is left out."""
        if audience is Audience.INTERNAL:
            return self.data if self.reading is None else self.reading.text.encode("utf-8")
        if self.reading is None:
            return None if self.problems else self.data
        shown = self.reading.for_audience(audience)
        return None if shown is None else shown.encode("utf-8")


def for_audience(text: str, audience: Audience, *, front_matter: bool = True) -> str | None:
    """A page's (or, without ``front_matter``, an entry body's) text as ``audience`` may
    see it, or None if it is internal or cannot be read by the audience grammar."""
    return read_audience(text, "", front_matter=front_matter).for_audience(audience)


def walk_pages(base: Path, skip: frozenset[str] = frozenset(), boundary: Path | None = None,
               data: tuple[str, ...] = DATA_FOLDERS) -> Iterator[tuple[str, Path, bool]]:
    """(path relative to ``base``, file, whether it is inside ``boundary``) of each file
    of a folder of pages (docs/ or the internal source), hidden ones, ``skip`` and the
    ``data`` folders left out.

    A file outside ``boundary`` (reached through a link) is not what the repository
    reviews; the reader refuses it."""
    if not base.is_dir():
        return
    bound = (boundary or base).resolve()
    for path in sorted(base.rglob("*")):
        parts = path.relative_to(base).parts
        if not path.is_file() or any(part.startswith(".") for part in parts):
            continue
        rel = "/".join(parts)
        if rel in skip or rel.startswith(data):
            continue
        yield rel, path, path.resolve().is_relative_to(bound)


def _walk(settings: Settings, skip: frozenset[str]) -> Iterator[tuple[str, Path, bool]]:
    """(path relative to docs/, file, whether it is inside the project) of each file."""
    return walk_pages(settings.root / HAND_WRITTEN, skip, settings.root)


def read_docs_file(rel: str, data: bytes, folder: str = HAND_WRITTEN) -> DocsFile:
    """Read one file of docs/ (or of the pages' ``folder``; ``rel`` relative to it);
    :class:`DocsError` if a page is not UTF-8."""
    shown = f"{folder}/{rel}"
    if not rel.endswith(MARKDOWN_SUFFIXES):
        return DocsFile(rel, data, None, tuple(other_file_problems(data, shown)))
    try:
        # Normalised first: the audience markers must match in CRLF files too.
        text = data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise DocsError(f"{shown}: not valid UTF-8 text") from None
    reading = read_audience(text, shown)
    return DocsFile(rel, data, reading, reading.problems)


@dataclass(frozen=True, slots=True)
class DocsFolder:
    """docs/ read once: every file the lenient reader of ``check`` reads, and the first
    reason the strict reader of a build refuses the folder (None: it does not)."""

    skip: frozenset[str]
    """The paths left out (the files the knowledge base reads as data)."""
    files: tuple[DocsFile, ...]
    refusal: DocsError | OSError | None = None

    def published(self) -> list[DocsFile]:
        """Every file, as :func:`read_docs` returns them; raises what it would raise."""
        if self.refusal is not None:
            raise self.refusal
        return list(self.files)


def read_docs_folder(settings: Settings, skip: frozenset[str] = frozenset()) -> DocsFolder:
    """Read every file of docs/ once, for ``check`` and for the build alike."""
    files: list[DocsFile] = []
    refusal: DocsError | OSError | None = None
    for rel, path, inside in _walk(settings, skip):
        if not inside:
            # a link would publish whatever it points at, outside what the repository reviews
            refusal = refusal or DocsError(
                f"{HAND_WRITTEN}/{rel}: links to a file outside the project; copy the page"
                " into docs/ instead")
            continue
        try:
            files.append(read_docs_file(rel, path.read_bytes()))
        except (DocsError, OSError) as exc:
            refusal = refusal or exc
    return DocsFolder(skip, tuple(files), refusal)


def read_docs(settings: Settings, skip: frozenset[str] = frozenset(),
              folder: DocsFolder | None = None) -> list[DocsFile]:
    """Every file of ``docs/`` that is published as a page or as it is, read (taken from
    ``folder`` when it was read with the same ``skip``)."""
    if folder is None or folder.skip != skip:
        folder = read_docs_folder(settings, skip)
    return folder.published()


@dataclass(frozen=True, slots=True)
class InternalPlace:
    """Where a page of docs/ holds text only the internal build shows."""

    rel: str
    """The page's path relative to docs/."""
    line: int
    """The line of the page's audience (1) or of the block's opening marker."""
    whole: bool
    """Whether the whole page is internal (else one block of it)."""


def read_docs_audience(settings: Settings, skip: frozenset[str] = frozenset(),
                       folder: DocsFolder | None = None
                       ) -> tuple[list[Problem], list[InternalPlace]]:
    """The audience grammar's problems in the files of ``docs/``, for ``check``, and every
    internal page and block there (of ``folder`` when given, else read now).

    A file that cannot be read at all is reported when the site is staged (the build
    stops there with its message), so it is passed over here.
    """
    if folder is None:
        folder = read_docs_folder(settings, skip)
    problems: list[Problem] = []
    places: list[InternalPlace] = []
    for file in folder.files:
        problems.extend(file.problems)
        if file.reading is not None and not file.problems:
            whole = file.reading.internal
            places.extend(InternalPlace(file.rel, 1 if whole else part.line - 1, whole)
                          for part in file.reading.internal_parts())
    return problems, places


def hand_written_pages(
    settings: Settings, audience: Audience, skip: frozenset[str] = frozenset(),
    folder: DocsFolder | None = None,
) -> dict[str, bytes]:
    """The files of ``docs/`` to publish (path relative to docs/ → bytes), from
    ``folder`` when it was read already."""
    files: dict[str, bytes] = {}
    for file in read_docs(settings, skip, folder):
        shown = file.for_audience(audience)
        if shown is not None:
            files[file.rel] = shown
    return files
