"""The wave summary: a league table of locations, then one page per location."""

from __future__ import annotations

from collections.abc import Sequence
from gettext import ngettext

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .charts import bar_chart, journey_map, score_bar, score_dial
from .cover import COVER_TOP, brand_band, location_line
from .data import WaveLocation, WaveSummaryData
from .document import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, OutlineMark, PageChrome, heading, render
from .styles import (
    CRITICAL,
    FAIL_BG,
    LINE,
    MUTED,
    SOFT,
    Theme,
    esc,
    fmt_dt,
    fmt_score,
    fmt_weight,
    make_theme,
    quote,
)

TOP_FAILS = 8


def ranked(locations: Sequence[WaveLocation]) -> list[WaveLocation]:
    """Best to worst by overall score; unscored locations last, ties by name."""
    return sorted(
        locations,
        key=lambda loc: (loc.overall is None, -(loc.overall or 0), loc.location_name.casefold()),
    )


def change_text(loc: WaveLocation, theme: Theme) -> tuple[str, colors.Color]:
    """'▲ +3.2' / '▼ -1.0' / 'new' against the previous wave, with its colour.

    The change is the dashboard's (`loc.change`), never recomputed here: both must agree.
    """
    if loc.change is None:
        new = loc.previous_overall is None and loc.overall is not None
        return ("new" if new else "–"), MUTED
    if loc.change > 0:
        return f"{theme.sym('▲ ', '')}+{loc.change:.1f}", theme.score_color(100)
    if loc.change < 0:
        return f"{theme.sym('▼ ', '')}{loc.change:.1f}", theme.score_color(0)
    return f"{theme.sym('= ', '')}0.0", MUTED


def key_figures(data: WaveSummaryData, theme: Theme, width: float) -> Table:
    """Audits, locations and the mean overall score of the wave, as the dashboard shows them."""
    s = theme.styles
    tiles = [
        ("Audits", str(data.audit_count)),
        ("Locations", str(len(data.locations))),
        ("Mean overall score", fmt_score(data.mean_overall)),
        ("Compared with", data.previous_wave or "–"),
    ]
    cells = [
        [Paragraph(esc(label).upper(), s["kicker"]), Paragraph(esc(value), s["value"])]
        for label, value in tiles
    ]
    table = Table([cells], colWidths=[width / len(tiles)] * len(tiles))
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SOFT),
                ("LINEAFTER", (0, 0), (-2, -1), 3, colors.white),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return table


def league_table(data: WaveSummaryData, theme: Theme, width: float) -> Table:
    """Rank, location, audits, score bar, mean score, grade, change since the previous wave."""
    s = theme.styles
    since = f"vs {data.previous_wave}" if data.previous_wave else "CHANGE"
    rows: list[list] = [
        [
            "#",
            "LOCATION",
            "AUDITS",
            "",
            "SCORE",
            "GRADE",
            Paragraph(f"<b>{esc(since.upper())}</b>", s["cell_muted"].clone("since", alignment=2)),
        ]
    ]
    style: list[tuple] = []
    for i, loc in enumerate(ranked(data.locations), 1):
        where = ", ".join(p for p in (loc.location_city, loc.location_country) if p)
        name = f"<b>{esc(loc.location_name)}</b>"
        if where:
            name += f"<br/><font size='6.5' color='#5b6475'>{esc(where)}</font>"
        if loc.cap_applied:
            name += " <font size='6.5' color='#b3261e'><b>CRITICAL</b></font>"
        change, color = change_text(loc, theme)
        rows.append(
            [
                str(i),
                Paragraph(name, s["cell"]),
                str(len(loc.audits) or 1),
                score_bar(loc.overall, theme, 70),
                fmt_score(loc.overall),
                Paragraph(esc(loc.grade or "–"), s["cell"]),
                change,
            ]
        )
        style.append(("TEXTCOLOR", (6, i), (6, i), color))
        if i % 2 == 0:
            style.append(("BACKGROUND", (0, i), (-1, i), SOFT))
    fixed = [22, 40, 80, 44, 72, 64]
    widths = [fixed[0], width - sum(fixed), *fixed[1:]]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), theme.fonts.bold, 7.5),
                ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
                ("FONT", (0, 1), (-1, -1), theme.fonts.regular, 8.5),
                ("FONT", (4, 1), (4, -1), theme.fonts.bold, 9),
                ("FONT", (6, 1), (6, -1), theme.fonts.bold, 8.5),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("ALIGN", (4, 0), (4, -1), "RIGHT"),
                ("ALIGN", (6, 0), (6, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, theme.primary),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
                *style,
            ]
        )
    )
    return table


