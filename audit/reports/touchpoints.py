"""One section per touchpoint: score, every criterion with answer and result, photo grid."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from .charts import fit, humanize
from .data import CriterionLine, ReportPhoto, TouchpointSection
from .document import OutlineMark, heading
from .styles import (
    CRITICAL,
    FAIL_BG,
    INK,
    LINE,
    MUTED,
    NO_SCORE,
    SOFT,
    Theme,
    esc,
    fmt_dt,
    fmt_score,
    fmt_weight,
    text_on,
)

log = logging.getLogger(__name__)
PHOTO_COLUMNS = 3
COMMENT_INK = colors.HexColor("#39414f")
ANSWER_WIDTH = 92


class PhotoRow(Flowable):
    """Up to three photos side by side, each fitted into a 4:3 box with caption and time.

    Photos are drawn from their FILE PATH: reportlab keys embedded images by file name,
    so a photo shown twice is embedded once, and a JPEG is passed through undecoded.
    Captions are drawn as plain text (never parsed as markup).
    """

    GAP = 8

    def __init__(self, photos: Sequence[tuple[int, ReportPhoto]], theme: Theme, width: float):
        super().__init__()
        self.photos, self.theme, self.width = photos, theme, width
        self.cell_w = (width - self.GAP * (PHOTO_COLUMNS - 1)) / PHOTO_COLUMNS
        self.box_h = self.cell_w * 0.75
        self.captions = [
            simpleSplit(p.caption.strip() or f"Photo {i}", theme.fonts.regular, 7, self.cell_w)[:2]
            for i, p in photos
        ]
        lines = max((len(c) for c in self.captions), default=1)
        self.height = self.box_h + 4 + lines * 9 + 9 + 8

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Fixed size."""
        return self.width, self.height

    def draw(self) -> None:
        """Each photo, its caption lines and its capture time."""
        canv, fonts = self.canv, self.theme.fonts
        for col, ((_, photo), caption) in enumerate(zip(self.photos, self.captions, strict=True)):
            x = col * (self.cell_w + self.GAP)
            y = self.height - self.box_h
            self._photo(str(photo.path), x, y)
            canv.setFillColor(INK)
            canv.setFont(fonts.regular, 7)
            for line in caption:
                y -= 9
                canv.drawString(x, y + 1, line)
            if photo.taken_at:
                canv.setFillColor(MUTED)
                canv.setFont(fonts.regular, 6.5)
                canv.drawString(x, y - 8, f"Taken {fmt_dt(photo.taken_at)}")

    def _photo(self, path: str, x: float, y: float) -> None:
        canv, w, h = self.canv, self.cell_w, self.box_h
        canv.setFillColor(SOFT)
        canv.rect(x, y, w, h, stroke=0, fill=1)
        try:
            if not Path(path).is_file():
                raise FileNotFoundError(path)
            canv.drawImage(path, x, y, w, h, preserveAspectRatio=True, anchor="c", mask=None)
        except Exception:  # a lost photo must not cost the whole report
            log.warning("photo not available: %s", path)
            canv.setFillColor(MUTED)
            canv.setFont(self.theme.fonts.regular, 7)
            canv.drawCentredString(x + w / 2, y + h / 2, "Photo not available")


