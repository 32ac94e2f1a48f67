"""Server-side SVG charts for the dashboard: no JavaScript, no chart library.

Scores are 0-100, so every chart shares that axis. Labels are user data (location and
wave names): each is escaped by markupsafe before it goes into the markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

PALETTE = ("#1f3a5f", "#f2a900", "#1b7f4b", "#b3261e", "#6a4c93", "#0f8b8d", "#8a5a00")


@dataclass(frozen=True)
class Series:
    """One line: a label, a colour and a value (or None: a gap) per x position."""

    label: str
    color: str
    values: Sequence[float | None]


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _label_positions(n: int, most: int = 10) -> list[int]:
    """Which x positions get a label: evenly spaced, always the first and the last."""
    if n <= 0:
        return []
    step = max(1, -(-n // most))
    positions = list(range(0, n, step))
    if positions[-1] != n - 1:
        if (n - 1) - positions[-1] < step and len(positions) > 1:
            positions[-1] = n - 1
        else:
            positions.append(n - 1)
    return positions


# The chart is drawn in CSS pixels: the SVG has no viewBox, so nothing in it is scaled and
# its text is as large on a phone as on a desktop. Horizontal positions are percentages of
# the plot, which is the SVG's content box (its left padding holds the score labels);
# vertical positions are pixels.
PAD_LEFT, PAD_RIGHT, TOP, BOTTOM = 40, 16, 12, 32
LABEL_CHARS = 14  # a longer x label is cut with "…"; the point's tooltip has it whole


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _label_class(i: int, n: int) -> str:
    """`axis`, plus how wide the chart must be to show it (CSS hides the rest)."""
    if i in (0, n - 1):
        return "axis"
    return "axis axis-mid" if i in _label_positions(n, 4) else "axis axis-more"


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    height: int = 240,
) -> Markup:
    """Lines of scores over `x_labels` (months or waves), with a 0-100 grid and tooltips."""
    plot_h = height - TOP - BOTTOM
    n = len(x_labels)

    def x(i: int) -> str:
        return f"{50 if n == 1 else 100 * i / (n - 1):.2f}%"

    def y(v: float) -> float:
        return TOP + plot_h * (1 - max(0.0, min(100.0, v)) / 100)

    parts = [
        '<div class="chart-box">',
        f'<svg class="chart" width="100%" height="{height}" role="img" '
        f'style="padding: 0 {PAD_RIGHT}px 0 {PAD_LEFT}px" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line class="grid" x1="0" x2="100%" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
            f'<text class="axis" x="-8" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    for i in _label_positions(n):
        anchor = "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1 else "middle"
        parts.append(
            f'<text class="{_label_class(i, n)}" x="{x(i)}" y="{height - 10}" '
            f'text-anchor="{anchor}">{escape(_short(x_labels[i]))}</text>'
        )
    for s in series:
        for i in range(n - 1):
            a, b = s.values[i], s.values[i + 1]
            if a is not None and b is not None:
                parts.append(
                    f'<line x1="{x(i)}" y1="{y(a):.1f}" x2="{x(i + 1)}" y2="{y(b):.1f}" '
                    f'stroke="{s.color}" stroke-width="2.5" stroke-linecap="round"/>'
                )
        for i, value in enumerate(s.values):
            if value is not None:
                parts.append(
                    f'<circle cx="{x(i)}" cy="{y(value):.1f}" r="4" fill="{s.color}">'
                    f"<title>{escape(s.label)} · {escape(x_labels[i])}: {_fmt(value)}</title>"
                    "</circle>"
                )
    parts.append("</svg></div>")
    return Markup("".join(parts))


def legend(series: Sequence[Series]) -> Markup:
    """The colour key of a chart, as HTML."""
    items = "".join(
        f'<li><span class="swatch" style="background:{s.color}"></span>{escape(s.label)}</li>'
        for s in series
    )
    return Markup(f'<ul class="legend">{items}</ul>')


def trend_series(rows: Sequence[dict], pillars: Sequence[dict], overall_label: str) -> list[Series]:
    """Overall and each pillar's mean, per row of a `by_month` / `by_wave` list."""
    series = [Series(overall_label, PALETTE[0], [r["mean_overall"] for r in rows])]
    for i, pillar in enumerate(pillars, 1):
        series.append(
            Series(
                pillar["label"],
                PALETTE[i % len(PALETTE)],
                [r["pillars"].get(pillar["key"]) for r in rows],
            )
        )
    return series
