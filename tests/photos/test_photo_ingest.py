"""Accepted uploads: stored upright, metadata-free, in every size, deduplicated."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image

from audit.photos import SIZES, IngestedPhoto, ingest_photo

APP_MARKERS = set(range(0xE1, 0xF0)) | {0xFE}  # APP1..APP15 (EXIF, XMP, ICC...) and COM


def stored_image(storage, sha: str, size: str) -> Image.Image:
    with storage.open(sha, size) as f:
        im = Image.open(io.BytesIO(f.read()))
        im.load()
    return im


def test_jpeg_is_stored_in_every_size(make_jpeg, storage):
    data = make_jpeg((4000, 3000))
    photo = ingest_photo(data, storage)
    assert isinstance(photo, IngestedPhoto)
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert photo.content_type == "image/jpeg"
    assert photo.byte_size == len(data)
    # Decoded at half scale (DCT), so the original is 2000 px: within the 2048 cap.
    assert (photo.width, photo.height) == (2000, 1500)
    assert photo.sizes == {
        "original": (2000, 1500),
        "display": (2000, 1500),  # the half-scale decode is the display: no resize
        "print": (800, 600),
        "thumb": (320, 240),
    }
    for name, dims in photo.sizes.items():
        im = stored_image(storage, photo.sha256, name)
        assert im.format == "JPEG"
        assert im.size == dims
    assert storage.path(photo.sha256, "print").is_file()


def test_very_large_jpeg_original_is_capped(make_jpeg, storage):
    photo = ingest_photo(make_jpeg((6000, 2000)), storage)
    assert photo.sizes["original"] == (2048, 683)
    assert max(photo.sizes["display"]) == SIZES["display"]


def test_small_image_is_never_upscaled(make_jpeg, storage):
    photo = ingest_photo(make_jpeg((500, 300)), storage)
    assert photo.sizes == {
        "original": (500, 300),
        "display": (500, 300),
        "print": (500, 300),
        "thumb": (320, 192),
    }


def test_portrait_sizes(make_jpeg, storage):
    photo = ingest_photo(make_jpeg((1200, 1600)), storage)
    assert photo.sizes["print"] == (600, 800)
    assert photo.sizes["thumb"] == (240, 320)


def test_png_is_accepted(quadrant, encode_image, storage):
    photo = ingest_photo(encode_image(quadrant((900, 600)), "PNG"), storage)
    assert photo.content_type == "image/png"
    assert (photo.width, photo.height) == (900, 600)
    assert stored_image(storage, photo.sha256, "original").getpixel((10, 10))[0] > 240


def test_png_alpha_is_flattened_on_white(encode_image, storage):
    im = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    im.paste((0, 128, 0, 255), (200, 0, 400, 400))
    photo = ingest_photo(encode_image(im, "PNG"), storage)
    stored = stored_image(storage, photo.sha256, "original")
    assert stored.mode == "RGB"
    assert all(channel > 245 for channel in stored.getpixel((50, 200)))
    r, g, b = stored.getpixel((350, 200))
    assert g > 100 and r < 30 and b < 30


def test_palette_png_with_transparency(encode_image, storage):
    im = Image.new("P", (100, 100), 0)
    im.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    im.paste(1, (50, 0, 100, 100))
    photo = ingest_photo(encode_image(im, "PNG", transparency=0), storage)
    stored = stored_image(storage, photo.sha256, "original")
    assert all(channel > 245 for channel in stored.getpixel((10, 50)))
    assert stored.getpixel((90, 50))[0] > 240


def test_webp_is_accepted(quadrant, encode_image, storage):
    photo = ingest_photo(encode_image(quadrant((800, 600)), "WEBP", quality=90), storage)
    assert photo.content_type == "image/webp"
    assert photo.sizes["original"] == (800, 600)
    assert photo.sizes["thumb"] == (320, 240)


def test_greyscale_jpeg_is_accepted(encode_image, storage):
    photo = ingest_photo(encode_image(Image.new("L", (300, 200), 90), "JPEG"), storage)
    assert stored_image(storage, photo.sha256, "thumb").size == (300, 200)


@pytest.mark.parametrize("size", [(640, 480), (3200, 2400)])
def test_exif_orientation_6_is_stored_upright(size, quadrant, exif_for, encode_image, storage):
    upright = quadrant(size)
    # Orientation 6: the camera stored the pixels rotated; viewers turn them 90 deg clockwise.
    sensor = upright.transpose(Image.Transpose.ROTATE_90)
    data = encode_image(sensor, "JPEG", quality=90, exif=exif_for(orientation=6))
    photo = ingest_photo(data, storage)
    width, height = photo.width, photo.height
    assert width > height
    assert width / height == pytest.approx(size[0] / size[1], rel=0.01)
    for name, (w, h) in photo.sizes.items():
        stored = stored_image(storage, photo.sha256, name)
        assert stored.size == (w, h)
        top_left = stored.getpixel((w // 4, h // 4))
        top_right = stored.getpixel((3 * w // 4, h // 4))
        bottom_left = stored.getpixel((w // 4, 3 * h // 4))
        assert top_left[0] > 200 and top_left[2] < 60, name
        assert top_right[2] > 200 and top_right[0] < 60, name
        assert bottom_left[2] > 200 and bottom_left[0] < 60, name


def test_metadata_is_stripped_from_every_stored_file(make_jpeg, exif_for, segment_markers, storage):
    data = make_jpeg(
        (1200, 900),
        exif=exif_for(orientation=1, taken=datetime(2024, 5, 6, 7, 8, 9), gps=True),
        comment=b"shop 42, Main Street",
        icc_profile=_srgb_profile(),
    )
    source_exif = Image.open(io.BytesIO(data)).getexif()
    assert source_exif.get_ifd(0x8825), "the fixture must carry GPS"
    photo = ingest_photo(data, storage)
    for name in photo.sizes:
        raw = storage.path(photo.sha256, name).read_bytes()
        assert not APP_MARKERS & set(segment_markers(raw)), name
        stored = Image.open(io.BytesIO(raw))
        assert not stored.getexif()
        assert "icc_profile" not in stored.info and "comment" not in stored.info
        assert b"Exif" not in raw and b"TabletCo" not in raw and b"Main Street" not in raw


def test_capture_time_is_returned(make_jpeg, exif_for, storage):
    taken = datetime(2024, 5, 6, 7, 8, 9)
    photo = ingest_photo(make_jpeg(exif=exif_for(taken=taken)), storage)
    assert photo.taken_at == taken


def test_capture_time_with_offset_is_aware(make_jpeg, exif_for, storage):
    photo = ingest_photo(
        make_jpeg(exif=exif_for(taken=datetime(2024, 5, 6, 7, 8, 9), offset="+02:00")), storage
    )
    assert photo.taken_at == datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone(timedelta(hours=2)))


def test_capture_time_absent_is_none(make_jpeg, storage):
    assert ingest_photo(make_jpeg(), storage).taken_at is None


def test_identical_uploads_deduplicate(make_jpeg, storage, monkeypatch):
    data = make_jpeg((1000, 750))
    first = ingest_photo(data, storage)
    saved = []
    monkeypatch.setattr(storage, "save", lambda *args: saved.append(args))
    second = ingest_photo(data, storage)
    assert second == first
    assert saved == []
    files = [p for p in (storage.root).rglob("*") if p.is_file()]
    assert len(files) == len(SIZES)


def test_incomplete_set_is_completed(make_jpeg, storage):
    data = make_jpeg()
    photo = ingest_photo(data, storage)
    storage.path(photo.sha256, "original").unlink()
    ingest_photo(data, storage)
    assert storage.exists(photo.sha256, "original")


def test_different_uploads_are_stored_apart(make_jpeg, storage):
    a = ingest_photo(make_jpeg((640, 480)), storage)
    b = ingest_photo(make_jpeg((641, 480)), storage)
    assert a.sha256 != b.sha256
    assert storage.exists(a.sha256, "thumb") and storage.exists(b.sha256, "thumb")


def _srgb_profile() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
