"""Adversarial test of the shared build and its verifier (issue 11, defect 3).

A unique marker is planted in every internal place the product knows of: ticket notes,
an internal page (its title and body, closed with ``---`` or ``...``, with another
Markdown suffix, in a subfolder), internal blocks of a hand-written page, of the
framework page and of a scenario's and an ITIL entry's body, and every field and the
body of an internal scenario and of an internal ITIL entry. Each marker sits in a
sentence long enough for the verifier to see.

It fails both ways: a marker in any byte of the shared build fails it, a marker missing
from the internal build fails it, and so does any place the verifier does not report
when it is run over the internal build, where every place's text is present. Last, a
staging step that forgets the audience (simulated) makes the shared build fail, with
the site folder removed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_build import AS_OF, FIXTURE, BuiltSite, build_site, copy_project

from generator.cli.main import main
from generator.compute.as_of import resolve_as_of
from generator.compute.calendar import calendar_for
from generator.read.docs import hand_written_pages
from generator.read.project import load_project
from generator.read.settings import load_settings
from generator.schema.settings import Audience
from generator.write import staging
from generator.write.leaks import find_leaks, internal_texts, public_texts

pytestmark = pytest.mark.e2e

S = "docs/reference/scenarios"
I = "docs/reference/itil"  # noqa: E741
OPEN, CLOSE = "<!-- audience: internal -->", "<!-- /audience -->"


def planted(place: str) -> str:
    """A sentence of well over eight words carrying the place's unique marker."""
    return f"This planted sentence for the adversarial verifier test carries PLANT{place}X"


def mark(place: str) -> bytes:
    return f"PLANT{place}X".encode()


def block(place: str) -> str:
    return f"\n{OPEN}\n{planted(place)}\n{CLOSE}\n"


ITIL = (
    "---\npractice: {practice}\nrelevance: \"{relevance}\"\nkey_points:\n"
    "  - \"{point}\"\n{front}---\n\n{body}\n"
)
SCENARIO = (
    "---\nscenario: \"{scenario}\"\nlanguage: \"{language}\"\nprinciple: \"{principle}\"\n"
    "itil: [{itil}]\ntier: collaborate\n{front}---\n\n## Context\n\nAn admin pushes back."
    "\n\n## Do\n\n- Ask for it in writing.\n\n## Don't\n\n- Guess.\n{body}"
)
PLACES: dict[str, str] = {
    "NOTES": "tickets/2026/90101.md",
    "PAGETITLE": "docs/reference/secret.md",
    "PAGEBODY": "docs/reference/secret.md",
    "DOTSPAGE": "docs/guides/dots.md",
    "SUFFIXPAGE": "docs/guides/notes.markdown",
    "SUBPAGE": "docs/guides/deep/inner.md",
    "PAGEBLOCK": "docs/reference/slack-policy.md",
    "FRAMEWORKBLOCK": "docs/reference/framework.md",
    "SCENARIOBLOCK": f"{S}/shared-one.md",
    "ITILBLOCK": f"{I}/shared-practice.md",
    "SCENARIOTEXT": f"{S}/internal-one.md",
    "SCENARIOLANGUAGE": f"{S}/internal-one.md",
    "SCENARIOPRINCIPLE": f"{S}/internal-one.md",
    "SCENARIOBODY": f"{S}/internal-one.md",
    "PRACTICE": f"{I}/internal-practice.md",
    "RELEVANCE": f"{I}/internal-practice.md",
    "KEYPOINT": f"{I}/internal-practice.md",
    "PRACTICEBODY": f"{I}/internal-practice.md",
}