class TouchpointHeader(Flowable):
    """Kicker (number, stage, channel), the touchpoint's name and a coloured score block."""

    CHIP = 58

    def __init__(self, tp: TouchpointSection, index: int, theme: Theme, width: float):
        super().__init__()
        self.theme, self.width, self.score = theme, width, tp.score
        where = " · ".join(humanize(x) for x in (tp.stage, tp.channel) if x)
        self.kicker = f"TOUCHPOINT {index}" + (f"  ·  {where.upper()}" if where else "")
        self.lines = simpleSplit(tp.name, theme.fonts.bold, 13, width - self.CHIP - 10)
        self.height = max(14 + len(self.lines) * 16 + 6, 42)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Fixed size."""
        return self.width, self.height

    def draw(self) -> None:
        """Plain-text drawing: names are never parsed as markup."""
        canv, theme, h = self.canv, self.theme, self.height
        fonts = theme.fonts
        canv.setFillColor(MUTED)
        canv.setFont(fonts.bold, 7)
        canv.drawString(0, h - 9, fit(self.kicker, fonts.bold, 7, self.width - self.CHIP - 10))
        canv.setFillColor(theme.primary)
        canv.setFont(fonts.bold, 13)
        y = h - 12
        for line in self.lines:
            y -= 16
            canv.drawString(0, y + 3, line)
        canv.setStrokeColor(theme.primary)
        canv.setLineWidth(1.2)
        canv.line(0, 0, self.width - self.CHIP - 6, 0)
        color = theme.score_color(self.score)
        x = self.width - self.CHIP
        canv.setFillColor(color)
        canv.rect(x, 0, self.CHIP, h, stroke=0, fill=1)
        canv.setFillColor(text_on(color))
        canv.setFont(fonts.bold, 15)
        canv.drawCentredString(x + self.CHIP / 2, h / 2 - 1, fmt_score(self.score))
        canv.setFont(fonts.regular, 6)
        canv.drawCentredString(x + self.CHIP / 2, h / 2 - 11, "SCORE")


def result_of(c: CriterionLine, theme: Theme) -> tuple[str, colors.Color]:
    """The result word with a symbol (readable without colour) and its colour."""
    if c.hidden:
        return f"{theme.sym('○', '-')} SKIPPED", NO_SCORE
    if c.included and c.failed:
        return f"{theme.sym('✗', 'x')} FAIL", theme.score_color(0)
    if c.included:
        return f"{theme.sym('✓', '+')} PASS", theme.score_color(100)
    if c.type == "text":
        return "NOTE", MUTED
    if c.answer_text.strip().upper() == "N/A":
        return "N/A", MUTED
    return "NO ANSWER", MUTED


class CriterionText(Flowable):
    """A criterion cell: the question, a meta line (critical, pillar, weight), the comment.

    Drawn as plain text with simple line wrapping: much faster than Paragraph markup for
    hundreds of rows, and user text is never parsed at all. Wrapping is cached per width
    because tables wrap their cells several times.
    """

    TEXT, META, COMMENT = (8, 10.5), (6.5, 9), (7.5, 10)

    def __init__(self, c: CriterionLine, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.text = c.text
        meta = [humanize(c.pillar)] if c.pillar else []
        if c.type != "text":
            meta.append(f"weight {fmt_weight(c.weight)}")
        if c.hidden:
            meta.append("not shown: its condition was not met")
        self.meta = " · ".join(meta)
        self.critical = c.critical
        self.comment = c.comment.strip()
        self._wrapped_for: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Split the texts into lines for this width (once per width)."""
        if self._wrapped_for != avail_width:
            reg, w = self.theme.fonts.regular, avail_width
            self.text_lines = simpleSplit(self.text, reg, self.TEXT[0], w)
            self.comment_lines = (
                simpleSplit(self.comment, reg, self.COMMENT[0], w - 7) if self.comment else []
            )
            self.width, self._wrapped_for = avail_width, avail_width
            self.height = (
                len(self.text_lines) * self.TEXT[1]
                + self.META[1]
                + (len(self.comment_lines) * self.COMMENT[1] + 3 if self.comment_lines else 0)
            )
        return self.width, self.height

    def draw(self) -> None:
        """Question, meta line, then the comment with a bar on its left."""
        canv, fonts = self.canv, self.theme.fonts
        y = self.height
        canv.setFillColor(INK)
        canv.setFont(fonts.regular, self.TEXT[0])
        for line in self.text_lines:
            y -= self.TEXT[1]
            canv.drawString(0, y + 2.5, line)
        y -= self.META[1]
        x = 0.0
        if self.critical:
            canv.setFillColor(CRITICAL)
            canv.setFont(fonts.bold, self.META[0])
            canv.drawString(0, y + 2.5, "CRITICAL")
            x = canv.stringWidth("CRITICAL  ", fonts.bold, self.META[0])
        canv.setFillColor(MUTED)
        canv.setFont(fonts.regular, self.META[0])
        canv.drawString(x, y + 2.5, fit(self.meta, fonts.regular, self.META[0], self.width - x))
        if self.comment_lines:
            y -= 3
            top = y
            canv.setFillColor(COMMENT_INK)
            canv.setFont(fonts.regular, self.COMMENT[0])
            for line in self.comment_lines:
                y -= self.COMMENT[1]
                canv.drawString(7, y + 2.5, line)
            canv.setStrokeColor(self.theme.accent)
            canv.setLineWidth(1.5)
            canv.line(2, y + 1, 2, top)


