"""The configured storage: the one place that reads STORAGE_BACKEND, S3_* and the folders."""

from __future__ import annotations

from flask import current_app

from audit.photos import StoredPhotos, photos_in
from audit.reports import ReportCache
from audit.storage import Storage, open_storage


def storage_for(area: str) -> Storage:
    """The storage of 'photos' (photos and logos) or 'reports' (cached PDFs)."""
    return open_storage(current_app.config, area)


def photo_storage() -> StoredPhotos:
    """Photos and logos: a folder outside the web root (PHOTO_STORAGE_PATH) or the bucket."""
    return photos_in(storage_for("photos"))


def report_cache() -> ReportCache:
    """Rendered PDFs: a folder (REPORT_CACHE_PATH) or the bucket's reports/ prefix."""
    return ReportCache(storage_for("reports"))
