"""``escalation digest``: what needs attention now, from ``escalation status``, as
Markdown, JSON or a Slack message, printed or posted to a webhook.

Like ``status``, it refuses records with errors. ``--due-now HH:MM`` answers the daily
workflow's question instead: is a run at the as-of time the business-day morning run?
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from datetime import time

from generator.cli.common import (
    CommandFailed,
    UsageError,
    add_config_option,
    open_project,
    refuse_record_errors,
    say,
)
from generator.compute.as_of import AS_OF_VARIABLE, resolve_as_of
from generator.compute.calendar import calendar_for
from generator.compute.digest import compute_digest, digest_due
from generator.render.digest import RENDERERS, slack_message
from generator.write.webhook import (
    TIMEOUT_SECONDS,
    WebhookFailed,
    post_json,
    webhook_host,
    webhook_url_flaw,
)

FORMATS = tuple(RENDERERS)
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_LONGEST_TIMEOUT = 300.0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``digest`` sub-command."""
    parser = subparsers.add_parser(
        "digest",
        help="what needs attention now: overdue, due soon, unowned, redirected, new gaps",
        description="Print what needs attention as of the as-of time, from the rows of"
        " 'escalation status': tickets overdue (no response) and due soon, unowned,"
        " redirected and not yet re-engaged, and the gaps that are new since the same time"
        " on the last business day. Each line names the ticket and the admin and links the"
        " site when site_url is set in mkdocs.yml. --post sends the slack format to an"
        " incoming webhook. Exit status: 0 success, 1 record errors or the webhook refused"
        " or failed, 2 usage or configuration errors.",
    )
    add_config_option(parser)
    parser.add_argument("--as-of", metavar="WHEN",
                        help="ISO date or datetime the digest is computed as of; without an"
                        " offset it is in the configured timezone (default:"
                        f" ${AS_OF_VARIABLE}, else now)")
    parser.add_argument("--format", choices=FORMATS, default=None, dest="output_format",
                        help="md (default), json, or slack (an incoming-webhook message in"
                        " Block Kit JSON)")
    parser.add_argument("--post", metavar="URL",
                        help="send the slack format to this incoming webhook (http:// or"
                        " https://) instead of printing it; retried on 5xx and 429")
    parser.add_argument("--timeout", metavar="SECONDS", type=float, default=TIMEOUT_SECONDS,
                        help=f"how long each attempt of --post may take (default:"
                        f" {TIMEOUT_SECONDS:g})")
    parser.add_argument("--due-now", metavar="HH:MM",
                        help="print only 'yes' when the as-of time is on a business day, at"
                        " HH:MM or within the hour after it (configured timezone), else"
                        " 'no': the scheduled workflow's test")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``digest``; the exit status."""
    _refuse_combinations(args)
    morning = _clock(args.due_now) if args.due_now is not None else None
    project = open_project(args)
    refused = refuse_record_errors(project, "digest")
    if refused:
        return refused
    settings = project.settings
    calendar = calendar_for(settings)
    try:
        as_of = resolve_as_of(args.as_of, calendar)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if morning is not None:
        sys.stdout.write("yes\n" if digest_due(calendar, as_of, morning) else "no\n")
        return 0
    digest = compute_digest(project.tickets, project.admins, settings, as_of)
    if args.post is None:
        sys.stdout.write(RENDERERS[args.output_format or "md"](digest, settings.site_url))
        return 0
    try:
        delivery = post_json(args.post, slack_message(digest, settings.site_url),
                             timeout=args.timeout)
    except WebhookFailed as exc:
        raise CommandFailed(f"error: {exc}") from None
    say(f"escalation digest: posted to the webhook at {webhook_host(args.post)}"
        f" (HTTP {delivery.status}, attempt {delivery.attempts})")
    return 0


def _refuse_combinations(args: argparse.Namespace) -> None:
    """Usage errors that need no records: options that do not go together, a webhook
    address that cannot be one (never repeated: it is a secret), a bad timeout."""
    if args.due_now is not None and (args.post is not None or args.output_format):
        raise UsageError("--due-now prints only yes or no: leave out --post and --format")
    if args.post is not None:
        if args.output_format not in (None, "slack"):
            raise UsageError(f"--post sends the slack format, not {args.output_format}:"
                             " leave out --format or use --format slack")
        flaw = webhook_url_flaw(args.post)
        if flaw is not None:
            raise UsageError(f"--post: expected an http:// or https:// webhook address, but"
                             f" {flaw} (the address is not shown: it is a secret)")
    if not (math.isfinite(args.timeout) and 0 < args.timeout <= _LONGEST_TIMEOUT):
        raise UsageError(f"--timeout: expected seconds above 0 and at most"
                         f" {_LONGEST_TIMEOUT:g} but received {args.timeout:g}")


def _clock(text: str) -> time:
    """``--due-now``'s wall-clock time."""
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise UsageError(f"--due-now: expected a time HH:MM such as 07:00 but received"
                         f" {text!r}")
    return time(int(match.group(1)), int(match.group(2)))
