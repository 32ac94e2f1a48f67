"""Configuration defaults; instance/config.py and the environment override them."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
# Photos come from tablets that downscale first; 25 MiB leaves room for a raw 12 MP JPEG.
MAX_CONTENT_LENGTH = 25 * 1024 * 1024
PHOTO_MAX_BYTES = 20 * 1024 * 1024
PHOTO_MAX_PIXELS = 50_000_000
SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
BABEL_DEFAULT_LOCALE = "en"
WTF_CSRF_TIME_LIMIT = None  # an auditor may keep a form open all day in a shop
# Old versions of reports are never read again; keep the newest within this budget.
REPORT_CACHE_MAX_BYTES = 512 * 1024 * 1024
API_PER_PAGE_DEFAULT = 50
API_PER_PAGE_MAX = 500
DEMO_PASSWORD = "demo1234"


def load_secret_key(instance_path: str) -> str:
    """Read instance/secret_key, generating it on first start (never committed)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def from_environment() -> dict:
    """Settings the environment may override."""
    settings: dict = {}
    if os.environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
    if os.environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("AUDIT_DEMO_PASSWORD"):
        settings["DEMO_PASSWORD"] = os.environ["AUDIT_DEMO_PASSWORD"]
    return settings


def normalise_database_url(url: str) -> str:
    """Let `postgresql://` URLs use psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
