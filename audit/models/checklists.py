"""Checklists and their immutable versions (the YAML of docs/checklist-format.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from audit.models.base import Base, UTCDateTime, utcnow


class Checklist(Base):
    """A named checklist (its `id` slug); the content lives in its versions."""

    __tablename__ = "checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list[ChecklistVersion]] = relationship(
        back_populates="checklist", order_by="ChecklistVersion.version"
    )

    @property
    def latest(self) -> ChecklistVersion:
        return self.versions[-1]


class ChecklistVersion(Base):
    """One immutable version: editing a checklist adds a row, never changes one."""

    __tablename__ = "checklist_versions"
    __table_args__ = (UniqueConstraint("checklist_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(ForeignKey("checklists.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    checklist: Mapped[Checklist] = relationship(back_populates="versions")

    @property
    def slug(self) -> str:
        return self.checklist.slug

    @property
    def definition(self):
        """The parsed `audit.scoring.Checklist` (cached per version by content hash)."""
        from audit.services.checklists import parsed_checklist

        return parsed_checklist(self.sha256, self.source)
