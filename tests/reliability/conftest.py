"""Fixtures for the reliability tests: the retail checklist, auditors with tokens, devices."""

from __future__ import annotations

import zlib

import pytest

from audit.extensions import db
from audit.services.accounts import issue_api_token
from tests.browser.conftest import serve
from tests.factories import ROOT
from tests.loadgen import Device, criteria_of

RETAIL = ROOT / "scoring_rules" / "retail-store-visit.yaml"


@pytest.fixture(scope="module")
def live_url(app):
    """The test app on a free loopback port, served by threads (each request its own)."""
    yield from serve(app)


@pytest.fixture
def retail(factory):
    """The 36-criterion retail store visit checklist, stored."""
    return factory.checklist(RETAIL.read_text())


@pytest.fixture
def device_for(factory, retail):
    """`device_for(name, audit=None, keys=None, photo_every=0)`: a tablet with its own token.

    Without `audit`, a new auditor gets a new in-progress audit; `keys` limits what it
    answers (racers answering the same few criteria collide more).
    """
    definition = retail.definition
    criteria = criteria_of(definition)
    touchpoints = {tp.key: tp.photos_max for tp in definition.touchpoints}

    def make(name: str, audit=None, keys: list[str] | None = None, photo_every: int = 0):
        if audit is None:
            audit = factory.audit(version=retail, status="in_progress")
        token = issue_api_token(db.session.merge(audit.auditor))
        db.session.commit()
        chosen = [c for c in criteria if keys is None or c["key"] in keys]
        return Device(
            name, token, audit.id, chosen, touchpoints, zlib.crc32(name.encode()), photo_every
        )

    return make
