"""A full disk during a photo upload: a clear 507, and nothing acknowledged is lost.

The photo storage is made to fail with ENOSPC after its first file (what a full disk does
mid-upload), through the storage the service hands to `ingest_photo`, so the test holds
whichever storage backend is configured.
"""

from __future__ import annotations

import errno

import pytest

from audit.extensions import db
from audit.models import Photo
from audit.services import photos as photo_service
from tests import images
from tests.web.auditor.helpers import upload


class FillingUp:
    """A storage that writes `room` more files, then fails as a full disk does."""

    def __init__(self, storage, room: int) -> None:
        self._storage = storage
        self.room = room

    def save(self, sha256: str, size: str, data: bytes) -> None:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= 1
        self._storage.save(sha256, size, data)

    def __getattr__(self, name: str):
        return getattr(self._storage, name)


@pytest.fixture
def full_disk(monkeypatch):
    """`full_disk(room)`: from now on, photo storage has room for `room` more files."""

    def fill(room: int = 1) -> None:
        ingest = photo_service.ingest_photo

        def ingest_on_full_disk(data, storage, **options):
            return ingest(data, FillingUp(storage, room), **options)

        monkeypatch.setattr(photo_service, "ingest_photo", ingest_on_full_disk)

    return fill


def test_full_disk_refuses_the_upload_clearly_and_keeps_what_was_saved(
    api, factory, full_disk, app
):
    audit = factory.audit(status="in_progress")
    client = api(audit.auditor)
    kept = upload(client, audit.id, images.image_bytes(color="navy"), caption="kept")
    assert kept.status_code == 201
    saved = client.patch(f"/audits/{audit.id}/answers", json={"greeted": "yes"})
    assert saved.status_code == 200

    full_disk(room=1)
    refused = upload(client, audit.id, images.image_bytes(color="olive"), caption="no room")

    assert refused.status_code == 507
    error = refused.json["error"]
    assert error["code"] == "insufficient_storage"
    assert "no room left" in error["message"]
    assert error["details"][0]["field"] == "file"
    rows = db.session.scalars(db.select(Photo).where(Photo.audit_id == audit.id)).all()
    assert [p.caption for p in rows] == ["kept"]
    storage = photo_service.photo_storage()
    for size in ("thumb", "display", "print", "original"):
        assert storage.exists(rows[0].sha256, size)
    shown = client.get(f"/audits/{audit.id}")
    assert shown.json["answers"] == {"greeted": "yes"}
    assert [p["caption"] for p in shown.json["photos"]] == ["kept"]

    # The file written before the disk filled up belongs to no row: the sweep removes it
    # and leaves the acknowledged photo's files alone.
    result = app.test_cli_runner().invoke(args=["sweep-files", "--older-than", "0"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 unused photo file set(s)." in result.output
    for size in ("thumb", "display", "print", "original"):
        assert storage.exists(rows[0].sha256, size)


def test_full_disk_before_any_file_is_a_507_too(api, factory, full_disk):
    audit = factory.audit(status="in_progress")
    full_disk(room=0)
    refused = upload(api(audit.auditor), audit.id, images.image_bytes())
    assert refused.status_code == 507
    assert db.session.scalars(db.select(Photo)).all() == []
