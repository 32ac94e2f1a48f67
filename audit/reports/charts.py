"""Charts drawn with reportlab graphics: score dial, bar charts, journey map, score chips."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String, Wedge
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from . import language
from .data import STAGE_ORDER, ScoreLine
from .language import gettext as _
from .mirror import start_x
from .styles import INK, LINE, MUTED, SOFT, Theme, fmt_score, fmt_weight, text_on, tint

TRACK = colors.HexColor("#e6e9ef")
_FLIP_ANCHOR = {"start": "end", "end": "start", "middle": "middle"}


def label(x: float, y: float, text: str, width: float, anchor: str = "start", **kw) -> String:
    """A chart's text at `x` of a drawing `width` wide; mirrored in right-to-left reports."""
    if language.is_rtl():
        x, anchor = width - x, _FLIP_ANCHOR[anchor]
    return String(x, y, language.line(text), textAnchor=anchor, **kw)


def box(x: float, y: float, w: float, h: float, width: float, **kw) -> Rect:
    """A rectangle `x` from the start of a drawing `width` wide (its right in Arabic)."""
    return Rect(start_x(x, width, w), y, w, h, **kw)


def fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten a text with an ellipsis until it fits the width (Arabic measured shaped)."""
    text = language.text(text or "")
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Break a text into lines that fit the width; words longer than a line (URLs) are cut."""
    lines: list[str] = []
    for line in simpleSplit(language.text(text or ""), font, size, width):
        while stringWidth(line, font, size) > width and len(line) > 1:
            cut = _longest_prefix(line, font, size, width)
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def _longest_prefix(text: str, font: str, size: float, width: float) -> int:
    """How many leading characters of `text` fit the width (at least one)."""
    low, high = 1, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if stringWidth(text[:mid], font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return low


def humanize(key: str | None) -> str:
    """'in_store' -> 'In store'."""
    text = (key or "").replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "extract, translate later")
    """Mark a text for the catalogues; it is translated where it is shown."""
    return message


# Journey stages, the usual channels (scoring-rules.md) and the usual pillars.
KEY_NAMES = {
    "awareness": N_("Awareness"),
    "consideration": N_("Consideration"),
    "purchase": N_("Purchase"),
    "retention": N_("Retention"),
    "advocacy": N_("Advocacy"),
    "in_store": N_("In store"),
    "phone": N_("Phone"),
    "live_chat": N_("Live chat"),
    "email": N_("E-mail"),
    "social": N_("Social media"),
    "mobile_app": N_("Mobile app"),
    "video_chat": N_("Video chat"),
    "self_service": N_("Self-service"),
    "website": N_("Website"),
    "people": N_("People"),
    "product": N_("Product"),
    "process": N_("Process"),
}


def key_name(key: str | None, label: str | None = None) -> str:
    """A stage, channel or pillar key as a name in the report's language.

    Known keys get their translated name; others their `label`, or the key humanized.
    """
    if key in KEY_NAMES and (not label or label == humanize(key)):
        return _(KEY_NAMES[key])
    return label or humanize(key)


