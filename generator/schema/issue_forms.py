"""The two GitHub issue forms that record an edit from the site: engage an admin, record a
response.

Declared once here: the parser of a submitted form (``read/issue_form.py``), the site's
prefilled links (``render/ticket_actions.py``) and ``apply-form`` read these; the YAML
files in ``.github/ISSUE_TEMPLATE/`` carry the same ids and labels (a unit test compares
them). A field's ``id`` is the query parameter that prefills it and the name of the value
``escalation engage`` / ``respond`` takes; its ``label`` is the ``### Label`` heading
GitHub writes above the answer in the issue body.
"""

from __future__ import annotations

from dataclasses import dataclass

NO_RESPONSE = "_No response_"
"""What GitHub writes in a submitted form's body for a field left empty."""
TEMPLATES_DIR = ".github/ISSUE_TEMPLATE"


@dataclass(frozen=True, slots=True)
class FormField:
    """One field of an issue form: its id (the query parameter), its heading, its kind."""

    id: str
    label: str
    multiline: bool = False
    """A ``textarea`` (several lines allowed); otherwise a one-line ``input`` or dropdown."""
    required: bool = False
    """Required by the command (GitHub enforces ``required`` only in public repositories)."""


@dataclass(frozen=True, slots=True)
class IssueForm:
    """An issue form: its template file, the label that marks its issues, its fields."""

    kind: str
    """``engage`` or ``respond``: the command whose edit the form makes."""
    template: str
    """The file name in ``.github/ISSUE_TEMPLATE/`` (the ``template`` query parameter)."""
    label: str
    """The label the template puts on every issue it opens: it says which form it is."""
    title: str
    """The issue title the site prefills, with ``{id}`` for the ticket ID."""
    fields: tuple[FormField, ...]

    def field(self, field_id: str) -> FormField:
        """The field with id ``field_id``."""
        return next(f for f in self.fields if f.id == field_id)


ENGAGE_FORM = IssueForm(
    kind="engage", template="engage.yml", label="engage-form",
    title="Engage an admin on ticket {id}",
    fields=(
        FormField("ticket", "Ticket", required=True),
        FormField("admin", "Admin", required=True),
        FormField("tier", "Tier", required=True),
        FormField("tag", "Tag"),
        FormField("reason", "Reason", multiline=True),
        FormField("message", "Message", multiline=True),
        FormField("at", "Engaged at"),
    ),
)
RESPOND_FORM = IssueForm(
    kind="respond", template="respond.yml", label="respond-form",
    title="Record a response on ticket {id}",
    fields=(
        FormField("ticket", "Ticket", required=True),
        FormField("admin", "Admin", required=True),
        FormField("outcome", "Outcome", required=True),
        FormField("redirect_to", "Redirect to"),
        FormField("process", "Process for next time", multiline=True),
        FormField("at", "Responded at"),
    ),
)
FORMS = (ENGAGE_FORM, RESPOND_FORM)
REFUSED_LABEL = "form-refused"
"""The label the workflow puts on an issue whose form was refused (removed once applied)."""
