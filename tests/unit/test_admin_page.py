"""Admin pages: the admin's name is text wherever it lands (rendered pages, no builder)."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.compute.as_of import resolve_as_of
from generator.compute.calendar import calendar_for
from generator.compute.site import build_context
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.render.pages import render_admins
from generator.schema.settings import Audience

ROOT = Path(__file__).resolve().parents[2]
NAME = "[Cy](javascript:alert(1)) *bold*"


def test_an_admin_name_in_markdown_prose_never_becomes_a_link(tmp_path: Path) -> None:
    for name in ("tickets", "admins"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    admin = tmp_path / "admins" / "tobias-wren.md"
    text = admin.read_text(encoding="utf-8")
    start = text.index("name:")
    end = text.index("\n", start)
    admin.write_text(text[:start] + f'name: "{NAME}"' + text[end:], encoding="utf-8")
    settings, problems = load_settings(tmp_path / "mkdocs.yml")
    project = load_project(settings, problems)
    assert project.admins["tobias-wren"].purview == ()
    ctx = build_context(project, as_of=resolve_as_of("2026-11-28T12:00", calendar_for(settings)),
                        audience=Audience.INTERNAL)
    page = render_admins(ctx)["admins/tobias-wren.md"]
    # The front-matter title is YAML text the theme shows as text (HTML-escaped for it);
    # everything below it is Markdown, where the name must not be markup.
    body = page.split("\n---\n", 1)[1]
    assert "](javascript:" not in body
    assert "*bold*" not in body
    assert "&#91;Cy&#93;&#40;javascript:alert&#40;1&#41;&#41; &#42;bold&#42; has declared" in page


def test_each_admin_page_states_the_window_of_every_priority(tmp_path: Path) -> None:
    for name in ("tickets", "admins"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    admin = tmp_path / "admins" / "tobias-wren.md"
    text = admin.read_text(encoding="utf-8")
    admin.write_text(text.replace("\npurview:", "\nresponse_windows:\n  low: {hours: 40}\n"
                                  "purview:", 1), encoding="utf-8")
    settings, problems = load_settings(tmp_path / "mkdocs.yml")
    ctx = build_context(load_project(settings, problems), audience=Audience.INTERNAL,
                        as_of=resolve_as_of("2026-11-28T12:00", calendar_for(settings)))
    pages = render_admins(ctx)
    # The shipped settings: critical 4 hours always, high 8 business hours; Kwame declares
    # 8 hours for the rest.
    assert ("Response window by ticket priority: low 8 business hours (declared); medium 8"
            " business hours (declared); high 8 business hours (the site's for high);"
            " critical 4 hours round the clock (the site's for critical).") in pages[
        "admins/kwame-lindqvist.md"]
    assert ("Response window by ticket priority: low 40 business hours (declared for low);"
            " medium 16 business hours (the site's default); high 8 business hours (the"
            " site's for high); critical 4 hours round the clock (the site's for critical).") \
        in pages["admins/tobias-wren.md"]
