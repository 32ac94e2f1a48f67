"""The wave summary: a league table of locations, then one page per location."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)

from . import language
from .charts import bar_chart, journey_map, score_bar, score_dial
from .cover import COVER_TOP, brand_band, location_line
from .data import WaveLocation, WaveSummaryData
from .document import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, OutlineMark, PageChrome, heading, render
from .language import gettext as _
from .language import ngettext, report_language, use_language
from .mirror import para, table
from .styles import (
    CRITICAL,
    FAIL_BG,
    LINE,
    MUTED,
    SOFT,
    Theme,
    critical_tag,
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
        return (_("new") if new else "–"), MUTED
    if loc.change > 0:
        return f"{theme.sym('▲ ', '')}+{fmt_score(loc.change)}", theme.score_color(100)
    if loc.change < 0:
        return f"{theme.sym('▼ ', '')}-{fmt_score(-loc.change)}", theme.score_color(0)
    return f"{theme.sym('= ', '')}{fmt_score(0.0)}", MUTED


def key_figures(data: WaveSummaryData, theme: Theme, width: float) -> Table:
    """Audits, locations and the mean overall score of the wave, as the dashboard shows them."""
    s = theme.styles
    tiles = [
        (_("Audits"), language.plain_number(data.audit_count)),
        (_("Locations"), language.plain_number(len(data.locations))),
        (_("Mean overall score"), fmt_score(data.mean_overall)),
        (_("Compared with"), data.previous_wave or "–"),
    ]
    cells = [
        [para(esc(label).upper(), s["kicker"]), para(esc(value), s["value"])]
        for label, value in tiles
    ]
    return table(
        [cells],
        [width / len(tiles)] * len(tiles),
        [
            ("BACKGROUND", (0, 0), (-1, -1), SOFT),
            ("LINEAFTER", (0, 0), (-2, -1), 3, colors.white),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ],
    )


def league_table(data: WaveSummaryData, theme: Theme, width: float) -> Table:
    """Rank, location, audits, score bar, mean score, grade, change since the previous wave."""
    s = theme.styles
    since = _("vs %(wave)s") % {"wave": data.previous_wave} if data.previous_wave else _("CHANGE")
    rows: list[list] = [
        [
            "#",
            _("LOCATION"),
            _("AUDITS"),
            "",
            _("SCORE"),
            _("GRADE"),
            para(f"<b>{esc(since.upper())}</b>", s["cell_muted"].clone("since", alignment=2)),
        ]
    ]
    style: list[tuple] = []
    for i, loc in enumerate(ranked(data.locations), 1):
        where = ", ".join(p for p in (loc.location_city, loc.location_country) if p)
        name = f"<b>{esc(loc.location_name)}</b>"
        if where:
            name += f"<br/><font size='6.5' color='#5b6475'>{esc(where)}</font>"
        if loc.cap_applied:
            name += " " + critical_tag(6.5)
        change, color = change_text(loc, theme)
        rows.append(
            [
                language.plain_number(i),
                para(name, s["cell"]),
                language.plain_number(len(loc.audits) or 1),
                score_bar(loc.overall, theme, 70),
                fmt_score(loc.overall),
                para(esc(loc.grade or "–"), s["cell"]),
                change,
            ]
        )
        style.append(("TEXTCOLOR", (6, i), (6, i), color))
        if i % 2 == 0:
            style.append(("BACKGROUND", (0, i), (-1, i), SOFT))
    fixed = [22, 40, 80, 44, 72, 64]
    widths = [fixed[0], width - sum(fixed), *fixed[1:]]
    return table(
        rows,
        widths,
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
        ],
        repeatRows=1,
    )


def _audits_table(loc: WaveLocation, theme: Theme, width: float) -> Flowable:
    """The location's audits in this wave: visit, checklist, score, grade."""
    s = theme.styles
    rows: list[list] = [[_("VISIT"), _("CHECKLIST"), _("SCORE"), _("GRADE")]]
    for a in loc.audits:
        rows.append(
            [
                fmt_dt(a.visited_at, with_time=False),
                para(esc(a.checklist_title), s["cell"]),
                fmt_score(a.overall),
                para(esc(a.grade or "–"), s["cell"]),
            ]
        )
    return table(
        rows,
        [width * 0.2, width * 0.5, width * 0.1, width * 0.2],
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
        ],
    )


def _fails_table(loc: WaveLocation, theme: Theme, width: float) -> Flowable:
    s = theme.styles
    fails = list(loc.top_fails)[:TOP_FAILS]
    if not fails:
        return para(esc(_("No criterion failed.")), s["small"])
    rows: list[list] = [[_("TOUCHPOINT"), _("CRITERION"), _("ANSWER"), _("WEIGHT")]]
    style: list[tuple] = []
    for i, f in enumerate(fails, 1):
        text = esc(f.text)
        if f.critical:
            text += " " + critical_tag()
            style.append(("LINEBEFORE", (0, i), (0, i), 2.5, CRITICAL))
        rows.append(
            [
                para(esc(f.touchpoint), s["cell"]),
                para(text, s["cell"]),
                para(esc(quote(f.answer_text)) or "–", s["cell"]),
                fmt_weight(f.weight),
            ]
        )
    return table(
        rows,
        [width * 0.25, width * 0.5, width * 0.15, width * 0.1],
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
        ],
    )


