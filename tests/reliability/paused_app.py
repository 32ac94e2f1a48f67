"""The production app with pause points, served by gunicorn in the kill -9 tests.

A photo upload sent with the header `X-Test-Pause: after-first-file` stops right after the
storage wrote its first file (before the row exists); with `after-commit`, right after its
row was committed (before the answer is sent). The paused worker writes its pid to
$PAUSE_MARK and sleeps, for the test to kill it. Only the first upload pauses.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from flask import has_request_context, request
from sqlalchemy import event

from audit import create_app
from audit.extensions import db
from audit.models import Photo
from audit.services import photos as photo_service

MARK = Path(os.environ["PAUSE_MARK"])
app = create_app()


def pause_if(point: str) -> None:
    """Sleep until killed when this request asked to pause at `point` (first time only)."""
    asked = has_request_context() and request.headers.get("X-Test-Pause") == point
    if asked and not MARK.exists():
        MARK.write_text(str(os.getpid()))
        time.sleep(600)


class PausingStorage:
    """The configured storage, pausing after its first saved file."""

    def __init__(self, storage) -> None:
        self._storage = storage

    def save(self, sha256: str, size: str, data: bytes) -> None:
        self._storage.save(sha256, size, data)
        pause_if("after-first-file")

    def __getattr__(self, name: str):
        return getattr(self._storage, name)


_ingest = photo_service.ingest_photo


def _ingest_pausing(data, storage, **options):
    return _ingest(data, PausingStorage(storage), **options)


photo_service.ingest_photo = _ingest_pausing


def _note_photo(session, _context, _instances) -> None:
    if any(isinstance(obj, Photo) for obj in session.new):
        session.info["photo_added"] = True


def _after_commit(session) -> None:
    # Other commits happen first (the token's last use): pause after the photo's own.
    if session.info.pop("photo_added", False):
        pause_if("after-commit")


with app.app_context():
    event.listen(db.session, "before_flush", _note_photo)
    event.listen(db.session, "after_commit", _after_commit)
