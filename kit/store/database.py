"""The storage API over SQLite or PostgreSQL: streams of versions, saved in transactions, retried on contention.

The rest of the kit calls `open_store` and `Store`; only the store package knows the database library.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, overload

from pydantic import BaseModel, ValidationError
from sqlalchemy import (
    Table,
    func,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect

from kit.model import OkrSet
from kit.secrets import find_credential
from kit.store.connection import Database
from kit.store.location import resolve_url
from kit.store.records import (
    OKR_SET_KIND,
    SetVersion,
    StoredRecord,
    StoreError,
    VersionInfo,
    check_kind,
    check_name,
    first_problem,
)
from kit.store.tables import INFO_COLUMNS, streams, version_info, versions
from kit.store.transfer import export_workshop, import_workshop
from kit.store.versions import SetDiff, diff_sets

ModelT = TypeVar("ModelT", bound=BaseModel)


class Store(Database):
    """One storage API over SQLite or PostgreSQL. Open with `open_store`; safe across processes."""

    # -- generic records --------------------------------------------------------------------

    def save_record(
        self,
        workshop: str,
        kind: str,
        key: str,
        payload: BaseModel | Mapping[str, Any],
        author: str,
        *,
        restored_from: int | None = None,
    ) -> int:
        """Save a new version of a record and return its version number (1, 2, ...)."""
        check_name("workshop", workshop)
        check_kind(kind)
        check_name("key", key)
        check_name("author", author)
        content = _to_json(payload)

        def save() -> int:
            now = datetime.now(UTC)
            upsert = _dialect_insert(self.dialect, streams).values(
                workshop=workshop, kind=kind, key=key, head=1, created_at=now
            )
            upsert = upsert.on_conflict_do_update(
                index_elements=["workshop", "kind", "key"], set_={"head": streams.c.head + 1}
            ).returning(streams.c.id, streams.c.head)
            with self.writing() as connection:
                stream_id, head = connection.execute(upsert).one()
                connection.execute(
                    insert(versions).values(
                        stream_id=stream_id,
                        version=head,
                        author=author,
                        saved_at=now,
                        restored_from=restored_from,
                        content=content,
                    )
                )
            return int(head)

        return self.run(save)

    @overload
    def load_record(
        self, workshop: str, kind: str, key: str, version: int | None = None, *, model: type[ModelT]
    ) -> ModelT: ...

    @overload
    def load_record(
        self, workshop: str, kind: str, key: str, version: int | None = None, *, model: None = None
    ) -> dict[str, Any]: ...

    def load_record(
        self,
        workshop: str,
        kind: str,
        key: str,
        version: int | None = None,
        *,
        model: type[ModelT] | None = None,
    ) -> ModelT | dict[str, Any]:
        """The latest (or a given) version's content, as `model` when given, else as a dict."""
        record = self.record(workshop, kind, key, version)
        if record is None:
            what = f"version {version} of " if version is not None else ""
            raise StoreError(
                f"there is no {what}{kind} {key!r} in workshop {workshop!r}",
                fix=f"list what exists with history({workshop!r}, {kind!r}, {key!r}) or keys({workshop!r}, {kind!r})",
            )
        if model is None:
            return record.payload
        return _validate(model, record.payload, f"{kind} {key!r} version {record.info.version}")

    def record(self, workshop: str, kind: str, key: str, version: int | None = None) -> StoredRecord | None:
        """The latest (or a given) version with its metadata, or None when there is none."""
        query = (
            select(*INFO_COLUMNS, versions.c.content)
            .select_from(versions.join(streams, streams.c.id == versions.c.stream_id))
            .where(streams.c.workshop == workshop, streams.c.kind == kind, streams.c.key == key)
        )
        query = query.where(versions.c.version == version) if version is not None else query
        query = query.order_by(versions.c.version.desc()).limit(1)

        def load() -> StoredRecord | None:
            with self.reading() as connection:
                row = connection.execute(query).first()
            if row is None:
                return None
            return StoredRecord(info=version_info(row), payload=json.loads(row.content))

        return self.run(load)

    def history(self, workshop: str, kind: str, key: str) -> list[VersionInfo]:
        """Every saved version, oldest first."""
        query = (
            select(*INFO_COLUMNS)
            .select_from(versions.join(streams, streams.c.id == versions.c.stream_id))
            .where(streams.c.workshop == workshop, streams.c.kind == kind, streams.c.key == key)
            .order_by(versions.c.version)
        )

        def load() -> list[VersionInfo]:
            with self.reading() as connection:
                return [version_info(row) for row in connection.execute(query)]

        return self.run(load)

    def keys(self, workshop: str, kind: str) -> list[str]:
        """The keys (teams, case ids, ...) that have at least one saved version of `kind`."""
        query = (
            select(streams.c.key).where(streams.c.workshop == workshop, streams.c.kind == kind).order_by(streams.c.key)
        )

        def load() -> list[str]:
            with self.reading() as connection:
                return list(connection.scalars(query))

        return self.run(load)

    def workshops(self) -> list[str]:
        query = select(streams.c.workshop).distinct().order_by(streams.c.workshop)

        def load() -> list[str]:
            with self.reading() as connection:
                return list(connection.scalars(query))

        return self.run(load)

    def latest_workshop(self, kind: str = OKR_SET_KIND) -> str | None:
        """The workshop whose records of `kind` were saved last: for OKR sets, the drafting workshop
        a facilitator is running now (check-in cycles and clinics are kept under workshops of their own)."""
        check_kind(kind)
        last_save = func.max(versions.c.saved_at)
        query = (
            select(streams.c.workshop)
            .select_from(versions.join(streams, streams.c.id == versions.c.stream_id))
            .where(streams.c.kind == kind)
            .group_by(streams.c.workshop)
            .order_by(last_save.desc(), streams.c.workshop.desc())
            .limit(1)
        )

        def load() -> str | None:
            with self.reading() as connection:
                return connection.scalars(query).first()

        return self.run(load)

    # -- OKR sets ---------------------------------------------------------------------------

    def save_set(self, workshop: str, team: str, okr_set: OkrSet, author: str) -> int:
        """Save a new version of a team's OKR set; returns its version number."""
        if not isinstance(okr_set, OkrSet):
            raise StoreError(
                f"save_set expects a kit.model.OkrSet, got {type(okr_set).__name__}",
                fix="parse the text first with kit.parse.parse(...)",
            )
        return self.save_record(workshop, OKR_SET_KIND, team, okr_set, author)

    def latest(self, workshop: str, team: str) -> SetVersion | None:
        """The team's newest saved set, or None when the team has saved nothing yet."""
        record = self.record(workshop, OKR_SET_KIND, team)
        return None if record is None else _set_version(record)

    def versions(self, workshop: str, team: str) -> list[VersionInfo]:
        return self.history(workshop, OKR_SET_KIND, team)

    def load_version(self, workshop: str, team: str, version: int) -> SetVersion:
        record = self.record(workshop, OKR_SET_KIND, team, version)
        if record is None:
            raise StoreError(
                f"team {team!r} in workshop {workshop!r} has no version {version}",
                fix=f"list the saved versions with versions({workshop!r}, {team!r})",
            )
        return _set_version(record)

    def restore(self, workshop: str, team: str, version: int, author: str) -> int:
        """Make an old version current again by saving a copy of it; history is never rewritten."""
        old = self.load_version(workshop, team, version)
        return self.save_record(workshop, OKR_SET_KIND, team, old.okr_set, author, restored_from=version)

    def diff(self, workshop: str, team: str, before: int, after: int) -> SetDiff:
        """What changed between two versions: the before and after of a rewrite."""
        return diff_sets(
            self.load_version(workshop, team, before).okr_set,
            self.load_version(workshop, team, after).okr_set,
            before_label=f"version {before}",
            after_label=f"version {after}",
        )

    def teams(self, workshop: str) -> list[str]:
        return self.keys(workshop, OKR_SET_KIND)

    # -- moving a workshop between machines -------------------------------------------------

    def export_bundle(self, workshop: str) -> dict[str, Any]:
        """The whole workshop (every stream, every version) as JSON-ready data."""
        return export_workshop(self, workshop)

    def import_bundle(
        self, bundle: Mapping[str, Any] | str | Path, *, workshop: str | None = None, replace: bool = False
    ) -> str:
        """Load an exported workshop, all or nothing; returns the workshop name it was stored under."""
        return import_workshop(self, bundle, workshop=workshop, replace=replace)


