"""The warm review server: loads the review machinery once, then forks a ready copy of itself per review.

Started in the background by `okr-kit` (see `kit.cli.review_client`, which says why and how it is used).
One server per user and installation: the first to hold the folder's lock serves, any other exits at once.
Its log (`review-<id>.log`, beside the socket) says when it started, stopped and why.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import io
import json
import os
import signal
import socket
import struct
import sys
import time
import traceback
from pathlib import Path
from typing import Any, TextIO

import kit
from kit.cli import main, review_client

_PEER_CREDENTIALS = struct.Struct("3i")  # pid, uid, gid of SO_PEERCRED
REQUEST_WAIT = 10.0  # seconds a fork waits for its client's request before giving up on it
LOG_KEPT_BYTES = 64_000  # the log says why earlier servers stopped, until it grows past this


def serve(folder: Path) -> None:
    sock_path = review_client.socket_path(folder)
    with contextlib.ExitStack() as stack:
        lock = stack.enter_context(sock_path.with_suffix(".lock").open("a"))
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # another server of this installation is running or starting
        log_path = sock_path.with_suffix(".log")
        keep_log = log_path.exists() and log_path.stat().st_size < LOG_KEPT_BYTES
        log = stack.enter_context(log_path.open("a" if keep_log else "w", encoding="utf-8", buffering=1))
        _say(log, f"warming up (pid {os.getpid()}, kit {kit.__version__})")
        warm_up()
        fingerprint = code_fingerprint()
        sock_path.unlink(missing_ok=True)
        listener = stack.enter_context(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
        listener.bind(str(sock_path))
        stack.callback(_remove_if_ours, sock_path, os.stat(sock_path).st_ino)
        listener.listen(64)
        signal.signal(signal.SIGTERM, _stop_on_signal)
        gc.freeze()  # the warm objects are shared with every fork; the collector would copy their pages
        _say(log, f"serving on {sock_path}")
        _say(log, f"stopped: {_serve_until_done(listener, fingerprint)}")


def _serve_until_done(listener: socket.socket, fingerprint: int) -> str:
    idle = float(os.environ.get(review_client.IDLE_ENV) or review_client.IDLE_SECONDS)
    started, served, children = time.time(), 0, set[int]()
    reviews_started, review_started = os.pipe()  # a fork writes one byte here when it starts a review
    os.set_blocking(reviews_started, False)
    listener.settimeout(min(idle, 5.0))
    last_request = time.monotonic()
    try:
        while True:
            children = {pid for pid in children if not _finished(pid)}
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                if not children and time.monotonic() - last_request >= idle:
                    return f"no review for {idle:.0f} s"
                continue
            with connection:
                if _peer_uid(connection) != os.getuid():
                    continue
                if code_fingerprint() != fingerprint:
                    connection.sendall(b'{"stale": true}\n')
                    return "kit's code changed"
                with contextlib.suppress(BlockingIOError):
                    served += len(os.read(reviews_started, 65536))
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    os.close(reviews_started)
                    _run_forked(connection, review_started, {"pid": os.getppid(), "since": started, "served": served})
                children.add(pid)
                last_request = time.monotonic()
    except SystemExit:
        return "asked to stop"


def _stop_on_signal(signum: int, frame: Any) -> None:
    raise SystemExit(0)


def _finished(pid: int) -> bool:
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return done == pid


def _peer_uid(connection: socket.socket) -> int:
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _PEER_CREDENTIALS.size)
    return int(_PEER_CREDENTIALS.unpack(credentials)[1])


def _remove_if_ours(path: Path, inode: int) -> None:
    with contextlib.suppress(OSError):
        if os.stat(path).st_ino == inode:
            path.unlink()


def _say(log: TextIO, message: str) -> None:
    log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}\n")


def code_fingerprint() -> int:
    """Every module of kit and house rule file with its size and time of change: a server whose code or
    house rules were updated under it would review by the old ones."""
    from kit.paths import data_dir

    found = []
    for root in (Path(kit.__file__).parent, data_dir("rubrics")):
        for folder, _, files in os.walk(root):
            for name in files:
                if name.endswith((".py", ".yaml")):
                    about = os.stat(os.path.join(folder, name))
                    found.append((folder, name, about.st_mtime_ns, about.st_size))
    return hash(tuple(found))


def warm_up() -> None:
    """Import and run everything a review needs once, so a fork starts with it loaded and compiled."""
    from kit.cli.common import import_review_engine
    from kit.rubric import load_rubric

    import_review_engine()
    for module in ("json_report", "sarif", "gitlab", "markdown", "html", "text"):
        with contextlib.suppress(ImportError):
            __import__(f"kit.report.{module}")
    lines = []
    for rule in load_rubric().rules:
        for example in (*rule.spec.examples.bad, *rule.spec.examples.good):
            marker = "## Objective: " if rule.spec.scope == "objective" else "- KR: "
            lines.append(marker + example.replace("\n", " "))
    kit.review("## Objective: Customers finish their first booking alone\n" + "\n".join(lines))
    with contextlib.redirect_stdout(io.StringIO()):
        main(["rules", "--format", "json"])


def _run_forked(connection: socket.socket, review_started: int, about_server: dict[str, Any]) -> None:
    """In the fork: take the client's terminal, folder and environment, run its command, report the exit code."""
    connection.settimeout(REQUEST_WAIT)
    try:
        request, fds = _receive(connection)
        if "control" in request:
            if request["control"] == "stop":
                os.kill(about_server["pid"], signal.SIGTERM)
            connection.sendall(json.dumps(about_server).encode() + b"\n")
            return
        connection.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
        if connection.recv(3) != b"go\n":
            return  # the client gave up waiting and runs the review itself
        os.write(review_started, b".")
        connection.settimeout(None)
        _become_client(request, fds)
        code = _run_command(request["argv"])
        connection.sendall(json.dumps({"exit": code}).encode() + b"\n")
    except BaseException:  # nothing may escape a fork: it would run the server's loop as a second server
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        os._exit(0)


