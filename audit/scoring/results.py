"""Score results: unrounded numbers, per-criterion detail on demand, and the section 6 JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from audit.scoring.rounding import round_score


@dataclass(frozen=True)
class CriterionResult:
    """How one criterion counted: its normalised answer, fraction f and effective weight."""

    key: str
    value: Any
    fraction: float | None
    weight: float
    hidden: bool
    included: bool
    failed: bool
    missing: bool


def _rounded(scores: dict[str, float | None]) -> dict[str, float | None]:
    return {key: round_score(value) for key, value in scores.items()}


@dataclass(frozen=True)
class ScoreResult:
    """An audit's scores (unrounded percentages, None where nothing is included)."""

    checklist: str
    overall: float | None
    overall_uncapped: float | None
    grade: str | None
    critical_failures: list[str]
    failed: list[str]
    missing: list[str]
    pillars: dict[str, float | None]
    touchpoints: dict[str, float | None]
    stages: dict[str, float | None]
    channels: dict[str, float | None]
    _detail: Any = field(default=None, repr=False, compare=False)

    @cached_property
    def criteria(self) -> dict[str, CriterionResult]:
        """Per-criterion results in document order (built on first access)."""
        return self._detail() if self._detail is not None else {}

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of docs/scoring.md ("Command line"), rounded, in its key order."""
        return {
            "checklist": self.checklist,
            "overall": round_score(self.overall),
            "overall_uncapped": round_score(self.overall_uncapped),
            "grade": self.grade,
            "critical_failures": list(self.critical_failures),
            "failed": list(self.failed),
            "missing": list(self.missing),
            "pillars": _rounded(self.pillars),
            "touchpoints": _rounded(self.touchpoints),
            "stages": _rounded(self.stages),
            "channels": _rounded(self.channels),
        }
