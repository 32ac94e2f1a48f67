"""Real audio files made in the test (no downloads, no encoder): WAV by the standard library's
`wave`, and minimal but complete Ogg Opus, WebM, MP4/M4A and MP3 containers built by hand."""

from __future__ import annotations

import hashlib
import io
import math
import struct
import wave

from audit.extensions import db
from audit.models import AudioClip, Audit
from audit.services.audio import audio_storage, file_key


def wav_bytes(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A mono 16-bit PCM WAV of a 440 Hz tone."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = int(seconds * rate)
        w.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                for i in range(frames)
            )
        )
    return out.getvalue()


def _ogg_page(serial: int, sequence: int, granule: int, packet: bytes, flags: int) -> bytes:
    segments = [255] * (len(packet) // 255) + [len(packet) % 255]
    header = struct.pack(
        "<4sBBqIIIB", b"OggS", 0, flags, granule, serial, sequence, 0, len(segments)
    )
    page = header + bytes(segments) + packet
    crc = _ogg_crc(page)
    return page[:22] + struct.pack("<I", crc) + page[26:]


def _ogg_crc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def ogg_opus_bytes(seconds: float = 1.0) -> bytes:
    """An Ogg Opus stream: OpusHead, OpusTags, then silent 20 ms frames (TOC 0xF8 + 0xFF 0xFE)."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 4) + b"test" + struct.pack("<I", 0)
    pages = [_ogg_page(7, 0, 0, head, 2), _ogg_page(7, 1, 0, tags, 0)]
    frames = max(1, int(seconds / 0.02))
    granule, sequence = 312, 2
    for start in range(0, frames, 50):
        count = min(50, frames - start)
        granule += 960 * count
        last = start + count >= frames
        packet = b"\xf8\xff\xfe" * 1
        pages.append(_ogg_page(7, sequence, granule, packet * 1, 4 if last else 0))
        sequence += 1
    return b"".join(pages)


def _ebml(ident: int, body: bytes) -> bytes:
    size = len(body)
    return (
        ident.to_bytes((ident.bit_length() + 7) // 8, "big")
        + ((1 << 56) | size).to_bytes(8, "big")
        + body
    )


def _uint(ident: int, value: int) -> bytes:
    return _ebml(ident, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def webm_bytes(seconds: float = 1.0, *, video: bool = False, unknown_sizes: bool = True) -> bytes:
    """A WebM as MediaRecorder writes it: no Duration, Segment and Clusters of unknown size."""
    header = _ebml(0x1A45DFA3, _uint(0x4286, 1) + _ebml(0x4282, b"webm"))
    info = _ebml(0x1549A966, _uint(0x2AD7B1, 1_000_000) + _ebml(0x4D80, b"test"))
    track = _uint(0xD7, 1) + _uint(0x83, 1 if video else 2) + _ebml(0x86, b"A_OPUS")
    tracks = _ebml(0x1654AE6B, _ebml(0xAE, track))
    clusters = b""
    ms = int(seconds * 1000)
    for cluster_start in range(0, ms, 1000):
        blocks = b""
        for t in range(0, min(1000, ms - cluster_start), 20):
            blocks += _ebml(0xA3, b"\x81" + struct.pack(">h", t) + b"\x80" + b"\xf8\xff\xfe")
        body = _uint(0xE7, cluster_start) + blocks
        clusters += (
            b"\x1f\x43\xb6\x75\x01\xff\xff\xff\xff\xff\xff\xff" + body
            if unknown_sizes
            else _ebml(0x1F43B675, body)
        )
    segment_body = info + tracks + clusters
    segment = b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff" + segment_body
    return header + segment


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


def m4a_bytes(seconds: float = 1.0, handler: bytes = b"soun") -> bytes:
    """An MP4 audio file: ftyp, moov (mvhd with the duration, a track with a handler), mdat."""
    mvhd = _box(b"mvhd", bytes(4) + bytes(8) + struct.pack(">II", 1000, int(seconds * 1000)))
    hdlr = _box(b"hdlr", bytes(4) + bytes(4) + handler + bytes(12) + b"\0")
    trak = _box(b"trak", _box(b"mdia", hdlr))
    return (
        _box(b"ftyp", b"M4A " + bytes(4) + b"isomM4A ")
        + _box(b"moov", mvhd + trak)
        + _box(b"mdat", bytes(64))
    )


def fragmented_m4a_bytes(seconds: float = 1.0) -> bytes:
    """An MP4 as Safari's MediaRecorder writes it: no duration in the headers, one fragment
    (moof with tfhd, tfdt and trun, then mdat) per second of 1024-sample AAC frames."""
    mvhd = _box(b"mvhd", bytes(4) + bytes(8) + struct.pack(">II", 1000, 0))
    mdhd = _box(b"mdhd", bytes(4) + bytes(8) + struct.pack(">II", 48000, 0))
    hdlr = _box(b"hdlr", bytes(4) + bytes(4) + b"soun" + bytes(12) + b"\0")
    moov = _box(b"moov", mvhd + _box(b"trak", _box(b"mdia", mdhd + hdlr)) + _box(b"mvex", b""))
    out = _box(b"ftyp", b"iso5" + bytes(4) + b"iso5mp41") + moov
    frames, done = round(seconds * 48000 / 1024), 0
    while done < frames:
        count = min(47, frames - done)
        tfhd = _box(b"tfhd", b"\0\0\0\x08" + struct.pack(">II", 1, 1024))
        tfdt = _box(b"tfdt", b"\x01\0\0\0" + struct.pack(">Q", done * 1024))
        trun = _box(b"trun", b"\0\0\x02\0" + struct.pack(">I", count) + bytes(4 * count))
        out += _box(b"moof", _box(b"traf", tfhd + tfdt + trun)) + _box(b"mdat", bytes(8 * count))
        done += count
    return out


def mp3_bytes(seconds: float = 1.0) -> bytes:
    """MPEG-1 Layer III frames at 128 kbit/s, 44.1 kHz (417 bytes, 1152 samples each)."""
    frame = b"\xff\xfb\x90\x00" + bytes(413)
    count = max(3, round(seconds * 44100 / 1152))
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + frame * count


def store_clip(audit: Audit, data: bytes, touchpoint: str, container: str = "wav") -> AudioClip:
    """A recording row and its stored file, without the upload's checks (fixtures)."""
    sha256 = hashlib.sha256(data).hexdigest()
    audio_storage().put(file_key(sha256, container), data)
    clip = AudioClip(
        audit=audit,
        touchpoint_key=touchpoint,
        caption="",
        sha256=sha256,
        container=container,
        content_type="audio/wav",
        duration_ms=1000,
        byte_size=len(data),
    )
    db.session.add(clip)
    db.session.flush()
    return clip
