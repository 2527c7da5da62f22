"""Settings in ``mkdocs.yml`` under ``extra.escalation``: defaults, reading, bad values."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.compute.calendar import calendar_for
from generator.read.settings import ConfigError, load_settings
from generator.schema.problems import CATALOGUE
from generator.schema.settings import DEFAULT_CHECKLIST, Audience, ChecklistItem, Settings

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

HEAD = "site_name: Test\nextra:\n  escalation:\n"  # settings start on line 4


def read(project: ProjectFactory, config: str) -> tuple[Settings, list[str]]:
    """Settings and problems (as text lines) of a ``mkdocs.yml`` with ``config``."""
    root = project(config=config)
    loaded, problems = load_settings(root / "mkdocs.yml")
    return loaded, [p.format_text() for p in problems]


@pytest.mark.parametrize(
    "config",
    ["site_name: Test\n", "", "# nothing\n", HEAD, HEAD.replace("escalation:", "escalation: {}"),
     "extra: {generator: false}\n"],
    ids=["no-extra", "empty-file", "comment-only", "null-block", "empty-block", "other-extra"],
)
def test_every_setting_is_optional(project: ProjectFactory, config: str) -> None:
    loaded, problems = read(project, config)
    assert problems == []
    assert loaded.timezone == ZoneInfo("UTC")
    assert loaded.business_days == frozenset({0, 1, 2, 3, 4})
    assert (loaded.business_start, loaded.business_end) == (time(9), time(17))
    assert loaded.holidays == frozenset()
    assert loaded.response_window_hours == 16.0
    assert loaded.audience is Audience.INTERNAL
    assert loaded.checklist == DEFAULT_CHECKLIST
    assert loaded.sc_lead_team is None
    assert loaded.root == project.root.resolve()
    assert loaded.config_path == "mkdocs.yml"


def test_default_checklist_is_a_sensible_pre_escalation_list() -> None:
    assert 5 <= len(DEFAULT_CHECKLIST) <= 8
    ids = [item.id for item in DEFAULT_CHECKLIST]
    assert len(set(ids)) == len(ids)
    assert {"issue-verified", "kb-searched", "evidence-attached", "owner-identified"} <= set(ids)


def test_every_setting_is_read(project: ProjectFactory) -> None:
    loaded, problems = read(project, HEAD + """\
    timezone: America/Chicago
    business_days: [Mon, tue, wed, thu]
    business_hours: " 08:30 - 16:45 "
    holidays: [2026-11-26, '2026-12-25', 2026-12-31T00:00:00]
    response_window_hours: 7.5
    audience: shared
    banner: For the admins
    sc_lead_team: "@example-org/sc-leads"
    checklist:
      - id: reproduced
        text: Reproduced the issue
      - {id: purview-read, text: Read the purview}
""")
    assert problems == []
    assert loaded.timezone == ZoneInfo("America/Chicago")
    assert loaded.business_days == frozenset({0, 1, 2, 3})
    assert (loaded.business_start, loaded.business_end) == (time(8, 30), time(16, 45))
    assert loaded.holidays == {date(2026, 11, 26), date(2026, 12, 25), date(2026, 12, 31)}
    assert loaded.response_window_hours == 7.5
    assert loaded.audience is Audience.SHARED
    assert loaded.banner == "For the admins"
    assert loaded.sc_lead_team == "@example-org/sc-leads"
    assert loaded.checklist == (
        ChecklistItem(id="reproduced", text="Reproduced the issue"),
        ChecklistItem(id="purview-read", text="Read the purview"),
    )
    assert loaded.checklist_ids == ("reproduced", "purview-read")
    calendar = calendar_for(loaded)
    assert calendar.timezone == ZoneInfo("America/Chicago")


def test_site_keys_are_read(project: ProjectFactory) -> None:
    loaded, problems = read(project, (
        "site_name: Records\nrepo_url: https://example.org/r\nedit_uri: edit/main/\n"
        "docs_dir: pages\nsite_dir: public\n"
    ))
    assert problems == []
    assert (loaded.site_name, loaded.repo_url, loaded.edit_uri) == (
        "Records", "https://example.org/r", "edit/main/"
    )
    assert (loaded.docs_dir, loaded.site_dir) == ("pages", "public")


def test_mkdocs_material_tags_still_load(
    project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python-name and !ENV tags are MkDocs' business: they must not stop the settings."""
    monkeypatch.delenv("ESCALATION_AUDIENCE", raising=False)
    loaded, problems = read(project, """\
site_name: Test
site_url: !ENV [SITE_URL, "https://example.org/"]
theme:
  name: material
  custom_dir: !relative $config_dir/overrides
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
extra:
  analytics: !ENV GOOGLE_ANALYTICS_KEY
  anchors: &shared {a: 1}
  reused: *shared
  escalation:
    timezone: America/Chicago
    audience: !ENV [ESCALATION_AUDIENCE, shared]
""")
    assert loaded.timezone == ZoneInfo("America/Chicago")
    # !ENV is read as MkDocs reads it: the variable is unset, so its default applies
    assert loaded.audience is Audience.SHARED
    assert problems == []


