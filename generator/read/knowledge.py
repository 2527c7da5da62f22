"""Entry files to typed entries, reporting every problem like ``escalation check`` does.

Scenario and ITIL files are read with the strict front-matter reader used for tickets
and admins, and their fields with the same :class:`~generator.read.fields.FieldReader`, so the
messages have one shape everywhere. ITIL entries are read first: a scenario's ``itil``
slugs must each name an ITIL file.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

from generator.read.audience import read_audience
from generator.read.files import find_records, relative
from generator.read.frontmatter import RawRecord, read_record_file
from generator.read.records import load_entry
from generator.schema.fields import ITIL, SCENARIO
from generator.schema.knowledge import (
    ENTRY_GUIDE,
    FRAMEWORK_PAGE,
    ItilEntry,
    KnowledgeBase,
    Scenario,
)
from generator.schema.paths import HAND_WRITTEN, ITIL_DIR, SCENARIOS_DIR
from generator.schema.problems import Problem, make_problem
from generator.schema.settings import Audience, Settings

SCENARIO_SECTIONS = ("Context", "Do", "Don't")
GENERATED_NAME = "index.md"
"""The file name of each folder's generated index page: never an entry."""
ENTRY_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_HEADING_2 = re.compile(r"^##[ \t]+(.+?)[ \t#]*$", re.MULTILINE)



def _slug(raw: RawRecord, kind: str, problems: list[Problem]) -> str | None:
    slug = Path(raw.path).stem
    if ENTRY_SLUG.fullmatch(slug):
        return slug
    problems.append(
        make_problem(
            raw.path, 1, f"{kind}.bad-slug",
            "file name: expected a slug of lowercase letters, digits and '-'"
            f" (such as 'not-mine-no-purview.md') but received {slug!r}",
        )
    )
    return None


def check_sections(raw: RawRecord, problems: list[Problem]) -> None:
    """Warn unless the body has ``## Context``, ``## Do`` and ``## Don't``, in this order."""
    found = [
        name.replace("\u2019", "'")
        for name in _HEADING_2.findall(raw.body)
        if name.replace("\u2019", "'") in SCENARIO_SECTIONS
    ]
    if tuple(found) == SCENARIO_SECTIONS:
        return
    expected = ", ".join(f"'## {name}'" for name in SCENARIO_SECTIONS)
    received = ", ".join(f"'## {name}'" for name in found) or "none of them"
    problems.append(
        make_problem(
            raw.path, raw.body_line, "scenario.missing-section",
            f"body: expected the sections {expected}, in this order, but received {received}",
        )
    )


def body_readable(raw: RawRecord, problems: list[Problem]) -> bool:
    """Whether an entry's body reads by the audience grammar (its problems are added).

    An entry whose body cannot be read is not loaded: no build shows it.
    """
    found = read_audience(raw.body, raw.path, first_line=raw.body_line,
                          front_matter=False).problems
    problems.extend(found)
    return not found


def load_scenario(
    raw: RawRecord, known_itil: Collection[str], problems: list[Problem]
) -> Scenario | None:
    """Build a :class:`Scenario` from a raw record, reporting every problem."""
    slug = _slug(raw, "scenario", problems)
    scenario = load_entry(SCENARIO, raw, problems, slug=slug, itil=frozenset(known_itil))
    check_sections(raw, problems)
    readable = body_readable(raw, problems)
    return cast(Scenario | None, scenario if readable else None)


def load_itil(raw: RawRecord, problems: list[Problem]) -> ItilEntry | None:
    """Build an :class:`ItilEntry` from a raw record, reporting every problem."""
    slug = _slug(raw, "itil", problems)
    entry = load_entry(ITIL, raw, problems, slug=slug)
    readable = body_readable(raw, problems)
    return cast(ItilEntry | None, entry if readable else None)


def _read_entries(
    root: Path, folder: str, problems: list[Problem]
) -> list[tuple[Path, RawRecord | None]]:
    """Read every entry file of ``folder``; a generated page's path is refused."""
    entries: list[tuple[Path, RawRecord | None]] = []
    # the entry folders are docs/ folders too: other files there are pages and images
    listed = find_records(root, folder, nested=False, records_only=False)
    problems.extend(listed.problems)
    for file in listed.files:
        rel = relative(root, file)
        if file.name == GENERATED_NAME:
            problems.append(
                make_problem(
                    rel, 1, "reference.generated-page",
                    f"{rel} is generated from the entries in {folder}/; remove this file",
                )
            )
            continue
        raw, found = read_record_file(file, rel)
        problems.extend(found)
        entries.append((file, raw))
    return entries


