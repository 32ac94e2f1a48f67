"""One test per checklist validation rule (docs/checklist-format.md): line, path, message."""

from __future__ import annotations

import textwrap

import pytest

from audit.scoring import ChecklistError, Problem, load_checklist, load_checklist_file

HEAD = """\
id: shop
title: Shop
touchpoints:
  - key: entry
    name: Entry
    criteria:
      - {key: q1, text: Q1, pillar: people, type: yes_no}
"""
C = "touchpoints[0].criteria[1]"
DEFAULTS = {"key": "q2", "text": "Q2", "pillar": "people"}


def problems_of(source: str | bytes) -> list[Problem]:
    with pytest.raises(ChecklistError) as caught:
        load_checklist(source, "x.yaml")
    return caught.value.problems


def criterion(fields: str) -> str:
    """HEAD plus a second criterion on line 8 (key, text, pillar defaulted unless given)."""
    given = {part.split(":")[0].strip() for part in fields.split(", ")}
    defaults = [f"{k}: {v}" for k, v in DEFAULTS.items() if k not in given]
    return HEAD + f"      - {{{', '.join([*defaults, fields])}}}\n"


CRITERION_CASES = [
    ("type: yes_no, wieght: 2", f"{C}.wieght", "unknown field `wieght` (did you mean `weight`?)"),
    ("type: yes_no, weight: -1", f"{C}.weight", "must be a number >= 0"),
    ("type: yes_no, weight: '2'", f"{C}.weight", "remove the quotes"),
    ("type: yes_no, weight: true", f"{C}.weight", "must be a number"),
    ("type: yes_no, weight: .inf", f"{C}.weight", "must be a number"),
    ("type: yes_no, critical: 1", f"{C}.critical", "must be true or false"),
    ("type: yes_no, na: maybe", f"{C}.na", "must be true or false"),
    ("type: yes_no, required: 'yes'", f"{C}.required", "must be true or false"),
    ("type: yes_no, comment_on_fail: 1", f"{C}.comment_on_fail", "must be true or false"),
    ("type: yes_no, photo_on_fail: x", f"{C}.photo_on_fail", "must be true or false"),
    ("type: yes_no, guidance: [a]", f"{C}.guidance", "must be text"),
    ("type: yes_no, pass_at: 1.5", f"{C}.pass_at", "from 0 to 1"),
    ("type: yes_no, expected: maybe", f"{C}.expected", "must be yes or no"),
    ("type: scal", f"{C}.type", "unknown type `scal` (did you mean `scale`?)"),
    ("type: 3", f"{C}.type", "must be text"),
    ("type: scale, min: 5, max: 5", f"{C}.max", "must be greater than `min`"),
    ("type: scale, max: 0", f"{C}.max", "must be greater than `min`"),
    ("type: scale, min: 1.5", f"{C}.min", "whole number"),
    ("type: scale, options: []", f"{C}.options", "only allowed on choice"),
    ("type: yes_no, bands: []", f"{C}.bands", "only allowed on number"),
    ("type: nps, expected: yes", f"{C}.expected", "only allowed on yes_no"),
    ("type: number, bands: [{score: 1}], min: 1", f"{C}.min", "only allowed on scale"),
    ("type: text, critical: false", f"{C}.critical", "not allowed on text"),
    ("type: text, pass_at: 0.5", f"{C}.pass_at", "not allowed on text"),
    ("type: text, comment_on_fail: true", f"{C}.comment_on_fail", "not allowed on text"),
    ("type: text, photo_on_fail: true", f"{C}.photo_on_fail", "not allowed on text"),
    ("type: choice", f"{C}.options", "missing required field `options`"),
    ("type: choice, options: [{value: a, score: 1}]", f"{C}.options", "at least two"),
    ("type: choice, options: {a: 1}", f"{C}.options", "must be a list"),
    (
        "type: choice, options: [{value: a, score: 1}, {value: a, score: 0}]",
        f"{C}.options[1].value",
        "duplicate option value `a`",
    ),
    (
        "type: choice, options: [{value: 1, score: 1}, {value: '1', score: 0}]",
        f"{C}.options[1].value",
        "duplicate option value `1`",
    ),
    (
        "type: choice, options: [{value: a, score: 2}, {value: b, score: 0}]",
        f"{C}.options[0].score",
        "from 0 to 1",
    ),
    (
        "type: choice, options: [{value: yes, score: 1}, {value: b, score: 0}]",
        f"{C}.options[0].value",
        "put `yes` in quotes",
    ),
    (
        "type: choice, options: [{value: N/A, score: 1}, {value: b, score: 0}]",
        f"{C}.options[0].value",
        "cannot be an option value",
    ),
    (
        "type: choice, options: [{value: a, score: 1, lable: A}, {value: b, score: 0}]",
        f"{C}.options[0].lable",
        "did you mean `label`?",
    ),
    (
        "type: choice, options: [{value: a}, {value: b, score: 0}]",
        f"{C}.options[0].score",
        "missing",
    ),
    ("type: number", f"{C}.bands", "missing required field `bands`"),
    ("type: number, bands: []", f"{C}.bands", "at least one band"),
    ("type: number, bands: [{min: 5, max: 1, score: 1}]", f"{C}.bands[0].max", "below `min`"),
    ("type: number, bands: [{max: .nan, score: 1}]", f"{C}.bands[0].max", "must be a number"),
    ("type: number, bands: [{max: '5', score: 1}]", f"{C}.bands[0].max", "must be a number"),
    ("type: number, bands: [{max: 5}]", f"{C}.bands[0].score", "missing required field"),
    (
        "type: yes_no, pillar: peple",
        f"{C}.pillar",
        "unknown pillar `peple` (did you mean `people`?)",
    ),
    ("type: yes_no, text: ''", f"{C}.text", "must not be empty"),
    ("type: yes_no, text: null", f"{C}.text", "missing required field `text`"),
    ("type: yes_no, key: q1", f"{C}.key", "duplicate criterion key `q1` (first on line 7)"),
    ("type: yes_no, key: Q-2", f"{C}.key", "not a valid key"),
    ("type: yes_no, key: " + "k" * 65, f"{C}.key", "at most 64 characters"),
    ("type: yes_no, show_if: {criterion: q9, equals: yes}", f"{C}.show_if.criterion", "unknown"),
    ("type: yes_no, show_if: {criterion: q2, equals: yes}", f"{C}.show_if.criterion", "itself"),
    ("type: yes_no, show_if: {criterion: q1}", f"{C}.show_if", "exactly one of `equals` or `in`"),
    (
        "type: yes_no, show_if: {criterion: q1, equals: yes, in: [no]}",
        f"{C}.show_if",
        "exactly one of",
    ),
    ("type: yes_no, show_if: {criterion: q1, in: []}", f"{C}.show_if.in", "at least one value"),
    ("type: yes_no, show_if: {criterion: q1, equals: maybe}", f"{C}.show_if.equals", "never"),
    ("type: yes_no, show_if: {criterion: q1, in: [yes, 3]}", f"{C}.show_if.in[1]", "never"),
    ("type: yes_no, show_if: {criterion: q1, equals: N/A}", f"{C}.show_if.equals", "N/A"),
    ("type: yes_no, show_if: {criterion: q1, equals: ''}", f"{C}.show_if.equals", "empty"),
    (
        "type: yes_no, show_if: {criterion: q1, equals: yes, else: 1}",
        f"{C}.show_if.else",
        "unknown",
    ),
    ("type: yes_no, show_if: q1", f"{C}.show_if", "must be a mapping"),
]


