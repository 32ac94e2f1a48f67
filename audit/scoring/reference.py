"""A plain transcription of docs/scoring.md (which criteria count, scores), no indexes.

It is the naive baseline of bench/bench_scoring.py. It shares the engine's helpers, so it is
NOT the property tests' oracle: that is tests/scoring/reference.py, written from the rules alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from audit.scoring.answers import validate_answers
from audit.scoring.engine import EPSILON, fraction, grade_for
from audit.scoring.model import NA, Checklist
from audit.scoring.results import ScoreResult


def reference_score(checklist: Checklist, answers: Mapping[str, Any]) -> ScoreResult:
    """Score an audit the obvious way: validate, decide visibility, then sum per grouping."""
    values = validate_answers(checklist, answers)
    hidden: set[str] = set()
    for c in checklist.criteria:
        rule = c.show_if
        if rule is not None:
            ref = values.get(rule.criterion)
            if rule.criterion in hidden or ref is None or ref == NA or ref not in rule.values:
                hidden.add(c.key)
    included = []  # (touchpoint, criterion, w, f)
    missing = []
    for tp in checklist.touchpoints:
        for c in tp.criteria:
            if c.key in hidden:
                continue
            value = values.get(c.key)
            if value is None and c.required:
                missing.append(c.key)
            w = tp.weight * c.weight
            if c.scored and value is not None and value != NA and w > 0:
                included.append((tp, c, w, fraction(c, value)))

    def score(rows: list) -> float | None:
        total = sum(w for _, _, w, _ in rows)
        return 100.0 * sum(w * f for _, _, w, f in rows) / total if total > 0 else None

    touchpoints = {
        tp.key: score([r for r in included if r[0] is tp]) for tp in checklist.touchpoints
    }
    pillars = {p: score([r for r in included if r[1].pillar == p]) for p in checklist.pillars}
    stages = {}
    channels = {}
    for tp in checklist.touchpoints:
        if tp.stage is not None and tp.stage not in stages:
            stages[tp.stage] = score([r for r in included if r[0].stage == tp.stage])
        if tp.channel is not None and tp.channel not in channels:
            channels[tp.channel] = score([r for r in included if r[0].channel == tp.channel])
    counted = [
        (p.weight, pillars[name])
        for name, p in checklist.pillars.items()
        if p.weight > 0 and pillars[name] is not None
    ]
    weights = sum(weight for weight, _ in counted)
    uncapped = sum(weight * s for weight, s in counted) / weights if counted else None
    failed = [c.key for _, c, _, f in included if f < c.pass_at - EPSILON]
    critical = [k for k in failed if checklist.criterion(k).critical]
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
        stages=stages,
        channels=channels,
    )
