"""After every shared build: no text of an internal place in any byte of the built site.

The audience grammar and the renderer decide what a shared build leaves out; this module
checks the result on the site itself, whichever builder wrote it, so that a mistake in
any of them fails the build instead of publishing.

**Internal text** is every ticket's notes, every internal page, every internal block
(of a page, of the framework page, of an entry's body), every field and the body of
an internal scenario or ITIL entry, and every page and addition of the internal source
(read here even though the shared build itself never reads it). Each is read as words
(runs of letters and digits, case folded, Markdown link targets dropped), and every run
of :data:`WINDOW` consecutive words is looked for in every file of the site: HTML and
XML with tags removed and entities decoded (attribute values and comments are read on
their own), JSON string by string, gzip files decompressed. The pages of internal
places are also looked for by their address (``reference/strategy/``), as the sitemap
and the search index name them.

**Public text is never a leak.** A run found in the site that also occurs in the public
sources (the shared text of every file of docs/, ``mkdocs.yml``, and the pages generated
from the project with every internal text removed) is passed over, so a note that quotes
a ticket's title, or a line of the site itself, never fails a build.

A text shorter than :data:`WINDOW` words cannot be told from ordinary prose and is not
looked for; channel analytics are figures, not text. The renderer's own tests cover both.
"""

from __future__ import annotations

import html
import json
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from generator.compute.site import build_context
from generator.read.audience import read_audience
from generator.read.docs import hand_written_pages, read_docs
from generator.read.internal import read_internal
from generator.read.json_values import json_strings
from generator.read.project import Project, for_audience
from generator.render.families import consumed, render_site
from generator.render.knowledge import practice_page, scenario_page
from generator.schema.knowledge import FRAMEWORK_PAGE, ItilEntry, KnowledgeBase, Scenario
from generator.schema.paths import HAND_WRITTEN
from generator.schema.settings import Audience
from generator.write.skeleton import TICKET_NOTES

WINDOW = 8
"""How many consecutive words of an internal text make a leak."""
SHOWN_LEAKS = 20
"""How many leaks a failed build lists."""
MAX_UNZIPPED = 256 * 1024 * 1024
"""The most a compressed output file is expanded to (a sitemap is a few kilobytes)."""

_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^<>]*>")
_BREAK_WORD = "escalationrunbreak"
BREAK = f"\n{_BREAK_WORD}\n"
"""Joins texts that must be read apart, in one pass: no run of words matches across it."""
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_ATTRIBUTE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")


@dataclass(frozen=True, slots=True)
class InternalText:
    """A text only the internal build may show, and where it comes from."""

    source: str
    """The file, with the line where the text starts when known (``docs/x.md:12``)."""
    what: str
    """What kind of internal place it is (``ticket notes``, ``internal block``)."""
    text: str
    urls: tuple[str, ...] = ()
    """The site addresses of its page, when the whole page is internal."""


@dataclass(frozen=True, slots=True)
class Leak:
    """Internal text found in a file of the shared site."""

    output: str
    """The file, relative to the site folder."""
    source: str
    what: str
    found: str
    """The words (or the address) found."""

    def format_text(self) -> str:
        """One line: the site file, then the internal place whose text it holds."""
        return f"{self.output}: holds text of {self.source} ({self.what}): {self.found!r}"


def streams(text: str) -> list[list[str]]:
    """The word streams of a text: its prose (tags removed), its attribute values, its
    comments; no run of words crosses from one into another (nor across :data:`BREAK`)."""
    text = _LINK_TARGET.sub("]", text)
    if "<" not in text:
        return [_words(text)]
    comments = _COMMENT.findall(text)
    # most attribute values (class names, links) are too short to hold a run of words
    values = [a or b for a, b in _ATTRIBUTE.findall(text) if len(a or b) >= 2 * WINDOW - 1]
    found = [_words(_TAG.sub(" ", _COMMENT.sub(" ", text) if comments else text))]
    found.extend(_words(BREAK.join(apart)) for apart in (comments, values) if apart)
    return found