def _answer_cell(c: CriterionLine, theme: Theme) -> str | Paragraph:
    """A one-line answer as plain text (cheap); a long one as a wrapping paragraph."""
    text = " ".join(c.answer_text.split()) or "–"
    if stringWidth(text, theme.fonts.regular, 8) <= ANSWER_WIDTH - 8:
        return text
    style = "cell_muted" if c.hidden else "cell"
    return Paragraph(esc(c.answer_text), theme.styles[style])


def criteria_table(criteria: Sequence[CriterionLine], theme: Theme, width: float) -> Table:
    """Every criterion: question, answer, score, result; failed rows tinted."""
    s = theme.styles
    head = [Paragraph(f"<b>{h}</b>", s["cell_muted"]) for h in ("#", "Criterion", "Answer")]
    rows: list[list] = [[*head, "Score", "Result"]]
    style: list[tuple] = [
        ("FONT", (3, 0), (4, 0), theme.fonts.bold, 8),
        ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ("FONT", (0, 1), (0, -1), theme.fonts.regular, 7),
        ("TEXTCOLOR", (0, 1), (0, -1), MUTED),
        ("FONT", (2, 1), (3, -1), theme.fonts.regular, 8),
        ("FONT", (4, 1), (4, -1), theme.fonts.bold, 7.5),
        ("ALIGN", (3, 0), (3, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, theme.primary),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for i, c in enumerate(criteria, 1):
        word, color = result_of(c, theme)
        score = "–" if c.score is None or c.hidden else f"{c.score * 100:.0f}%"
        answer = _answer_cell(c, theme)
        rows.append(
            [
                str(i),
                CriterionText(c, theme),
                answer,
                score,
                word,
            ]
        )
        style.append(("TEXTCOLOR", (4, i), (4, i), color))
        if c.included and c.failed:
            style.append(("BACKGROUND", (0, i), (-1, i), FAIL_BG))
            if c.critical:
                style.append(("LINEBEFORE", (0, i), (0, i), 2.5, CRITICAL))
    widths = [18, width - 18 - ANSWER_WIDTH - 40 - 62, ANSWER_WIDTH, 40, 62]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def photo_grid(photos: Sequence[ReportPhoto], theme: Theme, width: float) -> list[Flowable]:
    """Photos three to a row (rows may break across pages, photos never)."""
    numbered = list(enumerate(photos, 1))
    return [
        PhotoRow(numbered[i : i + PHOTO_COLUMNS], theme, width)
        for i in range(0, len(numbered), PHOTO_COLUMNS)
    ]


def touchpoint_story(
    touchpoints: Sequence[TouchpointSection], theme: Theme, width: float
) -> list[Flowable]:
    """All touchpoint sections, each bookmarked under 'Touchpoints'."""
    story: list[Flowable] = [heading("Touchpoints in detail", "h1", theme, level=0)]
    for i, tp in enumerate(touchpoints, 1):
        mark = OutlineMark(tp.name, 1)
        header = TouchpointHeader(tp, i, theme, width)
        gap = Spacer(0, 4)
        mark.keepWithNext = header.keepWithNext = (
            True  # the table may split; CondPageBreak leaves room for its first rows
        )
        story += [CondPageBreak(55 * mm), mark, header, gap]
        if tp.criteria:
            story.append(criteria_table(tp.criteria, theme, width))
        if tp.photos:
            label = Paragraph(
                "PHOTOS", theme.styles["kicker"].clone("photos", spaceBefore=6, spaceAfter=3)
            )
            label.keepWithNext = True
            story += [label, *photo_grid(tp.photos, theme, width)]
        story.append(Spacer(0, 6 * mm))
    return story
