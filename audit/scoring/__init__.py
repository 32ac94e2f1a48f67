"""Checklist loading and validation, answer validation and audit scoring (pure Python, no Flask).

The format is docs/checklist-format.md, the rules docs/scoring.md. Format extension:
two optional boolean criterion fields, `comment_on_fail` and `photo_on_fail` (default false,
allowed on every scored type, an error on text). When such a criterion fails, the platform
refuses to submit the audit without a comment / without a photo of its touchpoint; this
package only exposes the flags on `Criterion` and the failures in `ScoreResult.failed`.
"""

from audit.scoring.answers import validate_answer, validate_answers
from audit.scoring.engine import score_audit
from audit.scoring.errors import AnswerError, AnswerProblem, ChecklistError, Problem
from audit.scoring.loader import load_checklist, load_checklist_file
from audit.scoring.model import (
    Band,
    Checklist,
    Criterion,
    Grade,
    Option,
    Pillar,
    ShowIf,
    Touchpoint,
)
from audit.scoring.results import CriterionResult, ScoreResult
from audit.scoring.rounding import round_score
from audit.scoring.visibility import hidden_keys, is_hidden, visible_criteria

__all__ = [
    "AnswerError",
    "AnswerProblem",
    "Band",
    "Checklist",
    "ChecklistError",
    "Criterion",
    "CriterionResult",
    "Grade",
    "Option",
    "Pillar",
    "Problem",
    "ScoreResult",
    "ShowIf",
    "Touchpoint",
    "hidden_keys",
    "is_hidden",
    "load_checklist",
    "load_checklist_file",
    "round_score",
    "score_audit",
    "validate_answer",
    "validate_answers",
    "visible_criteria",
]
