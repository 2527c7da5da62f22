"""``escalation serve``: live preview that regenerates when a record or docs page changes.

The generator regenerates the staging folder whenever a file under tickets/, admins/,
docs/ or the internal source (or mkdocs.yml) changes, writing only the pages whose
content changed, and only those pages are rendered again (:mod:`generator.write.live_site`);
MkDocs' development server serves the site and reloads the browser. Unchanged record
files are not parsed again (:mod:`generator.read.cache`). Records with errors do not stop
the preview: the dashboard lists the problems.

The as-of time is fixed while serving, so an edit changes only the pages that show what
was edited: it is the start time (or ``--as-of``), and it advances to the clock at every
multiple of ``--as-of-every`` minutes (the whole hour by default) and when Enter is
pressed in the terminal. Every page says which as-of time it shows.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from generator.check.project import check_project
from generator.cli.common import CommandFailed, UsageError, say
from generator.cli.site import add_site_options
from generator.compute.as_of import resolve_as_of
from generator.compute.calendar import calendar_for
from generator.compute.memo import Memo
from generator.compute.weekly import report_weeks
from generator.read.cache import ParseCache, collector_paused, load_cache
from generator.read.frozen import FrozenReportError
from generator.read.project import load_project
from generator.read.settings import ConfigError, load_settings
from generator.render.layout import LaidOut
from generator.render.placing import Fragment
from generator.schema.settings import Audience
from generator.write.build import generate
from generator.write.record_cache import save_cache
from generator.write.staging import OVERRIDES, StagingError

WATCHED = ("tickets", "admins", "docs")
POLL_SECONDS = 0.25
FIRST_PAGES = ("index.md",)
"""Rendered before the rest of the site, so the first page answers while it builds."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` sub-command."""
    parser = subparsers.add_parser(
        "serve", help="live preview of the site",
        description="Generate the pages, serve the site and regenerate on every change to"
        " tickets/, admins/, docs/ or mkdocs.yml. Only the pages that show what changed"
        " are rebuilt; the as-of time stays fixed between edits.",
    )
    add_site_options(parser)
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                        type=dev_addr, help="address to serve on (default 127.0.0.1:8000)")
    parser.add_argument("--as-of-every", type=minutes, default=60, metavar="MINUTES",
                        help="advance the as-of time to the clock at every multiple of this"
                        " many minutes (default 60: each whole hour; 0: only when Enter is"
                        " pressed); ignored with --as-of, which pins it")
    parser.set_defaults(run=run)


def dev_addr(text: str) -> str:
    """``IP:PORT`` (or ``localhost:PORT``, as MkDocs allows) with a port from 1 to 65535,
    else an argparse error."""
    host, _, port = text.rpartition(":")
    try:
        if host != "localhost":
            ipaddress.ip_address(host.strip("[]"))
        number = int(port)
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(
            f"expected IP:PORT such as 127.0.0.1:8000 but received {text!r}")
    return text


