"""``escalation apply-form EVENT.json``: make the edit a submitted issue form asks for.

The site's "Engage an admin" and "Record a response" links open a GitHub issue form
(``.github/ISSUE_TEMPLATE/engage.yml``, ``respond.yml``); the apply-form workflow runs
this command on the recorded ``issues`` event. The form is the one whose label the issue
carries (``engage-form`` or ``respond-form``); its body is read strictly
(``read/issue_form.py``) and its values go to the very function ``escalation engage`` or
``escalation respond`` runs, so the file is the one the command line would write.
Whatever that function, ``check`` or the reader refuses is printed, and written as the
Markdown comment for the issue with ``--comment``; exit status 1, nothing written.
"""

from __future__ import annotations

import argparse
import re
from datetime import datetime
from pathlib import Path

from generator.cli.common import CommandFailed, UsageError, add_config_option, open_project, say
from generator.cli.ticket_edit import (
    EngageRequest,
    RespondRequest,
    engage_ticket,
    respond_ticket,
)
from generator.read.issue_form import (
    EventError,
    FormRefused,
    IssueEvent,
    identify_form,
    load_issue_event,
    parse_form_body,
)
from generator.read.project import Project
from generator.schema.issue_forms import ENGAGE_FORM, IssueForm
from generator.write.atomic import write_atomically

_BACKTICKS = re.compile(r"`+")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``apply-form`` sub-command."""
    parser = subparsers.add_parser(
        "apply-form",
        help="apply a submitted engage or respond issue form (a GitHub 'issues' event)",
        description="Read the issue of a GitHub 'issues' event payload, parse the engage or"
        " respond form submitted in its body and make exactly the edit 'escalation engage'"
        " or 'escalation respond' makes with those values. Prints the changed file's path;"
        " on refusal prints why, exit status 1, nothing written.",
    )
    add_config_option(parser)
    parser.add_argument("event", metavar="EVENT.json",
                        help="the event payload, such as $GITHUB_EVENT_PATH in a workflow")
    parser.add_argument("--comment", metavar="FILE",
                        help="on refusal, also write the Markdown comment for the issue to"
                        " FILE (a new file)")
    parser.set_defaults(run=run)


def form_names(form: IssueForm) -> dict[str, str]:
    """How refusals name the form's values: by their field's label."""
    return {field.id: f"field '{field.label}'" for field in form.fields}


def default_at(event: IssueEvent, project: Project) -> datetime:
    """When the issue was opened, to the minute on the configured clock: an empty time
    field means then (so that running the command again gives the same file)."""
    opened = event.created_at.astimezone(project.settings.timezone)
    return opened.replace(second=0, microsecond=0)


def apply(project: Project, form: IssueForm, values: dict[str, str | None],
          event: IssueEvent) -> str:
    """Run the form's edit; the sentence saying what was done."""
    ticket, admin = values["ticket"], values["admin"]
    assert ticket is not None and admin is not None  # required fields
    at = values["at"] or default_at(event, project)
    if form is ENGAGE_FORM:
        tier = values["tier"]
        assert tier is not None
        return engage_ticket(project, EngageRequest(
            ticket=ticket, admin=admin, tier=tier, tag=values["tag"],
            reason=values["reason"], message=values["message"], at=at), form_names(form))
    outcome = values["outcome"]
    assert outcome is not None
    return respond_ticket(project, RespondRequest(
        ticket=ticket, admin=admin, outcome=outcome, process=values["process"],
        redirect_to=values["redirect_to"], at=at), form_names(form))


def comment_markdown(message: str) -> str:
    """The issue comment for a refusal: the message verbatim in a code block (fenced
    longer than any run of backticks in it, so it renders as text and mentions nobody)."""
    fence = "`" * max(3, 1 + max((len(m) for m in _BACKTICKS.findall(message)), default=0))
    return (
        "**This form was not applied; nothing was written.** Edit the issue to correct the"
        " fields below: the form is applied again after every edit.\n\n"
        f"{fence}text\n{message}\n{fence}\n"
    )


def run(args: argparse.Namespace) -> int:
    """Apply the form; the exit status."""
    comment = Path(args.comment) if args.comment else None
    if comment is not None and (comment.exists() or comment.is_symlink()):
        raise UsageError(f"--comment {args.comment}: the file exists; name a new file")
    try:
        event = load_issue_event(Path(args.event))
    except EventError as exc:
        raise UsageError(str(exc)) from None
    try:
        form = identify_form(event)
        values = parse_form_body(form, event.body, event.number)
        say(apply(open_project(args), form, values, event))
        return 0
    except EventError as exc:
        raise UsageError(str(exc)) from None
    except FormRefused as exc:
        message = "\n".join(exc.problems)
    except (CommandFailed, UsageError) as exc:
        message = f"issue #{event.number}: {exc}"
    if comment is not None:
        write_atomically(comment, comment_markdown(message))
    raise CommandFailed(message)
