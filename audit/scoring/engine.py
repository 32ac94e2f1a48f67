"""The scoring engine (docs/scoring.md: "Which criteria count" and "Scores").

A checklist is compiled once into a plan (cached on the Checklist object): one step per
criterion with its effective weight, pass threshold, answer domain and fraction table, and
a group per (touchpoint, pillar) pair. Scoring an audit is then one pass over the steps,
summing w*f and w per group, then folding the groups into touchpoint, pillar, stage and
channel scores. Stored (normalised) answers take a fast path; anything else is normalised
by `answers.normalise`, and any invalid answer makes the whole audit raise AnswerError.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from audit.scoring.answers import InvalidAnswer, normalise, validate_answers
from audit.scoring.model import NA, Checklist, Criterion
from audit.scoring.results import CriterionResult, ScoreResult
from audit.scoring.rounding import round_score

EPSILON = 1e-9


def fraction(criterion: Criterion, value: Any) -> float:
    """The fraction f in [0, 1] earned by a normalised, non-N/A answer of a scored criterion."""
    kind = criterion.type
    if kind == "yes_no":
        return 1.0 if value == criterion.expected else 0.0
    if kind == "scale":
        return (value - criterion.min) / (criterion.max - criterion.min)
    if kind == "nps":
        return value / 10
    if kind == "choice":
        return next(o.score for o in criterion.options if o.value == value)
    for band in criterion.bands:
        if (band.min is None or value >= band.min) and (band.max is None or value <= band.max):
            return band.score
    return 0.0


@dataclass(slots=True)
class _Step:
    key: str
    criterion: Criterion
    kind: type
    table: dict[Any, float] | None  # normalised answer -> f, for finite answer domains
    ref: int  # index of the show_if criterion, or -1
    show: frozenset[Any]
    weight: float
    threshold: float
    critical: bool
    required: bool
    counts: bool  # scored with an effective weight > 0
    group: int


@dataclass(slots=True)
class _Plan:
    steps: list[_Step]
    keys: frozenset[str]
    groups: list[tuple[int, int, int, int]]  # (touchpoint, pillar, stage, channel); -1 = none
    stages: list[str]
    channels: list[str]


def _table(criterion: Criterion) -> tuple[type, dict[Any, float] | None]:
    kind = criterion.type
    if kind == "yes_no":
        return str, {v: fraction(criterion, v) for v in ("yes", "no")}
    if kind == "scale":
        values = range(criterion.min, criterion.max + 1)
        return int, {v: fraction(criterion, v) for v in values}
    if kind == "nps":
        return int, {v: fraction(criterion, v) for v in range(11)}
    if kind == "choice":
        return str, {o.value: o.score for o in criterion.options}
    if kind == "number":
        return float, None
    return type(None), None  # text: always through `normalise`


def plan_for(checklist: Checklist) -> _Plan:
    """The compiled plan of a checklist, built once and cached on it."""
    plan = checklist._cache.get("plan")
    if plan is None:
        plan = checklist._cache["plan"] = _compile(checklist)
    return plan


def _compile(checklist: Checklist) -> _Plan:
    pillar_index = {name: i for i, name in enumerate(checklist.pillars)}
    stages: list[str] = []
    channels: list[str] = []
    for tp in checklist.touchpoints:
        if tp.stage is not None and tp.stage not in stages:
            stages.append(tp.stage)
        if tp.channel is not None and tp.channel not in channels:
            channels.append(tp.channel)
    index = {c.key: i for i, c in enumerate(checklist.criteria)}
    group_of: dict[tuple[int, int], int] = {}
    groups: list[tuple[int, int, int, int]] = []
    steps: list[_Step] = []
    for t, tp in enumerate(checklist.touchpoints):
        stage = stages.index(tp.stage) if tp.stage is not None else -1
        channel = channels.index(tp.channel) if tp.channel is not None else -1
        for c in tp.criteria:
            p = pillar_index[c.pillar]
            if (t, p) not in group_of:
                group_of[t, p] = len(groups)
                groups.append((t, p, stage, channel))
            kind, table = _table(c)
            weight = tp.weight * c.weight
            steps.append(
                _Step(
                    key=c.key,
                    criterion=c,
                    kind=kind,
                    table=table,
                    ref=index[c.show_if.criterion] if c.show_if else -1,
                    show=frozenset(c.show_if.values) if c.show_if else frozenset(),
                    weight=weight,
                    threshold=(c.pass_at - EPSILON) if c.scored else 0.0,
                    critical=c.critical,
                    required=c.required,
                    counts=c.scored and weight > 0,
                    group=group_of[t, p],
                )
            )
    return _Plan(steps, frozenset(index), groups, stages, channels)


def _percent(num: list[float], den: list[float], names: list[str]) -> dict[str, float | None]:
    return {
        name: (100.0 * n / d if d > 0 else None) for name, n, d in zip(names, num, den, strict=True)
    }


def score_audit(checklist: Checklist, answers: Mapping[str, Any]) -> ScoreResult:
    """Score an audit's answers (raw or normalised); raises AnswerError on any invalid answer.

    A copy in another language scores as the checklist it came from (grade labels included),
    so scores never depend on the language the audit was filled in.
    """
    checklist = checklist.base
    plan = plan_for(checklist)
    steps = plan.steps
    n = len(steps)
    get = answers.get if isinstance(answers, Mapping) else None
    values: list[Any] = [None] * n
    visible = [True] * n
    num = [0.0] * len(plan.groups)
    den = [0.0] * len(plan.groups)
    failed: list[str] = []
    critical: list[str] = []
    missing: list[str] = []
    bad = get is None
    for i in range(n if get else 0):
        s = steps[i]
        raw = get(s.key)
        if raw is None:
            v = None
        elif raw.__class__ is s.kind and (
            raw in s.table if s.table is not None else raw - raw == 0.0
        ):
            v = raw
        else:
            try:
                v = normalise(s.criterion, raw)
            except InvalidAnswer:
                bad = True
                continue
        values[i] = v
        if s.ref >= 0 and not (visible[s.ref] and values[s.ref] in s.show):
            visible[i] = False
            continue
        if v is None:
            if s.required:
                missing.append(s.key)
            continue
        if not s.counts or v == NA:
            continue
        f = s.table[v] if s.table is not None else fraction(s.criterion, v)
        g = s.group
        num[g] += s.weight * f
        den[g] += s.weight
        if f < s.threshold:
            failed.append(s.key)
            if s.critical:
                critical.append(s.key)
    if bad or not plan.keys.issuperset(answers):
        validate_answers(checklist, answers)  # raises AnswerError listing every problem
        raise AssertionError("answers were invalid but validate_answers accepted them")
    return _result(checklist, plan, values, visible, num, den, failed, critical, missing)


def _result(checklist, plan, values, visible, num, den, failed, critical, missing) -> ScoreResult:
    sums = [[0.0] * k for k in (len(checklist.touchpoints), len(checklist.pillars))]
    sums += [[0.0] * k for k in (len(plan.stages), len(plan.channels))]
    dens = [[0.0] * len(s) for s in sums]
    for g, (t, p, stage, channel) in enumerate(plan.groups):
        d = den[g]
        if d > 0:
            for which, idx in ((0, t), (1, p), (2, stage), (3, channel)):
                if idx >= 0:
                    sums[which][idx] += num[g]
                    dens[which][idx] += d
    touchpoints = _percent(sums[0], dens[0], [tp.key for tp in checklist.touchpoints])
    pillars = _percent(sums[1], dens[1], list(checklist.pillars))
    total = weights = 0.0
    for name, pillar in checklist.pillars.items():
        score = pillars[name]
        if pillar.weight > 0 and score is not None:
            total += pillar.weight * score
            weights += pillar.weight
    uncapped = total / weights if weights > 0 else None
    overall = uncapped
    if critical and uncapped is not None:
        overall = min(uncapped, checklist.critical_failure_cap)
    return ScoreResult(
        checklist=checklist.id,
        overall=overall,
        overall_uncapped=uncapped,
        grade=grade_for(checklist, overall),
        critical_failures=critical,
        failed=failed,
        missing=missing,
        pillars=pillars,
        touchpoints=touchpoints,
        stages=_percent(sums[2], dens[2], plan.stages),
        channels=_percent(sums[3], dens[3], plan.channels),
        _detail=lambda: _details(plan, values, visible),
    )


def grade_for(checklist: Checklist, overall: float | None) -> str | None:
    """The label of the first band (highest min first) whose min <= the ROUNDED overall."""
    rounded = round_score(overall)
    if rounded is None:
        return None
    return next((g.label for g in checklist.grades if g.min <= rounded), None)


def _details(plan: _Plan, values: list[Any], visible: list[bool]) -> dict[str, CriterionResult]:
    details = {}
    for s, v, shown in zip(plan.steps, values, visible, strict=True):
        answered = v is not None and v != NA
        f = fraction(s.criterion, v) if shown and answered and s.criterion.scored else None
        included = f is not None and s.counts
        details[s.key] = CriterionResult(
            key=s.key,
            value=v,
            fraction=f,
            weight=s.weight,
            hidden=not shown,
            included=included,
            failed=included and f < s.threshold,
            missing=shown and s.required and v is None,
        )
    return details
