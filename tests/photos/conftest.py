"""Fixtures for photo tests: real images made with Pillow, and a storage in tmp_path."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from datetime import datetime

import pytest
from PIL import ExifTags, Image

from audit.photos import FilesystemPhotoStorage

RED = (255, 0, 0)
BLUE = (0, 0, 255)


@pytest.fixture
def storage(tmp_path) -> FilesystemPhotoStorage:
    """A filesystem photo storage in a fresh temporary directory."""
    return FilesystemPhotoStorage(tmp_path / "photos")


def quadrant_image(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Blue image with a red top-left quadrant, to see where rotation puts it."""
    im = Image.new(mode, size, BLUE if mode == "RGB" else (*BLUE, 255))
    im.paste(RED if mode == "RGB" else (*RED, 255), (0, 0, size[0] // 2, size[1] // 2))
    return im


def exif_bytes(
    orientation: int | None = None,
    taken: datetime | None = None,
    offset: str | None = None,
    gps: bool = False,
) -> bytes:
    """EXIF with an orientation, a capture time (+ offset) and a GPS position, as asked."""
    exif = Image.Exif()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "TabletCo"
    if taken is not None:
        sub = exif.get_ifd(ExifTags.IFD.Exif)
        sub[ExifTags.Base.DateTimeOriginal] = taken.strftime("%Y:%m:%d %H:%M:%S")
        if offset:
            sub[ExifTags.Base.OffsetTimeOriginal] = offset
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(
            {
                ExifTags.GPS.GPSLatitudeRef: "N",
                ExifTags.GPS.GPSLatitude: (52.0, 22.0, 12.5),
                ExifTags.GPS.GPSLongitudeRef: "E",
                ExifTags.GPS.GPSLongitude: (4.0, 53.0, 1.25),
            }
        )
    return exif.tobytes()


def encode(im: Image.Image, fmt: str, **params: object) -> bytes:
    """Encode an image with Pillow and return the bytes."""
    buffer = io.BytesIO()
    im.save(buffer, fmt, **params)
    return buffer.getvalue()


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
    width = height = 20000
    row = b"\x00" + bytes(width // 8)
    compressor = zlib.compressobj(9)
    chunks = [compressor.compress(row * 1000) for _ in range(height // 1000)]
    idat = b"".join(chunks) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


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
