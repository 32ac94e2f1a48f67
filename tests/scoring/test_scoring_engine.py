"""Hand-computed scores: every type, band edges, show_if, N/A, weight 0, caps, rounding, grades."""

from __future__ import annotations

import pytest
import yaml

from audit.scoring import (
    AnswerError,
    is_hidden,
    load_checklist,
    round_score,
    score_audit,
    visible_criteria,
)


def checklist_of(*touchpoints: list[dict], **root):
    """A checklist with one touchpoint per list of criteria (pillar defaults to people)."""
    doc = {"id": "t", "title": "T", **root, "touchpoints": []}
    for i, criteria in enumerate(touchpoints):
        tp = {"key": f"tp{i}", "name": f"TP {i}", "criteria": []}
        for c in criteria:
            c = dict(c)
            tp_fields = {k[3:]: c.pop(k) for k in list(c) if k.startswith("tp_")}
            tp.update(tp_fields)
            tp["criteria"].append({"text": c["key"], "pillar": "people", **c})
        doc["touchpoints"].append(tp)
    return load_checklist(yaml.safe_dump(doc, sort_keys=False))


def one(fields: dict, answer):
    """Score a one-criterion checklist; return its CriterionResult and the ScoreResult."""
    checklist = checklist_of([{"key": "q", **fields}])
    result = score_audit(checklist, {"q": answer})
    return result.criteria["q"], result


OPTIONS = [{"value": 1, "score": 1}, {"value": "b", "label": "B", "score": 0.25}]
BANDS = [{"min": 0, "max": 10, "score": 1}, {"min": 10, "max": 20, "score": 0.5}]

FRACTIONS = [
    ({"type": "yes_no"}, "yes", 1.0, False),
    ({"type": "yes_no"}, " No ", 0.0, True),
    ({"type": "yes_no"}, "TRUE", 1.0, False),
    ({"type": "yes_no"}, True, 1.0, False),
    ({"type": "yes_no"}, False, 0.0, True),
    ({"type": "yes_no", "expected": "no"}, "no", 1.0, False),
    ({"type": "yes_no", "expected": False}, "yes", 0.0, True),
    ({"type": "yes_no", "pass_at": 0}, "no", 0.0, False),
    ({"type": "scale"}, 1, 0.0, True),
    ({"type": "scale"}, 2, 0.25, True),
    ({"type": "scale"}, 3, 0.5, False),
    ({"type": "scale"}, "4", 0.75, False),
    ({"type": "scale"}, 5.0, 1.0, False),
    ({"type": "scale", "min": 0, "max": 4}, 1, 0.25, True),
    ({"type": "scale", "min": -2, "max": 2}, 0, 0.5, False),
    ({"type": "scale", "pass_at": 1}, 4, 0.75, True),
    ({"type": "nps"}, 0, 0.0, True),
    ({"type": "nps"}, 4, 0.4, True),
    ({"type": "nps"}, 5, 0.5, False),
    ({"type": "nps"}, "10", 1.0, False),
    ({"type": "nps", "pass_at": 0.9}, 9, 0.9, False),
    ({"type": "nps", "pass_at": 0.3}, 3, 0.3, False),
    ({"type": "choice", "options": OPTIONS}, "1", 1.0, False),
    ({"type": "choice", "options": OPTIONS}, 1, 1.0, False),
    ({"type": "choice", "options": OPTIONS}, "b", 0.25, True),
    ({"type": "choice", "options": OPTIONS, "pass_at": 0.25}, "b", 0.25, False),
    ({"type": "number", "bands": BANDS}, 0, 1.0, False),
    ({"type": "number", "bands": BANDS}, 10, 1.0, False),  # first matching band wins
    ({"type": "number", "bands": BANDS}, 10.5, 0.5, False),
    ({"type": "number", "bands": BANDS}, "20", 0.5, False),
    ({"type": "number", "bands": BANDS}, 20.001, 0.0, True),
    ({"type": "number", "bands": BANDS}, -0.001, 0.0, True),
    ({"type": "number", "bands": [{"min": 5, "score": 1}]}, 4.999, 0.0, True),
    ({"type": "number", "bands": [{"min": 5, "score": 1}]}, " 5 ", 1.0, False),
    ({"type": "number", "bands": [{"max": 5, "score": 0.7}]}, -1e9, 0.7, False),
    ({"type": "number", "bands": [{"score": 0.3}]}, 123.4, 0.3, True),
]


@pytest.mark.parametrize(("fields", "answer", "f", "failed"), FRACTIONS)
def test_fraction_and_pass_at(fields, answer, f, failed):
    detail, result = one(fields, answer)
    assert detail.fraction == pytest.approx(f)
    assert detail.failed is failed
    assert result.failed == (["q"] if failed else [])
    assert result.touchpoints["tp0"] == pytest.approx(100 * f)
    assert result.overall == pytest.approx(100 * f)