@pytest.mark.parametrize(("fields", "path", "message"), CRITERION_CASES)
def test_criterion_rules(fields, path, message):
    found = problems_of(criterion(fields))
    assert [(p.line, p.path) for p in found] == [(8, path)], found
    assert message in found[0].message


def test_show_if_on_a_later_criterion():
    source = HEAD.replace("type: yes_no}", "type: yes_no, show_if: {criterion: q2, equals: 3}}")
    source += "      - {key: q2, text: Q2, pillar: people, type: nps}\n"
    [problem] = problems_of(source)
    assert (problem.line, problem.path) == (7, "touchpoints[0].criteria[0].show_if.criterion")
    assert "comes later" in problem.message


def test_show_if_values_are_checked_against_the_referenced_type():
    source = HEAD.replace("type: yes_no}", "type: scale, max: 3}")
    source += criterion("type: nps, show_if: {criterion: q1, in: [1, 4]}")[len(HEAD) :]
    [problem] = problems_of(source)
    assert (problem.line, problem.path) == (8, f"{C}.show_if.in[1]")
    assert "between 1 and 3" in problem.message


DOCUMENT_CASES = [
    ("- a\n", 1, "<root>", "must be a mapping"),
    (
        HEAD.replace("title: Shop\n", ""),
        1,
        "title",
        "missing required field `title`",
    ),
    (HEAD + "wieght: 2\n", 8, "wieght", "unknown field `wieght`"),
    (HEAD + "id: other\n", 8, "id", "duplicate field `id` (first on line 1)"),
    (HEAD.replace("id: shop", "id: Shop Visit"), 1, "id", "not a valid key"),
    (HEAD.replace("id: shop", "id: 12"), 1, "id", "must be text"),
    (HEAD.replace("title: Shop", "title: '  '"), 2, "title", "must not be empty"),
    (HEAD + "description: [x]\n", 8, "description", "must be text"),
    (HEAD + "critical_failure_cap: 101\n", 8, "critical_failure_cap", "from 0 to 100"),
    (HEAD + "critical_failure_cap: '5'\n", 8, "critical_failure_cap", "must be a number"),
    (HEAD + "pillars: {}\n", 8, "pillars", "at least one pillar"),
    (HEAD + "pillars: [people]\n", 8, "pillars", "must be a mapping"),
    (HEAD + "pillars:\n  people: {weight: -2}\n", 9, "pillars.people.weight", ">= 0"),
    (HEAD + "pillars:\n  people: {wieght: 2}\n", 9, "pillars.people.wieght", "`weight`?"),
    (HEAD + "pillars:\n  people: {title: 3}\n", 9, "pillars.people.title", "must be text"),
    (HEAD + "pillars:\n  people: {}\n  Big One: {}\n", 10, "pillars.Big One", "not a valid key"),
    (
        HEAD + "pillars:\n  people: {}\n  people: {}\n",
        10,
        "pillars.people",
        "duplicate field `people` (first on line 9)",
    ),
    (HEAD + "pillars: {product: {}}\n", 7, "touchpoints[0].criteria[0].pillar", "unknown pillar"),
    (HEAD + "grades: []\n", 8, "grades", "at least one grade band"),
    (HEAD + "grades:\n  - {min: -1, label: Bad}\n", 9, "grades[0].min", "from 0 to 100"),
    (HEAD + "grades:\n  - {min: 1}\n", 9, "grades[0].label", "missing required field"),
    (HEAD + "grades:\n  - {min: 1, label: ''}\n", 9, "grades[0].label", "must not be empty"),
    (HEAD + "grades:\n  - 50\n", 9, "grades[0]", "must be a mapping"),
    ("id: shop\ntitle: Shop\ntouchpoints: []\n", 3, "touchpoints", "at least one touchpoint"),
    ("id: shop\ntitle: Shop\n", 1, "touchpoints", "missing required field `touchpoints`"),
    ("id: shop\ntitle: Shop\ntouchpoints: null\n", 1, "touchpoints", "missing required field"),
    ("id: shop\ntitle: Shop\ntouchpoints: [x]\n", 3, "touchpoints[0]", "must be a mapping"),
]


