"""Every checklist of the library (scoring_rules/*.yaml) must load; passes when there are none."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from audit.scoring import ChecklistError, load_checklist_file, score_audit
from audit.scoring.cli import validate_files

LIBRARY = Path(__file__).resolve().parents[2] / "scoring_rules"
FILES = sorted(LIBRARY.glob("*.yaml")) + sorted(LIBRARY.glob("*.yml"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_library_checklist_is_valid(path):
    try:
        checklist = load_checklist_file(path)
    except ChecklistError as exc:
        pytest.fail(f"{path.name} is invalid:\n{exc}")
    result = score_audit(checklist, {})
    assert result.overall is None


def test_library_ids_are_unique():
    ids = [load_checklist_file(path).id for path in FILES]
    assert len(ids) == len(set(ids))


# The library's checklists written in English, Arabic and Russian (docs/checklist-format.md).
TRANSLATED = (
    "retail-store-visit",
    "bank-branch",
    "hotel-stay",
    "phone-enquiry",
    "restaurant-visit",
    "after-sales-follow-up",
    "car-dealership-test-drive",
    "live-chat-email-support",
    "website-purchase-checkout",
)
SCRIPTS = {"ar": re.compile("[\u0600-\u06ff]"), "ru": re.compile("[\u0400-\u04ff]")}


def _texts(checklist) -> list[str]:
    """Every human-readable text of a checklist, in the language it is shown in."""
    texts = [checklist.title, checklist.description or ""]
    texts += [p.title for p in checklist.pillars.values()] + [g.label for g in checklist.grades]
    for tp in checklist.touchpoints:
        texts.append(tp.name)
        for c in tp.criteria:
            texts += [c.text, c.guidance or ""] + [o.label for o in c.options]
    return [t for t in texts if t]


def _answers(checklist) -> dict:
    """A valid answer for every criterion: the worst for even ones, the best for odd ones."""
    answers = {}
    for i, c in enumerate(checklist.criteria):
        best = i % 2
        if c.type == "yes_no":
            answers[c.key] = c.expected if best else ("no" if c.expected == "yes" else "yes")
        elif c.type in ("scale", "nps"):
            answers[c.key] = (c.max or 10) if best else (c.min or 0)
        elif c.type == "choice":
            answers[c.key] = max(c.options, key=lambda o: o.score * (1 if best else -1)).value
        elif c.type == "number":
            answers[c.key] = 1 if best else 1000
        else:
            answers[c.key] = "Seen"
    return answers


@pytest.mark.parametrize("name", TRANSLATED)
def test_translated_library_checklists_are_complete_in_three_languages(name):
    checklist = load_checklist_file(LIBRARY / f"{name}.yaml")
    assert checklist.languages == ("en", "ar", "ru")
    assert checklist.warnings == []
    for language, script in SCRIPTS.items():
        shown = checklist.in_language(language)
        untranslated = [t for t in _texts(shown) if not script.search(t)]
        assert untranslated == [], f"{name} in {language}"
    answers = _answers(checklist)
    results = [score_audit(checklist.in_language(lang), answers).to_dict() for lang in SCRIPTS]
    assert results[0] == results[1] == score_audit(checklist, answers).to_dict()
    assert results[0]["overall"] is not None


def test_validate_prints_no_warning_for_the_library():
    out = io.StringIO()
    assert validate_files([str(path) for path in FILES], out) == 0
    assert out.getvalue().splitlines() == [f"{path}: ok" for path in FILES]
