"""Programmes that run themselves: a checklist, locations and a rhythm; their planned visits."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from audit.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from audit.models.audits import Audit
    from audit.models.checklists import Checklist
    from audit.models.organizations import Location, Organization
    from audit.models.users import User

programme_locations = Table(
    "programme_locations",
    Base.metadata,
    Column("programme_id", ForeignKey("programmes.id"), primary_key=True),
    Column("location_id", ForeignKey("locations.id"), primary_key=True),
)


class Programme(Base):
    """A client's recurring audits: which checklist, where, how often, in which window."""

    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    checklist_id: Mapped[int] = mapped_column(ForeignKey("checklists.id"))
    frequency: Mapped[str] = mapped_column(String(20), default="monthly")  # monthly | quarterly
    visits_per_wave: Mapped[int] = mapped_column(Integer, default=1)  # per location
    # The window of each period the visits are due in: days window_start..window_end.
    window_start: Mapped[int] = mapped_column(Integer, default=1)
    window_end: Mapped[int] = mapped_column(Integer, default=28)
    scenarios: Mapped[str] = mapped_column(Text, default="")  # one per line, in turn
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship()
    checklist: Mapped[Checklist] = relationship()
    locations: Mapped[list[Location]] = relationship(
        secondary=programme_locations, order_by="Location.name"
    )
    visits: Mapped[list[ProgrammeVisit]] = relationship(
        back_populates="programme", order_by="ProgrammeVisit.id"
    )

    @property
    def scenario_list(self) -> list[str]:
        """The scenarios, one per non-empty line."""
        return [line.strip() for line in self.scenarios.splitlines() if line.strip()]


class ProgrammeVisit(Base):
    """One visit of a wave: proposed with an auditor, an audit once the consultant confirms."""

    __tablename__ = "programme_visits"
    __table_args__ = (UniqueConstraint("programme_id", "wave", "location_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    wave: Mapped[str] = mapped_column(String(100))
    period_start: Mapped[date] = mapped_column(Date, index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    slot: Mapped[int] = mapped_column(Integer, default=1)
    scenario: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date] = mapped_column(Date)
    proposed_auditor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    audit_id: Mapped[int | None] = mapped_column(ForeignKey("audits.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    programme: Mapped[Programme] = relationship(back_populates="visits")
    location: Mapped[Location] = relationship()
    proposed_auditor: Mapped[User | None] = relationship()
    audit: Mapped[Audit | None] = relationship()

    @property
    def auditor_id(self) -> int | None:
        """Who visits: the audit's auditor once confirmed, else the proposed one."""
        return self.audit.auditor_id if self.audit is not None else self.proposed_auditor_id
