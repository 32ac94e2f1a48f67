"""Which container the bytes are, and how long the recording lasts.

Each parser walks the whole container structure (a truncated or forged file fails on the
way) and answers the duration in seconds. Codes raised: `empty`, `not_audio` (no known
audio container, or a container holding video), `corrupt` (the structure breaks),
`too_large`, `too_long`, `no_duration`.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.audio.containers import parse_mp3, parse_mp4, parse_ogg, parse_wav, parse_webm
from audit.audio.errors import AudioRejected

#: What each container is served as.
CONTENT_TYPES = {
    "webm": "audio/webm",
    "ogg": "audio/ogg",
    "mp4": "audio/mp4",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
}


@dataclass(frozen=True)
class AudioInfo:
    """A recognised recording."""

    container: str  # a key of CONTENT_TYPES, also the stored file's extension
    duration: float  # seconds

    @property
    def content_type(self) -> str:
        """The MIME type the file is served with."""
        return CONTENT_TYPES[self.container]


def sniff_container(data: bytes) -> str | None:
    """The container the first bytes announce, or None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if data[:4] == b"OggS":
        return "ogg"
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    if data[4:8] == b"ftyp":
        return "mp4"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


PARSERS = {
    "wav": parse_wav,
    "ogg": parse_ogg,
    "webm": parse_webm,
    "mp4": parse_mp4,
    "mp3": parse_mp3,
}


def inspect_audio(data: bytes, *, max_bytes: int, max_seconds: float) -> AudioInfo:
    """Recognise `data` as audio within the limits, or raise AudioRejected."""
    if not data:
        raise AudioRejected("empty")
    if len(data) > max_bytes:
        raise AudioRejected("too_large", size=len(data), limit=max_bytes)
    container = sniff_container(data)
    if container is None:
        raise AudioRejected("not_audio")
    try:
        duration = PARSERS[container](data)
    except (IndexError, ValueError, OverflowError) as error:
        if isinstance(error, AudioRejected):
            raise
        raise AudioRejected("corrupt") from None
    if duration is None or not duration > 0:
        raise AudioRejected("no_duration")
    if duration > max_seconds:
        raise AudioRejected("too_long", seconds=round(duration), limit=round(max_seconds))
    return AudioInfo(container=container, duration=round(duration, 3))
