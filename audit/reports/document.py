"""Page templates, running header and footer, 'Page X of Y', outline entries; PDF bytes out."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from .charts import fit
from .language import gettext as _
from .language import is_rtl, line
from .mirror import draw_from_end, draw_from_start, para, start_x
from .styles import LINE, MUTED, Theme, esc

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18 * mm, 24 * mm, 20 * mm
_TOTAL_FORM = "pageTotal"

CoverPainter = Callable[[Canvas, BaseDocTemplate], None]


@dataclass(frozen=True)
class PageChrome:
    """What every page shows around the content, all plain text (drawn, never parsed)."""

    org_name: str
    subject: str  # e.g. the location; next to the client name in the header
    title: str
    footer_text: str
    author: str
    draft: bool = False
    running_title: str = ""  # right of the header; the title when empty


def heading(text: str, style: str, theme: Theme, level: int | None = None) -> Paragraph:
    """A heading paragraph; with a level it also becomes an entry of the PDF outline."""
    paragraph = para(esc(text), theme.styles[style])
    if level is not None:
        paragraph.outline_entry = (text, level)
    return paragraph


class OutlineMark(Flowable):
    """An invisible flowable that adds an outline entry where it lands."""

    def __init__(self, title: str, level: int) -> None:
        super().__init__()
        self.outline_entry = (title, level)
        self.width = self.height = 0

    def draw(self) -> None:
        """Nothing to draw: the document template reads `outline_entry`."""


class _TotalPagesCanvas(Canvas):
    """Draws the page total into a form that every footer references before it exists."""

    def __init__(self, *args, font: str = "Helvetica", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._total_font = font

    def save(self) -> None:
        """Define the page-total form, then write the file."""
        self.beginForm(_TOTAL_FORM)
        self.setFont(self._total_font, 7.5)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(self.getPageNumber() - 1))
        self.endForm()
        super().save()


def _text_frame(frame_id: str, page_size: tuple[float, float], top: float) -> Frame:
    """An unpadded frame inside the side and bottom margins, up to `top` below the page top."""
    width, height = page_size
    return Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        width - 2 * MARGIN_X,
        height - top - MARGIN_BOTTOM,
        id=frame_id,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


class ReportDocument(BaseDocTemplate):
    """A cover page template, then body pages with header and footer; builds the outline."""

    def __init__(
        self,
        buffer: io.BytesIO,
        theme: Theme,
        chrome: PageChrome,
        cover_painter: CoverPainter | None,
        cover_top: float,
    ) -> None:
        super().__init__(
            buffer,
            pagesize=theme.page_size,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=chrome.title,
            author=chrome.author,
            subject=f"{chrome.org_name} – {chrome.subject}",
            creator="Mystery-shopping audit platform",
            displayDocTitle=1,
        )
        self.theme, self.chrome, self._cover_painter = theme, chrome, cover_painter
        self._outline_count = 0
        body = _text_frame("body", theme.page_size, MARGIN_TOP)
        cover = _text_frame("cover", theme.page_size, cover_top)
        self.addPageTemplates(
            [
                PageTemplate(
                    "cover", [cover], onPage=self._paint_cover, autoNextPageTemplate="body"
                ),
                PageTemplate("body", [body], onPage=self._paint_body),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        """Bookmark flowables that carry an `outline_entry` (title, level)."""
        entry = getattr(flowable, "outline_entry", None)
        if entry:
            self._outline_count += 1
            key = f"s{self._outline_count}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(entry[0], key, level=entry[1], closed=entry[1] > 0)

    def _paint_cover(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        if self._cover_painter:
            self._cover_painter(canv, doc)
        self._footer(canv, numbered=False)
        self._watermark(canv)
        canv.restoreState()

    def _paint_body(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        self._header(canv)
        self._footer(canv, numbered=True)
        self._watermark(canv)
        canv.restoreState()

    def _header(self, canv: Canvas) -> None:
        theme, chrome = self.theme, self.chrome
        width, height = theme.page_size
        inner = width - 2 * MARGIN_X
        y = height - 14 * mm
        canv.saveState()
        canv.translate(MARGIN_X, 0)  # x from the left margin; mirrored in Arabic
        canv.setFillColor(theme.accent)
        canv.rect(start_x(0, inner, 3), y - 1, 3, 9, stroke=0, fill=1)
        canv.setFont(theme.fonts.bold, 8)
        canv.setFillColor(theme.primary)
        org = fit(chrome.org_name, theme.fonts.bold, 8, 200)
        org_w = draw_from_start(canv, 7, y, org, inner)
        canv.setFont(theme.fonts.regular, 8)
        canv.setFillColor(MUTED)
        avail = inner - org_w - 20
        subject = fit(f"  ·  {chrome.subject}", theme.fonts.regular, 8, avail * 0.55)
        draw_from_start(canv, 7 + org_w, y, subject, inner)
        running = fit(chrome.running_title or chrome.title, theme.fonts.regular, 8, avail * 0.42)
        draw_from_end(canv, inner, y, running, inner)
        canv.restoreState()
        canv.setStrokeColor(LINE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, y - 5, width - MARGIN_X, y - 5)

    def _footer(self, canv: Canvas, numbered: bool) -> None:
        theme = self.theme
        width = theme.page_size[0]
        inner = width - 2 * MARGIN_X
        y = 11 * mm
        canv.setStrokeColor(LINE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, y + 9, width - MARGIN_X, y + 9)
        canv.saveState()
        canv.translate(MARGIN_X, 0)
        canv.setFont(theme.fonts.regular, 7)
        canv.setFillColor(MUTED)
        footer = " ".join((self.chrome.footer_text or "").split())
        draw_from_start(canv, 0, y, fit(footer, theme.fonts.regular, 7, inner - 90), inner)
        if numbered:
            # "Page 3 of" then the total, a form drawn once the last page is known: in
            # Arabic the total is read last, so it sits at the left of the words.
            canv.setFont(theme.fonts.regular, 7.5)
            words = _("Page %(number)d of") % {"number": canv.getPageNumber()}
            draw_from_end(canv, inner - 14, y, words, inner)
            total_x = 1 if is_rtl() else inner - 11
            canv.saveState()
            canv.translate(total_x, y)
            canv.doForm(_TOTAL_FORM)
            canv.restoreState()
        canv.restoreState()

    def _watermark(self, canv: Canvas) -> None:
        if not self.chrome.draft:
            return
        width, height = self.theme.page_size
        canv.saveState()
        canv.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.08))
        canv.setFont(self.theme.fonts.bold, 110)
        canv.translate(width / 2, height / 2)
        canv.rotate(45)
        canv.drawCentredString(0, -35, line(_("DRAFT")))
        canv.restoreState()


def render(
    story: Sequence[Flowable],
    theme: Theme,
    chrome: PageChrome,
    cover_painter: CoverPainter | None = None,
    cover_top: float = MARGIN_TOP,
) -> bytes:
    """Lay the story out on the cover then body pages and return the PDF bytes."""
    buffer = io.BytesIO()
    doc = ReportDocument(buffer, theme, chrome, cover_painter, cover_top)
    font = theme.fonts.regular

    def canvasmaker(*args, **kwargs) -> Canvas:
        return _TotalPagesCanvas(*args, font=font, **kwargs)

    doc.build(list(story), canvasmaker=canvasmaker)
    return buffer.getvalue()
