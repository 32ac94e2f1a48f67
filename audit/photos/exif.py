"""What we keep from EXIF: the orientation (to store upright) and the capture time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PIL import ExifTags, Image

_ORIENTATION = ExifTags.Base.Orientation
_DATETIME = ExifTags.Base.DateTime
_DATETIME_ORIGINAL = ExifTags.Base.DateTimeOriginal
_OFFSET_TIME_ORIGINAL = ExifTags.Base.OffsetTimeOriginal
_OFFSET_TIME = ExifTags.Base.OffsetTime

# EXIF orientation -> the transpose that makes the pixels upright (as ImageOps.exif_transpose).
_TRANSPOSES = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SWAPS_AXES = {
    Image.Transpose.ROTATE_90,
    Image.Transpose.ROTATE_270,
    Image.Transpose.TRANSPOSE,
    Image.Transpose.TRANSVERSE,
}


def read_exif(im: Image.Image) -> Image.Exif | None:
    """Return the image's EXIF, or None when it is absent or unreadable."""
    try:
        exif = im.getexif()
    except Exception:  # malformed EXIF in an upload is not our problem
        return None
    return exif or None


def upright_transpose(exif: Image.Exif | None) -> Image.Transpose | None:
    """Return the transpose that applies the EXIF orientation, None when upright already."""
    if exif is None:
        return None
    orientation = exif.get(_ORIENTATION)
    return _TRANSPOSES.get(orientation) if isinstance(orientation, int) else None


def swaps_axes(transpose: Image.Transpose | None) -> bool:
    """Tell whether `transpose` exchanges the width and the height."""
    return transpose in _SWAPS_AXES


def capture_time(exif: Image.Exif | None) -> datetime | None:
    """Return DateTimeOriginal (else DateTime), aware when EXIF gives an offset, else naive."""
    if exif is None:
        return None
    try:
        sub = exif.get_ifd(ExifTags.IFD.Exif)
    except Exception:  # a broken sub-IFD just means no capture time there
        sub = {}
    candidates = (
        (sub.get(_DATETIME_ORIGINAL), sub.get(_OFFSET_TIME_ORIGINAL)),
        (exif.get(_DATETIME), sub.get(_OFFSET_TIME)),
    )
    for value, offset in candidates:
        parsed = _parse_datetime(value, offset)
        if parsed is not None:
            return parsed
    return None


def parse_exif_text(text: object) -> datetime | None:
    """An EXIF time as a browser sends it: `YYYY:MM:DD HH:MM:SS` (or ISO 8601), `+HH:MM`?

    Naive when no offset is given (EXIF's usual wall-clock time); None when unreadable.
    """
    if not isinstance(text, str) or len(text) > 40:
        return None
    text = text.strip()
    body, offset = text[:19], text[19:].strip() or None
    if len(body) == 19 and body[4] == "-":  # ISO 8601: the same fields, other separators
        body = body[:10].replace("-", ":") + " " + body[11:]
    return _parse_datetime(body, offset)


def _parse_datetime(value: object, offset: object) -> datetime | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    tz = _parse_offset(offset)
    return parsed.replace(tzinfo=tz) if tz is not None else parsed


def _parse_offset(offset: object) -> timezone | None:
    if isinstance(offset, bytes):
        offset = offset.decode("ascii", "replace")
    if not isinstance(offset, str):
        return None
    text = offset.strip("\x00 ")
    if len(text) != 6 or text[0] not in "+-" or text[3] != ":":
        return None
    try:
        hours, minutes = int(text[1:3]), int(text[4:6])
    except ValueError:
        return None
    if hours > 14 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)
