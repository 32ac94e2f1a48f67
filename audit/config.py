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
# Recordings: a file of at most this many bytes (lengths are per touchpoint, `audio:`).
AUDIO_MAX_BYTES = 20 * 1024 * 1024
PHOTO_MAX_PIXELS = 50_000_000
SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
# Seconds a write waits for another's lock (SQLite's one write lock, PostgreSQL's row locks)
# before the request answers 503 "busy, try again" (the tablet's outbox keeps the change and
# sends it again). On an overloaded server a queue of tablets' saves can hold SQLite's lock
# for more than 10 s; gunicorn's own timeout is 120 s.
DATABASE_LOCK_TIMEOUT = 30
BABEL_DEFAULT_LOCALE = "en"
# CSRF tokens expire; the tablet's outbox fetches a fresh one (GET /auditor/csrf-token) and
# resends when a save meets an expired token, so a form open all day loses nothing.
WTF_CSRF_TIME_LIMIT = 12 * 3600
# Old versions of reports are never read again; keep the newest within this budget.
REPORT_CACHE_MAX_BYTES = 512 * 1024 * 1024
# Where photos, logos and cached reports live: "local" (PHOTO_STORAGE_PATH and
# REPORT_CACHE_PATH, folders under instance/) or "s3" (S3_BUCKET, shared by every server).
STORAGE_BACKEND = "local"
S3_BUCKET = ""
S3_ENDPOINT_URL = ""  # empty for AWS; e.g. http://minio:9000 for an S3-compatible store
S3_REGION = ""
S3_PREFIX = ""  # keys go under {S3_PREFIX}photos/ and {S3_PREFIX}reports/
S3_ADDRESSING_STYLE = "auto"  # "path" for stores without bucket subdomains
API_PER_PAGE_DEFAULT = 50
API_PER_PAGE_MAX = 500
# Days until an action that publishing opened (a failed critical criterion) is due.
ACTION_DUE_DAYS = 30
DEMO_PASSWORD = "demo1234"
# Werkzeug's scrypt (~0.15 s a hash, by design); unknown e-mails are checked against a decoy
# hash made the same way, so sign-in takes as long whether the e-mail exists or not.
PASSWORD_HASH_METHOD = "scrypt"
# Failed sign-ins allowed per e-mail and per client address (Flask-Limiter notation).
SIGNIN_LIMIT_PER_ACCOUNT = "10 per 15 minutes"
SIGNIN_LIMIT_PER_ADDRESS = "50 per 15 minutes"
RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_HEADERS_ENABLED = True
# Bearer tokens stop working after this many days; each user can list and revoke theirs.
API_TOKEN_DAYS = 90


# Served over HTTPS (AUDIT_HTTPS=1): Secure cookies and HSTS. Proxies trusted per header.
HTTPS = False
PROXY_FIX_X_FOR = 0
PROXY_FIX_X_PROTO = 0
PROXY_FIX_X_HOST = 0
# Background jobs (audit/jobs): queued on Redis for `flask worker` when REDIS_URL is set,
# otherwise run inline after the response. Retries are for transient failures (a database
# restart, a full disk); a job that still fails is kept a week for people to see why.
REDIS_URL: str | None = None
JOB_QUEUE = "audit"
JOB_RETRIES = 3
JOB_RETRY_INTERVALS = [10, 60, 300]  # seconds before each retry (RQ; inline retries at once)
JOB_TIMEOUT = 30 * 60
JOB_RESULT_TTL = 24 * 3600
JOB_FAILURE_TTL = 7 * 24 * 3600
# E-mail (audit/mail): sent over SMTP by the background jobs when MAIL_SERVER is set;
# without it nobody is mailed and the app only lists notifications. Links in e-mails
# start with BASE_URL (the public address, e.g. https://audits.example.com); a mail asked
# for by a request without it uses the request's host, the CLI's uses localhost.
MAIL_SERVER = ""
MAIL_PORT = 25
MAIL_USE_TLS = False  # STARTTLS on MAIL_PORT (usually 587)
MAIL_USE_SSL = False  # TLS from the start (usually port 465)
MAIL_USERNAME = ""
MAIL_PASSWORD = ""
MAIL_FROM = "Touchpoint Audit <no-reply@localhost>"
MAIL_TIMEOUT = 30
BASE_URL = ""
#: Mail settings the environment may set (see docs/deploy.md, "E-mail").
mail_environment = (
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USE_TLS",
    "MAIL_USE_SSL",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_FROM",
    "BASE_URL",
)
#: Storage settings the environment may set (see docs/deploy.md, "Storage").
storage_environment = (
    "STORAGE_BACKEND",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_PREFIX",
    "S3_ADDRESSING_STYLE",
    "PHOTO_STORAGE_PATH",
    "REPORT_CACHE_PATH",
)


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
    if os.environ.get("DATABASE_LOCK_TIMEOUT"):
        settings["DATABASE_LOCK_TIMEOUT"] = float(os.environ["DATABASE_LOCK_TIMEOUT"])
    if os.environ.get("REDIS_URL"):
        settings["REDIS_URL"] = os.environ["REDIS_URL"]
        settings["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
    if os.environ.get("AUDIT_HTTPS"):
        settings["HTTPS"] = os.environ["AUDIT_HTTPS"].lower() in ("1", "true", "yes")
    for name in ("PROXY_FIX_X_FOR", "PROXY_FIX_X_PROTO", "PROXY_FIX_X_HOST"):
        if os.environ.get(name):
            settings[name] = int(os.environ[name])
    if os.environ.get("AUDIT_DEMO_PASSWORD"):
        settings["DEMO_PASSWORD"] = os.environ["AUDIT_DEMO_PASSWORD"]
    # Storage (credentials stay in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for boto3).
    for name in storage_environment:
        if os.environ.get(name):
            settings[name] = os.environ[name]
    for name in mail_environment:
        if os.environ.get(name):
            settings[name] = _typed(name, os.environ[name])
    return settings


def _typed(name: str, raw: str) -> str | int | bool:
    """An environment value as its setting's type (a port is a number, a flag a bool)."""
    if name == "MAIL_PORT":
        return int(raw)
    if name in ("MAIL_USE_TLS", "MAIL_USE_SSL"):
        return raw.lower() in ("1", "true", "yes")
    return raw


def normalise_database_url(url: str) -> str:
    """Let `postgresql://` URLs use psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