def open_store(folder: str | Path | None = None, url: str | None = None) -> Store:
    """Open (and create or upgrade) the workshop store.

    `url` wins, then the `KIT_STORE_URL` environment variable, then a SQLite file named
    `okr-workshop.sqlite3` in `folder` (default: the current folder, i.e. the workshop folder).
    SQLite's WAL mode needs a local disk: on a hub whose home folders are network mounts, use
    PostgreSQL.
    """
    return Store(resolve_url(folder, url))


def _dialect_insert(dialect: str, table: Table) -> Any:
    return pg_dialect.insert(table) if dialect == "postgresql" else sqlite_dialect.insert(table)


def _set_version(record: StoredRecord) -> SetVersion:
    what = f"team {record.info.key!r} version {record.info.version}"
    return SetVersion(info=record.info, okr_set=_validate(OkrSet, record.payload, what))


def _validate(model: type[ModelT], payload: Mapping[str, Any], what: str) -> ModelT:
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        raise StoreError(
            f"the saved {what} does not fit {model.__name__}: {first_problem(error)}",
            fix="restore an earlier version, or load it without a model to inspect the raw data",
        ) from None


def _to_json(payload: BaseModel | Mapping[str, Any]) -> str:
    if isinstance(payload, BaseModel):
        data: Any = payload.model_dump(mode="json")
    elif isinstance(payload, Mapping):
        data = dict(payload)
    else:
        raise StoreError(
            f"a record must be a pydantic model or a dict, got {type(payload).__name__}",
            fix="wrap the value in a model or a dict",
        )
    secret = find_credential(data)
    if secret:
        raise StoreError(
            f"the record's field {secret!r} is or holds a credential; the store never saves credentials",
            fix="remove the field (keep API keys in the environment, not in workshop data)",
        )
    try:
        return json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise StoreError(f"the record cannot be saved as JSON ({error})", fix="use plain values") from None
