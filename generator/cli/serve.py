"""``escalation serve``: live preview that regenerates when a record or docs page changes.

The generator regenerates the staging folder whenever a file under tickets/, admins/,
docs/ or the internal source (or mkdocs.yml) changes, writing only the pages whose
content changed; MkDocs' own server watches the staging folder and reloads the
browser. Records with errors do not stop the preview: the dashboard lists the problems.
"""

from __future__ import annotations

import argparse
import ipaddress
import threading
from pathlib import Path

from generator.cli.common import say
from generator.cli.site import add_site_options, prepare
from generator.read.frozen import FrozenReportError
from generator.read.settings import ConfigError, load_settings
from generator.write.build import generate
from generator.write.staging import StagingError

WATCHED = ("tickets", "admins", "docs")
POLL_SECONDS = 1.0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` sub-command."""
    parser = subparsers.add_parser(
        "serve", help="live preview of the site",
        description="Generate the pages, serve the site and regenerate on every change to"
        " tickets/, admins/, docs/ or mkdocs.yml.",
    )
    add_site_options(parser)
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                        type=dev_addr, help="address to serve on (default 127.0.0.1:8000)")
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


def snapshot(root: Path, config: Path, folders: tuple[str, ...] = WATCHED) -> dict[str, float]:
    """Modification times of every watched file (cheap enough to poll every second)."""
    times: dict[str, float] = {}
    for folder in folders:
        base = root / folder
        if base.is_dir():
            for path in base.rglob("*"):
                try:
                    if path.is_file():
                        times[str(path)] = path.stat().st_mtime
                except FileNotFoundError:  # an editor's swap file, gone since the listing
                    continue
    if config.exists():
        times[str(config)] = config.stat().st_mtime
    return times


def regenerate(args: argparse.Namespace) -> None:
    """Load, check and generate once; problems go to the dashboard, not to a crash."""
    try:
        prepared = prepare(args, stop_on_errors=False)
    except ConfigError as exc:
        say(f"not regenerated: {exc.problem.format_text()}")
        return
    try:
        result = generate(prepared.project, audience=prepared.audience, as_of=prepared.as_of,
                          problems=prepared.problems)
    except (StagingError, FrozenReportError) as exc:
        say(f"not regenerated: {exc}")
        return
    errors = sum(1 for p in prepared.problems if p.severity == "error")
    note = f"; {errors} record error(s) shown on the dashboard" if errors else ""
    say(f"regenerated: {result.changed_pages} of {result.pages} pages changed{note}")


def _watch(args: argparse.Namespace, root: Path, config: Path, stop: threading.Event) -> None:
    folders: tuple[str, ...] = WATCHED
    try:
        internal = load_settings(config)[0].internal_dir
        folders += (internal,) if internal else ()
    except ConfigError:
        pass  # regenerate says why
    seen = snapshot(root, config, folders)
    while not stop.wait(POLL_SECONDS):
        try:
            now = snapshot(root, config, folders)
            if now != seen:
                seen = now
                regenerate(args)
        except Exception as exc:  # keep serving whatever one regeneration does
            say(f"not regenerated: {type(exc).__name__}: {exc}")


def run(args: argparse.Namespace) -> int:
    """Run ``serve`` until interrupted; the exit status."""
    from mkdocs.commands.serve import serve  # imported here: only serve needs MkDocs itself

    config = Path(args.config_file).resolve()
    regenerate(args)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(args, config.parent, config, stop),
                               daemon=True)
    watcher.start()
    try:
        serve(config_file=str(config), dev_addr=args.dev_addr, livereload=True)
    finally:
        stop.set()
    return 0
