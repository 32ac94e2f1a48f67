"""Tablets saving at once: no 5xx, no "database is locked", no lost or mixed answer.

A short version of bench/bench_saves.py on the suite's database (the SQLite file, or
PostgreSQL with TEST_DATABASE_URL), served by threads: five auditors each answer their own
audit and upload photos, while three devices of one auditor race on one audit over the
same three criteria (envelopes with `edited_at` and plain bodies mixed). Afterwards every
stored answer must be the newest acknowledged one, every cached score a full rescore, and
every acknowledged photo present with all its files.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from tests import images
from tests.loadgen import SAVES, check_stored, check_transport, run_devices

SECONDS = 6
RACED = ["greeted_within_60s", "greeting_wait_seconds", "product_knowledge"]


def test_many_devices_saving_at_once_lose_nothing(live_url, factory, retail, device_for):
    solo = [device_for(f"solo{i}", photo_every=6) for i in range(5)]
    racing_audit = factory.audit(version=retail, status="in_progress")
    racers = [device_for(f"racer{i}", audit=racing_audit, keys=RACED) for i in range(3)]
    photos = [images.image_bytes(size=(320, 240), color=c) for c in ("red", "navy", "olive")]

    start = time.time() + 0.3
    records = run_devices(urlsplit(live_url).port, solo + racers, photos, start, start + SECONDS)

    assert check_transport(records) == []
    assert check_stored(records) == []
    statuses = {r["status"] for r in records}
    assert statuses <= {200, 201, 204}, statuses
    racing = [r for r in records if r["audit"] == racing_audit.id and r["kind"] in SAVES]
    assert {r["device"] for r in racing} == {"racer0", "racer1", "racer2"}
    assert any(r["kind"] == "photo" and r["status"] == 201 for r in records)
