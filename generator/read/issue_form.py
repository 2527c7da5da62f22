"""A recorded GitHub ``issues`` event, and the issue form submitted in it, read strictly.

GitHub writes a submitted issue form into the issue body as one section per field: a
``### Label`` line, a blank line, the answer (``_No response_`` when left empty). The
body is read back into the form's field values by those headings only: a section that is
missing, repeated or not a field of the form, text outside the sections and a one-line
field holding several lines are each refused, so a body edited by hand into something
else is never half-applied. Every value is returned as text, never interpreted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.read.files import FileReadError, read_file
from generator.schema.issue_forms import FORMS, NO_RESPONSE, IssueForm
from generator.schema.paths import MAX_EVENT_BYTES

_HEADING = re.compile(r"### (?P<label>.*)")


class EventError(Exception):
    """The file is not a GitHub ``issues`` event of a form issue: a usage error."""


class FormRefused(Exception):
    """The submitted form cannot be applied; ``problems`` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class IssueEvent:
    """What ``apply-form`` needs of an ``issues`` event: the issue and its form."""

    number: int
    body: str | None
    labels: tuple[str, ...]
    created_at: datetime
    """When the issue was opened (aware): the default time of the edit."""


def _member(data: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise EventError(f"{where}: expected a GitHub 'issues' event payload with"
                         f" {key!r}, but it is missing or of another type")
    return value


def load_issue_event(path: Path) -> IssueEvent:
    """The issue of the ``issues`` event payload at ``path``; :class:`EventError` if the
    file cannot be read or is not such a payload."""
    try:
        data = json.loads(read_file(path, MAX_EVENT_BYTES).decode("utf-8"))
    except FileReadError as exc:
        raise EventError(f"cannot read {path}: {exc.reason}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EventError(f"{path}: not a JSON event payload ({exc})") from None
    issue = _member(data, "issue", dict, str(path))
    number = _member(issue, "number", int, f"{path}: issue")
    body = issue.get("body")
    if body is not None and not isinstance(body, str):
        raise EventError(f"{path}: issue 'body' is neither text nor null")
    labels = _member(issue, "labels", list, f"{path}: issue")
    names = tuple(label["name"] for label in labels
                  if isinstance(label, dict) and isinstance(label.get("name"), str))
    if len(names) != len(labels):
        raise EventError(f"{path}: issue 'labels' must be a list of objects with a 'name'")
    created = _member(issue, "created_at", str, f"{path}: issue")
    try:
        created_at = datetime.fromisoformat(created)
    except ValueError:
        created_at = None
    if created_at is None or created_at.tzinfo is None:
        raise EventError(f"{path}: issue 'created_at' {created!r} is not an ISO 8601 time"
                         " with an offset")
    return IssueEvent(number, body, names, created_at)


def identify_form(event: IssueEvent) -> IssueForm:
    """The form whose label the issue carries. :class:`EventError` when it carries none
    (not a form issue: nothing to apply), :class:`FormRefused` when it carries several."""
    found = [form for form in FORMS if form.label in event.labels]
    if not found:
        labels = " or ".join(form.label for form in FORMS)
        raise EventError(f"issue #{event.number} has no label {labels}: it is not an"
                         " engage or respond form")
    if len(found) > 1:
        raise FormRefused([f"issue #{event.number} carries the labels"
                           f" {' and '.join(f.label for f in found)}: one form per issue;"
                           " remove the label of the form it is not"])
    return found[0]


def parse_form_body(form: IssueForm, body: str | None, number: int) -> dict[str, str | None]:
    """The value of every field of ``form`` in a submitted issue ``body`` (None for an
    empty one), or :class:`FormRefused` listing every way the body is not that form."""
    where = f"issue #{number}"
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    sections: dict[str, list[str]] = {}
    problems: list[str] = []
    current: list[str] | None = None
    known = {f.label: f for f in form.fields}
    for line_number, line in enumerate(text.split("\n"), start=1):
        heading = _HEADING.fullmatch(line.rstrip())
        if heading is not None:
            label = heading.group("label").strip()
            if label not in known:
                problems.append(f"{where}: line {line_number}: section '### {label}' is not"
                                f" a field of the {form.kind} form")
                current = []
            elif label in sections:
                problems.append(f"{where}: line {line_number}: section '### {label}'"
                                " appears a second time; each field has one section")
                current = []
            else:
                current = sections[label] = []
        elif current is not None:
            current.append(line)
        elif line.strip():
            problems.append(f"{where}: line {line_number}: text before the first section")
            current = []
    missing = [f"'### {f.label}'" for f in form.fields if f.label not in sections]
    if not text.strip():
        problems.append(f"{where}: the body is empty")
    elif missing:
        problems.append(f"{where}: {'the section' if len(missing) == 1 else 'the sections'}"
                        f" {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing")
    if problems:
        labels = ", ".join(f"'{f.label}'" for f in form.fields)
        problems.append(f"{where}: expected the {form.kind} form as GitHub writes it: a"
                        f" '### Label' line, then the answer, for each of {labels}")
    values: dict[str, str | None] = {}
    for field in form.fields:
        lines = sections.get(field.label)
        if lines is None:
            continue
        value = "\n".join(lines).strip()
        if value in ("", NO_RESPONSE):
            if field.required:
                problems.append(f"{where}: field '{field.label}' is empty; the {form.kind}"
                                " form needs it")
            values[field.id] = None
        elif "\n" in value and not field.multiline:
            problems.append(f"{where}: field '{field.label}' holds several lines; expected"
                            " one line")
        else:
            values[field.id] = value
    if problems:
        raise FormRefused(problems)
    return values