def _receive(connection: socket.socket) -> tuple[dict[str, Any], list[int]]:
    header, fds, _, _ = socket.recv_fds(connection, review_client.HEADER_BYTES, 3)
    while len(header) < review_client.HEADER_BYTES:
        header += connection.recv(review_client.HEADER_BYTES - len(header))
    size = int.from_bytes(header, "big")
    body = b""
    while len(body) < size:
        chunk = connection.recv(size - len(body))
        if not chunk:
            raise ConnectionError("the client closed the connection mid-request")
        body += chunk
    return json.loads(body), fds


def _become_client(request: dict[str, Any], fds: list[int]) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()  # the client's TZ, for any time a report prints
    os.umask(request["umask"])
    if request.get("cpus") and hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, request["cpus"])
    (in_encoding, in_errors), (out_encoding, out_errors), (err_encoding, err_errors) = request["streams"]
    sys.stdin = open(0, encoding=in_encoding, errors=in_errors, closefd=False)  # noqa: SIM115 - the process's own
    sys.stdout = open(1, "w", encoding=out_encoding, errors=out_errors, closefd=False,  # noqa: SIM115
                      buffering=1 if os.isatty(1) else -1)
    sys.stderr = open(2, "w", encoding=err_encoding, errors=err_errors, closefd=False, buffering=1)  # noqa: SIM115
    sys.argv = ["okr-kit", *request["argv"]]


def _run_command(argv: list[str]) -> int:
    try:
        code = main(argv)
    except SystemExit as exit_request:
        code = exit_request.code if isinstance(exit_request.code, int) else 1
    except KeyboardInterrupt:  # Ctrl-C in the client's terminal: it has already stopped waiting
        code = 130
    except Exception:  # as Python itself would: the traceback on the user's stderr, exit code 1
        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    return code


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
