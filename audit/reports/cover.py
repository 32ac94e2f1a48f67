"""The cover: brand band with logo and title, score dial, visit facts, critical banner."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from .charts import fit, key_name, score_dial, wrap_lines
from .data import AuditReportData, ScoreLine
from .document import OutlineMark
from .images import Picture, drawable
from .language import gettext as _
from .language import ngettext
from .mirror import draw_from_end, draw_from_start, para, start_x, table
from .styles import CRITICAL, LINE, MUTED, SOFT, Theme, esc, fmt_dt, fmt_score, text_on

log = logging.getLogger(__name__)

BAND_HEIGHT = 92 * mm
COVER_TOP = BAND_HEIGHT + 12 * mm  # where the cover's frame starts, from the top edge


def draw_logo(
    canv: Canvas, logo: Picture | None, x: float, y_top: float, w: float, h: float
) -> bool:
    """Draw the client logo on a white card (top-left at x, y_top); False when there is none."""
    try:
        image = drawable(logo) if logo is not None else None
    except Exception:  # missing or unreadable: the band shows the organisation's name instead
        image = None
    if image is None:
        return False
    canv.setFillColor(colors.white)
    canv.roundRect(x, y_top - h, w, h, 4, stroke=0, fill=1)
    try:
        canv.drawImage(
            image,
            x + 6,
            y_top - h + 5,
            w - 12,
            h - 10,
            preserveAspectRatio=True,
            anchor="c",
            mask="auto",
        )
    except Exception:  # an unreadable logo must not cost the client their report
        log.warning("could not draw logo %s", logo)
    return True


def brand_band(
    canv: Canvas,
    theme: Theme,
    kicker: str,
    title: str,
    subtitle: str,
    org: str,
    by: str,
    logo: Picture | None,
) -> None:
    """Paint the full-bleed band at the top of a cover page."""
    width, height = theme.page_size
    x0, bottom = 18 * mm, height - BAND_HEIGHT
    ink = text_on(theme.primary)
    canv.setFillColor(theme.primary)
    canv.rect(0, bottom, width, BAND_HEIGHT, stroke=0, fill=1)
    canv.setFillColor(theme.accent)
    canv.rect(0, bottom - 2.2 * mm, width, 2.2 * mm, stroke=0, fill=1)
    # Logo at the start of the band, the client's name at its end (mirrored in Arabic).
    draw_logo(canv, logo, start_x(x0, width, 46 * mm), height - 12 * mm, 46 * mm, 17 * mm)
    canv.setFillColor(ink)
    canv.setFont(theme.fonts.regular, 7.5)
    draw_from_end(canv, width - x0, height - 16 * mm, _("PREPARED FOR"), width)
    y = height - 22 * mm
    for size, line in org_lines(org, theme.fonts.bold, width / 2):
        canv.setFont(theme.fonts.bold, size)
        draw_from_end(canv, width - x0, y, line, width)
        y -= size * 1.25
    if by:
        canv.setFont(theme.fonts.regular, 8)
        by_line = fit(_("by %(firm)s") % {"firm": by}, theme.fonts.regular, 8, width / 2)
        draw_from_end(canv, width - x0, y - 2, by_line, width)
    style = theme.styles
    canv.setFillColor(theme.accent if theme.accent != theme.primary else ink)
    canv.setFont(theme.fonts.bold, 8.5)
    draw_from_start(canv, x0, bottom + 52 * mm, kicker.upper(), width)
    title_style = style["h1"].clone("cover_title", fontSize=25, leading=30, textColor=ink)
    sub_style = style["body"].clone("cover_sub", fontSize=12, leading=16, textColor=ink)
    box_w = width - 2 * x0
    title_para = para(esc(title), title_style)
    _w, h = title_para.wrap(box_w, 70)
    title_para.drawOn(canv, x0, bottom + 48 * mm - h)
    sub = para(esc(subtitle), sub_style)
    _w, sh = sub.wrap(box_w, 40)
    sub.drawOn(canv, x0, bottom + 48 * mm - h - 4 - sh)


def org_lines(org: str, font: str, width: float) -> list[tuple[float, str]]:
    """The client's name for the band: 12 pt on up to two lines, else smaller on up to four.

    Past four lines at 8 pt (some 200 characters) the last line is cut: the band has room
    for no more above the title.
    """
    for size, most in ((12, 2), (10, 3), (8, 4)):
        lines = wrap_lines(org, font, size, width)
        if len(lines) <= most:
            return [(size, line) for line in lines]
    return [(8, line) for line in lines[:3]] + [(8, fit(" ".join(lines[3:]), font, 8, width))]


def location_line(name: str, city: str, country: str) -> str:
    """'Name — City, Country' without empty parts."""
    where = ", ".join(p for p in (city, country) if p)
    return f"{name} — {where}" if where else name


def _facts(data: AuditReportData, theme: Theme) -> Table:
    title = data.checklist_title
    if data.checklist_version:
        title = _("%(title)s (version %(version)s)") % {
            "title": title,
            "version": data.checklist_version,
        }
    rows = [
        (_("Visit"), fmt_dt(data.visited_at)),
        (
            _("Location"),
            location_line(data.location_name, data.location_city, data.location_country),
        ),
        (_("Checklist"), title),
        (_("Wave"), data.wave),
        (_("Scenario"), data.scenario),
        (_("Auditor"), data.auditor_name),
        (_("Audit reference"), data.audit_ref),
    ]
    s = theme.styles
    cells = [[para(esc(k).upper(), s["label"]), para(esc(v), s["value"])] for k, v in rows if v]
    return table(
        cells,
        [28 * mm, None],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, LINE),
            ("TOPPADDING", (0, 0), (-1, -1), 4.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ],
    )


def criterion_texts(data: AuditReportData) -> dict[str, str]:
    """Criterion key -> its question, to name critical failures."""
    return {c.key: c.text for tp in data.touchpoints for c in tp.criteria}


def critical_banner(data: AuditReportData, theme: Theme, width: float) -> Flowable | None:
    """The red banner naming the critical failures (and the cap when it changed the score)."""
    if not data.critical_failures and not data.cap_applied:
        return None
    texts = criterion_texts(data)
    n = len(data.critical_failures)
    headline = theme.sym("⚠ ", "") + _("CRITICAL FAILURE")
    if data.cap_applied:
        detail = ngettext(
            "The overall score is capped at %(cap)s (it would be %(uncapped)s without the "
            "cap) because of %(n)d critical failure:",
            "The overall score is capped at %(cap)s (it would be %(uncapped)s without the "
            "cap) because of %(n)d critical failures:",
            n,
        ) % {
            "cap": fmt_score(data.critical_failure_cap),
            "uncapped": fmt_score(data.overall_uncapped),
            "n": n,
        }
    else:
        detail = ngettext(
            "%(n)d critical criterion failed:", "%(n)d critical criteria failed:", n
        ) % {"n": n}
    s = theme.styles
    white = s["body"].clone("banner", textColor=colors.white, fontSize=8.5, leading=11.5)
    head = s["h3"].clone("banner_head", textColor=colors.white, fontSize=11, leading=14)
    items = "".join(
        f"<br/>{theme.sym('✗', 'x')}  {esc(texts.get(k, k))}" for k in data.critical_failures
    )
    return table(
        [[para(esc(headline), head)], [para(esc(detail) + items, white)]],
        [width],
        [
            ("BACKGROUND", (0, 0), (-1, -1), CRITICAL),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (0, 0), 8),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
        ],
    )


def pillar_tiles(pillars: Sequence[ScoreLine], theme: Theme, width: float) -> Table | None:
    """A row of tiles, one per pillar: name over a big coloured score."""
    if not pillars:
        return None
    s = theme.styles
    cells, style = [], []
    for i, p in enumerate(pillars):
        color = theme.score_color(p.score)
        big = s["value"].clone(f"tile{i}", fontSize=18, leading=22, textColor=color)
        cells.append(
            [
                para(esc(key_name(p.key, p.label)).upper(), s["kicker"]),
                para(fmt_score(p.score, "%" if p.score is not None else ""), big),
            ]
        )
        style.append(("LINEABOVE", (i, 0), (i, 0), 2.5, color))
    return table(
        [cells],
        [width / len(pillars) - 4] * len(pillars),
        [
            ("BACKGROUND", (0, 0), (-1, -1), SOFT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LINEAFTER", (0, 0), (-2, -1), 3, colors.white),
            *style,
        ],
    )


def cover_story(data: AuditReportData, theme: Theme, width: float) -> list[Flowable]:
    """Flowables under the band: dial beside the visit facts, pillar tiles, critical banner."""
    dial = score_dial(data.overall, data.grade, theme, size=62 * mm)
    top = table(
        [[dial, _facts(data, theme)]],
        [70 * mm, width - 70 * mm],
        [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)],
    )
    caption = theme.styles["small"].clone("dial_caption", textColor=MUTED)
    story: list[Flowable] = [OutlineMark(_("Cover"), 0), top]
    note = _("Overall score out of 100")
    if data.cap_applied:
        note = _("Overall score out of 100 – capped (uncapped %(uncapped)s)") % {
            "uncapped": fmt_score(data.overall_uncapped)
        }
    story.append(para(esc(note), caption))
    story.append(Spacer(0, 8 * mm))
    tiles = pillar_tiles(data.pillars, theme, width)
    if tiles is not None:
        story += [tiles, Spacer(0, 7 * mm)]
    banner = critical_banner(data, theme, width)
    if banner is not None:
        story.append(KeepTogether([banner]))  # long names may push it off the cover: whole
    return story


def cover_painter(data: AuditReportData, theme: Theme):
    """The onPage callback painting this report's band."""
    subtitle = location_line(data.location_name, data.location_city, data.location_country)
    if data.visited_at:
        subtitle += f"  ·  {fmt_dt(data.visited_at, with_time=False)}"
    branding = data.branding

    def paint(canv: Canvas, doc) -> None:
        brand_band(
            canv,
            theme,
            _("Mystery shopping audit report"),
            data.title,
            subtitle,
            branding.org_name,
            branding.prepared_by,
            branding.logo_path,
        )

    return paint
