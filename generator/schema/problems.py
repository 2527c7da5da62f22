"""Problems found in records and settings, and the closed catalogue of their codes.

Every problem carries its location (a POSIX path relative to the project root and a
1-based line), a severity and a stable code from :data:`CATALOGUE`. Stages collect
problems into lists; only the command line decides what they mean for the exit code.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.StrEnum):
    """How bad a problem is: errors stop builds, warnings only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Problem:
    """One finding, located in a file. Sorts by path, then line."""

    path: str
    line: int
    severity: Severity
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise ValueError(f"unknown problem code {self.code!r}")

    def format_text(self) -> str:
        """The one-line text form: ``path:line: severity: message [code]``."""
        return f"{self.path}:{self.line}: {self.severity}: {self.message} [{self.code}]"


E, W = Severity.ERROR, Severity.WARNING

_FILE_CODES: dict[str, tuple[Severity, str]] = {
    "file.too-large": (E, "The record file is larger than 1 MiB."),
    "file.unreadable": (E, "The file cannot be read (permissions, an I/O error)."),
    "file.not-utf8": (E, "The file is not valid UTF-8 text."),
    "file.control-character": (
        E,
        "The file contains a NUL byte, another control character or a non-character.",
    ),
    "file.no-front-matter": (E, "The file does not start with a '---' front-matter block."),
    "file.unterminated-front-matter": (E, "The front-matter block has no closing '---' line."),
    "file.yaml-syntax": (E, "The front-matter is not valid YAML."),
    "file.duplicate-key": (E, "A mapping repeats a key; YAML would silently keep the last one."),
    "file.bad-key": (E, "A mapping key is a list or a mapping instead of a field name."),
    "file.yaml-alias": (E, "YAML anchors and aliases are refused in hand-written records."),
    "file.not-a-mapping": (E, "The front-matter is not a mapping of field names to values."),
    "file.misplaced": (W, "A record file lies outside the folder its kind is read from."),
    "file.folder-unreadable": (
        E, "A folder under a record folder cannot be listed, so no record in it is read.",
    ),
    "file.broken-link": (
        E,
        "A symbolic link in a record folder points to nothing, loops, or leads to a folder"
        " already read; nothing is read through it.",
    ),
    "file.link-outside": (
        E, "A symbolic link in a record folder leads outside the project; nothing is read"
        " through it.",
    ),
    "file.wrong-extension": (
        E, "A file meant as a record ends in '.MD', '.Md' or '.markdown' instead of '.md'.",
    ),
    "file.not-a-record": (
        W,
        "A file in a record folder that is not a record (not '.md', hidden, a named pipe):"
        " it is not read.",
    ),
}

# Field-level codes exist once per record kind so that a code says where it applies.
_FIELD_CODES: dict[str, tuple[Severity, str]] = {
    "missing-field": (E, "A required field is absent or empty."),
    "wrong-type": (E, "A field has a value of the wrong type."),
    "invalid-value": (E, "A field's value is not one of the allowed values or forms."),
    "bad-date": (E, "A date or datetime field does not parse."),
    "unknown-key": (W, "A field name the record kind does not define (often a typo)."),
}

_KIND_CODES: dict[str, tuple[Severity, str]] = {
    "ticket.bad-id": (E, "The file name is not a valid ticket ID."),
    "ticket.duplicate-id": (E, "Two ticket files have the same ID."),
    "ticket.resolved-missing": (E, "A resolved or closed ticket has no 'resolved' time."),
    "ticket.resolved-before-opened": (E, "The ticket was resolved before it was opened."),
    "ticket.resolved-while-open": (
        W,
        "A ticket has a 'resolved' time but its status is not resolved or closed.",
    ),
    "ticket.engagement-before-opened": (E, "An admin was engaged before the ticket was opened."),
    "ticket.response-before-engagement": (E, "A response is dated before its engagement."),
    "ticket.engagements-out-of-order": (E, "Engagements are not listed oldest first."),
    "ticket.nonexistent-time": (
        E,
        "A time without a UTC offset that the clocks skip when they spring forward, so it"
        " names no instant.",
    ),
    "ticket.ambiguous-time": (
        W,
        "A time without a UTC offset that the clocks show twice when they fall back; the"
        " first is assumed.",
    ),
    "ticket.unknown-admin": (E, "An engagement or redirect names an admin with no admins/ file."),
    "ticket.redirect-to-self": (
        E, "A response redirects the ticket to the admin who was engaged: that is no redirect."),
    "ticket.handle-with-escalations": (E, "A 'handle' ticket lists admin engagements."),
    "ticket.tier-mismatch": (
        E,
        "A collaborate/escalate ticket has no engagement, or its last one has another tier.",
    ),
    "ticket.checklist-incomplete": (
        E,
        "An 'escalate' engagement was made while pre-escalation checklist items were unticked.",
    ),
    "ticket.unknown-checklist-item": (W, "A checklist item id the settings do not define."),
    "ticket.gap": (W, "The ticket's service is declared by no active admin (an ownership gap)."),
    "ticket.service-typo": (W, "The ticket's service is spelled close to a declared service."),
    "ticket.outside-purview": (
        W,
        "An admin was escalated to whose purview does not cover the ticket's service.",
    ),
    "ticket.inactive-admin": (W, "An engagement went to an admin marked inactive."),
    "admin.bad-slug": (E, "The file name is not a valid admin slug."),
    "admin.duplicate-service": (E, "An admin declares the same service twice."),
    "purview.overlap": (W, "Two admins declare the same service."),
    "settings.missing-file": (E, "The configuration file does not exist or cannot be read."),
    "report.broken-snapshot": (
        E,
        "A frozen weekly report under docs/reports/frozen/ cannot be read as a snapshot.",
    ),
}

