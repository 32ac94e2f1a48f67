"""`python -m audit.scoring`: output formats and exit codes (docs/scoring.md, "Command line")."""

from __future__ import annotations

import io
import json

import pytest

from audit.scoring.cli import main, score_files, validate_files

BAD = "id: bad\ntitle: Bad\ntouchpoints:\n  - key: t\n    naem: T\n    criteria: []\n"


@pytest.fixture
def files(tmp_path, worked_source):
    good = tmp_path / "good.yaml"
    good.write_text(worked_source)
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD)
    return good, bad, tmp_path


def test_validate_reports_each_file(files):
    good, bad, tmp = files
    out = io.StringIO()
    status = validate_files([str(good), str(bad), str(tmp / "missing.yaml")], out)
    assert status == 2
    assert out.getvalue().splitlines() == [
        f"{good}: ok",
        f"{bad}:4: touchpoints[0].name: missing required field `name`",
        f"{bad}:5: touchpoints[0].naem: unknown field `naem` (did you mean `name`?)",
        f"{bad}:6: touchpoints[0].criteria: must list at least one criterion",
        f"{tmp / 'missing.yaml'}:0: <root>: cannot read the file: No such file or directory",
    ]


def test_validate_ok_exits_0(files, capsys):
    assert main(["validate", str(files[0])]) == 0
    assert capsys.readouterr().out == f"{files[0]}: ok\n"


def test_score_reports_invalid_answers_on_stderr(files):
    good, _, tmp = files
    answers = tmp / "answers.yaml"
    answers.write_text("a: maybe\nb: 4\nzz: 1\n")
    out, err = io.StringIO(), io.StringIO()
    assert score_files(str(good), str(answers), out, err) == 2
    assert out.getvalue() == ""
    assert err.getvalue().splitlines() == [
        f"{answers}:1: a: expected yes or no, got `maybe`",
        f"{answers}:3: zz: unknown question",
    ]


def test_score_refuses_an_invalid_checklist(files):
    _, bad, tmp = files
    answers = tmp / "answers.json"
    answers.write_text("{}")
    out, err = io.StringIO(), io.StringIO()
    assert score_files(str(bad), str(answers), out, err) == 2
    assert err.getvalue().startswith(f"{bad}:4: touchpoints[0].name:")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.yaml", "a: &x yes\nb: *x\n", "anchors are not allowed"),
        ("a.yaml", "- a\n", "must be a mapping"),
        ("a.json", "[1]", "must be a mapping"),
        ("a.json", '{"a": "yes", "a": "no"}', "duplicate key"),
        ("a.json", '{"a": ', "JSON syntax error"),
        ("missing.json", None, "cannot read"),
    ],
)
def test_score_refuses_unusable_answers(files, name, content, message):
    good, _, tmp = files
    answers = tmp / name
    if content is not None:
        answers.write_text(content)
    out, err = io.StringIO(), io.StringIO()
    assert score_files(str(good), str(answers), out, err) == 2
    assert message in err.getvalue()
    assert err.getvalue().startswith(f"{answers}:")


def test_score_prints_json(files, worked_answers, worked_result):
    good, _, tmp = files
    answers = tmp / "answers.yml"
    answers.write_text("a: no\nb: 4\nc: good\nd: 90\n")
    out, err = io.StringIO(), io.StringIO()
    assert score_files(str(good), str(answers), out, err) == 0
    assert json.loads(out.getvalue()) == worked_result