@pytest.mark.parametrize(("source", "line", "path", "message"), DOCUMENT_CASES)
def test_document_rules(source, line, path, message):
    found = problems_of(source)
    assert [(p.line, p.path) for p in found] == [(line, path)], found
    assert message in found[0].message


TP = "touchpoints[0]"
TOUCHPOINT_CASES = [
    ("    stage: buy\n", f"{TP}.stage", "unknown stage `buy`"),
    ("    stage: [purchase]\n", f"{TP}.stage", "must be text"),
    ("    channel: In Store\n", f"{TP}.channel", "not a valid key"),
    ("    weight: -0.5\n", f"{TP}.weight", ">= 0"),
    ("    photos: {min: 3, max: 2}\n", f"{TP}.photos", "must not exceed"),
    ("    photos: {min: 11}\n", f"{TP}.photos", "must not exceed"),
    ("    photos: {min: -1}\n", f"{TP}.photos.min", ">= 0"),
    ("    photos: {max: 2.5}\n", f"{TP}.photos.max", "whole number"),
    ("    photos: {maximum: 2}\n", f"{TP}.photos.maximum", "did you mean `max`?"),
    ("    naem: X\n", f"{TP}.naem", "did you mean `name`?"),
    ("    name: Again\n", f"{TP}.name", "duplicate field `name` (first on line 5)"),
]


@pytest.mark.parametrize(("extra", "path", "message"), TOUCHPOINT_CASES)
def test_touchpoint_rules(extra, path, message):
    lines = HEAD.splitlines(keepends=True)
    source = "".join(lines[:5]) + extra + "".join(lines[5:])
    found = problems_of(source)
    assert [(p.line, p.path) for p in found] == [(6, path)], found
    assert message in found[0].message


def test_touchpoint_required_fields_and_duplicate_keys():
    source = HEAD + "  - key: entry\n    criteria: []\n"
    found = problems_of(source)
    assert [(p.line, p.path) for p in found] == [
        (8, "touchpoints[1].key"),
        (8, "touchpoints[1].name"),
        (9, "touchpoints[1].criteria"),
    ]
    assert "duplicate touchpoint key `entry` (first on line 4)" in found[0].message
    assert "missing required field `name`" in found[1].message


