"""Hypothesis strategies for valid records, written independently of the product's writers.

A valid ticket is drawn as plain data and serialised with PyYAML's ``safe_dump``, so the
oracle of "valid" is the schema's rules as the tests state them here, not the product's
own skeleton writer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import yaml
from hypothesis import strategies as st

from generator.schema.records import Channel, Classification, Outcome, Priority, Status

ADMINS = {
    "dana-okafor": ("Dana Okafor", "file-shares"),
    "kai-moreno": ("Kai Moreno", "printing"),
    "lee-park": ("Lee Park", "vpn"),
}
SERVICES = [service for _, service in ADMINS.values()] + ["lab-software"]  # one gap
CHECKLIST = ("issue-verified", "kb-searched", "troubleshooting-done", "evidence-attached",
             "outside-sc-scope", "owner-identified")
CONFIG = (
    "site_name: Property\ndocs_dir: .build/docs\n"
    "extra:\n  escalation:\n    timezone: America/Chicago\n"
)
START = datetime(2026, 9, 7, 8, 0)


def admin_text(slug: str) -> str:
    """A valid admin file declaring one service."""
    name, service = ADMINS[slug]
    return (
        f"---\nname: {name}\npurview:\n  - service: {service}\n    scope: All of {service}\n"
        f"    declared: 2026-09-01\n    source: PR 1\n---\n{name} keeps {service} running.\n"
    )


# Any printable text: no control, surrogate, private-use, unassigned or line-separator
# characters (a record refuses control characters; the rest are not what people type).
TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp", "Cf")),
    min_size=1, max_size=40,
).filter(lambda text: text.strip() == text and bool(text))


@st.composite
def working_time(draw: st.DrawFn, after: datetime) -> datetime:
    """A time on one of the next days, between 08:00 and 17:59 (never a DST hour)."""
    day = after.date() + timedelta(days=draw(st.integers(0, 3)))
    moment = datetime(day.year, day.month, day.day, draw(st.integers(8, 17)),
                      draw(st.integers(0, 59)))
    return max(moment, after.replace(second=0, microsecond=0) + timedelta(minutes=1)) \
        if moment <= after else moment


@st.composite
def engagement(draw: st.DrawFn, after: datetime, tier: str) -> tuple[dict[str, Any], datetime]:
    """One engagement (with a response, sometimes) and the last time it mentions."""
    slug = draw(st.sampled_from(sorted(ADMINS)))
    at = draw(working_time(after))
    entry: dict[str, Any] = {"admin": slug, "tier": tier, "at": at}
    if tier == "escalate":
        entry |= {"tag": "esc-" + draw(st.sampled_from(["files", "print", "vpn"])),
                  "reason": draw(TEXT), "message": draw(TEXT)}
    last = at
    if draw(st.booleans()):
        outcome = draw(st.sampled_from(list(Outcome)))
        last = draw(working_time(at))
        response: dict[str, Any] = {"at": last, "outcome": outcome.value}
        if outcome is Outcome.REDIRECTED:
            response["redirect_to"] = draw(st.sampled_from(sorted(set(ADMINS) - {slug})))
        if draw(st.booleans()):
            response["process"] = draw(TEXT)
        entry["response"] = response
    return entry, last


@st.composite
def ticket_fields(draw: st.DrawFn) -> dict[str, Any]:
    """The front-matter of a ticket that every rule of ``check`` accepts."""
    opened = START + timedelta(days=draw(st.integers(0, 80)), hours=draw(st.integers(0, 9)),
                               minutes=draw(st.integers(0, 59)))
    tier = draw(st.sampled_from(["handle", "collaborate", "escalate"]))
    fields: dict[str, Any] = {
        "title": draw(TEXT), "opened": opened,
        "classification": draw(st.sampled_from(list(Classification))).value,
        "priority": draw(st.sampled_from(list(Priority))).value, "tier": tier,
    }
    status = draw(st.sampled_from(list(Status)))
    fields["status"] = status.value
    for key, values in (("service", st.sampled_from(SERVICES)), ("requestor", TEXT),
                        ("department", TEXT), ("agent", TEXT),
                        ("channel", st.sampled_from([c.value for c in Channel]))):
        if draw(st.booleans()):
            fields[key] = draw(values)
    last = opened
    escalations = []
    if tier != "handle":
        count = draw(st.integers(1, 3))
        tiers = [draw(st.sampled_from(["collaborate", "escalate"])) for _ in range(count - 1)]
        for engagement_tier in [*tiers, tier]:
            entry, last = draw(engagement(last, engagement_tier))
            escalations.append(entry)
        if any(e["tier"] == "escalate" for e in escalations) or draw(st.booleans()):
            fields["checklist"] = dict.fromkeys(CHECKLIST, True)
        fields["escalations"] = escalations
    if status in (Status.RESOLVED, Status.CLOSED):
        fields["resolved"] = draw(working_time(last))
    if draw(st.booleans()):
        fields["tags"] = draw(st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True),
                                       max_size=3, unique=True))
    return fields


def ticket_text(fields: dict[str, Any], body: str = "Notes.\n") -> str:
    """A ticket file of ``fields``, as PyYAML writes them (datetimes as YAML timestamps)."""
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n{body}"


SCALARS = [
    "", "~", "null", "true", "no", "0", "-1", "1e400", "1" * 30, ".nan", ".inf", "0x1F",
    "2026-11-16", "2026-11-16T09:30", "2026-11-16 09:30:00", "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00", "2026-02-30", "2026-11-16T25:00", "handle", "escalate",
    "collaborate", "resolved", "closed", "redirected", "dana-okafor", "file-shares",
    "issue-verified", "[a, b]", "{a: 1}", "[]", "{}", "&x a", "*x", "!!timestamp x",
    "!!bool x", "!!binary x", "!!map", "!!set {a, b}", "!!omap [a: 1]", "'quoted'",
    '"dq \\u0000"', "|\n  block", ">-\n  folded", "a: b: c", "- a", "? a", "%", "@", "`",
    "#", ": x", "'", '"', "[", "{", "]", "}", ",", "\t", "\\", "é", "\u2028", "\x85",
    "\x00", "\r", "\ufeff", "---", "...",
]
"""Values that YAML, the readers or the rules treat specially."""


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few characters inserted, deleted or replaced."""
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 4))
        insert = draw(st.sampled_from([*SCALARS, " ", "\n", "  ", ":"]) | st.text(max_size=3))
        text = text[:at] + insert + text[at + cut :]
    return text
