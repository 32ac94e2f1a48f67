"""Client organisations (with their report branding) and their locations."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from audit.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from audit.models.checklists import Checklist
    from audit.models.users import User

# The checklists a client organisation uses; an organisation with none is offered all of them.
organization_checklists = Table(
    "organization_checklists",
    Base.metadata,
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("checklist_id", ForeignKey("checklists.id", ondelete="CASCADE"), primary_key=True),
)


class Organization(Base):
    """A client of the audit firm: a retailer, bank, hotel group..."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    primary_color: Mapped[str] = mapped_column(String(7), default="#1f3a5f")
    accent_color: Mapped[str] = mapped_column(String(7), default="#f2a900")
    # sha256 of the logo in photo storage (content-addressed), None without a logo.
    logo_sha256: Mapped[str | None] = mapped_column(String(64))
    report_footer: Mapped[str] = mapped_column(Text, default="")
    page_size: Mapped[str] = mapped_column(String(10), default="A4")
    # Clients see a stable pseudonym ("Shopper 7") unless this is set: shoppers stay anonymous.
    show_auditor_names: Mapped[bool] = mapped_column(Boolean, default=False)
    report_language: Mapped[str] = mapped_column(String(5), default="en")
    # Visit-integrity thresholds (platform.md v2); read through services.integrity_settings.
    checkin_radius_m: Mapped[int] = mapped_column(Integer, default=300, server_default="300")
    min_visit_minutes: Mapped[int | None] = mapped_column(Integer)
    photo_time_tolerance_h: Mapped[float] = mapped_column(Float, default=3.0, server_default="3")
    duplicate_photo_distance: Mapped[int] = mapped_column(Integer, default=6, server_default="6")
    score_outlier_points: Mapped[float] = mapped_column(Float, default=20.0, server_default="20")
    # False: auditors may not upload recordings for this client (its policy, or the law).
    allow_recordings: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    locations: Mapped[list[Location]] = relationship(
        back_populates="organization", order_by="Location.name"
    )
    users: Mapped[list[User]] = relationship(back_populates="organization")
    checklists: Mapped[list[Checklist]] = relationship(
        secondary=organization_checklists, order_by="Checklist.slug"
    )

    def __repr__(self) -> str:
        return f"<Organization {self.slug}>"


class Location(Base):
    """A shop, branch, hotel or channel of an organisation that gets audited."""

    __tablename__ = "locations"
    __table_args__ = (UniqueConstraint("organization_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(120), default="")
    region: Mapped[str] = mapped_column(String(120), default="")
    # IANA zone name: visit times are stored in UTC and shown in the location's local time.
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # WGS84 degrees; both or neither (check-ins are measured against them).
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="locations")

    def __repr__(self) -> str:
        return f"<Location {self.id} {self.name}>"
