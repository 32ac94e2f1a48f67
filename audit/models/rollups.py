"""Maintained sums of published audits, so dashboards read thousands of rows, not millions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from audit.models.base import Base, UTCDateTime


class ScoreRollup(Base):
    """The sums of the published audits of one location, checklist version, wave and month.

    Kept up to date in the same transaction as the audits (audit/services/rollups.py);
    `flask rollups` rebuilds the table after a bulk load. `month` is the UTC month of the
    visit (the dashboard's months), `local_month` the month in the location's zone (what
    date filters mean); a visit near midnight on the 1st has the two differ. The named
    sums (pillars, stages, channels, failed criteria, NPS groups) are `ScoreRollupPart` rows.
    """

    __tablename__ = "score_rollups"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    checklist_version_id: Mapped[int] = mapped_column(ForeignKey("checklist_versions.id"))
    status: Mapped[str] = mapped_column(String(20), default="published")
    wave: Mapped[str] = mapped_column(String(100), default="")
    month: Mapped[str] = mapped_column(String(7), default="")
    local_month: Mapped[str] = mapped_column(String(7), default="")
    audits: Mapped[int] = mapped_column(default=0)
    overall_sum: Mapped[float] = mapped_column(Float, default=0.0)
    overall_count: Mapped[int] = mapped_column(default=0)
    first_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    scored: Mapped[int] = mapped_column(default=0)  # audits with a score: fail rates' base

    __table_args__ = (
        UniqueConstraint(
            "location_id",
            "checklist_version_id",
            "wave",
            "month",
            "local_month",
            name="uq_score_rollups_cell",
        ),
        Index("ix_score_rollups_organization_id_wave", "organization_id", "wave"),
    )


class ScoreRollupPart(Base):
    """One named sum of a rollup cell: a pillar, stage or channel (`total` of its scores over
    `count` audits), a failed criterion or an NPS group (`count` only, `total` 0).

    A row per name rather than a JSON blob per cell, so the database sums them, grouped by
    what the dashboard shows, and the page decodes a few hundred figures, not thousands of
    blobs.
    """

    __tablename__ = "score_rollup_parts"

    rollup_id: Mapped[int] = mapped_column(
        ForeignKey("score_rollups.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    total: Mapped[float] = mapped_column(Float, default=0.0)
    count: Mapped[int] = mapped_column(default=0)
