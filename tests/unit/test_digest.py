"""``escalation digest`` (issue 13): what it lists is what ``escalation status`` lists.

The oracle of every section is ``status``'s own output at the same as-of time (its JSON,
read back): the digest defines no state. The example data is read as of several mornings
(America/Chicago; 2026-11-26 and 27 are holidays there).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import CLI, ProjectFactory

REPO = Path(__file__).parents[2]
CONFIG = str(REPO / "mkdocs.yml")
MORNINGS = ["2026-11-11T07:00", "2026-11-20T10:00", "2026-11-30T07:00", "2026-11-30T10:00"]
SITE = "https://example-org.github.io/records/"


def run_json(cli: CLI, command: str, as_of: str, config: str = CONFIG) -> Any:
    result = cli(command, "-f", config, "--as-of", as_of, "--format", "json")
    assert (result.code, result.err) == (0, "")
    return json.loads(result.out)


def expected_sections(status: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The digest's status sections, picked out of ``status``'s rows by hand."""
    return {
        "overdue": [r for r in status if r["state"] == "no-response"],
        "due_soon": [r for r in status if r["state"] == "due-soon"],
        "unowned": [r for r in status if r["ownership"] == "unowned"],
        "redirected": [r for r in status if r["ownership"] == "redirected"],
    }


@pytest.mark.parametrize("as_of", MORNINGS)
def test_the_digest_json_lists_statuss_rows_with_statuss_values(cli: CLI, as_of: str) -> None:
    status = run_json(cli, "status", as_of)
    digest = run_json(cli, "digest", as_of)
    for section, rows in expected_sections(status).items():
        items = digest[section]
        assert [item["ticket"] for item in items] == [row["ticket"] for row in rows], section
        for item, row in zip(items, rows, strict=True):
            assert {key: item[key] for key in row} == row
        assert digest["counts"][section] == len(rows)


def test_the_example_monday_has_every_status_section(cli: CLI) -> None:
    digest = run_json(cli, "digest", "2026-11-30T10:00")
    assert all(digest["counts"][s] for s in ("overdue", "due_soon", "unowned", "redirected"))
    assert digest["schema"] == 1
    assert list(digest) == ["schema", "as_of", "timezone", "since", "site_url", "counts",
                            "overdue", "due_soon", "unowned", "redirected", "new_gaps"]
    assert (digest["as_of"], digest["since"]) == ("2026-11-30T10:00:00-06:00",
                                                  "2026-11-25T10:00:00-06:00")


@pytest.mark.parametrize("as_of", MORNINGS)
def test_each_markdown_and_slack_line_shows_statuss_figure(cli: CLI, as_of: str) -> None:
    status = run_json(cli, "status", as_of)
    markdown = cli("digest", "-f", CONFIG, "--as-of", as_of).out
    slack = json.loads(cli("digest", "-f", CONFIG, "--as-of", as_of, "--format", "slack").out)
    slack_text = "\n".join(b["text"]["text"] for b in slack["blocks"] if b["type"] == "section")
    sections = expected_sections(status)
    for rows, figure, word in ((sections["overdue"], "overdue_hours", "overdue"),
                               (sections["due_soon"], "remaining_hours", "left")):
        for row in rows:
            unit = "business hours" if row["calendar"] == "business" else "hours"
            said = f"`{row['admin']}`): {row[figure]} {unit} {word}"
            [line] = [x for x in markdown.splitlines() if x.startswith(f"- {row['ticket']} ")]
            assert said in line
            [line] = [x for x in slack_text.splitlines() if x.startswith(f"• {row['ticket']} ")]
            assert said in line
    for rows in (sections["unowned"], sections["redirected"]):
        for row in rows:
            assert any(x.startswith(f"- {row['ticket']} ") and f"`{row['admin']}`" in x
                       for x in markdown.splitlines())
    headings = re.findall(r"^## (.*) \((\d+)\)$", markdown, flags=re.M)
    shown = {title.split(":")[0].split(",")[0]: int(n) for title, n in headings}
    expected = {"Overdue": len(sections["overdue"]), "Due soon": len(sections["due_soon"]),
                "Unowned": len(sections["unowned"]), "Redirected": len(sections["redirected"])}
    assert {k: v for k, v in shown.items() if not k.startswith("New gaps")} == {
        k: v for k, v in expected.items() if v}, "empty sections are left out"