# --- bad settings: file mkdocs.yml, the line, a settings.* code --------------------------

BAD = [
    ("timezone: 5", "mkdocs.yml:4: error: setting 'timezone': expected an IANA timezone name"
     " such as 'America/Chicago' but received the number 5 [settings.invalid-value]"),
    ("timezone: America", "mkdocs.yml:4: error: setting 'timezone': expected an IANA timezone"
     " name such as 'America/Chicago' but received 'America' [settings.invalid-value]"),
    ("timezone: america/chicago", "mkdocs.yml:4: error: setting 'timezone': expected an"
     " IANA timezone name such as 'America/Chicago' but received 'america/chicago' (did you"
     " mean 'America/Chicago'?) [settings.invalid-value]"),
    ("timezone: New York", "mkdocs.yml:4: error: setting 'timezone': expected an IANA"
     " timezone name such as 'America/Chicago' but received 'New York' (did you mean"
     " 'America/New_York'?) [settings.invalid-value]"),
    ("timezone: Europe/Londn", "mkdocs.yml:4: error: setting 'timezone': expected an IANA"
     " timezone name such as 'America/Chicago' but received 'Europe/Londn' (did you mean"
     " 'Europe/London'?) [settings.invalid-value]"),
    ("timezone: Mars/Olympus_Mons", "mkdocs.yml:4: error: setting 'timezone': expected an"
     " IANA timezone name such as 'America/Chicago' but received 'Mars/Olympus_Mons'"
     " [settings.invalid-value]"),
    ("timezone: ../../etc/passwd", "mkdocs.yml:4: error: setting 'timezone': expected an"
     " IANA timezone name such as 'America/Chicago' but received '../../etc/passwd'"
     " [settings.invalid-value]"),
    ("business_days: mon-fri", "mkdocs.yml:4: error: setting 'business_days': expected a"
     " non-empty list such as [mon, tue, wed] but received 'mon-fri' [settings.wrong-type]"),
    ("business_days: []", "mkdocs.yml:4: error: setting 'business_days': expected a"
     " non-empty list such as [mon, tue, wed] but received a list [settings.wrong-type]"),
    ("business_days:\n      - mon\n      - tues", "mkdocs.yml:6: error: setting"
     " 'business_days[1]': expected one of mon, tue, wed, thu, fri, sat, sun but received"
     " 'tues' (did you mean 'tue'?) [settings.invalid-value]"),
    ("business_days: [mon, 2]", "mkdocs.yml:4: error: setting 'business_days[1]': expected"
     " one of mon, tue, wed, thu, fri, sat, sun but received the number 2"
     " [settings.invalid-value]"),
    ("business_hours: 9-5", "mkdocs.yml:4: error: setting 'business_hours': expected one"
     " daily interval 'HH:MM-HH:MM' with the start before the end, such as '09:00-17:00', but"
     " received '9-5' [settings.invalid-value]"),
    ("business_hours: '17:00-09:00'", "mkdocs.yml:4: error: setting 'business_hours':"
     " expected one daily interval 'HH:MM-HH:MM' with the start before the end, such as"
     " '09:00-17:00', but received '17:00-09:00' [settings.invalid-value]"),
    ("business_hours: '09:00-24:00'", "mkdocs.yml:4: error: setting 'business_hours':"
     " expected one daily interval 'HH:MM-HH:MM' with the start before the end, such as"
     " '09:00-17:00', but received '09:00-24:00' [settings.invalid-value]"),
    ("business_hours: 09:00-17:00", None),  # plain YAML reads this as text: fine
    ("holidays: 2026-12-25", "mkdocs.yml:4: error: setting 'holidays': expected a list of"
     " dates but received the date 2026-12-25 [settings.wrong-type]"),
    ("holidays:\n      - 2026-12-25\n      - Christmas", "mkdocs.yml:6: error: setting"
     " 'holidays[1]': expected a date such as 2026-11-16 but received 'Christmas'"
     " [settings.bad-date]"),
    ("response_window_hours: -1", "mkdocs.yml:4: error: setting 'response_window_hours':"
     " expected a number of at least 0 but received the number -1 [settings.invalid-value]"),
    ("response_window_hours: sixteen", "mkdocs.yml:4: error: setting"
     " 'response_window_hours': expected a number but received 'sixteen'"
     " [settings.wrong-type]"),
    ("response_window_hours: .inf", "mkdocs.yml:4: error: setting 'response_window_hours':"
     " expected a finite number of at most 1e+09 but received the number inf"
     " [settings.invalid-value]"),
    ("audience: public", "mkdocs.yml:4: error: setting 'audience': expected one of internal,"
     " shared but received 'public' [settings.invalid-value]"),
    ("audience: sharde", "mkdocs.yml:4: error: setting 'audience': expected one of internal,"
     " shared but received 'sharde' (did you mean 'shared'?) [settings.invalid-value]"),
    ("banner: [a]", "mkdocs.yml:4: error: setting 'banner': expected text but received a"
     " list [settings.wrong-type]"),
    ("checklist: issue-verified", "mkdocs.yml:4: error: setting 'checklist': expected a"
     " non-empty list of {id, text} items but received 'issue-verified'"
     " [settings.wrong-type]"),
    ("checklist: []", "mkdocs.yml:4: error: setting 'checklist': expected a non-empty list"
     " of {id, text} items but received a list [settings.wrong-type]"),
    ("checklist:\n      - Reproduced", "mkdocs.yml:5: error: setting 'checklist[0]':"
     " expected a mapping with 'id' and 'text' but received 'Reproduced'"
     " [settings.wrong-type]"),
    ("checklist:\n      - id: reproduced\n      - id: read\n        text: Read",
     "mkdocs.yml:5: error: setting 'checklist[0].text': required setting is missing"
     " [settings.missing-field]"),
    ("checklist:\n      - {id: Reproduced, text: R}", "mkdocs.yml:5: error: setting"
     " 'checklist[0].id': expected a unique lowercase id of letters, digits and '-' but"
     " received 'Reproduced' [settings.invalid-value]"),
    ("checklist:\n      - {id: read, text: R}\n      - {id: read, text: S}", "mkdocs.yml:6:"
     " error: setting 'checklist[1].id': expected a unique lowercase id of letters, digits"
     " and '-' but received a duplicate id [settings.invalid-value]"),
    ("checklist:\n      - {id: read, text: R, hint: H}", "mkdocs.yml:5: warning: setting"
     " 'checklist[0].hint': unknown setting [settings.unknown-key]"),
    ("timezone: localtime", "mkdocs.yml:4: error: setting 'timezone': expected an IANA"
     " timezone name such as 'America/Chicago' but received 'localtime', which means"
     " whatever zone the machine is set to [settings.invalid-value]"),
    ("timezon: UTC", "mkdocs.yml:4: warning: setting 'timezon': unknown setting (did you"
     " mean 'timezone'?) [settings.unknown-key]"),
    ("audience: shared\n    audience: internal", "mkdocs.yml:5: error: key 'audience'"
     " appears twice (first on line 4); YAML would silently keep only the last value"
     " [settings.duplicate-key]"),
    ("[a]: b", "mkdocs.yml:4: error: expected a field name before ':' but received a list"
     " [settings.bad-key]"),
]


