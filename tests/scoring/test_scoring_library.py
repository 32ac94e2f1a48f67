"""Every checklist of the library (scoring_rules/*.yaml) must load; passes when there are none."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.scoring import ChecklistError, load_checklist_file, score_audit

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
