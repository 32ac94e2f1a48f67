"""programmes: recurring audits planned per period, with proposed auditors

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("checklist_id", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.String(length=20), nullable=False),
        sa.Column("visits_per_wave", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.Integer(), nullable=False),
        sa.Column("window_end", sa.Integer(), nullable=False),
        sa.Column("scenarios", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_programmes_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["checklist_id"], ["checklists.id"], name=op.f("fk_programmes_checklist_id_checklists")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
    )
    op.create_index(op.f("ix_programmes_organization_id"), "programmes", ["organization_id"])
    op.create_table(
        "programme_locations",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_programme_locations_programme_id_programmes"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_programme_locations_location_id_locations"),
        ),
        sa.PrimaryKeyConstraint("programme_id", "location_id", name=op.f("pk_programme_locations")),
    )
    op.create_table(
        "programme_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("wave", sa.String(length=100), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("proposed_auditor_id", sa.Integer(), nullable=True),
        sa.Column("audit_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_programme_visits_programme_id_programmes"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_programme_visits_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_auditor_id"],
            ["users.id"],
            name=op.f("fk_programme_visits_proposed_auditor_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audits.id"], name=op.f("fk_programme_visits_audit_id_audits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_visits")),
        sa.UniqueConstraint("audit_id", name=op.f("uq_programme_visits_audit_id")),
        sa.UniqueConstraint(
            "programme_id",
            "wave",
            "location_id",
            "slot",
            name=op.f("uq_programme_visits_programme_id"),
        ),
    )
    op.create_index(
        op.f("ix_programme_visits_programme_id"), "programme_visits", ["programme_id"]
    )
    op.create_index(
        op.f("ix_programme_visits_period_start"), "programme_visits", ["period_start"]
    )


def downgrade():
    op.drop_table("programme_visits")
    op.drop_table("programme_locations")
    op.drop_table("programmes")
