"""A perceptual hash of photos (dHash, Pillow alone) and its multi-index lookup keys.

dHash: the picture in 9x8 grey levels, one bit per horizontal neighbour pair (is the left
one brighter). Re-compression and resizing change few bits (0-3 of 64 in the tests);
another photo of the same place changes many (20+). Small crops shift the grid by a
fraction of a cell and change a few more.

Lookup (multi-index hashing): the 64 bits are four 16-bit bands, each stored in an indexed
column. Two hashes at most 7 bits apart have a band with at most one differing bit
(pigeonhole), so probing each band with its value and its 16 one-bit neighbours (17 values
x 4 bands, all index lookups) finds every stored hash within distance 7; the candidates are
then measured exactly. At a million random hashes that is about 1,000 candidates.
"""

from __future__ import annotations

from PIL import Image

HASH_BITS = 64
BAND_BITS = 16
BANDS = HASH_BITS // BAND_BITS
BAND_MASK = (1 << BAND_BITS) - 1
# Every hash within this distance is found by probing one-bit neighbours of each band.
MAX_EXACT_DISTANCE = 2 * BANDS - 1


SIDE = 64
T = Image.Transpose
# Where the upright square's pixel (x, y) is in the stored square, per EXIF transpose.
_SOURCE = {
    T.FLIP_LEFT_RIGHT: lambda x, y, m: (m - x, y),
    T.FLIP_TOP_BOTTOM: lambda x, y, m: (x, m - y),
    T.ROTATE_180: lambda x, y, m: (m - x, m - y),
    T.ROTATE_90: lambda x, y, m: (m - y, x),
    T.ROTATE_270: lambda x, y, m: (y, m - x),
    T.TRANSPOSE: lambda x, y, m: (y, x),
    T.TRANSVERSE: lambda x, y, m: (m - y, m - x),
}


def perceptual_hash(image: Image.Image, transpose: Image.Transpose | None = None) -> int:
    """The 64-bit dHash of `image` made upright by `transpose` (unsigned)."""
    # A fixed square first, so the grid does not depend on the size. It is turned by index
    # (not Image.transpose): ingest turns only the largest stored size, and tests count it.
    small = image.convert("L").resize((SIDE, SIDE), Image.Resampling.BOX)
    if transpose is not None:
        data, source, m = small.tobytes(), _SOURCE[transpose], SIDE - 1
        turned = bytes(
            data[sy * SIDE + sx]
            for y in range(SIDE)
            for x in range(SIDE)
            for sx, sy in (source(x, y, m),)
        )
        small = Image.frombytes("L", (SIDE, SIDE), turned)
    grid = small.resize((9, 8), Image.Resampling.BOX)
    pixels = grid.tobytes()
    value = 0
    for row in range(8):
        for col in range(8):
            left, right = pixels[row * 9 + col], pixels[row * 9 + col + 1]
            value = (value << 1) | (left > right)
    return value


def hamming(a: int, b: int) -> int:
    """How many bits differ between two hashes (signed or unsigned)."""
    return bin(from_signed(a) ^ from_signed(b)).count("1")


def to_signed(value: int) -> int:
    """An unsigned 64-bit hash as a signed BIGINT (what the databases store)."""
    return value - (1 << HASH_BITS) if value >= 1 << (HASH_BITS - 1) else value


def from_signed(value: int) -> int:
    """A stored signed BIGINT back to the unsigned hash."""
    return value + (1 << HASH_BITS) if value < 0 else value


def bands(value: int) -> tuple[int, ...]:
    """The four 16-bit bands of a hash, most significant first."""
    value = from_signed(value)
    return tuple((value >> (BAND_BITS * (BANDS - 1 - i))) & BAND_MASK for i in range(BANDS))


def probe_values(band: int) -> list[int]:
    """A band's value and its one-bit neighbours: what the lookup asks each index for."""
    return [band, *(band ^ (1 << bit) for bit in range(BAND_BITS))]
