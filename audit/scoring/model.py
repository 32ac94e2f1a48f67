"""The checklist as immutable data: Checklist > Touchpoint > Criterion (docs/checklist-format.md).

Extension of the base format (docs/checklist-format.md, "Extensions"): every scored criterion
may set `comment_on_fail: true` and/or `photo_on_fail: true` (booleans, default false, an
error on text criteria). The platform refuses to submit an audit where such a criterion fails
without a comment / without a photo of its touchpoint; the scoring engine only exposes them.

Translations (docs/checklist-format.md, "Translations"): every text field holds the default
language's text; an object whose texts were given per language keeps them in `translations`
(field name -> language -> text), and `Checklist.in_language` resolves them all at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from audit.scoring.errors import Problem

STAGES = ("awareness", "consideration", "purchase", "retention", "advocacy")
TYPES = ("yes_no", "scale", "choice", "number", "nps", "text")
NA = "N/A"
# Field name -> language code -> text, for the text fields given as a mapping per language.
Translations = Mapping[str, Mapping[str, str]]


def _translations() -> Any:
    """The `translations` field: empty for plain texts, never compared (scores ignore it)."""
    return field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class MissingText:
    """A text translated into some of the checklist's languages but not all (a warning)."""

    line: int
    path: str
    languages: tuple[str, ...]  # the languages without a text of their own
    text: str  # the default language's text, shown instead
    default_language: str

    @property
    def params(self) -> dict[str, str]:
        """The languages without a text (as `ar`, `ru`) and the one shown instead."""
        codes = ", ".join(f"`{code}`" for code in self.languages)
        return {"languages": codes, "language": self.default_language}

    @property
    def message(self) -> str:
        """What `validate` prints for it."""
        return "no {languages} text; the `{language}` text is shown instead".format(**self.params)

    @property
    def problem(self) -> Problem:
        """The warning as a problem, with its code and parameters (said at the edge)."""
        return Problem(self.line, self.path, self.message, "missing_translation", self.params)


@dataclass(frozen=True)
class Pillar:
    """A pillar (people, product, process, ...): its weight in the overall score and a title."""

    weight: float = 1.0
    title: str = ""
    translations: Translations = _translations()


@dataclass(frozen=True)
class Grade:
    """A grade band: the label given to a rounded overall score >= min."""

    min: float
    label: str
    translations: Translations = _translations()


@dataclass(frozen=True)
class Option:
    """One option of a choice criterion; `value` is always text."""

    value: str
    label: str
    score: float
    translations: Translations = _translations()


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
    translations: Translations = _translations()

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
    translations: Translations = _translations()
    # Audio evidence (docs/checklist-format.md, "Audio"): how many recordings, how long each.
    audio_max: int = 0
    audio_max_seconds: int = 0


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
    languages: tuple[str, ...] = ("en",)
    default_language: str = "en"
    translations: Translations = _translations()
    missing_texts: tuple[MissingText, ...] = field(default=(), compare=False, repr=False)
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

    @property
    def warnings(self) -> list[Problem]:
        """What `validate` warns about: texts missing some of the declared languages."""
        return [m.problem for m in self.missing_texts]

    @property
    def base(self) -> Checklist:
        """The checklist as loaded (its default language), also for a copy in another language."""
        return self._cache.get("base", self)

    @property
    def language(self) -> str:
        """The language this checklist's texts are in."""
        return self._cache.get("language", self.default_language)

    def grade_label(self, label: str | None) -> str | None:
        """A score's grade (a band's default-language label) in this checklist's language."""
        for default, shown in zip(self.base.grades, self.grades, strict=True):
            if default.label == label:
                return shown.label
        return label

    def in_language(self, language: str | None) -> Checklist:
        """This checklist with every text in `language`, each falling back to the default text.

        A language the checklist does not declare (or None) gives the default language. Only
        texts change: keys, weights and rules are the same objects' values, so a copy scores
        exactly like the checklist it came from (`score_audit` scores the `base`).
        """
        base = self.base
        if language not in base.languages or language == base.default_language:
            return base
        copy = base._cache.get(f"in:{language}")
        if copy is None:
            copy = _localised(base, language)
            copy._cache.update(base=base, language=language)
            base._cache[f"in:{language}"] = copy
        return copy


def _texts_in(obj: Any, language: str, **changes: Any) -> Any:
    """`obj` with its translated text fields in `language` (plus `changes`); itself if none."""
    for name, texts in obj.translations.items():
        if language in texts:
            changes[name] = texts[language]
    return replace(obj, **changes) if changes else obj


def _localised(checklist: Checklist, language: str) -> Checklist:
    def criterion(c: Criterion) -> Criterion:
        options = tuple(_texts_in(o, language) for o in c.options)
        return _texts_in(c, language, **({"options": options} if c.options else {}))

    return _texts_in(
        checklist,
        language,
        pillars={name: _texts_in(p, language) for name, p in checklist.pillars.items()},
        grades=tuple(_texts_in(g, language) for g in checklist.grades),
        touchpoints=tuple(
            _texts_in(tp, language, criteria=tuple(criterion(c) for c in tp.criteria))
            for tp in checklist.touchpoints
        ),
    )
