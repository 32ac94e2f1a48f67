"""Answer normalisation and validation (docs/scoring.md, "Answers")."""

from __future__ import annotations

import math

import pytest
import yaml

from audit.scoring import AnswerError, load_checklist, validate_answer, validate_answers

CHECKLIST = {
    "id": "answers",
    "title": "Answers",
    "touchpoints": [
        {
            "key": "t",
            "name": "T",
            "criteria": [
                {"key": "yn", "text": "x", "pillar": "people", "type": "yes_no", "na": True},
                {"key": "sc", "text": "x", "pillar": "people", "type": "scale"},
                {"key": "np", "text": "x", "pillar": "people", "type": "nps"},
                {
                    "key": "nu",
                    "text": "x",
                    "pillar": "people",
                    "type": "number",
                    "bands": [{"score": 1}],
                },
                {
                    "key": "ch",
                    "text": "x",
                    "pillar": "people",
                    "type": "choice",
                    "options": [{"value": 1, "score": 1}, {"value": "two", "score": 0}],
                },
                {"key": "tx", "text": "x", "pillar": "people", "type": "text"},
            ],
        }
    ],
}


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(yaml.safe_dump(CHECKLIST))


VALID = [
    ("yn", "yes", "yes"),
    ("yn", " No", "no"),
    ("yn", "True", "yes"),
    ("yn", False, "no"),
    ("yn", " n/a ", "N/A"),
    ("sc", 4, 4),
    ("sc", 4.0, 4),
    ("sc", " 4 ", 4),
    ("sc", "4.0", 4),
    ("np", 0, 0),
    ("np", "10", 10),
    ("nu", 3, 3.0),
    ("nu", " -2.5 ", -2.5),
    ("nu", "1e3", 1000.0),
    ("ch", 1, "1"),
    ("ch", "1", "1"),
    ("ch", 1.0, "1"),
    ("ch", "two", "two"),
    ("tx", " anything ", " anything "),
    ("tx", "N/A ", None),  # text without na: true still refuses N/A
]


@pytest.mark.parametrize(("key", "raw", "normalised"), VALID)
def test_normalised_forms(checklist, key, raw, normalised):
    if normalised is None:
        with pytest.raises(AnswerError):
            validate_answer(checklist, key, raw)
        return
    value = validate_answer(checklist, key, raw)
    assert value == normalised and type(value) is type(normalised)


INVALID = [
    ("yn", "maybe"),
    ("yn", 1),
    ("sc", 4.5),
    ("sc", "4.5"),
    ("sc", 0),
    ("sc", 6),
    ("sc", True),
    ("sc", "four"),
    ("sc", [4]),
    ("np", 11),
    ("np", -1),
    ("nu", "nan"),
    ("nu", math.inf),
    ("nu", "-inf"),
    ("nu", True),
    ("nu", "12 kg"),
    ("nu", 10**400),
    ("ch", "three"),
    ("ch", True),
    ("ch", 2),
    ("tx", 12),
    ("sc", "N/A"),
    ("zz", "yes"),
]


@pytest.mark.parametrize(("key", "raw"), INVALID)
def test_invalid_answers(checklist, key, raw):
    with pytest.raises(AnswerError) as caught:
        validate_answer(checklist, key, raw)
    assert [p.key for p in caught.value.problems] == [key]


@pytest.mark.parametrize("blank", [None, "", "   ", "\t"])
def test_unanswered_values_are_dropped(checklist, blank):
    assert validate_answer(checklist, "sc", blank) is None
    assert validate_answers(checklist, {"sc": blank, "np": 3}) == {"np": 3}


def test_validate_answers_lists_every_bad_key(checklist):
    with pytest.raises(AnswerError) as caught:
        validate_answers(checklist, {"yn": "perhaps", "sc": 3, "np": 12, "nope": 1, "tx": 5})
    assert [p.key for p in caught.value.problems] == ["yn", "np", "tx", "nope"]
    assert "unknown" in caught.value.problems[-1].message


def test_normalised_answers_are_stable(checklist):
    raw = {"yn": True, "sc": "3", "np": 7.0, "nu": "2", "ch": 1, "tx": "ok"}
    once = validate_answers(checklist, raw)
    assert once == {"yn": "yes", "sc": 3, "np": 7, "nu": 2.0, "ch": "1", "tx": "ok"}
    assert validate_answers(checklist, once) == once
