"""audit.audio recognises recordings by their content and measures them (pure Python)."""

from __future__ import annotations

import os

import pytest

from audit.audio import AudioRejected, inspect_audio
from tests.audio_files import (
    fragmented_m4a_bytes,
    m4a_bytes,
    mp3_bytes,
    ogg_opus_bytes,
    wav_bytes,
    webm_bytes,
)
from tests.images import image_bytes

LIMITS = {"max_bytes": 5 * 1024 * 1024, "max_seconds": 60}


@pytest.mark.parametrize(
    ("make", "container", "content_type"),
    [
        (wav_bytes, "wav", "audio/wav"),
        (ogg_opus_bytes, "ogg", "audio/ogg"),
        (webm_bytes, "webm", "audio/webm"),
        (m4a_bytes, "mp4", "audio/mp4"),
        (mp3_bytes, "mp3", "audio/mpeg"),
    ],
)
def test_each_container_is_recognised_and_measured(make, container, content_type):
    info = inspect_audio(make(3.0), **LIMITS)
    assert info.container == container
    assert info.content_type == content_type
    assert info.duration == pytest.approx(3.0, abs=0.05)


def test_a_fragmented_mp4_without_a_stated_duration_is_measured_by_its_fragments():
    info = inspect_audio(fragmented_m4a_bytes(4.0), **LIMITS)
    assert info.container == "mp4"
    assert info.duration == pytest.approx(4.0, abs=0.03)


def test_webm_with_known_sizes_and_a_duration_element():
    assert inspect_audio(webm_bytes(2.0, unknown_sizes=False), **LIMITS).duration == pytest.approx(
        2.0, abs=0.05
    )


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (image_bytes("JPEG", (64, 48)), "not_audio"),
        (os.urandom(4096), "not_audio"),
        (b"RIFF\x00\x00\x00\x00WAVEjunk", "corrupt"),
        (wav_bytes(1.0)[:40], "corrupt"),
        (ogg_opus_bytes(1.0)[:-10], "corrupt"),
        (webm_bytes(1.0)[:-5], "corrupt"),
        (webm_bytes(1.0, video=True), "not_audio"),
        (m4a_bytes(1.0, handler=b"vide"), "not_audio"),
        (m4a_bytes(1.0)[:-10], "corrupt"),
        (b"\xff\xfb\x90\x00" + bytes(100), "corrupt"),
        (mp3_bytes(1.0) + b"garbage after the frames", "corrupt"),
    ],
)
def test_what_is_not_a_complete_recording_is_refused(data, code):
    with pytest.raises(AudioRejected) as refused:
        inspect_audio(data, **LIMITS)
    assert refused.value.code == code


def test_random_bytes_behind_a_real_header_are_refused():
    for head in (b"OggS", b"\x1a\x45\xdf\xa3", b"\x00\x00\x00\x18ftyp", b"ID3\x03\x00\x00"):
        with pytest.raises(AudioRejected) as refused:
            inspect_audio(head + os.urandom(2000), **LIMITS)
        assert refused.value.code in ("corrupt", "not_audio")


def test_length_and_size_limits():
    with pytest.raises(AudioRejected) as refused:
        inspect_audio(wav_bytes(3.0), max_bytes=10**7, max_seconds=2)
    assert refused.value.code == "too_long"
    assert refused.value.params == {"seconds": 3, "limit": 2}
    with pytest.raises(AudioRejected) as refused:
        inspect_audio(wav_bytes(1.0), max_bytes=1000, max_seconds=60)
    assert refused.value.code == "too_large"