def test_text_is_never_scored_nor_required():
    checklist = checklist_of([{"key": "q", "type": "text"}, {"key": "r", "type": "nps"}])
    result = score_audit(checklist, {"q": "friendly staff", "r": 8})
    assert result.criteria["q"].included is False
    assert result.overall == pytest.approx(80)
    assert score_audit(checklist, {"r": 8}).missing == []
    required = checklist_of([{"key": "q", "type": "text", "required": True}])
    assert score_audit(required, {"q": "  "}).missing == ["q"]
    assert score_audit(required, {}).overall is None


def test_show_if_chains_hide_dependants():
    checklist = checklist_of(
        [
            {"key": "a", "type": "yes_no", "na": True},
            {"key": "b", "type": "scale", "show_if": {"criterion": "a", "equals": True}},
            {"key": "c", "type": "nps", "show_if": {"criterion": "b", "in": [4, 5]}},
            {"key": "d", "type": "yes_no", "show_if": {"criterion": "a", "equals": "no"}},
        ]
    )
    full = {"a": "yes", "b": 5, "c": 0, "d": "yes"}
    result = score_audit(checklist, full)
    assert [k for k, r in result.criteria.items() if r.hidden] == ["d"]
    assert result.overall == pytest.approx(100 * (1 + 1 + 0) / 3)
    # b no longer matches: c is hidden too, its answer is validated but ignored.
    result = score_audit(checklist, {**full, "b": 3})
    assert [k for k, r in result.criteria.items() if r.hidden] == ["c", "d"]
    # a is "no": b hidden, so c (which refers to b) is hidden whatever b says.
    result = score_audit(checklist, {**full, "a": "no"})
    assert [k for k, r in result.criteria.items() if r.hidden] == ["b", "c"]
    assert result.overall == pytest.approx(50)
    # a unanswered or N/A: every dependant is hidden; only a is missing.
    for a in (None, "n/a "):
        result = score_audit(checklist, {**full, "a": a})
        assert [k for k, r in result.criteria.items() if r.hidden] == ["b", "c", "d"]
        assert result.missing == (["a"] if a is None else [])
        assert result.overall is None
    assert is_hidden(checklist, {"a": "no"}, "b")
    assert [c.key for c in visible_criteria(checklist, {"a": "yes", "b": 4})] == ["a", "b", "c"]
    with pytest.raises(AnswerError):  # answers to hidden criteria are still validated
        score_audit(checklist, {**full, "a": "no", "c": 11})


def test_missing_na_and_required():
    checklist = checklist_of(
        [
            {"key": "a", "type": "yes_no", "na": True},
            {"key": "b", "type": "nps", "required": False},
            {"key": "c", "type": "scale", "weight": 0},
            {"key": "d", "type": "scale"},
        ]
    )
    result = score_audit(checklist, {"a": "N/A", "d": ""})
    assert result.missing == ["c", "d"]  # whatever its weight
    assert result.overall is None
    assert result.criteria["a"].value == "N/A"
    assert result.criteria["a"].included is False
    with pytest.raises(AnswerError, match="N/A is not allowed"):
        score_audit(checklist, {"d": "N/A"})


def test_weight_zero_criterion_touchpoint_and_pillar():
    checklist = checklist_of(
        [{"key": "a", "type": "yes_no"}, {"key": "b", "type": "yes_no", "weight": 0}],
        [
            {"key": "c", "type": "yes_no", "tp_weight": 0, "tp_stage": "purchase"},
            {"key": "d", "type": "yes_no", "pillar": "product"},
        ],
        [{"key": "e", "type": "nps", "pillar": "process"}],
        pillars={"people": {"weight": 1}, "product": {}, "process": {"weight": 0}},
    )
    result = score_audit(checklist, {"a": "yes", "b": "no", "c": "no", "d": "no", "e": 2})
    assert result.touchpoints == {"tp0": 100.0, "tp1": None, "tp2": pytest.approx(20)}
    assert result.pillars == {"people": 100.0, "product": None, "process": pytest.approx(20)}
    assert result.stages == {"purchase": None}
    assert result.overall == 100.0  # process has weight 0; product has no score
    assert result.failed == ["e"]  # b, c, d have an effective weight of 0
    assert not result.criteria["b"].failed and result.criteria["b"].fraction == 0