KNOWLEDGE_CODES: dict[str, tuple[Severity, str]] = {
    "scenario.missing-field": (E, "A required scenario field is absent or empty."),
    "scenario.wrong-type": (E, "A scenario field has a value of the wrong type."),
    "scenario.invalid-value": (E, "A scenario's tier or audience is not an allowed value."),
    "scenario.unknown-key": (W, "A field name scenarios do not define (often a typo)."),
    "scenario.bad-slug": (E, "A scenario's file name is not a valid slug."),
    "scenario.unknown-itil": (
        E, "A scenario cites an ITIL slug with no file in docs/reference/itil/.",
    ),
    "scenario.missing-section": (
        W, "A scenario's body lacks the sections Context, Do and Don't, in this order.",
    ),
    "itil.missing-field": (E, "A required ITIL entry field is absent or empty."),
    "itil.wrong-type": (E, "An ITIL entry field has a value of the wrong type."),
    "itil.invalid-value": (E, "An ITIL entry's audience is not an allowed value."),
    "itil.unknown-key": (W, "A field name ITIL entries do not define (often a typo)."),
    "itil.bad-slug": (E, "An ITIL entry's file name is not a valid slug."),
    "reference.generated-page": (
        E, "A hand-written file has the path of a generated reference page (index.md).",
    ),
    "reference.missing-marker": (
        E, "The framework page lacks a marker for content filled in from the settings.",
    ),
    "reference.unknown-marker": (
        E, "The framework page has a '{{ name }}' marker line the generator does not know.",
    ),
}

AUDIENCE_CODES: dict[str, tuple[Severity, str]] = {
    "audience.bad-marker": (
        E, "An HTML comment mentions 'audience' but is not exactly one of the two marker"
        " lines, or sits in the front-matter.",
    ),
    "audience.inline-marker": (E, "An audience marker shares its line with other text."),
    "audience.nested-block": (E, "An internal block is opened inside another one."),
    "audience.unclosed-block": (E, "An internal block is never closed by a closing marker line."),
    "audience.stray-close": (E, "A closing marker line closes no open internal block."),
    "audience.bad-key": (
        E, "The audience key is misspelled, repeated, or outside a '---' front-matter block.",
    ),
    "audience.bad-value": (E, "A page's 'audience' is not exactly the text internal or shared."),
    "audience.unreadable-front-matter": (
        E, "A page's front-matter cannot be read, so its audience is unknown; the page is"
        " left out of the shared build.",
    ),
    "audience.not-markdown": (
        E, "A file of docs/ that is published as it is (not a .md page) holds an audience"
        " marker; it is left out of the shared build.",
    ),
    "audience.readable-by-admins": (
        W, "An internal page, block or entry lies in docs/, which every admin with a github"
        " handle can read in the repository; it belongs in the internal source.",
    ),
}

INTERNAL_CODES: dict[str, tuple[Severity, str]] = {
    "internal.duplicate-entry": (
        E, "A scenario or ITIL entry of the internal source has the slug of one in docs/.",
    ),
    "internal.reserved-path": (
        E, "A file of the internal source has a path the generator reads only from docs/"
        " (the framework page, frozen reports), or the path of a file of docs/ that is not"
        " a Markdown page.",
    ),
}

