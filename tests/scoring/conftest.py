"""Fixtures for the scoring tests: the worked example of docs/scoring.md."""

from __future__ import annotations

import textwrap

import pytest

from audit.scoring import Checklist, load_checklist

WORKED_EXAMPLE = textwrap.dedent(
    """\
    id: worked-example
    title: Worked example
    pillars: {people: {weight: 2}, product: {weight: 1}, process: {weight: 1}}
    touchpoints:
      - key: greeting
        name: Greeting
        stage: purchase
        channel: in_store
        criteria:
          - {key: a, text: Greeted?, pillar: people, type: yes_no, weight: 2}
          - {key: b, text: Warmth, pillar: people, type: scale}
      - key: tills
        name: Tills
        stage: purchase
        channel: in_store
        weight: 2
        criteria:
          - key: c
            text: Offer made
            pillar: product
            type: choice
            critical: true
            options: [{value: good, score: 0.8}, {value: none, score: 0}]
          - key: d
            text: Minutes waited
            pillar: process
            type: number
            bands: [{max: 60, score: 1}, {max: 120, score: 0.5}]
    """
)
WORKED_ANSWERS = {"a": "no", "b": 4, "c": "good", "d": 90}
WORKED_RESULT = {
    "checklist": "worked-example",
    "overall": 45.0,
    "overall_uncapped": 45.0,
    "grade": "Poor",
    "critical_failures": [],
    "failed": ["a"],
    "missing": [],
    "pillars": {"people": 25.0, "product": 80.0, "process": 50.0},
    "touchpoints": {"greeting": 25.0, "tills": 65.0},
    "stages": {"purchase": 47.9},
    "channels": {"in_store": 47.9},
}


@pytest.fixture
def worked_example() -> Checklist:
    """The checklist of section 7."""
    return load_checklist(WORKED_EXAMPLE, "worked-example.yaml")


@pytest.fixture
def worked_source() -> str:
    """The YAML text of section 7."""
    return WORKED_EXAMPLE


@pytest.fixture
def worked_answers() -> dict:
    """The answers of section 7."""
    return dict(WORKED_ANSWERS)


@pytest.fixture
def worked_result() -> dict:
    """The JSON of section 6 for the worked example."""
    return WORKED_RESULT
