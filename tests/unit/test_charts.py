"""The charts' text alternatives: each SVG is an image labelled by its title and
described in words, and the stacked charts carry their numbers as a table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

import pytest
from markupsafe import Markup

from generator.render.charts import Bar, grouped_columns, stacked_columns, stacked_rows

SVG = "{http://www.w3.org/2000/svg}"
BARS = [Bar("2026-W46", [3, 1, 0]), Bar("<b>W47</b> & co", [2, None, 4])]
SERIES = ["handle", "collaborate", "escalate"]
Draw = Callable[[str, Sequence[Bar], Sequence[str]], Markup]


def parse(markup: Markup) -> ET.Element:
    return ET.fromstring(str(markup))


@pytest.mark.parametrize("draw", [stacked_columns, stacked_rows, grouped_columns])
def test_the_svg_is_an_image_labelled_by_its_title(draw: Draw) -> None:
    figure = parse(draw("Tickets by tier, W46 to W47", BARS, SERIES))
    svg = figure.find(f"{SVG}svg")
    assert svg is not None and svg.get("role") == "img"
    ids = {e.get("id"): e for e in svg.iter() if e.get("id")}
    title, desc = ids[svg.get("aria-labelledby")], ids[svg.get("aria-describedby")]
    assert title.tag == f"{SVG}title" and title.text == "Tickets by tier, W46 to W47"
    assert desc.tag == f"{SVG}desc"
    assert desc.text == ("2026-W46: handle 3, collaborate 1, escalate 0; <b>W47</b> & co:"
                         " handle 2, collaborate —, escalate 4.")


@pytest.mark.parametrize("draw", [stacked_columns, stacked_rows])
def test_a_stacked_chart_carries_its_numbers_as_a_table(draw: Draw) -> None:
    figure = parse(draw("Tickets by tier", BARS, SERIES))
    details = figure.find("details")
    assert details is not None
    assert details.findtext("summary") == "The numbers in this chart"
    table = details.find("table")
    assert table is not None
    head = [th.text for th in table.iter("th")][:5]
    assert head == [None, "handle", "collaborate", "escalate", "total"]
    rows = [[cell.text for cell in tr] for tr in table.find("tbody")]  # type: ignore[union-attr]
    assert rows == [["2026-W46", "3", "1", "0", "4"], ["<b>W47</b> & co", "2", "—", "4", "6"]]


def test_two_charts_of_a_page_have_different_ids() -> None:
    one = parse(stacked_columns("Tickets opened per week by tier, to 2026-W47", BARS, SERIES))
    two = parse(stacked_rows("Response outcomes per admin, 2026-W47", BARS, SERIES))
    ids = [e.get("id") for chart in (one, two) for e in chart.iter() if e.get("id")]
    assert len(ids) == 4 and len(set(ids)) == 4


def test_a_chart_with_its_table_beside_it_carries_none() -> None:
    figure = parse(stacked_rows("Outcomes", BARS, SERIES, numbers=False))
    assert figure.find("details") is None and figure.find(f"{SVG}svg") is not None
