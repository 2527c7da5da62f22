"""Entry files to typed entries, reporting every problem like ``escalation check`` does.

Scenario and ITIL files are read with the strict front-matter reader used for tickets
and admins, and their fields with the same :class:`~generator.read.fields.FieldReader`, so the
messages have one shape everywhere. ITIL entries are read first: a scenario's ``itil``
slugs must each name an ITIL file.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.read.fields import FieldReader, describe
from generator.read.files import find_records, relative
from generator.read.frontmatter import RawRecord, read_record_file
from generator.schema.knowledge import (
    ENTRY_GUIDE,
    FRAMEWORK_PAGE,
    ItilEntry,
    KnowledgeBase,
    Scenario,
    ScenarioTier,
)
from generator.schema.paths import HAND_WRITTEN, ITIL_DIR, SCENARIOS_DIR
from generator.schema.problems import Problem, did_you_mean, make_problem
from generator.schema.records import Source
from generator.schema.settings import Audience, Settings

SCENARIO_KEYS = ("scenario", "language", "principle", "itil", "tier", "audience")
ITIL_KEYS = ("practice", "relevance", "key_points")
SCENARIO_SECTIONS = ("Context", "Do", "Don't")
GENERATED_NAME = "index.md"
"""The file name of each folder's generated index page: never an entry."""
ENTRY_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_HEADING_2 = re.compile(r"^##[ \t]+(.+?)[ \t#]*$", re.MULTILINE)



def _slug(raw: RawRecord, kind: str, problems: list[Problem]) -> str | None:
    slug = Path(raw.path).stem
    if ENTRY_SLUG.match(slug):
        return slug
    problems.append(
        make_problem(
            raw.path, 1, f"{kind}.bad-slug",
            "file name: expected a slug of lowercase letters, digits and '-'"
            f" (such as 'not-mine-no-purview.md') but received {slug!r}",
        )
    )
    return None


def _text_items(
    reader: FieldReader, data: dict[str, Any], key: str, expected: str
) -> list[tuple[int, Any]] | None:
    """The items of a required, non-empty list field, or None (reported) if unusable."""
    value = data.get(key)
    if key not in data:
        reader.report(key, "missing-field", f"{reader.label(key)}: required field is missing")
        return None
    if value is None or value == "" or value == []:
        received = "an empty list" if value == [] else describe(value)
        reader.report(
            key, "missing-field",
            f"{reader.label(key)}: expected a list of one or more {expected}"
            f" but received {received}",
        )
        return None
    if not isinstance(value, list):
        reader.wrong_type(key, f"a list of {expected}", value)
        return None
    return list(enumerate(value))


def _itil_links(
    reader: FieldReader, data: dict[str, Any], known: Collection[str]
) -> tuple[str, ...] | None:
    items = _text_items(reader, data, "itil", "ITIL entry slugs")
    if items is None:
        return None
    links: list[str] = []
    choices = sorted(known)
    for index, item in items:
        path = f"itil.{index}"
        if not isinstance(item, str) or not item.strip():
            reader.wrong_type(path, "an ITIL entry slug", item)
            continue
        slug = item.strip()
        if slug not in known:
            reader.report(
                path, "unknown-itil",
                f"{reader.label(path)}: expected the slug of an ITIL entry in {ITIL_DIR}/"
                f" but received {slug!r}{did_you_mean(slug, choices)}",
            )
        elif slug not in links:  # citing a practice twice is harmless: one link
            links.append(slug)
    return tuple(links)


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


