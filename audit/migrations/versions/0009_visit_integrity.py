"""visit integrity: location coordinates, thresholds, check-ins, timing log, photo hashes, flags

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 09:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

PHASH_BANDS = ("phash_0", "phash_1", "phash_2", "phash_3")


def _audit_child(name: str, *columns: sa.Column) -> None:
    """A table of rows belonging to one audit (deleted with it), indexed by audit."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        *columns,
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audits.id"], name=op.f(f"fk_{name}_audit_id_audits"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_audit_id"), name, ["audit_id"])


def upgrade():
    with op.batch_alter_table("locations") as batch:
        batch.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("longitude", sa.Float(), nullable=True))
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(
            sa.Column("checkin_radius_m", sa.Integer(), nullable=False, server_default="300")
        )
        batch.add_column(sa.Column("min_visit_minutes", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("photo_time_tolerance_h", sa.Float(), nullable=False, server_default="3")
        )
        batch.add_column(
            sa.Column("duplicate_photo_distance", sa.Integer(), nullable=False, server_default="6")
        )
        batch.add_column(
            sa.Column("score_outlier_points", sa.Float(), nullable=False, server_default="20")
        )
    with op.batch_alter_table("audits") as batch:
        batch.add_column(sa.Column("open_flags", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("photos") as batch:
        batch.add_column(sa.Column("exif_taken_at", sa.String(32), nullable=True))
        batch.add_column(sa.Column("phash", sa.BigInteger(), nullable=True))
        for band in PHASH_BANDS:
            batch.add_column(sa.Column(band, sa.Integer(), nullable=True))
    for band in PHASH_BANDS:  # covering: the duplicate lookup reads the indexes alone
        op.create_index(f"ix_photos_{band}_lookup", "photos", [band, "phash", "audit_id", "id"])
    _audit_child(
        "checkins",
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("accuracy_m", sa.Float(), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_checkins_user_id_users")),
    )
    _audit_child(
        "touchpoint_openings",
        sa.Column("touchpoint_key", sa.String(64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    )
    _audit_child(
        "audit_flags",
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dismissed_by_id", sa.Integer(), nullable=True),
        sa.Column("dismissed_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dismissed_by_id"], ["users.id"], name=op.f("fk_audit_flags_dismissed_by_id_users")
        ),
    )


def downgrade():
    for name in ("audit_flags", "touchpoint_openings", "checkins"):
        op.drop_index(op.f(f"ix_{name}_audit_id"), table_name=name)
        op.drop_table(name)
    for band in PHASH_BANDS:
        op.drop_index(f"ix_photos_{band}_lookup", table_name="photos")
    with op.batch_alter_table("photos") as batch:
        for band in PHASH_BANDS:
            batch.drop_column(band)
        batch.drop_column("phash")
        batch.drop_column("exif_taken_at")
    with op.batch_alter_table("audits") as batch:
        batch.drop_column("open_flags")
    with op.batch_alter_table("organizations") as batch:
        for column in (
            "score_outlier_points",
            "duplicate_photo_distance",
            "photo_time_tolerance_h",
            "min_visit_minutes",
            "checkin_radius_m",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("locations") as batch:
        batch.drop_column("longitude")
        batch.drop_column("latitude")
