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


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    width: int = 720,
    height: int = 240,
) -> Markup:
    """Lines of scores over `x_labels` (months or waves), with a 0-100 grid and tooltips."""
    left, right, top, bottom = 36, 12, 10, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(x_labels)

    def x(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else plot_w * i / (n - 1))

    def y(v: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, v)) / 100)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'preserveAspectRatio="xMidYMid meet" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" '
            f'y2="{y(tick):.1f}"/><text class="axis" x="{left - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{tick}</text>'
        )
    for i in _label_positions(n):
        anchor = "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1 else "middle"
        parts.append(
            f'<text class="axis" x="{x(i):.1f}" y="{height - 12}" text-anchor="{anchor}">'
            f"{escape(x_labels[i])}</text>"
        )
    for s in series:
        runs: list[list[str]] = [[]]
        for i, value in enumerate(s.values):
            if value is None:
                runs.append([])
                continue
            runs[-1].append(f"{x(i):.1f},{y(value):.1f}")
        for run in runs:
            if len(run) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{s.color}" stroke-width="2.5" '
                    f'points="{" ".join(run)}"/>'
                )
        for i, value in enumerate(s.values):
            if value is not None:
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3.5" fill="{s.color}">'
                    f"<title>{escape(s.label)} · {escape(x_labels[i])}: {_fmt(value)}</title>"
                    "</circle>"
                )
    parts.append("</svg>")
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
