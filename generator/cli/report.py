"""``escalation report``: print, freeze or compare the weekly report of one ISO week, or
print the reports of a range of weeks (``--from``, ``--to``).

Figures are computed only from records without errors: numbers taken from a broken
record are not evidence, so the command refuses and lists the errors instead.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from generator.cli.common import (
    CommandFailed,
    UsageError,
    add_config_option,
    open_project,
    refusal,
    refuse_record_errors,
    say,
)
from generator.compute.as_of import AS_OF_VARIABLE, resolve_as_of
from generator.compute.calendar import BusinessCalendar, calendar_for
from generator.compute.frozen import frozen_differences, schema_note
from generator.compute.weekly import MAX_REPORT_WEEKS, WeeklyReport, compute_week
from generator.compute.weekly_range import compute_weeks
from generator.read.files import relative
from generator.read.frozen import FrozenReportError, frozen_path
from generator.read.project import Project, project_digest
from generator.render.report import (
    render_csv,
    render_json,
    render_markdown,
    render_markdown_range,
)
from generator.schema.fields import YEARS, within_years
from generator.schema.weeks import IsoWeek, last_complete_week
from generator.write.atomic import RecordExistsError
from generator.write.checked import RecordRefused
from generator.write.frozen import write_frozen

FORMATS = ("md", "json", "csv")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` sub-command."""
    parser = subparsers.add_parser(
        "report",
        help="print, freeze or compare the weekly report",
        description="Print the report of one ISO week as of an instant, or of every week"
        " of a range (--from, --to), freeze it as a committed snapshot"
        " (docs/reports/frozen/<yyyy>-w<ww>.md), or compare a snapshot with today's"
        " records. Exit status: 0 success (with --compare-frozen: the same figures), 1"
        " failure, record errors, or with --compare-frozen figures that differ; 2 usage or"
        " configuration errors.",
    )
    add_config_option(parser)
    parser.add_argument("--week", metavar="YYYY-Www",
                        help="the ISO week, such as 2026-W47 (default: the last complete week)")
    parser.add_argument("--from", metavar="YYYY-Www", dest="from_week",
                        help="with --to: print the report of every week from this one (JSON:"
                        " a list in week order; CSV: one header, then each week's rows)")
    parser.add_argument("--to", metavar="YYYY-Www", dest="to_week",
                        help="with --from: the last week of the range (included)")
    parser.add_argument("--as-of", metavar="WHEN",
                        help="ISO date or datetime the figures are computed as of; without an"
                        " offset it is in the configured timezone (default:"
                        f" ${AS_OF_VARIABLE}, else now)")
    parser.add_argument("--format", choices=FORMATS, dest="output_format",
                        help="md (default), json, or csv (one row per admin and a total)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--freeze", action="store_true",
                      help="write the week's snapshot instead of printing the report")
    mode.add_argument("--compare-frozen", action="store_true",
                      help="recompute the frozen week as of its frozen time and list what"
                      " differs (exit 1 when a figure differs)")
    parser.add_argument("--force", action="store_true",
                        help="with --freeze: replace an existing snapshot")
    parser.set_defaults(run=run)


def _check_options(args: argparse.Namespace) -> IsoWeek | None:
    if args.force and not args.freeze:
        raise UsageError("--force only applies with --freeze")
    if args.output_format and (args.freeze or args.compare_frozen):
        raise UsageError("--format applies to the printed report, not to --freeze or"
                         " --compare-frozen")
    if args.compare_frozen and args.as_of:
        raise UsageError("--as-of cannot be combined with --compare-frozen: the comparison"
                         " uses the as-of time recorded in the snapshot")
    return None if args.week is None else _week_option("--week", args.week)


def _week_option(flag: str, text: str) -> IsoWeek:
    """The ISO week an option names, of the years records may have; else a usage error."""
    try:
        week = IsoWeek.parse(text)
    except ValueError as exc:
        raise UsageError(f"{flag}: {exc}") from None
    if not (within_years(week.monday) or within_years(week.sunday)):
        raise UsageError(f"{flag} {text!r}: expected a week of the years {YEARS[0]} to"
                         f" {YEARS[1]}, the years records may have")
    return week


def _range_options(args: argparse.Namespace) -> list[IsoWeek] | None:
    """The weeks of ``--from``/``--to`` in order, or None without them; usage errors for a
    range given with another mode, half a range, a backwards or an oversized one."""
    if args.from_week is None and args.to_week is None:
        return None
    if args.week is not None:
        raise UsageError("--week cannot be combined with --from/--to: give one week, or a"
                         " range")
    if args.freeze or args.compare_frozen:
        mode = "--freeze" if args.freeze else "--compare-frozen"
        raise UsageError(f"--from/--to print the reports of a range; {mode} takes one"
                         " --week")
    missing = "--to" if args.to_week is None else "--from" if args.from_week is None else ""
    if missing:
        given = "--from" if missing == "--to" else "--to"
        raise UsageError(f"{given} needs {missing}: a range is --from YYYY-Www --to YYYY-Www")
    first = _week_option("--from", args.from_week)
    last = _week_option("--to", args.to_week)
    if first > last:
        raise UsageError(f"--from {first} is after --to {last}: expected --from at or before"
                         " --to")
    count = (last.monday - first.monday).days // 7 + 1
    if count > MAX_REPORT_WEEKS:
        raise UsageError(f"--from {first} --to {last} is {count} weeks: expected at most"
                         f" {MAX_REPORT_WEEKS}, the most weekly reports the tool makes")
    return IsoWeek.range(first, last)


