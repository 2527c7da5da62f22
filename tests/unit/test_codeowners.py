"""Tests for CODEOWNERS generation: the block, hand-written lines kept, the check warning."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.compute.codeowners import compute_ownership, normalise_owner
from generator.read.codeowners import CodeownersFileError
from generator.read.project import Project, load_project
from generator.read.settings import load_settings
from generator.render.catalogue import catalogue_markdown
from generator.render.codeowners import BEGIN, END, first_difference, render_block, splice_block
from generator.render.problems import format_github
from generator.schema.settings import Settings
from generator.write.codeowners import check_codeowners, generate_codeowners

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

REPO = Path(__file__).parents[2]
LEAD_CONFIG = 'site_name: Test\nextra:\n  escalation:\n    sc_lead_team: "@acme/sc-leads"\n'

HEADER = [
    BEGIN,
    "# Regenerate with 'escalation codeowners --write' after changing admins/ or the",
    "# sc_lead_team setting ('escalation check' warns when this block is out of date).",
    "# GitHub uses the LAST line that matches a path: the catch-all comes first, each",
    "# admin's own purview file after it. Put hand-written lines BELOW the END line;",
    "# above this block they would be overridden by the catch-all.",
]


def admin(name: str, github: str | None = None, active: bool = True) -> str:
    handle = f"github: {github!r}\n" if github is not None else ""
    return (f"---\nname: {name}\n{handle}active: {str(active).lower()}\npurview: []\n"
            "---\nNotes.\n")


ADMINS = {
    "admins/dana-okafor.md": admin("Dana Okafor", "dokafor"),
    "admins/lee-ng.md": admin("Lee Ng", "@acme/network-team"),
    "admins/old-hand.md": admin("Old Hand", "ohand", active=False),
    "admins/no-handle.md": admin("No Handle"),
}

EXPECTED_BLOCK = "\n".join([
    *HEADER,
    "* @acme/sc-leads",
    "/admins/dana-okafor.md @dokafor @acme/sc-leads",
    "/admins/lee-ng.md @acme/network-team @acme/sc-leads",
    "# Inactive admins, owned by the catch-all: old-hand",
    END,
]) + "\n"


def load(root: Path) -> Project:
    settings, problems = load_settings(root / "mkdocs.yml")
    assert not problems
    return load_project(settings, problems)


@pytest.mark.parametrize(
    ("handle", "owner"),
    [
        ("jdoe", "@jdoe"),
        ("@jdoe", "@jdoe"),
        ("  j-doe2 ", "@j-doe2"),
        ("acme/sc-leads", "@acme/sc-leads"),
        ("@acme/sc.leads_2", "@acme/sc.leads_2"),
        ("j doe", None),
        ("-jdoe", None),
        ("jdoe-", None),
        ("j--doe", None),
        ("jdoe@example.org", None),
        ("@acme/", None),
        ("a" * 40, None),
        ("", None),
    ],
)
def test_normalise_owner(handle: str, owner: str | None) -> None:
    assert normalise_owner(handle) == owner


def test_block_orders_catch_all_first_and_skips_inactive_admins(
    project: ProjectFactory,
) -> None:
    root = project(ADMINS, config=LEAD_CONFIG)
    loaded = load(root)
    block = render_block(compute_ownership(loaded.settings, loaded.admins))
    assert "".join(line + "\n" for line in block) == EXPECTED_BLOCK


def test_without_a_lead_team_there_is_no_default_owner(project: ProjectFactory) -> None:
    root = project(ADMINS)
    loaded = load(root)
    block = render_block(compute_ownership(loaded.settings, loaded.admins))
    assert block[len(HEADER):] == [
        "# No default owner: set extra.escalation.sc_lead_team in mkdocs.yml.",
        "/admins/dana-okafor.md @dokafor",
        "/admins/lee-ng.md @acme/network-team",
        "# Inactive admins, owned by the catch-all: old-hand",
        END,
    ]


def test_hand_written_lines_are_kept_byte_for_byte() -> None:
    before = "# Team rules\r\n\r\n/docs/ @acme/writers  \r\n"
    after = "/generator/ @acme/devs\r\n# trailing comment without newline"
    existing = before + "# BEGIN escalation codeowners (edited title)\r\n* @old\r\n" + END
    existing += "\r\n" + after
    block = [BEGIN, "* @acme/sc-leads", END]
    assert splice_block(existing, block) == (
        before + f"{BEGIN}\r\n* @acme/sc-leads\r\n{END}\r\n" + after
    )


def test_a_file_without_a_block_gets_it_first() -> None:
    existing = "/docs/ @acme/writers\n"
    assert splice_block(existing, [BEGIN, END]) == f"{BEGIN}\n{END}\n\n/docs/ @acme/writers\n"
    assert splice_block(None, [BEGIN, END]) == f"{BEGIN}\n{END}\n"


@pytest.mark.parametrize(
    ("existing", "line", "message"),
    [
        (f"x\n{BEGIN}\n", 2, "found 1 and 0"),
        (f"{END}\n{BEGIN}\n", 1, "found 1 and 1 in the wrong order"),
        (f"{BEGIN}\n{BEGIN}\n{END}\n", 1, "found 2 and 1"),
    ],
)
def test_broken_markers_are_refused(existing: str, line: int, message: str) -> None:
    with pytest.raises(CodeownersFileError) as caught:
        splice_block(existing, [BEGIN, END])
    assert caught.value.line == line
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [("a\nb\n", "a\nc\n", 2), ("a\n", "a\nb\n", 1), ("a\nb\n", "a\n", 2), ("", "a\n", 1)],
)
def test_first_difference(old: str, new: str, line: int) -> None:
    assert first_difference(old, new) == line


def test_check_warns_when_the_file_is_missing_or_stale(project: ProjectFactory) -> None:
    root = project(ADMINS, config=LEAD_CONFIG)
    loaded = load(root)
    [missing] = check_codeowners(loaded.settings, loaded.admins)
    assert missing.format_text() == (
        ".github/CODEOWNERS:1: warning: the file is missing although admins have github"
        " handles, so nobody is asked to review changes to their own purview; run"
        " 'escalation codeowners --write' and commit it [codeowners.out-of-date]"
    )
    text, _ = generate_codeowners(loaded.settings, loaded.admins)
    (root / ".github").mkdir()
    (root / ".github/CODEOWNERS").write_text(text)
    assert check_codeowners(loaded.settings, loaded.admins) == []
    (root / ".github/CODEOWNERS").write_text(text.replace("@dokafor", "@someone"))
    [stale] = check_codeowners(loaded.settings, loaded.admins)
    assert stale.format_text() == (
        ".github/CODEOWNERS:8: warning: the generated block does not match admins/ and the"
        " sc_lead_team setting (first difference on this line); run 'escalation codeowners"
        " --write' and commit it [codeowners.out-of-date]"
    )
    assert format_github(stale) == (
        "::warning file=.github/CODEOWNERS,line=8,title=codeowners.out-of-date::the generated"
        " block does not match admins/ and the sc_lead_team setting (first difference on this"
        " line); run 'escalation codeowners --write' and commit it"
    )


def test_check_is_silent_for_projects_without_codeowners(project: ProjectFactory) -> None:
    root = project({"admins/no-handle.md": admin("No Handle")}, config=LEAD_CONFIG)
    loaded = load(root)
    assert check_codeowners(loaded.settings, loaded.admins) == []


def test_check_reports_unusable_owners_and_broken_files(project: ProjectFactory) -> None:
    config = LEAD_CONFIG.replace('"@acme/sc-leads"', '"SC leads"')
    root = project({"admins/bad.md": admin("Bad", "not a handle"),
                    ".github/CODEOWNERS": f"{END}\n"}, config=config)
    loaded = load(root)
    assert [p.format_text() for p in check_codeowners(loaded.settings, loaded.admins)] == [
        "mkdocs.yml:4: warning: setting 'sc_lead_team': expected a GitHub team such as"
        " '@org/sc-leads' but received 'SC leads' [codeowners.invalid-owner]",
        "admins/bad.md:3: warning: field 'github': expected a GitHub user name such as"
        " 'jdoe' or a team such as '@org/team' but received 'not a handle'"
        " [codeowners.invalid-owner]",
        ".github/CODEOWNERS:1: warning: expected one '# BEGIN escalation codeowners' line"
        " followed by one '# END escalation codeowners' line but found 0 and 1; fix the"
        " markers by hand (delete both to have the block put first) [codeowners.bad-file]",
    ]


def test_command_prints_then_writes(cli: CLI, project: ProjectFactory) -> None:
    root = project({**ADMINS, ".github/CODEOWNERS": "/docs/ @acme/writers\n"},
                   config=LEAD_CONFIG)
    config = str(root / "mkdocs.yml")
    printed = cli("codeowners", "-f", config)
    assert (printed.code, printed.out) == (0, EXPECTED_BLOCK + "\n/docs/ @acme/writers\n")
    assert (root / ".github/CODEOWNERS").read_text() == "/docs/ @acme/writers\n"
    written = cli("codeowners", "--write", "-f", config)
    assert (written.code, written.out) == (0, ".github/CODEOWNERS\n")
    assert (root / ".github/CODEOWNERS").read_text() == printed.out
    again = cli("codeowners", "--write", "-f", config)
    assert (again.code, again.err) == (0, ".github/CODEOWNERS is up to date\n")
    assert cli("check", "-f", config).out == ""


def test_command_notes_what_it_cannot_do(cli: CLI, project: ProjectFactory) -> None:
    root = project({**ADMINS, ".github/CODEOWNERS": "/docs/ @x\n"})
    result = cli("codeowners", "-f", str(root / "mkdocs.yml"))
    assert result.code == 0
    assert result.err.startswith(
        "note: extra.escalation.sc_lead_team is not set in the config file: no default"
        " owner ('*') line, and each admin file has only its admin as owner\n"
    )
    (root / "mkdocs.yml").write_text(LEAD_CONFIG)
    (root / ".github/CODEOWNERS").write_text(f"/docs/ @x\n{BEGIN}\n{END}\n")
    result = cli("codeowners", "-f", str(root / "mkdocs.yml"))
    assert result.err == (
        "note: .github/CODEOWNERS:1 is above the generated block, so its catch-all '*' line"
        " overrides it; move it below the END line\n"
    )
    (root / ".github/CODEOWNERS").write_text(f"{BEGIN}\n")
    result = cli("codeowners", "--write", "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert result.err.startswith("escalation codeowners: .github/CODEOWNERS:1: expected one")


def test_shipped_codeowners_matches_the_shipped_admins(tmp_path: Path) -> None:
    """The committed file is what the shipped admins and settings generate."""
    for name in ("mkdocs.yml", "admins", ".github"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    loaded = load(tmp_path)
    assert loaded.settings.sc_lead_team == "@example-org/sc-leads"
    text, existing = generate_codeowners(loaded.settings, loaded.admins)
    assert text == existing
    assert "/admins/marisol-tran.md @mtran-it @example-org/sc-leads\n" in text
    assert "/admins/gideon-marsh.md" not in text


def test_the_guide_lists_the_codeowners_codes() -> None:
    """The guide's table is the catalogue's, so it cannot drift from the code."""
    guide = (REPO / "docs" / "guides" / "sc-agents.md").read_text(encoding="utf-8")
    assert guide.startswith("---\ntitle: Working tickets as an SC agent\n---\n")
    assert catalogue_markdown(["codeowners"]) in guide


def test_a_codeowners_path_that_is_a_folder_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    """'.github/CODEOWNERS' as a folder ended 'escalation check' with exit 70 (issue 11,
    defect 9)."""
    (tmp_path / ".github" / "CODEOWNERS").mkdir(parents=True)
    settings = Settings(root=tmp_path)
    (problem,) = check_codeowners(settings, {})
    assert problem.format_text() == (
        ".github/CODEOWNERS:1: warning: cannot be read: Is a directory [codeowners.bad-file]")
