"""The `okr-kit` side of the warm review server (`kit.cli.review_server`): reviews in tens of milliseconds.

Most of a one-file review is start-up: importing pydantic, building the models, compiling the rubric's
patterns. After a review that paid for it, `okr-kit` leaves one small server per user and installation
running in the background; the next `okr-kit review` hands it the command, its folder, environment and
its own terminal (standard input, output and error are passed over a Unix socket), and the server forks
a copy of itself, already warm, that runs the review exactly as `okr-kit` would and writes straight to
that terminal. Each review runs in a fresh fork, so nothing one review does reaches the next.

The server answers only its own user (a socket in a folder only they can enter, and the peer's uid is
checked), stops after `IDLE_SECONDS` without a review, and stops when kit's code or house rule files
change under it (a `--rubric` file is re-read by every review anyway). `OKR_KIT_SERVER=off` never uses
one; on a CI machine (`CI` set) none is started unless `OKR_KIT_SERVER=on`. `okr-kit server status|stop`
shows or stops it.
Whenever the server cannot be reached, the review runs in the `okr-kit` process as before.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SWITCH_ENV = "OKR_KIT_SERVER"  # off: never; on: also on CI machines; unset: on, except where CI is set
FOLDER_ENV = "OKR_KIT_SERVER_DIR"  # where the socket lives (default: the user's runtime folder)
IDLE_ENV = "OKR_KIT_SERVER_IDLE"  # seconds without a review before the server stops
IDLE_SECONDS = 900
ANSWER_WAIT = 5.0  # seconds to wait for the server to take a review before running it here instead
SERVED_COMMANDS = frozenset({"review"})
HEADER_BYTES = 4  # the request's length comes first, in this many bytes


def server_wanted(argv: Sequence[str]) -> bool:
    if not argv or argv[0] not in SERVED_COMMANDS or not _platform_can_serve():
        return False
    switch = os.environ.get(SWITCH_ENV, "").strip().lower()
    if switch in ("off", "0", "no", "false"):
        return False
    return switch in ("on", "1", "yes", "true") or not os.environ.get("CI")


def _platform_can_serve() -> bool:
    """Forks, terminals passed over Unix sockets and the peer's uid: Linux has all three."""
    return hasattr(os, "fork") and hasattr(socket, "send_fds") and hasattr(socket, "SO_PEERCRED")


def chosen_folder() -> Path:
    """Where this user's servers live: `OKR_KIT_SERVER_DIR`, else their runtime folder, else a temporary one."""
    chosen = os.environ.get(FOLDER_ENV)
    if chosen:
        return Path(chosen)
    if os.environ.get("XDG_RUNTIME_DIR"):
        return Path(os.environ["XDG_RUNTIME_DIR"]) / "okr-kit"
    return Path(os.environ.get("TMPDIR") or "/tmp") / f"okr-kit-{os.getuid()}"


def server_folder() -> Path | None:
    """The private folder of this user's servers, made if missing; None when it is not private (then the
    review runs in-process: a socket others could reach would hand them this user's terminal)."""
    folder = chosen_folder()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = os.lstat(folder)
    except OSError:
        return None
    private = stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and not found.st_mode & 0o077
    return folder if private else None


def _installation() -> str:
    """Names this Python and this copy of kit, so two environments never share a server."""
    import hashlib

    import kit

    where = f"{sys.prefix}\0{Path(kit.__file__).resolve().parent}\0{kit.__version__}"
    return hashlib.blake2b(where.encode(), digest_size=6).hexdigest()


def socket_path(folder: Path) -> Path:
    return folder / f"review-{_installation()}.sock"


def _connect(folder: Path) -> socket.socket | None:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(ANSWER_WAIT)
    try:
        client.connect(str(socket_path(folder)))
    except OSError:
        client.close()
        return None
    return client


def _lines(connection: socket.socket) -> Any:
    """The server's answers, one JSON object a line, until it closes the connection."""
    buffered = b""
    while True:
        while b"\n" in buffered:
            line, buffered = buffered.split(b"\n", 1)
            yield json.loads(line)
        chunk = connection.recv(4096)
        if not chunk:
            return
        buffered += chunk


def review_on_server(argv: Sequence[str], folder: Path) -> int | None:
    """The exit code of `okr-kit <argv>` run by the warm server in `folder`, or None when it must run here
    (no server, a stale one, or one that did not take the review in time; then nothing has been written)."""
    if any(not _open_fd(fd) for fd in (0, 1, 2)):
        return None
    connection = _connect(folder)
    if connection is None:
        return None
    with connection:
        try:
            _send_request(connection, list(argv))
            answers = _lines(connection)
            first = next(answers, None)
            if first is None or "pid" not in first:
                return None  # the server is stopping or its code changed: it ran nothing
            connection.sendall(b"go\n")
        except (OSError, ValueError):
            return None
        connection.settimeout(None)  # a folder of thousands of files takes what it takes
        try:
            last = next(answers, None)
        except KeyboardInterrupt:
            os.kill(first["pid"], signal.SIGINT)
            return 130
        except (OSError, ValueError):
            last = None
    if last is None or "exit" not in last:
        print("okr-kit: the review server stopped during this review; run the command again "
              f"(or set {SWITCH_ENV}=off to review without it)", file=sys.stderr)
        return 1
    return int(last["exit"])


def _open_fd(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _send_request(connection: socket.socket, argv: list[str]) -> None:
    umask = os.umask(0)
    os.umask(umask)
    request = json.dumps({
        "argv": argv,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": umask,
        "cpus": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "streams": [[stream.encoding, stream.errors] for stream in (sys.stdin, sys.stdout, sys.stderr)],
    }).encode()
    socket.send_fds(connection, [_framed(request)], [0, 1, 2])


def _framed(payload: bytes) -> bytes:
    """A request as the server reads it: its length first, then the JSON."""
    return len(payload).to_bytes(HEADER_BYTES, "big") + payload


def start_in_background(folder: Path) -> None:
    """Start this user's server in `folder` for the next review, detached from this terminal and this folder."""
    import subprocess

    import kit

    env = dict(os.environ)
    package_parent = str(Path(kit.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
    with contextlib.suppress(OSError):  # the review is done; if no server starts, the next one starts cold
        subprocess.Popen(
            [sys.executable, "-m", "kit.cli.review_server", str(folder)], cwd="/", env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )


def ask_server(folder: Path, request: str) -> dict[str, Any] | None:
    """The server's answer to `status` or `stop`, or None when none is running."""
    connection = _connect(folder)
    if connection is None:
        return None
    with connection:
        try:
            connection.sendall(_framed(json.dumps({"control": request}).encode()))
            answer = next(_lines(connection), None)
        except (OSError, ValueError):
            return None
    return answer if isinstance(answer, dict) and "pid" in answer else None  # a stale server has just stopped
