"""``escalation build``: check the records, generate the pages, run the site builder."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

from generator.cli.common import CommandFailed, UsageError, say
from generator.cli.site import Prepared, add_site_options, prepare
from generator.read.frozen import FrozenReportError
from generator.write.build import (
    BUILDERS,
    PLACING,
    LeakError,
    SiteDirError,
    build_site,
    generate,
    site_folders,
)
from generator.write.leaks import SHOWN_LEAKS
from generator.write.placement import PlacementError
from generator.write.staging import StagingError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``build`` sub-command."""
    parser = subparsers.add_parser(
        "build", help="generate the pages and build the static site",
        description="Check the records (any error stops the build with the same messages as"
        " 'escalation check'), generate the pages into the staging folder and run the site"
        " builder.",
    )
    add_site_options(parser)
    parser.add_argument("--site-dir", metavar="DIR", help="where to write the site")
    parser.add_argument("--strict", action="store_true",
                        help="fail on builder warnings (e.g. broken links)")
    parser.add_argument("--builder", choices=BUILDERS, default="mkdocs",
                        help="mkdocs (default) or zensical, if installed")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``build``; the exit status."""
    run_ = prepare(args, stop_on_errors=True)
    # The loaded records live until the build ends; without this the collector's full
    # passes while pages are rendered walk all of them again (0.15-0.25 CPU-s at 10,000
    # tickets). Frozen objects are still freed by reference counting; a caller that goes
    # on (a test calling main) gets them back into the collector's care afterwards.
    gc.freeze()
    try:
        return _build(args, run_)
    finally:
        gc.unfreeze()


def _build(args: argparse.Namespace, run_: Prepared) -> int:
    site_dir = Path(args.site_dir).resolve() if args.site_dir else None
    try:  # before any work: the builder would wipe the folder
        site_folders(run_.project.settings, args.builder, site_dir)
    except SiteDirError as exc:
        raise UsageError(str(exc)) from None
    try:
        generated = generate(run_.project, audience=run_.audience, as_of=run_.as_of,
                             place=args.builder in PLACING)
    except FrozenReportError as exc:
        raise CommandFailed(str(exc)) from None  # the located problem, on one line
    except StagingError as exc:
        raise CommandFailed(str(exc)) from None
    say(f"generated {generated.pages} pages for the {run_.audience} audience as of"
        f" {run_.as_of.isoformat()}")
    source = run_.project.internal
    if source is not None and not source.present:
        say(f"note: the internal source {source.folder!r} (internal_dir) does not exist, so"
            " this internal build has none of its pages or entries")
    try:
        status = build_site(run_.project, audience=run_.audience, as_of=run_.as_of,
                            builder=args.builder, site_dir=site_dir, strict=args.strict,
                            generated=generated)
    except (FileNotFoundError, PlacementError) as exc:
        raise CommandFailed(str(exc)) from None
    except LeakError as exc:
        for leak in exc.leaks[:SHOWN_LEAKS]:
            say(leak.format_text())
        if len(exc.leaks) > SHOWN_LEAKS:
            say(f"... and {len(exc.leaks) - SHOWN_LEAKS} more")
        raise CommandFailed("the shared site held internal text (listed above), so it was"
                            " removed and nothing was built; report this as a bug") from None
    if status != 0:
        raise CommandFailed(f"{args.builder} build failed (exit status {status})")
    return 0