def minutes(text: str) -> int:
    """A whole number of minutes from 0 to 1440, else an argparse error."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 1440:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of minutes from 0 to 1440 but received {text!r}")
    return value


def snapshot(root: Path, config: Path, folders: tuple[str, ...] = WATCHED
             ) -> dict[str, tuple[int, int]]:
    """Size and modification time of every watched file (cheap enough to poll often)."""
    times: dict[str, tuple[int, int]] = {}
    stack = [str(root / folder) for folder in folders]
    while stack:
        try:
            with os.scandir(stack.pop()) as listing:
                for entry in listing:
                    try:
                        if entry.is_dir(follow_symlinks=True):
                            stack.append(entry.path)
                        else:
                            info = entry.stat()
                            times[entry.path] = (info.st_size, info.st_mtime_ns)
                    except OSError:  # an editor's swap file, gone since the listing
                        continue
        except OSError:  # a watched folder that does not exist (yet)
            continue
    try:
        info = config.stat()
        times[str(config)] = (info.st_size, info.st_mtime_ns)
    except OSError:
        pass
    return times


def next_as_of(now: datetime, every: int) -> datetime | None:
    """The next multiple of ``every`` minutes after ``now`` (counted from its midnight),
    or None when the as-of time only advances when asked."""
    if every <= 0:
        return None
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    elapsed = int((now - midnight).total_seconds() // 60)
    return midnight + timedelta(minutes=(elapsed // every + 1) * every)


def as_of_notice(as_of: datetime, pinned: bool, every: int) -> str:
    """What every preview page says about its as-of time."""
    when = f"{as_of:%A %-d %B %Y, %H:%M:%S} ({as_of.tzinfo})"
    if pinned:
        how = "pinned by --as-of"
    elif every:
        how = (f"it advances every {every} minutes" if every != 60 else
               "it advances at each whole hour") + " and when Enter is pressed in the terminal"
    else:
        how = "it advances when Enter is pressed in the terminal"
    return f"Preview as of {when}: {how}."


class Preview:
    """The state of one ``serve``: the parse cache, the as-of time, the pending changes."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.config = Path(args.config_file).resolve()
        self.cache: ParseCache = ParseCache()
        self.as_of: datetime | None = None
        self.pinned = bool(args.as_of)
        self.lock = threading.Lock()
        """Held while the staging folder is written, and while the builder takes the
        changes: the site is never built from half a generation."""
        self.changed: set[str] = set()
        self.full = False
        self.pages: frozenset[str] = frozenset()
        self.fragments: Mapping[int, Fragment] = {}
        """The fragments the staged pages hold placeholders of (the newest generation)."""
        self.layout = LaidOut()
        self.memo = Memo()
        """The figures and fragments of the last generation, by the records they read."""
        self.placed: dict[str, list[Fragment]] = {}
        """Each staged page's fragments, in key order: what a new generation changed."""

    def regenerate(self, *, advance: bool = False) -> bool:
        """Load, check and generate once; problems go to the dashboard, not to a crash.
        ``advance`` moves the as-of time to the clock. Whether the staging folder is
        usable."""
        began = time.perf_counter()
        try:
            settings, found = load_settings(self.config)
        except ConfigError as exc:
            say(f"not regenerated: {exc.problem.format_text()}")
            return False
        if self.as_of is None:
            self.cache = load_cache(settings.root)
        audience = Audience(self.args.audience) if self.args.audience else settings.audience
        first = self.as_of is None
        if first or (advance and not self.pinned):
            try:
                self.as_of = resolve_as_of(self.args.as_of if self.pinned else None,
                                           calendar_for(settings))
            except ValueError as exc:
                if first:
                    raise UsageError(str(exc)) from None
                say(f"not regenerated: {exc}")
                return False
            self.full = True
        assert self.as_of is not None
        project = load_project(settings, found, internal=audience is Audience.INTERNAL,
                               cache=self.cache)
        try:
            report_weeks(project.tickets, self.as_of, settings.timezone)
        except ValueError as exc:  # too many weeks: refused before any work
            if first:
                raise UsageError(str(exc)) from None
            say(f"not regenerated: {exc}")
            return False
        notice = as_of_notice(self.as_of, self.pinned, self.args.as_of_every)
        # the preview holds the parse cache and the loaded site: the collector's full
        # passes over them would cost more than the generation itself
        with self.lock, collector_paused(), self.memo.generation():
            problems = check_project(project)
            try:
                result = generate(project, audience=audience, as_of=self.as_of,
                                  problems=problems, notice=notice, place=True,
                                  layout=self.layout, memo=self.memo)
            except (StagingError, FrozenReportError) as exc:
                say(f"not regenerated: {exc}")
                return False
            pages = frozenset(result.rendered)
            self.full = self.full or pages != self.pages
            self.pages = pages
            self.changed.update(result.written)
            placed = by_page(result.fragments)
            # a fragment changed while its page's placeholders did not: the page is
            # rendered again all the same, for its fragments to go in
            self.changed.update(page for page, mine in placed.items()
                                if self.placed.get(page) != mine)
            self.placed, self.fragments = placed, result.fragments
        errors = sum(1 for p in problems if p.severity == "error")
        note = f"; {errors} record error(s) shown on the dashboard" if errors else ""
        say(f"regenerated: {result.changed_pages} of {result.pages} pages changed{note}"
            f" ({time.perf_counter() - began:.1f} s)")
        return True

    def take(self) -> tuple[set[str], bool, Mapping[int, Fragment]]:
        """The staged files changed since the last call, whether to rebuild all, and the
        fragments the staged pages hold placeholders of."""
        with self.lock:
            changed, full = self.changed, self.full
            self.changed, self.full = set(), False
            return changed, full, self.fragments

    def save_cache(self) -> None:
        """Keep the parse cache for the next run (once serving, not on every edit)."""
        save_cache(self.config.parent, self.cache)


def by_page(fragments: Mapping[int, Fragment]) -> dict[str, list[Fragment]]:
    """The fragments of each staged page, in key order (the order of the page)."""
    pages: dict[str, list[Fragment]] = {}
    for _key, fragment in sorted(fragments.items()):
        pages.setdefault(fragment.page, []).append(fragment)
    return pages


def _watch(preview: Preview, stop: threading.Event, asked: threading.Event,
           wake: Callable[[], None]) -> None:
    """Regenerate on every change of a watched file (and when the as-of time is due),
    then ``wake`` the builder: a change of fragments only leaves no staged file changed
    for the server to notice."""
    folders: tuple[str, ...] = WATCHED
    try:
        internal = load_settings(preview.config)[0].internal_dir
        folders += (internal,) if internal else ()
    except ConfigError:
        pass  # regenerate says why
    root = preview.config.parent
    seen = snapshot(root, preview.config, folders)
    assert preview.as_of is not None
    due = next_as_of(preview.as_of, preview.args.as_of_every)
    poked = threading.Event()
    observer = _notify(poked, [root / folder for folder in folders] + [preview.config])
    try:
        while not stop.is_set():
            # a file event wakes the scan at once; the poll catches what no event reports
            poked.wait(POLL_SECONDS)
            poked.clear()
            if stop.is_set():
                break
            due = _rescan(preview, root, folders, seen, due, asked, wake)
    finally:
        if observer is not None:
            observer.stop()


