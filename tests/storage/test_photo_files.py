"""Photos on each backend: sizes stored, read, deleted; orphans and killed writes swept."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from PIL import Image

from audit.photos import SIZES, ingest_photo, photo_key, photos_in
from audit.services.photos import photo_storage, sweep_orphan_files
from audit.storage import LocalStorage
from tests.images import image_bytes
from tests.storage.conftest import backdate


def age(storage, sha256: str, seconds: float = 7200) -> None:
    """Make every stored size of a photo look written `seconds` ago."""
    for entry in list(storage.storage.list(photo_key(sha256, "thumb").rsplit("/", 1)[0] + "/")):
        backdate(storage.storage, entry.key, seconds)


def test_every_size_is_stored_read_and_deleted(store):
    photos = photos_in(store)
    data = image_bytes("JPEG", (900, 600))
    photo = ingest_photo(data, photos)
    for name in SIZES:
        with photos.open(photo.sha256, name) as stream, Image.open(stream) as image:
            assert image.format == "JPEG", name
            assert image.size == photo.sizes[name], name
    assert ingest_photo(data, photos) == photo  # deduplicated: nothing written again
    photos.delete(photo.sha256)
    assert list(store.list()) == []


def test_the_sweep_removes_only_old_unused_files(app, factory):
    storage = photo_storage()
    used, logo, orphan, fresh = (
        ingest_photo(image_bytes(size=(64 + n, 48)), storage).sha256 for n in range(4)
    )
    for sha256 in (used, logo, orphan):
        age(storage, sha256)
    factory.photo(factory.audit(), sha256=used)
    factory.organization(logo_sha256=logo)

    assert sweep_orphan_files() == [orphan]

    assert not storage.exists(orphan, "thumb")
    for sha256 in (used, logo, fresh):
        assert storage.exists(sha256, "thumb"), sha256


def child(script: str) -> subprocess.Popen:
    """A Python process running `script` from the repository (it prints, then waits)."""
    return subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )


def kill(process: subprocess.Popen) -> str:
    """Read the line the child printed, then kill -9 it."""
    try:
        return process.stdout.readline().strip()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()


def test_a_killed_upload_leaves_files_that_the_sweep_removes(app, app_ctx):
    settings = {key: app.config[key] for key in ("STORAGE_BACKEND", "PHOTO_STORAGE_PATH")}
    settings.update({key: value for key, value in app.config.items() if key.startswith("S3_")})
    sha256 = kill(
        child(
            "import json, time\n"
            "from audit.photos import ingest_photo, photos_in\n"
            "from audit.storage import open_storage\n"
            "from tests.images import image_bytes\n"
            f"storage = photos_in(open_storage(json.loads({json.dumps(settings)!r}), 'photos'))\n"
            "print(ingest_photo(image_bytes(size=(321, 123)), storage).sha256, flush=True)\n"
            "time.sleep(60)  # killed here: after the files, before any row\n"
        )
    )
    storage = photo_storage()
    assert storage.exists(sha256, "original")

    result = app.test_cli_runner().invoke(args=["sweep-files", "--older-than", "0"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 unused photo file set(s)." in result.output
    assert not storage.exists(sha256, "original")


def test_a_write_killed_before_its_rename_is_never_served(app, app_ctx, backend):
    storage = photo_storage()
    sha256 = ingest_photo(image_bytes(size=(99, 66)), storage).sha256
    if backend == "s3":  # one PutObject: there is no half-written state to kill in
        return
    root = app.config["PHOTO_STORAGE_PATH"]
    kill(
        child(
            "import os, time\n"
            "from audit.storage import LocalStorage\n"
            "def stop(*args):\n"
            "    print('written', flush=True)\n"
            "    time.sleep(60)  # killed here: the bytes are in the temporary file\n"
            "os.replace = stop\n"
            f"LocalStorage({root!r}).put({photo_key(sha256, 'thumb')!r}, b'half a thumbnail')\n"
        )
    )
    local = storage.storage
    assert isinstance(local, LocalStorage)
    folder = local.path(photo_key(sha256, "thumb")).parent
    (temp,) = folder.glob("*.tmp")
    with storage.open(sha256, "thumb") as stream:
        assert stream.read(2) == b"\xff\xd8"  # the old, whole thumbnail
    assert all(not entry.key.endswith(".tmp") for entry in local.list())
    assert local.sweep_temporary(3600) == 0  # its write may still be under way
    assert local.sweep_temporary(-1) == 1
    assert not temp.exists()
