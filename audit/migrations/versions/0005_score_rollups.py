"""score rollups: published audits summed per location, checklist version, wave and month

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 09:40:00

The table is filled from the audits already there by 0011 (which sums them with the
rollups' newer layout), so dashboards are right at once.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "score_rollups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("checklist_version_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("wave", sa.String(length=100), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("local_month", sa.String(length=7), nullable=False),
        sa.Column("audits", sa.Integer(), nullable=False),
        sa.Column("overall_sum", sa.Float(), nullable=False),
        sa.Column("overall_count", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sums", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checklist_version_id"],
            ["checklist_versions.id"],
            name=op.f("fk_score_rollups_checklist_version_id_checklist_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_score_rollups_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_score_rollups_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_rollups")),
        sa.UniqueConstraint(
            "location_id",
            "checklist_version_id",
            "wave",
            "month",
            "local_month",
            name="uq_score_rollups_cell",
        ),
    )
    op.create_index(
        "ix_score_rollups_organization_id_wave", "score_rollups", ["organization_id", "wave"]
    )


def downgrade():
    op.drop_index("ix_score_rollups_organization_id_wave", table_name="score_rollups")
    op.drop_table("score_rollups")
