"""The worked example of docs/scoring.md, through the engine and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from audit.scoring import score_audit


def test_engine_gives_the_worked_example(worked_example, worked_answers, worked_result):
    result = score_audit(worked_example, worked_answers)
    assert result.to_dict() == worked_result
    assert list(result.to_dict()) == list(worked_result)
    assert result.overall == pytest.approx(45.0)
    assert result.stages["purchase"] == pytest.approx(100 * 3.35 / 7)
    fractions = {k: r.fraction for k, r in result.criteria.items()}
    assert fractions == {"a": 0.0, "b": 0.75, "c": 0.8, "d": 0.5}
    assert {k: r.weight for k, r in result.criteria.items()} == {"a": 2, "b": 1, "c": 2, "d": 2}


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_cli_scores_the_worked_example(
    tmp_path, suffix, worked_source, worked_answers, worked_result
):
    checklist = tmp_path / "worked.yaml"
    checklist.write_text(worked_source)
    answers = tmp_path / f"answers{suffix}"
    answers.write_text(json.dumps(worked_answers))
    run = subprocess.run(
        [sys.executable, "-m", "audit.scoring", "score", str(checklist), str(answers)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == worked_result
    assert list(json.loads(run.stdout)) == list(worked_result)


def test_cli_validates_the_worked_example(tmp_path, worked_source):
    checklist = tmp_path / "worked.yaml"
    checklist.write_text(worked_source)
    run = subprocess.run(
        [sys.executable, "-m", "audit.scoring", "validate", str(checklist)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (run.returncode, run.stdout) == (0, f"{checklist}: ok\n")


def test_the_reference_scorer_gives_the_worked_example(worked_answers, worked_result):
    # The property tests trust tests/scoring/reference.py as their oracle: check it on the
    # numbers of the worked example in docs/scoring.md first (as the document it parses to).
    from tests.scoring.reference import reference_score, rounded

    def criterion(key: str, pillar: str, kind: str, **more) -> dict:
        return {"key": key, "text": key, "pillar": pillar, "type": kind, **more}

    doc = {
        "id": "worked-example",
        "title": "Worked example",
        "pillars": {"people": {"weight": 2}, "product": {"weight": 1}, "process": {"weight": 1}},
        "touchpoints": [
            {
                "key": "greeting",
                "name": "Greeting",
                "stage": "purchase",
                "channel": "in_store",
                "criteria": [
                    criterion("a", "people", "yes_no", weight=2),
                    criterion("b", "people", "scale"),
                ],
            },
            {
                "key": "tills",
                "name": "Tills",
                "stage": "purchase",
                "channel": "in_store",
                "weight": 2,
                "criteria": [
                    criterion(
                        "c",
                        "product",
                        "choice",
                        critical=True,
                        options=[{"value": "good", "score": 0.8}, {"value": "none", "score": 0}],
                    ),
                    criterion(
                        "d",
                        "process",
                        "number",
                        bands=[{"max": 60, "score": 1}, {"max": 120, "score": 0.5}],
                    ),
                ],
            },
        ],
    }
    result = reference_score(doc, worked_answers)
    assert rounded(result) == worked_result
    assert result["stages"]["purchase"] == pytest.approx(100 * 3.35 / 7)
