"""Fixtures for the auditor's side: an auditor, their audit, and real images made with Pillow."""

from __future__ import annotations

import pytest

EVIDENCE_CHECKLIST = """\
id: evidence-visit
title: Evidence visit
touchpoints:
  - key: entrance
    name: Entrance
    photos: {min: 1, max: 2}
    criteria:
      - {key: clean, text: Was the entrance clean?, pillar: process, type: yes_no,
         comment_on_fail: true, photo_on_fail: true}
      - {key: signage, text: Signage quality, pillar: product, type: choice, na: true,
         options: [{value: good, score: 1}, {value: poor, score: 0}]}
  - key: desk
    name: Desk
    criteria:
      - {key: nps, text: Would you recommend?, pillar: people, type: nps}
      - {key: queue, text: People in the queue, pillar: process, type: number, na: true,
         bands: [{max: 3, score: 1}]}
      - {key: remarks, text: Remarks, pillar: people, type: text, required: false}
"""


@pytest.fixture
def auditor(factory):
    return factory.user("auditor", name="Ada Auditor")


@pytest.fixture
def audit(factory, auditor):
    """An assigned audit of the factory's small checklist (greeting/tills)."""
    return factory.audit(auditor=auditor, scenario="Ask about a blue jumper.")


@pytest.fixture
def evidence_audit(factory, auditor):
    """An audit whose checklist demands evidence and photos."""
    version = factory.checklist(EVIDENCE_CHECKLIST)
    return factory.audit(auditor=auditor, version=version)