def test_a_gap_is_new_on_the_first_morning_after_its_ticket_only(cli: CLI) -> None:
    # 48288 (service printing, declared by no active admin) was opened Tue 2026-11-10 11:30.
    assert run_json(cli, "digest", "2026-11-10T11:00")["new_gaps"] == []
    [gap] = run_json(cli, "digest", "2026-11-11T07:00")["new_gaps"]
    assert gap["service"] == "printing"
    assert [t["ticket"] for t in gap["tickets"]] == ["48288"]
    assert run_json(cli, "digest", "2026-11-12T07:00")["new_gaps"] == []
    markdown = cli("digest", "-f", CONFIG, "--as-of", "2026-11-11T07:00").out
    assert "## New gaps since 2026-11-10 07:00 (1)" in markdown
    assert "- printing: no active admin declares it; 48288 " in markdown


def site_config(tmp_path: Path) -> str:
    """The example project copied, with ``site_url`` set."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    copy = tmp_path / "mkdocs.yml"
    copy.write_text(f"site_url: {SITE}\n" + text, encoding="utf-8")
    for folder in ("tickets", "admins", "docs", ".internal"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return str(copy)


def test_with_site_url_each_line_links_the_tickets_detail_view(cli: CLI, tmp_path: Path
                                                               ) -> None:
    config = site_config(tmp_path)
    as_of = "2026-11-30T10:00"
    digest = run_json(cli, "digest", as_of, config)
    assert digest["site_url"] == SITE
    [first] = digest["overdue"][:1]
    assert (first["page"], first["url"]) == ("tickets/2026-10/#48164",
                                             SITE + "tickets/2026-10/#48164")
    markdown = cli("digest", "-f", config, "--as-of", as_of).out
    assert f"- [48164](<{SITE}tickets/2026-10/#48164>) Partner emails" in markdown
    assert f"[Dashboard](<{SITE}>)" in markdown
    slack = cli("digest", "-f", config, "--as-of", as_of, "--format", "slack").out
    assert f"<{SITE}tickets/2026-10/#48164|48164>" in json.loads(slack)["blocks"][2]["text"][
        "text"]


def test_without_site_url_there_are_no_links(cli: CLI) -> None:
    digest = run_json(cli, "digest", "2026-11-30T10:00")
    assert digest["site_url"] is None
    assert {item["url"] for s in ("overdue", "due_soon") for item in digest[s]} == {None}
    markdown = cli("digest", "-f", CONFIG, "--as-of", "2026-11-30T10:00").out
    assert "](" not in markdown


# -------------------------------------------------------------- mini projects

MINI = """\
site_name: Digest
extra:
  escalation:
    timezone: America/Chicago
