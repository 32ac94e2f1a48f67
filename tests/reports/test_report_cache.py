"""The on-disk report cache and the data fingerprint."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from audit.reports import ReportCache, fingerprint, language, report_language


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


def test_fingerprint_follows_the_catalogue_of_the_report_language(
    report_data, tmp_path, monkeypatch
):
    """A Russian text corrected and compiled again gives Russian reports a new key, and the
    new text; English reports keep their key."""
    folder = tmp_path / "translations"
    shutil.copytree(language.CATALOGUES, folder, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(language, "CATALOGUES", folder)
    messages = folder / "ru" / "LC_MESSAGES"

    def compile_russian(summary: str) -> None:
        with (messages / "messages.po").open("rb") as po:
            catalog = read_po(po, locale="ru")
        catalog["Executive summary"].string = summary
        with (messages / "messages.mo").open("wb") as mo:
            write_mo(mo, catalog)

    russian = replace(report_data, language="ru")
    compile_russian("Краткое резюме")
    before = fingerprint(russian), fingerprint(report_data)
    assert fingerprint(russian) == before[0]
    compile_russian("Резюме аудита, кратко")
    assert fingerprint(russian) != before[0]
    assert fingerprint(report_data) == before[1]
    words = report_language("ru").translations
    assert words.gettext("Executive summary") == "Резюме аудита, кратко"


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


def test_prune_drops_the_least_recently_used_first(tmp_path):
    cache = ReportCache(tmp_path)
    for name in ("aaaaaaaa1", "bbbbbbbb2", "cccccccc3"):
        cache.get_or_build(name, lambda: b"x" * 1000)
    old = cache.path_for("aaaaaaaa1")
    os.utime(old, ns=(1, 1))
    os.utime(cache.path_for("bbbbbbbb2"), ns=(2, 2))
    cache.get_or_build("aaaaaaaa1", lambda: b"never built")  # a hit refreshes its use
    assert cache.prune(2000) == 1
    assert old.exists()
    assert not cache.path_for("bbbbbbbb2").exists()
    assert cache.path_for("cccccccc3").exists()
    assert cache.prune(10_000) == 0
