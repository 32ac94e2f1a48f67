"""Storage-facing tests run on both backends: the local folder and S3 (moto's server).

moto's S3 server runs in a thread of this test process, on a free loopback port, for the
session; each test worker has its own bucket. Its dummy AWS credentials are set in the
environment only while the fixture is alive. `app` is overridden here: the tests of this
folder get each backend's app in turn (one database, other storage settings).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from audit import create_app
from audit.extensions import db
from audit.services.storage import storage_for
from audit.storage import AREAS, LocalStorage, Storage, open_storage
from tests.conftest import _testable

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
BACKENDS = ("local", "s3")


@pytest.fixture(scope="session")
def s3_settings() -> Iterator[dict[str, Any]]:
    """A fresh bucket on moto's S3 server (loopback, free port); the settings naming it."""
    from moto.server import ThreadedMotoServer

    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        env.delenv("AWS_SESSION_TOKEN", raising=False)
        env.delenv("AWS_PROFILE", raising=False)
        env.setenv("AWS_EC2_METADATA_DISABLED", "true")
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            settings = {
                "STORAGE_BACKEND": "s3",
                "S3_BUCKET": f"audit-test-{WORKER}",
                "S3_ENDPOINT_URL": f"http://{host}:{port}",
                "S3_REGION": "us-east-1",
                "S3_PREFIX": "site/",
                "S3_ADDRESSING_STYLE": "path",
            }
            open_storage(settings, "photos").client.create_bucket(Bucket=settings["S3_BUCKET"])
            yield settings
        finally:
            server.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    """Each storage backend in turn."""
    return request.param


@pytest.fixture(scope="session")
def app(request, backend, app):  # noqa: F811 - the root app: local folders
    """The app on `backend`: the root app (local folders), or one on the S3 bucket."""
    if backend == "local":
        yield app
        return
    s3_app = _testable(create_app({**app.config, **request.getfixturevalue("s3_settings")}))
    yield s3_app
    with s3_app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_storage(request) -> Iterator[None]:
    """Remove every stored object after a test that used the app (the bucket outlives it)."""
    yield
    if "app" in request.fixturenames:
        with request.getfixturevalue("app").app_context():
            for area in AREAS:
                storage = storage_for(area)
                for entry in list(storage.list()):
                    storage.delete(entry.key)


@pytest.fixture
def store(request, backend, tmp_path) -> Storage:
    """A bare storage on `backend`: a temporary folder, or a fresh prefix of the bucket."""
    if backend == "local":
        return LocalStorage(tmp_path / "store")
    settings = {**request.getfixturevalue("s3_settings"), "S3_PREFIX": uuid.uuid4().hex}
    return open_storage(settings, "photos")


def backdate(storage: Storage, key: str, seconds: float) -> None:
    """Make an object look last written `seconds` ago (mtime, or moto's LastModified)."""
    found = storage.stat(key)
    assert found is not None, key
    when = found.modified - seconds
    if isinstance(storage, LocalStorage):
        os.utime(storage.path(key), (when, when))
        return
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.core.utils import utcnow
    from moto.s3.models import s3_backends

    stored = s3_backends[DEFAULT_ACCOUNT_ID]["aws"].get_object(storage.bucket, storage.prefix + key)
    stored.last_modified = utcnow() - timedelta(seconds=seconds)
