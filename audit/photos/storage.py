"""Content-addressed photo storage: `{sha[:2]}/{sha}/{size}.jpg` on any `audit.storage` backend."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

from audit.storage import LocalStorage, Storage, StoredPicture

_SHA256 = re.compile(r"[0-9a-f]{64}")
_SIZE_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_LAYOUT = re.compile(r"([0-9a-f]{2})/([0-9a-f]{64})/[a-z][a-z0-9_]{0,31}\.jpg")


@runtime_checkable
class PhotoStorage(Protocol):
    """Where the stored sizes of photos live, keyed by the sha256 of the uploaded bytes."""

    def save(self, sha256: str, size: str, data: bytes) -> None:
        """Store `data` as the `size` of photo `sha256`, replacing it atomically."""

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
    `data` again; `open`, `exists` and `delete` treat both names as ordinary sizes.
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


def photo_key(sha256: str, size: str) -> str:
    """The storage key of one size of a photo."""
    return f"{_folder(sha256)}{validate_size_name(size)}.jpg"


def _folder(sha256: str) -> str:
    validate_sha256(sha256)
    return f"{sha256[:2]}/{sha256}/"


class StoredPhotos:
    """Photos and logos in a `Storage` (a local folder or an S3 prefix)."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def save(self, sha256: str, size: str, data: bytes) -> None:
        """Store one size; the backend's write is atomic."""
        self.storage.put(photo_key(sha256, size), data)

    def link(self, sha256: str, size: str, source: str) -> None:
        """Store `size` as the bytes of the stored `source` (a hard link or a server copy)."""
        self.storage.copy(photo_key(sha256, source), photo_key(sha256, size))

    def open(self, sha256: str, size: str) -> BinaryIO:
        """Open a stored size for binary reading (a stream on S3)."""
        return self.storage.open(photo_key(sha256, size))

    def exists(self, sha256: str, size: str) -> bool:
        """Tell whether the size is stored."""
        return self.storage.exists(photo_key(sha256, size))

    def local_path(self, sha256: str, size: str) -> Path | None:
        """The size's file on the local backend, else None."""
        return self.storage.local_path(photo_key(sha256, size))

    def picture(self, sha256: str, size: str) -> StoredPicture:
        """The size as a PDF embeds it (its version read now)."""
        return StoredPicture.of(self.storage, photo_key(sha256, size))

    def delete(self, sha256: str) -> None:
        """Remove every size of the photo."""
        self.storage.delete_prefix(_folder(sha256))

    def sweep(self, older_than: float) -> Iterator[str]:
        """Remove stale temporary files; yield photos whose every size is older than that."""
        self.storage.sweep_temporary(older_than)
        cutoff = time.time() - older_than
        newest: dict[str, float] = {}
        for entry in self.storage.list():
            match = _LAYOUT.fullmatch(entry.key)
            if match and match[2].startswith(match[1]):
                newest[match[2]] = max(newest.get(match[2], 0.0), entry.modified)
        yield from (sha256 for sha256, modified in newest.items() if modified < cutoff)


class FilesystemPhotoStorage(StoredPhotos):
    """Photo files under a root directory that must be outside the web root."""

    storage: LocalStorage

    def __init__(self, root: str | os.PathLike[str], *, fsync: bool = True) -> None:
        super().__init__(LocalStorage(root, fsync=fsync))

    @property
    def root(self) -> Path:
        """The folder holding the photos."""
        return self.storage.root

    @property
    def fsync(self) -> bool:
        """Whether writes are flushed to the disk before their rename."""
        return self.storage.fsync

    @fsync.setter
    def fsync(self, value: bool) -> None:
        self.storage.fsync = value

    def path(self, sha256: str, size: str) -> Path:
        """Where the `size` of photo `sha256` is (or would be) stored."""
        return self.storage.path(photo_key(sha256, size))


def photos_in(storage: Storage) -> StoredPhotos:
    """Photos in `storage`; on a local folder with `path()` for callers that want files."""
    if isinstance(storage, LocalStorage):
        return FilesystemPhotoStorage(storage.root, fsync=storage.fsync)
    return StoredPhotos(storage)
