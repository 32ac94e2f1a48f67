"""field-ready: location time zones, client anonymity, languages, per-client checklists

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 06:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(
            sa.Column("show_auditor_names", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("report_language", sa.String(5), nullable=False, server_default="en")
        )
    with op.batch_alter_table("locations") as batch:
        batch.add_column(sa.Column("timezone", sa.String(64), nullable=False, server_default="UTC"))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("language", sa.String(5), nullable=True))
    op.create_table(
        "organization_checklists",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("checklist_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_checklists_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["checklist_id"],
            ["checklists.id"],
            name=op.f("fk_organization_checklists_checklist_id_checklists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "checklist_id", name=op.f("pk_organization_checklists")
        ),
    )


def downgrade():
    op.drop_table("organization_checklists")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("locations") as batch:
        batch.drop_column("timezone")
    with op.batch_alter_table("organizations") as batch:
        batch.drop_column("report_language")
        batch.drop_column("show_auditor_names")
