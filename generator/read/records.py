"""Raw records to typed ones, field by field as :mod:`generator.schema.fields` declares them.

Shape problems (types, required fields, allowed values, bounds) are found here, where
the raw values are at hand; rules that relate fields or records live in
:mod:`generator.check`. A file with problems still has all of them reported; it yields a
record only when every required part could be read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from generator.read.fields import FieldReader, describe
from generator.read.frontmatter import RawRecord
from generator.schema.fields import (
    ADMIN,
    ADMIN_SLUG,
    ENGAGEMENT,
    ITIL,
    PURVIEW,
    RESPONSE,
    SCENARIO,
    SERVICE_SLUG,
    TICKET,
    TICKET_ID,
    FieldSpec,
    FieldType,
    RecordSpec,
)
from generator.schema.knowledge import ItilEntry, Scenario
from generator.schema.paths import FOLDER_NOTES, ITIL_DIR
from generator.schema.problems import Problem, did_you_mean, make_problem
from generator.schema.records import (
    Admin,
    Engagement,
    Purview,
    Response,
    Source,
    Ticket,
)
from generator.schema.settings import Settings

_MODELS: dict[str, Callable[..., Any]] = {
    TICKET.name: Ticket, ENGAGEMENT.name: Engagement, RESPONSE.name: Response,
    ADMIN.name: Admin, PURVIEW.name: Purview, SCENARIO.name: Scenario, ITIL.name: ItilEntry,
}


class _Context:
    """What reading one file needs beyond the file: the settings and the admins."""

    def __init__(self, reader: FieldReader, settings: Settings | None = None,
                 admins: frozenset[str] = frozenset(),
                 itil: frozenset[str] = frozenset()) -> None:
        self.reader = reader
        self.settings = settings
        self.admins = admins
        self.itil = itil
        """The slugs an ITIL reference may name."""
        self.services: dict[str, int] = {}
        """Service → purview index of its first declaration, for duplicates."""


Reader = Callable[[FieldSpec, Mapping[str, Any], str, bool, _Context], tuple[Any, bool]]


def _choice(spec: FieldSpec, mapping: Mapping[str, Any], path: str, required: bool,
            ctx: _Context) -> tuple[Any, bool]:
    assert spec.choices is not None
    member = ctx.reader.enum(mapping, spec.name, path, spec.choices, required=required)
    if member is not None:
        return member, True
    if mapping.get(spec.name) not in (None, ""):
        # a value that cannot be read is reported, never replaced by the default: an
        # 'audience: Internal' read as the default 'shared' would publish the entry
        return None, False
    return (spec.choices(str(spec.default)) if spec.default is not None else None), True


def _nested(spec: FieldSpec, mapping: Mapping[str, Any], path: str, required: bool,
            ctx: _Context) -> tuple[Any, bool]:
    assert spec.record is not None
    raw = ctx.reader.mapping(mapping, spec.name, path, required=required)
    if raw is None:
        return None, True
    record = _read_record(spec.record, raw, path, ctx)
    return record, record is not None


def _nested_list(spec: FieldSpec, mapping: Mapping[str, Any], path: str, required: bool,
                 ctx: _Context) -> tuple[Any, bool]:
    assert spec.record is not None
    reader = ctx.reader
    entries: list[Any] = []
    complete = True
    for index, entry in enumerate(reader.sequence(mapping, spec.name, path)):
        entry_path = f"{path}.{index}"
        if not isinstance(entry, dict):
            reader.wrong_type(entry_path, spec.record.shape, entry)
            complete = False
            continue
        record = _read_record(spec.record, entry, entry_path, ctx, index=index)
        if record is None:
            complete = False
        else:
            entries.append(record)
    return tuple(entries), complete


_READERS: dict[FieldType, Reader] = {
    FieldType.TEXT: lambda s, m, p, r, c: (c.reader.text(m, s.name, p, required=r), True),
    FieldType.SERVICE: lambda s, m, p, r, c: (_service(m, s.name, p, c.reader, required=r),
                                              True),
    FieldType.ADMIN: lambda s, m, p, r, c: (_admin_ref(m, s.name, p, c, required=r), True),
    FieldType.DATETIME: lambda s, m, p, r, c: (c.reader.when(m, s.name, p, required=r), True),
    FieldType.DATE: lambda s, m, p, r, c: (c.reader.day(m, s.name, p, required=r), True),
    FieldType.CHOICE: _choice,
    FieldType.BOOLEAN: lambda s, m, p, r, c: (
        c.reader.boolean(m, s.name, p, default=bool(s.default)), True),
    FieldType.NUMBER: lambda s, m, p, r, c: (
        c.reader.number(m, s.name, p, minimum=s.minimum or 0.0, maximum=s.maximum), True),
    FieldType.WINDOWS: lambda s, m, p, r, c: (
        c.reader.windows(m, s.name, p, minimum=s.minimum or 0.0, maximum=s.maximum) or {},
        True),
    FieldType.TEXT_LIST: lambda s, m, p, r, c: (c.reader.text_list(m, s.name, p), True),
    FieldType.CHECKLIST: lambda s, m, p, r, c: (_checklist(m, s.name, c), True),
    FieldType.TEXT_ITEMS: lambda s, m, p, r, c: (_text_items(m, s, p, c.reader), True),
    FieldType.ITIL_REFS: lambda s, m, p, r, c: (_itil_refs(m, s, p, c), True),
    FieldType.RECORD: _nested,
    FieldType.RECORDS: _nested_list,
}
"""How each kind of field is read: (value, whether every part of it could be read)."""


class _Plan:
    """What reading one record kind needs, worked out once per spec (the hot loop)."""

    def __init__(self, spec: RecordSpec) -> None:
        self.spec = spec  # kept alive, so that its id is not reused while cached
        self.keys = spec.keys
        self.key_set = frozenset(self.keys)
        model = _MODELS.get(spec.name)
        slots = frozenset(getattr(model, "__dataclass_fields__", ()))
        self.fields = tuple((f, _READERS[f.kind], f.target in slots) for f in spec.fields)


_PLANS: dict[int, _Plan] = {}


def _plan(spec: RecordSpec) -> _Plan:
    plan = _PLANS.get(id(spec))
    if plan is None:
        plan = _PLANS[id(spec)] = _Plan(spec)
    return plan


def read_fields(spec: RecordSpec, mapping: Mapping[str, Any], prefix: str,
                ctx: _Context) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """(known attribute values, values of fields the model lacks, complete) of one mapping."""
    plan = _plan(spec)
    if not plan.key_set.issuperset(mapping):
        ctx.reader.unknown_keys(mapping, plan.keys, prefix)
    values: dict[str, Any] = {}
    known: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    complete = True
    for field, read, in_model in plan.fields:
        path = f"{prefix}.{field.name}" if prefix else field.name
        required = field.required_for(values)
        value, whole = read(field, mapping, path, required, ctx)
        values[field.name] = value
        if in_model:
            known[field.target] = value
        elif value is not None:
            extra[field.name] = value
        if not whole or (required and value is None):
            complete = False
    return known, extra, complete


def _read_record(spec: RecordSpec, mapping: Mapping[str, Any], prefix: str, ctx: _Context,
                 **given: Any) -> Any:
    known, extra, complete = read_fields(spec, mapping, prefix, ctx)
    if spec is PURVIEW:
        _no_duplicate_service(known, given["index"], ctx)
    if not complete:
        return None
    return _MODELS[spec.name](**known, **given, extra=extra)


def _no_duplicate_service(known: dict[str, Any], index: int, ctx: _Context) -> None:
    """A service declared twice in one admin's purview (the first one counts)."""
    service = known.get("service")
    seen = ctx.services
    if service is None:
        return
    if service in seen:
        ctx.reader.report(
            f"purview.{index}.service", "duplicate-service",
            f"field 'purview[{index}].service': {service!r} is already declared"
            f" in purview[{seen[service]}]",
        )
    else:
        seen[service] = index


