"""Refused uploads: wrong content, too big, too many pixels, truncated or corrupt."""

from __future__ import annotations

import pytest
from PIL import Image, ImageFile

from audit.photos import PhotoRejected, ingest_photo
from audit.photos.errors import MIB
from tests.images import image_bytes

NOT_IMAGES = {
    "gif": image_bytes("GIF", (20, 20), "red"),
    "bmp": image_bytes("BMP", (20, 20), "red"),
    "pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
    "text": b"just some notes about the shop\n",
    "html named .jpg": b"<!doctype html><html><body><script>alert(1)</script></body></html>",
    "riff but not webp": b"RIFF\x10\x00\x00\x00WAVEfmt " + bytes(16),
}


@pytest.mark.parametrize("data", NOT_IMAGES.values(), ids=NOT_IMAGES.keys())
def test_other_content_is_refused(data, storage):
    with pytest.raises(PhotoRejected) as excinfo:
        ingest_photo(data, storage)
    assert excinfo.value.code == "unsupported_type"
    assert str(excinfo.value) == "not a JPEG, PNG or WebP image"
    assert not storage.root.exists()


def test_empty_file_is_refused(storage):
    with pytest.raises(PhotoRejected) as excinfo:
        ingest_photo(b"", storage)
    assert excinfo.value.code == "empty"
    assert excinfo.value.message == "file is empty"


def test_decompression_bomb_is_refused(png_bomb, storage):
    assert len(png_bomb) < 200_000
    with pytest.raises(PhotoRejected) as excinfo:
        ingest_photo(png_bomb, storage)
    assert excinfo.value.code == "too_many_pixels"
    assert excinfo.value.message == "image is 400 megapixels; the limit is 50"
    assert not storage.root.exists()


def test_pixel_limit_is_per_call(make_jpeg, storage):
    data = make_jpeg((1200, 1000))
    with pytest.raises(PhotoRejected) as excinfo:
        ingest_photo(data, storage, max_pixels=1_000_000)
    assert excinfo.value.message == "image is 1.2 megapixels; the limit is 1"
    assert ingest_photo(data, storage, max_pixels=1_200_000).width == 1200


def test_pillow_global_limit_is_not_used(make_jpeg, storage, monkeypatch):
    # Over Pillow's own limit, Image.open would warn (an error here) or raise.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    assert ingest_photo(make_jpeg((640, 480)), storage).width == 640


def test_oversized_file_is_refused(storage):
    data = b"\xff\xd8\xff" + bytes(int(25.3 * MIB))
    with pytest.raises(PhotoRejected) as excinfo:
        ingest_photo(data, storage)
    assert excinfo.value.code == "too_large"
    assert excinfo.value.message == "file is 25.3 MB; the limit is 20 MB"


def test_byte_limit_is_configurable(make_jpeg, storage):
    data = make_jpeg()
    with pytest.raises(PhotoRejected) as excinfo:
        ingest_photo(data, storage, max_bytes=len(data) - 1)
    assert excinfo.value.code == "too_large"
    assert ingest_photo(data, storage, max_bytes=len(data)).byte_size == len(data)


@pytest.mark.parametrize("progressive", [False, True], ids=["baseline", "progressive"])
@pytest.mark.parametrize("size", [(640, 480), (4000, 3000)], ids=["small", "draft-decoded"])
def test_truncated_jpeg_is_refused(make_jpeg, storage, progressive, size):
    data = make_jpeg(size, progressive=progressive)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    for cut in (len(data) // 2, len(data) - 200):
        with pytest.raises(PhotoRejected) as excinfo:
            ingest_photo(data[:cut], storage)
        assert excinfo.value.code == "corrupt"
        assert str(excinfo.value) == "file is truncated or corrupt"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    assert not storage.root.exists()


def test_truncated_png_is_refused(encode_image, storage):
    data = encode_image(Image.effect_noise((300, 300), 50), "PNG")
    with pytest.raises(PhotoRejected) as excinfo:
        ingest_photo(data[: len(data) // 2], storage)
    assert excinfo.value.code == "corrupt"


def test_truncated_webp_is_refused(encode_image, storage):
    data = encode_image(Image.effect_noise((300, 300), 50).convert("RGB"), "WEBP")
    with pytest.raises(PhotoRejected) as excinfo:
        ingest_photo(data[: len(data) // 2], storage)
    assert excinfo.value.code == "corrupt"


@pytest.mark.parametrize(
    "data",
    [b"\xff\xd8\xff\xe0" + bytes(100), b"\x89PNG\r\n\x1a\n" + bytes(40), b"RIFF\0\0\0\0WEBPVP8 "],
    ids=["jpeg", "png", "webp"],
)
def test_garbage_after_magic_bytes_is_refused(data, storage):
    with pytest.raises(PhotoRejected) as excinfo:
        ingest_photo(data, storage)
    assert excinfo.value.code == "corrupt"


def test_rejection_messages():
    error = PhotoRejected.too_many_pixels(120_000_000, 50_000_000)
    assert isinstance(error, ValueError)
    assert error.message == "image is 120 megapixels; the limit is 50"
    assert PhotoRejected.too_large(int(20.01 * MIB), 20 * MIB).message == (
        "file is 20.01 MB; the limit is 20 MB"
    )
