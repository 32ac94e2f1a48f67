"""The one error photo ingest raises for a refused upload."""

from __future__ import annotations

MIB = 1024 * 1024


class PhotoRejected(ValueError):
    """An upload refused as a photo: an English `message`, a stable `code` and `params`.

    The web layer says it in the reader's language from the code and the parameters.
    """

    def __init__(self, message: str, code: str, **params: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params

    @classmethod
    def empty(cls) -> PhotoRejected:
        """The upload has no bytes at all."""
        return cls("file is empty", "empty")

    @classmethod
    def unsupported_type(cls) -> PhotoRejected:
        """The bytes are not a JPEG, PNG or WebP image, whatever the file is called."""
        return cls("not a JPEG, PNG or WebP image", "unsupported_type")

    @classmethod
    def corrupt(cls) -> PhotoRejected:
        """The image cannot be decoded completely."""
        return cls("file is truncated or corrupt", "corrupt")

    @classmethod
    def too_large(cls, byte_size: int, max_bytes: int) -> PhotoRejected:
        """The upload has more bytes than allowed."""
        size, limit = _megabytes(byte_size), _megabytes(max_bytes)
        if size == limit:
            size = f"{byte_size / MIB:.2f}"
        return cls(
            f"file is {size} MB; the limit is {limit} MB", "too_large", size=size, limit=limit
        )

    @classmethod
    def too_many_pixels(cls, pixels: int, max_pixels: int) -> PhotoRejected:
        """The image declares more pixels than allowed (a possible decompression bomb)."""
        size, limit = _megapixels(pixels), _megapixels(max_pixels)
        if size == limit:
            size = f"{pixels / 1_000_000:.2f}"
        return cls(
            f"image is {size} megapixels; the limit is {limit}",
            "too_many_pixels",
            size=size,
            limit=limit,
        )


def _megabytes(byte_size: int) -> str:
    return _trim(f"{byte_size / MIB:.1f}")


def _megapixels(pixels: int) -> str:
    mp = pixels / 1_000_000
    return _trim(f"{mp:.0f}" if mp >= 10 else f"{mp:.1f}")


def _trim(number: str) -> str:
    return number.removesuffix(".0")
