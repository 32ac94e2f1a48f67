"""One section per touchpoint: score, every criterion with answer and result, photo grid."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from .charts import humanize
from .data import CriterionLine, ReportPhoto, TouchpointSection
from .document import OutlineMark, heading
from .styles import (
    CRITICAL,
    FAIL_BG,
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


class PhotoBox(Flowable):
    """A photo fitted into a fixed 4:3 box, drawn from its FILE PATH.

    reportlab keys embedded images by file name, so a photo used twice is embedded once;
    a JPEG is passed through undecoded.
    """

    def __init__(self, path: Path, width: float, height: float, font: str) -> None:
        super().__init__()
        self.path, self.width, self.height, self.font = str(path), width, height, font

    def draw(self) -> None:
        """Background, then the image (or a placeholder when the file cannot be read)."""
        canv = self.canv
        canv.setFillColor(SOFT)
        canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        try:
            if not Path(self.path).is_file():
                raise FileNotFoundError(self.path)
            canv.drawImage(
                self.path,
                0,
                0,
                self.width,
                self.height,
                preserveAspectRatio=True,
                anchor="c",
                mask=None,
            )
        except Exception:  # a lost photo must not cost the whole report
            log.warning("photo not available: %s", self.path)
            canv.setFillColor(MUTED)
            canv.setFont(self.font, 7)
            canv.drawCentredString(self.width / 2, self.height / 2, "Photo not available")


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


def _criterion_cell(c: CriterionLine) -> str:
    meta = [esc(humanize(c.pillar))] if c.pillar else []
    if c.type != "text":
        meta.append(f"weight {fmt_weight(c.weight)}")
    if c.critical:
        meta.append("<font color='#b3261e'><b>CRITICAL</b></font>")
    if c.hidden:
        meta.append("not shown: its condition was not met")
    text = f"{esc(c.text)}<br/><font size='6.5' color='#5b6475'>{' · '.join(meta)}</font>"
    if c.comment.strip():
        text += f"<br/><font color='#39414f'><b>Auditor:</b> {esc(c.comment.strip())}</font>"
    return text


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
        ("FONT", (3, 1), (3, -1), theme.fonts.regular, 8),
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
        answer_style = s["cell_muted"] if c.hidden or not c.answer_text else s["cell"]
        rows.append(
            [
                str(i),
                Paragraph(_criterion_cell(c), s["cell"]),
                Paragraph(esc(c.answer_text) or "–", answer_style),
                score,
                word,
            ]
        )
        style.append(("TEXTCOLOR", (4, i), (4, i), color))
        if c.included and c.failed:
            style.append(("BACKGROUND", (0, i), (-1, i), FAIL_BG))
            if c.critical:
                style.append(("LINEBEFORE", (0, i), (0, i), 2.5, CRITICAL))
    widths = [18, width - 18 - 92 - 40 - 62, 92, 40, 62]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def photo_grid(photos: Sequence[ReportPhoto], theme: Theme, width: float) -> Table:
    """Photos three to a row, each with its caption and capture time."""
    s = theme.styles
    gap = 8
    cell_w = (width - gap * (PHOTO_COLUMNS - 1)) / PHOTO_COLUMNS
    cells: list[list[Flowable]] = []
    for i, photo in enumerate(photos, 1):
        caption = esc(photo.caption) or f"Photo {i}"
        taken = f"Taken {fmt_dt(photo.taken_at)}" if photo.taken_at else ""
        cells.append(
            [
                PhotoBox(photo.path, cell_w, cell_w * 0.75, theme.fonts.regular),
                Spacer(0, 3),
                Paragraph(caption, s["caption"]),
                Paragraph(esc(taken), s["caption_time"]),
            ]
        )
    rows = [cells[i : i + PHOTO_COLUMNS] for i in range(0, len(cells), PHOTO_COLUMNS)]
    rows[-1] += [""] * (PHOTO_COLUMNS - len(rows[-1]))
    table = Table(rows, colWidths=[cell_w + gap] * (PHOTO_COLUMNS - 1) + [cell_w])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), gap),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _header(tp: TouchpointSection, index: int, theme: Theme, width: float) -> Table:
    s = theme.styles
    where = " · ".join(humanize(x) for x in (tp.stage, tp.channel) if x)
    kicker = f"TOUCHPOINT {index}" + (f"  ·  {esc(where).upper()}" if where else "")
    color = theme.score_color(tp.score)
    chip = s["value"].clone(
        "tp_chip", fontSize=15, leading=18, textColor=text_on(color), alignment=1
    )
    unit = s["small"].clone("tp_unit", textColor=text_on(color), alignment=1, fontSize=6.5)
    table = Table(
        [
            [
                [Paragraph(kicker, s["kicker"]), heading(tp.name, "h2", theme)],
                [Paragraph(fmt_score(tp.score), chip), Paragraph("SCORE", unit)],
            ]
        ],
        colWidths=[width - 62, 62],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (1, 0), (1, 0), color),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("LINEBELOW", (0, 0), (0, 0), 1.2, theme.primary),
                ("TOPPADDING", (1, 0), (1, 0), 6),
                ("BOTTOMPADDING", (1, 0), (1, 0), 6),
            ]
        )
    )
    return table


def touchpoint_story(
    touchpoints: Sequence[TouchpointSection], theme: Theme, width: float
) -> list[Flowable]:
    """All touchpoint sections, each bookmarked under 'Touchpoints'."""
    story: list[Flowable] = [heading("Touchpoints in detail", "h1", theme, level=0)]
    for i, tp in enumerate(touchpoints, 1):
        mark = OutlineMark(tp.name, 1)
        header = _header(tp, i, theme, width)
        gap = Spacer(0, 4)
        mark.keepWithNext = header.keepWithNext = gap.keepWithNext = True
        story += [CondPageBreak(55 * mm), mark, header, gap]
        if tp.criteria:
            story.append(criteria_table(tp.criteria, theme, width))
        if tp.photos:
            story += [
                Spacer(0, 6),
                Paragraph("PHOTOS", theme.styles["kicker"]),
                Spacer(0, 3),
                photo_grid(tp.photos, theme, width),
            ]
        story.append(Spacer(0, 6 * mm))
    return story
