"""Files written before their row was committed (a killed upload) are swept, nothing else."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from audit.photos import FilesystemPhotoStorage, ingest_photo
from audit.services import audio
from audit.services.photos import ORPHAN_GRACE_SECONDS, photo_storage, sweep_orphan_files
from tests.audio_files import store_clip, wav_bytes
from tests.images import image_bytes

HOUR_AGO = time.time() - 2 * 3600


def stored(storage: FilesystemPhotoStorage, seed: int, *, old: bool = True) -> str:
    """Ingest a distinct photo; backdate its files when `old`."""
    sha256 = ingest_photo(image_bytes(size=(64 + seed, 48)), storage).sha256
    if old:
        backdate(storage.path(sha256, "original").parent)
    return sha256


def backdate(folder: Path) -> None:
    for entry in folder.iterdir():
        os.utime(entry, (HOUR_AGO, HOUR_AGO))


def test_the_sweep_removes_only_old_unused_files(factory):
    storage = photo_storage()
    used = stored(storage, 1)
    logo = stored(storage, 2)
    orphan = stored(storage, 3)
    fresh = stored(storage, 4, old=False)  # its upload may still be committing
    factory.photo(factory.audit(), sha256=used)
    factory.organization(logo_sha256=logo)
    folder = storage.path(used, "original").parent
    (folder / ".thumb.dead.tmp").write_bytes(b"half a file")
    backdate(folder)
    (folder / ".print.live.tmp").write_bytes(b"being written")

    assert sweep_orphan_files() == [orphan]

    assert not storage.path(orphan, "original").parent.exists()
    for sha256 in (used, logo, fresh):
        assert storage.exists(sha256, "thumb"), sha256
    assert not (folder / ".thumb.dead.tmp").exists()
    assert (folder / ".print.live.tmp").exists()


def test_a_killed_upload_leaves_files_that_the_sweep_removes(app, tmp_path):
    root = Path(app.config["PHOTO_STORAGE_PATH"])
    script = (
        "import sys, time\n"
        "from audit.photos import FilesystemPhotoStorage, ingest_photo\n"
        "from tests.images import image_bytes\n"
        f"storage = FilesystemPhotoStorage({str(root)!r})\n"
        "photo = ingest_photo(image_bytes(size=(321, 123)), storage)\n"
        "print(photo.sha256, flush=True)\n"
        "time.sleep(60)  # killed here: after the files, before any row\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )
    try:
        sha256 = child.stdout.readline().strip()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    storage = FilesystemPhotoStorage(root)
    assert storage.exists(sha256, "original")

    runner = app.test_cli_runner()
    result = runner.invoke(args=["sweep-files", "--older-than", "0"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 unused photo file set(s)." in result.output
    assert not storage.exists(sha256, "original")


def recording(seconds: float, *, old: bool = True) -> str:
    """Store a recording's file (no row); backdate it when `old`. Its storage key."""
    data = wav_bytes(seconds)
    key = audio.file_key(hashlib.sha256(data).hexdigest(), "wav")
    audio.audio_storage().put(key, data)
    if old:
        backdate_key(key)
    return key


def backdate_key(key: str) -> None:
    os.utime(audio.audio_storage().local_path(key), (HOUR_AGO, HOUR_AGO))


def test_the_sweep_removes_old_recordings_no_clip_uses_and_keeps_live_ones(app, factory):
    clip = store_clip(factory.audit(), wav_bytes(1.0), "tp")
    live = audio.audio_key(clip)
    backdate_key(live)
    orphan = recording(2.0)
    fresh = recording(3.0, old=False)  # its upload may still be committing
    photo = stored(photo_storage(), 1)  # the photo sweep's own orphan, counted apart

    result = app.test_cli_runner().invoke(args=["sweep-files"])

    assert result.exit_code == 0, result.output
    assert "Removed 1 unused photo file set(s)." in result.output
    assert "Removed 1 unused recording(s)." in result.output
    storage = audio.audio_storage()
    assert not storage.exists(orphan)
    assert storage.exists(live) and storage.exists(fresh)
    assert not photo_storage().exists(photo, "thumb")
    assert audio.sweep_orphan_recordings(0) == [fresh]
    assert storage.exists(live)


def test_an_upload_of_an_orphan_recording_renews_it_until_its_row_commits(app_ctx):
    orphan = recording(2.0)
    audio._store(orphan, wav_bytes(2.0))  # the same content again: its row is on its way
    assert audio.sweep_orphan_recordings(ORPHAN_GRACE_SECONDS) == []
    assert audio.audio_storage().exists(orphan)
