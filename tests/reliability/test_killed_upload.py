"""kill -9 of a gunicorn worker in the middle of a photo upload.

gunicorn serves tests/reliability/paused_app.py on the suite's database; an upload pauses
at a chosen point, the test kills that worker with SIGKILL, gunicorn starts a new one, and
the device sends the same upload again (same `client_uid`), as the outbox does. Whatever
the point, afterwards: one photo row, its files complete (every size decodes), nothing
served half-written, and no file set without a row once `sweep-files` ran.
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from audit.extensions import db
from audit.models import Photo
from audit.services.accounts import issue_api_token
from audit.services.photos import photo_storage
from tests import images
from tests.factories import ROOT
from tests.loadgen import multipart

SIZES = ("thumb", "display", "print", "original")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn(app, tmp_path):
    """The paused app under gunicorn (1 worker, threads) on the suite's database."""
    port, mark = free_port(), tmp_path / "paused.pid"
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "AUDIT_INSTANCE_PATH": app.instance_path,
        "SECRET_KEY": "test-secret",
        "PAUSE_MARK": str(mark),
        "PYTHONPATH": str(ROOT),
    }
    command = [str(Path(sys.executable).parent / "gunicorn"), "--workers", "1", "--threads", "4"]
    command += ["--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--timeout", "300"]
    command += ["--graceful-timeout", "5"]
    command += ["--access-logfile", "-", "--no-control-socket"]
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*command, "tests.reliability.paused_app:app"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/login", timeout=2).close()
            break
        except OSError:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    yield base, mark
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a loaded machine: stop it for good, not fail the test
        server.kill()
        server.wait(timeout=30)


def send_upload(base: str, token: str, audit_id: int, photo: bytes, uid: str, pause: str = ""):
    """POST the photo; (status, JSON) or (None, the connection error)."""
    body, content_type = multipart({"touchpoint": "greeting", "client_uid": uid}, photo)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type}
    if pause:
        headers["X-Test-Pause"] = pause
    request = urllib.request.Request(
        f"{base}/api/v1/audits/{audit_id}/photos", data=body, headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError as error:  # the worker died: reset or closed without an answer
        return None, error


def kill_paused_worker(mark: Path, upload: threading.Thread, answers: list) -> None:
    """SIGKILL the worker that paused (its pid is in `mark`)."""
    while not mark.exists() or not mark.read_text():
        assert upload.is_alive(), f"answered before its pause point: {answers}"
        time.sleep(0.05)
    os.kill(int(mark.read_text()), signal.SIGKILL)


def fetch(base: str, token: str, url: str) -> bytes:
    request = urllib.request.Request(base + url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


@pytest.mark.parametrize("pause", ["after-first-file", "after-commit"])
def test_worker_killed_mid_upload_leaves_no_half_photo(gunicorn, factory, app, pause):
    base, mark = gunicorn
    audit = factory.audit(status="in_progress")
    token = issue_api_token(db.session.merge(audit.auditor))
    db.session.commit()
    photo = images.image_bytes(size=(800, 600), color="teal")
    answers: list = []
    args = (base, token, audit.id, photo, "uid-1", pause)
    upload = threading.Thread(target=lambda: answers.append(send_upload(*args)))
    upload.start()
    kill_paused_worker(mark, upload, answers)
    upload.join(timeout=300)
    assert answers[0][0] is None, answers  # the device got no answer: it will send again

    db.session.expire_all()
    rows = db.session.scalars(db.select(Photo).where(Photo.audit_id == audit.id)).all()
    assert len(rows) == (1 if pause == "after-commit" else 0)

    status, body = send_upload(base, token, audit.id, photo, "uid-1")
    assert status == (200 if pause == "after-commit" else 201), body
    db.session.expire_all()
    rows = db.session.scalars(db.select(Photo).where(Photo.audit_id == audit.id)).all()
    assert [r.id for r in rows] == [body["id"]]
    for size in SIZES:
        served = fetch(base, token, f"{body['url']}?size={size}")
        Image.open(io.BytesIO(served)).load()  # complete: decodes to the last byte

    result = app.test_cli_runner().invoke(args=["sweep-files", "--older-than", "0"])
    assert result.exit_code == 0, result.output
    assert "Removed 0 unused photo file set(s)." in result.output
    storage = photo_storage()
    assert all(storage.exists(rows[0].sha256, size) for size in SIZES)
    leftovers = [p for p in Path(app.config["PHOTO_STORAGE_PATH"]).rglob("*") if p.is_file()]
    assert not [p for p in leftovers if p.suffix == ".tmp"]


def test_worker_killed_before_the_row_leaves_files_the_sweep_removes(gunicorn, factory, app):
    base, mark = gunicorn
    audit = factory.audit(status="in_progress")
    token = issue_api_token(db.session.merge(audit.auditor))
    db.session.commit()
    answers: list = []
    args = (base, token, audit.id, images.image_bytes(color="plum"), "gone", "after-first-file")
    upload = threading.Thread(target=lambda: answers.append(send_upload(*args)))
    upload.start()
    kill_paused_worker(mark, upload, answers)
    upload.join(timeout=300)

    # The device gave up on that photo: no row, and its file set goes with the sweep.
    assert db.session.scalars(db.select(Photo)).all() == []
    result = app.test_cli_runner().invoke(args=["sweep-files", "--older-than", "0"])
    assert "Removed 1 unused photo file set(s)." in result.output
    assert not [p for p in Path(app.config["PHOTO_STORAGE_PATH"]).rglob("*") if p.is_file()]
