"""IDs and slugs are whole-string matches: a trailing newline is never part of a valid one.

``re.match`` with a pattern ending in ``$`` accepts ``'eve\\n'``; every check of an ID,
slug or owner handle uses ``fullmatch``, so ``admins/eve\\n.md`` can neither be written
nor read as a record, and CODEOWNERS never gets a broken line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory


def test_new_admin_refuses_a_slug_with_a_newline(project: ProjectFactory, cli: CLI) -> None:
    root = project()
    result = cli("new", "admin", "eve\n", "--name", "Eve", "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err == ("escalation new: error: admin slug 'eve\\n': expected lowercase"
                          " letters, digits and '-' (such as 'dana-okafor')\n")
    assert not (root / "admins").exists()


def test_new_ticket_refuses_an_id_with_a_newline(project: ProjectFactory, cli: CLI) -> None:
    root = project()
    result = cli("new", "ticket", "48213\n", "--title", "T", "--classification", "incident",
                 "--priority", "low", "-f", str(root / "mkdocs.yml"))
    assert result.code == 2
    assert result.err == ("escalation new: error: ticket ID '48213\\n': expected letters,"
                          " digits, '.', '_' and '-'\n")
    assert not (root / "tickets").exists()


def test_a_record_file_named_with_a_newline_is_a_bad_slug(project: ProjectFactory,
                                                          cli: CLI) -> None:
    root = project({"admins/eve\n.md": "---\nname: Eve\n---\n"})
    result = cli("check", "-f", str(root / "mkdocs.yml"))
    assert result.code == 1
    assert ("admins/eve\n.md:1: error: file name: expected a slug of lowercase letters,"
            " digits and '-' (such as 'dana-okafor.md') but received 'eve\\n'"
            " [admin.bad-slug]") in result.out

