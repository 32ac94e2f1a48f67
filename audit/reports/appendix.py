"""The appendix: methodology (scores, weights, grade bands, cap), timings, audit trail."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from . import language
from .charts import N_, humanize, key_name
from .data import AuditReportData, AuditTimings
from .document import OutlineMark, heading
from .language import gettext as _
from .mirror import para, restyle, table
from .styles import LINE, MUTED, SOFT, Theme, esc, fmt_dt, fmt_score, fmt_weight

METHOD = (
    N_(
        "Each criterion answered by the auditor earns a fraction between 0 and 1: a yes/no "
        "question scores 1 when the answer is the expected one; a scale scores its position "
        "between its lowest and highest value; a choice or a number band scores the value the "
        "checklist gives it; an NPS answer scores its value out of 10. Free-text answers are "
        "notes and are never scored."
    ),
    N_(
        "A criterion counts when it is visible (conditional questions whose condition was not "
        "met are skipped), answered, not marked N/A, and its weight is above zero. Its "
        "effective weight is the touchpoint's weight times the criterion's weight."
    ),
    N_(
        "A touchpoint, pillar, journey stage or channel score is the weighted average of the "
        "fractions of its criteria, times 100. The overall score is the weighted average of the "
        "pillar scores, using the pillar weights below. Scores are rounded to one decimal only "
        "for display."
    ),
    N_(
        "A criterion fails when its fraction is below its pass mark (all of the points for a "
        "yes/no question, half of them otherwise, unless the checklist says differently)."
    ),
)
#: The trail's actions a report shows (audience.CLIENT_TRAIL_ACTIONS and the internal ones).
ACTIONS = {
    "assigned": N_("Assigned"),
    "started": N_("Started"),
    "submitted": N_("Submitted"),
    "returned": N_("Returned to the auditor"),
    "approved": N_("Approved"),
    "published": N_("Published"),
    "answer_corrected": N_("Answer corrected"),
}


def _table(rows: list[list], widths: Sequence[float], theme: Theme) -> Table:
    # A row taller than a page (a long comment in the trail) splits across pages: that
    # needs every flowable cell as a list, the only cell form reportlab splits.
    cells = [[[v] if isinstance(v, Flowable) else v for v in row] for row in rows]
    return table(
        cells,
        list(widths),
        [
            ("FONT", (0, 0), (-1, 0), theme.fonts.bold, 7.5),
            ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
            ("FONT", (0, 1), (-1, -1), theme.fonts.regular, 8),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, theme.primary),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ],
        repeatRows=1,
        splitByRow=0,
        splitInRow=24,
    )


def _grades(data: AuditReportData, theme: Theme, width: float) -> Table:
    """Grade bands, best first; the label column is as wide as the longest label needs."""
    bands = list(theme.grades)
    s = theme.styles
    # The arrow points at the grade column: leftwards in English, rightwards in Arabic.
    arrow = theme.sym("▶" if language.is_rtl() else "◀", ">" if language.is_rtl() else "<-")
    this_audit = _("this audit")
    mark = language.text(f"{arrow} {this_audit}")
    pad = 12  # the cells' left and right padding
    label_w = (
        max([stringWidth(language.text(b.label), theme.fonts.regular, 8) for b in bands] or [0])
        + pad
    )
    mark_w = stringWidth(mark, theme.fonts.bold, 8) + pad
    widest = _span(100.0, 100.0)
    span_w = stringWidth(language.text(widest), theme.fonts.regular, 8) + pad
    # Labels wrap (never overlap the scores) when the three cannot all fit on one line.
    label_w = min(label_w, width - mark_w - span_w)
    rows: list[list] = [[_("GRADE"), _("OVERALL SCORE"), ""]]
    style = []
    upper = None
    for i, band in enumerate(bands, 1):
        mine = data.grade == band.label
        rows.append(
            [para(esc(band.label), s["cell"]), _span(band.min, upper), mark if mine else ""]
        )
        style.append(("LINEBEFORE", (0, i), (0, i), 4, theme.score_color(band.min)))
        upper = band.min
    grades = _table(rows, [label_w, width - label_w - mark_w, mark_w], theme)
    restyle(grades, style + [("FONT", (2, 1), (2, -1), theme.fonts.bold, 8)], 3)
    return grades


def _span(low: float, high: float | None) -> str:
    """'75.0 to below 90.0', or '90.0 to 100' for the best band."""
    if high is None:
        return _("%(low)s to 100") % {"low": fmt_score(low)}
    return _("%(low)s to below %(high)s") % {"low": fmt_score(low), "high": fmt_score(high)}


def _weights(data: AuditReportData, theme: Theme, width: float) -> Table:
    rows: list[list] = [[_("PILLAR"), _("WEIGHT"), _("SCORE")]]
    for p in data.pillars:
        rows.append([key_name(p.key, p.label), fmt_weight(p.weight), fmt_score(p.score)])
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
        if hours:
            return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": f"{mins:02d}"}
        return _("%(minutes)s min") % {"minutes": mins}
    return "–"


def appendix_story(data: AuditReportData, theme: Theme, width: float) -> list[Flowable]:
    """Methodology, timings and the audit trail."""
    s = theme.styles
    story: list[Flowable] = [heading(_("Appendix"), "h1", theme, level=0)]
    story += [OutlineMark(_("Methodology"), 1), heading(_("Methodology"), "h2", theme)]
    method = s["body"].clone("method", spaceAfter=5)
    story += [para(esc(_(text)), method) for text in METHOD]
    cap = _("When a criterion marked critical fails, the overall score is capped at %(cap)s.") % {
        "cap": fmt_score(data.critical_failure_cap)
    }
    story += [para(esc(cap), method), Spacer(0, 3 * mm)]
    # Grade bands get the wider side: three columns, labels such as "Needs improvement".
    weights_w = (width - 10 * mm) * 0.42
    grades_w = width - 10 * mm - weights_w
    pair = table(
        [
            [
                [
                    para(esc(_("PILLAR WEIGHTS")), s["kicker"]),
                    Spacer(0, 3),
                    _weights(data, theme, weights_w),
                ],
                [
                    para(esc(_("GRADE BANDS")), s["kicker"]),
                    Spacer(0, 3),
                    _grades(data, theme, grades_w),
                ],
            ]
        ],
        [weights_w + 10 * mm, grades_w],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ],
    )
    story.append(KeepTogether([pair]))
    t = data.timings
    timing_rows = [
        [_("VISIT"), _("STARTED"), _("SUBMITTED"), _("TIME SPENT")],
        [fmt_dt(data.visited_at), fmt_dt(t.started_at), fmt_dt(t.submitted_at), _duration(t)],
    ]
    story += [
        OutlineMark(_("Auditor's timings"), 1),
        heading(_("Auditor's timings"), "h2", theme),
        _table(timing_rows, [width / 4] * 4, theme),
    ]
    story += [OutlineMark(_("Audit trail"), 1), heading(_("Audit trail"), "h2", theme)]
    if data.events:
        rows: list[list] = [[_("WHEN"), _("WHO"), _("ACTION"), _("COMMENT")]]
        for e in data.events:
            action = _(ACTIONS[e.action]) if e.action in ACTIONS else humanize(e.action)
            rows.append(
                [
                    fmt_dt(e.when),
                    para(esc(e.who), s["cell"]),
                    para(esc(action), s["cell"]),
                    para(esc(e.comment), s["cell"]),
                ]
            )
        story.append(_table(rows, [width * 0.22, width * 0.2, width * 0.18, width * 0.4], theme))
    else:
        story.append(para(esc(_("No events recorded.")), s["small"]))
    story += [
        Spacer(0, 4 * mm),
        para(
            esc(_("This report is confidential and intended for the client named on the cover.")),
            s["small"].clone("conf", backColor=SOFT, borderPadding=6),
        ),
    ]
    return story
