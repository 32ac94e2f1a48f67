"""reviewers' comment library

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 09:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "review_phrases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_review_phrases_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_review_phrases_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_phrases")),
    )
    op.create_index(
        op.f("ix_review_phrases_organization_id"), "review_phrases", ["organization_id"]
    )


def downgrade():
    op.drop_table("review_phrases")
