"""A throwaway PostgreSQL server for the store's tests and benchmark.

Starts Debian's PostgreSQL (`/usr/lib/postgresql/*/bin`) on a private data directory,
listening on a Unix socket in a temporary folder and on 127.0.0.1 at a free port, with trust
authentication (nothing else can reach it). Kept here rather than in `kit/` because coaches
never need it: the test suite imports it from `benchmarks/`, which lives beside `tests/`.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_SERVICE_USER = "postgres"


def find_postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None when PostgreSQL is not installed."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for folder in reversed(candidates):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path and Path(on_path).with_name("initdb").exists() else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_service_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root, so root runs it as the `postgres` system user."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", _SERVICE_USER, "--", *command]


@contextmanager
def temporary_postgres(*, durable: bool = False) -> Iterator[str]:
    """Run a fresh PostgreSQL server for the duration of the block; yields its SQLAlchemy URL.

    `durable=False` turns fsync off: fine for tests (the data is thrown away), while the
    benchmark keeps it on so its latencies are the ones a real server shows.
    """
    bin_dir = find_postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="okr-kit-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    if os.geteuid() == 0:
        account = pwd.getpwnam(_SERVICE_USER)
        for path in (root, sockets):
            os.chown(path, account.pw_uid, account.pw_gid)
    port = _free_port()
    options = f"-k {sockets} -p {port} -h 127.0.0.1 -c max_connections=200"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"

    def run(*command: str) -> None:
        result = subprocess.run(_as_service_user(list(command)), capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{Path(command[0]).name} failed: {result.stderr.strip()}\n{tail}")

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start")
        try:
            yield f"postgresql+psycopg://postgres@/postgres?host={sockets}&port={port}"
        finally:
            # immediate: no shutdown checkpoint, the data directory is deleted right after
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