def test_critical_failure_caps_overall():
    criteria = [
        {"key": "a", "type": "yes_no", "critical": True},
        {"key": "b", "type": "yes_no", "weight": 9},
    ]
    checklist = checklist_of(criteria, critical_failure_cap=50)
    result = score_audit(checklist, {"a": "no", "b": "yes"})
    assert result.critical_failures == ["a"]
    assert (result.overall_uncapped, result.overall) == (90.0, 50.0)
    low = score_audit(checklist_of(criteria, critical_failure_cap=95), {"a": "no", "b": "no"})
    assert (low.overall_uncapped, low.overall) == (0.0, 0.0)
    assert score_audit(checklist, {"a": "no"}).overall == 0.0
    na = checklist_of([{**criteria[0], "na": True}, criteria[1]], critical_failure_cap=50)
    assert score_audit(na, {"a": "N/A", "b": "yes"}).critical_failures == []


def test_stages_and_channels_in_order_of_first_appearance():
    checklist = checklist_of(
        [{"key": "a", "type": "yes_no", "tp_stage": "retention", "tp_channel": "phone"}],
        [{"key": "b", "type": "nps"}],
        [{"key": "c", "type": "nps", "tp_stage": "awareness", "tp_channel": "email"}],
        [{"key": "d", "type": "nps", "tp_stage": "retention", "tp_channel": "email"}],
    )
    result = score_audit(checklist, {"a": "yes", "b": 5, "c": 0, "d": 6})
    assert list(result.stages) == ["retention", "awareness"]
    assert result.stages["retention"] == pytest.approx(80)
    assert result.channels == {"phone": 100.0, "email": pytest.approx(30)}


@pytest.mark.parametrize(
    ("x", "rounded"),
    [
        (61.25, 61.3),
        (61.249999, 61.2),
        (0.15, 0.2),
        (100 * 0.0015 * 100, 15.0),
        (1.05, 1.1),  # 1.05 is 1.0500000000000000444 in binary
        (2.675 * 10, 26.8),
        (100 * (1 / 3 + 1 / 3 + 0.075), 74.2),
        (0.35 * 100, 35.0),
        (100 * 0.7 / 2 + 0.05, 35.1),  # 35.05 is below the half in binary
        (0.0, 0.0),
        (100.0, 100.0),
        (None, None),
    ],
)
def test_round_score_half_up(x, rounded):
    assert round_score(x) == rounded


def test_grade_uses_the_rounded_overall():
    grades = [{"min": 90, "label": "A"}, {"min": 50, "label": "B"}, {"min": 10, "label": "C"}]
    # 1799 of 2000 weight points: 89.95 unrounded (below 90), 90.0 rounded: grade A.
    criteria = [
        {"key": "a", "type": "yes_no", "weight": 1799},
        {"key": "b", "type": "yes_no", "weight": 201},
    ]
    checklist = checklist_of(criteria, grades=grades)
    result = score_audit(checklist, {"a": "yes", "b": "no"})
    assert result.overall == pytest.approx(89.95)
    assert result.to_dict()["overall"] == 90.0
    assert result.grade == "A"
    assert score_audit(checklist, {"a": "no", "b": "no"}).grade is None  # no band matches 0
    assert score_audit(checklist, {}).grade is None
    edge = checklist_of([{"key": "a", "type": "nps"}], grades=[{"min": 60, "label": "Fair"}])
    assert score_audit(edge, {"a": 6}).grade == "Fair"


def test_grades_are_sorted_highest_first():
    checklist = checklist_of(
        [{"key": "a", "type": "nps"}],
        grades=[{"min": 0, "label": "Low"}, {"min": 70, "label": "High"}],
    )
    assert [g.label for g in checklist.grades] == ["High", "Low"]
    assert score_audit(checklist, {"a": 7}).grade == "High"
    assert score_audit(checklist, {"a": 6}).grade == "Low"


def test_to_dict_rounds_every_score():
    checklist = checklist_of([{"key": "a", "type": "scale", "min": 0, "max": 3}])
    result = score_audit(checklist, {"a": 1})
    assert result.overall == pytest.approx(100 / 3)
    assert result.to_dict()["overall"] == 33.3
    assert result.to_dict()["touchpoints"] == {"tp0": 33.3}
    assert result.to_dict()["pillars"] == {"people": 33.3, "product": None, "process": None}


def test_invalid_answers_are_all_reported():
    checklist = checklist_of(
        [
            {"key": "a", "type": "scale"},
            {"key": "b", "type": "nps"},
            {"key": "c", "type": "yes_no"},
        ]
    )
    with pytest.raises(AnswerError) as caught:
        score_audit(checklist, {"a": 4.5, "b": 11, "c": "yes", "zz": 1})
    assert [p.key for p in caught.value.problems] == ["a", "b", "zz"]


def test_has_criterion_answers_for_any_value():
    from audit.scoring import load_checklist

    checklist = load_checklist(
        "id: x\ntitle: X\ntouchpoints:\n  - key: t\n    name: T\n    criteria:\n"
        "      - {key: a, text: A, pillar: people, type: yes_no}\n"
    )
    assert checklist.has_criterion("a")
    assert not checklist.has_criterion("b")
    assert not checklist.has_criterion(["a"])
