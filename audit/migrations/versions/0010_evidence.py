"""evidence: a photo's kind (general, receipt), audio clips, organisations allowing recordings

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 09:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("photos") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(length=16), server_default="general", nullable=False)
        )
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(
            sa.Column("allow_recordings", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    op.create_table(
        "audio_clips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("touchpoint_key", sa.String(length=64), nullable=False),
        sa.Column("criterion_key", sa.String(length=64), nullable=True),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("container", sa.String(length=8), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("client_uid", sa.String(length=64), nullable=True),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audits.id"],
            name=op.f("fk_audio_clips_audit_id_audits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_audio_clips_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audio_clips")),
    )
    op.create_index(op.f("ix_audio_clips_audit_id"), "audio_clips", ["audit_id"])
    op.create_index(op.f("ix_audio_clips_sha256"), "audio_clips", ["sha256"])
    op.create_index(op.f("ix_audio_clips_client_uid"), "audio_clips", ["client_uid"])


def downgrade():
    op.drop_table("audio_clips")
    with op.batch_alter_table("organizations") as batch:
        batch.drop_column("allow_recordings")
    with op.batch_alter_table("photos") as batch:
        batch.drop_column("kind")