def _as_of(args: argparse.Namespace, calendar: BusinessCalendar) -> datetime:
    # --compare-frozen recomputes as of the snapshot's own time: the variable would mislead.
    try:
        return resolve_as_of(args.as_of, calendar, use_environment=not args.compare_frozen)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    """Run ``report``; the exit status."""
    week = _check_options(args)
    weeks = _range_options(args)
    project = open_project(args)
    status = refuse_record_errors(project, "report")
    if status:
        return status
    calendar = calendar_for(project.settings)
    as_of = _as_of(args, calendar)
    if weeks is not None:
        return _print_range(project, weeks, as_of, args.output_format or "md")
    if week is None:
        week = last_complete_week(as_of, calendar.timezone)
    if args.compare_frozen:
        return _compare(project, week)
    if week.start(calendar.timezone) > as_of:
        raise UsageError(f"week {week} starts after the as-of time {as_of.isoformat()}:"
                         " there is nothing to report yet")
    report = compute_week(project.tickets, project.admins, project.settings, week, as_of)
    if args.freeze:
        return _freeze(project, report, force=args.force)
    sys.stdout.write(render_report(report, args.output_format or "md"))
    return 0


def render_report(report: WeeklyReport, output_format: str) -> str:
    """The report as printed: Markdown with a title, JSON, or CSV."""
    if output_format == "json":
        return render_json(report)
    if output_format == "csv":
        return render_csv(report)
    return render_markdown(report, title=True)


def _print_range(project: Project, weeks: list[IsoWeek], as_of: datetime,
                 output_format: str) -> int:
    last = weeks[-1]
    if last.start(project.settings.timezone) > as_of:
        raise UsageError(f"--to {last} starts after the as-of time {as_of.isoformat()}:"
                         " there is nothing to report for it yet")
    reports = compute_weeks(project.tickets, project.admins, project.settings, weeks, as_of)
    if output_format == "json":
        sys.stdout.write(render_json(reports))
    elif output_format == "csv":
        sys.stdout.write(render_csv(reports))
    else:
        sys.stdout.write(render_markdown_range(reports))
    return 0


def _freeze(project: Project, report: WeeklyReport, *, force: bool) -> int:
    settings = project.settings
    end = report.week.end(settings.timezone)
    if end > report.as_of:
        raise CommandFailed(
            f"week {report.week} is not over as of {report.as_of.isoformat()} (it ends"
            f" {end.isoformat()}); only a complete week can be frozen"
        )
    frozen_at = datetime.now(settings.timezone).replace(microsecond=0)
    try:
        path = write_frozen(project, report, frozen_at=frozen_at, force=force)
    except RecordRefused as exc:
        raise CommandFailed(refusal(exc.problems, f"the snapshot of {report.week} would not"
                                    " pass 'escalation check'; nothing was written")) from None
    except RecordExistsError:
        rel = relative(settings.root, frozen_path(settings.root, report.week))
        raise CommandFailed(
            f"{rel} already exists: a frozen report is never overwritten; compare it with"
            " --compare-frozen, or replace it with --freeze --force"
        ) from None
    say(f"froze {report.week} as of {report.as_of.isoformat()} to {relative(settings.root, path)}")
    return 0


def _compare(project: Project, week: IsoWeek) -> int:
    settings = project.settings
    try:
        frozen = project.snapshots.get(week)
    except FrozenReportError as exc:
        raise CommandFailed(str(exc)) from None
    rel = relative(settings.root, frozen_path(settings.root, week))
    if frozen is None:
        raise CommandFailed(f"no frozen report of {week}: {rel} does not exist (freeze it"
                            " with --freeze)")
    current = compute_week(project.tickets, project.admins, settings, week, frozen.as_of)
    digest = project_digest(project)
    differences = frozen_differences(frozen, current)
    lines = [
        f"{week}: frozen at {frozen.frozen_at.isoformat()} as of {frozen.as_of.isoformat()}"
        f" ({rel})",
        "records: unchanged since the freeze" if digest == frozen.records_digest else
        f"records: changed since the freeze ({frozen.records_digest} then, {digest} now)",
        f"schema: {schema_note(frozen)}",
    ]
    if differences:
        lines.append(f"figures: {len(differences)} differ from the frozen report")
        lines.extend(f"  {line}" for line in differences)
    else:
        lines.append("figures: the same as the frozen report")
    sys.stdout.write("\n".join(lines) + "\n")
    return 1 if differences else 0
