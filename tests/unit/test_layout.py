"""The layout rules of every generated page (render/layout.py): the table of contents,
the data-page marker, the phone labels of table cells and the print margins."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.render.layout import (
    DATA_PAGE,
    LaidOut,
    PrintMargins,
    column_labels,
    count_toc_headings,
    css_string,
    hide_toc,
    label_table,
    lay_out,
)

MARGINS = PrintMargins(banner="Confidential — Internal", as_of="2026-11-25 12:00 (UTC)")


def front(text: str) -> dict[str, object]:
    data = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(("body", "count"), [
    ("# Title\n\n## One\n\n## Two\n", 2),
    ("# Title\n\n## One\n\n### Two\n\n#### Three\n", 3),
    ("# Title\n\n```text\n## not a heading\n## nor this\n```\n\n## One\n", 1),
    ('<h2 id="a">Raw HTML</h2>\n<h2 id="b">is not listed</h2>\n<h3>by the toc</h3>\n', 0),
    ("#hashtag\n##nospace\n", 0),
])
def test_counts_the_headings_the_toc_lists(body: str, count: int) -> None:
    assert count_toc_headings(body) == count


@pytest.mark.parametrize(("body", "hidden"), [
    ("# T\n\n## A\n\n## B\n", True),
    ("# T\n\n## A\n\n## B\n\n## C\n", False),
])
def test_the_toc_is_hidden_below_three_headings(body: str, hidden: bool) -> None:
    text = lay_out("tickets/index.md", "---\nhide: [navigation]\ntitle: T\n---\n" + body,
                   MARGINS)
    assert front(text)["hide"] == (["navigation", "toc"] if hidden else ["navigation"])
    assert front(text)["title"] == "T"


@pytest.mark.parametrize(("given", "expected"), [
    ("title: T\n", ["toc"]),
    ("hide: []\ntitle: T\n", ["toc"]),
    ("hide: [navigation, toc]\n", ["navigation", "toc"]),
    ("title: T\nhide:\n  - navigation\nsearch:\n  exclude: true\n", ["navigation", "toc"]),
])
def test_hide_toc_keeps_the_rest_of_the_front_matter(given: str, expected: list[str]) -> None:
    edited = yaml.safe_load(hide_toc(given))
    assert edited["hide"] == expected
    assert {k: v for k, v in edited.items() if k != "hide"} == {
        k: v for k, v in yaml.safe_load(given).items() if k != "hide"}


def test_a_page_without_front_matter_gets_one() -> None:
    text = lay_out("reference/x.md", "# X\n\nText.\n", MARGINS)
    assert front(text)["hide"] == ["toc"]
    assert text.endswith("# X\n\nText.\n")


@pytest.mark.parametrize(("body", "data"), [
    ('<div class="ep-table" data-search-exclude>\n<table>\n</table>\n</div>\n', True),
    ('<div class="ep-triage">\n<table>\n</table>\n</div>\n', True),
    ('<section class="ep-ticket">\n<h2 id="1">One</h2>\n</section>\n', True),
    ("# Prose\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", False),
    ("Talks about ep-table in words.\n", False),
])
def test_data_pages_are_marked(body: str, data: bool) -> None:
    assert (DATA_PAGE in lay_out("p.md", body, MARGINS)) is data


TABLE = (
    '<table>\n<thead><tr><th scope="col">Ticket</th><th>Title <b>x</b></th><th>A &amp; B</th>'
    "<th>D</th><th>E</th></tr></thead>\n<tbody>\n"
    '<tr class="ep-group"><th scope="rowgroup" colspan="5">No response: 1</th></tr>\n'
    '<tr id="t1"><td><a href="x">1</a></td><td>Alpha &lt;td&gt;</td>'
    '<td data-sort="2">two</td><td colspan="2">wide</td></tr>\n'
    "</tbody>\n</table>"
)


def test_cells_are_labelled_by_their_column_header() -> None:
    assert column_labels(TABLE) == ["Ticket", "Title x", "A & B", "D", "E"]
    labelled = label_table(TABLE)
    cells = re.findall(r"<td\b[^>]*>", labelled)
    assert cells == ['<td data-label="Ticket">', '<td data-label="Title x">',
                     '<td data-label="A &amp; B" data-sort="2">',
                     '<td data-label="D" colspan="2">']
    assert '<th scope="rowgroup" colspan="5">' in labelled  # group rows stay as they are
    assert "<thead><tr><th scope=\"col\">Ticket</th>" in labelled
    assert labelled.startswith('<table data-phone="stack">')
    # the cell text is untouched, escaped user text included
    assert re.sub(r' data-(label|phone)="[^"]*"', "", labelled) == TABLE


def test_narrow_tables_scroll_on_a_phone_and_wide_ones_stack() -> None:
    narrow = "<table>\n<thead><tr><th>A</th><th>B</th></tr></thead>\n<tbody>\n" \
             "<tr><td>1</td><td>2</td></tr>\n</tbody>\n</table>"
    assert label_table(narrow).startswith('<table data-phone="scroll">')
    four = narrow.replace("<th>B</th>", "<th>B</th><th>C</th><th>D</th>")
    assert label_table(four).startswith('<table data-phone="scroll">')
    five = narrow.replace("<th>B</th>", "<th>B</th><th>C</th><th>D</th><th>E</th>")
    assert label_table(five).startswith('<table data-phone="stack">')


def test_a_table_without_header_row_is_left_alone() -> None:
    table = "<table>\n<tr><td>1</td></tr>\n</table>"
    assert label_table(table) == table


def test_every_page_prints_the_banner_as_of_and_address() -> None:
    text = lay_out("reports/2026-w48.md", "# R\n", MARGINS)
    style = re.search(r'<style class="ep-print-margins">(.*?)</style>', text, re.DOTALL)
    assert style is not None
    rules = style.group(1)
    assert '@top-left { content: "Confidential \\2014  Internal"; }' in rules
    assert '@top-right { content: "As of 2026-11-25 12:00 (UTC)"; }' in rules
    assert '@bottom-left { content: "/reports/2026-w48/"; }' in rules
    assert "counter(page)" in rules and "counter(pages)" in rules
    shared = lay_out("index.md", "# R\n", PrintMargins(banner=None, as_of="x"))
    assert "@top-left" not in shared and '"/"' in shared


@pytest.mark.parametrize("text", ['"; } body { display: none } .x { content: "',
                                  "</style><script>alert(1)</script>", "back\\slash\nline"])
def test_css_strings_cannot_end_the_string_the_rule_or_the_element(text: str) -> None:
    quoted = css_string(text)
    inner = quoted[1:-1]
    assert quoted.startswith('"') and quoted.endswith('"')
    assert not set(inner) & set("\"'<>{};\n"), inner
    assert re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), inner) == text


def test_charts_get_black_and_white_fills() -> None:
    page = lay_out("reports/w.md", '<figure class="ep-chart"><svg></svg></figure>\n', MARGINS)
    assert 'id="ep-pattern-hatch"' in page
    assert 'id="ep-pattern-hatch"' not in lay_out("reports/w.md", "# No chart\n", MARGINS)


@pytest.mark.parametrize("given", [
    "hide: toc\n",  # not a list: the theme's business
    "hide: [navigation\n",  # not YAML
    "- a list\n- not a mapping\n",
    "hide:\n    [navigation]\n",  # a flow list on its own line
])
def test_a_front_matter_it_cannot_edit_is_left_as_it_is(given: str) -> None:
    assert hide_toc(given) == given


def test_an_empty_front_matter_gets_the_hide_list() -> None:
    text = lay_out("p.md", "---\n---\n# T\n", MARGINS)
    assert front(text)["hide"] == ["toc"]
    assert text.count("---\n") == 2


def test_tables_in_fenced_code_are_shown_as_written() -> None:
    code = "```html\n<table>\n<thead><tr><th>A</th></tr></thead>\n<tbody>\n" \
           "<tr><td>1</td></tr>\n</tbody>\n</table>\n```\n"
    table = code.removeprefix("```html\n").removesuffix("```\n")
    text = lay_out("p.md", code + "\n" + table, MARGINS)
    assert code in text
    assert '<td data-label="A">1</td>' in text.split("```\n", 2)[-1]


def test_the_preview_reuses_a_layout_only_while_its_page_and_margins_are_unchanged() -> None:
    laid = LaidOut()
    table = "<table><tr><th>Ticket</th></tr><tr><td>A-1</td></tr></table>\n"
    first = laid.lay_out("tickets/index.md", "# T\n\n" + table, MARGINS)
    assert first == lay_out("tickets/index.md", "# T\n\n" + table, MARGINS)
    assert laid.lay_out("tickets/index.md", "# T\n\n" + table, MARGINS) is first
    edited = laid.lay_out("tickets/index.md", "# T\n\n" + table.replace("A-1", "B-2"), MARGINS)
    assert "B-2" in edited and "A-1" not in edited
    other = PrintMargins(banner=None, as_of="2026-11-26 12:00 (UTC)")
    moved = laid.lay_out("tickets/index.md", "# T\n\n" + table.replace("A-1", "B-2"), other)
    assert moved == lay_out("tickets/index.md", "# T\n\n" + table.replace("A-1", "B-2"), other)
    assert "2026-11-26" in moved and "2026-11-26" not in edited
    laid.keep(["index.md"])
    again = laid.lay_out("tickets/index.md", "# T\n\n" + table.replace("A-1", "B-2"), other)
    assert again == moved and again is not moved


def test_cells_beyond_the_header_columns_stay_unlabelled() -> None:
    table = ("<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody>\n"
             "<tr><td>1</td><td>2</td><td>3</td></tr>\n</tbody></table>")
    assert label_table(table) == (
        '<table data-phone="scroll"><thead><tr><th>A</th><th>B</th></tr></thead><tbody>\n'
        '<tr><td data-label="A">1</td><td data-label="B">2</td><td>3</td></tr>\n'
        "</tbody></table>")
