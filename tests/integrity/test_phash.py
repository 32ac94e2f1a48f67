"""The perceptual hash: the same picture re-saved, resized or slightly cropped stays close;
another photo of the same shop front does not."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from audit.integrity import bands, from_signed, hamming, perceptual_hash, probe_values, to_signed
from audit.integrity.phash import MAX_EXACT_DISTANCE
from tests.integrity.shopfront import cropped, jpeg, photo, resaved

THRESHOLD = 6  # the organisations' default duplicate_photo_distance


def _hash(data: bytes) -> int:
    return perceptual_hash(Image.open(io.BytesIO(data)))


def test_the_same_picture_resaved_and_resized_is_close():
    front = photo("front")
    original = _hash(jpeg(front))
    assert hamming(original, _hash(resaved(front, quality=70, scale=0.5))) <= THRESHOLD
    assert hamming(original, _hash(resaved(front, quality=70, scale=0.3))) <= THRESHOLD
    assert hamming(original, _hash(cropped(front, 0.02))) <= THRESHOLD


def test_another_photo_of_the_same_shop_front_is_far():
    assert hamming(_hash(jpeg(photo("front"))), _hash(jpeg(photo("left", seed=2)))) > 3 * THRESHOLD


@pytest.mark.parametrize("exif_turn", list(Image.Transpose)[:7])
def test_turned_pixels_hash_as_upright(exif_turn):
    front = photo("front", size=(800, 600))
    # What a camera stores for this EXIF orientation: the inverse turn of the upright picture.
    inverse = {
        Image.Transpose.ROTATE_90: Image.Transpose.ROTATE_270,
        Image.Transpose.ROTATE_270: Image.Transpose.ROTATE_90,
    }.get(exif_turn, exif_turn)
    stored = front.transpose(inverse)
    assert hamming(perceptual_hash(stored, exif_turn), perceptual_hash(front)) <= 3


def test_signed_storage_and_bands_round_trip():
    value = (1 << 64) - 3
    assert to_signed(value) < 0 and from_signed(to_signed(value)) == value
    assert bands(value) == bands(to_signed(value)) == (0xFFFF, 0xFFFF, 0xFFFF, 0xFFFD)


def test_probes_find_every_hash_within_the_exact_distance():
    """Pigeonhole: flipping any 7 bits leaves a band within one bit of the original."""
    value = 0x0123_4567_89AB_CDEF
    for spread in range(64 - MAX_EXACT_DISTANCE):
        flipped = value
        for bit in range(spread, spread + MAX_EXACT_DISTANCE):
            flipped ^= 1 << bit
        assert hamming(value, flipped) == MAX_EXACT_DISTANCE
        assert any(b in probe_values(q) for b, q in zip(bands(flipped), bands(value), strict=True))
