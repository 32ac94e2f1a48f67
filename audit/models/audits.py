"""Audits (one visit of one location with one checklist version), answers, events."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from audit.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from audit.models.checklists import ChecklistVersion
    from audit.models.integrity import AuditFlag, Checkin
    from audit.models.organizations import Location, Organization
    from audit.models.photos import AudioClip, Photo
    from audit.models.users import User


class AuditStatus(enum.StrEnum):
    """States of docs/platform.md, "An audit's life"."""

    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"


EDITABLE_STATUSES = (AuditStatus.ASSIGNED.value, AuditStatus.IN_PROGRESS.value)


class Audit(Base):
    """One mystery-shopping visit, pinned to the checklist version it was assigned with."""

    __tablename__ = "audits"
    # The lists' indexes (each list's ORDER BY, after the client's scope, NULLS LAST on
    # PostgreSQL only) are made by migration 0012, which spells them per database; the
    # visit-date ranges' (visited_at, location_id) by 0013.

    id: Mapped[int] = mapped_column(primary_key=True)
    # Denormalised from the location so tenant scoping is one indexed comparison.
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    location_id: Mapped[int] = mapped_column(
        ForeignKey("locations.id"), index=True, active_history=True
    )
    checklist_version_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_versions.id"), active_history=True
    )
    auditor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(
        String(20), default=AuditStatus.ASSIGNED.value, index=True, active_history=True
    )
    due_date: Mapped[date | None] = mapped_column(Date)
    wave: Mapped[str] = mapped_column(String(100), default="", index=True, active_history=True)
    scenario: Mapped[str] = mapped_column(Text, default="")
    visited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, active_history=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Last comment of a consultant returning the audit; shown on top when it reopens.
    return_comment: Mapped[str] = mapped_column(Text, default="")
    # Score cache (scoring.ScoreResult.to_dict()), refreshed whenever answers change.
    overall: Mapped[float | None] = mapped_column(Float)
    score: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Integrity flags not dismissed (denormalised so the review queue sorts and counts them).
    open_flags: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization] = relationship()
    location: Mapped[Location] = relationship()
    checklist_version: Mapped[ChecklistVersion] = relationship()
    auditor: Mapped[User] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="audit", cascade="all, delete-orphan", order_by="Answer.id"
    )
    photos: Mapped[list[Photo]] = relationship(
        back_populates="audit", cascade="all, delete-orphan", order_by="Photo.id"
    )
    audio_clips: Mapped[list[AudioClip]] = relationship(
        back_populates="audit", cascade="all, delete-orphan", order_by="AudioClip.id"
    )
    events: Mapped[list[AuditEvent]] = relationship(
        back_populates="audit", cascade="all, delete-orphan", order_by="AuditEvent.id"
    )
    checkins: Mapped[list[Checkin]] = relationship(
        back_populates="audit", cascade="all, delete-orphan", order_by="Checkin.id"
    )
    flags: Mapped[list[AuditFlag]] = relationship(
        back_populates="audit", cascade="all, delete-orphan", order_by="AuditFlag.id"
    )

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @hybrid_property
    def is_overdue(self) -> bool:
        """Due date passed (UTC) and the auditor has not submitted yet."""
        today = datetime.now(UTC).date()
        return (
            self.due_date is not None and self.due_date < today and self.status in EDITABLE_STATUSES
        )

    @is_overdue.inplace.expression
    @classmethod
    def _is_overdue_expression(cls) -> ColumnElement[bool]:
        return (cls.due_date < datetime.now(UTC).date()) & cls.status.in_(EDITABLE_STATUSES)

    def answer_values(self) -> dict[str, Any]:
        """The flat {criterion_key: value} mapping the scoring engine takes."""
        return {a.criterion_key: a.value for a in self.answers if a.value is not None}

    def __repr__(self) -> str:
        return f"<Audit {self.id} {self.status}>"


class Answer(Base):
    """The auditor's answer to one criterion, with an optional comment."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("audit_id", "criterion_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id", ondelete="CASCADE"), index=True)
    criterion_key: Mapped[str] = mapped_column(String(64))
    # Normalised value (see DEVELOPERS.md); None keeps a comment without an answer.
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    # When the auditor gave it on their device: offline edits resolve by latest edit.
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    audit: Mapped[Audit] = relationship(back_populates="answers")


class AuditEvent(Base):
    """The audit trail: every transition and correction, with who, when and why."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    audit: Mapped[Audit] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
