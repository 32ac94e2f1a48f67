"""Evidence photos attached to an audit's touchpoints."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from audit.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from audit.models.audits import Audit


class StoredImage:
    """Columns of a picture ingested into photo storage, its files named by the sha256."""

    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Photo(StoredImage, Base):
    """One photo; the files live in content-addressed storage under its sha256."""

    __tablename__ = "photos"
    # One index per band that also holds what the lookup reads (hash, audit, id): the
    # candidates come from the indexes alone, in runs, never from scattered table rows.
    __table_args__ = tuple(
        Index(f"ix_photos_phash_{band}_lookup", f"phash_{band}", "phash", "audit_id", "id")
        for band in range(4)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id", ondelete="CASCADE"), index=True)
    touchpoint_key: Mapped[str] = mapped_column(String(64))
    # The question the photo is evidence of (shown beside it), or None for the touchpoint.
    criterion_key: Mapped[str | None] = mapped_column(String(64))
    # "general", or "receipt": the proof of purchase the integrity checks date the visit by.
    kind: Mapped[str] = mapped_column(String(16), default="general", server_default="general")
    caption: Mapped[str] = mapped_column(Text, default="")
    # Set by the offline outbox so a retried upload is not stored twice.
    client_uid: Mapped[str | None] = mapped_column(String(64), index=True)
    # EXIF DateTimeOriginal as read (ISO 8601; naive = the location's wall clock), from the
    # file or, when the browser's downscale dropped it, as read by the page before resizing.
    exif_taken_at: Mapped[str | None] = mapped_column(String(32))
    # 64-bit perceptual hash (audit.integrity.phash, signed) and its four 16-bit bands,
    # each indexed: duplicates are found by band equality, then Hamming distance.
    phash: Mapped[int | None] = mapped_column(BigInteger)
    phash_0: Mapped[int | None] = mapped_column(Integer)
    phash_1: Mapped[int | None] = mapped_column(Integer)
    phash_2: Mapped[int | None] = mapped_column(Integer)
    phash_3: Mapped[int | None] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    audit: Mapped[Audit] = relationship(back_populates="photos")


class AudioClip(Base):
    """One recording (phone and chat shops); the file lives in storage under its sha256."""

    __tablename__ = "audio_clips"

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id", ondelete="CASCADE"), index=True)
    touchpoint_key: Mapped[str] = mapped_column(String(64))
    criterion_key: Mapped[str | None] = mapped_column(String(64))
    caption: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    container: Mapped[str] = mapped_column(String(8))  # webm, ogg, mp4, mp3, wav
    content_type: Mapped[str] = mapped_column(String(40))
    duration_ms: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer)
    client_uid: Mapped[str | None] = mapped_column(String(64), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    audit: Mapped[Audit] = relationship(back_populates="audio_clips")
