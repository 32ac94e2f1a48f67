"""The on-disk report cache and the data fingerprint."""

from __future__ import annotations

from dataclasses import replace

import pytest

from audit.reports import ReportCache, fingerprint


def test_fingerprint_is_stable_and_follows_the_data(report_data):
    assert fingerprint(report_data) == fingerprint(replace(report_data))
    assert fingerprint(report_data) != fingerprint(replace(report_data, wave="other"))
    assert len(fingerprint(report_data)) == 64


def test_fingerprint_changes_when_a_photo_file_changes(report_data, tmp_path):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"one")
    tp = report_data.touchpoints[0]
    data = replace(
        report_data, touchpoints=[replace(tp, photos=[replace(tp.photos[0], path=photo)])]
    )
    before = fingerprint(data)
    photo.write_bytes(b"two!")
    assert fingerprint(data) != before


def test_get_or_build_builds_once(tmp_path):
    cache, calls = ReportCache(tmp_path), []

    def build() -> bytes:
        calls.append(1)
        return b"%PDF-1.4 fake"

    key = "ab" * 32
    assert cache.get_or_build(key, build) == b"%PDF-1.4 fake"
    assert cache.get_or_build(key, build) == b"%PDF-1.4 fake"
    assert calls == [1]
    assert ReportCache(tmp_path).get_or_build(key, build) == b"%PDF-1.4 fake"


@pytest.mark.parametrize("key", ["../../etc/passwd", "short", "a/b" * 10, ""])
def test_keys_cannot_escape_the_root(tmp_path, key):
    with pytest.raises(ValueError):
        ReportCache(tmp_path).get_or_build(key, lambda: b"")