def load_scenario(
    raw: RawRecord, known_itil: Collection[str], problems: list[Problem]
) -> Scenario | None:
    """Build a :class:`Scenario` from a raw record, reporting every problem."""
    slug = _slug(raw, "scenario", problems)
    reader = FieldReader(raw.path, raw.line, "scenario", problems)
    data = raw.data
    reader.unknown_keys(data, SCENARIO_KEYS)
    scenario = reader.text(data, "scenario", "scenario", required=True)
    language = reader.text(data, "language", "language", required=True)
    principle = reader.text(data, "principle", "principle", required=True)
    itil = _itil_links(reader, data, known_itil)
    tier = reader.enum(data, "tier", "tier", ScenarioTier, required=True)
    audience = reader.enum(data, "audience", "audience", Audience) or Audience.SHARED
    check_sections(raw, problems)
    if (slug is None or scenario is None or language is None or principle is None
            or itil is None or tier is None):
        return None
    return Scenario(
        slug=slug, scenario=scenario, language=language, principle=principle, itil=itil,
        tier=tier, audience=audience, body=raw.body,
        source=Source(path=raw.path, lines=raw.lines),
    )


def load_itil(raw: RawRecord, problems: list[Problem]) -> ItilEntry | None:
    """Build an :class:`ItilEntry` from a raw record, reporting every problem."""
    slug = _slug(raw, "itil", problems)
    reader = FieldReader(raw.path, raw.line, "itil", problems)
    data = raw.data
    reader.unknown_keys(data, ITIL_KEYS)
    practice = reader.text(data, "practice", "practice", required=True)
    relevance = reader.text(data, "relevance", "relevance", required=True)
    items = _text_items(reader, data, "key_points", "short statements")
    key_points: list[str] = []
    for index, item in items or ():
        if not isinstance(item, str) or not item.strip():
            reader.wrong_type(f"key_points.{index}", "non-empty text", item)
        else:
            key_points.append(item.strip())
    if slug is None or practice is None or relevance is None or not key_points:
        return None
    return ItilEntry(
        slug=slug, practice=practice, relevance=relevance, key_points=tuple(key_points),
        body=raw.body, source=Source(path=raw.path, lines=raw.lines),
    )


def _read_entries(
    root: Path, folder: str, problems: list[Problem]
) -> list[tuple[Path, RawRecord | None]]:
    """Read every entry file of ``folder``; a generated page's path is refused."""
    entries: list[tuple[Path, RawRecord | None]] = []
    for file in find_records(root, folder, nested=False):
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


def load_knowledge_base(settings: Settings) -> tuple[KnowledgeBase, list[Problem]]:
    """Every scenario and ITIL entry under the project's ``docs/reference/``, with problems."""
    problems: list[Problem] = []
    practices: list[ItilEntry] = []
    itil_files = _read_entries(settings.root, ITIL_DIR, problems)
    for _, raw in itil_files:
        entry = load_itil(raw, problems) if raw is not None else None
        if entry is not None:
            practices.append(entry)
    # a link resolves to a file even when that file has problems of its own: those are
    # reported on the ITIL file, not again on every scenario that cites it
    known = frozenset(file.stem for file, _ in itil_files)
    scenarios: list[Scenario] = []
    for _, raw in _read_entries(settings.root, SCENARIOS_DIR, problems):
        scenario = load_scenario(raw, known, problems) if raw is not None else None
        if scenario is not None:
            scenarios.append(scenario)
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
        return data.decode("utf-8"), True, []
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), False, [
            make_problem(rel, 1, "file.not-utf8", f"byte {exc.start} is not valid UTF-8 text")
        ]


def read_knowledge(settings: Settings) -> tuple[KnowledgeFiles, list[Problem]]:
    """The knowledge base's entries and pages under ``docs/``, with every reading problem."""
    entries, problems = load_knowledge_base(settings)
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
        entries=entries,
        framework=framework,
        framework_utf8=utf8,
        guide=(docs / ENTRY_GUIDE).is_file(),
        scenario_folder=(settings.root / SCENARIOS_DIR).is_dir(),
        itil_folder=(settings.root / ITIL_DIR).is_dir(),
        consumed=frozenset([FRAMEWORK_PAGE, *consumed]),
    )
    return files, problems + found
