"""Helpers for the auditor's tests: real images made with Pillow, multipart uploads."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags, Image


def image_bytes(fmt: str = "JPEG", size=(640, 480), color=(200, 30, 30), **params) -> bytes:
    """A real image encoded by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt, **params)
    return buffer.getvalue()


def exif_with(orientation: int | None = None, gps: bool = False, taken: str | None = None):
    """EXIF bytes with an orientation, a GPS position and a capture time, as asked."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TabletCo"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if taken:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
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


def upload(api_client, audit_id: int, data: bytes, touchpoint="greeting", **form):
    """POST a photo through the API as multipart."""
    fields = {
        "file": (io.BytesIO(data), form.pop("filename", "photo.jpg")),
        "touchpoint": touchpoint,
    }
    fields.update(form)
    return api_client.post(
        f"/audits/{audit_id}/photos", data=fields, content_type="multipart/form-data"
    )


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


def quadrant_jpeg(size=(400, 200), **params) -> bytes:
    """A blue JPEG with a red top-left quadrant, to see where a rotation puts it."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1] // 2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, **params)
    return buffer.getvalue()
