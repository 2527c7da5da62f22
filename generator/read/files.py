"""Finding and reading the files of a project, and naming them relative to the project.

:func:`find_records` is the one way a record folder is listed: it returns the record
files and a located problem for every entry it does not load, so that nothing under
``tickets/`` or ``admins/`` is left out in silence. :func:`read_file` is the one way a
file is read by its path: it refuses what is not a regular file before opening it (a
named pipe or ``/dev/zero`` would block or never end), bounds the size, and turns every
operating-system error into a reason for a message.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.schema.paths import FOLDER_NOTES, MAX_TEXT_BYTES, QUIET_NAMES, STAGED_NAME
from generator.schema.problems import Problem, Severity, make_problem

RECORD_SUFFIX = ".md"
_MISSPELT_SUFFIXES = frozenset({".md", ".markdown"})
"""Suffixes, compared case-folded, of a file meant as a record but not named as one."""
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileReadError(Exception):
    """A file cannot be read; ``reason`` completes the sentence "cannot read FILE: ..."."""

    def __init__(self, reason: str, *, too_large: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.too_large = too_large
        """Whether the file is only refused for its size (``file.too-large``)."""


class NotUtf8Error(ValueError):
    """Bytes that are not UTF-8 text: the offset and line of the first bad byte."""

    def __init__(self, start: int, line: int) -> None:
        super().__init__(f"byte {start} is not valid UTF-8 text")
        self.start = start
        self.line = line


def os_reason(exc: OSError) -> str:
    """An operating-system error in words (``Permission denied``), without the path."""
    return exc.strerror or str(exc)


def file_kind(mode: int) -> str | None:
    """What a file of ``mode`` is when it is not a regular file (``a named pipe``), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit % (1024 * 1024) == 0 else f"{limit} bytes"


def _refuse_kind(mode: int) -> None:
    if stat.S_ISDIR(mode):  # in the words of the system, as reading a folder gives them
        raise FileReadError(os.strerror(errno.EISDIR))
    kind = file_kind(mode)
    if kind is not None:
        raise FileReadError(f"it is {kind}, not a regular file")


