"""show_if logic for UIs: which criteria are hidden by the current answers (section 3)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from audit.scoring.answers import InvalidAnswer, normalise
from audit.scoring.model import NA, Checklist, Criterion


def hidden_keys(checklist: Checklist, answers: Mapping[str, Any]) -> set[str]:
    """Keys of hidden criteria; an invalid answer counts as unanswered here (a UI draft)."""
    hidden: set[str] = set()
    values: dict[str, Any] = {}
    for criterion in checklist.criteria:
        try:
            values[criterion.key] = normalise(criterion, answers.get(criterion.key))
        except InvalidAnswer:
            values[criterion.key] = None
        rule = criterion.show_if
        if rule is None:
            continue
        ref = values.get(rule.criterion)
        if rule.criterion in hidden or ref is None or ref == NA or not rule.matches(ref):
            hidden.add(criterion.key)
    return hidden


def is_hidden(checklist: Checklist, answers: Mapping[str, Any], key: str) -> bool:
    """Whether the criterion `key` is hidden by the answers (KeyError for an unknown key)."""
    checklist.criterion(key)
    return key in hidden_keys(checklist, answers)


def visible_criteria(checklist: Checklist, answers: Mapping[str, Any]) -> list[Criterion]:
    """The criteria to show, in document order."""
    hidden = hidden_keys(checklist, answers)
    return [c for c in checklist.criteria if c.key not in hidden]
