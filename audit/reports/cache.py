"""A small cache of rendered reports keyed by a fingerprint of their input data."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from audit.storage import LocalStorage, Storage

from .images import PictureSource
from .language import report_language

#: Bump when the layout changes so that cached PDFs are rebuilt.
LAYOUT_VERSION = "2"  # 2: languages (fixed texts, formats, right to left)
_KEY = re.compile(r"[A-Za-z0-9_-]{8,128}")
#: A write younger than this may still be under way; its temporary file is left alone.
TEMP_GRACE_SECONDS = 3600


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return {"__type__": type(value).__name__, **fields}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        # Stored files are content-addressed, but a replaced file must still invalidate.
        try:
            stat = value.stat()
            return [str(value), stat.st_size, stat.st_mtime_ns]
        except OSError:
            return [str(value), None, None]
    if isinstance(value, tuple | list):
        return list(value)
    if isinstance(value, PictureSource):  # a stored image: its key and version
        return value.fingerprint()
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def fingerprint(data: object) -> str:
    """sha256 of a canonical JSON of the report data, the layout version and the compiled
    catalogue of the report's language (its fixed texts: a corrected translation shows)."""
    language = getattr(data, "language", None)
    catalogue = report_language(language).catalogue if isinstance(language, str) else ""
    text = json.dumps(
        [LAYOUT_VERSION, catalogue, data],
        default=_plain,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ReportCache:
    """Rendered PDFs in a storage (a local folder or an S3 prefix), one object per key.

    Writes are atomic (the storage's put). A hit marks the PDF as used (`touch`: the file's
    mtime, or a self-copy that renews the object's LastModified on S3), so `prune` can drop
    the least recently used first.
    """

    def __init__(self, storage: Storage | str | os.PathLike[str]) -> None:
        self.storage = storage if isinstance(storage, Storage) else LocalStorage(storage)

    def key_for(self, key: str) -> str:
        """The storage key of a report; keys are checked so they cannot escape the root."""
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise ValueError("cache key must be 8-128 letters, digits, '-' or '_'")
        return f"{key[:2]}/{key}.pdf"

    def path_for(self, key: str) -> Path | None:
        """Where the PDF of a key lives on the local backend (None on object storage)."""
        return self.storage.local_path(self.key_for(key))

    def get_or_build(self, key: str, build: Callable[[], bytes]) -> bytes:
        """The cached bytes of `key`, or build, store and return them."""
        name = self.key_for(key)
        try:
            pdf = self.storage.read(name)
        except FileNotFoundError:
            pass
        else:
            self.storage.touch(name)  # a hit is a use: prune() drops the least recently used
            return pdf
        pdf = build()
        self.storage.put(name, pdf)
        return pdf

    def prune(self, max_bytes: int) -> int:
        """Delete the least recently used PDFs until the cache fits `max_bytes`; returns
        how many were deleted. Old versions of a report are never read again, so without
        this the cache would only grow. Temporary files of killed writes go too."""
        self.sweep()
        entries = sorted(
            (entry.modified, entry.key, entry.size)
            for entry in self.storage.list()
            if entry.key.endswith(".pdf")
        )
        total = sum(size for _, _, size in entries)
        deleted = 0
        for _, name, size in entries:
            if total <= max_bytes:
                break
            self.storage.delete(name)
            total -= size
            deleted += 1
        return deleted

    def sweep(self, older_than: float = TEMP_GRACE_SECONDS) -> int:
        """Remove what writes killed mid-way left (older than `older_than`); return the count."""
        return self.storage.sweep_temporary(older_than)
