"""A real JupyterHub for the tests and the load benchmark: the kit's own deploy/jupyterhub config on 127.0.0.1.

The proxy is configurable-http-proxy from the npm registry (`./run.sh test` installs it in .tools/),
the spawner the local-process one that runs every server as this user (SimpleLocalProcessSpawner),
the authenticator JupyterHub's test DummyAuthenticator with one shared password, and the store a
real PostgreSQL database. Test support, not kit code.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.support.jupyter_browser import free_port, isolated_env

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = ROOT / ".tools" / "node_modules" / ".bin" / "configurable-http-proxy"
START_SECONDS = 90


def proxy_missing() -> str | None:
    """Why the hub cannot start here, or None."""
    if not PROXY.exists() and shutil.which("configurable-http-proxy") is None:
        return "configurable-http-proxy is not installed (./run.sh test installs it from the npm registry)"
    if shutil.which("jupyterhub", path=str(Path(sys.executable).parent)) is None:
        return "jupyterhub is not installed in this environment (pip install -e '.[dev]')"
    return None


@dataclass
class Hub:
    process: subprocess.Popen[bytes]
    port: int
    token: str  # the okr-kit service's token: users, servers, groups, tokens
    password: str
    homes: Path
    log: Path
    kernel_sockets: Path  # each person's kernels' sockets in a folder of theirs below it

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api(self, method: str, path: str, body: dict[str, Any] | None = None, timeout: float = 30) -> Any:
        request = urllib.request.Request(f"{self.base}/hub/api/{path.lstrip('/')}", method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
        return json.loads(text) if text else None

    def start_server(self, user: str, timeout: float = 180) -> None:
        """Start `user`'s server through the REST API and wait until the hub says it is ready."""
        try:
            self.api("POST", f"users/{user}/server")
        except urllib.error.HTTPError as error:
            if error.code != 400:  # 400: already running
                raise
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.api("GET", f"users/{user}")
            server = (model.get("servers") or {}).get("", {})
            if server.get("ready"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"{user}'s server did not become ready in {timeout:.0f}s; see {self.log}")

    def user_token(self, user: str) -> str:
        return str(self.api("POST", f"users/{user}/tokens", {"note": "okr-kit test", "expires_in": 3600})["token"])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


@contextmanager
def running_hub(root: Path, store_url: str, roster: dict[str, Any]) -> Iterator[Hub]:
    """The kit's hub configuration running in `root`, its servers saving to `store_url`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "roster.yaml").write_text(yaml.safe_dump(roster), encoding="utf-8")
    env = isolated_env(root / "jupyter")
    env.pop("JUPYTERHUB_USER", None)
    port, token, password = free_port(), secrets.token_hex(24), secrets.token_hex(8)
    sockets = Path(tempfile.mkdtemp(prefix="okr-k-"))  # short: a socket's whole path must fit in 107 bytes
    env.update(
        OKR_HUB_ROSTER=str(root / "roster.yaml"), OKR_HUB_STATE=str(root / "state"), OKR_HUB_HOMES=str(root / "homes"),
        OKR_HUB_PORT=str(port), OKR_HUB_SPAWNER="simple", OKR_HUB_AUTHENTICATOR="dummy",
        OKR_HUB_TEST_PASSWORD=password, OKR_HUB_SERVICE_TOKEN=token, KIT_STORE_URL=store_url,
        OKR_HUB_KERNEL_SOCKETS=str(sockets),
        PATH=os.pathsep.join([str(PROXY.parent), str(Path(sys.executable).parent), env.get("PATH", "")]),
    )
    log = root / "hub.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG),
                                    "--JupyterHub.api_page_default_limit=200"], cwd=root, env=env, stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(process=process, port=port, token=token, password=password, homes=root / "homes", log=log,
              kernel_sockets=sockets)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                hub.api("GET", "")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
                    raise RuntimeError(f"JupyterHub did not start:\n{tail}") from None
                time.sleep(0.5)
        yield hub
    finally:
        hub.stop()
        shutil.rmtree(sockets, ignore_errors=True)
