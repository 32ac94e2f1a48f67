"""Corrective actions in the audit report: those this visit opened and those it rechecked."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from .appendix import _table
from .data import ActionLine, AuditReportData
from .document import OutlineMark, heading
from .styles import Theme, esc, fmt_dt


def _last_cell(line: ActionLine, theme: Theme) -> str:
    """Paragraph markup: the due date and owner, or the recheck's result in its colour."""
    if line.passed is None:
        due = f"due {fmt_dt(line.due_date, False)}" if line.due_date else "no due date"
        return esc(f"{due} · {line.owner}" if line.owner else due)
    color = theme.score_color(100 if line.passed else 0).hexval()[2:]
    result = "Passes now" if line.passed else "Still failing"
    return f"<font color='#{color}'><b>{result}</b></font>"


def _table_of(lines: Sequence[ActionLine], theme: Theme, last: str, width: float):
    s = theme.styles
    rows: list[list] = [["ACTION", "CRITERION", "STATUS", last]]
    rows += [
        [
            Paragraph(esc(line.title), s["cell"]),
            Paragraph(esc(line.criterion), s["cell"]),
            Paragraph(esc(line.status), s["cell"]),
            Paragraph(_last_cell(line, theme), s["cell"]),
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
    title = "Corrective actions"
    story: list[Flowable] = [OutlineMark(title, 1), heading(title, "h2", theme)]
    opened = [a for a in data.actions if a.passed is None]
    rechecked = [a for a in data.actions if a.passed is not None]
    if opened:
        story += [
            Paragraph("OPENED FROM THIS VISIT", s["kicker"]),
            _table_of(opened, theme, "DUE · OWNER", width),
        ]
    if rechecked:
        story += [
            Spacer(0, 4 * mm),
            Paragraph("EARLIER ACTIONS RECHECKED IN THIS VISIT", s["kicker"]),
            _table_of(rechecked, theme, "RESULT NOW", width),
        ]
    return story