def _words(text: str) -> list[str]:
    return _WORD.findall(html.unescape(text).casefold() if "&" in text else text.casefold())


def _windows(words: list[str]) -> Iterator[tuple[str, ...]]:
    for start in range(len(words) - WINDOW + 1):
        yield tuple(words[start:start + WINDOW])


def _page_urls(rel: str) -> tuple[str, ...]:
    """The addresses of the page at ``rel`` (under docs/ or staged), both URL styles."""
    path = PurePosixPath(rel)
    if path.stem.lower() in ("index", "readme"):
        folder = path.parent.as_posix()
        return () if folder == "." else (f"{folder}/",)
    stem = path.with_suffix("").as_posix()
    return (f"{stem}/", f"{stem}.html")


def internal_texts(project: Project) -> list[InternalText]:
    """Every internal text of the project, where it comes from and what it is."""
    texts: list[InternalText] = []
    for ticket in project.tickets:
        notes = ticket.body.replace(TICKET_NOTES, "")
        if notes.strip():
            texts.append(InternalText(ticket.source.path, "ticket notes", notes))
    for file in read_docs(project.settings, consumed(project), project.docs):
        if file.reading is None:
            continue
        whole = file.reading.internal
        for part in file.reading.internal_parts():
            texts.append(InternalText(
                f"{HAND_WRITTEN}/{file.rel}:{part.line}",
                "internal page" if whole else "internal block", part.text,
                _page_urls(file.rel) if whole else (),
            ))
    knowledge = project.knowledge
    if knowledge.framework is not None:
        path = f"{HAND_WRITTEN}/{FRAMEWORK_PAGE}"
        reading = read_audience(knowledge.framework, path)
        for part in reading.internal_parts():
            texts.append(InternalText(
                f"{path}:{part.line}",
                "internal page" if reading.internal else "internal block", part.text,
                _page_urls(FRAMEWORK_PAGE) if reading.internal else (),
            ))
    entries: list[Scenario | ItilEntry] = [*knowledge.entries.scenarios,
                                           *knowledge.entries.practices]
    # a shared build's project was loaded without the internal source: read it here, only
    # to look for its text
    source = project.internal
    if source is None:
        source = read_internal(project.settings, knowledge)
        if source is not None:
            entries += [*source.scenarios, *source.practices]
    for entry in entries:
        texts.extend(_entry_texts(entry))
    if source is not None:
        for file, text in source.texts():
            added = file.rel in source.additions
            texts.append(InternalText(
                source.shown(file.rel), "internal addition" if added else "internal page",
                text, () if added else _page_urls(file.rel)))
    return texts


def _entry_texts(entry: Scenario | ItilEntry) -> Iterator[InternalText]:
    path = entry.source.path
    if entry.internal:
        if isinstance(entry, Scenario):
            fields = [entry.scenario, entry.language, entry.principle]
            page = scenario_page(entry)
        else:
            fields = [entry.practice, entry.relevance, *entry.key_points]
            page = practice_page(entry)
        kind = f"internal {'scenario' if isinstance(entry, Scenario) else 'ITIL entry'}"
        yield InternalText(path, kind, "\n".join([*fields, entry.body]), _page_urls(page))
        return
    body = read_audience(entry.body, path, first_line=entry.body_line, front_matter=False)
    for part in body.internal_parts():
        yield InternalText(f"{path}:{part.line}", "internal block", part.text)


