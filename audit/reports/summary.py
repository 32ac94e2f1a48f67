"""The executive summary: headline, pillars, journey map, strengths and priority actions."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from . import language
from .charts import bar_chart, chips, journey_map, key_name, score_bar
from .data import AuditReportData, CriterionLine, TouchpointSection
from .document import heading
from .language import gettext as _
from .language import ngettext
from .mirror import para, table
from .styles import (
    CRITICAL,
    LINE,
    MUTED,
    SOFT,
    Theme,
    critical_tag,
    esc,
    fmt_score,
    fmt_weight,
    quote,
)

TOP_N = 6


def _scored(data: AuditReportData) -> list[tuple[TouchpointSection, CriterionLine]]:
    return [(tp, c) for tp in data.touchpoints for c in tp.criteria if c.included]


def headline(data: AuditReportData) -> str:
    """One paragraph in words: the score, best and weakest pillar, how many failed."""
    where = esc(data.location_name)
    if data.overall is None:
        return _("No scored answers are recorded for %(location)s yet.") % {"location": where}
    values = {
        "location": where,
        "score": f"<b>{fmt_score(data.overall)}</b>",
        "grade": f"<b>{esc(data.grade)}</b>",
    }
    if data.grade:
        text = _("%(location)s scored %(score)s out of 100, graded %(grade)s.") % values
    else:
        text = _("%(location)s scored %(score)s out of 100.") % values
    pillars = [p for p in data.pillars if p.score is not None]
    if len(pillars) > 1:
        best = max(pillars, key=lambda p: p.score)
        worst = min(pillars, key=lambda p: p.score)
        text += " " + _(
            "The strongest pillar is %(best)s (%(best_score)s), the weakest %(worst)s "
            "(%(worst_score)s)."
        ) % {
            "best": f"<b>{esc(key_name(best.key, best.label))}</b>",
            "best_score": fmt_score(best.score, "%"),
            "worst": f"<b>{esc(key_name(worst.key, worst.label))}</b>",
            "worst_score": fmt_score(worst.score, "%"),
        }
    scored = _scored(data)
    failed = sum(1 for _tp, c in scored if c.failed)
    text += " " + ngettext(
        "%(passed)d of %(n)d assessed criterion passed.",
        "%(passed)d of %(n)d assessed criteria passed.",
        len(scored),
    ) % {"passed": len(scored) - failed, "n": len(scored)}
    if data.critical_failures:
        n = len(data.critical_failures)
        if data.cap_applied:
            sentence = ngettext(
                "%(n)d critical criterion failed, capping the score from %(uncapped)s.",
                "%(n)d critical criteria failed, capping the score from %(uncapped)s.",
                n,
            )
        else:
            sentence = ngettext(
                "%(n)d critical criterion failed.", "%(n)d critical criteria failed.", n
            )
        text += " " + sentence % {"n": n, "uncapped": fmt_score(data.overall_uncapped)}
    return text


def _kpis(data: AuditReportData, theme: Theme, width: float) -> Table:
    scored = _scored(data)
    failed = sum(1 for _tp, c in scored if c.failed)
    count = language.plain_number
    tiles = [
        (_("Overall"), fmt_score(data.overall), theme.score_color(data.overall)),
        (_("Grade"), data.grade or "–", theme.score_color(data.overall)),
        (_("Criteria assessed"), count(len(scored)), theme.primary),
        (_("Passed"), count(len(scored) - failed), theme.score_color(100)),
        (_("Failed"), count(failed), theme.score_color(0) if failed else MUTED),
        (
            _("Critical failures"),
            count(len(data.critical_failures)),
            CRITICAL if data.critical_failures else MUTED,
        ),
    ]
    s = theme.styles
    room = width / len(tiles) - 12  # the tile less its cell padding
    cells = [
        [
            para(esc(label).upper(), s["kicker"]),
            para(esc(value), _kpi_style(s["value"], i, language.text(value), color, room)),
        ]
        for i, (label, value, color) in enumerate(tiles)
    ]
    return table(
        [cells],
        [width / len(tiles)] * len(tiles),
        [
            ("BACKGROUND", (0, 0), (-1, -1), SOFT),
            ("LINEAFTER", (0, 0), (-2, -1), 3, colors.white),
            ("TOPPADDING", (0, 0), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ],
    )


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
    if not c.answer_text:
        return _("no answer")
    return _("answered “%(answer)s”") % {"answer": esc(quote(c.answer_text))}


def strengths(data: AuditReportData, theme: Theme) -> list[Paragraph]:
    """The heaviest criteria that passed with the best scores."""
    passed = [(tp, c) for tp, c in _scored(data) if not c.failed]
    passed.sort(key=lambda tc: (-(tc[1].score or 0) * tc[1].weight, -tc[1].weight))
    s = theme.styles
    mark = theme.sym("✓", "+")
    keep = esc(_("Keep doing:"))
    return [
        para(
            f"<b>{mark} {keep}</b> {esc(c.text)}<br/>"
            f"<font size='7' color='#5b6475'>{esc(tp.name)} · {_answer(c)} · "
            f"{_weight(c.weight)}</font>",
            s["cell"],
        )
        for tp, c in passed[:TOP_N]
    ]


def _weight(weight: float) -> str:
    return _("weight %(weight)s") % {"weight": fmt_weight(weight)}


def actions(data: AuditReportData, theme: Theme) -> list[Paragraph]:
    """Failed criteria as actions: critical first, then by weight, then by lowest score."""
    failed = [(tp, c) for tp, c in _scored(data) if c.failed]
    failed.sort(key=lambda tc: (not tc[1].critical, -tc[1].weight, tc[1].score or 0))
    s = theme.styles
    out = []
    for i, (tp, c) in enumerate(failed[:TOP_N], 1):
        tag = f" · {critical_tag()}" if c.critical else ""
        fix = _("%(number)s. Fix at %(touchpoint)s:") % {
            "number": language.plain_number(i),
            "touchpoint": esc(tp.name),
        }
        out.append(
            para(
                f"<b>{fix}</b> {esc(c.text)}<br/>"
                f"<font size='7' color='#5b6475'>{_answer(c)} · "
                f"{_weight(c.weight)}</font>{tag}",
                s["cell"],
            )
        )
    return out


def _two_columns(data: AuditReportData, theme: Theme, width: float) -> Table:
    s = theme.styles
    left = strengths(data, theme) or [para(esc(_("No criterion passed yet.")), s["cell_muted"])]
    right = actions(data, theme) or [
        para(esc(_("No criterion failed: nothing to fix.")), s["cell_muted"])
    ]
    col = width / 2 - 5
    return table(
        [
            [
                para(esc(_("TOP STRENGTHS")), s["kicker"]),
                "",
                para(esc(_("PRIORITY ACTIONS")), s["kicker"]),
            ],
            [[*_spaced(left)], "", [*_spaced(right)]],
        ],
        [col, 10, col],
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
        ],
        splitInRow=24,  # long texts: the boxes continue on the next page
    )


def _spaced(paras: list[Paragraph]) -> list[Flowable]:
    out: list[Flowable] = []
    for p in paras:
        out += [p, Spacer(0, 5)]
    return out


def overview(data: AuditReportData, theme: Theme, width: float) -> Table:
    """Touchpoints at a glance: stage, channel, score bar, number of failed criteria."""
    s = theme.styles
    head = [_("Touchpoint"), _("Stage"), _("Channel"), "", _("Score"), _("Failed")]
    rows: list[list] = [head]
    for tp in data.touchpoints:
        fails = sum(1 for c in tp.criteria if c.included and c.failed)
        crit = sum(1 for c in tp.criteria if c.included and c.failed and c.critical)
        failed = language.plain_number(fails) if fails else "–"
        if crit:
            failed = ngettext(
                "%(n)s (%(critical)s critical)", "%(n)s (%(critical)s critical)", crit
            ) % {
                "n": failed,
                "critical": language.plain_number(crit),
            }
        rows.append(
            [
                para(esc(tp.name), s["cell"]),
                para(esc(key_name(tp.stage) or "–"), s["cell_muted"]),
                para(esc(key_name(tp.channel) or "–"), s["cell_muted"]),
                score_bar(tp.score, theme, width=62),
                fmt_score(tp.score),
                failed,
            ]
        )
    return table(
        rows,
        [width - 330, 68, 68, 70, 44, 80],
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
        ],
        repeatRows=1,
    )


def summary_story(data: AuditReportData, theme: Theme, width: float) -> list[Flowable]:
    """The executive summary section."""
    s = theme.styles
    story: list[Flowable] = [
        heading(_("Executive summary"), "h1", theme, level=0),
        para(headline(data), s["body"].clone("lead", fontSize=10.5, leading=15)),
        Spacer(0, 4 * mm),
        _kpis(data, theme, width),
    ]
    if data.pillars:
        story += [
            KeepTogether(
                [
                    heading(_("Scores by pillar"), "h2", theme),
                    bar_chart(data.pillars, theme, width),
                ]
            )
        ]
    journey: list[Flowable] = [
        heading(_("Customer journey"), "h2", theme),
        para(
            esc(_("Score by journey stage, in order; stages without criteria are grey.")),
            s["small"],
        ),
        Spacer(0, 3),
        journey_map(data.stages, theme, width),
    ]
    if data.channels:
        journey += [
            Spacer(0, 6),
            para(esc(_("BY CHANNEL")), s["kicker"]),
            Spacer(0, 3),
            chips(data.channels, theme, width),
        ]
    story.append(KeepTogether(journey))
    story += [
        Spacer(0, 4 * mm),
        KeepTogether(
            [
                heading(_("Strengths and priority actions"), "h2", theme),
                _two_columns(data, theme, width),
            ]
        ),
    ]
    if data.touchpoints:
        title = heading(_("Touchpoints at a glance"), "h2", theme)
        title.keepWithNext = True
        story += [title, overview(data, theme, width)]
    return story