@pytest.mark.parametrize(("setting", "expected"), BAD, ids=[s for s, _ in BAD])
def test_bad_setting(project: ProjectFactory, setting: str, expected: str | None) -> None:
    loaded, problems = read(project, f"{HEAD}    {setting}\n")
    assert problems == ([expected] if expected else [])
    if expected and ": error: setting " in expected:
        default = Settings(root=loaded.root)
        key = setting.split(":")[0]
        if key in {"timezone", "audience", "checklist", "response_window_hours"}:
            assert getattr(loaded, key) == getattr(default, key)  # the default is kept


def test_expected_codes_are_in_the_catalogue() -> None:
    for _, expected in BAD:
        if expected:
            assert expected[expected.rindex("[") + 1 : -1] in CATALOGUE


def test_many_bad_settings_in_one_pass(project: ProjectFactory) -> None:
    _, problems = read(project, HEAD + (
        "    timezone: Mars\n    audience: all\n    business_hours: always\n"
    ))
    assert [p.split(": error: setting ")[1].split(":")[0] for p in problems] == [
        "'timezone'", "'audience'", "'business_hours'"  # sorted by line
    ]


def test_escalation_block_that_is_not_a_mapping(project: ProjectFactory) -> None:
    _, problems = read(project, "site_name: Test\nextra:\n  escalation: [timezone]\n")
    assert problems == [
        "mkdocs.yml:3: error: setting 'extra.escalation': expected a mapping but received a"
        " list [settings.wrong-type]"
    ]


def test_config_that_is_not_a_mapping(project: ProjectFactory) -> None:
    _, problems = read(project, "- site_name\n- extra\n")
    assert problems == [
        "mkdocs.yml:1: error: expected the config file to be a mapping of settings such as"
        " 'site_name: ...' [settings.wrong-type]"
    ]


