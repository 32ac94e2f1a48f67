"""Property tests: generated checklists and answers against the invariants of docs/scoring.md."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from audit.scoring import load_checklist, score_audit
from tests.scoring.reference import reference_score, rounded

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WEIGHTS = st.sampled_from([0, 0.5, 1, 1, 2, 3])
PILLARS = ["people", "product", "process"]


@st.composite
def criteria_of(draw, tp: int, start: int) -> list[dict]:
    """Criteria of one touchpoint; show_if only refers within it, so touchpoints can move."""
    out: list[dict] = []
    for i in range(draw(st.integers(1, 5))):
        key = f"c{start + i}"
        kind = draw(st.sampled_from(["yes_no", "scale", "choice", "number", "nps", "text"]))
        c: dict = {"key": key, "text": key, "pillar": draw(st.sampled_from(PILLARS)), "type": kind}
        c["weight"] = draw(WEIGHTS)
        c["na"] = draw(st.booleans())
        if kind != "text":
            c["critical"] = draw(st.booleans())
            if draw(st.booleans()):
                c["pass_at"] = draw(st.sampled_from([0, 0.25, 0.5, 0.75, 1]))
        if kind == "yes_no":
            c["expected"] = draw(st.sampled_from(["yes", "no"]))
        elif kind == "scale":
            low = draw(st.integers(-2, 2))
            c["min"], c["max"] = low, low + draw(st.integers(1, 6))
        elif kind == "choice":
            scores = draw(st.lists(st.sampled_from([0, 0.2, 0.5, 0.8]), min_size=1, max_size=3))
            c["options"] = [{"value": f"o{j}", "score": s} for j, s in enumerate([1, *scores])]
        elif kind == "number":
            c["bands"] = [{"min": 0, "max": 10, "score": 1}, {"min": 5, "max": 20, "score": 0.4}]
        yes_nos = [o for o in out if o["type"] == "yes_no"]
        if yes_nos and draw(st.booleans()):
            ref = draw(st.sampled_from(yes_nos))
            c["show_if"] = {"criterion": ref["key"], "equals": draw(st.sampled_from(["yes", "no"]))}
        out.append(c)
    return out


@st.composite
def checklists(draw) -> dict:
    touchpoints = []
    count = 0
    for t in range(draw(st.integers(1, 4))):
        criteria = draw(criteria_of(t, count))
        count += len(criteria)
        touchpoints.append(
            {
                "key": f"t{t}",
                "name": f"T{t}",
                "stage": draw(st.sampled_from(["awareness", "purchase", "retention"])),
                "channel": draw(st.sampled_from(["phone", "in_store"])),
                "weight": draw(WEIGHTS),
                "criteria": criteria,
            }
        )
    return {
        "id": "generated",
        "title": "Generated",
        "pillars": {p: {"weight": draw(st.sampled_from([0, 1, 2]))} for p in PILLARS},
        "critical_failure_cap": draw(st.sampled_from([0, 25, 60, 100])),
        "touchpoints": touchpoints,
    }


def values_for(c: dict) -> st.SearchStrategy:
    kind = c["type"]
    if kind == "yes_no":
        base = st.sampled_from(["yes", "no", True, False, " YES "])
    elif kind == "scale":
        base = st.integers(c["min"], c["max"]) | st.integers(c["min"], c["max"]).map(str)
    elif kind == "nps":
        base = st.integers(0, 10) | st.integers(0, 10).map(float)
    elif kind == "choice":
        base = st.sampled_from([o["value"] for o in c["options"]])
    elif kind == "number":
        base = st.floats(-5, 25, allow_nan=False) | st.integers(-5, 25).map(str)
    else:
        base = st.text(max_size=5)
    extra = [st.none()] + ([st.just("N/A")] if c["na"] else [])
    return st.one_of(base, *extra)


@st.composite
def audits(draw) -> tuple[dict, dict]:
    doc = draw(checklists())
    criteria = [c for tp in doc["touchpoints"] for c in tp["criteria"]]
    answers = {c["key"]: draw(values_for(c)) for c in criteria if draw(st.integers(0, 5))}
    return doc, answers


def load(doc: dict):
    return load_checklist(yaml.safe_dump(doc, sort_keys=False))


def scores(result) -> list[float | None]:
    groups = [result.pillars, result.touchpoints, result.stages, result.channels]
    return [result.overall, result.overall_uncapped, *(v for g in groups for v in g.values())]


@SETTINGS
@given(audits())
def test_scores_are_percentages_and_match_the_reference(audit):
    doc, answers = audit
    checklist = load(doc)
    result = score_audit(checklist, answers)
    for score in scores(result):
        assert score is None or 0 <= score <= 100 + 1e-9
    expected = reference_score(doc, answers)
    assert result.to_dict() == rounded(expected)
    theirs_all = [expected["overall"], expected["overall_uncapped"]] + [
        v for g in ("pillars", "touchpoints", "stages", "channels") for v in expected[g].values()
    ]
    for mine, theirs in zip(scores(result), theirs_all, strict=True):
        assert (mine is None and theirs is None) or math.isclose(mine, theirs, abs_tol=1e-9)


@SETTINGS
@given(checklists())
def test_best_answers_give_100(doc):
    best = {}
    for c in (c for tp in doc["touchpoints"] for c in tp["criteria"]):
        best[c["key"]] = {
            "yes_no": c.get("expected"),
            "scale": c.get("max"),
            "nps": 10,
            "choice": "o0",
            "number": 3,
            "text": "fine",
        }[c["type"]]
    result = score_audit(load(doc), best)
    assert result.failed == [] and result.critical_failures == []
    for score in scores(result):
        assert score is None or score == pytest.approx(100)


@SETTINGS
@given(audits(), st.data())
def test_na_changes_no_other_touchpoint(audit, data):
    doc, answers = audit
    referenced = {
        c["show_if"]["criterion"]
        for tp in doc["touchpoints"]
        for c in tp["criteria"]
        if "show_if" in c
    }
    candidates = [
        (tp["key"], c["key"])
        for tp in doc["touchpoints"]
        for c in tp["criteria"]
        if c["na"] and c["key"] not in referenced
    ]
    assume(candidates)
    tp_key, key = data.draw(st.sampled_from(candidates))
    checklist = load(doc)
    before = score_audit(checklist, answers).touchpoints
    after = score_audit(checklist, {**answers, key: "N/A"}).touchpoints
    assert {k: v for k, v in before.items() if k != tp_key} == {
        k: v for k, v in after.items() if k != tp_key
    }


@SETTINGS
@given(audits(), st.randoms(use_true_random=False))
def test_touchpoint_order_does_not_change_pillars(audit, rnd):
    doc, answers = audit
    shuffled = {**doc, "touchpoints": list(doc["touchpoints"])}
    rnd.shuffle(shuffled["touchpoints"])
    first = score_audit(load(doc), answers)
    second = score_audit(load(shuffled), answers)
    assert first.to_dict()["pillars"] == second.to_dict()["pillars"]
    assert first.to_dict()["overall"] == second.to_dict()["overall"]
    for name, score in first.pillars.items():
        other = second.pillars[name]
        assert (score is None and other is None) or math.isclose(score, other, abs_tol=1e-9)


@SETTINGS
@given(audits())
def test_critical_failure_caps_overall(audit):
    doc, answers = audit
    result = score_audit(load(doc), answers)
    if result.critical_failures and result.overall is not None:
        assert result.overall <= doc["critical_failure_cap"]
        assert result.overall <= result.overall_uncapped
    else:
        assert result.overall == result.overall_uncapped
