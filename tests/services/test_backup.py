"""Backup and restore round trip: rows, files and a working app afterwards (SQLite and PG)."""

from __future__ import annotations

import tarfile

import pytest
from sqlalchemy import select

from audit.extensions import db
from audit.models import AudioClip, Base
from audit.services.audio import audio_key, audio_storage
from audit.services.backup import BackupError, restore_backup, write_backup
from audit.services.photos import photo_storage
from tests.apiclient import ApiClient
from tests.audio_files import store_clip, wav_bytes
from tests.conftest import empty_database
from tests.factories import SMALL_ANSWERS
from tests.images import image_bytes
from tests.web.auditor.helpers import upload


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    rows = {}
    for table in Base.metadata.sorted_tables:
        order = list(table.primary_key.columns)
        rows[table.name] = [tuple(r) for r in db.session.execute(select(table).order_by(*order))]
    return rows


@pytest.fixture
def world(factory, client, app):
    """An organisation with a logo, an audit with answers, photos in Arabic and Cyrillic."""
    org = factory.organization(name="Москва и دبي")
    auditor = factory.user("auditor", name="Алия العلي")
    audit = factory.audit(
        auditor=auditor, location=factory.location(org), status="in_progress", answers=SMALL_ANSWERS
    )
    api = ApiClient(client, app, auditor)
    for n in range(2):
        response = upload(api, audit.id, image_bytes(size=(300 + n, 200)), caption=f"Фото {n} صورة")
        assert response.status_code == 201, response.get_json()
    consultant = ApiClient(client, app, factory.user("consultant"))
    logo = consultant.client.put(
        f"/api/v1/organizations/{org.slug}/logo",
        data=image_bytes("PNG", size=(120, 60)),
        headers={**consultant.headers, "Content-Type": "image/png"},
    )
    assert logo.status_code in (200, 201), logo.get_json()
    store_clip(audit, wav_bytes(0.3), "greeting")
    db.session.commit()
    return audit


def test_round_trip_restores_every_row_and_file(world, app, tmp_path, client):
    db.session.expire_all()
    before = snapshot()
    archive = tmp_path / "backup.tar.gz"
    manifest = write_backup(archive)
    assert manifest["files"]["missing"] == []
    assert manifest["rows"]["photos"] == 2

    empty_database(app)
    audio_storage().delete_prefix("audio/")
    assert snapshot()["photos"] == []
    restore_backup(archive)

    db.session.expire_all()
    assert snapshot() == before
    storage = photo_storage()
    for (sha256,) in db.session.execute(select(Base.metadata.tables["photos"].c.sha256)):
        assert storage.exists(sha256, "thumb")
    [clip] = db.session.scalars(select(AudioClip))
    assert audio_storage().read(audio_key(clip)) == wav_bytes(0.3)
    # The restored platform works: the auditor signs in and sees the photo; new rows get new ids.
    auditor = ApiClient(client, app, world.auditor)
    photo_id = before["photos"][0][0]
    thumb = auditor.get(f"/audits/{world.id}/photos/{photo_id}?size=thumb")
    assert thumb.status_code == 200
    thumb.close()
    again = upload(auditor, world.id, image_bytes(size=(333, 222)))
    assert again.status_code == 201
    assert again.get_json()["id"] > max(row[0] for row in before["photos"])


def test_restore_refuses_a_database_with_data_unless_forced(world, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    write_backup(archive)
    with pytest.raises(BackupError, match="already has data"):
        restore_backup(archive)
    restore_backup(archive, force=True)


def test_restore_refuses_what_is_not_a_backup(tmp_path, app_ctx):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    with pytest.raises(BackupError, match="not a backup archive"):
        restore_backup(bogus)
    (tmp_path / "text.tar.gz").write_text("hello")
    with pytest.raises(BackupError, match="cannot read"):
        restore_backup(tmp_path / "text.tar.gz")


def test_the_cli_round_trip(world, app, tmp_path):
    runner = app.test_cli_runner()
    archive = tmp_path / "cli.tar.gz"
    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "photos: 2 row(s)" in result.output
    refused = runner.invoke(args=["restore", str(archive)])
    assert refused.exit_code == 1
    assert "already has data" in refused.output
    forced = runner.invoke(args=["restore", str(archive), "--force"])
    assert forced.exit_code == 0, forced.output
