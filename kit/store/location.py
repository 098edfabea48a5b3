"""Where a workshop's store lives: a URL given, `KIT_STORE_URL`, or a SQLite file in the workshop folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

STORE_URL_ENV = "KIT_STORE_URL"
DEFAULT_FILENAME = "okr-workshop.sqlite3"


def redact_url(url: str | URL) -> str:
    """The URL with any password masked, for anything a person or a log may see."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"://([^:/@]*):[^@]*@", r"://\1:***@", str(url))


def resolve_url(folder: str | Path | None = None, url: str | None = None) -> str:
    """Explicit URL, else `KIT_STORE_URL`, else a SQLite file in the workshop folder."""
    chosen = url or os.environ.get(STORE_URL_ENV, "").strip()
    if not chosen:
        base = Path(folder) if folder is not None else Path.cwd()
        return f"sqlite:///{(base / DEFAULT_FILENAME).resolve()}"
    if chosen.startswith(("postgresql://", "postgres://")):
        chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


def scrub(message: str, url: URL) -> str:
    """Driver messages may echo parts of a connection string: never let a password through."""
    if url.password:
        message = message.replace(str(url.password), "***")
    return message


def saved_store_exists(folder: str | Path | None = None, url: str | None = None) -> bool:
    """Whether opening the store would find saved work, without creating an empty SQLite file to find out.

    A server database (PostgreSQL) always counts as existing: it is created by whoever runs it.
    """
    parsed = make_url(resolve_url(folder, url))
    if parsed.get_backend_name() != "sqlite":
        return True
    database = parsed.database or ""
    return database not in ("", ":memory:") and Path(database).exists()
