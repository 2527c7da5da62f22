"""Settings the theme prints, and ``!ENV`` values, read as MkDocs reads them.

Values from ``mkdocs.yml`` reach the theme's templates as data: the banner arrives in the
override as text with every delimiter encoded, and the values the theme prints unescaped
may hold no markup at all.
"""

from __future__ import annotations

import html as html_module
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import pytest

from generator.read.settings import load_settings
from generator.schema.settings import Audience, Settings
from generator.write.staging import overrides

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

HOSTILE_BANNER = 'Total {{ 7*7 }} {% raw %} {# x #} <script>alert("1")</script> & co'


def render_announce(banner: str) -> str:
    """The internal build's ``main.html`` override rendered under a stand-in ``base.html``."""
    files = overrides(Settings(root=Path("."), banner=banner), Audience.INTERNAL)
    loader = jinja2.DictLoader({
        "main.html": files["main.html"].decode("utf-8"),
        "base.html": "{% block announce %}{% endblock %}",
    })
    return jinja2.Environment(loader=loader).get_template("main.html").render()


def test_the_banner_is_shown_as_its_text_never_run_as_a_template() -> None:
    html = render_announce(HOSTILE_BANNER)
    assert "49" not in html and "<script>" not in html
    # what a browser shows: the character references read back as the banner's own text
    inner = html.removeprefix('<strong class="ep-banner">').removesuffix("</strong>")
    assert html_module.unescape(inner) == HOSTILE_BANNER


def test_the_shared_build_has_no_banner() -> None:
    files = overrides(Settings(root=Path("."), banner=HOSTILE_BANNER), Audience.SHARED)
    assert files["main.html"] == b'{% extends "base.html" %}\n\n'


def test_the_repository_link_escapes_its_values() -> None:
    files = overrides(Settings(root=Path(".")), Audience.SHARED)
    source = files["partials/source.html"].decode("utf-8")
    for name in ("config.repo_url", "config.repo_name"):
        assert f"{{{{ {name} | e }}}}" in source


@pytest.mark.parametrize("key", ["site_name", "site_description", "site_author", "copyright",
                                 "repo_name", "repo_url"])
@pytest.mark.parametrize(("value", "shown"), [
    ("A <b>bold</b> name", "'<' and '>'"),
    ('x" onmouseover="alert(1)', "'\"'"),
])
def test_markup_in_a_value_the_theme_prints_is_an_error(
    project: ProjectFactory, key: str, value: str, shown: str
) -> None:
    root = project(config=f"site_name: T\n{key}: '{value}'\n" if key != "site_name"
                   else f"{key}: '{value}'\n")
    _, problems = load_settings(root / "mkdocs.yml")
    line = 1 if key == "site_name" else 2
    assert [p.format_text() for p in problems] == [
        f"mkdocs.yml:{line}: error: setting {key!r}: the theme prints it into every page as it"
        f" is, so {shown} would be read as markup; write it without them [settings.markup]"
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "github.com/x", "https://x.org/a b"])
def test_a_repository_url_must_be_a_web_address(project: ProjectFactory, url: str) -> None:
    root = project(config=f"site_name: T\nrepo_url: '{url}'\n")
    _, problems = load_settings(root / "mkdocs.yml")
    assert [p.code for p in problems] == ["settings.invalid-value"]
    assert problems[0].line == 2 and repr(url) in problems[0].message


def test_plain_names_and_addresses_pass(project: ProjectFactory) -> None:
    root = project(config="site_name: Tickets & Escalations\nsite_author: The SC lead's team\n"
                          "copyright: (c) 2026 Example College\n"
                          "repo_url: https://github.com/example-org/records\n")
    loaded, problems = load_settings(root / "mkdocs.yml")
    assert problems == [] and loaded.site_name == "Tickets & Escalations"


def test_markup_in_a_theme_value_stops_check(project: ProjectFactory, cli: CLI) -> None:
    project(config="site_name: '<script>alert(1)</script>'\n")
    result = cli("check", "-f", project.config)
    assert result.code == 2 and "[settings.markup]" in result.out + result.err


ENV_CONFIG = """\
site_name: !ENV [EP_SITE_NAME, "Fallback name"]
extra:
  escalation:
    response_window_hours: !ENV EP_WINDOW
    banner: !ENV [EP_UNSET_ONE, EP_BANNER, "Default banner"]
    sc_lead_team: !ENV EP_UNSET_TWO
"""


def test_env_values_are_read_as_mkdocs_reads_them(
    project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("EP_SITE_NAME", "EP_UNSET_ONE", "EP_UNSET_TWO"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EP_WINDOW", "24")
    monkeypatch.setenv("EP_BANNER", "From the environment")
    loaded, problems = load_settings(project(config=ENV_CONFIG) / "mkdocs.yml")
    assert problems == []
    assert loaded.site_name == "Fallback name"            # default: the last item
    assert loaded.response_window_hours == 24             # typed as YAML types '24'
    assert loaded.banner == "From the environment"        # the first variable that is set
    assert loaded.sc_lead_team is None                    # unset, no default: null


def test_a_bad_env_value_is_located_at_its_key(
    project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EP_WINDOW", "soon")
    _, problems = load_settings(project(config=ENV_CONFIG) / "mkdocs.yml")
    assert [(p.line, p.code) for p in problems] == [(4, "settings.wrong-type")]
    assert "'soon'" in problems[0].message