def plant(root: Path) -> None:
    """Write every internal place of ``PLACES`` into the project at ``root``."""
    def append(rel: str, text: str) -> None:
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    def write(rel: str, text: str) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    append(PLACES["NOTES"], f"\n{planted('NOTES')}\n")
    write(PLACES["PAGEBODY"], f"---\ntitle: \"{planted('PAGETITLE')}\"\naudience: internal\n"
                              f"---\n\n# Secret\n\n{planted('PAGEBODY')}\n")
    write(PLACES["DOTSPAGE"], f"---\naudience: internal\n...\n\n{planted('DOTSPAGE')}\n")
    write(PLACES["SUFFIXPAGE"], f"---\naudience: internal\n---\n\n{planted('SUFFIXPAGE')}\n")
    write(PLACES["SUBPAGE"], f"---\naudience: internal\n---\n\n{planted('SUBPAGE')}\n")
    append(PLACES["PAGEBLOCK"], block("PAGEBLOCK"))
    append(PLACES["FRAMEWORKBLOCK"], block("FRAMEWORKBLOCK"))
    write(f"{I}/shared-practice.md", ITIL.format(
        practice="Service Ownership", relevance="Every service has an owner.",
        point="Each service has a named owner.", front="",
        body="Owners decide." + block("ITILBLOCK")))
    write(f"{I}/internal-practice.md", ITIL.format(
        practice=planted("PRACTICE"), relevance=planted("RELEVANCE"),
        point=planted("KEYPOINT"), front="audience: internal\n",
        body=planted("PRACTICEBODY")))
    write(f"{S}/shared-one.md", SCENARIO.format(
        scenario="An admin says it is not theirs", language="Let us write it down.",
        principle="Admins own their purview", itil="shared-practice, internal-practice",
        front="", body=block("SCENARIOBLOCK")))
    write(f"{S}/internal-one.md", SCENARIO.format(
        scenario=planted("SCENARIOTEXT"), language=planted("SCENARIOLANGUAGE"),
        principle=planted("SCENARIOPRINCIPLE"), itil="shared-practice",
        front="audience: internal\n", body=f"\n{planted('SCENARIOBODY')}\n"))


@pytest.fixture(scope="module")
def planted_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(FIXTURE, tmp_path_factory.mktemp("planted") / "project")
    plant(root)
    return root


def copy_of(project: Path, target: Path) -> Path:
    shutil.copytree(project, target, ignore=shutil.ignore_patterns(".build", "site*"))
    return target


@pytest.fixture(scope="module")
def shared(planted_project: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("shared")
    return build_site(copy_of(planted_project, root / "p"), root / "site", audience="shared")


@pytest.fixture(scope="module")
def internal(planted_project: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("internal")
    return build_site(copy_of(planted_project, root / "p"), root / "site")


def holding(site: BuiltSite, needle: bytes) -> list[str]:
    return [f.relative_to(site.site).as_posix() for f in site.files()
            if needle in site.contents(f)]


def test_no_shared_output_byte_holds_a_planted_marker(shared: BuiltSite) -> None:
    assert {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "404.html"} <= {
        f.relative_to(shared.site).as_posix() for f in shared.files()}
    leaked = {place: holding(shared, mark(place)) for place in PLACES}
    assert {place: files for place, files in leaked.items() if files} == {}
    assert holding(shared, b"PLANT") == []


def test_the_internal_build_holds_every_planted_marker(internal: BuiltSite) -> None:
    missing = [place for place in PLACES if not holding(internal, mark(place))]
    assert missing == []


def test_the_verifier_reports_every_internal_place(internal: BuiltSite) -> None:
    """Over the internal build, where every internal text is, the verifier must name
    each planted place's file: a place it cannot see could leak unnoticed."""
    settings, problems = load_settings(internal.project / "mkdocs.yml")
    project = load_project(settings, problems)
    as_of = resolve_as_of(AS_OF, calendar_for(settings))
    leaks = find_leaks(internal.site, internal_texts(project), public_texts(project, as_of))
    reported = {leak.source.split(":")[0] for leak in leaks}
    assert {rel for rel in PLACES.values()} - reported == set()
    found = " ".join(leak.found for leak in leaks)
    assert "planted sentence for the adversarial verifier" in found


def test_a_staging_step_that_forgets_the_audience_fails_the_shared_build(
    planted_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A simulated bug: the staging folder gets the internal build's hand-written pages.
    The builder publishes them; the verifier must fail the build and remove the site."""
    root = copy_of(planted_project, tmp_path / "p")
    site = tmp_path / "site"
    monkeypatch.chdir(root)
    monkeypatch.setattr(staging, "hand_written_pages",
                        lambda settings, audience, skip, folder=None: hand_written_pages(
                            settings, Audience.INTERNAL, skip, folder))
    code = main(["build", "--audience", "shared", "--as-of", AS_OF, "--site-dir", str(site)])
    err = capsys.readouterr().err
    assert code == 1, err
    lines = err.splitlines()
    assert ("reference/secret/index.html: holds text of docs/reference/secret.md:1 (internal"
            " page): 'reference/secret/'") in lines
    assert ("reference/slack-policy/index.html: holds text of docs/reference/slack-policy.md:20"
            " (internal block): 'this planted sentence for the adversarial verifier test'"
            ) in lines
    assert lines[-1] == (
        "escalation build: the shared site held internal text (listed above), so it was"
        " removed and nothing was built; report this as a bug")
    assert not site.exists()
