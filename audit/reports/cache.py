"""A small on-disk cache of rendered reports keyed by a fingerprint of their input data."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

#: Bump when the layout changes so that cached PDFs are rebuilt.
LAYOUT_VERSION = "1"
_KEY = re.compile(r"[A-Za-z0-9_-]{8,128}")


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
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def fingerprint(data: object) -> str:
    """sha256 of a canonical JSON of the report data (plus the layout version)."""
    text = json.dumps(
        [LAYOUT_VERSION, data],
        default=_plain,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ReportCache:
    """Rendered PDFs on disk under `root`, one file per key, written atomically."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def path_for(self, key: str) -> Path:
        """Where the PDF of a key lives; keys are checked so they cannot escape the root."""
        if not _KEY.fullmatch(key):
            raise ValueError("cache key must be 8-128 letters, digits, '-' or '_'")
        return self.root / key[:2] / f"{key}.pdf"

    def get_or_build(self, key: str, build: Callable[[], bytes]) -> bytes:
        """The cached bytes of `key`, or build, store and return them."""
        path = self.path_for(key)
        try:
            pdf = path.read_bytes()
        except FileNotFoundError:
            pass
        else:
            os.utime(path)  # a hit is a use: prune() drops the least recently used first
            return pdf
        pdf = build()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(pdf)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return pdf

    def prune(self, max_bytes: int) -> int:
        """Delete the least recently used PDFs until the cache fits `max_bytes`; returns
        how many were deleted. Old versions of a report are never read again, so without
        this the cache would only grow."""
        entries = []
        for path in self.root.glob("*/*.pdf"):
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            entries.append((stat.st_mtime_ns, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        deleted = 0
        for _, size, path in sorted(entries):
            if total <= max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            deleted += 1
        return deleted
