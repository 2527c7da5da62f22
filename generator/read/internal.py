"""The internal source: pages, entries and page additions that only internal builds read.

The ``internal_dir`` setting names a folder, usually a checkout of a second repository
that only the SC can read, laid out like ``docs/``:

- ``README.md`` at its top is the folder's own notes, never published;
- ``reference/scenarios/<slug>.md`` and ``reference/itil/<slug>.md`` are scenario and ITIL
  entries, internal whatever their ``audience`` says;
- a Markdown page at the path of a page of ``docs/`` (``reference/slack-policy.md``) is an
  *addition*: internal builds add its body at the end of that page;
- every other file is an internal page (or file) at its path.

Only ``check`` and internal builds load it (:func:`generator.read.project.load_project`);
the loader of a shared build is never asked to, and the shared build's verifier reads it
only to look for its text in the built site.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from generator.read.docs import DocsError, DocsFile, read_docs_file, walk_pages
from generator.read.files import FileReadError, read_file
from generator.read.frontmatter import split_front
from generator.read.knowledge import KnowledgeFiles, load_entries
from generator.schema.knowledge import FRAMEWORK_PAGE, ItilEntry, Scenario
from generator.schema.paths import (
    DATA_FOLDERS,
    HAND_WRITTEN,
    INTERNAL_NOTES,
    ITIL_DIR,
    ITIL_PAGES,
    SCENARIOS_PAGES,
)
from generator.schema.problems import Problem, make_problem
from generator.schema.settings import Audience, Settings

"""The entry folders, relative to the internal source (as under docs/)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class InternalSource:
    """The internal source as read: its files, its entries and every problem found."""

    folder: str
    """The setting's value, normalised (``.internal``): the prefix of every path shown."""
    present: bool = False
    """Whether the folder exists (an unset-up checkout builds without it)."""
    files: tuple[DocsFile, ...] = ()
    """Its pages and other files (not the entries, not its README), paths relative to it."""
    additions: frozenset[str] = frozenset()
    """The paths of the pages that add to a page of docs/ of the same path."""
    scenarios: tuple[Scenario, ...] = ()
    practices: tuple[ItilEntry, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def shown(self, rel: str) -> str:
        """The path of the file ``rel`` as messages show it (``.internal/reference/x.md``)."""
        return f"{self.folder}/{rel}"

    def join(self, pages: Mapping[str, bytes]) -> dict[str, bytes]:
        """The hand-written files of an internal build (``pages``, docs/ for the internal
        audience) with this source's pages added and its additions appended."""
        joined = dict(pages)
        for file in self.files:
            if file.rel in self.additions and file.rel in joined:
                page = joined[file.rel].decode("utf-8").rstrip("\n")
                joined[file.rel] = f"{page}\n\n{addition_body(file)}".encode()
            else:
                joined[file.rel] = file.for_audience(Audience.INTERNAL) or file.data
        return joined

    def texts(self) -> Iterator[tuple[DocsFile, str]]:
        """(file, text) of every page and addition: the text internal builds show."""
        for file in self.files:
            if file.reading is not None:
                body = addition_body(file) if file.rel in self.additions else file.reading.text
                yield file, body


def addition_body(file: DocsFile) -> str:
    """What an addition adds to its page: its text below any front-matter."""
    assert file.reading is not None
    parts = split_front(file.reading.text)
    return file.reading.text if parts is None else parts[2].lstrip("\n")


def read_internal(settings: Settings, knowledge: KnowledgeFiles) -> InternalSource | None:
    """The internal source ``settings`` names (None when none is set), read beside the
    ``knowledge`` of docs/: its scenarios may cite the ITIL entries of docs/."""
    folder = settings.internal_dir
    if folder is None:
        return None
    base = settings.root / folder
    if not base.is_dir():
        return InternalSource(folder=folder)
    problems: list[Problem] = []
    scenarios, practices, _ = load_entries(
        settings.root, f"{folder}/{SCENARIOS_PAGES}", f"{folder}/{ITIL_PAGES}", problems,
        knowledge.itil_files)
    problems += _duplicates(scenarios, practices, knowledge)
    entry_files = frozenset(
        f"{entries}/{file.name}" for entries in (SCENARIOS_PAGES, ITIL_PAGES)
        for file in (base / entries).glob("*.md"))
    docs = {rel for rel, _, _ in walk_pages(settings.root / HAND_WRITTEN, knowledge.consumed)}
    files: list[DocsFile] = []
    for rel, path, inside in walk_pages(base, entry_files, data=()):
        shown = f"{folder}/{rel}"
        if rel.lower() == INTERNAL_NOTES:
            continue
        reserved = _reserved(rel, docs)
        if reserved:
            problems.append(make_problem(shown, 1, "internal.reserved-path", reserved))
            continue
        if not inside:
            problems.append(make_problem(
                shown, 1, "file.link-outside",
                f"the link leads to {path.resolve().as_posix()!r}, outside the internal"
                " source; copy the file in instead; nothing is read through it"))
            continue
        try:
            file = read_docs_file(rel, read_file(path), folder)
        except FileReadError as exc:
            code = "file.too-large" if exc.too_large else "file.unreadable"
            problems.append(make_problem(shown, 1, code, f"cannot read file: {exc.reason}"))
            continue
        except DocsError:
            problems.append(make_problem(shown, 1, "file.not-utf8", "not valid UTF-8 text"))
            continue
        problems.extend(file.problems)
        files.append(file)
    return InternalSource(
        folder=folder, present=True, files=tuple(files),
        additions=frozenset(f.rel for f in files if f.rel in docs and f.reading is not None),
        scenarios=tuple(replace(s, audience=Audience.INTERNAL) for s in scenarios),
        practices=tuple(replace(p, audience=Audience.INTERNAL) for p in practices),
        problems=tuple(problems),
    )


def _reserved(rel: str, docs: set[str]) -> str | None:
    """Why the internal file ``rel`` cannot be read at that path, or None."""
    if rel == FRAMEWORK_PAGE:
        return (f"the framework page is generated from {HAND_WRITTEN}/{FRAMEWORK_PAGE} alone;"
                " put internal notes on the framework in a page of their own")
    if rel.startswith(DATA_FOLDERS):
        return (f"frozen weekly reports are read from {HAND_WRITTEN}/{DATA_FOLDERS[0]} only;"
                " this file is not read")
    if rel in docs and not rel.endswith(".md"):
        return (f"{HAND_WRITTEN}/{rel} has the same path and only a Markdown page can add to"
                " a page; give this file a path of its own")
    return None


def _duplicates(scenarios: list[Scenario], practices: list[ItilEntry],
                knowledge: KnowledgeFiles) -> Iterator[Problem]:
    shared = {s.slug: s.source.path for s in knowledge.entries.scenarios}
    for scenario in scenarios:
        if scenario.slug in shared:
            yield make_problem(
                scenario.source.path, 1, "internal.duplicate-entry",
                f"scenario {scenario.slug!r} is also {shared[scenario.slug]}; an entry has one"
                " file: rename one of them")
    for practice in practices:
        if practice.slug in knowledge.itil_files:
            yield make_problem(
                practice.source.path, 1, "internal.duplicate-entry",
                f"ITIL entry {practice.slug!r} is also {ITIL_DIR}/"
                f"{practice.slug}.md; an entry has one file: rename one of them")

