"""How far an audit is: answered / visible criteria, overall and per touchpoint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit.scoring import Checklist, hidden_keys


@dataclass(frozen=True)
class Progress:
    """Answered visible criteria out of the visible ones (hidden follow-ups do not count)."""

    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def audit_progress(
    definition: Checklist, answers: dict[str, Any], hidden: set[str] | None = None
) -> tuple[Progress, dict[str, Progress]]:
    """(overall, {touchpoint key: progress}) for stored answers."""
    hidden = hidden_keys(definition, answers) if hidden is None else hidden
    per_tp: dict[str, Progress] = {}
    answered_all = total_all = 0
    for tp in definition.touchpoints:
        visible = [c.key for c in tp.criteria if c.key not in hidden]
        answered = sum(1 for key in visible if answers.get(key) is not None)
        per_tp[tp.key] = Progress(answered, len(visible))
        answered_all += answered
        total_all += len(visible)
    return Progress(answered_all, total_all), per_tp
