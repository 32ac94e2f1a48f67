"""The appendix: methodology (scores, weights, grade bands, cap), timings, audit trail."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from .data import AuditReportData, AuditTimings
from .document import OutlineMark, heading
from .styles import LINE, MUTED, SOFT, Theme, esc, fmt_dt, fmt_score, fmt_weight

METHOD = (
    "Each criterion answered by the auditor earns a fraction between 0 and 1: a yes/no "
    "question scores 1 when the answer is the expected one; a scale scores its position "
    "between its lowest and highest value; a choice or a number band scores the value the "
    "checklist gives it; an NPS answer scores its value out of 10. Free-text answers are "
    "notes and are never scored.",
    "A criterion counts when it is visible (conditional questions whose condition was not "
    "met are skipped), answered, not marked N/A, and its weight is above zero. Its "
    "effective weight is the touchpoint's weight times the criterion's weight.",
    "A touchpoint, pillar, journey stage or channel score is the weighted average of the "
    "fractions of its criteria, times 100. The overall score is the weighted average of the "
    "pillar scores, using the pillar weights below. Scores are rounded to one decimal only "
    "for display.",
    "A criterion fails when its fraction is below its pass mark (all of the points for a "
    "yes/no question, half of them otherwise, unless the checklist says differently).",
)


def _table(rows: list[list], widths: Sequence[float], theme: Theme) -> Table:
    # A row taller than a page (a long comment in the trail) splits across pages: that
    # needs every flowable cell as a list, the only cell form reportlab splits.
    cells = [[[v] if isinstance(v, Flowable) else v for v in row] for row in rows]
    table = Table(cells, colWidths=list(widths), repeatRows=1, splitByRow=0, splitInRow=24)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), theme.fonts.bold, 7.5),
                ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
                ("FONT", (0, 1), (-1, -1), theme.fonts.regular, 8),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, theme.primary),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    return table


def _grades(data: AuditReportData, theme: Theme, width: float) -> Table:
    """Grade bands, best first; the label column is as wide as the longest label needs."""
    bands = list(theme.grades)
    s = theme.styles
    mark = "◀ this audit" if theme.fonts.unicode else "<- this audit"
    pad = 12  # the cells' left and right padding
    label_w = max([stringWidth(b.label, theme.fonts.regular, 8) for b in bands] or [0]) + pad
    mark_w = stringWidth(mark, theme.fonts.bold, 8) + pad
    span_w = stringWidth("100.0 to below 100.0", theme.fonts.regular, 8) + pad  # the widest
    # Labels wrap (never overlap the scores) when the three cannot all fit on one line.
    label_w = min(label_w, width - mark_w - span_w)
    rows: list[list] = [["GRADE", "OVERALL SCORE", ""]]
    style = []
    upper = None
    for i, band in enumerate(bands, 1):
        span = (
            f"{fmt_score(band.min)} to 100"
            if upper is None
            else (f"{fmt_score(band.min)} to below {fmt_score(upper)}")
        )
        mine = data.grade == band.label
        rows.append([Paragraph(esc(band.label), s["cell"]), span, mark if mine else ""])
        style.append(("LINEBEFORE", (0, i), (0, i), 4, theme.score_color(band.min)))
        upper = band.min
    table = _table(rows, [label_w, width - label_w - mark_w, mark_w], theme)
    table.setStyle(TableStyle(style + [("FONT", (2, 1), (2, -1), theme.fonts.bold, 8)]))
    return table


def _weights(data: AuditReportData, theme: Theme, width: float) -> Table:
    rows: list[list] = [["PILLAR", "WEIGHT", "SCORE"]]
    for p in data.pillars:
        rows.append([p.label, fmt_weight(p.weight), fmt_score(p.score)])
    return _table(rows, [width * 0.5, width * 0.25, width * 0.25], theme)


def _duration(t: AuditTimings) -> str:
    if t.duration:
        return t.duration
    if t.started_at and t.submitted_at:
        try:
            minutes = int((t.submitted_at - t.started_at).total_seconds() // 60)
        except TypeError:  # one aware, one naive: say nothing rather than guess
            return "–"
        hours, mins = divmod(minutes, 60)
        return f"{hours} h {mins:02d} min" if hours else f"{mins} min"
    return "–"


def appendix_story(data: AuditReportData, theme: Theme, width: float) -> list[Flowable]:
    """Methodology, timings and the audit trail."""
    s = theme.styles
    story: list[Flowable] = [heading("Appendix", "h1", theme, level=0)]
    story += [OutlineMark("Methodology", 1), heading("Methodology", "h2", theme)]
    method = s["body"].clone("method", spaceAfter=5)
    story += [Paragraph(esc(text), method) for text in METHOD]
    cap = (
        f"When a criterion marked critical fails, the overall score is capped at "
        f"{fmt_score(data.critical_failure_cap)}."
    )
    story += [Paragraph(esc(cap), method), Spacer(0, 3 * mm)]
    # Grade bands get the wider side: three columns, labels such as "Needs improvement".
    weights_w = (width - 10 * mm) * 0.42
    grades_w = width - 10 * mm - weights_w
    pair = Table(
        [
            [
                [
                    Paragraph("PILLAR WEIGHTS", s["kicker"]),
                    Spacer(0, 3),
                    _weights(data, theme, weights_w),
                ],
                [
                    Paragraph("GRADE BANDS", s["kicker"]),
                    Spacer(0, 3),
                    _grades(data, theme, grades_w),
                ],
            ]
        ],
        colWidths=[weights_w + 10 * mm, grades_w],
    )
    pair.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story.append(KeepTogether([pair]))
    t = data.timings
    timing_rows = [
        ["VISIT", "STARTED", "SUBMITTED", "TIME SPENT"],
        [fmt_dt(data.visited_at), fmt_dt(t.started_at), fmt_dt(t.submitted_at), _duration(t)],
    ]
    story += [
        OutlineMark("Auditor's timings", 1),
        heading("Auditor's timings", "h2", theme),
        _table(timing_rows, [width / 4] * 4, theme),
    ]
    story += [OutlineMark("Audit trail", 1), heading("Audit trail", "h2", theme)]
    if data.events:
        rows: list[list] = [["WHEN", "WHO", "ACTION", "COMMENT"]]
        for e in data.events:
            rows.append(
                [
                    fmt_dt(e.when),
                    Paragraph(esc(e.who), s["cell"]),
                    Paragraph(esc(e.action), s["cell"]),
                    Paragraph(esc(e.comment), s["cell"]),
                ]
            )
        story.append(_table(rows, [width * 0.22, width * 0.2, width * 0.18, width * 0.4], theme))
    else:
        story.append(Paragraph("No events recorded.", s["small"]))
    story += [
        Spacer(0, 4 * mm),
        Paragraph(
            "This report is confidential and intended for the client named on the cover.",
            s["small"].clone("conf", backColor=SOFT, borderPadding=6),
        ),
    ]
    return story
