"""Convert pixels tagged with a colour profile to sRGB, since stored files carry none."""

from __future__ import annotations

import io

from PIL import Image, ImageCms

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def to_srgb(im: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Return `im` converted from its embedded profile to sRGB (unchanged if none or sRGB)."""
    if not icc_profile or im.mode not in ("RGB", "CMYK"):
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if im.mode == "RGB" and "sRGB" in ImageCms.getProfileDescription(source):
            return im
        return ImageCms.profileToProfile(im, source, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        # A broken profile is ignored rather than refusing the photo over it.
        return im