def public_texts(project: Project, as_of: datetime,
                 rendered: Mapping[str, str] | None = None,
                 shared: Project | None = None) -> list[Tier]:
    """Every text a shared build may show, in two tiers: the hand-written sources as
    published, then the generated pages (``rendered``, the shared pages of the build, made
    from a project without internal text; rendered here again when not given). ``shared``
    is the project as the shared audience sees it, when the build has it already."""
    settings = project.settings

    def sources(_: set[str]) -> Iterator[str]:
        for data in hand_written_pages(settings, Audience.SHARED, consumed(project),
                                       project.docs).values():
            yield data.decode("utf-8", errors="replace")
        config = settings.root / settings.config_path
        if config.is_file():
            yield config.read_text(encoding="utf-8", errors="replace")
        knowledge = (shared or for_audience(project, Audience.SHARED)).knowledge
        yield from (knowledge.framework or "", *_entry_words(knowledge.entries))

    def generated(outputs: set[str]) -> Iterator[str]:
        pages = rendered
        if pages is None:
            view = shared or for_audience(project, Audience.SHARED)
            pages = render_site(view, build_context(view, as_of=as_of,
                                                    audience=Audience.SHARED))
        # the pages of the files where something was found first: usually they settle it
        first = [page for name in outputs for page in staged_pages(name) if page in pages]
        yield from (pages[page] for page in first)
        yield from (text for page, text in pages.items() if page not in first)

    return [sources, generated]


def staged_pages(output: str) -> tuple[str, ...]:
    """The staged pages a site file may be built from (``a/b/index.html``: ``a/b.md``)."""
    if not output.endswith(".html"):
        return ()
    stem = output[: -len(".html")]
    if stem == "index":
        return ("index.md",)
    if stem.endswith("/index"):
        folder = stem[: -len("/index")]
        return (f"{folder}.md", f"{folder}/index.md")
    return (f"{stem}.md",)


def _entry_words(kb: KnowledgeBase) -> Iterator[str]:
    for s in kb.scenarios:
        yield from (s.scenario, s.language, s.principle, s.body)
    for p in kb.practices:
        yield from (p.practice, p.relevance, *p.key_points, p.body)


class _Internal:
    """The internal texts as a look-up of their word runs and addresses."""

    def __init__(self, texts: list[InternalText]) -> None:
        self.texts = texts
        self.runs: dict[int, int] = {}
        """Hash of a run of words → index of the first text holding it."""
        self.more: dict[int, list[int]] = {}
        """Hash of a run that several texts hold → the indexes of the others."""
        self.vocabulary: set[str] = set()
        self.urls = [(url, index) for index, text in enumerate(texts) for url in text.urls]
        self._held: dict[int, set[tuple[str, ...]]] = {}
        for index, text in enumerate(texts):
            for words in streams(text.text):
                if len(words) >= WINDOW:
                    self.vocabulary.update(words)
                    for run in _windows(words):
                        key = hash(run)
                        first = self.runs.setdefault(key, index)
                        if first != index and index not in self.more.setdefault(key, []):
                            self.more[key].append(index)
        self.vocabulary.discard(_BREAK_WORD)

    def __bool__(self) -> bool:
        return bool(self.runs or self.urls)

    def find(self, words: list[str]) -> Iterator[tuple[tuple[str, ...], int]]:
        """Every run of ``words`` that may be internal (by hash), with the index of each
        text that may hold it.

        Only stretches where every word occurs in some internal text are hashed, so the
        common case (prose of public pages) costs one set look-up per word.
        """
        if len(words) < WINDOW:
            return
        vocabulary = self.vocabulary
        known = bytes([word in vocabulary for word in words])
        for stretch in re.finditer(b"\x01{%d,}" % WINDOW, known):
            for start in range(stretch.start(), stretch.end() - WINDOW + 1):
                run = tuple(words[start:start + WINDOW])
                key = hash(run)
                index = self.runs.get(key)
                if index is not None:
                    yield run, index
                    for other in self.more.get(key, ()):
                        yield run, other

    def holds(self, index: int, run: tuple[str, ...]) -> bool:
        """Whether text ``index`` really holds ``run`` (a hash may collide)."""
        held = self._held.get(index)
        if held is None:
            held = self._held[index] = {
                window for words in streams(self.texts[index].text) for window in _windows(words)}
        return run in held