def score_dial(score: float | None, grade: str | None, theme: Theme, size: float = 150) -> Drawing:
    """A 240-degree gauge filled to the score, the number in the middle, the grade below."""
    d = Drawing(size, size * 0.86)
    cx, cy, r = size / 2, size * 0.47, size * 0.42
    inner = r * 0.78
    d.add(Wedge(cx, cy, r, -30, 210, radius1=inner, fillColor=TRACK, strokeColor=None))
    color = theme.score_color(score)
    if score is not None and score > 0:
        start = 210 - 240 * min(max(score, 0.0), 100.0) / 100
        d.add(Wedge(cx, cy, r, start, 210, radius1=inner, fillColor=color, strokeColor=None))
    for band in theme.grades:  # ticks at the band limits
        if 0 < band.min < 100:
            a = math.radians(210 - 240 * band.min / 100)
            d.add(
                Line(
                    cx + (inner - 3) * math.cos(a),
                    cy + (inner - 3) * math.sin(a),
                    cx + (r + 3) * math.cos(a),
                    cy + (r + 3) * math.sin(a),
                    strokeColor=colors.white,
                    strokeWidth=1.5,
                )
            )
    bold = theme.fonts.bold
    d.add(
        label(
            cx,
            cy - size * 0.03,
            fmt_score(score),
            size,
            "middle",
            fontName=bold,
            fontSize=size * 0.2,
            fillColor=INK,
        )
    )
    d.add(
        label(
            cx,
            cy - size * 0.14,
            _("out of 100"),
            size,
            "middle",
            fontName=theme.fonts.regular,
            fontSize=size * 0.055,
            fillColor=MUTED,
        )
    )
    grade_label = language.text(grade or (_("Not scored") if score is None else ""))
    if grade_label:
        # A long grade label ("Needs improvement") gets smaller to stay inside the dial.
        font_size = min(size * 0.085, size * 0.9 / max(stringWidth(grade_label, bold, 1), 1e-6))
        w = stringWidth(grade_label, bold, font_size) + size * 0.12
        y = cy - r * 0.98
        d.add(
            Rect(
                cx - w / 2,
                y - font_size * 0.45,
                w,
                font_size * 1.6,
                rx=font_size * 0.8,
                ry=font_size * 0.8,
                fillColor=color,
                strokeColor=None,
            )
        )
        d.add(
            label(
                cx,
                y,
                grade_label,
                size,
                "middle",
                fontName=bold,
                fontSize=font_size,
                fillColor=text_on(color),
            )
        )
    return d


def bar_chart(lines: Sequence[ScoreLine], theme: Theme, width: float, row: float = 22) -> Drawing:
    """Horizontal bars 0-100 for each line (pillars): label, weight, bar, value.

    Labels wrap onto more lines (the row grows) instead of being cut. In Arabic the
    chart is mirrored: labels on the right, bars growing leftwards.
    """
    label_w, value_w = width * 0.28, 44
    track_w = width - label_w - value_w
    reg, bold = theme.fonts.regular, theme.fonts.bold
    labels = [wrap_lines(key_name(line.key, line.label), bold, 8.5, label_w - 8) for line in lines]
    heights = [row + (len(parts) - 1) * 10 for parts in labels]
    top = sum(heights) + 14
    d = Drawing(width, top)
    for pct in (0, 25, 50, 75, 100):  # light scale
        x = start_x(label_w + track_w * pct / 100, width)
        d.add(Line(x, 10, x, top, strokeColor=LINE, strokeWidth=0.4, strokeDashArray=[1, 2]))
        d.add(
            String(x, 1, str(pct), fontName=reg, fontSize=6, fillColor=MUTED, textAnchor="middle")
        )
    row_top = top
    for line, parts, height in zip(lines, labels, heights, strict=True):
        y = row_top - row + 4  # the bar sits level with the first line of the label
        text_y = y + 6
        for part in parts:
            d.add(label(0, text_y, part, width, fontName=bold, fontSize=8.5, fillColor=INK))
            text_y -= 10
        if line.weight is not None:
            d.add(
                label(
                    0,
                    text_y + 1,
                    _("weight %(weight)s") % {"weight": fmt_weight(line.weight)},
                    width,
                    fontName=reg,
                    fontSize=6.5,
                    fillColor=MUTED,
                )
            )
        d.add(
            box(label_w, y, track_w, row - 10, width, rx=3, ry=3, fillColor=TRACK, strokeColor=None)
        )
        if line.score is not None and line.score > 0:
            d.add(
                box(
                    label_w,
                    y,
                    max(track_w * min(line.score, 100) / 100, 6),
                    row - 10,
                    width,
                    rx=3,
                    ry=3,
                    fillColor=theme.score_color(line.score),
                    strokeColor=None,
                )
            )
        d.add(
            label(
                width,
                y + 3,
                fmt_score(line.score, "%" if line.score is not None else ""),
                width,
                "end",
                fontName=bold,
                fontSize=9,
                fillColor=INK,
            )
        )
        row_top -= height
    return d


