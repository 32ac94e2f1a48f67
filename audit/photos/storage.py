"""Content-addressed photo storage: {root}/{sha[:2]}/{sha}/{size}.jpg, written atomically."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

_SHA256 = re.compile(r"[0-9a-f]{64}")
_SIZE_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")


@runtime_checkable
class PhotoStorage(Protocol):
    """Where the stored sizes of photos live, keyed by the sha256 of the uploaded bytes."""

    def save(self, sha256: str, size: str, data: bytes) -> None:
        """Store `data` as the `size` of photo `sha256`, replacing it atomically."""

    def path(self, sha256: str, size: str) -> Path:
        """Return the local file path of a stored size (reportlab wants a path)."""

    def open(self, sha256: str, size: str) -> BinaryIO:
        """Open a stored size for reading; FileNotFoundError when missing."""

    def exists(self, sha256: str, size: str) -> bool:
        """Tell whether a size of the photo is stored."""

    def delete(self, sha256: str) -> None:
        """Remove every stored size of the photo; a missing photo is not an error."""

    def sweep(self, older_than: float) -> Iterator[str]:
        """Drop temporary files left by a killed write; yield stored photos' sha256.

        Only what was last written more than `older_than` seconds ago is touched or named,
        so a write (and its database commit) under way is never swept.
        """


def store_same(storage: PhotoStorage, sha256: str, size: str, source: str, data: bytes) -> None:
    """Store `size` as the same file as the stored `source` (whose bytes are `data`).

    Uses the storage's optional `link(sha256, size, source)` (no second write), else saves
    `data` again; `path`, `open`, `exists` and `delete` treat both names as ordinary sizes.
    """
    link = getattr(storage, "link", None)
    if link is None:
        storage.save(sha256, size, data)
    else:
        link(sha256, size, source)


def validate_sha256(sha256: str) -> str:
    """Return `sha256` if it is 64 lowercase hex digits, else raise ValueError."""
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise ValueError(f"not a sha256 hex digest: {sha256!r}")
    return sha256


def validate_size_name(size: str) -> str:
    """Return `size` if it is a short lowercase name, else raise ValueError."""
    if not isinstance(size, str) or not _SIZE_NAME.fullmatch(size):
        raise ValueError(f"not a photo size name: {size!r}")
    return size


class FilesystemPhotoStorage:
    """Photo files under a root directory that must be outside the web root."""

    def __init__(self, root: str | os.PathLike[str], *, fsync: bool = True) -> None:
        self.root = Path(root)
        self.fsync = fsync

    def path(self, sha256: str, size: str) -> Path:
        """Return where the `size` of photo `sha256` is (or would be) stored."""
        return self._photo_dir(sha256) / f"{validate_size_name(size)}.jpg"

    def save(self, sha256: str, size: str, data: bytes) -> None:
        """Write to a temporary file in the same directory, then os.replace it into place."""
        target = self.path(sha256, size)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{size}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as temp:
                temp.write(data)
                temp.flush()
                if self.fsync:
                    os.fsync(temp.fileno())
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise

    def link(self, sha256: str, size: str, source: str) -> None:
        """Store `size` as a hard link to the stored `source`, replacing it atomically.

        The bytes are written (and fsynced) once; a later save() of either name replaces
        only that name. Where hard links are unsupported, the bytes are copied instead.
        """
        source_path = self.path(sha256, source)
        target = self.path(sha256, size)
        temp = target.with_name(f".{size}.{uuid.uuid4().hex}.tmp")
        try:
            os.link(source_path, temp)
        except FileNotFoundError:
            raise
        except OSError:  # no hard links on this filesystem
            self.save(sha256, size, source_path.read_bytes())
            return
        try:
            os.replace(temp, target)
        finally:
            # rename() does nothing when both names already are the same file.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)

    def open(self, sha256: str, size: str) -> BinaryIO:
        """Open a stored size for binary reading."""
        return self.path(sha256, size).open("rb")

    def exists(self, sha256: str, size: str) -> bool:
        """Tell whether the size is stored."""
        return self.path(sha256, size).is_file()

    def delete(self, sha256: str) -> None:
        """Remove the photo's directory, and its prefix directory once empty."""
        photo_dir = self._photo_dir(sha256)
        shutil.rmtree(photo_dir, ignore_errors=True)
        with contextlib.suppress(OSError):
            photo_dir.parent.rmdir()

    def sweep(self, older_than: float) -> Iterator[str]:
        """Remove stale *.tmp files (a write killed mid-way); yield stale photos' sha256."""
        cutoff = time.time() - older_than
        if not self.root.is_dir():
            return
        for photo_dir in self.root.glob("??/*"):
            if not _SHA256.fullmatch(photo_dir.name) or not photo_dir.is_dir():
                continue
            newest = 0.0
            for entry in photo_dir.iterdir():
                mtime = entry.stat().st_mtime
                if entry.suffix == ".tmp" and mtime < cutoff:
                    with contextlib.suppress(FileNotFoundError):
                        entry.unlink()
                else:
                    newest = max(newest, mtime)
            if newest < cutoff:
                yield photo_dir.name

    def _photo_dir(self, sha256: str) -> Path:
        validate_sha256(sha256)
        return self.root / sha256[:2] / sha256
