"""Container parsers: each walks its structure and answers the duration in seconds.

A broken structure raises ValueError or IndexError (the caller calls it `corrupt`); a
well-formed container that is not audio raises AudioRejected("not_audio").
"""

from __future__ import annotations

import struct

from audit.audio.errors import AudioRejected


def _need(condition: bool) -> None:
    """The structure holds as expected, else the file is corrupt."""
    if not condition:
        raise ValueError("corrupt")


# ---- WAV (RIFF) ------------------------------------------------------------------------


def parse_wav(data: bytes) -> float:
    """PCM or compressed WAV: the `data` chunk's bytes over the `fmt ` byte rate."""
    _need(len(data) >= 12)
    pos, byte_rate, data_size = 12, 0, None
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        body = pos + 8
        if chunk == b"fmt ":
            _need(size >= 16 and body + size <= len(data))
            channels, rate, byte_rate = struct.unpack_from("<HII", data, body + 2)
            _need(channels > 0 and rate > 0 and byte_rate > 0)
        elif chunk == b"data":
            data_size = min(size, len(data) - body)
            _need(data_size > 0 and (size - data_size) < 8)  # only a padding byte may lack
        pos = body + size + (size & 1)
    _need(byte_rate > 0 and data_size is not None)
    return data_size / byte_rate


# ---- Ogg (Opus, Vorbis) -------------------------------------------------------------------


def parse_ogg(data: bytes) -> float:
    """Every page in order; the last granule position over the codec's sample rate."""
    pos, rate, skip, granule, pages = 0, 0, 0, -1, 0
    while pos < len(data):
        _need(data[pos : pos + 4] == b"OggS" and data[pos + 4] == 0)
        segments = data[pos + 26]
        table = data[pos + 27 : pos + 27 + segments]
        _need(len(table) == segments)
        body = pos + 27 + segments
        end = body + sum(table)
        _need(end <= len(data))
        page_granule = struct.unpack_from("<q", data, pos + 6)[0]
        if pages == 0:
            head = data[body:end]
            if head[:8] == b"OpusHead":
                _need(len(head) >= 19)
                rate, skip = 48000, struct.unpack_from("<H", head, 10)[0]
            elif head[:7] == b"\x01vorbis":
                _need(len(head) >= 16)
                rate = struct.unpack_from("<I", head, 12)[0]
            else:
                raise AudioRejected("not_audio")  # Theora video, or an unknown codec
            _need(rate > 0)
        if page_granule >= 0:
            granule = max(granule, page_granule)
        pages += 1
        pos = end
    _need(pages >= 2)
    return max(0, granule - skip) / rate


# ---- WebM / Matroska (EBML) ----------------------------------------------------------------

EBML, SEGMENT, CLUSTER = 0x1A45DFA3, 0x18538067, 0x1F43B675
# Masters whose children are read in place (the walk is flat); everything else is skipped.
DESCEND = {SEGMENT, CLUSTER, 0x1654AE6B, 0xAE, 0x1549A966, 0xA0}  # Tracks, entry, Info, group
DOC_TYPE, TIMECODE_SCALE, DURATION = 0x4282, 0x2AD7B1, 0x4489
TRACK_TYPE, CLUSTER_TIME, SIMPLE_BLOCK, BLOCK = 0x83, 0xE7, 0xA3, 0xA1
AUDIO_TRACK, VIDEO_TRACK = 2, 1