"""


def overdue_ticket(title: str, admin: str = "dana") -> dict[str, Any]:
    return {"title": title, "opened": "2026-11-13T08:00", "classification": "incident",
            "priority": "medium", "tier": "collaborate", "status": "open",
            "service": "printing",
            "escalations": [{"admin": admin, "tier": "collaborate", "at": "2026-11-13T09:00"}]}


def test_nothing_to_report_is_one_line_in_every_format(cli: CLI, project: ProjectFactory
                                                       ) -> None:
    project({"admins/dana.md": {"name": "Dana"}}, config=MINI)
    args = ("digest", "-f", project.config, "--as-of", "2026-11-18T12:00")
    line = ("Nothing needs attention as of 2026-11-18 12:00 (America/Chicago): no ticket is"
            " overdue, due soon, unowned or redirected, and no new gap.")
    assert cli(*args).out == line + "\n"
    slack = json.loads(cli(*args, "--format", "slack").out)
    assert slack == {"text": line, "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": line, "verbatim": True}}]}
    data = json.loads(cli(*args, "--format", "json").out)
    assert set(data["counts"].values()) == {0}
    assert [data[s] for s in data["counts"]] == [[], [], [], [], []]


HOSTILE = ("<!channel> <https://evil.example|click here> & <@U0123> @octocat #12"
           " <script>alert(1)</script> [x](https://evil.example) *bold* `code`")


def test_user_text_cannot_make_links_or_mentions(cli: CLI, project: ProjectFactory) -> None:
    project({"admins/dana.md": {"name": "<!here> Dana & @octocat"},
             "tickets/2026/48500.md": overdue_ticket(HOSTILE)}, config=MINI)
    args = ("digest", "-f", project.config, "--as-of", "2026-11-18T12:00")
    slack = json.loads(cli(*args, "--format", "slack").out)
    texts = [b["text"]["text"] for b in slack["blocks"] if b["type"] == "section"]
    texts += [e["text"] for b in slack["blocks"] if b["type"] == "context" for e in b["elements"]]
    joined = "\n".join(texts)
    assert "<" not in joined and ">" not in joined
    assert "&lt;!channel&gt; &lt;https://evil.example|click here&gt; &amp; &lt;@U0123&gt;" in (
        joined)
    assert "&lt;!here&gt; Dana &amp; @octocat" in joined
    assert all(b["text"]["verbatim"] is True for b in slack["blocks"] if b["type"] == "section")
    markdown = cli(*args).out
    assert "<script" not in markdown and "<!channel>" not in markdown
    assert "](https://evil" not in markdown and "*bold*" not in markdown
    shown = html.unescape(markdown)  # what GitHub shows: no mention, no issue reference
    assert "@octocat" not in shown and "#12" not in shown
    assert "<script>alert(1)</script>" in shown


SLACK_LIMITS = {"blocks": 50, "header": 150, "section": 3000, "all text": 13000}
"""Slack's limits: blocks per message, header text, section text (documented); the text
of all blocks together at which Slack answers msg_blocks_too_long (observed)."""


def test_a_long_digest_fits_slacks_limits_and_counts_what_was_left_out(
        cli: CLI, project: ProjectFactory) -> None:
    tickets = {f"tickets/2026/{48000 + n}.md": overdue_ticket(f"Copier {n} " + "." * 300)
               for n in range(150)}
    project({"admins/dana.md": {"name": "Dana " + "-" * 200}, **tickets},
            config=f"site_url: {SITE}\n" + MINI)
    args = ("digest", "-f", project.config, "--as-of", "2026-11-18T12:00")
    slack = json.loads(cli(*args, "--format", "slack").out)
    blocks = slack["blocks"]
    assert len(blocks) <= SLACK_LIMITS["blocks"]
    [header] = [b["text"]["text"] for b in blocks if b["type"] == "header"]
    assert len(header) <= SLACK_LIMITS["header"]
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert all(len(text) <= SLACK_LIMITS["section"] for text in sections)
    everything = [header, *sections, *(e["text"] for b in blocks if b["type"] == "context"
                                       for e in b["elements"])]
    assert sum(map(len, everything)) <= SLACK_LIMITS["all text"]
    [overdue] = sections
    lines = overdue.splitlines()
    assert lines[0] == "*Overdue: no response (150)*"
    shown = [line for line in lines if line.startswith(f"• <{SITE}tickets/2026-11/#480")]
    assert lines[-1] == (f"• … and {150 - len(shown)} more overdue"
                         f" (<{SITE}#open-no-response|all of them on the site>)")
    assert 0 < len(shown) < 150
    markdown = cli(*args).out
    assert len(markdown) <= 65536  # a GitHub issue body's limit
    rows = [line for line in markdown.splitlines() if line.startswith("- [480")]
    assert 0 < len(rows) < 150
    assert markdown.splitlines()[-1] == (f"- … and {150 - len(rows)} more overdue"
                                         f" ([all of them on the site](<{SITE}#open-no-response>))")
