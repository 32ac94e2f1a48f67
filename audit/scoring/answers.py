"""Answer normalisation and validation (docs/scoring.md, "Answers").

Normalised forms: yes_no -> "yes"/"no"; scale and nps -> int; number -> float; choice ->
the option value as text; text -> str; not applicable -> "N/A". Unanswered (absent, null,
empty or blank string) -> None, and dropped by `validate_answers`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from audit.scoring.errors import AnswerError, AnswerProblem
from audit.scoring.fields import suggest
from audit.scoring.model import NA, Checklist, Criterion

_YES = frozenset({"yes", "true"})
_NO = frozenset({"no", "false"})


class InvalidAnswer(ValueError):
    """Raised by the normalisers: an English message, a stable code and its parameters."""

    def __init__(self, message: str, code: str = "", **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params

    def problem(self, key: str) -> AnswerProblem:
        """This refusal as the problem of criterion `key`."""
        return AnswerProblem(key, str(self), self.code, self.params)


def show(value: Any) -> str:
    """A short, readable rendering of a raw value for messages."""
    text = value if isinstance(value, str) else repr(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    return f"`{text[:40]}{'...' if len(text) > 40 else ''}`"


def is_unanswered(value: Any) -> bool:
    """Absent/null, empty or all-blank string."""
    return value is None or (isinstance(value, str) and not value.strip())


def is_na(value: Any) -> bool:
    """The string N/A, case-insensitive, surrounding blanks ignored."""
    return isinstance(value, str) and value.strip().upper() == NA


def _yes_no(criterion: Criterion, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YES:
            return "yes"
        if word in _NO:
            return "no"
    raise InvalidAnswer(
        f"expected yes or no, got {show(value)}", "expected_yes_no", got=show(value)
    )


def _whole(value: Any) -> int:
    if isinstance(value, bool):
        raise InvalidAnswer(
            f"expected a whole number, got {show(value)}", "expected_whole_number", got=show(value)
        )
    if isinstance(value, int):
        return value
    number = value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            try:
                number = float(value.strip())
            except ValueError:
                raise InvalidAnswer(
                    f"expected a whole number, got {show(value)}",
                    "expected_whole_number",
                    got=show(value),
                ) from None
    if isinstance(number, float) and math.isfinite(number) and number.is_integer():
        return int(number)
    raise InvalidAnswer(
        f"expected a whole number, got {show(value)}", "expected_whole_number", got=show(value)
    )


def _scale(criterion: Criterion, value: Any) -> int:
    v = _whole(value)
    if not criterion.min <= v <= criterion.max:
        raise InvalidAnswer(
            f"must be between {criterion.min} and {criterion.max}, got {v}",
            "out_of_range",
            low=criterion.min,
            high=criterion.max,
            got=v,
        )
    return v


def _nps(criterion: Criterion, value: Any) -> int:
    v = _whole(value)
    if not 0 <= v <= 10:
        raise InvalidAnswer(
            f"must be between 0 and 10, got {v}", "out_of_range", low=0, high=10, got=v
        )
    return v


def _number(criterion: Criterion, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidAnswer(
            f"expected a number, got {show(value)}", "expected_number", got=show(value)
        )
    try:
        v = float(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        raise InvalidAnswer(
            f"expected a number, got {show(value)}", "expected_number", got=show(value)
        ) from None
    if not math.isfinite(v):
        raise InvalidAnswer(
            f"expected a finite number, got {show(value)}",
            "expected_finite_number",
            got=show(value),
        )
    return v


def _choice(criterion: Criterion, value: Any) -> str:
    values = [o.value for o in criterion.options]
    text = None
    if isinstance(value, str):
        text = value if value in values else value.strip()
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        text = str(int(value))
    if text not in values:
        listed = ", ".join(values)
        raise InvalidAnswer(
            f"{show(value)} is not one of the options ({listed})",
            "not_an_option",
            got=show(value),
            options=listed,
        )
    return text


def _text(criterion: Criterion, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidAnswer(f"expected text, got {show(value)}", "expected_text", got=show(value))
    return value


NORMALISERS = {
    "yes_no": _yes_no,
    "scale": _scale,
    "nps": _nps,
    "number": _number,
    "choice": _choice,
    "text": _text,
}


def normalise(criterion: Criterion, value: Any, allow_na: bool = True) -> Any:
    """Normalise one raw answer; None when unanswered; raises InvalidAnswer."""
    if is_unanswered(value):
        return None
    if is_na(value):
        if allow_na and criterion.na:
            return NA
        raise InvalidAnswer("N/A is not allowed for this question", "na_not_allowed")
    return NORMALISERS[criterion.type](criterion, value)


def validate_answer(checklist: Checklist, key: str, value: Any) -> Any:
    """Normalise one answer of the checklist (None when unanswered); raises AnswerError."""
    try:
        criterion = checklist.criterion(key)
    except (KeyError, TypeError):
        raise AnswerError(
            [AnswerProblem(str(key), "unknown question", "unknown_question", {"key": str(key)})]
        ) from None
    try:
        return normalise(criterion, value)
    except InvalidAnswer as exc:
        raise AnswerError([exc.problem(key)]) from None


def validate_answers(checklist: Checklist, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise all answers (unanswered keys dropped); AnswerError lists every bad key."""
    if not isinstance(answers, Mapping):
        raise AnswerError(
            [AnswerProblem("<root>", "answers must be a mapping of key to value", "not_a_mapping")]
        )
    result: dict[str, Any] = {}
    problems: list[AnswerProblem] = []
    for criterion in checklist.criteria:
        if criterion.key not in answers:
            continue
        try:
            value = normalise(criterion, answers[criterion.key])
        except InvalidAnswer as exc:
            problems.append(exc.problem(criterion.key))
            continue
        if value is not None:
            result[criterion.key] = value
    known = checklist._cache["by_key"]
    problems.extend(
        AnswerProblem(
            str(key),
            f"unknown question{suggest(str(key), known)}",
            "unknown_question",
            {"key": str(key)},
        )
        for key in answers
        if key not in known
    )
    if problems:
        raise AnswerError(problems)
    return result