def _service(mapping: Mapping[str, Any], key: str, key_path: str, reader: FieldReader, *,
             required: bool = False) -> str | None:
    service = reader.text(mapping, key, key_path, required=required)
    if service is not None and not SERVICE_SLUG.fullmatch(service):
        reader.report(
            key_path, "invalid-value",
            f"{reader.label(key_path)}: expected a service slug of lowercase letters, digits"
            f" and '-' (such as 'file-shares') but received {service!r}",
        )
        return None
    return service


def _admin_ref(mapping: Mapping[str, Any], key: str, path: str, ctx: _Context, *,
               required: bool) -> str | None:
    reader = ctx.reader
    slug = reader.text(mapping, key, path, required=required)
    if slug is None:
        return None
    if slug not in ctx.admins:
        reader.problems.append(
            make_problem(
                reader.path, reader.line_of(path), "ticket.unknown-admin",
                f"{reader.label(path)}: expected the slug of an admin in admins/"
                f" but received {slug!r}{did_you_mean(slug, sorted(ctx.admins))}",
            )
        )
    return slug


def _checklist(data: Mapping[str, Any], key: str, ctx: _Context) -> dict[str, bool]:
    reader = ctx.reader
    raw = reader.mapping(data, key, key) or {}
    checklist: dict[str, bool] = {}
    assert ctx.settings is not None
    ids = ctx.settings.checklist_ids
    for item, value in raw.items():
        path = f"{key}.{item}"
        if item not in ids:
            reader.report(
                path, "unknown-checklist-item",
                f"{reader.label(path)}: expected a checklist item id from the settings"
                f" ({', '.join(ids)}) but received {item!r}{did_you_mean(item, ids)}",
            )
            continue
        if not isinstance(value, bool):
            reader.wrong_type(path, "true or false", value)
            continue
        checklist[item] = value
    return checklist


