"""Charts drawn as inline SVG at build time: no chart script, nothing fetched.

Colours come from CSS classes (``ep-series-<name>``) defined in the site stylesheet for
both the light and the dark palette; text uses ``currentColor``. Each chart is an image
(``role="img"``) labelled by its ``<title>`` and described by its ``<desc>``, which say in
words what the bars show; the stacked charts also carry their numbers as a table in a
``<details>`` under them, unless the page shows that table beside the chart (the admin
trend, the weekly outcomes per admin).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: a label and a value per series (in the chart's series order); None is a
    value that does not exist (a median of nothing), drawn as no bar and told as "—"."""

    label: str
    values: Sequence[float | None]


def _value(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _describe(bars: Sequence[Bar], series: Sequence[str]) -> str:
    parts = []
    for bar in bars:
        pairs = zip(series, bar.values, strict=True)
        counts = ", ".join(f"{name} {_value(value)}" for name, value in pairs)
        parts.append(f"{bar.label}: {counts}")
    return "; ".join(parts) + "."


def _legend(series: Sequence[str], y: int) -> list[str]:
    items, x = [], 0
    for name in series:
        items.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" class="ep-series-{escape(name)}"/>'
            f'<text x="{x + 14}" y="{y + 9}">{escape(name)}</text>'
        )
        x += 24 + 8 * len(name)
    return items


def stacked_columns(title: str, bars: Sequence[Bar], series: Sequence[str]) -> Markup:
    """Vertical stacked bars, one per label (e.g. weeks), stacked by series (e.g. tier)."""
    width, height, top, bottom, left = 640, 220, 10, 40, 30
    plot_h = height - top - bottom
    peak = max((_total(b) for b in bars), default=0) or 1
    step = (width - left) / max(len(bars), 1)
    shapes: list[str] = []
    for i, bar in enumerate(bars):
        x = left + i * step + step * 0.15
        y = float(top + plot_h)
        for name, value in zip(series, bar.values, strict=True):
            h = plot_h * (value or 0) / peak
            if value:
                y -= h
                shapes.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}"'
                    f' class="ep-series-{escape(name)}"><title>{escape(bar.label)}:'
                    f" {escape(name)} {value}</title></rect>"
                )
        shapes.append(
            f'<text x="{x + step * 0.35:.1f}" y="{y - 3:.1f}" text-anchor="middle">'
            f"{_value(_total(bar))}</text>"
        )
        shapes.append(
            f'<text x="{x + step * 0.35:.1f}" y="{top + plot_h + 14}" text-anchor="middle"'
            f' class="ep-axis">{escape(bar.label)}</text>'
        )
    shapes += _legend(series, height - 12)
    return _svg(title, _describe(bars, series), width, height, shapes,
                numbers=_numbers(bars, series))


def stacked_rows(title: str, bars: Sequence[Bar], series: Sequence[str], *,
                 numbers: bool = True) -> Markup:
    """Horizontal stacked bars, one row per label (e.g. admin), stacked by series; without
    ``numbers`` when the page shows them in a table of its own right beside the chart."""
    row_h, label_w, width = 22, 170, 640
    height = row_h * len(bars) + 30
    peak = max((_total(b) for b in bars), default=0) or 1
    plot_w = width - label_w - 30
    shapes: list[str] = []
    for i, bar in enumerate(bars):
        y = i * row_h + 4
        shapes.append(f'<text x="0" y="{y + 13}">{escape(bar.label[:28])}</text>')
        x = float(label_w)
        for name, value in zip(series, bar.values, strict=True):
            w = plot_w * (value or 0) / peak
            if value:
                shapes.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}"'
                    f' class="ep-series-{escape(name)}"><title>{escape(bar.label)}:'
                    f" {escape(name)} {value}</title></rect>"
                )
                x += w
        shapes.append(f'<text x="{x + 4:.1f}" y="{y + 13}">{_value(_total(bar))}</text>')
    shapes += _legend(series, height - 12)
    return _svg(title, _describe(bars, series), width, height, shapes,
                numbers=_numbers(bars, series) if numbers else "")


def grouped_columns(title: str, bars: Sequence[Bar], series: Sequence[str]) -> Markup:
    """Side-by-side bars, one group per label (e.g. weeks), one bar per series (e.g.
    engaged, responded), each with its value above it. No caption: the page shows the
    numbers in a table beside it (the description still says them)."""
    width, height, top, bottom, left = 480, 200, 14, 40, 4
    plot_h = height - top - bottom
    peak = max((v or 0 for b in bars for v in b.values), default=0) or 1
    step = (width - left) / max(len(bars), 1)
    bar_w = step * 0.8 / max(len(series), 1)
    shapes: list[str] = []
    for i, bar in enumerate(bars):
        x = left + i * step + step * 0.1
        for name, value in zip(series, bar.values, strict=True):
            h = plot_h * (value or 0) / peak
            y = top + plot_h - h
            if value:
                shapes.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}"'
                    f' class="ep-series-{escape(name)}"><title>{escape(bar.label)}:'
                    f" {escape(name)} {_value(value)}</title></rect>"
                )
                shapes.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{y - 2:.1f}" text-anchor="middle"'
                    f' class="ep-value">{_value(value)}</text>'
                )
            x += bar_w
        shapes.append(
            f'<text x="{left + i * step + step / 2:.1f}" y="{top + plot_h + 14}"'
            f' text-anchor="middle" class="ep-axis">{escape(bar.label)}</text>'
        )
    shapes += _legend(series, height - 12)
    return _svg(title, _describe(bars, series), width, height, shapes, caption=False)


def _total(bar: Bar) -> float:
    return sum(value or 0 for value in bar.values)


def _numbers(bars: Sequence[Bar], series: Sequence[str]) -> str:
    """The chart's numbers as a table (one row per bar, one column per series and the
    total), in a ``<details>`` so that it is there for everyone without taking room."""
    head = "".join(f"<th>{escape(name)}</th>" for name in series)
    rows = "".join(
        f"<tr><th scope=\"row\">{escape(bar.label)}</th>"
        + "".join(f"<td>{_value(value)}</td>" for value in bar.values)
        + f"<td>{_value(_total(bar))}</td></tr>"
        for bar in bars
    )
    return (
        '<details class="ep-chart-data"><summary>The numbers in this chart</summary>'
        f"<table><thead><tr><th></th>{head}<th>total</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details>"
    )


def chart_id(title: str) -> str:
    """The id a chart's title gets (its description adds ``-desc``): unique on a page as
    long as its charts' titles are."""
    return "ep-chart-" + (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "chart")


def _svg(title: str, desc: str, width: int, height: int, shapes: list[str],
         caption: bool = True, numbers: str = "") -> Markup:
    # One line per chart: Python-Markdown treats the <figure> as one raw HTML block.
    body = "".join(shapes)
    figcaption = f"<figcaption>{escape(desc)}</figcaption>" if caption else ""
    ident = chart_id(title)
    return Markup(
        f'<figure class="ep-chart"><svg viewBox="0 0 {width} {height}" role="img"'
        f' aria-labelledby="{ident}" aria-describedby="{ident}-desc"'
        f' xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}'
        f"</desc>{body}</svg>{figcaption}{numbers}</figure>"
    )
