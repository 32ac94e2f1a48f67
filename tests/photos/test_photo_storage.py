"""Filesystem photo storage: layout, path traversal guard, atomic writes, delete."""

from __future__ import annotations

import os

import pytest

from audit.photos import FilesystemPhotoStorage, PhotoStorage
from audit.photos import storage as storage_module

SHA = "ab" + "0" * 62


def test_layout_and_round_trip(storage):
    assert isinstance(storage, PhotoStorage)
    storage.save(SHA, "thumb", b"jpeg bytes")
    assert storage.path(SHA, "thumb") == storage.root / "ab" / SHA / "thumb.jpg"
    assert storage.exists(SHA, "thumb")
    assert not storage.exists(SHA, "display")
    with storage.open(SHA, "thumb") as f:
        assert f.read() == b"jpeg bytes"
    storage.save(SHA, "thumb", b"replaced")
    assert storage.path(SHA, "thumb").read_bytes() == b"replaced"


def test_open_missing_raises(storage):
    with pytest.raises(FileNotFoundError):
        storage.open(SHA, "thumb")


@pytest.mark.parametrize(
    "sha",
    [
        "../" * 10 + "etc/passwd",
        "..",
        "",
        SHA[:-1],
        SHA + "0",
        SHA.upper(),
        SHA + "\n",
        "/" + SHA[1:],
        "g" * 64,
    ],
)
def test_bad_sha_is_refused(storage, sha):
    for call in (
        lambda: storage.path(sha, "thumb"),
        lambda: storage.save(sha, "thumb", b"x"),
        lambda: storage.exists(sha, "thumb"),
        lambda: storage.open(sha, "thumb"),
        lambda: storage.delete(sha),
    ):
        with pytest.raises(ValueError):
            call()
    assert not storage.root.exists()


@pytest.mark.parametrize("size", ["../../x", "thumb/../../x", "", "Thumb", "a.jpg", "x" * 40])
def test_bad_size_name_is_refused(storage, size):
    with pytest.raises(ValueError):
        storage.save(SHA, size, b"x")


def test_failed_write_leaves_no_partial_file(storage, monkeypatch):
    storage.save(SHA, "thumb", b"old")

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(storage_module.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        storage.save(SHA, "thumb", b"new")
    with pytest.raises(OSError, match="disk full"):
        storage.save(SHA, "display", b"new")
    photo_dir = storage.root / "ab" / SHA
    assert sorted(os.listdir(photo_dir)) == ["thumb.jpg"]
    assert storage.path(SHA, "thumb").read_bytes() == b"old"


def test_interrupted_write_leaves_no_partial_file(storage, monkeypatch):
    def failing_fsync(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(storage_module.os, "fsync", failing_fsync)
    with pytest.raises(KeyboardInterrupt):
        storage.save(SHA, "thumb", b"x" * 100_000)
    assert os.listdir(storage.root / "ab" / SHA) == []


def test_stored_files_are_readable(storage):
    storage.save(SHA, "thumb", b"x")
    assert storage.path(SHA, "thumb").stat().st_mode & 0o777 == 0o644


def test_delete_removes_every_size(storage):
    other = "ab" + "1" * 62
    storage.save(SHA, "thumb", b"x")
    storage.save(SHA, "original", b"x")
    storage.save(other, "thumb", b"y")
    storage.delete(SHA)
    assert not (storage.root / "ab" / SHA).exists()
    assert storage.exists(other, "thumb")
    storage.delete(other)
    assert not (storage.root / "ab").exists()
    storage.delete(SHA)


def test_without_fsync(tmp_path):
    storage = FilesystemPhotoStorage(tmp_path, fsync=False)
    storage.save(SHA, "thumb", b"x")
    assert storage.path(SHA, "thumb").read_bytes() == b"x"


def test_link_stores_the_same_file_under_another_name(storage):
    storage.save(SHA, "display", b"jpeg")
    storage.save(SHA, "original", b"stale")
    storage.link(SHA, "original", "display")
    assert storage.path(SHA, "original").read_bytes() == b"jpeg"
    assert storage.path(SHA, "original").samefile(storage.path(SHA, "display"))
    storage.link(SHA, "original", "display")  # already the same file: nothing left behind
    assert sorted(os.listdir(storage.root / "ab" / SHA)) == ["display.jpg", "original.jpg"]
    storage.save(SHA, "display", b"new")
    assert storage.path(SHA, "original").read_bytes() == b"jpeg"
    storage.delete(SHA)
    assert not (storage.root / "ab").exists()


def test_link_to_a_missing_size_raises(storage):
    storage.save(SHA, "thumb", b"x")
    with pytest.raises(FileNotFoundError):
        storage.link(SHA, "original", "display")
    assert sorted(os.listdir(storage.root / "ab" / SHA)) == ["thumb.jpg"]


def test_link_copies_without_hard_links(storage, monkeypatch):
    def no_links(src, dst):
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(storage_module.os, "link", no_links)
    storage.save(SHA, "display", b"jpeg")
    storage.link(SHA, "original", "display")
    assert storage.path(SHA, "original").read_bytes() == b"jpeg"
    assert not storage.path(SHA, "original").samefile(storage.path(SHA, "display"))
    with pytest.raises(ValueError):
        storage.link(SHA, "../x", "display")
