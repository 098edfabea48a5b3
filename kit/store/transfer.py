"""A whole workshop moved between machines: exported as one bundle, imported all or nothing."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select

from kit.store.bundle import Bundle, BundleStream, BundleVersion, checksum, parse_bundle
from kit.store.records import StoreError, check_name
from kit.store.tables import INFO_COLUMNS, streams, version_info, versions

if TYPE_CHECKING:
    from kit.store.database import Store


def export_workshop(store: Store, workshop: str) -> dict[str, Any]:
    """The whole workshop (every stream, every version) as JSON-ready data."""
    query = (
        select(streams.c.kind, streams.c.key, *INFO_COLUMNS, versions.c.content)
        .select_from(versions.join(streams, streams.c.id == versions.c.stream_id))
        .where(streams.c.workshop == workshop)
        .order_by(streams.c.kind, streams.c.key, versions.c.version)
    )

    def load() -> list[Any]:
        with store.reading() as connection:
            return list(connection.execute(query))

    rows = store.run(load)
    if not rows:
        raise StoreError(
            f"workshop {workshop!r} has nothing saved in {store.display_url}",
            fix=f"pick one of: {', '.join(store.workshops()) or '(no workshops yet)'}",
        )
    grouped: dict[tuple[str, str], list[BundleVersion]] = {}
    for row in rows:
        info = version_info(row)
        grouped.setdefault((info.kind, info.key), []).append(
            BundleVersion(
                version=info.version,
                author=info.author,
                saved_at=info.saved_at,
                restored_from=info.restored_from,
                content=json.loads(row.content),
            )
        )
    records = [BundleStream(kind=kind, key=key, versions=vs) for (kind, key), vs in grouped.items()]
    return Bundle(
        workshop=workshop,
        exported_at=datetime.now(UTC),
        streams=records,
        checksum=checksum(workshop, records),
    ).model_dump(mode="json")


def import_workshop(
    store: Store,
    bundle: Mapping[str, Any] | str | Path,
    *,
    workshop: str | None = None,
    replace: bool = False,
) -> str:
    """Load an exported workshop, all or nothing; returns the workshop name it was stored under.

    Everything is validated before the store is touched, and the import runs in one
    transaction, so a corrupt bundle or a failure half-way leaves the store as it was.
    """
    parsed = parse_bundle(bundle)
    target = workshop or parsed.workshop
    check_name("workshop", target)

    def load() -> str:
        with store.writing() as connection:
            existing = connection.execute(select(streams.c.id).where(streams.c.workshop == target).limit(1)).first()
            if existing is not None and not replace:
                raise StoreError(
                    f"workshop {target!r} already exists in {store.display_url}",
                    fix="import under another name with import_bundle(bundle, workshop='new name'), "
                    "or pass replace=True to overwrite it",
                )
            if existing is not None:
                ids = select(streams.c.id).where(streams.c.workshop == target)
                connection.execute(delete(versions).where(versions.c.stream_id.in_(ids)))
                connection.execute(delete(streams).where(streams.c.workshop == target))
            for stream in parsed.streams:
                stream_id = connection.execute(
                    insert(streams)
                    .values(
                        workshop=target,
                        kind=stream.kind,
                        key=stream.key,
                        head=stream.versions[-1].version,
                        created_at=stream.versions[0].saved_at,
                    )
                    .returning(streams.c.id)
                ).scalar_one()
                connection.execute(
                    insert(versions),
                    [
                        {
                            "stream_id": stream_id,
                            "version": item.version,
                            "author": item.author,
                            "saved_at": item.saved_at,
                            "restored_from": item.restored_from,
                            "content": json.dumps(item.content, ensure_ascii=False),
                        }
                        for item in stream.versions
                    ],
                )
        return target

    return store.run(load)
