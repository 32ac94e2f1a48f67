"""Open an upload by its sniffed type, enforce the pixel limit, decode it once."""

from __future__ import annotations

import ctypes
import ctypes.util
import io
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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

# PNG and WebP have no reduced-scale decode: every pixel is decoded at full size, then
# converted to RGB or L once (alpha flattened on white) before it is reduced. What that costs
# at its peak, in bytes per pixel, depends on the stored mode; past FULL_DECODE_BUDGET bytes
# an upload is refused, which keeps one upload's peak memory growth under 150 MB (measured:
# 4000x4000: RGBA +138 MB, palette +153 MB; a 7000x7000 PNG took +608 MB before). JPEGs decode at a
# reduced DCT scale instead and only have the general pixel limit. Tablets send JPEGs.
FULL_DECODE_BUDGET = 128 * 1024 * 1024
_PEAK_BYTES_PER_PIXEL = {"1": 2, "L": 2, "RGB": 6, "RGBA": 9, "P": 10, "LA": 10}
_WORST_BYTES_PER_PIXEL = 11  # measured at 16 MP; 16-bit greyscale is the worst

# At most this many uploads are decoded at once per process: four 16 MP PNGs at once would
# otherwise need four times the memory, and two cores gain nothing from more decodes at once.
_DECODES = threading.BoundedSemaphore(2)

_libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
_malloc_trim = getattr(_libc, "malloc_trim", None)


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
    if not isinstance(im, JpegImagePlugin.JpegImageFile):
        cost = _PEAK_BYTES_PER_PIXEL.get(im.mode, _WORST_BYTES_PER_PIXEL)
        max_pixels = min(max_pixels, FULL_DECODE_BUDGET // cost)
    if width * height > max_pixels:
        raise PhotoRejected.too_many_pixels(width * height, max_pixels)
    return im


@contextmanager
def decode_slot() -> Iterator[None]:
    """Hold one of the process's decode slots; give freed memory back to the system after.

    glibc keeps the freed pixels of a big decode in its heap (a process that decoded four
    PNGs at once kept 1.7 GB); malloc_trim returns it.
    """
    with _DECODES:
        try:
            yield
        finally:
            if _malloc_trim is not None:
                _malloc_trim(0)


def decode(im: ImageFile.ImageFile, min_longest: int) -> DecodedPhoto:
    """Decode once in RGB/L, reduced as far as keeps `min_longest` px.

    JPEGs decode at the smallest DCT scale that keeps it; a full-size decode (PNG, WebP) is
    box-reduced by an integer factor before any conversion, so no full-size copy is made.
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
    icc_profile = im.info.get("icc_profile")
    if isinstance(im, JpegImagePlugin.JpegImageFile):
        image = _to_rgb_or_l(to_srgb(im, icc_profile))
    else:  # full size: one conversion (never CMYK here), then reduce, then colour-manage
        image = to_srgb(_reduce(_to_rgb_or_l(im), min_longest), icc_profile)
    # Derived images copy .info, and the JPEG writer saves a comment it finds there.
    image.info = {}
    return DecodedPhoto(image=image, taken_at=capture_time(exif), transpose=upright_transpose(exif))


def _draft_box(size: tuple[int, int], longest: int) -> tuple[int, int]:
    # The box must have the image's own shape: draft picks the scale from the smaller ratio.
    width, height = size
    scale = min(1.0, longest / max(width, height))
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _reduce(im: Image.Image, longest: int) -> Image.Image:
    """Box-reduce an RGB or L image by the largest integer factor keeping `longest` px."""
    factor = max(im.size) // longest
    return im.reduce(factor) if factor > 1 else im


def _to_rgb_or_l(im: Image.Image) -> Image.Image:
    if im.mode in ("RGB", "L"):
        return im
    if im.mode in _ALPHA_MODES or (im.mode == "P" and "transparency" in im.info):
        return _flatten_on_white(im if im.mode == "RGBA" else im.convert("RGBA"))
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
