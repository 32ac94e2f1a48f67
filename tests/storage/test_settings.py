"""Storage settings: the environment sets them; a wrong one stops the start, naming it."""

from __future__ import annotations

import pytest

from audit import create_app
from audit.config import from_environment
from audit.storage import LocalStorage, StorageSettingsError, check_settings, open_storage


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND"),
        ({"STORAGE_BACKEND": "s3"}, "S3_BUCKET"),
        ({"STORAGE_BACKEND": "s3", "S3_BUCKET": "b", "S3_PREFIX": "../up"}, "S3_PREFIX"),
        ({"STORAGE_BACKEND": "s3", "S3_BUCKET": "b", "S3_ADDRESSING_STYLE": "x"}, "ADDRESSING"),
    ],
)
def test_a_wrong_setting_is_named(settings, named):
    with pytest.raises(StorageSettingsError, match=named):
        check_settings(settings)


def test_the_app_refuses_to_start_on_a_wrong_backend(tmp_path):
    with pytest.raises(StorageSettingsError, match="STORAGE_BACKEND"):
        create_app({"SECRET_KEY": "x", "STORAGE_BACKEND": "S3 "})


def test_local_is_the_default_and_each_area_has_its_folder(tmp_path):
    settings = {"PHOTO_STORAGE_PATH": tmp_path / "p", "REPORT_CACHE_PATH": tmp_path / "r"}
    photos, reports = open_storage(settings, "photos"), open_storage(settings, "reports")
    assert isinstance(photos, LocalStorage) and photos.root == tmp_path / "p"
    assert isinstance(reports, LocalStorage) and reports.root == tmp_path / "r"


def test_the_environment_sets_the_storage(monkeypatch):
    monkeypatch.setenv("STORAGE_BACKEND", "s3")
    monkeypatch.setenv("S3_BUCKET", "audit-files")
    monkeypatch.setenv("S3_PREFIX", "/prod/")
    settings = from_environment()
    assert settings["STORAGE_BACKEND"] == "s3" and settings["S3_BUCKET"] == "audit-files"
    check_settings(settings)


def test_s3_keys_go_under_the_prefix_and_area(s3_settings):
    storage = open_storage({**s3_settings, "S3_PREFIX": "/prod/"}, "reports")
    assert (storage.bucket, storage.prefix) == (s3_settings["S3_BUCKET"], "prod/reports/")
