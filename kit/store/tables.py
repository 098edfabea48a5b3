"""The two tables of the store: streams (workshop, kind, key) and their numbered versions."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from kit.store.records import NAME_LIMIT, VersionInfo

METADATA = MetaData()

streams = Table(
    "streams",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop", String(NAME_LIMIT), nullable=False),
    Column("kind", String(50), nullable=False),
    Column("key", String(NAME_LIMIT), nullable=False),
    Column("head", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workshop", "kind", "key", name="uq_streams_identity"),
)

versions = Table(
    "versions",
    METADATA,
    Column("stream_id", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("author", String(NAME_LIMIT), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("restored_from", Integer, nullable=True),
    Column("content", Text, nullable=False),
    PrimaryKeyConstraint("stream_id", "version", name="pk_versions"),
    ForeignKeyConstraint(["stream_id"], ["streams.id"], name="fk_versions_stream", ondelete="CASCADE"),
)

INFO_COLUMNS = (
    streams.c.workshop,
    streams.c.kind,
    streams.c.key,
    versions.c.version,
    versions.c.author,
    versions.c.saved_at,
    versions.c.restored_from,
)


def version_info(row: Any) -> VersionInfo:
    saved_at = row.saved_at
    if saved_at.tzinfo is None:  # SQLite keeps no zone; the store only ever writes UTC
        saved_at = saved_at.replace(tzinfo=UTC)
    return VersionInfo(
        workshop=row.workshop,
        kind=row.kind,
        key=row.key,
        version=row.version,
        author=row.author,
        saved_at=saved_at,
        restored_from=row.restored_from,
    )
