"""Project settings: ``extra.escalation`` in ``mkdocs.yml``, every key optional.

The config file is the one site configuration; records are found relative to its
folder. Bad settings are reported like record problems (path, line, code) and fall back
to their defaults so that the rest of the project can still be checked in the same run.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml

from generator.read.fields import FieldReader, describe
from generator.read.files import FileReadError, NotUtf8Error, decode_text, read_file
from generator.read.frontmatter import node_to_python, yaml_error
from generator.schema.fields import SETTINGS, FieldSpec, FieldType
from generator.schema.paths import KEPT_FOLDERS
from generator.schema.problems import Problem, did_you_mean, make_problem
from generator.schema.records import nearest_line
from generator.schema.settings import (
    MARKUP_CHARACTERS,
    THEME_TEXT_KEYS,
    TICKET_ID_PLACEHOLDER,
    WEEKDAYS,
    ChecklistItem,
    Settings,
)

_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_CHECKLIST_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LOADER = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader


class ConfigError(Exception):
    """The config file cannot be used at all (missing, unreadable, not YAML)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format_text())
        self.problem = problem


def load_settings(config_file: Path) -> tuple[Settings, list[Problem]]:
    """Read ``config_file``; return settings (defaults where a value is bad) and problems.

    Raises :class:`ConfigError` when the file is missing or is not YAML.
    """
    root = config_file.resolve().parent
    rel = config_file.name
    try:
        text = decode_text(read_file(config_file))
    except (FileReadError, NotUtf8Error) as exc:
        reason = exc.reason if isinstance(exc, FileReadError) else "not valid UTF-8"
        raise ConfigError(
            make_problem(
                rel, 1, "settings.missing-file", f"cannot read config file {rel!r}: {reason}"
            )
        ) from None
    try:
        document = resolve_env_tags(yaml.compose(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        line, reason = yaml_error(exc, 1)
        raise ConfigError(
            make_problem(rel, line, "settings.yaml-syntax", f"YAML syntax: {reason}")
        ) from None
    problems: list[Problem] = []
    if document is not None and not isinstance(document, yaml.MappingNode):
        problems.append(
            make_problem(
                rel,
                document.start_mark.line + 1,
                "settings.wrong-type",
                "expected the config file to be a mapping of settings such as"
                " 'site_name: ...'",
            )
        )
    top = _mapping_entries(document, rel, problems)
    values: dict[str, Any] = {"root": root, "config_path": rel}
    for key in ("site_name", "repo_url", "site_url", "edit_uri", "docs_dir", "site_dir"):
        node = top.get(key)
        if isinstance(node, yaml.ScalarNode) and node.value:
            values[key] = node.value
    problems.extend(_theme_text_problems(top, rel))
    extra = _mapping_entries(top.get("extra"), rel, problems)
    node = extra.get("escalation")
    if node is not None:
        lines: dict[str, int] = {}
        raw = node_to_python(node, "", lines, problems, rel, 1, kind="settings")
        if isinstance(raw, dict):
            start = node.start_mark.line + 1

            def line_of(key_path: str) -> int:
                return nearest_line(lines, key_path, start)

            reader = FieldReader(rel, line_of, "settings", problems, noun="setting")
            values.update(_read_settings(raw, reader))
            values["lines"] = {key: line for key, line in lines.items() if "." not in key}
        elif raw is not None:
            problems.append(
                make_problem(
                    rel,
                    node.start_mark.line + 1,
                    "settings.wrong-type",
                    f"setting 'extra.escalation': expected a mapping but received {describe(raw)}",
                )
            )
    problems.sort(key=lambda problem: problem.line)
    return Settings(**values), problems


ENV_TAG = "!ENV"
_RESOLVER = yaml.resolver.Resolver()


def resolve_env_tags(node: yaml.Node | None) -> yaml.Node | None:
    """``node`` with every ``!ENV`` value replaced by what MkDocs would read there.

    MkDocs reads ``!ENV NAME`` as the variable's value (typed as plain YAML would type it),
    and ``!ENV [A, B, default]`` as the first variable set, else the last item; unset with
    no default, it is null. The tools read the same, so the build and the reports agree.
    """
    if node is None:
        return None
    if node.tag == ENV_TAG:
        names: list[yaml.Node] = [node] if isinstance(node, yaml.ScalarNode) else []
        default: yaml.Node | None = None
        if isinstance(node, yaml.SequenceNode):
            names = list(node.value)
            if len(names) > 1:
                default = resolve_env_tags(names.pop())
        for name in names:
            value = os.environ.get(str(name.value)) if isinstance(name, yaml.ScalarNode) else None
            if value is not None:
                tag = str(_RESOLVER.resolve(  # type: ignore[no-untyped-call]
                    yaml.ScalarNode, value, (True, False)))
                return yaml.ScalarNode(tag, value, node.start_mark, node.end_mark)
        if default is not None:
            return default
        return yaml.ScalarNode("tag:yaml.org,2002:null", "", node.start_mark, node.end_mark)
    if isinstance(node, yaml.MappingNode):
        node.value = [(key, resolve_env_tags(value) or value) for key, value in node.value]
    elif isinstance(node, yaml.SequenceNode):
        node.value = [resolve_env_tags(item) or item for item in node.value]
    return node


_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f<>\"'{}|\\^`]+")


def _theme_text_problems(top: dict[str, yaml.Node], rel: str) -> list[Problem]:
    """Markup in a value the theme prints unescaped; a repository or site URL that is not
    an http(s) URL."""
    problems: list[Problem] = []
    for key in THEME_TEXT_KEYS:
        node = top.get(key)
        if not isinstance(node, yaml.ScalarNode):
            continue
        line, value = node.start_mark.line + 1, str(node.value)
        found = sorted({c for c in value if c in MARKUP_CHARACTERS})
        if found:
            shown = " and ".join(repr(c) for c in found)
            problems.append(make_problem(
                rel, line, "settings.markup",
                f"setting {key!r}: the theme prints it into every page as it is, so {shown}"
                " would be read as markup; write it without them"))
        elif key == "repo_url" and value and not _URL.fullmatch(value):
            problems.append(make_problem(
                rel, line, "settings.invalid-value",
                f"setting 'repo_url': expected an http:// or https:// address such as"
                f" 'https://github.com/example-org/records' but received {value!r}"))
    node = top.get("site_url")
    if isinstance(node, yaml.ScalarNode) and node.value and not _URL.fullmatch(node.value):
        problems.append(make_problem(
            rel, node.start_mark.line + 1, "settings.invalid-value",
            "setting 'site_url': expected an http:// or https:// address such as"
            f" 'https://example-org.github.io/records/' but received {node.value!r}"))
    return problems


_HOST_ZONES = frozenset({"localtime", "posixrules", "Factory"})
"""Zone names the database may have that depend on the machine or mean no zone."""
_READ_KEYS = frozenset({"site_name", "repo_url", "site_url", "edit_uri", "docs_dir",
                        "site_dir", "extra", "escalation", *THEME_TEXT_KEYS})
"""The keys of mkdocs.yml (and of its ``extra``) that the tools read."""


def _mapping_entries(node: yaml.Node | None, rel: str,
                     problems: list[Problem]) -> dict[str, yaml.Node]:
    """The entries of a mapping node; a key the tools read that appears twice is an error
    (YAML keeps the last one, so a second ``extra:`` would hide the first's settings)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    entries: dict[str, yaml.Node] = {}
    first: dict[str, int] = {}
    for key_node, value in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key in first and key in _READ_KEYS:
            problems.append(make_problem(
                rel, line, "settings.duplicate-key",
                f"key {key!r} appears twice (first on line {first[key]}); YAML would"
                " silently keep only the last value",
            ))
        first.setdefault(key, line)
        entries[key] = value
    return entries


def _report(reader: FieldReader, key: str, name: str, message: str) -> None:
    reader.report(key, name, f"{reader.label(key)}: {message}")


def _read_settings(raw: dict[str, Any], reader: FieldReader) -> dict[str, Any]:
    """The settings' attribute values of the keys present in ``raw`` that read cleanly."""
    values: dict[str, Any] = {}
    reader.unknown_keys(raw, SETTINGS.keys)
    for spec in SETTINGS.fields:
        values.update(_SETTING_READERS[spec.kind](raw, spec, reader))
    return values


def _read_timezone(raw: dict[str, Any], spec: FieldSpec, reader: FieldReader) -> dict[str, Any]:
    if spec.name not in raw:
        return {}
    name = raw[spec.name]
    if isinstance(name, str) and name.strip() in _HOST_ZONES:
        # the same records would mean other instants on another machine
        _report(reader, spec.name, "invalid-value",
                f"expected an IANA timezone name such as 'America/Chicago' but received"
                f" {describe(name)}, which means whatever zone the machine is set to")
        return {}
    try:
        if not isinstance(name, str):
            raise ZoneInfoNotFoundError
        return {spec.name: ZoneInfo(name)}
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a folder of the database ('America') or a name too long for a file
        hint = _timezone_hint(name) if isinstance(name, str) else ""
        _report(reader, spec.name, "invalid-value",
                f"expected an IANA timezone name such as 'America/Chicago' but received"
                f" {describe(name)}{hint}")
        return {}


def _read_dates(raw: dict[str, Any], spec: FieldSpec, reader: FieldReader) -> dict[str, Any]:
    if spec.name not in raw:
        return {}
    items = raw[spec.name]
    if not isinstance(items, list):
        reader.wrong_type(spec.name, "a list of dates", items)
        return {}
    if _too_many(items, spec, reader, "dates"):
        return {}
    indexed = {str(i): item for i, item in enumerate(items)}
    days = (reader.day(indexed, key, f"{spec.name}.{key}") for key in indexed)
    return {spec.name: frozenset(d for d in days if d is not None)}


def _too_many(items: list[Any], spec: FieldSpec, reader: FieldReader, what: str) -> bool:
    """Whether ``items`` has more entries than ``spec`` allows; reported when it has."""
    if spec.max_items is None or len(items) <= spec.max_items:
        return False
    _report(reader, spec.name, "invalid-value",
            f"expected at most {spec.max_items} {what} but received {len(items)}")
    return True


def _read_scalar(raw: dict[str, Any], spec: FieldSpec, reader: FieldReader) -> dict[str, Any]:
    value: Any
    if spec.kind is FieldType.NUMBER:
        value = reader.number(raw, spec.name, spec.name, minimum=spec.minimum or 0.0,
                              maximum=spec.maximum)
    elif spec.kind is FieldType.CHOICE:
        assert spec.choices is not None
        value = reader.enum(raw, spec.name, spec.name, spec.choices)
    else:
        value = reader.text(raw, spec.name, spec.name, max_length=spec.max_length)
    return {} if value is None else {spec.name: value}


def _read_windows(raw: dict[str, Any], spec: FieldSpec, reader: FieldReader
                  ) -> dict[str, Any]:
    windows = reader.windows(raw, spec.name, spec.name, minimum=spec.minimum or 0.0,
                             maximum=spec.maximum)
    return {} if windows is None else {spec.name: windows}


def _when_present(read: Callable[[Any, FieldSpec, FieldReader], Any], *attributes: str
                  ) -> Callable[[dict[str, Any], FieldSpec, FieldReader], dict[str, Any]]:
    """A setting reader for ``read``, which takes the raw value and the setting's spec and
    returns the parsed value (a tuple when the setting fills several ``attributes``), or
    None when it is bad."""
    def read_setting(raw: dict[str, Any], spec: FieldSpec, reader: FieldReader
                     ) -> dict[str, Any]:
        if spec.name not in raw:
            return {}
        value = read(raw[spec.name], spec, reader)
        if value is None:
            return {}
        if attributes:
            return dict(zip(attributes, value, strict=True))
        return {spec.name: value}
    return read_setting


def _timezone_hint(name: str) -> str:
    """`` (did you mean 'America/Chicago'?)`` for 'america/chicago', 'Chicago', 'America/Chicgo'."""
    zones = sorted(available_timezones())
    key = name.strip().lower().replace(" ", "_")
    by_name = {zone.lower(): zone for zone in zones}
    by_city = {zone.rpartition("/")[2].lower(): zone for zone in zones if "/" in zone}
    match = by_name.get(key) or by_city.get(key)
    if match is not None:
        return f" (did you mean {match!r}?)"
    if "/" not in name:
        return ""  # a region such as 'America' is close to every one of its zones
    return did_you_mean(name, zones)


def _read_days(value: Any, spec: FieldSpec, reader: FieldReader) -> frozenset[int] | None:
    if not isinstance(value, list) or not value:
        reader.wrong_type(spec.name, "a non-empty list such as [mon, tue, wed]", value)
        return None
    days: set[int] = set()
    for index, day in enumerate(value):
        name = day.lower() if isinstance(day, str) else day
        if name not in WEEKDAYS:
            hint = did_you_mean(name, WEEKDAYS) if isinstance(name, str) else ""
            _report(reader, f"{spec.name}.{index}", "invalid-value",
                    f"expected one of {', '.join(WEEKDAYS)} but received {describe(day)}{hint}")
            return None
        days.add(WEEKDAYS.index(name))
    return frozenset(days)


def _read_hours(value: Any, spec: FieldSpec, reader: FieldReader) -> tuple[time, time] | None:
    match = _HOURS.match(value) if isinstance(value, str) else None
    bounds: tuple[time, time] | None = None
    if match:
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60 and (h1, m1) < (h2, m2):
            bounds = (time(h1, m1), time(h2, m2))
    if bounds is None:
        _report(reader, spec.name, "invalid-value",
                "expected one daily interval 'HH:MM-HH:MM' with the start before the end,"
                f" such as '09:00-17:00', but received {describe(value)}")
        return None
    minutes = (bounds[1].hour - bounds[0].hour) * 60 + bounds[1].minute - bounds[0].minute
    shortest = spec.minimum or 0.0
    if minutes < shortest * 60:
        _report(reader, spec.name, "invalid-value",
                f"expected a business day of at least {shortest:g}"
                f" hour{'' if shortest == 1 else 's'} but received {describe(value)}, which"
                f" lasts {minutes} minute{'' if minutes == 1 else 's'}")
        return None
    return bounds


def _read_checklist(value: Any, spec: FieldSpec, reader: FieldReader
                    ) -> tuple[ChecklistItem, ...] | None:
    if not isinstance(value, list) or not value:
        reader.wrong_type(spec.name, "a non-empty list of {id, text} items", value)
        return None
    if _too_many(value, spec, reader, "items"):
        return None
    items: list[ChecklistItem] = []
    seen: set[str] = set()
    ok = True
    for index, entry in enumerate(value):
        path = f"checklist.{index}"
        if not isinstance(entry, dict):
            reader.wrong_type(path, "a mapping with 'id' and 'text'", entry)
            ok = False
            continue
        reader.unknown_keys(entry, ("id", "text"), path)
        item_id = reader.text(entry, "id", f"{path}.id", required=True)
        text = reader.text(entry, "text", f"{path}.text", required=True)
        if item_id is not None and (not _CHECKLIST_ID.fullmatch(item_id) or item_id in seen):
            reason = "a duplicate id" if item_id in seen else repr(item_id)
            _report(reader, f"{path}.id", "invalid-value",
                    "expected a unique lowercase id of letters, digits and '-'"
                    f" but received {reason}")
            item_id = None
        if item_id is None or text is None:
            ok = False
            continue
        seen.add(item_id)
        items.append(ChecklistItem(id=item_id, text=text))
    return tuple(items) if ok else None


def _read_folder(raw: dict[str, Any], spec: FieldSpec, reader: FieldReader) -> dict[str, Any]:
    if spec.name not in raw:
        return {}
    value = reader.text(raw, spec.name, spec.name, max_length=spec.max_length)
    if value is None:
        return {}
    folder, why = folder_overlap(value)
    if why:
        _report(reader, spec.name, "invalid-value",
                "expected a folder relative to mkdocs.yml, apart from the project's own"
                " folders, such as '.internal' or '../sc-internal', but received"
                f" {describe(value)}, which {why}")
        return {}
    return {spec.name: folder}


def folder_overlap(value: str) -> tuple[str, str | None]:
    """``value`` as a normalised POSIX path relative to the project, and why it cannot be
    a folder of its own beside the project's folders (None when it can)."""
    folder = posixpath.normpath(value.strip().replace("\\", "/"))
    if posixpath.isabs(folder) or re.match(r"^[A-Za-z]:", folder):
        return folder, "is an absolute path: the same settings must work in every checkout"
    if folder == ".":
        return folder, "is the project folder itself"
    if set(folder.split("/")) == {".."}:
        return folder, "holds the project folder"
    for kept in KEPT_FOLDERS:
        if folder == kept or folder.startswith(f"{kept}/"):
            return folder, f"lies in {kept}/, which every admin reviewing the records can read"
        if kept.startswith(f"{folder}/"):
            return folder, f"holds {kept}/"
    return folder, None


TDX_URL_EXAMPLE = "https://tdx.example.edu/TDNext/Apps/43/Tickets/TicketDet?TicketID={id}"


def _url_template_flaw(url: str) -> str | None:
    """Why ``url`` is not an https:// address with one ``{id}`` after its host, or None."""
    scheme, separator, rest = url.partition("://")
    if scheme.lower() != "https" or not separator:
        http = scheme.lower() == "http" and separator
        return "which is http, not https" if http else "which is not an https:// address"
    count = url.count(TICKET_ID_PLACEHOLDER)
    if count != 1:
        return (f"which has no {TICKET_ID_PLACEHOLDER}" if count == 0 else
                f"which has {TICKET_ID_PLACEHOLDER} {count} times: the ID goes in one place")
    host = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if not host or TICKET_ID_PLACEHOLDER in host:
        return f"which has no host name before {TICKET_ID_PLACEHOLDER}"
    rest = rest.replace(TICKET_ID_PLACEHOLDER, "")
    if "{" in rest or "}" in rest:
        return f"which has a '{{' or '}}' that is not part of {TICKET_ID_PLACEHOLDER}"
    refused = sorted({c for c in rest if not _URL.fullmatch(f"https://{c}")})
    if refused:
        shown = " and ".join("a space" if c == " " else repr(c) for c in refused)
        return f"which holds {shown}, not allowed in an address"
    return None


def _read_url_template(raw: dict[str, Any], spec: FieldSpec, reader: FieldReader
                       ) -> dict[str, Any]:
    url = reader.text(raw, spec.name, spec.name, max_length=spec.max_length)
    if url is None:
        return {}
    flaw = _url_template_flaw(url)
    if flaw is not None:
        _report(reader, spec.name, "invalid-value",
                f"expected an https:// address with {TICKET_ID_PLACEHOLDER} where the ticket"
                f" ID goes, such as {TDX_URL_EXAMPLE!r}, but received {describe(url)}, {flaw}")
        return {}
    return {spec.name: url}


_SETTING_READERS: dict[FieldType, Callable[[dict[str, Any], FieldSpec, FieldReader],
                                           dict[str, Any]]] = {
    FieldType.TIMEZONE: _read_timezone,
    FieldType.WEEKDAYS: _when_present(_read_days),
    FieldType.HOURS: _when_present(_read_hours, "business_start", "business_end"),
    FieldType.DATES: _read_dates,
    FieldType.NUMBER: _read_scalar,
    FieldType.CHOICE: _read_scalar,
    FieldType.TEXT: _read_scalar,
    FieldType.CHECKLIST_ITEMS: _when_present(_read_checklist),
    FieldType.FOLDER: _read_folder,
    FieldType.WINDOWS: _read_windows,
    FieldType.URL_TEMPLATE: _read_url_template,
}
"""How each kind of setting is read into the settings' attributes."""
