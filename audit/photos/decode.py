"""Open an upload by its sniffed type, enforce the pixel limit, decode it once."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import datetime

from PIL import Image, ImageFile, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

from audit.photos.colour import to_srgb
from audit.photos.errors import PhotoRejected
from audit.photos.exif import capture_time, read_exif, swaps_axes, upright_transpose
from audit.photos.sniff import JPEG, PNG, WEBP

# The plugin classes are used directly instead of Image.open: Image.open checks the size
# against the process-wide Image.MAX_IMAGE_PIXELS (and warns or raises), which other threads
# share; we check our own per-call limit instead, and never try another format.
_PLUGINS: dict[str, type[ImageFile.ImageFile]] = {
    JPEG: JpegImagePlugin.JpegImageFile,
    PNG: PngImagePlugin.PngImageFile,
    WEBP: WebPImagePlugin.WebPImageFile,
}

_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}


@dataclass(frozen=True)
class DecodedPhoto:
    """The metadata-free pixels of an upload as stored in the file, and its capture time.

    `transpose` (None when upright already) makes the pixels upright; it is left to the
    caller so that it can turn the smallest image it needs rather than the whole decode.
    """

    image: Image.Image
    taken_at: datetime | None
    transpose: Image.Transpose | None = None

    @property
    def upright_size(self) -> tuple[int, int]:
        """The (width, height) of the image once upright."""
        width, height = self.image.size
        return (height, width) if swaps_axes(self.transpose) else (width, height)


def open_checked(data: bytes, content_type: str, max_pixels: int) -> ImageFile.ImageFile:
    """Parse the image headers and refuse images declaring more than `max_pixels`."""
    try:
        im = _PLUGINS[content_type](io.BytesIO(data))
    except Exception as exc:  # any parse failure of untrusted bytes
        raise PhotoRejected.corrupt() from exc
    width, height = im.size
    if width < 1 or height < 1:
        raise PhotoRejected.corrupt()
    if width * height > max_pixels:
        raise PhotoRejected.too_many_pixels(width * height, max_pixels)
    return im


def decode(im: ImageFile.ImageFile, min_longest: int) -> DecodedPhoto:
    """Decode once (JPEGs at the smallest DCT scale keeping `min_longest`) in RGB/L.

    The decode is the validity check: a truncated or corrupt file fails here, since
    ImageFile.LOAD_TRUNCATED_IMAGES is left False (Image.verify() only reads headers).
    """
    if isinstance(im, JpegImagePlugin.JpegImageFile):
        im.draft("RGB", _draft_box(im.size, min_longest))
    try:
        im.load()
    except Exception as exc:  # any decode failure of untrusted bytes
        raise PhotoRejected.corrupt() from exc
    exif = read_exif(im)
    image = _to_rgb_or_l(to_srgb(im, im.info.get("icc_profile")))
    # Derived images copy .info, and the JPEG writer saves a comment it finds there.
    image.info = {}
    return DecodedPhoto(image=image, taken_at=capture_time(exif), transpose=upright_transpose(exif))


def _draft_box(size: tuple[int, int], longest: int) -> tuple[int, int]:
    # The box must have the image's own shape: draft picks the scale from the smaller ratio.
    width, height = size
    scale = min(1.0, longest / max(width, height))
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _to_rgb_or_l(im: Image.Image) -> Image.Image:
    if im.mode in ("RGB", "L"):
        return im
    if im.mode in _ALPHA_MODES or (im.mode == "P" and "transparency" in im.info):
        return _flatten_on_white(im.convert("RGBA"))
    if im.mode == "P" and im.palette is not None and im.palette.mode == "L":
        return im.convert("L")
    if im.mode.startswith("I"):
        # 16-bit greyscale: scale to 8 bits rather than let convert() clip at 255.
        return im.convert("I").point(lambda value: value / 257).convert("L")
    if im.mode in ("1", "F"):
        return im.convert("L")
    return im.convert("RGB")


def _flatten_on_white(rgba: Image.Image) -> Image.Image:
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
