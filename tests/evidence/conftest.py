"""Fixtures for evidence: a phone-shop checklist asking for audio, its auditor and audit."""

from __future__ import annotations

import pytest

PHONE_CHECKLIST = """\
id: phone-shop
title: Phone shop
touchpoints:
  - key: call
    name: The call
    channel: phone
    audio: {max: 2, max_seconds: 5}
    criteria:
      - {key: answered, text: Was the call answered within three rings?, pillar: process,
         type: yes_no}
      - {key: polite, text: Was the agent polite?, pillar: people, type: yes_no}
  - key: shop
    name: The shop
    photos: {max: 4}
    criteria:
      - {key: clean, text: Was the counter clean?, pillar: process, type: yes_no}
      - {key: price, text: Were prices shown?, pillar: product, type: yes_no}
"""


@pytest.fixture
def auditor(factory):
    return factory.user("auditor", name="Pia Phone")


@pytest.fixture
def phone_audit(factory, auditor):
    """An assigned audit of the phone-shop checklist."""
    version = factory.checklist(PHONE_CHECKLIST)
    return factory.audit(auditor=auditor, version=version)