def read_file(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`FileReadError` for a missing or unreadable file, for anything that is
    not a regular file (checked before opening, and again on the opened file), and for a
    file larger than ``limit``.
    """
    try:
        info = os.stat(path)
        _refuse_kind(info.st_mode)
        if info.st_size > limit:
            raise FileReadError(f"file is {info.st_size} bytes; the limit is {_size(limit)}",
                                too_large=True)
        fd = os.open(path, _OPEN_FLAGS)
        with os.fdopen(fd, "rb") as handle:
            _refuse_kind(os.fstat(handle.fileno()).st_mode)  # replaced since the stat
            data = handle.read(limit + 1)
    except OSError as exc:
        raise FileReadError(os_reason(exc)) from None
    if len(data) > limit:  # grown since the stat
        raise FileReadError(f"file is more than {limit} bytes; the limit is {_size(limit)}",
                            too_large=True)
    return data


def decode_text(data: bytes, *, bom: bool = True) -> str:
    """``data`` as UTF-8 text (a leading byte order mark dropped when ``bom``), or
    :class:`NotUtf8Error` locating the first byte that is not."""
    try:
        return data.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as exc:
        # the utf-8-sig codec counts positions after the byte order mark
        start = exc.start + (3 if bom and data.startswith(codecs.BOM_UTF8) else 0)
        raise NotUtf8Error(start, data.count(b"\n", 0, start) + 1) from None


@dataclass(frozen=True, slots=True)
class RecordFiles:
    """What :func:`find_records` found in one folder."""

    files: tuple[Path, ...] = ()
    """The record files, in a stable order."""
    problems: tuple[Problem, ...] = ()
    """One located problem for every other entry that is not known to be harmless."""


def unseen_records(problems: Iterable[Problem]) -> str | None:
    """Why records may exist that a walk did not return (its first error), or None.

    A writer that looks a record up by its ID refuses to go on: the ID may have a file
    in a folder that cannot be listed, and a second file would be written.
    """
    for problem in problems:
        if problem.severity is Severity.ERROR:
            return (f"{problem.format_text()}; records may exist that cannot be seen, so"
                    " nothing was written: fix what 'escalation check' reports first")
    return None


def find_records(root: Path, folder: str, *, nested: bool = True,
                 records_only: bool = True) -> RecordFiles:
    """The ``.md`` files under ``root/folder`` (only directly in it unless ``nested``), and
    a problem for every entry that is not loaded.

    Reported: a folder that cannot be listed, a link that points to nothing, loops or
    leads to a folder already walked, a name whose suffix is ``.md`` in another case or
    ``.markdown``, and (when ``records_only``, as in ``tickets/`` and ``admins/``) every
    other file, hidden folder or named pipe. Passed over in silence: ``README.md``, the
    folder's notes, unless it opens with front-matter (then it is returned, and the
    loader refuses its name), and the harmless names of :data:`QUIET_NAMES` and of
    interrupted writes. A missing folder has no records and no problems.
    """
    walk = _Walk(root, nested=nested, records_only=records_only)
    base = root / folder
    if os.path.lexists(base):
        walk.run(base)
    return RecordFiles(tuple(sorted(walk.files)), tuple(walk.problems))


class _Walk:
    """One walk of a record folder (explicit stack: any depth, no recursion)."""

    def __init__(self, root: Path, *, nested: bool, records_only: bool) -> None:
        self.root = root
        self._real_root = root.resolve()
        self.nested = nested
        self.records_only = records_only
        self.files: list[Path] = []
        self.problems: list[Problem] = []
        self._seen: dict[tuple[int, int], Path] = {}

    def report(self, path: Path, code: str, message: str) -> None:
        self.problems.append(make_problem(relative(self.root, path), 1, code, message))

    def run(self, base: Path) -> None:
        try:
            mode = os.stat(base).st_mode
        except OSError as exc:
            self._unreachable(base, exc, base.is_symlink())
            return
        if base.is_symlink() and self._leads_outside(base):
            return
        if not stat.S_ISDIR(mode):
            self.report(base, "file.folder-unreadable",
                        f"cannot list the folder: it is {file_kind(mode) or 'a file'}, not a"
                        " folder; no record in it is read")
            return
        stack = [base]
        while stack:
            folder = stack.pop()
            if self._walked_before(folder):
                continue
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name, reverse=True)
            except OSError as exc:
                self.report(folder, "file.folder-unreadable",
                            f"cannot list the folder: {os_reason(exc)}; no record in it is read")
                continue
            for entry in entries:
                child = self._entry(entry)
                if child is not None:
                    stack.append(child)

    def _walked_before(self, folder: Path) -> bool:
        """Whether ``folder`` (reached through a link) is one already walked."""
        try:
            info = os.stat(folder)
        except OSError as exc:  # pragma: no cover - it was listed a moment ago
            self._unreachable(folder, exc, False)
            return True
        identity = (info.st_dev, info.st_ino)
        first = self._seen.setdefault(identity, folder)
        if first is folder:
            return False
        self.report(folder, "file.broken-link",
                    f"the link leads to {relative(self.root, first)}, a folder already read;"
                    " its files are not read twice")
        return True

    def _leads_outside(self, link: Path) -> bool:
        """Report and return whether ``link`` leads out of the project.

        What it points at is not in the repository: no pull request shows it and its
        history is not kept, so it cannot be evidence (nor published from here).
        """
        target = link.resolve()
        if target.is_relative_to(self._real_root):
            return False
        self.report(link, "file.link-outside",
                    f"the link leads to {target.as_posix()!r}, outside the project; records"
                    " must be in the repository, so copy the file in instead; nothing is read"
                    " through it")
        return True

    def _unreachable(self, path: Path, exc: OSError, is_link: bool) -> None:
        if not is_link:
            self.report(path, "file.unreadable", f"cannot read file: {os_reason(exc)}")
            return
        try:
            target = os.readlink(path)
        except OSError:  # pragma: no cover - it is a link
            target = "?"
        if exc.errno == errno.ELOOP:
            message = f"the link to {target!r} loops back on itself"
        elif exc.errno == errno.ENOENT:
            message = f"the link points to {target!r}, which does not exist"
        else:
            message = f"the link to {target!r} cannot be followed: {os_reason(exc)}"
        self.report(path, "file.broken-link", f"{message}; nothing is read through it")

    def _entry(self, entry: os.DirEntry[str]) -> Path | None:
        """Sort one entry into a record, a problem or nothing; a folder to walk is returned."""
        name = entry.name
        path = Path(entry.path)
        if name in QUIET_NAMES or STAGED_NAME.fullmatch(name):
            return None
        if name.lower() == FOLDER_NOTES:
            if _opens_front_matter(path):
                self.files.append(path)  # a record under the reserved name: the loader says so
            return None
        is_link = False
        try:
            is_link = entry.is_symlink()
            if is_link:
                mode = os.stat(path).st_mode
            elif entry.is_dir(follow_symlinks=False):
                mode = stat.S_IFDIR
            elif entry.is_file(follow_symlinks=False):
                mode = stat.S_IFREG
            else:
                mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as exc:
            self._unreachable(path, exc, is_link)
            return None
        if is_link and self._leads_outside(path):
            return None
        hidden = name.startswith(".")
        if stat.S_ISDIR(mode):
            if not hidden and self.nested:
                return path
            if hidden and self.records_only:
                self.report(path, "file.not-a-record", "a hidden folder: its files are not read")
            return None
        suffix = os.path.splitext(name)[1]
        if not hidden and suffix == RECORD_SUFFIX:
            self.files.append(path)  # a pipe or device is refused by the reader, located
        elif not hidden and suffix.lower() in _MISSPELT_SUFFIXES:
            self.report(path, "file.wrong-extension",
                        f"the file name ends in {suffix!r}; a record's ends in '.md' (lower"
                        " case), so this file is not read")
        elif self.records_only:
            kind = file_kind(mode)
            what = (f"{kind}, not a record file" if kind else
                    "a hidden file, not a record" if hidden else
                    "not a record: a record's file name ends in '.md'")
            self.report(path, "file.not-a-record", f"{what}; it is not read")
        return None


def _opens_front_matter(path: Path) -> bool:
    """Whether a README opens with a front-matter line (or cannot be read to tell)."""
    try:
        data = read_file(path)
    except FileReadError:
        return True  # the loader reports why it cannot be read
    return data.removeprefix(codecs.BOM_UTF8).startswith(b"---")


def relative(root: Path, file: Path) -> str:
    """``file`` as a POSIX path relative to ``root`` (absolute when outside it)."""
    text, base = str(file), str(root)
    # the lexical case without building a path (once for every record of a load)
    if os.sep == "/" and text.startswith(base) and text[len(base):len(base) + 1] == "/" \
            and len(text) > len(base) + 1:
        return text[len(base) + 1:]
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        pass
    try:  # resolving is slow (one system call per path part): only when needed
        return file.resolve().relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()
