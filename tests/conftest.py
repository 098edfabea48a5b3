"""Fixtures shared across the suite. Keep it small: most fixtures belong beside their tests."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# The throwaway PostgreSQL server lives in tests/support/ (the store benchmark starts one too).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.pgserver import find_postgres_bin, temporary_postgres

# Every `okr-kit` the tests start reviews in its own process: no background review server outlives a test.
# tests/cli/test_review_server.py turns the server on, each test in a folder of its own, and stops it.
os.environ["OKR_KIT_SERVER"] = "off"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """SQLAlchemy URL of a real PostgreSQL server started for this test session (database `postgres`)."""
    if find_postgres_bin() is None:
        pytest.skip("PostgreSQL is not installed (/usr/lib/postgresql/*/bin); ./run.sh test installs it")
    with temporary_postgres() as url:
        yield url


def _fresh_postgres_schema(server_url: str) -> str:
    """A new empty schema on the session's server, first on the search path of the returned URL.

    Tests never see each other's data, and a schema costs milliseconds where a database
    costs a copy of its template.
    """
    name = f"store_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
    finally:
        admin.dispose()
    url = make_url(server_url)
    return url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty workshop store URL, once on a SQLite file and once on the session's PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'okr-workshop.sqlite3'}"
    return _fresh_postgres_schema(request.getfixturevalue("postgres_url"))
