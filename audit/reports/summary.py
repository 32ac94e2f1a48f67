"""The executive summary: headline, pillars, journey map, strengths and priority actions."""

from __future__ import annotations

from gettext import ngettext

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from .charts import bar_chart, chips, humanize, journey_map, score_bar
from .data import AuditReportData, CriterionLine, TouchpointSection
from .document import heading
from .styles import CRITICAL, LINE, MUTED, SOFT, Theme, esc, fmt_score, fmt_weight, quote

TOP_N = 6


def _scored(data: AuditReportData) -> list[tuple[TouchpointSection, CriterionLine]]:
    return [(tp, c) for tp in data.touchpoints for c in tp.criteria if c.included]


def headline(data: AuditReportData) -> str:
    """One paragraph in words: the score, best and weakest pillar, how many failed."""
    where = esc(data.location_name)
    if data.overall is None:
        return f"No scored answers are recorded for {where} yet."
    text = f"{where} scored <b>{fmt_score(data.overall)}</b> out of 100"
    text += f", graded <b>{esc(data.grade)}</b>." if data.grade else "."
    pillars = [p for p in data.pillars if p.score is not None]
    if len(pillars) > 1:
        best = max(pillars, key=lambda p: p.score)
        worst = min(pillars, key=lambda p: p.score)
        text += (
            f" The strongest pillar is <b>{esc(best.label)}</b> ({fmt_score(best.score)}%),"
            f" the weakest <b>{esc(worst.label)}</b> ({fmt_score(worst.score)}%)."
        )
    scored = _scored(data)
    failed = sum(1 for _, c in scored if c.failed)
    text += f" {len(scored) - failed} of {len(scored)} assessed criteria passed"
    if data.critical_failures:
        n = len(data.critical_failures)
        text += "; " + ngettext(
            "%(n)d critical criterion failed", "%(n)d critical criteria failed", n
        ) % {"n": n}
        if data.cap_applied:
            text += f", capping the score from {fmt_score(data.overall_uncapped)}"
    return text + "."


def _kpis(data: AuditReportData, theme: Theme, width: float) -> Table:
    scored = _scored(data)
    failed = sum(1 for _, c in scored if c.failed)
    tiles = [
        ("Overall", fmt_score(data.overall), theme.score_color(data.overall)),
        ("Grade", data.grade or "–", theme.score_color(data.overall)),
        ("Criteria assessed", str(len(scored)), theme.primary),
        ("Passed", str(len(scored) - failed), theme.score_color(100)),
        ("Failed", str(failed), theme.score_color(0) if failed else MUTED),
        (
            "Critical failures",
            str(len(data.critical_failures)),
            CRITICAL if data.critical_failures else MUTED,
        ),
    ]
    s = theme.styles
    room = width / len(tiles) - 12  # the tile less its cell padding
    cells = [
        [
            Paragraph(esc(label).upper(), s["kicker"]),
            Paragraph(esc(value), _kpi_style(s["value"], i, value, color, room)),
        ]
        for i, (label, value, color) in enumerate(tiles)
    ]
    table = Table([cells], colWidths=[width / len(tiles)] * len(tiles))
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SOFT),
                ("LINEAFTER", (0, 0), (-2, -1), 3, colors.white),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def kpi_size(value: str, font: str, room: float, largest: float = 15, smallest: float = 8) -> float:
    """The largest font size up to `largest` at which the value's longest word fits `room`."""
    word = max(value.split() or [""], key=lambda w: stringWidth(w, font, 1))
    width = stringWidth(word, font, 1)
    return max(smallest, min(largest, room / width)) if width else largest


def _kpi_style(base, index: int, value: str, color, room: float):
    # Long grade labels ("Needs improvement") would break mid-word in a sixth of the page.
    size = kpi_size(value, base.fontName, room)
    if size < 15 and stringWidth(value, base.fontName, size) > room:
        size = min(size, 11)  # two lines: smaller, so the tile stays level with the others
    return base.clone(f"kpi{index}", fontSize=size, leading=size + 4, textColor=color)


def _answer(c: CriterionLine) -> str:
    # The answer in full is in the touchpoint's section; a summary line quotes its start.
    return f"answered “{esc(quote(c.answer_text))}”" if c.answer_text else "no answer"


def strengths(data: AuditReportData, theme: Theme) -> list[Paragraph]:
    """The heaviest criteria that passed with the best scores."""
    passed = [(tp, c) for tp, c in _scored(data) if not c.failed]
    passed.sort(key=lambda tc: (-(tc[1].score or 0) * tc[1].weight, -tc[1].weight))
    s = theme.styles
    mark = theme.sym("✓", "+")
    return [
        Paragraph(
            f"<b>{mark} Keep doing:</b> {esc(c.text)}<br/>"
            f"<font size='7' color='#5b6475'>{esc(tp.name)} · {_answer(c)} · "
            f"weight {fmt_weight(c.weight)}</font>",
            s["cell"],
        )
        for tp, c in passed[:TOP_N]
    ]


