"""The database under the store: SQLite or PostgreSQL, the schema migrated, transactions retried on contention.

Only the store package knows the database library; `Store` (kit.store.database) builds on this class.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, Self, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from kit.store.bundle import create_private
from kit.store.location import redact_url, scrub
from kit.store.records import StoreError

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_BUSY_DEADLINE_SECONDS = 60.0
_SQLITE_BUSY_TIMEOUT_MS = 10_000
# Arbitrary constant: the PostgreSQL advisory lock that lets only one process migrate at a time.
_MIGRATION_LOCK_ID = 0x0C0FFEE

_T = TypeVar("_T")


class Database:
    """A connection to SQLite or PostgreSQL with the schema migrated: transactions, retries, plain errors."""

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
        return f"{type(self).__name__}({self.display_url!r})"

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
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

        current = self.run(current_revision)
        if current == head:
            return
        if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
            raise StoreError(
                f"the store {self.display_url} was written by a newer okr-workshop-kit (schema {current})",
                fix="upgrade okr-workshop-kit on this machine, then open the store again",
            )

        def upgrade() -> None:
            with self.writing() as connection:
                if self.dialect == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_ID})")
                config.attributes["connection"] = connection
                command.upgrade(config, "head")

        self.run(upgrade)

    # -- transactions and retries -----------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction (SQLite takes its lock up front, so writers queue instead of failing)."""
        with self._engine.connect() as connection:
            connection.execution_options(kit_write=True)
            with connection.begin():
                yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read transaction: one consistent view of the store."""
        with self._engine.connect() as connection, connection.begin():
            yield connection

    def run(self, operation: Callable[[], _T]) -> _T:
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
