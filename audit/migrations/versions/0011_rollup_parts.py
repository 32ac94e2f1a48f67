"""rollup parts: a rollup cell's named sums as rows the database adds up, not a JSON blob

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 12:20:00

`score_rollups.sums` (a JSON blob per cell, decoded and merged in Python on every
dashboard view) becomes `score_rollup_parts` rows (pillar, stage, channel, failed
criterion, NPS group) and a `scored` column. The rollups are summed again from the audits
(this also fills them for a database that was upgraded past 0005 with audits in it).
Downgrading leaves `sums` empty: run `flask --app audit rollups` with that code.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("score_rollups") as batch:
        batch.add_column(sa.Column("scored", sa.Integer(), server_default="0", nullable=False))
        batch.drop_column("sums")
    op.create_table(
        "score_rollup_parts",
        sa.Column("rollup_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rollup_id"],
            ["score_rollups.id"],
            name=op.f("fk_score_rollup_parts_rollup_id_score_rollups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("rollup_id", "part", "key", name=op.f("pk_score_rollup_parts")),
    )
    _fill()


def _fill() -> None:
    """Sum the published audits already in the database (on the migration's connection)."""
    from sqlalchemy.orm import Session

    from audit.services.rollups import rebuild

    session = Session(bind=op.get_bind())
    rebuild(session)
    session.flush()


def downgrade():
    op.drop_table("score_rollup_parts")
    with op.batch_alter_table("score_rollups") as batch:
        batch.add_column(sa.Column("sums", sa.JSON(), server_default="{}", nullable=False))
        batch.drop_column("scored")
