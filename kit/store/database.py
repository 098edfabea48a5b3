"""The storage API over SQLite or PostgreSQL: streams of versions, saved in transactions, retried on contention.

The rest of the kit calls `open_store` and `Store`; only the store package knows the database library.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

from pydantic import BaseModel, ValidationError
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from kit.model import OkrSet
from kit.secrets import find_credential
from kit.store.bundle import (
    Bundle,
    BundleStream,
    BundleVersion,
    checksum,
    create_private,
    parse_bundle,
)
from kit.store.location import redact_url, resolve_url, scrub
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
from kit.store.versions import SetDiff, diff_sets

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_BUSY_DEADLINE_SECONDS = 60.0
_SQLITE_BUSY_TIMEOUT_MS = 10_000
# Arbitrary constant: the PostgreSQL advisory lock that lets only one process migrate at a time.
_MIGRATION_LOCK_ID = 0x0C0FFEE

ModelT = TypeVar("ModelT", bound=BaseModel)
_T = TypeVar("_T")


# --- the store ------------------------------------------------------------------------------


class Store:
    """One storage API over SQLite or PostgreSQL. Open with `open_store`; safe across processes."""

    def __init__(self, url: str) -> None:
        try:
            self._url = make_url(url)
        except ArgumentError:
            raise StoreError(
                f"the store URL {redact_url(url)!r} is not a database URL",
                fix="set KIT_STORE_URL to postgresql://user@host/dbname or leave it unset for a SQLite file",
            ) from None
        self.display_url = self._url.render_as_string(hide_password=True)
        self.dialect: Literal["sqlite", "postgresql"]
        if self._url.get_backend_name() == "sqlite":
            self.dialect = "sqlite"
            self._engine = self._sqlite_engine()
        elif self._url.get_backend_name() == "postgresql":
            self.dialect = "postgresql"
            self._engine = create_engine(self._url, pool_pre_ping=True, hide_parameters=True)
        else:
            raise StoreError(
                f"the store URL {self.display_url!r} names an unsupported database",
                fix="use a SQLite file (the default) or postgresql://...",
            )
        self._migrate()

    def __repr__(self) -> str:
        return f"Store({self.display_url!r})"

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- engine set-up ----------------------------------------------------------------------

    def _sqlite_engine(self) -> Engine:
        database = self._url.database
        if database and database != ":memory:":
            folder = Path(database).parent
            if not folder.is_dir():
                raise StoreError(
                    f"the workshop folder {folder} does not exist",
                    fix="create it, or open the store in an existing folder",
                )
            create_private(Path(database))  # every team's drafts: readable by its owner only
        engine = create_engine(
            self._url,
            connect_args={"check_same_thread": False, "timeout": _SQLITE_BUSY_TIMEOUT_MS / 1000},
            hide_parameters=True,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _on_begin).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed save survives a power cut, not only a killed kernel.
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Connection) -> None:
            # Writers take the lock up front so they queue on busy_timeout instead of failing
            # when a read transaction would have to be upgraded; readers never block in WAL mode.
            writing = connection.get_execution_options().get("kit_write", False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

        return engine

    def _migrate(self) -> None:
        """Bring the schema to the newest revision; one process at a time, a no-op when current."""
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        script = ScriptDirectory.from_config(config)
        head = script.get_current_head()

        def current_revision() -> str | None:
            with self._engine.connect() as connection:
                return MigrationContext.configure(connection).get_current_revision()

        current = self._run(current_revision)
        if current == head:
            return
        if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
            raise StoreError(
                f"the store {self.display_url} was written by a newer okr-workshop-kit (schema {current})",
                fix="upgrade okr-workshop-kit on this machine, then open the store again",
            )

        def upgrade() -> None:
            with self._write() as connection:
                if self.dialect == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_ID})")
                config.attributes["connection"] = connection
                command.upgrade(config, "head")

        self._run(upgrade)

    # -- transactions and retries -----------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.connect() as connection:
            connection.execution_options(kit_write=True)
            with connection.begin():
                yield connection

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as connection, connection.begin():
            yield connection

    def _run(self, operation: Callable[[], _T]) -> _T:
        """Run a whole transaction, retrying with backoff while other writers hold the database."""
        deadline = time.monotonic() + _BUSY_DEADLINE_SECONDS
        attempt = 0
        while True:
            try:
                return operation()
            except DBAPIError as error:
                if not self._transient(error) or time.monotonic() > deadline:
                    raise self._explain(error) from None
            attempt += 1
            time.sleep(min(0.5, 0.005 * 2**attempt) * random.uniform(0.5, 1.5))

    def _transient(self, error: DBAPIError) -> bool:
        if error.connection_invalidated:
            return True
        if self.dialect == "sqlite":
            text = str(error.orig).lower()
            return "locked" in text or "busy" in text
        sqlstate = getattr(error.orig, "sqlstate", None) or ""
        # serialization failure, deadlock, lost connection
        return sqlstate in {"40001", "40P01"} or sqlstate.startswith("08")

    def _explain(self, error: DBAPIError) -> StoreError:
        detail = scrub(str(error.orig or error).strip().splitlines()[0], self._url)
        if self.dialect == "sqlite" and ("not a database" in detail or "malformed" in detail):
            fix = (
                "the store file is damaged: move it aside, open a new store in the workshop folder "
                "and import the last exported bundle"
            )
        elif isinstance(error, OperationalError) and self.dialect == "postgresql":
            fix = "check that the PostgreSQL server in KIT_STORE_URL is running and reachable, then try again"
        elif isinstance(error, OperationalError):
            fix = "check that the workshop folder is writable and not full, then try again"
        else:
            fix = "try again; if it keeps failing, export the workshop and report the problem"
        return StoreError(f"the store {self.display_url} could not complete the operation ({detail})", fix=fix)

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
            with self._write() as connection:
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

        return self._run(save)

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
            with self._read() as connection:
                row = connection.execute(query).first()
            if row is None:
                return None
            return StoredRecord(info=version_info(row), payload=json.loads(row.content))

        return self._run(load)

    def history(self, workshop: str, kind: str, key: str) -> list[VersionInfo]:
        """Every saved version, oldest first."""
        query = (
            select(*INFO_COLUMNS)
            .select_from(versions.join(streams, streams.c.id == versions.c.stream_id))
            .where(streams.c.workshop == workshop, streams.c.kind == kind, streams.c.key == key)
            .order_by(versions.c.version)
        )

        def load() -> list[VersionInfo]:
            with self._read() as connection:
                return [version_info(row) for row in connection.execute(query)]

        return self._run(load)

    def keys(self, workshop: str, kind: str) -> list[str]:
        """The keys (teams, case ids, ...) that have at least one saved version of `kind`."""
        query = (
            select(streams.c.key).where(streams.c.workshop == workshop, streams.c.kind == kind).order_by(streams.c.key)
        )

        def load() -> list[str]:
            with self._read() as connection:
                return list(connection.scalars(query))

        return self._run(load)

    def workshops(self) -> list[str]:
        query = select(streams.c.workshop).distinct().order_by(streams.c.workshop)

        def load() -> list[str]:
            with self._read() as connection:
                return list(connection.scalars(query))

        return self._run(load)

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
            with self._read() as connection:
                return connection.scalars(query).first()

        return self._run(load)

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
        query = (
            select(streams.c.kind, streams.c.key, *INFO_COLUMNS, versions.c.content)
            .select_from(versions.join(streams, streams.c.id == versions.c.stream_id))
            .where(streams.c.workshop == workshop)
            .order_by(streams.c.kind, streams.c.key, versions.c.version)
        )

        def load() -> list[Any]:
            with self._read() as connection:
                return list(connection.execute(query))

        rows = self._run(load)
        if not rows:
            raise StoreError(
                f"workshop {workshop!r} has nothing saved in {self.display_url}",
                fix=f"pick one of: {', '.join(self.workshops()) or '(no workshops yet)'}",
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

    def import_bundle(
        self,
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
            with self._write() as connection:
                existing = connection.execute(select(streams.c.id).where(streams.c.workshop == target).limit(1)).first()
                if existing is not None and not replace:
                    raise StoreError(
                        f"workshop {target!r} already exists in {self.display_url}",
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

        return self._run(load)


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