def load_entries(
    root: Path, scenarios_dir: str, itil_dir: str, problems: list[Problem],
    known_itil: frozenset[str] = frozenset(),
) -> tuple[list[Scenario], list[ItilEntry], frozenset[str]]:
    """The scenarios and ITIL entries of two entry folders (relative to ``root``), and the
    slug of every ITIL file there; a scenario may cite those and ``known_itil``."""
    practices: list[ItilEntry] = []
    itil_files = _read_entries(root, itil_dir, problems)
    for _, raw in itil_files:
        entry = load_itil(raw, problems) if raw is not None else None
        if entry is not None:
            practices.append(entry)
    # a link resolves to a file even when that file has problems of its own: those are
    # reported on the ITIL file, not again on every scenario that cites it
    stems = frozenset(file.stem for file, _ in itil_files)
    scenarios: list[Scenario] = []
    for _, raw in _read_entries(root, scenarios_dir, problems):
        scenario = load_scenario(raw, stems | known_itil, problems) if raw is not None else None
        if scenario is not None:
            scenarios.append(scenario)
    return scenarios, practices, stems


def load_knowledge_base(settings: Settings) -> tuple[KnowledgeBase, list[Problem]]:
    """Every scenario and ITIL entry under the project's ``docs/reference/``, with problems."""
    problems: list[Problem] = []
    scenarios, practices, _ = load_entries(settings.root, SCENARIOS_DIR, ITIL_DIR, problems)
    return KnowledgeBase.of(scenarios, practices), problems


@dataclass(frozen=True, slots=True, kw_only=True)
class KnowledgeFiles:
    """Everything of docs/ that the knowledge-base pages and checks depend on, as read."""

    entries: KnowledgeBase = field(default_factory=KnowledgeBase)
    framework: str | None = None
    """The framework page's text for its page (undecodable bytes replaced); None if absent."""
    framework_utf8: bool = False
    """Whether the framework page read as UTF-8 (only then are its markers checked)."""
    guide: bool = False
    """Whether the guide to writing entries exists."""
    scenario_folder: bool = False
    itil_folder: bool = False
    consumed: frozenset[str] = frozenset()
    """Paths under docs/ read as data (the framework page, every entry file): not copied."""
    itil_files: frozenset[str] = frozenset()
    """The slug of every ITIL file of docs/, read or not: what a citation may name."""

    def for_audience(self, audience: Audience) -> KnowledgeFiles:
        """What ``audience`` may see: for the shared audience, without internal entries
        and without the internal blocks of entry bodies and of the framework page."""
        if audience is Audience.INTERNAL:
            return self
        kb = self.entries.for_audience(audience)
        kb = KnowledgeBase.of(
            [replace(s, body=_shared_body(s)) for s in kb.scenarios],
            [replace(p, body=_shared_body(p)) for p in kb.practices],
        )
        framework = self.framework
        if framework is not None:
            path = f"{HAND_WRITTEN}/{FRAMEWORK_PAGE}"
            framework = read_audience(framework, path).for_audience(audience)
        return replace(self, entries=kb, framework=framework)


def _shared_body(entry: Scenario | ItilEntry) -> str:
    body = read_audience(entry.body, entry.source.path, first_line=entry.body_line,
                         front_matter=False)
    return body.for_audience(Audience.SHARED) or ""


def _read_framework(settings: Settings) -> tuple[str | None, bool, list[Problem]]:
    file = settings.root / HAND_WRITTEN / FRAMEWORK_PAGE
    rel = f"{HAND_WRITTEN}/{FRAMEWORK_PAGE}"
    try:
        data = file.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None, False, []
    except OSError as exc:
        return None, False, [make_problem(rel, 1, "file.unreadable",
                                          f"cannot read file: {exc.strerror}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), False, [
            make_problem(rel, 1, "file.not-utf8", f"byte {exc.start} is not valid UTF-8 text")
        ]
    return text, True, list(read_audience(text, rel).problems)


def read_knowledge(settings: Settings) -> tuple[KnowledgeFiles, list[Problem]]:
    """The knowledge base's entries and pages under ``docs/``, with every reading problem."""
    problems: list[Problem] = []
    scenarios, practices, itil_files = load_entries(settings.root, SCENARIOS_DIR, ITIL_DIR,
                                                    problems)
    framework, utf8, found = _read_framework(settings)
    docs = settings.root / HAND_WRITTEN
    # every Markdown file of the entry folders, README and a stray index.md included:
    # check reports a stray index.md; it must not clash with the generated one
    consumed = [
        file.relative_to(docs).as_posix()
        for folder in (SCENARIOS_DIR, ITIL_DIR)
        for file in sorted((settings.root / folder).glob("*.md"))
    ]
    files = KnowledgeFiles(
        entries=KnowledgeBase.of(scenarios, practices),
        itil_files=itil_files,
        framework=framework,
        framework_utf8=utf8,
        guide=(docs / ENTRY_GUIDE).is_file(),
        scenario_folder=(settings.root / SCENARIOS_DIR).is_dir(),
        itil_folder=(settings.root / ITIL_DIR).is_dir(),
        consumed=frozenset([FRAMEWORK_PAGE, *consumed]),
    )
    return files, problems + found