def location_page(
    loc: WaveLocation, rank: int, total: int, theme: Theme, width: float
) -> list[Flowable]:
    """One page for one location, shrunk to fit when it has a lot to say."""
    s = theme.styles
    count = len(loc.audits) or 1
    facts = [
        _("Rank %(rank)s of %(total)s") % {"rank": rank, "total": total},
        ngettext("%(n)d audit in this wave", "%(n)d audits in this wave", count) % {"n": count},
        fmt_dt(loc.visited_at, with_time=False),
    ]
    if loc.auditor_name:
        facts.append(_("Auditor %(name)s") % {"name": loc.auditor_name})
    change, _color = change_text(loc, theme)
    facts.append(_("change %(change)s") % {"change": change})
    where = location_line("", loc.location_city, loc.location_country).lstrip(" —")
    kicker = esc(where.upper() if where else _("LOCATION"))
    content: list[Flowable] = [
        para(kicker, s["kicker"]),
        heading(loc.location_name, "h1", theme),
        para(esc("  ·  ".join(facts)), s["small"]),
        Spacer(0, 5 * mm),
    ]
    dial = score_dial(loc.overall, loc.grade, theme, size=52 * mm)
    pillars = bar_chart(loc.pillars, theme, width - 62 * mm) if loc.pillars else Spacer(0, 0)
    top = table(
        [[dial, [para(esc(_("PILLARS")), s["kicker"]), Spacer(0, 4), pillars]]],
        [62 * mm, width - 62 * mm],
        [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )
    content.append(top)
    if loc.cap_applied:
        headline, detail = esc(_("Critical failure:")), esc(_("the overall score is capped."))
        capnote = s["body"].clone("capnote", textColor=CRITICAL)
        content.append(para(f"<b>{headline}</b> {detail}", capnote))
    if loc.stages:
        content += [
            Spacer(0, 4 * mm),
            para(esc(_("CUSTOMER JOURNEY")), s["kicker"]),
            Spacer(0, 3),
            journey_map(loc.stages, theme, width),
        ]
    if len(loc.audits) > 1:
        content += [
            Spacer(0, 4 * mm),
            para(esc(_("AUDITS IN THIS WAVE (THE SCORE ABOVE IS THEIR MEAN)")), s["kicker"]),
            Spacer(0, 3),
            _audits_table(loc, theme, width),
        ]
    content += [
        Spacer(0, 5 * mm),
        para(esc(_("TOP FAILED CRITERIA")), s["kicker"]),
        Spacer(0, 3),
        _fails_table(loc, theme, width),
    ]
    height = theme.page_size[1] - MARGIN_TOP - MARGIN_BOTTOM - 2
    return [
        PageBreak(),
        OutlineMark(loc.location_name, 1),
        KeepInFrame(width, height, content, mode="shrink"),
    ]


def build_wave_summary(data: WaveSummaryData, lang: language.ReportLanguage | None = None) -> bytes:
    """Render a wave across locations as a branded PDF in `lang` (else `data.language`)."""
    with use_language(lang or report_language(data.language)):
        return _build_wave_summary(data)


def _build_wave_summary(data: WaveSummaryData) -> bytes:
    theme = make_theme(data.branding, data.grades)
    width = theme.page_size[0] - 2 * MARGIN_X
    n = len(data.locations)
    counts = ngettext("%(n)d audit", "%(n)d audits", data.audit_count) % {
        "n": data.audit_count
    } + ngettext(" at %(n)d location", " at %(n)d locations", n) % {"n": n}
    wave = _("Wave %(wave)s") % {"wave": data.wave} if data.wave else ""
    subtitle = "  ·  ".join(p for p in (wave, data.checklist_title, counts) if p)
    chrome = PageChrome(
        org_name=data.branding.org_name,
        subject=wave or _("Wave summary"),
        title=data.title,
        footer_text=data.branding.footer_text,
        author=data.branding.prepared_by or data.branding.org_name,
    )
    b = data.branding

    def paint(canv, doc) -> None:
        brand_band(
            canv,
            theme,
            _("Wave summary"),
            data.title,
            subtitle,
            b.org_name,
            b.prepared_by,
            b.logo_path,
        )

    story: list[Flowable] = [
        heading(_("League table"), "h2", theme, level=0),
        key_figures(data, theme, width),
        Spacer(0, 4 * mm),
        para(
            esc(_("Locations from best to worst mean overall score of their audits in this wave.")),
            theme.styles["small"],
        ),
        Spacer(0, 3),
        league_table(data, theme, width),
        NextPageTemplate("body"),
    ]
    for rank, loc in enumerate(ranked(data.locations), 1):
        page = location_page(loc, rank, n, theme, width)
        if rank == 1:
            page.insert(1, OutlineMark(_("Locations"), 0))
        story += page
    return render(story, theme, chrome, paint, COVER_TOP)
