"""Real images made with Pillow, for the photo, logo and upload tests."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import datetime

from PIL import ExifTags, Image

RED = (255, 0, 0)
BLUE = (0, 0, 255)


def encode(im: Image.Image, fmt: str, **params: object) -> bytes:
    """Encode an image with Pillow and return the bytes."""
    buffer = io.BytesIO()
    im.save(buffer, fmt, **params)
    return buffer.getvalue()


def image_bytes(
    fmt: str = "JPEG",
    size: tuple[int, int] = (640, 480),
    color: tuple[int, int, int] | str = (200, 30, 30),
    **params: object,
) -> bytes:
    """A plain image of one colour, encoded as `fmt` with Pillow's save `params`."""
    return encode(Image.new("RGB", size, color), fmt, **params)


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


def png_bomb(side: int = 20000) -> bytes:
    """A valid 1-bit PNG of side x side pixels (400 megapixels) in ~50 kB: a decompression bomb."""
    row = b"\x00" + bytes(side // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row * 1000) for _ in range(side // 1000))
    idat += compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
