"""Audio evidence: recognise a recording by its content and measure its length.

Pure Python, no Flask and no decoder: the container is parsed (WAV, Ogg Opus/Vorbis,
WebM/Matroska, MP4/M4A, MP3) to prove the bytes are audio and to read the duration. The
extension and the browser's content type are never trusted.
"""

from audit.audio.errors import AudioRejected
from audit.audio.inspect import CONTENT_TYPES, AudioInfo, inspect_audio

__all__ = ["CONTENT_TYPES", "AudioInfo", "AudioRejected", "inspect_audio"]
