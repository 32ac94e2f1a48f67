"""Fixtures for photo tests: real images made with Pillow, and a storage in tmp_path."""

from __future__ import annotations

import struct
from collections.abc import Callable

import pytest
from PIL import Image

from audit.photos import FilesystemPhotoStorage
from tests import images
from tests.images import encode, exif_bytes, quadrant_image


@pytest.fixture
def storage(tmp_path) -> FilesystemPhotoStorage:
    """A filesystem photo storage in a fresh temporary directory."""
    return FilesystemPhotoStorage(tmp_path / "photos")


@pytest.fixture
def make_jpeg() -> Callable[..., bytes]:
    """Factory: a quadrant JPEG of `size` with optional EXIF and other save params."""

    def make(size: tuple[int, int] = (640, 480), exif: bytes | None = None, **params) -> bytes:
        if exif is not None:
            params["exif"] = exif
        return encode(quadrant_image(size), "JPEG", quality=90, **params)

    return make


@pytest.fixture(scope="session")
def png_bomb() -> bytes:
    """A valid 20000x20000 1-bit PNG (400 megapixels) that is only ~50 kB."""
    return images.png_bomb(20000)


def jpeg_segment_markers(data: bytes) -> list[int]:
    """The marker bytes of a JPEG's segments up to the start of scan."""
    assert data[:2] == b"\xff\xd8"
    markers, pos = [], 2
    while pos < len(data):
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
    return markers


@pytest.fixture
def segment_markers() -> Callable[[bytes], list[int]]:
    """The JPEG segment marker parser, for metadata checks."""
    return jpeg_segment_markers


@pytest.fixture
def quadrant() -> Callable[..., Image.Image]:
    """The quadrant image factory."""
    return quadrant_image


@pytest.fixture
def exif_for() -> Callable[..., bytes]:
    """The EXIF bytes factory."""
    return exif_bytes


@pytest.fixture
def encode_image() -> Callable[..., bytes]:
    """Encode an image with Pillow to bytes."""
    return encode
