"""`make serve`: preflight (schema, demo passwords refused) then gunicorn, with hardened headers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """A fresh instance folder and SQLite file, as an operator's first start has."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        AUDIT_INSTANCE_PATH=str(tmp_path / "instance"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        SECRET_KEY="production-test-secret",
    )
    return env


def flask(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "audit", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_without_the_demo_and_with_hardened_headers(production_env):
    assert flask(production_env, "preflight").returncode == 0
    port = free_port()
    env = {**production_env, "PORT": str(port), "WEB_CONCURRENCY": "1", "WEB_THREADS": "2"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:audit.gunicorn_config", "audit.wsgi:app"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "gunicorn did not answer /healthz"
                time.sleep(0.2)
        assert health.status == 200
        login = urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5)
        headers = login.headers
        assert headers["Server"] == "gunicorn"  # no version for a scanner to match
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers  # plain HTTP here
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()
    # Never the demo: the database has no users at all.
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "from audit import create_app; from audit.extensions import db; "
            "from audit.models import User; app = create_app(); ctx = app.app_context(); "
            "ctx.push(); print(db.session.query(User).count())",
        ],
        env=production_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.stdout.strip() == "0", check.stderr


def test_preflight_refuses_an_account_with_the_demo_password(production_env):
    assert flask(production_env, "preflight").returncode == 0
    created = flask(
        production_env,
        "create-user",
        "--email",
        "consultant@demo.test",
        "--name",
        "Demo",
        "--role",
        "consultant",
        "--password",
        "demo1234",
    )
    assert created.returncode == 0, created.stderr
    refused = flask(production_env, "preflight")
    assert refused.returncode == 1
    assert "consultant@demo.test" in refused.stderr
    assert "demo password" in refused.stderr

    warned = flask({**production_env, "AUDIT_ALLOW_DEMO_PASSWORD": "1"}, "preflight")
    assert warned.returncode == 0
    assert "WARNING" in warned.stderr
