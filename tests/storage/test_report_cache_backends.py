"""The report cache on each backend: build once, a hit is a use, LRU pruning, stale temps."""

from __future__ import annotations

import os

from audit.reports import ReportCache, ReportPhoto, fingerprint
from audit.storage import LocalStorage, StoredPicture
from tests.storage.conftest import backdate

A, B, C = "aaaaaaaa1", "bbbbbbbb2", "cccccccc3"


def test_get_or_build_builds_once(store):
    cache, calls = ReportCache(store), []

    def build() -> bytes:
        calls.append(1)
        return b"%PDF-1.4 fake"

    assert cache.get_or_build(A, build) == b"%PDF-1.4 fake"
    assert cache.get_or_build(A, build) == b"%PDF-1.4 fake"
    assert calls == [1]
    assert [entry.key for entry in store.list()] == [f"aa/{A}.pdf"]


def test_prune_drops_the_least_recently_used_first(store):
    cache = ReportCache(store)
    for key in (A, B, C):
        cache.get_or_build(key, lambda: b"x" * 1000)
    backdate(store, cache.key_for(A), 300)
    backdate(store, cache.key_for(B), 200)
    cache.get_or_build(A, lambda: b"never built")  # a hit refreshes its use
    assert cache.prune(2000) == 1
    assert sorted(entry.key for entry in store.list()) == [cache.key_for(A), cache.key_for(C)]
    assert cache.prune(10_000) == 0


def test_prune_sweeps_stale_temporary_files(store, tmp_path):
    cache = ReportCache(store)
    cache.get_or_build(A, lambda: b"x")
    if isinstance(store, LocalStorage):  # a write killed before its rename
        stale, fresh = store.root / "aa" / ".dead.tmp", store.root / "aa" / "tmpLegacy.tmp"
        stale.write_bytes(b"half")
        backdate_file(stale, 7200)
        fresh.write_bytes(b"being written")
        cache.prune(10_000)
        assert not stale.exists() and fresh.exists()
    else:  # nothing half-written exists on S3; a stale multipart upload is aborted
        store.client.create_multipart_upload(Bucket=store.bucket, Key=store.prefix + "aa/x.pdf")
        assert cache.sweep(older_than=-60) == 1
    assert [entry.key for entry in store.list()] == [cache.key_for(A)]


def backdate_file(path, seconds: float) -> None:
    when = path.stat().st_mtime - seconds
    os.utime(path, (when, when))


def test_fingerprint_follows_a_stored_picture(store):
    key = "ab/abcd/print.jpg"

    def data() -> list[ReportPhoto]:
        return [ReportPhoto(path=StoredPicture.of(store, key), caption="Till")]

    missing = fingerprint(data())
    store.put(key, b"one")
    first = fingerprint(data())
    assert first == fingerprint(data())
    store.put(key, b"two!")
    assert len({missing, first, fingerprint(data())}) == 3
