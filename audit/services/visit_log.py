"""The timing log of a visit: when each touchpoint was opened and answered, time on site.

Openings come from the auditor's page (`TouchpointOpening`, device clock); answers carry the
device time of their last edit. Time on site runs from the first sign of the visit (a
check-in, an opening or an answer) to the last answer (the submit when nothing is answered).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from audit.extensions import db
from audit.models import Audit, TouchpointOpening


@dataclass(frozen=True)
class TouchpointTimes:
    """One touchpoint's line of the log."""

    key: str
    name: str
    first_opened: datetime | None
    openings: int
    first_answered: datetime | None
    last_answered: datetime | None


@dataclass(frozen=True)
class VisitLog:
    """The whole log of an audit."""

    touchpoints: list[TouchpointTimes]
    start: datetime | None
    end: datetime | None

    @property
    def on_site(self) -> timedelta | None:
        """Total time on site (None before anything was recorded)."""
        if self.start is None or self.end is None:
            return None
        return max(self.end - self.start, timedelta(0))


def visit_log(audit: Audit) -> VisitLog:
    """The timing log of `audit`, touchpoints in checklist order."""
    definition = audit.checklist_version.definition
    openings = db.session.execute(
        select(TouchpointOpening.touchpoint_key, TouchpointOpening.opened_at)
        .where(TouchpointOpening.audit_id == audit.id)
        .order_by(TouchpointOpening.opened_at)
    ).all()
    opened: dict[str, list[datetime]] = {}
    for key, at in openings:
        opened.setdefault(key, []).append(at)
    answered: dict[str, list[datetime]] = {}
    for answer in audit.answers:
        if answer.value is None or not definition.has_criterion(answer.criterion_key):
            continue
        tp = definition.touchpoint_of(answer.criterion_key)
        answered.setdefault(tp.key, []).append(answer.answered_at)
    lines = []
    for tp in definition.touchpoints:
        times = sorted(answered.get(tp.key, []))
        lines.append(
            TouchpointTimes(
                key=tp.key,
                name=tp.name,
                first_opened=opened[tp.key][0] if tp.key in opened else None,
                openings=len(opened.get(tp.key, [])),
                first_answered=times[0] if times else None,
                last_answered=times[-1] if times else None,
            )
        )
    all_answers = [t for times in answered.values() for t in times]
    beginnings = [c.created_at for c in audit.checkins] + [at for _, at in openings] + all_answers
    start = min(beginnings) if beginnings else audit.started_at
    end = max(all_answers) if all_answers else audit.submitted_at
    return VisitLog(touchpoints=lines, start=start, end=end)
