"""Streams of versioned records (OKR sets, check-ins, decisions, ...) per workshop.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "streams",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("workshop", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("head", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workshop", "kind", "key", name="uq_streams_identity"),
    )
    op.create_table(
        "versions",
        sa.Column("stream_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("restored_from", sa.Integer, nullable=True),
        sa.Column("content", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("stream_id", "version", name="pk_versions"),
        sa.ForeignKeyConstraint(["stream_id"], ["streams.id"], name="fk_versions_stream", ondelete="CASCADE"),
    )


def downgrade() -> None:
    op.drop_table("versions")
    op.drop_table("streams")