def _vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-length integer: (value, next position, all value bits set)."""
    first = data[pos]
    _need(first != 0)
    length = 8 - first.bit_length() + 1
    _need(pos + length <= len(data))
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, pos + length, unknown


def _uint(raw: bytes) -> int:
    return int.from_bytes(raw, "big") if raw else 0


def parse_webm(data: bytes) -> float:
    """Tracks must hold audio and no video; the duration is Info's, else the last block's."""
    ident, pos, _ = _vint(data, 0, True)
    size, pos, _ = _vint(data, pos, False)
    _need(ident == EBML and pos + size <= len(data))
    header, pos = data[pos : pos + size], pos + size
    doc = _ebml_children(header).get(DOC_TYPE, b"")
    _need(doc.rstrip(b"\0") in (b"webm", b"matroska"))
    scale, duration, cluster_time, last_block = 1_000_000, None, 0, None
    types: set[int] = set()
    while pos < len(data):
        ident, pos, _ = _vint(data, pos, True)
        size, pos, unknown = _vint(data, pos, False)
        if ident in DESCEND:
            continue  # read the children in place, known size or not
        _need(not unknown and pos + size <= len(data))
        raw = data[pos : pos + size]
        pos += size
        if ident == TIMECODE_SCALE:
            scale = _uint(raw)
        elif ident == DURATION:
            _need(size in (4, 8))
            duration = struct.unpack(">f" if size == 4 else ">d", raw)[0]
        elif ident == TRACK_TYPE:
            types.add(_uint(raw))
        elif ident == CLUSTER_TIME:
            cluster_time = _uint(raw)
        elif ident in (SIMPLE_BLOCK, BLOCK):
            _, at, _ = _vint(raw, 0, False)  # the track number
            _need(at + 3 <= len(raw))
            relative = struct.unpack_from(">h", raw, at)[0]
            last_block = max(last_block or 0, cluster_time + relative)
    if VIDEO_TRACK in types or AUDIO_TRACK not in types:
        raise AudioRejected("not_audio")
    _need(scale > 0)
    if duration is not None and duration > 0:
        return duration * scale / 1e9
    return (last_block or 0) * scale / 1e9


def _ebml_children(raw: bytes) -> dict[int, bytes]:
    """The direct children of a master element of known size, by id."""
    out, pos = {}, 0
    while pos < len(raw):
        ident, pos, _ = _vint(raw, pos, True)
        size, pos, unknown = _vint(raw, pos, False)
        _need(not unknown and pos + size <= len(raw))
        out[ident] = raw[pos : pos + size]
        pos += size
    return out


# ---- MP4 / M4A (ISO base media) ------------------------------------------------------------

MP4_CONTAINERS = {b"moov", b"trak", b"mdia", b"mvex", b"moof", b"traf"}


def _boxes(data: bytes, start: int, end: int):
    """(type, body start, body end) of each box between start and end."""
    pos = start
    while pos < end:
        _need(pos + 8 <= end)
        size, kind = struct.unpack_from(">I4s", data, pos)
        head = 8
        if size == 1:
            _need(pos + 16 <= end)
            size, head = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:
            size = end - pos
        _need(size >= head and pos + size <= end)
        yield kind, pos + head, pos + size
        pos += size


def _times(data: bytes, body: int) -> tuple[int, int]:
    """(timescale, duration) of an `mvhd` or `mdhd` box (version 0 or 1)."""
    if data[body] == 1:
        scale, length = struct.unpack_from(">IQ", data, body + 20)
    else:
        scale, length = struct.unpack_from(">II", data, body + 12)
    return scale, length


class _Mp4Walk:
    """What an MP4 says of its length: the movie header, the media header, and the end of
    the last fragment (Safari's MediaRecorder writes fragmented files with no duration)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.handlers: set[bytes] = set()
        self.movie = 0.0
        self.media_scale = 0
        self.media = 0.0
        self.fragment_end = 0
        self.default_duration = 0
        self.base = 0  # the current fragment's start (tfdt), in the media's timescale

    def walk(self, start: int, end: int) -> None:
        data = self.data
        for kind, body, stop in _boxes(data, start, end):
            if kind in MP4_CONTAINERS:
                self.walk(body, stop)
            elif kind == b"mvhd":
                scale, length = _times(data, body)
                _need(scale > 0)
                self.movie = length / scale
            elif kind == b"mdhd":
                scale, length = _times(data, body)
                _need(scale > 0)
                self.media_scale, self.media = scale, max(self.media, length / scale)
            elif kind == b"hdlr":
                self.handlers.add(data[body + 8 : body + 12])
            elif kind == b"tfhd":
                flags = int.from_bytes(data[body + 1 : body + 4], "big")
                at = body + 8 + (8 if flags & 0x1 else 0) + (4 if flags & 0x2 else 0)
                self.default_duration = struct.unpack_from(">I", data, at)[0] if flags & 0x8 else 0
            elif kind == b"tfdt":
                fmt = ">Q" if data[body] == 1 else ">I"
                self.base = struct.unpack_from(fmt, data, body + 4)[0]
            elif kind == b"trun":
                self._run(body, stop)

    def _run(self, body: int, stop: int) -> None:
        """Add a track run's sample durations to the fragment's start (tfdt)."""
        data = self.data
        flags = int.from_bytes(data[body + 1 : body + 4], "big")
        count = struct.unpack_from(">I", data, body + 4)[0]
        at = body + 8 + (4 if flags & 0x1 else 0) + (4 if flags & 0x4 else 0)
        fields = [bit for bit in (0x100, 0x200, 0x400, 0x800) if flags & bit]
        _need(at + count * 4 * len(fields) <= stop)
        total = 0
        for i in range(count):
            if flags & 0x100:
                total += struct.unpack_from(">I", data, at + i * 4 * len(fields))[0]
            else:
                total += self.default_duration
        self.fragment_end = max(self.fragment_end, self.base + total)


def parse_mp4(data: bytes) -> float:
    """A sound track and no video track, media data present; the longest stated length."""
    top = {kind for kind, _, _ in _boxes(data, 0, len(data))}
    _need(b"moov" in top and b"mdat" in top)
    walk = _Mp4Walk(data)
    walk.walk(0, len(data))
    if b"vide" in walk.handlers or b"soun" not in walk.handlers:
        raise AudioRejected("not_audio")
    fragments = walk.fragment_end / walk.media_scale if walk.media_scale else 0.0
    return max(walk.movie, walk.media, fragments)


# ---- MP3 (MPEG audio frames) -------------------------------------------------------------

BITRATES = {  # kbit/s by (MPEG-1?, layer) and index 1..14
    (True, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
BITRATES[(False, 3)] = BITRATES[(False, 2)]
RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
MIN_FRAMES = 3
TRAILING_TAGS = (b"TAG", b"APETAGEX", b"LYRICSBEGIN")


def _mp3_frame(data: bytes, pos: int) -> tuple[int, int, int] | None:
    """(frame length, samples, sample rate) of a frame header at `pos`, or None."""
    if pos + 4 > len(data) or data[pos] != 0xFF or data[pos + 1] & 0xE0 != 0xE0:
        return None
    version, layer_bits = (data[pos + 1] >> 3) & 3, (data[pos + 1] >> 1) & 3
    rate_index, index = (data[pos + 2] >> 2) & 3, data[pos + 2] >> 4
    if version == 1 or layer_bits == 0 or rate_index == 3 or index in (0, 15):
        return None
    layer, mpeg1 = 4 - layer_bits, version == 3
    bitrate = BITRATES[(mpeg1, layer)][index - 1] * 1000
    rate, padding = RATES[version][rate_index], (data[pos + 2] >> 1) & 1
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4, 384, rate
    samples = 1152 if layer == 2 or mpeg1 else 576
    return samples // 8 * bitrate // rate + padding, samples, rate


def parse_mp3(data: bytes) -> float:
    """Frames chained from the start (after an ID3v2 tag) to the end (or a trailing tag)."""
    pos = 0
    if data[:3] == b"ID3":
        _need(len(data) >= 10)
        size = 0
        for byte in data[6:10]:
            _need(byte < 0x80)
            size = (size << 7) | byte
        pos = 10 + size + (10 if data[5] & 0x10 else 0)
    frames, seconds = 0, 0.0
    while pos < len(data):
        frame = _mp3_frame(data, pos)
        if frame is None:
            break
        length, samples, rate = frame
        _need(length > 4 and pos + length <= len(data))
        frames, seconds, pos = frames + 1, seconds + samples / rate, pos + length
    if frames < MIN_FRAMES:
        raise AudioRejected("not_audio")
    _need(pos == len(data) or data[pos:].startswith(TRAILING_TAGS))
    return seconds
