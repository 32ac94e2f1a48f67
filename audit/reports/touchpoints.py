"""One section per touchpoint: score, every criterion with answer and result, photo grid."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import NamedTuple

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Indenter,
    KeepTogether,
    Spacer,
    Table,
)

from . import language
from .charts import N_, fit, key_name, wrap_lines
from .data import CriterionLine, ReportPhoto, ReportRecording, TouchpointSection
from .document import OutlineMark, heading
from .images import Picture, drawable
from .language import gettext as _
from .mirror import draw_from_start, para, start_x, table
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
COMMENT_INK = colors.HexColor("#39414f")
ANSWER_WIDTH = 92
# Past these many lines a text leaves its table cell or photo box and flows below it, full
# width, across pages if it must: a report never fails, whatever the length of the text.
ANSWER_LINES, COMMENT_LINES, CAPTION_LINES = 8, 10, 4
PHOTO_COLUMNS = 3
TABLE_START = 30 * mm  # the criteria table's header and first rows
NAME_LINES = 8  # a touchpoint name longer than this is cut in its header (checklist text)
PHOTO_NOTE = N_("Photo %(number)s:")


class PhotoRow(Flowable):
    """Photos side by side, each fitted into a 4:3 box with its caption and time.

    Photos are drawn from their FILE PATH: reportlab keys embedded images by file name,
    so a photo shown twice is embedded once, and a JPEG is passed through undecoded.
    Captions are drawn as plain text (never parsed as markup); a caption longer than
    CAPTION_LINES shows its start here and flows in full below the row (`long_captions`).
    """

    GAP = 8
    CAPTION, TIME = (7, 9), (6.5, 9)

    def __init__(
        self,
        photos: Sequence[tuple[int, ReportPhoto]],
        theme: Theme,
        width: float,
        columns: int = PHOTO_COLUMNS,
    ):
        super().__init__()
        self.photos, self.theme, self.width = photos, theme, width
        self.cell_w = (width - self.GAP * (columns - 1)) / columns
        self.box_h = self.cell_w * 0.75
        self.captions: list[list[str]] = []
        self.long_captions: list[tuple[int, str]] = []
        for i, photo in photos:
            text = photo.caption.strip() or _("Photo %(number)s") % {"number": i}
            if photo.receipt:  # the proof of purchase says so, in the report's language
                text = " · ".join(t for t in (_("Receipt"), photo.caption.strip()) if t)
            lines = wrap_lines(text, theme.fonts.regular, self.CAPTION[0], self.cell_w)
            if len(lines) > CAPTION_LINES:
                self.long_captions.append((i, text))
                more = _("(photo %(number)s: caption continued below)") % {"number": i}
                lines = [*lines[: CAPTION_LINES - 1], more]
            self.captions.append(lines)
        lines = max((len(c) for c in self.captions), default=1)
        self.height = self.box_h + 4 + lines * self.CAPTION[1] + self.TIME[1] + 8

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Fixed size."""
        return self.width, self.height

    def draw(self) -> None:
        """Each photo, its caption lines and its capture time."""
        canv, fonts = self.canv, self.theme.fonts
        for col, ((_n, photo), caption) in enumerate(zip(self.photos, self.captions, strict=True)):
            x = col * (self.cell_w + self.GAP)  # from the start: the right edge in Arabic
            y = self.height - self.box_h
            self._photo(photo.path, start_x(x, self.width, self.cell_w), y)
            canv.setFillColor(INK)
            canv.setFont(fonts.regular, self.CAPTION[0])
            for line in caption:
                y -= self.CAPTION[1]
                draw_from_start(canv, x, y + 1, line, self.width)
            if photo.taken_at:
                canv.setFillColor(MUTED)
                canv.setFont(fonts.regular, self.TIME[0])
                taken = _("Taken %(when)s") % {"when": fmt_dt(photo.taken_at)}
                draw_from_start(canv, x, y - 8, taken, self.width)

    def _photo(self, picture: Picture, x: float, y: float) -> None:
        canv, w, h = self.canv, self.cell_w, self.box_h
        canv.setFillColor(SOFT)
        canv.rect(x, y, w, h, stroke=0, fill=1)
        try:
            image = drawable(picture)
            canv.drawImage(image, x, y, w, h, preserveAspectRatio=True, anchor="c", mask=None)
        except Exception:  # a lost photo must not cost the whole report
            log.warning("photo not available: %s", picture)
            canv.setFillColor(MUTED)
            canv.setFont(self.theme.fonts.regular, 7)
            canv.drawCentredString(x + w / 2, y + h / 2, language.line(_("Photo not available")))