def journey_map(stages: Sequence[ScoreLine], theme: Theme, width: float) -> Drawing:
    """The five journey stages as chevrons in reading order, each coloured by its score.

    Left to right in English and Russian; right to left, chevrons pointing left, in Arabic.
    """
    by_key = {s.key: s for s in stages}
    keys = list(STAGE_ORDER) + [s.key for s in stages if s.key not in STAGE_ORDER]
    n, h, notch = len(keys), 46, 10
    gap = 3
    w = (width - notch) / n
    d = Drawing(width, h + 2)
    reg, bold = theme.fonts.regular, theme.fonts.bold
    for i, key in enumerate(keys):
        line = by_key.get(key)
        score = line.score if line else None
        fill = theme.score_color(score) if line else SOFT
        x0 = i * w
        left_in = notch if i else 0
        xs = (x0, x0 + w - gap, x0 + w - gap + notch, x0 + w - gap, x0, x0 + left_in)
        ys = (0, 0, h / 2, h, h, h / 2)
        pts = [v for x, y in zip(xs, ys, strict=True) for v in (start_x(x, width), y)]
        d.add(Polygon(pts, fillColor=fill, strokeColor=LINE if not line else None, strokeWidth=0.5))
        ink = text_on(fill) if line else MUTED
        cx = x0 + left_in / 2 + (w - gap) / 2
        title = language.text(key_name(key, line.label if line else None)).upper()
        parts = wrap_lines(title, bold, 7, w - notch - 6)
        if len(parts) > 2:  # two lines at most above the score: the rest is cut
            parts = [parts[0], fit(" ".join(parts[1:]), bold, 7, w - notch - 6)]
        for j, part in enumerate(parts):
            d.add(
                label(
                    cx,
                    h - 14 + (4 if len(parts) > 1 else 0) - 8 * j,
                    part,
                    width,
                    "middle",
                    fontName=bold,
                    fontSize=7,
                    fillColor=ink,
                )
            )
        value = fmt_score(score, "%") if line else _("not assessed")
        d.add(
            label(
                cx,
                11,
                value,
                width,
                "middle",
                fontName=bold if line else reg,
                fontSize=13 if line and score is not None else 7,
                fillColor=ink,
            )
        )
    return d


def chips(lines: Sequence[ScoreLine], theme: Theme, width: float) -> Drawing:
    """Channels as a wrapping row of chips: a coloured score block and the name."""
    reg, bold = theme.fonts.regular, theme.fonts.bold
    h, gap, pad = 18, 6, 6
    placed, x, y_row = [], 0.0, 0
    for line in lines:
        value = fmt_score(line.score, "%" if line.score is not None else "")
        vw = stringWidth(value, bold, 7.5) + 2 * pad
        name = fit(
            key_name(line.key, line.label), reg, 7.5, width - vw - 2 * pad
        )  # cut only past a whole line
        cw = vw + stringWidth(name, reg, 7.5) + 2 * pad
        if x and x + cw > width:
            x, y_row = 0.0, y_row + 1
        placed.append((x, y_row, cw, vw, name, value, line.score))
        x += cw + gap
    rows = (placed[-1][1] + 1) if placed else 1
    d = Drawing(width, rows * (h + gap))
    for x, r, cw, vw, name, value, score in placed:
        y = (rows - 1 - r) * (h + gap)
        color = theme.score_color(score)
        d.add(box(x, y, cw, h, width, rx=4, ry=4, fillColor=tint(color, 0.88), strokeColor=None))
        d.add(box(x, y, vw, h, width, rx=4, ry=4, fillColor=color, strokeColor=None))
        d.add(
            label(
                x + vw / 2,
                y + 6,
                value,
                width,
                "middle",
                fontName=bold,
                fontSize=7.5,
                fillColor=text_on(color),
            )
        )
        d.add(label(x + vw + pad, y + 6, name, width, fontName=reg, fontSize=7.5, fillColor=INK))
    return d


def score_bar(score: float | None, theme: Theme, width: float = 70, height: float = 7) -> Drawing:
    """A small inline bar for tables (filling from the right in Arabic)."""
    d = Drawing(width, height)
    d.add(
        Rect(0, 0, width, height, rx=height / 2, ry=height / 2, fillColor=TRACK, strokeColor=None)
    )
    if score is not None and score > 0:
        d.add(
            box(
                0,
                0,
                max(width * min(score, 100) / 100, height),
                height,
                width,
                rx=height / 2,
                ry=height / 2,
                fillColor=theme.score_color(score),
                strokeColor=None,
            )
        )
    return d