def _stem(name: str) -> str:
    """``Path(name).stem`` of a file name, without building a path (once per record)."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _file_name_ok(raw: RawRecord, pattern: re.Pattern[str], code: str,
                  problems: list[Problem], expected: str) -> bool:
    """Whether the file name's stem (the record's ID) matches ``pattern``; reported if not."""
    name = raw.path.rpartition("/")[2]
    stem = _stem(name)
    if name.lower() == FOLDER_NOTES:
        problems.append(make_problem(raw.path, 1, code, f"file name: {stem!r} is reserved for a"
                                     " folder's notes and never read as a record; expected"
                                     f" {expected}"))
        return False
    if pattern.fullmatch(stem):
        return True
    problems.append(make_problem(raw.path, 1, code, f"file name: expected {expected} but"
                                 f" received {stem!r}"))
    return False


def _list_items(mapping: Mapping[str, Any], spec: FieldSpec, path: str,
                reader: FieldReader) -> list[tuple[int, Any]] | None:
    """The items of a required, non-empty list field, or None (reported) if unusable."""
    value = mapping.get(spec.name)
    if spec.name not in mapping:
        reader.report(path, "missing-field", f"{reader.label(path)}: required field is missing")
        return None
    if value is None or value == "" or value == []:
        received = "an empty list" if value == [] else describe(value)
        reader.report(
            path, "missing-field",
            f"{reader.label(path)}: expected a list of one or more {spec.items}"
            f" but received {received}",
        )
        return None
    if not isinstance(value, list):
        reader.wrong_type(path, f"a list of {spec.items}", value)
        return None
    return list(enumerate(value))


def _text_items(mapping: Mapping[str, Any], spec: FieldSpec, path: str,
                reader: FieldReader) -> tuple[str, ...] | None:
    """The non-empty texts of a required list; None when there is none."""
    texts: list[str] = []
    for index, item in _list_items(mapping, spec, path, reader) or ():
        if not isinstance(item, str) or not item.strip():
            reader.wrong_type(f"{path}.{index}", "non-empty text", item)
        else:
            texts.append(item.strip())
    return tuple(texts) or None


def _itil_refs(mapping: Mapping[str, Any], spec: FieldSpec, path: str,
               ctx: _Context) -> tuple[str, ...] | None:
    """The ITIL slugs a scenario cites, each once (an unknown one is reported and kept out)."""
    reader = ctx.reader
    items = _list_items(mapping, spec, path, reader)
    if items is None:
        return None
    links: list[str] = []
    choices = sorted(ctx.itil)
    for index, item in items:
        item_path = f"{path}.{index}"
        if not isinstance(item, str) or not item.strip():
            reader.wrong_type(item_path, "an ITIL entry slug", item)
            continue
        slug = item.strip()
        if slug not in ctx.itil:
            reader.report(
                item_path, "unknown-itil",
                f"{reader.label(item_path)}: expected the slug of an ITIL entry in {ITIL_DIR}/"
                f" but received {slug!r}{did_you_mean(slug, choices)}",
            )
        elif slug not in links:  # citing a practice twice is harmless: one link
            links.append(slug)
    return tuple(links)


def load_entry(spec: RecordSpec, raw: RawRecord, problems: list[Problem], *, slug: str | None,
               itil: frozenset[str] = frozenset()) -> Any:
    """A knowledge-base entry of kind ``spec`` (a scenario or an ITIL entry), or None."""
    ctx = _Context(FieldReader(raw.path, raw.line, spec.code_kind, problems), itil=itil)
    known, extra, complete = read_fields(spec, raw.data, "", ctx)
    if not complete or slug is None:
        return None
    return _MODELS[spec.name](slug=slug, source=Source(path=raw.path, lines=raw.lines),
                              body=raw.body, body_line=raw.body_line, extra=extra, **known)


def load_admin(raw: RawRecord, problems: list[Problem]) -> Admin | None:
    """Build an :class:`Admin` from a raw record, reporting shape problems."""
    slug = _stem(raw.path.rpartition("/")[2])
    slug_ok = _file_name_ok(raw, ADMIN_SLUG, "admin.bad-slug", problems, "a slug of lowercase"
                            " letters, digits and '-' (such as 'dana-okafor.md')")
    ctx = _Context(FieldReader(raw.path, raw.line, ADMIN.code_kind, problems), None,
                   frozenset())
    known, extra, complete = read_fields(ADMIN, raw.data, "", ctx)
    if not complete or not slug_ok:
        return None
    return Admin(slug=slug, source=Source(path=raw.path, lines=raw.lines), body=raw.body,
                 extra=extra, **known)


def load_ticket(
    raw: RawRecord, settings: Settings, admins: Iterable[str], problems: list[Problem]
) -> Ticket | None:
    """Build a :class:`Ticket` from a raw record, reporting shape problems."""
    ticket_id = _stem(raw.path.rpartition("/")[2])
    id_ok = _file_name_ok(raw, TICKET_ID, "ticket.bad-id", problems, "a ticket ID of letters,"
                          " digits, '.', '_' and '-' (such as '48213.md')")
    known_admins = admins if isinstance(admins, frozenset) else frozenset(admins)
    reader = FieldReader(raw.path, raw.line, TICKET.code_kind, problems, settings.timezone)
    known, extra, complete = read_fields(TICKET, raw.data, "", _Context(reader, settings,
                                                                         known_admins))
    if not complete or not id_ok:
        return None
    return Ticket(id=ticket_id, source=Source(path=raw.path, lines=raw.lines), body=raw.body,
                  extra=extra, **known)