def _audits_table(loc: WaveLocation, theme: Theme, width: float) -> Flowable:
    """The location's audits in this wave: visit, checklist, score, grade."""
    s = theme.styles
    rows: list[list] = [["VISIT", "CHECKLIST", "SCORE", "GRADE"]]
    for a in loc.audits:
        rows.append(
            [
                fmt_dt(a.visited_at, with_time=False),
                Paragraph(esc(a.checklist_title), s["cell"]),
                fmt_score(a.overall),
                Paragraph(esc(a.grade or "–"), s["cell"]),
            ]
        )
    table = Table(rows, colWidths=[width * 0.2, width * 0.5, width * 0.1, width * 0.2])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), theme.fonts.bold, 7.5),
                ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
                ("FONT", (0, 1), (-1, -1), theme.fonts.regular, 8),
                ("FONT", (2, 1), (2, -1), theme.fonts.bold, 8),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, theme.primary),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _fails_table(loc: WaveLocation, theme: Theme, width: float) -> Flowable:
    s = theme.styles
    fails = list(loc.top_fails)[:TOP_FAILS]
    if not fails:
        return Paragraph("No criterion failed.", s["small"])
    rows: list[list] = [["TOUCHPOINT", "CRITERION", "ANSWER", "WEIGHT"]]
    style: list[tuple] = []
    for i, f in enumerate(fails, 1):
        text = esc(f.text)
        if f.critical:
            text += " <font color='#b3261e'><b>CRITICAL</b></font>"
            style.append(("LINEBEFORE", (0, i), (0, i), 2.5, CRITICAL))
        rows.append(
            [
                Paragraph(esc(f.touchpoint), s["cell"]),
                Paragraph(text, s["cell"]),
                Paragraph(esc(quote(f.answer_text)) or "–", s["cell"]),
                fmt_weight(f.weight),
            ]
        )
    table = Table(rows, colWidths=[width * 0.25, width * 0.5, width * 0.15, width * 0.1])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), theme.fonts.bold, 7.5),
                ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
                ("FONT", (3, 1), (3, -1), theme.fonts.regular, 8),
                ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                ("BACKGROUND", (0, 1), (-1, -1), FAIL_BG),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, theme.primary),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.white),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *style,
            ]
        )
    )
    return table


def location_page(
    loc: WaveLocation, rank: int, total: int, theme: Theme, width: float
) -> list[Flowable]:
    """One page for one location, shrunk to fit when it has a lot to say."""
    s = theme.styles
    count = len(loc.audits) or 1
    facts = [
        f"Rank {rank} of {total}",
        ngettext("%(n)d audit in this wave", "%(n)d audits in this wave", count) % {"n": count},
        fmt_dt(loc.visited_at, with_time=False),
    ]
    if loc.auditor_name:
        facts.append(f"Auditor {loc.auditor_name}")
    where = location_line("", loc.location_city, loc.location_country).lstrip(" —")
    kicker = esc(where.upper()) if where else "LOCATION"
    change, _ = change_text(loc, theme)
    content: list[Flowable] = [
        Paragraph(kicker, s["kicker"]),
        heading(loc.location_name, "h1", theme),
        Paragraph(esc("  ·  ".join(facts) + f"  ·  change {change}"), s["small"]),
        Spacer(0, 5 * mm),
    ]
    dial = score_dial(loc.overall, loc.grade, theme, size=52 * mm)
    pillars = bar_chart(loc.pillars, theme, width - 62 * mm) if loc.pillars else Spacer(0, 0)
    top = Table(
        [[dial, [Paragraph("PILLARS", s["kicker"]), Spacer(0, 4), pillars]]],
        colWidths=[62 * mm, width - 62 * mm],
    )
    top.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    content.append(top)
    if loc.cap_applied:
        content.append(
            Paragraph(
                "<b>Critical failure:</b> the overall score is capped.",
                s["body"].clone("capnote", textColor=CRITICAL),
            )
        )
    if loc.stages:
        content += [
            Spacer(0, 4 * mm),
            Paragraph("CUSTOMER JOURNEY", s["kicker"]),
            Spacer(0, 3),
            journey_map(loc.stages, theme, width),
        ]
    if len(loc.audits) > 1:
        content += [
            Spacer(0, 4 * mm),
            Paragraph("AUDITS IN THIS WAVE (THE SCORE ABOVE IS THEIR MEAN)", s["kicker"]),
            Spacer(0, 3),
            _audits_table(loc, theme, width),
        ]
    content += [
        Spacer(0, 5 * mm),
        Paragraph("TOP FAILED CRITERIA", s["kicker"]),
        Spacer(0, 3),
        _fails_table(loc, theme, width),
    ]
    height = theme.page_size[1] - MARGIN_TOP - MARGIN_BOTTOM - 2
    return [
        PageBreak(),
        OutlineMark(loc.location_name, 1),
        KeepInFrame(width, height, content, mode="shrink"),
    ]


def build_wave_summary(data: WaveSummaryData) -> bytes:
    """Render a wave across locations as a branded PDF and return its bytes."""
    theme = make_theme(data.branding, data.grades)
    width = theme.page_size[0] - 2 * MARGIN_X
    n = len(data.locations)
    counts = ngettext("%(n)d audit", "%(n)d audits", data.audit_count) % {
        "n": data.audit_count
    } + ngettext(" at %(n)d location", " at %(n)d locations", n) % {"n": n}
    subtitle = "  ·  ".join(
        p for p in (f"Wave {data.wave}" if data.wave else "", data.checklist_title, counts) if p
    )
    chrome = PageChrome(
        org_name=data.branding.org_name,
        subject=f"Wave {data.wave}" if data.wave else "Wave summary",
        title=data.title,
        footer_text=data.branding.footer_text,
        author=data.branding.prepared_by or data.branding.org_name,
    )
    b = data.branding

    def paint(canv, doc) -> None:
        brand_band(
            canv,
            theme,
            "Wave summary",
            data.title,
            subtitle,
            b.org_name,
            b.prepared_by,
            b.logo_path,
        )

    story: list[Flowable] = [
        heading("League table", "h2", theme, level=0),
        key_figures(data, theme, width),
        Spacer(0, 4 * mm),
        Paragraph(
            "Locations from best to worst mean overall score of their audits in this wave.",
            theme.styles["small"],
        ),
        Spacer(0, 3),
        league_table(data, theme, width),
        NextPageTemplate("body"),
    ]
    for rank, loc in enumerate(ranked(data.locations), 1):
        page = location_page(loc, rank, n, theme, width)
        if rank == 1:
            page.insert(1, OutlineMark("Locations", 0))
        story += page
    return render(story, theme, chrome, paint, COVER_TOP)