# --- a config that cannot be used at all ---------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "mkdocs.yml:1: error: cannot read config file 'mkdocs.yml': No such file or"
         " directory [settings.missing-file]"),
        (b"site_name: caf\xe9\n", "mkdocs.yml:1: error: cannot read config file"
         " 'mkdocs.yml': not valid UTF-8 [settings.missing-file]"),
        (b"site_name: Test\nextra:\n  escalation:\n    timezone: [UTC\n",
         "mkdocs.yml:5: error: YAML syntax: while parsing a flow sequence on line 4, did not"
         " find expected ',' or ']' [settings.yaml-syntax]"),
        (b"site_name: a\n---\nsite_name: b\n", "mkdocs.yml:2: error: YAML syntax: expected"
         " a single document in the stream on line 1, but found another document"
         " [settings.yaml-syntax]"),
    ],
    ids=["missing", "not-utf8", "syntax", "two-documents"],
)
def test_unusable_config(
    project: ProjectFactory, content: bytes | None, expected: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = project(config=None)
    if content is not None:
        (root / "mkdocs.yml").write_bytes(content)
    monkeypatch.chdir(root)
    with pytest.raises(ConfigError) as caught:
        load_settings(Path("mkdocs.yml"))
    assert caught.value.problem.format_text() == expected


def test_config_with_another_name(project: ProjectFactory) -> None:
    root = project(config=None)
    (root / "site.yml").write_text(HEAD + "    timezon: UTC\n", encoding="utf-8")
    loaded, problems = load_settings(root / "site.yml")
    assert loaded.config_path == "site.yml"
    assert [p.path for p in problems] == ["site.yml"]


# --- through the command line: exit status 2 -----------------------------------------------


@pytest.mark.parametrize(
    ("setting", "expected"),
    [(s, e) for s, e in BAD if e and ": error: " in e],
    ids=[s for s, e in BAD if e and ": error: " in e],
)
def test_bad_setting_exits_2(
    project: ProjectFactory, cli: CLI, setting: str, expected: str
) -> None:
    project(config=f"{HEAD}    {setting}\n")
    result = cli("check", "-f", project.config)
    assert result.code == 2
    assert result.out == expected + "\n"


def test_unknown_setting_is_only_a_warning(project: ProjectFactory, cli: CLI) -> None:
    project(config=f"{HEAD}    timezon: UTC\n")
    assert cli("check", "-f", project.config).code == 0
    assert cli("check", "--strict", "-f", project.config).code == 1


@pytest.mark.parametrize("content", [None, "extra: [\n"], ids=["missing", "syntax"])
def test_unusable_config_exits_2(
    project: ProjectFactory, cli: CLI, content: str | None
) -> None:
    project(config=content)
    result = cli("check", "-f", project.config)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"{project.config}:") or result.err.startswith("mkdocs.yml:")
    assert "[settings." in result.err


# --- anything in the settings block --------------------------------------------------------

_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8,
)
_KEYS = st.sampled_from(["timezone", "business_days", "business_hours", "holidays",
                         "response_window_hours", "audience", "checklist", "banner",
                         "sc_lead_team", "tdx_ticket_url", "other"])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(block=st.dictionaries(_KEYS, _VALUES, max_size=5))
def test_any_settings_block(project: ProjectFactory, block: dict[str, object]) -> None:
    text = yaml.safe_dump({"site_name": "x", "extra": {"escalation": block}})
    root = project(config=text)
    loaded, problems = load_settings(root / "mkdocs.yml")
    assert isinstance(loaded, Settings)
    last = text.count("\n") + 1
    for problem in problems:
        assert problem.path == "mkdocs.yml"
        assert problem.code.startswith("settings.") and problem.code in CATALOGUE
        assert 1 <= problem.line <= last
        assert "\n" not in problem.message


@pytest.mark.parametrize(("config", "first", "key"), [
    ("site_name: T\nextra:\n  escalation:\n    timezone: Mars\nextra:\n  other: 1\n", 2,
     "extra"),
    ("site_name: T\nextra:\n  escalation:\n    timezone: Mars\n  escalation:\n"
     "    banner: B\n", 3, "escalation"),
])
def test_a_second_extra_or_escalation_key_is_an_error(
    project: ProjectFactory, config: str, first: int, key: str
) -> None:
    """YAML keeps the last of two keys, so the first block's settings would vanish unchecked
    (issue 11, defect 10)."""
    _, problems = read(project, config)
    assert problems == [
        f"mkdocs.yml:5: error: key {key!r} appears twice (first on line {first}); YAML would"
        " silently keep only the last value [settings.duplicate-key]"
    ]
