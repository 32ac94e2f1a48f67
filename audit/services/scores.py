"""Keep an audit's cached score current and say what stops it from being submitted."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask_babel import gettext as _

from audit.models import Audit
from audit.scoring import ScoreResult, Touchpoint, score_audit
from audit.services.checklist_texts import checklist_in

# A problem as the form and the API show it: kind, touchpoint, criterion, message.
Problem = dict[str, Any]


def compute_score(audit: Audit) -> ScoreResult:
    """Score the audit's stored answers with its pinned checklist version."""
    return score_audit(audit.checklist_version.definition, audit.answer_values())


def refresh_score(audit: Audit) -> ScoreResult:
    """Recompute and cache the score (called whenever answers change)."""
    result = compute_score(audit)
    audit.score = result.to_dict()
    audit.overall = audit.score["overall"]
    return result


def _problem(kind: str, touchpoint: Touchpoint, criterion: str | None, message: str) -> Problem:
    """One thing that blocks submitting, naming its touchpoint (and criterion) for the form."""
    return {"kind": kind, "touchpoint": touchpoint.key, "criterion": criterion, "message": message}


def submission_problems(audit: Audit) -> list[Problem]:
    """Everything that blocks submitting: missing answers, photo shortfalls, evidence.

    Each problem names its touchpoint (and criterion) so the form can link to it.
    """
    definition = checklist_in(audit.checklist_version)  # messages in the reader's language
    result = refresh_score(audit)
    comments = {a.criterion_key: a.comment.strip() for a in audit.answers}
    photo_counts = Counter(p.touchpoint_key for p in audit.photos)
    problems: list[Problem] = []
    for key in result.missing:
        touchpoint = definition.touchpoint_of(key)
        problems.append(
            _problem(
                "missing_answer",
                touchpoint,
                key,
                _(
                    "%(touchpoint)s: “%(criterion)s” is not answered",
                    touchpoint=touchpoint.name,
                    criterion=definition.criterion(key).text,
                ),
            )
        )
    for touchpoint in definition.touchpoints:
        have = photo_counts.get(touchpoint.key, 0)
        if have < touchpoint.photos_min:
            problems.append(
                _problem(
                    "photo_shortfall",
                    touchpoint,
                    None,
                    _(
                        "%(touchpoint)s: %(required)d photo(s) required, %(attached)d attached",
                        touchpoint=touchpoint.name,
                        required=touchpoint.photos_min,
                        attached=have,
                    ),
                )
            )
    for key in result.failed:
        criterion = definition.criterion(key)
        touchpoint = definition.touchpoint_of(key)
        if criterion.comment_on_fail and not comments.get(key):
            problems.append(
                _problem(
                    "comment_required",
                    touchpoint,
                    key,
                    _(
                        "%(touchpoint)s: “%(criterion)s” failed; add a comment saying what you saw",
                        touchpoint=touchpoint.name,
                        criterion=criterion.text,
                    ),
                )
            )
        if criterion.photo_on_fail and not photo_counts.get(touchpoint.key):
            problems.append(
                _problem(
                    "photo_required",
                    touchpoint,
                    key,
                    _(
                        "%(touchpoint)s: “%(criterion)s” failed; attach a photo as evidence",
                        touchpoint=touchpoint.name,
                        criterion=criterion.text,
                    ),
                )
            )
    return problems
