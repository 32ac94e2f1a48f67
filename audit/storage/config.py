"""Choose and build the backend from settings (a plain mapping: app.config, or a dict)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from audit.storage.base import Storage, check_prefix
from audit.storage.local import LocalStorage

BACKENDS = ("local", "s3")
#: What is stored, and the setting naming its folder on the local backend. On S3 each is a
#: prefix of the one bucket: `{S3_PREFIX}photos/`, `{S3_PREFIX}reports/`.
AREAS = {"photos": "PHOTO_STORAGE_PATH", "reports": "REPORT_CACHE_PATH"}
ADDRESSING_STYLES = ("auto", "path", "virtual")


class StorageSettingsError(ValueError):
    """The storage settings cannot work; the message names the setting."""


def check_settings(config: Mapping[str, Any]) -> None:
    """Refuse, naming the setting, a backend that is unknown or lacks what it needs."""
    backend = config.get("STORAGE_BACKEND", "local")
    if backend not in BACKENDS:
        raise StorageSettingsError(
            f"STORAGE_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}"
        )
    if backend == "local":
        return
    if not config.get("S3_BUCKET"):
        raise StorageSettingsError("STORAGE_BACKEND=s3 needs S3_BUCKET (the bucket's name)")
    try:
        check_prefix(_prefix(config))
    except ValueError:
        raise StorageSettingsError(
            f"S3_PREFIX must be letters, digits, '.', '_', '-' and '/', "
            f"not {config.get('S3_PREFIX')!r}"
        ) from None
    style = config.get("S3_ADDRESSING_STYLE") or "auto"
    if style not in ADDRESSING_STYLES:
        raise StorageSettingsError(
            f"S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}, not {style!r}"
        )


def open_storage(config: Mapping[str, Any], area: str) -> Storage:
    """The storage of `area` ('photos' or 'reports') on the configured backend."""
    check_settings(config)
    if config.get("STORAGE_BACKEND", "local") == "local":
        return LocalStorage(config[AREAS[area]])
    from audit.storage.s3 import S3Storage  # boto3 loads only where S3 is used

    client = s3_client(
        config.get("S3_ENDPOINT_URL") or None,
        config.get("S3_REGION") or None,
        config.get("S3_ADDRESSING_STYLE") or "auto",
    )
    return S3Storage(client, config["S3_BUCKET"], prefix=f"{_prefix(config)}{area}/")


@functools.lru_cache(maxsize=8)
def s3_client(endpoint_url: str | None, region: str | None, addressing_style: str) -> Any:
    """One boto3 client per endpoint (they are thread-safe and slow to make).

    Credentials come from boto3's usual chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
    (and AWS_SESSION_TOKEN) in the environment, a profile, or the machine's role.
    """
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region,
        config=Config(
            s3={"addressing_style": addressing_style},
            retries={"mode": "standard", "max_attempts": 4},
            connect_timeout=5,
            read_timeout=30,
        ),
    )


def _prefix(config: Mapping[str, Any]) -> str:
    """S3_PREFIX as a folder: '' or 'name/' (slashes at either end are optional)."""
    prefix = str(config.get("S3_PREFIX") or "").strip("/")
    return f"{prefix}/" if prefix else ""