class TouchpointHeader(Flowable):
    """Kicker (number, stage, channel), the touchpoint's name and a coloured score block."""

    CHIP = 58

    def __init__(self, tp: TouchpointSection, index: int, theme: Theme, width: float):
        super().__init__()
        self.theme, self.width, self.score = theme, width, tp.score
        where = " · ".join(key_name(x) for x in (tp.stage, tp.channel) if x)
        self.kicker = _("TOUCHPOINT %(number)s") % {"number": index}
        if where:
            self.kicker += f"  ·  {where.upper()}"
        lines = wrap_lines(tp.name, theme.fonts.bold, 13, width - self.CHIP - 10)
        if len(lines) > NAME_LINES:
            lines = [
                *lines[: NAME_LINES - 1],
                fit(lines[NAME_LINES - 1] + "…", theme.fonts.bold, 13, width - self.CHIP - 10),
            ]
        self.lines = lines
        self.height = max(14 + len(self.lines) * 16 + 6, 42)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Fixed size."""
        return self.width, self.height

    def draw(self) -> None:
        """Plain-text drawing: names are never parsed as markup."""
        canv, theme, h, width = self.canv, self.theme, self.height, self.width
        fonts = theme.fonts
        canv.setFillColor(MUTED)
        canv.setFont(fonts.bold, 7)
        kicker = fit(self.kicker, fonts.bold, 7, width - self.CHIP - 10)
        draw_from_start(canv, 0, h - 9, kicker, width)
        canv.setFillColor(theme.primary)
        canv.setFont(fonts.bold, 13)
        y = h - 12
        for line in self.lines:
            y -= 16
            draw_from_start(canv, 0, y + 3, line, width)
        canv.setStrokeColor(theme.primary)
        canv.setLineWidth(1.2)
        rule = start_x(0, width, width - self.CHIP - 6)
        canv.line(rule, 0, rule + width - self.CHIP - 6, 0)
        color = theme.score_color(self.score)
        x = start_x(width - self.CHIP, width, self.CHIP)  # the chip at the end of the line
        canv.setFillColor(color)
        canv.rect(x, 0, self.CHIP, h, stroke=0, fill=1)
        canv.setFillColor(text_on(color))
        canv.setFont(fonts.bold, 15)
        canv.drawCentredString(x + self.CHIP / 2, h / 2 - 1, fmt_score(self.score))
        canv.setFont(fonts.regular, 6)
        canv.drawCentredString(x + self.CHIP / 2, h / 2 - 11, language.line(_("SCORE")))


def result_of(c: CriterionLine, theme: Theme) -> tuple[str, colors.Color]:
    """The result word with a symbol (readable without colour) and its colour."""
    if c.hidden:
        return theme.sym("○ ", "- ") + _("SKIPPED"), NO_SCORE
    if c.included and c.failed:
        return theme.sym("✗ ", "x ") + _("FAIL"), theme.score_color(0)
    if c.included:
        return theme.sym("✓ ", "+ ") + _("PASS"), theme.score_color(100)
    if c.type == "text":
        return _("NOTE"), MUTED
    if c.answer_text.strip().upper() == "N/A":
        return _("N/A"), MUTED
    return _("NO ANSWER"), MUTED


class _Line(NamedTuple):
    """One drawn line of a criterion cell."""

    text: str
    font: str
    size: float
    leading: float
    color: colors.Color
    indent: float = 0.0
    prefix: str = ""  # drawn first in bold red ('CRITICAL')
    bar: bool = False  # a comment line: accent bar on its left


class CriterionText(Flowable):
    """A criterion cell: the question, a meta line (critical, pillar, weight), the comment.

    Drawn as plain text with simple line wrapping: much faster than Paragraph markup for
    hundreds of rows, and user text is never parsed at all. Wrapping is cached per width
    because tables wrap their cells several times. The cell splits between lines, so a
    row taller than a page continues on the next one.
    """

    TEXT, META, COMMENT = (8, 10.5), (6.5, 9), (7.5, 10)

    def __init__(self, c: CriterionLine | None, theme: Theme, comment: bool = True) -> None:
        super().__init__()
        self.theme = theme
        self._wrapped_for: float | None = None
        self.lines: list[_Line] = []
        if c is None:  # a part made by split()
            return
        self.text = c.text
        meta = [key_name(c.pillar)] if c.pillar else []
        if c.type != "text":
            meta.append(_("weight %(weight)s") % {"weight": fmt_weight(c.weight)})
        if c.hidden:
            meta.append(_("not shown: its condition was not met"))
        self.meta = " · ".join(meta)
        self.critical = c.critical
        self.comment = c.comment.strip() if comment else ""

    def _layout(self, width: float) -> list[_Line]:
        fonts, (size, leading) = self.theme.fonts, self.TEXT
        lines = [
            _Line(t, fonts.regular, size, leading, INK)
            for t in wrap_lines(self.text, fonts.regular, size, width)
        ]
        prefix = language.text(_("CRITICAL")) if self.critical else ""
        room = width - (stringWidth(prefix + "  ", fonts.bold, self.META[0]) if prefix else 0)
        meta = fit(self.meta, fonts.regular, self.META[0], room)
        lines.append(_Line(meta, fonts.regular, *self.META, MUTED, prefix=prefix))
        if self.comment:
            comment = wrap_lines(self.comment, fonts.regular, self.COMMENT[0], width - 7)
            lines += [
                _Line(t, fonts.regular, *self.COMMENT, COMMENT_INK, indent=7, bar=True)
                for t in comment
            ]
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Split the texts into lines for this width (once per width)."""
        if self._wrapped_for != avail_width and hasattr(self, "text"):
            self.lines = self._layout(avail_width)
            self._wrapped_for = avail_width
        self.width = avail_width
        self.height = sum(line.leading for line in self.lines) + (
            3 if any(line.bar for line in self.lines) else 0
        )
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Two parts at a line boundary, or [] when not even one line fits."""
        self.wrap(avail_width, avail_height)
        used, cut = 3.0, 0
        for line in self.lines:
            if used + line.leading > avail_height:
                break
            used += line.leading
            cut += 1
        if cut == 0 or cut == len(self.lines):
            return []
        return [self._part(self.lines[:cut]), self._part(self.lines[cut:])]

    def _part(self, lines: list[_Line]) -> CriterionText:
        part = CriterionText(None, self.theme)
        part.lines = lines
        return part

    def draw(self) -> None:
        """Each line top down; comment lines with an accent bar on their left."""
        canv, width = self.canv, self.width
        y = self.height
        bar_top = None
        for line in self.lines:
            if line.bar and bar_top is None:
                y -= 3
                bar_top = y
            y -= line.leading
            x = line.indent
            if line.prefix:
                canv.setFillColor(CRITICAL)
                canv.setFont(self.theme.fonts.bold, line.size)
                draw_from_start(canv, 0, y + 2.5, line.prefix, width)
                x += stringWidth(line.prefix + "  ", self.theme.fonts.bold, line.size)
            canv.setFillColor(line.color)
            canv.setFont(line.font, line.size)
            draw_from_start(canv, x, y + 2.5, line.text, width)
        if bar_top is not None:
            canv.setStrokeColor(self.theme.accent)
            canv.setLineWidth(1.5)
            bar = start_x(2, width)
            canv.line(bar, y + 1, bar, bar_top)


def _is_long(text: str, theme: Theme, size: float, width: float, most: int) -> bool:
    """More than `most` lines at this size and width (cheap test first)."""
    if len(text) < most * 8:  # fewer characters than the narrowest lines could hold
        return False
    return len(wrap_lines(text, theme.fonts.regular, size, width)) > most


def _answer_cell(c: CriterionLine, theme: Theme, long: bool) -> str | list[Flowable]:
    """A one-line answer as plain text (cheap); a longer one as a wrapping paragraph."""
    style = theme.styles["cell_muted" if c.hidden else "cell"]
    if long:
        below = esc(_("In full below"))
        return [para(f"<i>{below}</i>", theme.styles["cell_muted"])]
    text = " ".join(c.answer_text.split()) or "–"
    if stringWidth(language.text(text), theme.fonts.regular, 8) <= ANSWER_WIDTH - 8:
        return text
    return [para(esc(c.answer_text), style)]


def _long_texts(number: int, c: CriterionLine, answer: bool, comment: bool, theme: Theme):
    """A criterion's long answer and comment, full width below its row, split across pages.

    Each is one paragraph led by its label, so the label can never be left alone at the
    foot of a page and the text starts right under the row it belongs to.
    """
    s = theme.styles
    out: list[Flowable] = []
    label = "<font size='7' color='#5b6475'><b>{}</b></font><br/>"
    if answer:
        style = s["body"].clone("long_answer", leftIndent=22, spaceBefore=4, spaceAfter=4)
        head = label.format(esc(_("ANSWER TO CRITERION %(number)s") % {"number": number}))
        out.append(para(head + esc(c.answer_text), style))
    if comment:
        style = s["comment"].clone(
            "long_comment", leftIndent=22, fontSize=8, leading=11, spaceBefore=4, spaceAfter=4
        )
        head = label.format(esc(_("COMMENT ON CRITERION %(number)s") % {"number": number}))
        out.append(para(head + esc(c.comment.strip()), style))
    return out


def _table(rows: list[list], styles: list[tuple], theme: Theme, width: float) -> Table:
    """One stretch of the criteria table: header row, then criterion rows."""
    s = theme.styles
    head = [para(f"<b>{esc(h)}</b>", s["cell_muted"]) for h in ("#", _("Criterion"), _("Answer"))]
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
        *styles,
    ]
    widths = [18, width - 18 - ANSWER_WIDTH - 40 - 62, ANSWER_WIDTH, 40, 62]
    # splitInRow: a row taller than a page (a very long question) continues on the next.
    return table(
        [[*head, _("Score"), _("Result")], *rows], widths, style, repeatRows=1, splitInRow=24
    )


def criteria_table(criteria: Sequence[CriterionLine], theme: Theme, width: float) -> list[Flowable]:
    """Every criterion: question, answer, score, result; failed rows tinted.

    A long answer or comment ends the table after its row and flows below it at full
    width; the table then goes on (with its header) for the remaining criteria.
    """
    text_w = width - 18 - ANSWER_WIDTH - 40 - 62 - 8
    out: list[Flowable] = []
    rows: list[list] = []
    style: list[tuple] = []
    for i, c in enumerate(criteria, 1):
        long_answer = _is_long(c.answer_text, theme, 8, ANSWER_WIDTH - 8, ANSWER_LINES)
        long_comment = _is_long(c.comment, theme, 7.5, text_w - 7, COMMENT_LINES)
        word, color = result_of(c, theme)
        score = "–" if c.score is None or c.hidden else language.number(c.score * 100, 0) + "%"
        rows.append(
            [
                str(i),
                [CriterionText(c, theme, comment=not long_comment)],
                _answer_cell(c, theme, long_answer),
                score,
                word,
            ]
        )
        r = len(rows)
        style.append(("TEXTCOLOR", (4, r), (4, r), color))
        if c.included and c.failed:
            style.append(("BACKGROUND", (0, r), (-1, r), FAIL_BG))
            if c.critical:
                style.append(("LINEBEFORE", (0, r), (0, r), 2.5, CRITICAL))
        if long_answer or long_comment or c.photos:
            out.append(_table(rows, style, theme, width))
            out += _long_texts(i, c, long_answer, long_comment, theme)
            out += _criterion_photos(i, c, theme, width)
            rows, style = [], []
    if rows:
        out.append(_table(rows, style, theme, width))
    return out


def _criterion_photos(number: int, c: CriterionLine, theme: Theme, width: float):
    """The photos taken as evidence of one question, right under its row."""
    if not c.photos:
        return []
    label = theme.styles["kicker"].clone("criterion_photos", leftIndent=22, spaceBefore=3)
    head = _("PHOTOS OF CRITERION %(number)s") % {"number": number}
    out: list[Flowable] = [para(esc(head), label)]
    for row in photo_grid(c.photos, theme, width - 22):
        out += [Indenter(22), *row, Indenter(-22)]
    return out


def recordings_list(recordings: Sequence[ReportRecording], theme: Theme) -> list[Flowable]:
    """Each recording of a touchpoint with its length (played in the app, listed here)."""
    if not recordings:
        return []
    label = theme.styles["kicker"].clone("recordings", spaceBefore=4, spaceAfter=2)
    out: list[Flowable] = [para(esc(_("RECORDINGS")), label)]
    for i, r in enumerate(recordings, 1):
        minutes, seconds = divmod(round(r.duration), 60)
        name = _("Recording %(n)s") % {"n": i}
        parts = [f"<b>{esc(name)}</b>", f"{minutes}:{seconds:02d}"]
        if r.criterion:
            parts.append(esc(_("about: %(criterion)s") % {"criterion": r.criterion}))
        if r.caption:
            parts.append(esc(r.caption))
        out.append(para(" · ".join(parts), theme.styles["cell"]))
    return out


def photo_grid(photos: Sequence[ReportPhoto], theme: Theme, width: float) -> list[list[Flowable]]:
    """Photos three to a row, each row with the notes of its long captions after it."""
    numbered = list(enumerate(photos, 1))
    note = theme.styles["caption"].clone("long_caption", spaceAfter=4)
    rows = []
    for start in range(0, len(numbered), PHOTO_COLUMNS):
        row = PhotoRow(numbered[start : start + PHOTO_COLUMNS], theme, width)
        notes = [
            para(f"<b>{esc(_(PHOTO_NOTE) % {'number': i})}</b> {esc(text)}", note)
            for i, text in row.long_captions
        ]
        rows.append([row, *notes])
    return rows


def touchpoint_story(
    touchpoints: Sequence[TouchpointSection], theme: Theme, width: float
) -> list[Flowable]:
    """All touchpoint sections, each bookmarked under 'Touchpoints'.

    A section is its header, its photos, then its criteria: the header and the first row
    of photos always share a page (photos never drift away from the touchpoint they show);
    rows of photos may break across pages, photos never; the criteria table may split.
    """
    story: list[Flowable] = [heading(_("Touchpoints in detail"), "h1", theme, level=0)]
    label = theme.styles["kicker"].clone("photos", spaceAfter=3)
    for i, tp in enumerate(touchpoints, 1):
        lead: list[Flowable] = [
            OutlineMark(tp.name, 1),
            TouchpointHeader(tp, i, theme, width),
            Spacer(0, 6),
        ]
        rows = photo_grid(tp.photos, theme, width)
        if rows:
            lead += [para(esc(_("PHOTOS")), label), *rows[0]]
        # Room for the header (and first photos) plus the first rows of the table, so a
        # section never starts with its header alone at the foot of a page.
        need = sum(f.wrap(width, theme.page_size[1])[1] for f in lead) + TABLE_START
        story += [CondPageBreak(need), KeepTogether(lead)]
        story += [flowable for row in rows[1:] for flowable in row]
        story += recordings_list(tp.recordings, theme)
        if tp.criteria:
            story += [
                Spacer(0, 4) if rows else Spacer(0, 0),
                *criteria_table(tp.criteria, theme, width),
            ]
        story.append(Spacer(0, 6 * mm))
    return story