def test_criterion_keys_are_unique_across_touchpoints():
    source = HEAD + "  - key: exit\n    name: Exit\n    criteria:\n"
    source += "      - {key: q1, text: Again, pillar: people, type: nps}\n"
    [problem] = problems_of(source)
    assert (problem.line, problem.path) == (11, "touchpoints[1].criteria[0].key")
    assert "first on line 7" in problem.message


def test_all_problems_are_reported_sorted_by_line():
    source = textwrap.dedent(
        """\
        id: Bad Id
        title: ''
        touchpoints:
          - key: t
            name: T
            criteria:
              - {key: a, text: A, pillar: people, type: scale, wieght: 1}
              - {key: b, text: B, pillar: peple, type: yes_no}
        critical_failure_cap: 200
        """
    )
    found = problems_of(source)
    assert [p.line for p in found] == [1, 2, 7, 8, 9]
    assert str(found[2]) == (
        "7: touchpoints[0].criteria[0].wieght: unknown field `wieght` (did you mean `weight`?)"
    )


REFUSALS = [
    (HEAD + "description: &d hello\n", 8, "description", "anchors"),
    (HEAD.replace("title: Shop", "title: &t Shop") + "description: *t\n", 2, "title", "anchors"),
    (HEAD + "description: !!python/object:os.system x\n", 8, "description", "explicit YAML tags"),
    (HEAD + "description: !foo x\n", 8, "description", "explicit YAML tags"),
    (HEAD + "description: !!str x\n", 8, "description", "explicit YAML tags"),
    (HEAD + "<<: {description: x}\n", 8, "<root>", "merge keys"),
    (HEAD + "1: x\n", 8, "<root>", "must be text, not `1`"),
    (HEAD + "true: x\n", 8, "<root>", "must be text"),
    (HEAD + "[a]: x\n", 8, "<root>", "must be text"),
    (HEAD + "---\nid: again\n", 0, "<root>", "several YAML documents"),
    (HEAD + "title: [unclosed\n", 9, "<root>", "YAML syntax error"),
    ("", 0, "<root>", "empty"),
    ("# only a comment\n", 0, "<root>", "empty"),
    (b"id: \xff\n", 0, "<root>", "not UTF-8"),
    (HEAD + "description: '" + "x" * (1024 * 1024) + "'\n", 0, "<root>", "too large"),
    # Refused at its line; PyYAML's scanner may stop this one first, in its own words (None).
    ("[" * 5000 + "]" * 5000, 1, "<root>", None),
    # Our own depth limit (64 levels), met on line 66 (the root mapping is level 1).
    ("id: x\n" + "a:\n" + "".join("  " * i + "- \n" for i in range(1, 80)), 66, "<root>", "deep"),
    (HEAD + "critical_failure_cap: " + "9" * 5000 + "\n", 8, "critical_failure_cap", "too long"),
]


@pytest.mark.parametrize(("source", "line", "path", "message"), REFUSALS)
def test_file_level_refusals(source, line, path, message):
    found = problems_of(source)
    assert (found[0].line, found[0].path) == (line, path), found
    assert message is None or message in found[0].message


def test_aliases_are_refused_without_expansion():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    found = problems_of("\n".join(lines) + "\n")
    assert len(found) == 10 + 9 * 10  # every anchor and alias, nothing expanded
    assert all("not allowed" in p.message for p in found)


def test_yaml_booleans_and_numeric_strings_are_not_numbers():
    found = problems_of(criterion("type: scale, min: false, max: '5'"))
    assert [p.path for p in found] == [f"{C}.min", f"{C}.max"]


def test_null_optional_fields_mean_absent():
    checklist = load_checklist(
        HEAD + "description: null\npillars: null\ngrades: ~\ncritical_failure_cap:\n"
    )
    assert list(checklist.pillars) == ["people", "product", "process"]
    assert [g.label for g in checklist.grades] == ["Excellent", "Good", "Fair", "Poor"]
    assert checklist.critical_failure_cap == 0


def test_unreadable_file(tmp_path):
    with pytest.raises(ChecklistError) as caught:
        load_checklist_file(tmp_path / "missing.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (0, "<root>")
    assert "cannot read" in problem.message


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        (HEAD + "description: &d x\n", 8, "anchors"),
        (HEAD + "description: !foo x\n", 8, "explicit YAML tags"),
        (HEAD + "title: [unclosed\n", 9, "YAML syntax error"),
    ],
)
def test_pure_python_yaml_fallback(monkeypatch, worked_source, source, line, message):
    from audit.scoring import yaml_nodes

    monkeypatch.setattr(yaml_nodes, "_Loader", yaml_nodes._NodeLoader)
    assert load_checklist(worked_source).criterion("a").text == "Greeted?"
    [problem] = problems_of(source)
    assert problem.line == line and message in problem.message