_CODEOWNERS_CODES: dict[str, tuple[Severity, str]] = {
    "codeowners.bad-file": (
        W,
        "The CODEOWNERS file cannot be updated: it cannot be read or is not UTF-8, or the"
        " generated block's BEGIN/END marker lines are missing, repeated or out of order.",
    ),
    "codeowners.invalid-owner": (
        W,
        "An admin's github handle or the sc_lead_team setting is not a GitHub user or"
        " @org/team name, so it cannot be a code owner.",
    ),
    "codeowners.out-of-date": (
        W,
        "The committed .github/CODEOWNERS differs from what 'escalation codeowners'"
        " generates from admins/ and the sc_lead_team setting.",
    ),
}

MAPPING_CODES: dict[str, tuple[Severity, str]] = {
    "mapping.unreadable": (
        E, "The --map file cannot be read: missing, not a regular file, too large, not UTF-8.",
    ),
    "mapping.yaml-syntax": (E, "The --map file is not valid YAML."),
    "mapping.yaml-alias": (E, "The --map file uses YAML anchors or aliases."),
    "mapping.not-a-mapping": (E, "The --map file is not a mapping of sections."),
    "mapping.duplicate-key": (
        E,
        "A --map section names a key twice, or two TDX names that differ only in case or"
        " spaces; only one could be kept.",
    ),
    "mapping.bad-key": (E, "A --map key is a list or a mapping instead of a name."),
    "mapping.unknown-key": (E, "A --map section or column field that is not defined."),
    "mapping.wrong-type": (E, "A --map section or column entry has the wrong shape."),
    "mapping.invalid-value": (
        E, "A --map table maps a TDX name to a value that is not a record value or slug.",
    ),
}
"""The codes of ``escalation import tdx --map FILE`` (documented in its guide)."""

# every field code of the reader exists for settings too: the settings are read by the
# same FieldReader (a bad holiday date or a checklist item without text)
_SETTINGS_FIELD_CODES = tuple(_FIELD_CODES)


def _build_catalogue() -> dict[str, tuple[Severity, str]]:
    catalogue = dict(_FILE_CODES)
    for kind in ("ticket", "admin"):
        for name, entry in _FIELD_CODES.items():
            catalogue[f"{kind}.{name}"] = entry
    for name in _SETTINGS_FIELD_CODES:
        severity, text = _FIELD_CODES[name]
        catalogue[f"settings.{name}"] = (severity, text.replace("field", "setting"))
    catalogue["settings.unknown-key"] = (W, "A setting name that is not defined (often a typo).")
    catalogue["settings.markup"] = (
        E,
        "A value the theme prints into every page unescaped (site name, description, author,"
        " copyright, repository name or URL) holds '<', '>' or '\"'.",
    )
    catalogue["settings.yaml-syntax"] = (E, "The configuration file is not valid YAML.")
    catalogue["settings.duplicate-key"] = (
        E,
        "A mapping in the settings repeats a key; YAML would silently keep the last one.",
    )
    catalogue["settings.bad-key"] = (
        E,
        "A settings key is a list or a mapping instead of a setting name.",
    )
    catalogue.update(_KIND_CODES)
    catalogue.update(KNOWLEDGE_CODES)
    catalogue.update(AUDIENCE_CODES)
    catalogue.update(INTERNAL_CODES)
    catalogue.update(_CODEOWNERS_CODES)
    catalogue.update(MAPPING_CODES)
    return dict(sorted(catalogue.items()))


CATALOGUE: dict[str, tuple[Severity, str]] = _build_catalogue()
"""Every problem code with its default severity and a one-line explanation."""


FOUNDATION_KINDS = ("file", "settings", "ticket", "admin", "purview", "report")
"""The kinds (code prefixes) of the main table of the problem-code page."""


def make_problem(path: str, line: int, code: str, message: str) -> Problem:
    """A problem with the catalogue's severity for ``code``."""
    return Problem(path=path, line=line, severity=CATALOGUE[code][0], code=code, message=message)


def suggest(value: str, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to ``value``, when one is close enough to be a likely typo."""
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a likely typo, else the empty string."""
    match = suggest(value, choices)
    return f" (did you mean {match!r}?)" if match else ""


def has_errors(problems: Iterable[Problem], *, strict: bool = False) -> bool:
    """Whether ``problems`` should fail a run (warnings count too when ``strict``)."""
    return any(strict or p.severity is Severity.ERROR for p in problems)
