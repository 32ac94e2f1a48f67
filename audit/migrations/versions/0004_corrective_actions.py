"""corrective actions with their history and evidence photos

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 09:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "corrective_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("criterion_key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audits.id"],
            name=op.f("fk_corrective_actions_audit_id_audits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_corrective_actions_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_corrective_actions_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_corrective_actions_owner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_corrective_actions_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrective_actions")),
        sa.UniqueConstraint(
            "audit_id", "criterion_key", name=op.f("uq_corrective_actions_audit_id")
        ),
    )
    for column in ("audit_id", "organization_id", "location_id", "status", "owner_id"):
        op.create_index(op.f(f"ix_corrective_actions_{column}"), "corrective_actions", [column])
    op.create_table(
        "corrective_action_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["corrective_actions.id"],
            name=op.f("fk_corrective_action_changes_action_id_corrective_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_corrective_action_changes_actor_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrective_action_changes")),
    )
    op.create_index(
        op.f("ix_corrective_action_changes_action_id"), "corrective_action_changes", ["action_id"]
    )
    op.create_table(
        "corrective_action_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["corrective_actions.id"],
            name=op.f("fk_corrective_action_evidence_action_id_corrective_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_corrective_action_evidence_uploaded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrective_action_evidence")),
    )
    for column in ("action_id", "sha256"):
        op.create_index(
            op.f(f"ix_corrective_action_evidence_{column}"),
            "corrective_action_evidence",
            [column],
        )


def downgrade():
    op.drop_table("corrective_action_evidence")
    op.drop_table("corrective_action_changes")
    op.drop_table("corrective_actions")