def actions(data: AuditReportData, theme: Theme) -> list[Paragraph]:
    """Failed criteria as actions: critical first, then by weight, then by lowest score."""
    failed = [(tp, c) for tp, c in _scored(data) if c.failed]
    failed.sort(key=lambda tc: (not tc[1].critical, -tc[1].weight, tc[1].score or 0))
    s = theme.styles
    out = []
    for i, (tp, c) in enumerate(failed[:TOP_N], 1):
        tag = " · <font color='#b3261e'><b>CRITICAL</b></font>" if c.critical else ""
        out.append(
            Paragraph(
                f"<b>{i}. Fix at {esc(tp.name)}:</b> {esc(c.text)}<br/>"
                f"<font size='7' color='#5b6475'>{_answer(c)} · weight "
                f"{fmt_weight(c.weight)}</font>{tag}",
                s["cell"],
            )
        )
    return out


def _two_columns(data: AuditReportData, theme: Theme, width: float) -> Table:
    s = theme.styles
    left = strengths(data, theme) or [Paragraph("No criterion passed yet.", s["cell_muted"])]
    right = actions(data, theme) or [
        Paragraph("No criterion failed: nothing to fix.", s["cell_muted"])
    ]
    col = width / 2 - 5
    table = Table(
        [
            [
                Paragraph("TOP STRENGTHS", s["kicker"]),
                "",
                Paragraph("PRIORITY ACTIONS", s["kicker"]),
            ],
            [[*_spaced(left)], "", [*_spaced(right)]],
        ],
        colWidths=[col, 10, col],
        splitInRow=24,  # long texts: the boxes continue on the next page
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (0, 0), 2.5, theme.score_color(100)),
                ("LINEABOVE", (2, 0), (2, 0), 2.5, theme.score_color(0)),
                ("BACKGROUND", (0, 0), (0, -1), SOFT),
                ("BACKGROUND", (2, 0), (2, -1), SOFT),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _spaced(paras: list[Paragraph]) -> list[Flowable]:
    out: list[Flowable] = []
    for p in paras:
        out += [p, Spacer(0, 5)]
    return out


def overview(data: AuditReportData, theme: Theme, width: float) -> Table:
    """Touchpoints at a glance: stage, channel, score bar, number of failed criteria."""
    s = theme.styles
    head = ["Touchpoint", "Stage", "Channel", "", "Score", "Failed"]
    rows: list[list] = [head]
    for tp in data.touchpoints:
        fails = sum(1 for c in tp.criteria if c.included and c.failed)
        crit = sum(1 for c in tp.criteria if c.included and c.failed and c.critical)
        rows.append(
            [
                Paragraph(esc(tp.name), s["cell"]),
                Paragraph(esc(humanize(tp.stage) or "–"), s["cell_muted"]),
                Paragraph(esc(humanize(tp.channel) or "–"), s["cell_muted"]),
                score_bar(tp.score, theme, width=62),
                fmt_score(tp.score),
                f"{fails}{' (' + str(crit) + ' critical)' if crit else ''}" if fails else "–",
            ]
        )
    table = Table(rows, colWidths=[width - 330, 68, 68, 70, 44, 80], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), theme.fonts.bold, 8),
                ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
                ("FONT", (0, 1), (-1, -1), theme.fonts.regular, 8),
                ("TEXTCOLOR", (1, 1), (2, -1), MUTED),
                ("FONT", (4, 1), (4, -1), theme.fonts.bold, 8),
                ("ALIGN", (4, 0), (5, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def summary_story(data: AuditReportData, theme: Theme, width: float) -> list[Flowable]:
    """The executive summary section."""
    s = theme.styles
    story: list[Flowable] = [
        heading("Executive summary", "h1", theme, level=0),
        Paragraph(headline(data), s["body"].clone("lead", fontSize=10.5, leading=15)),
        Spacer(0, 4 * mm),
        _kpis(data, theme, width),
    ]
    if data.pillars:
        story += [
            KeepTogether(
                [
                    heading("Scores by pillar", "h2", theme),
                    bar_chart(data.pillars, theme, width),
                ]
            )
        ]
    journey: list[Flowable] = [
        heading("Customer journey", "h2", theme),
        Paragraph(
            "Score by journey stage, left to right; stages without criteria are grey.", s["small"]
        ),
        Spacer(0, 3),
        journey_map(data.stages, theme, width),
    ]
    if data.channels:
        journey += [
            Spacer(0, 6),
            Paragraph("BY CHANNEL", s["kicker"]),
            Spacer(0, 3),
            chips(data.channels, theme, width),
        ]
    story.append(KeepTogether(journey))
    story += [
        Spacer(0, 4 * mm),
        KeepTogether(
            [
                heading("Strengths and priority actions", "h2", theme),
                _two_columns(data, theme, width),
            ]
        ),
    ]
    if data.touchpoints:
        title = heading("Touchpoints at a glance", "h2", theme)
        title.keepWithNext = True
        story += [title, overview(data, theme, width)]
    return story