def _rescan(preview: Preview, root: Path, folders: tuple[str, ...],
            seen: dict[str, tuple[int, int]], due: datetime | None,
            asked: threading.Event, wake: Callable[[], None]) -> datetime | None:
    """Regenerate when a watched file changed since ``seen`` (updated in place) or the
    as-of time is due; the next time the as-of time is due."""
    try:
        advance = asked.is_set() or (
            due is not None and not preview.pinned and datetime.now(due.tzinfo) >= due)
        now = snapshot(root, preview.config, folders)
        if now != seen or advance:
            seen.clear()
            seen.update(now)
            asked.clear()
            preview.regenerate(advance=advance)
            wake()
            if advance and preview.as_of is not None:
                due = next_as_of(preview.as_of, preview.args.as_of_every)
    except Exception as exc:  # keep serving whatever one regeneration does
        say(f"not regenerated: {type(exc).__name__}: {exc}")
    return due


def _notify(poked: threading.Event, paths: list[Path]) -> BaseObserver | None:
    """An observer of the operating system's file events under ``paths`` that sets
    ``poked`` on each, or None where none can be started (the poll alone then)."""

    class Poke(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            poked.set()

    observer = Observer()
    try:
        for path in paths:
            if path.is_dir():
                observer.schedule(Poke(), str(path), recursive=True)
            elif path.parent.is_dir():
                observer.schedule(Poke(), str(path.parent), recursive=False)
        observer.daemon = True
        observer.start()
    except (OSError, RuntimeError):  # e.g. no inotify watches left
        return None
    return observer


def _read_enter(asked: threading.Event) -> None:
    """Each line typed in the terminal asks for the as-of time to advance."""
    for _line in sys.stdin:
        asked.set()


def run(args: argparse.Namespace) -> int:
    """Run ``serve`` until interrupted; the exit status."""
    # imported here: only serve needs MkDocs in this process
    from mkdocs.livereload import LiveReloadServer, _serve_url

    from generator.write.live_site import LiveSite

    preview = Preview(args)
    if not preview.regenerate():
        return 1
    host, _, port = args.dev_addr.rpartition(":")
    settings = load_settings(preview.config)[0]
    staging = settings.root / settings.docs_dir
    site_dir = Path(tempfile.mkdtemp(prefix="escalation-serve-"))
    url = _serve_url(host.strip("[]"), int(port), "/")
    site = LiveSite(preview.config, site_dir, url)
    fragments = preview.take()[2]

    def rebuild() -> None:
        changed, full, fragments = preview.take()
        if changed or full:
            began = time.perf_counter()
            with collector_paused():
                done = site.update(changed, full=full, fragments=fragments)
            pages = "every page" if done.full else f"{len(done.pages)} page(s)"
            say(f"rebuilt {pages} ({time.perf_counter() - began:.1f} s)")

    server = LiveReloadServer(builder=rebuild, host=host.strip("[]"), port=int(port),
                              root=str(site_dir), polling_interval=POLL_SECONDS)
    server.watch(str(staging))
    server.watch(str(settings.root / OVERRIDES))
    first, ready = threading.Event(), threading.Event()
    failed: list[Exception] = []

    def on_first() -> None:
        ready.set()
        first.set()

    def build_first() -> None:
        try:
            site.build_all(first=FIRST_PAGES, on_first=on_first, fragments=fragments)
        except Exception as exc:  # before the first pages: reported below, else here
            if ready.is_set():
                say(f"the site could not be built: {exc}; fix it and save again")
            failed.append(exc)
        finally:
            first.set()

    builder = threading.Thread(target=build_first, name="first-build", daemon=True)
    builder.start()
    first.wait()
    if not ready.is_set():
        shutil.rmtree(site_dir, ignore_errors=True)
        reason = failed[0] if failed else "unknown"
        raise CommandFailed(f"the site could not be built: {reason}")
    say("the first pages are built; the rest of the site follows")
    stop, asked = threading.Event(), threading.Event()
    def wake() -> None:
        # what the server's own watcher does on a file event (MkDocs has no public call)
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    watcher = threading.Thread(target=_watch, args=(preview, stop, asked, wake),
                               daemon=True)
    watcher.start()
    if sys.stdin is not None and sys.stdin.isatty():
        threading.Thread(target=_read_enter, args=(asked,), daemon=True).start()
    def save_when_built() -> None:
        builder.join()
        preview.save_cache()

    threading.Thread(target=save_when_built, daemon=True).start()
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        say("shutting down")
    finally:
        stop.set()
        server.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0