def _output_texts(site: Path) -> Iterator[tuple[str, list[str]]]:
    """(path in the site, texts) of every file: JSON as its strings, gzip unpacked."""
    for file in sorted(site.rglob("*")):
        if not file.is_file() or file.is_symlink():
            continue
        name = file.relative_to(site).as_posix()
        data = file.read_bytes()
        inner = name
        if name.endswith(".gz"):
            data = _gunzip(data)
            inner = name[:-3]
        text = data.decode("utf-8", errors="replace")
        if inner.endswith(".json"):
            try:
                yield name, [BREAK.join(json_strings(json.loads(text)))]
                continue
            except (ValueError, RecursionError):
                pass  # not JSON after all: read as text
        yield name, [text]


def _gunzip(data: bytes) -> bytes:
    """The content of a gzip file, at most :data:`MAX_UNZIPPED` bytes (else as it is)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, MAX_UNZIPPED)
    except zlib.error:
        return data


def _address_in(url: str, text: str) -> bool:
    """Whether ``text`` names the address ``url`` itself, not a longer path holding it
    (``reference/strategy/`` is not in ``reference/strategy/overview/``)."""
    return re.search(rf"(?<![\w.-]){re.escape(url)}(?![\w./-])", text) is not None


Tier = Callable[[set[str]], Iterable[str]]
"""Public texts, given the site files that hold something still to settle."""


def find_leaks(site: Path, texts: list[InternalText], public: Iterable[Tier] = ()) -> list[Leak]:
    """Every file of ``site`` that holds a run of words or an address of ``texts`` that
    no text of ``public`` holds.

    ``public`` gives the public texts in tiers, cheapest first; a tier is read only while
    some find is not yet known to be public.
    """
    internal = _Internal(texts)
    if not internal:
        return []
    found: dict[tuple[str, int], dict[str, None]] = {}  # dicts: sets in the order found
    for name, parts in _output_texts(site):
        for part in parts:
            for url, index in internal.urls:
                if url in part and _address_in(url, part):
                    found.setdefault((name, index), {})[url] = None
            for words in streams(part):
                for run, index in internal.find(words):
                    finds = found.setdefault((name, index), {})
                    joined = " ".join(run)
                    if joined not in finds and internal.holds(index, run):
                        finds[joined] = None
    unknown = {find for finds in found.values() for find in finds}
    for tier in public:
        if not unknown:
            break
        names = {name for (name, _), finds in found.items() if unknown.intersection(finds)}
        unknown -= _public(unknown, tier(names))
    leaked = {key: [find for find in finds if find in unknown] for key, finds in found.items()}
    leaks = []
    for (name, index), shown in leaked.items():
        if shown and not _explained(name, index, leaked):
            text = internal.texts[index]
            leaks.append(Leak(output=name, source=text.source, what=text.what, found=shown[0]))
    return leaks


def _explained(name: str, index: int, leaked: dict[tuple[str, int], list[str]]) -> bool:
    """Whether another internal text holds more of what this one leaked into ``name``:
    a sentence two texts share is then that other text's, not this one's."""
    mine = set(leaked[(name, index)])
    return any(other != index and output == name and len(finds) > len(mine)
               and mine <= set(finds) for (output, other), finds in leaked.items())


def _public(finds: set[str], texts: Iterable[str]) -> set[str]:
    """The finds (runs of words, or addresses) that some text of ``texts`` holds."""
    runs = {tuple(find.split(" ")): find for find in finds if " " in find}
    addresses = finds - set(runs.values())
    public: set[str] = set()
    for text in texts:
        public.update(address for address in addresses
                      if address in text and _address_in(address, text))
        for words in streams(text):
            if len(words) >= WINDOW:
                public.update(runs[run] for run in _windows(words) if run in runs)
        if len(public) == len(finds):
            break  # all settled: the rest need not be read
    return public


def verify_shared_site(project: Project, site: Path, as_of: datetime,
                       rendered: Mapping[str, str] | None = None,
                       shared: Project | None = None) -> list[Leak]:
    """The leaks of internal text into the shared site at ``site`` (none: all is well);
    ``rendered`` are the build's generated pages and ``shared`` the project they were
    rendered from (:func:`~generator.read.project.for_audience`), if at hand."""
    return find_leaks(site, internal_texts(project),
                      public_texts(project, as_of, rendered, shared))
