"""Right-to-left layout: paragraphs, tables and drawn text that mirror for Arabic reports.

The report code lays out pages left to right and asks these helpers for every text it
puts down; in an Arabic report (`language.is_rtl()`) they mirror the layout: paragraphs
align right, a table's columns run right to left, a text drawn from a left edge is drawn
from the right one. Any line holding Arabic, in any report, is shaped and reordered
(`language.line`), so an Arabic location name shows right in an English report too.
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Sequence
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from . import bidi
from .language import is_rtl, line, text

_FLIP_ALIGN = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}
_FLIP_COMMAND = {
    "LINEBEFORE": "LINEAFTER",
    "LINEAFTER": "LINEBEFORE",
    "LEFTPADDING": "RIGHTPADDING",
    "RIGHTPADDING": "LEFTPADDING",
}
_FLIP_WORD = {"LEFT": "RIGHT", "RIGHT": "LEFT"}
_mirrored_styles: weakref.WeakKeyDictionary[ParagraphStyle, ParagraphStyle] = (
    weakref.WeakKeyDictionary()
)


def _mirrored(style: ParagraphStyle) -> ParagraphStyle:
    """The style aligned and indented from the right instead of the left (cached)."""
    found = _mirrored_styles.get(style)
    if found is None:
        found = style.clone(
            f"{style.name}-rtl",
            alignment=_FLIP_ALIGN.get(style.alignment, style.alignment),
            leftIndent=style.rightIndent,
            rightIndent=style.leftIndent,
        )
        _mirrored_styles[style] = found
    return found


class BidiParagraph(Paragraph):
    """A Paragraph broken into lines in logical order and drawn in visual order.

    Line breaking must see the text as it is written; each line is then reordered by
    the bidi algorithm just before it is drawn (styled pieces keep their style).
    """

    def __init__(self, markup: str, style: ParagraphStyle, *args: Any, **kwargs: Any) -> None:
        self.rtl = kwargs.pop("rtl", None)
        if self.rtl is None:
            self.rtl = is_rtl()
        super().__init__(markup, style, *args, **kwargs)

    def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803 (reportlab)
        """Parts that keep the paragraph's direction."""
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.rtl = self.rtl
        return parts

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 (reportlab's name)
        """Draw the lines reordered for display, keeping the logical lines for later."""
        logical = self.blPara
        self.blPara = _visual_lines(logical, self.rtl)
        try:
            super().drawPara(debug)
        finally:
            self.blPara = logical


def _visual_lines(para: Any, rtl: bool) -> Any:
    """A copy of a Paragraph's broken lines with each line in drawing order."""
    shown = copy.copy(para)
    if para.kind == 0:  # one style: (extra space, words)
        shown.lines = [
            (space, bidi.visual(" ".join(words), rtl, in_paragraph=True).split(" "))
            for space, words in para.lines
        ]
        return shown
    lines = []
    for original in para.lines:
        frags = original.words
        if any(hasattr(f, "cbDefn") for f in frags):  # images, anchors: leave as laid out
            lines.append(original)
            continue
        pieces = bidi.visual_runs([(f, f.text) for f in frags], rtl)
        visual_line = copy.copy(original)
        visual_line.words = [f.clone(text=t) for f, t in pieces]
        lines.append(visual_line)
    shown.lines = lines
    return shown


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of report markup, mirrored and reordered when it needs to be."""
    if is_rtl():
        return BidiParagraph(text(markup), _mirrored(style), rtl=True)
    if bidi.has_rtl(markup):
        return BidiParagraph(text(markup), style, rtl=False)
    return Paragraph(markup, style)


def _column(index: int, count: int) -> int:
    return index + count if index < 0 else index


def _mirror_command(command: tuple, count: int) -> tuple:
    name, (c0, r0), (c1, r1), *args = command
    c0, c1 = _column(c0, count), _column(c1, count)
    if name == "ALIGN" and args:
        args[0] = _FLIP_WORD.get(str(args[0]).upper(), args[0])
    return (_FLIP_COMMAND.get(name, name), (count - 1 - c1, r0), (count - 1 - c0, r1), *args)


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float | None] | None,
    commands: Sequence[tuple] = (),
    **kwargs: Any,
) -> Table:
    """A Table with its style; in a right-to-left report the columns run right to left.

    Text cells are drawn as single lines (shaped and reordered); style commands name
    columns as laid out left to right and are mirrored with them.
    """
    rtl = is_rtl()
    cells = [[line(c) if isinstance(c, str) else c for c in row] for row in rows]
    commands = list(commands)
    if rtl:
        count = max((len(row) for row in cells), default=0)
        cells = [row[::-1] for row in cells]
        widths = list(widths)[::-1] if widths is not None else None
        commands = [("ALIGN", (0, 0), (-1, -1), "RIGHT")] + [
            _mirror_command(c, count) for c in commands
        ]
    result = Table(cells, colWidths=widths, **kwargs)
    if commands:
        result.setStyle(TableStyle(commands))
    return result


def restyle(target: Table, commands: Sequence[tuple], columns: int) -> None:
    """Add style commands to a table made by `table` (mirrored like its own)."""
    if is_rtl():
        commands = [_mirror_command(c, columns) for c in commands]
    target.setStyle(TableStyle(list(commands)))


def start_x(x: float, width: float, box: float = 0) -> float:
    """The left edge of a box of width `box` placed `x` from the start of a line.

    The start is the left edge of `width` in a left-to-right report, its right one in a
    right-to-left report.
    """
    return width - x - box if is_rtl() else x


def draw_from_start(canv: Canvas, x: float, y: float, value: str, width: float) -> float:
    """Draw a line beginning `x` from the start of `width`; returns its width."""
    shown = line(value)
    size = canv.stringWidth(shown)
    if is_rtl():
        canv.drawRightString(width - x, y, shown)
    else:
        canv.drawString(x, y, shown)
    return size


def draw_from_end(canv: Canvas, x: float, y: float, value: str, width: float) -> float:
    """Draw a line that ends at `x` of `width` (mirrored in Arabic: it starts there)."""
    shown = line(value)
    if is_rtl():
        canv.drawString(width - x, y, shown)
    else:
        canv.drawRightString(x, y, shown)
    return canv.stringWidth(shown)
