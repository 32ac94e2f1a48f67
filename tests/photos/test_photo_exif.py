"""EXIF reading: orientation transposes and capture time parsing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PIL import ExifTags, Image

from audit.photos.exif import capture_time, upright_transpose
from audit.photos.sniff import sniff_content_type


def exif_with(**tags: object) -> Image.Exif:
    exif = Image.Exif()
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    for name, value in tags.items():
        tag = ExifTags.Base[name]
        (exif if name in ("DateTime", "Orientation") else sub)[tag] = value
    return exif


@pytest.mark.parametrize("orientation", [None, 0, 1, 9, "6"])
def test_no_transpose_when_upright_or_unknown(orientation):
    exif = exif_with() if orientation is None else exif_with(Orientation=orientation)
    assert upright_transpose(exif) is None
    assert upright_transpose(None) is None


def test_orientation_6_rotates_clockwise():
    assert upright_transpose(exif_with(Orientation=6)) == Image.Transpose.ROTATE_270


def test_original_time_wins_over_file_time():
    exif = exif_with(DateTime="2024:01:01 00:00:00", DateTimeOriginal="2023:12:31 23:59:58")
    assert capture_time(exif) == datetime(2023, 12, 31, 23, 59, 58)


def test_file_time_is_the_fallback():
    assert capture_time(exif_with(DateTime="2024:01:02 03:04:05")) == datetime(2024, 1, 2, 3, 4, 5)


def test_negative_offset():
    exif = exif_with(DateTimeOriginal="2024:01:02 03:04:05", OffsetTimeOriginal="-05:30")
    expected = timezone(-timedelta(hours=5, minutes=30))
    assert capture_time(exif) == datetime(2024, 1, 2, 3, 4, 5, tzinfo=expected)


@pytest.mark.parametrize(
    "value", ["0000:00:00 00:00:00", "    :  :     :  :  ", "yesterday", "2024-01-02 03:04:05"]
)
def test_unparseable_times_are_none(value):
    assert capture_time(exif_with(DateTimeOriginal=value)) is None


def test_bad_offset_gives_naive_time():
    exif = exif_with(DateTimeOriginal="2024:01:02 03:04:05", OffsetTimeOriginal="bogus!")
    assert capture_time(exif) == datetime(2024, 1, 2, 3, 4, 5)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xd8\xff\xe1rest", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\nrest", "image/png"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"GIF89a", None),
        (b"\xff\xd8", None),
        (b"", None),
    ],
)
def test_sniff(data, expected):
    assert sniff_content_type(data) == expected
