"""``escalation import tdx``: create and update tickets from a TeamDynamix report export.

The work is done by :mod:`generator.tdx`; this module only reads the options, runs the
stages and chooses the exit status: 0 every row imported (conflicts are reported, not
failures), 1 some rows rejected or files not written (the others were), 2 the import
could not start (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli.common import UsageError, add_config_option, say, settings_errors
from generator.read.settings import load_settings
from generator.schema.paths import TICKETS_DIR
from generator.tdx.apply import render_diff
from generator.tdx.importer import ImportOptions, ImportStopped, plan_import, prepare, write_plan
from generator.tdx.progress import Progress
from generator.tdx.report import plan_messages, summary, unused_columns
from generator.tdx.source import FORMATS
from generator.write.atomic import sweep_staged

DESCRIPTION = (
    "Create tickets/<year>/<ID>.md for each new TDX ticket in the export (tier: handle) and"
    " update existing tickets in the fields TDX owns (title, requestor, department, status,"
    " priority, classification, resolved, and service when empty), keeping every other"
    " byte of the file. A field edited by hand since the last import is a conflict: it is"
    " reported and kept unless --overwrite. Exit status: 0 all rows imported, 1 some rows"
    " rejected (the others were imported), 2 nothing imported (usage, columns, settings)."
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import tdx`` sub-command."""
    parser = subparsers.add_parser("import", help="create and update tickets from an export")
    sources = parser.add_subparsers(dest="source", metavar="SOURCE", required=True)
    tdx = sources.add_parser("tdx", help="a TeamDynamix report export (CSV) or API JSON",
                             description=DESCRIPTION)
    add_config_option(tdx)
    tdx.add_argument("file", metavar="FILE", help="the exported report (.csv or .json)")
    tdx.add_argument("--format", choices=FORMATS, dest="input_format",
                     help="the file's format (default: from its suffix; csv otherwise)")
    tdx.add_argument("--map", metavar="MAPPING", dest="mapping_file",
                     help="a YAML file of columns and value tables over the built-in ones")
    tdx.add_argument("--timezone", metavar="ZONE",
                     help="the timezone of the export's dates (default: the project's)")
    tdx.add_argument("--date-format", metavar="FORMAT",
                     help="a strptime format for dates that are not ISO 8601"
                     " (default: US, such as 7/14/2023 10:41)")
    tdx.add_argument("--dry-run", action="store_true",
                     help="print the diff the import would make and write nothing")
    tdx.add_argument("--status-map", action="append", default=[], metavar="TDX=STATUS",
                     help="map a TDX status name to a record status (repeat)")
    tdx.add_argument("--default", action="append", default=[], metavar="FIELD=VALUE",
                     dest="defaults",
                     help="a value for new tickets when the export has no column (or an"
                     " empty cell) for FIELD (repeat)")
    tdx.add_argument("--resolved-from", metavar="COLUMN",
                     help="the column giving the resolved time of resolved or closed rows"
                     " when the export has no completion date (such as Modified)")
    tdx.add_argument("--overwrite", action="store_true",
                     help="take TDX's value where a field was edited by hand (conflicts)")
    tdx.set_defaults(run=run)


def options_from(args: argparse.Namespace) -> ImportOptions:
    """The import options of parsed arguments."""
    return ImportOptions(
        file=Path(args.file),
        fmt=args.input_format,
        mapping_file=Path(args.mapping_file) if args.mapping_file else None,
        timezone=args.timezone,
        date_format=args.date_format,
        status_map=tuple(args.status_map),
        defaults=tuple(args.defaults),
        resolved_from=args.resolved_from,
        overwrite=args.overwrite,
    )


def run(args: argparse.Namespace) -> int:
    """Run ``import tdx``; the exit status."""
    settings, problems = load_settings(Path(args.config_file))
    if settings_errors(problems):
        for problem in problems:
            say(problem.format_text())
        return 2
    try:
        prepared = prepare(settings, options_from(args))
    except ImportStopped as exc:
        for problem in exc.problems:
            say(problem.format_text())
        raise UsageError(f"{exc}; nothing was imported") from None
    export = prepared.export
    for line in unused_columns(export, prepared.columns.unused):
        say(line)
    progress = Progress(len(export.rows), "planning")
    plan = plan_import(prepared, progress)
    progress.close()
    failures = []
    if args.dry_run:
        sys.stdout.write(render_diff(plan.changes))
    else:
        swept = sweep_staged(settings.root / TICKETS_DIR)
        if swept:
            say(f"removed {len(swept)} temporary file(s) an interrupted import left in"
                f" {TICKETS_DIR}/")
        progress = Progress(len(plan.changes), "writing")
        failures = write_plan(prepared, plan, progress)
        progress.close()
    for line in plan_messages(export, plan, prepared.overwrite, failures):
        say(line)
    say(summary(plan, rows=len(export.rows), overwrite=prepared.overwrite,
                dry_run=args.dry_run, failures=failures))
    return 1 if plan.rejected or failures else 0
