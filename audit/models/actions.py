"""Corrective actions: a failed criterion of an audit that someone has to put right."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from audit.models.base import Base, UTCDateTime, utcnow
from audit.models.photos import StoredImage

if TYPE_CHECKING:
    from audit.models.audits import Audit
    from audit.models.organizations import Location
    from audit.models.users import User


class ActionStatus(enum.StrEnum):
    """States of platform.md v2, "Corrective actions"."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    VERIFIED = "verified"


#: States in which the action still waits for the client: these can be overdue.
PENDING_STATUSES = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)


class CorrectiveAction(Base):
    """One failed criterion of one audit, with an owner and a due date, until verified."""

    __tablename__ = "corrective_actions"
    # One action per failed criterion of an audit: publishing never opens a second one.
    __table_args__ = (UniqueConstraint("audit_id", "criterion_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id", ondelete="CASCADE"), index=True)
    # Denormalised from the audit so tenant scoping and filters are one comparison.
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    criterion_key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.OPEN.value, index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    # True when publishing opened it (a failed critical criterion), not a consultant.
    automatic: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    audit: Mapped[Audit] = relationship()
    location: Mapped[Location] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    history: Mapped[list[ActionChange]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionChange.id"
    )
    evidence: Mapped[list[ActionEvidence]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionEvidence.id"
    )

    @hybrid_property
    def is_overdue(self) -> bool:
        """Due date passed (UTC) and the client has not said it is done."""
        today = datetime.now(UTC).date()
        return (
            self.due_date is not None and self.due_date < today and self.status in PENDING_STATUSES
        )

    @is_overdue.inplace.expression
    @classmethod
    def _is_overdue_expression(cls) -> ColumnElement[bool]:
        return (cls.due_date < datetime.now(UTC).date()) & cls.status.in_(PENDING_STATUSES)

    def __repr__(self) -> str:
        return f"<CorrectiveAction {self.id} {self.criterion_key} {self.status}>"


class ActionChange(Base):
    """One entry of an action's history: who, when, from which status to which, and why."""

    __tablename__ = "corrective_action_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("corrective_actions.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # opened | status | note | edited | evidence
    kind: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    # Edited fields {name: [before, after]}, or the evidence photo's id.
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[CorrectiveAction] = relationship(back_populates="history")
    actor: Mapped[User | None] = relationship()


class ActionEvidence(StoredImage, Base):
    """A photo a client (or consultant) attached to show the action was done."""

    __tablename__ = "corrective_action_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("corrective_actions.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[CorrectiveAction] = relationship(back_populates="evidence")
