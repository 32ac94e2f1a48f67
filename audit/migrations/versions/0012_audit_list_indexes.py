"""audit list indexes: each audit list's order (and the client's scope) as an index

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 12:40:00

The audit lists read 25 rows of up to millions in a fixed order; with an index in that
order (after the client's scope: organisation, published) the database reads those 25
rows from the index instead of sorting every audit in scope, and counts the total from
the index alone. PostgreSQL sorts NULLs first in a descending index unless told
otherwise, and the lists put audits without a visit last; SQLite sorts NULLs last when
descending already (and has no NULLS LAST in an index).
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# name: the columns, in the order of the list each serves (its ORDER BY, spelled alike)
INDEXES = {
    # The client's audits page: newest visit first, audits without a visit last.
    "ix_audits_client_visited": (
        "organization_id",
        "status",
        "visited_at DESC NULLS LAST",
        "id DESC",
    ),
    # ... filtered by wave (a wave is a span of visits: the index above would be read
    # through every later wave first).
    "ix_audits_client_wave_visited": (
        "organization_id",
        "status",
        "wave",
        "visited_at DESC NULLS LAST",
        "id DESC",
    ),
    # GET /api/v1/audits as a client: newest first.
    "ix_audits_client_created": (
        "organization_id",
        "status",
        "created_at DESC NULLS LAST",
        "id DESC",
    ),
    # A client's shopper numbers: each auditor's first audit there, one probe per auditor.
    "ix_audits_organization_auditor": ("organization_id", "auditor_id", "id"),
    # GET /api/v1/audits and the audits page as a consultant: newest first.
    "ix_audits_created": ("created_at DESC NULLS LAST", "id DESC"),
    # ... filtered by wave.
    "ix_audits_wave_created": ("wave", "created_at DESC NULLS LAST", "id DESC"),
}


def _columns(columns: tuple[str, ...]) -> list:
    """The columns as the database spells them (SQLite: no NULLS LAST, its default)."""
    postgresql = op.get_bind().dialect.name == "postgresql"
    return [
        sa.text(c if postgresql else c.replace(" NULLS LAST", "")) if " " in c else c
        for c in columns
    ]


def upgrade():
    for name, columns in INDEXES.items():
        op.create_index(name, "audits", _columns(columns))


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name="audits")
