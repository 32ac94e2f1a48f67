"""Corrective actions in the audit report: those this visit opened and those it rechecked."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from .appendix import _table
from .data import ActionLine, AuditReportData
from .document import OutlineMark, heading
from .language import gettext as _
from .mirror import para
from .styles import Theme, esc, fmt_dt


def _last_cell(line: ActionLine, theme: Theme) -> str:
    """Paragraph markup: the due date and owner, or the recheck's result in its colour."""
    if line.passed is None:
        if line.due_date:
            due = _("due %(date)s") % {"date": fmt_dt(line.due_date, False)}
        else:
            due = _("no due date")
        return esc(f"{due} · {line.owner}" if line.owner else due)
    color = theme.score_color(100 if line.passed else 0).hexval()[2:]
    result = _("Passes now") if line.passed else _("Still failing")
    return f"<font color='#{color}'><b>{esc(result)}</b></font>"


def _table_of(lines: Sequence[ActionLine], theme: Theme, last: str, width: float):
    s = theme.styles
    rows: list[list] = [[_("ACTION"), _("CRITERION"), _("STATUS"), last]]
    rows += [
        [
            para(esc(line.title), s["cell"]),
            para(esc(line.criterion), s["cell"]),
            para(esc(line.status), s["cell"]),
            para(_last_cell(line, theme), s["cell"]),
        ]
        for line in lines
    ]
    return _table(rows, [width * 0.3, width * 0.34, width * 0.14, width * 0.22], theme)


def actions_story(data: AuditReportData, theme: Theme, width: float) -> list[Flowable]:
    """Actions opened from this visit (status, due date, owner), then earlier ones it
    rechecked (whether the criterion passes now); nothing when there are none."""
    if not data.actions:
        return []
    s = theme.styles
    title = _("Corrective actions")
    story: list[Flowable] = [OutlineMark(title, 1), heading(title, "h2", theme)]
    opened = [a for a in data.actions if a.passed is None]
    rechecked = [a for a in data.actions if a.passed is not None]
    if opened:
        story += [
            para(esc(_("OPENED FROM THIS VISIT")), s["kicker"]),
            _table_of(opened, theme, _("DUE · OWNER"), width),
        ]
    if rechecked:
        story += [
            Spacer(0, 4 * mm),
            para(esc(_("EARLIER ACTIONS RECHECKED IN THIS VISIT")), s["kicker"]),
            _table_of(rechecked, theme, _("RESULT NOW"), width),
        ]
    return story
