"""Internal content where the admins can read it: in the records repository itself.

GitHub lets only people with write access be code owners, and everyone with read access
reads every file. So when any admin record has a ``github`` handle (they review their
own purview files), every internal page, block and entry of ``docs/`` is readable by the
admins, whatever the shared build leaves out. Each one is a warning that says where in
the internal source (``internal_dir``) it belongs.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.read.audience import read_audience
from generator.read.project import Project
from generator.schema.knowledge import FRAMEWORK_PAGE, ItilEntry, Scenario
from generator.schema.paths import HAND_WRITTEN, ITIL_PAGES, SCENARIOS_PAGES
from generator.schema.problems import Problem, make_problem
from generator.schema.settings import Settings

CODE = "audience.readable-by-admins"
ENTRY_DIRS = (f"{SCENARIOS_PAGES}/", f"{ITIL_PAGES}/")
"""The entry folders, relative to docs/: their files are entries, not pages."""


def check_readable(project: Project) -> list[Problem]:
    """A warning for every internal page, block and entry of docs/, when admins can read
    the repository (any admin record has a github handle)."""
    readers = sum(1 for admin in project.admins.values() if admin.github)
    if not readers:
        return []
    found = [*_pages(project), *_entries(project)]
    admins = "the admin" if readers == 1 else f"all {readers} admins"
    return [
        make_problem(
            f"{HAND_WRITTEN}/{rel}", line, CODE,
            f"{what} in the records repository, which {admins} with a github handle can"
            f" read: {_move(project.settings, rel, what)}",
        )
        for rel, line, what in found
    ]


def _pages(project: Project) -> Iterator[tuple[str, int, str]]:
    for place in project.docs_internal:
        yield place.rel, place.line, "internal page" if place.whole else "internal block"
    framework = project.knowledge.framework
    if framework is not None and project.knowledge.framework_utf8:
        reading = read_audience(framework, f"{HAND_WRITTEN}/{FRAMEWORK_PAGE}")
        if not reading.problems:
            whole = reading.internal
            for part in reading.internal_parts():
                yield (FRAMEWORK_PAGE, 1 if whole else part.line - 1,
                       "internal page" if whole else "internal block")


def _entries(project: Project) -> Iterator[tuple[str, int, str]]:
    prefix = f"{HAND_WRITTEN}/"
    entries: list[Scenario | ItilEntry] = [*project.knowledge.entries.scenarios,
                                           *project.knowledge.entries.practices]
    for entry in entries:
        path = entry.source.path
        if not path.startswith(prefix):
            continue  # an entry of the internal source
        rel = path[len(prefix):]
        if entry.internal:
            kind = "scenario" if isinstance(entry, Scenario) else "ITIL entry"
            yield rel, entry.source.line("audience"), f"internal {kind}"
            continue
        body = read_audience(entry.body, path, first_line=entry.body_line, front_matter=False)
        for part in body.internal_parts():
            yield rel, part.line - 1, "internal block"


def _move(settings: Settings, rel: str, what: str) -> str:
    """Where to move the internal place ``what`` of the docs/ file ``rel``, in words."""
    folder = settings.internal_dir
    source = (f"the internal source ({folder}/)" if folder else
              "an internal source, a folder outside this repository named by the"
              " internal_dir setting (see docs/guides/access.md)")
    target = f"{folder}/{rel}" if folder else rel
    if what == "internal block" and rel != FRAMEWORK_PAGE and not rel.startswith(ENTRY_DIRS):
        return (f"move its lines to {source}, as {target}, whose text internal builds add at"
                " the end of this page")
    if what == "internal block":
        return f"move its lines to a page of their own in {source}"
    return f"move the file to {source}, as {target}"
