"""The checklist as immutable data: Checklist > Touchpoint > Criterion (docs/checklist-format.md).

Extension of the base format (docs/checklist-format.md, "Extensions"): every scored criterion
may set `comment_on_fail: true` and/or `photo_on_fail: true` (booleans, default false, an
error on text criteria). The platform refuses to submit an audit where such a criterion fails
without a comment / without a photo of its touchpoint; the scoring engine only exposes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STAGES = ("awareness", "consideration", "purchase", "retention", "advocacy")
TYPES = ("yes_no", "scale", "choice", "number", "nps", "text")
NA = "N/A"


@dataclass(frozen=True)
class Pillar:
    """A pillar (people, product, process, ...): its weight in the overall score and a title."""

    weight: float = 1.0
    title: str = ""


@dataclass(frozen=True)
class Grade:
    """A grade band: the label given to a rounded overall score >= min."""

    min: float
    label: str


@dataclass(frozen=True)
class Option:
    """One option of a choice criterion; `value` is always text."""

    value: str
    label: str
    score: float


@dataclass(frozen=True)
class Band:
    """One band of a number criterion: bounds inclusive, None meaning unbounded."""

    min: float | None
    max: float | None
    score: float


@dataclass(frozen=True)
class ShowIf:
    """Show a criterion only when an earlier criterion's normalised answer is among `values`."""

    criterion: str
    values: tuple[Any, ...]
    operator: str = "equals"  # "equals" (one value) or "in"

    def matches(self, value: Any) -> bool:
        """Whether a normalised answer of the referenced criterion shows the criterion."""
        return value in self.values


@dataclass(frozen=True)
class Criterion:
    """One question of a touchpoint, with its type-specific settings already defaulted."""

    key: str
    text: str
    pillar: str
    type: str
    weight: float = 1.0
    critical: bool = False
    na: bool = False
    required: bool = True
    guidance: str | None = None
    show_if: ShowIf | None = None
    expected: str | None = None
    min: int | None = None
    max: int | None = None
    options: tuple[Option, ...] = ()
    bands: tuple[Band, ...] = ()
    pass_at: float | None = None
    comment_on_fail: bool = False
    photo_on_fail: bool = False

    @property
    def scored(self) -> bool:
        """Whether the criterion counts in scores (every type but text)."""
        return self.type != "text"


@dataclass(frozen=True)
class Touchpoint:
    """A moment of the customer journey, holding its criteria."""

    key: str
    name: str
    stage: str | None = None
    channel: str | None = None
    weight: float = 1.0
    photos_min: int = 0
    photos_max: int = 10
    criteria: tuple[Criterion, ...] = ()


@dataclass(frozen=True)
class Checklist:
    """A validated checklist; lookups are precomputed once and cached on the object."""

    id: str
    title: str
    description: str | None
    pillars: dict[str, Pillar]
    grades: tuple[Grade, ...]
    critical_failure_cap: float
    touchpoints: tuple[Touchpoint, ...]
    # Visit integrity: a visit shorter than this (minutes on site) is flagged `too_fast`.
    min_visit_minutes: float | None = None
    _cache: dict[str, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        criteria = tuple(c for tp in self.touchpoints for c in tp.criteria)
        self._cache["criteria"] = criteria
        self._cache["by_key"] = {c.key: c for c in criteria}
        self._cache["tp_by_key"] = {tp.key: tp for tp in self.touchpoints}
        self._cache["tp_of"] = {c.key: tp for tp in self.touchpoints for c in tp.criteria}

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """All criteria in document order."""
        return self._cache["criteria"]

    def criterion(self, key: str) -> Criterion:
        """The criterion with this key (KeyError if none)."""
        return self._cache["by_key"][key]

    def has_criterion(self, key: object) -> bool:
        """Whether the checklist has a criterion with this key (any value may be asked)."""
        return isinstance(key, str) and key in self._cache["by_key"]

    def touchpoint(self, key: str) -> Touchpoint:
        """The touchpoint with this key (KeyError if none)."""
        return self._cache["tp_by_key"][key]

    def touchpoint_of(self, criterion_key: str) -> Touchpoint:
        """The touchpoint holding this criterion (KeyError if none)."""
        return self._cache["tp_of"][criterion_key]
