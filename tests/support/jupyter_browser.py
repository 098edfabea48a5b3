"""JupyterLab, Voila and Debian's chromium for the browser tests and the widget latency benchmark.

Servers bind to 127.0.0.1 on a free port with a random token; Jupyter's config, runtime and
IPython folders are private temporary ones, so a developer's own Jupyter set-up never changes
what is measured. Test support, not kit code: coaches never need it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KERNEL_TIMEOUT_MS = 60_000
SERVER_START_SECONDS = 60


class ServerStartError(RuntimeError):
    """A server that did not answer in time; the message carries the end of its log."""


STARTED: list[Server] = []  # every server the run started, so a failed test can show what they logged


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A Jupyter server process in its own process group; `url(path)` adds the token."""

    process: subprocess.Popen[bytes]
    port: int
    token: str
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "") -> str:
        separator = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{separator}token={self.token}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def logs_since(moment: float, lines: int = 40) -> str:
    """The end of each server log written to since `moment` (a time.time()), to explain a failed test."""
    parts = []
    for server in STARTED:
        if server.log.exists() and server.log.stat().st_mtime >= moment:
            tail = server.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            parts.append(f"--- the end of {server.log}:\n" + "\n".join(tail))
    return "\n".join(parts)


def isolated_env(root: Path) -> dict[str, str]:
    """Environment with private Jupyter/IPython folders, Lab's news pop-up off and the coach off."""
    config = root / "config"
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}),
        encoding="utf-8",
    )
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTER_RUNTIME_DIR=str(root / "runtime"),
        IPYTHONDIR=str(root / "ipython"),
        JUPYTER_PLATFORM_DIRS="1",
        PYTHONUNBUFFERED="1",
        OKR_KIT_COACH="off",
    )
    return env


def _start(cmd: list[str], env: dict[str, str], cwd: Path, port: int, token: str, probe: str) -> Server:
    log = cwd / f".server-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = Server(process=process, port=port, token=token, log=log)
    STARTED.append(server)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(server.url(probe), timeout=5) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    server.stop()
    tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    raise ServerStartError(f"{cmd[2]} on port {port} did not come up within {SERVER_START_SECONDS}s:\n{tail}")


def start_lab(folder: Path, env: dict[str, str]) -> Server:
    """JupyterLab on `folder`; `window.jupyterapp` is exposed so tests can run commands."""
    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={folder}", "--LabApp.expose_app_in_browser=True",
           "--LabApp.extension_manager=readonly", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI containers run as root
    return _start(cmd, env, folder, port, token, "api/status")


def start_voila(folder: Path, notebook: str, env: dict[str, str], options: Sequence[str] = ()) -> Server:
    """One notebook of `folder` as a Voila app, as `okr-kit app NOTEBOOK` serves it, plus server `options`."""
    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "voila", notebook, "--no-browser", "--Voila.ip=127.0.0.1",
           f"--port={port}", f"--token={token}", "--show_tracebacks=True", *options]
    # Probe a static file: asking for the app page runs the notebook in a new kernel, and a probe that gave
    # up after 5 s and asked again left one more kernel running the notebook each time, starving the test.
    return _start(cmd, env, folder, port, token, "voila/static/voila.js")


def launch_chromium(playwright: Playwright) -> Browser:
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


# Runs every cell of the notebook at `path` and resolves, when the last one has run, to the errors cells raised.
# The notebook is found by its path and made current first, as the run command acts on the current notebook.
RUN_ALL_CELLS = """async (path) => {
    const app = window.jupyterapp;
    const panel = Array.from(app.shell.widgets('main')).find(w => w.context && w.context.path === path);
    if (!panel) { throw new Error(`${path} is not open in Lab`); }
    app.shell.activateById(panel.id);
    await panel.context.ready;
    await panel.sessionContext.ready;
    await app.commands.execute('notebook:run-all-cells');
    const errors = [];
    for (const cell of panel.content.widgets) {
        const outputs = cell.model.type === 'code' ? cell.model.outputs : null;
        for (let i = 0; outputs && i < outputs.length; i++) {
            const output = outputs.get(i).toJSON();
            if (output.output_type === 'error') { errors.push(`${output.ename}: ${output.evalue}`); }
        }
    }
    return errors;
}"""


def open_lab_notebook(page: Page, lab: Server, notebook: str) -> None:
    """Open a notebook in a fresh Lab workspace on a fresh kernel, wait until it is idle, run every cell.

    A kernel an earlier test left on the notebook is shut down first: reconnecting to it made the page
    rebuild every widget that kernel had made before showing the new ones, which could take over a minute.
    A cell that raised fails here, with its error, rather than as a widget that never appears.
    """
    shut_down_sessions(lab, notebook)
    page.goto(lab.url(f"lab/tree/{notebook}?reset"))
    wait_for_lab_idle(page)
    errors = page.evaluate(RUN_ALL_CELLS, notebook)
    assert errors == [], f"{notebook} raised in Lab: {errors}"


def shut_down_sessions(server: Server, notebook: str) -> None:
    """Shut down the kernels of every session a Jupyter server holds on `notebook`."""
    with urllib.request.urlopen(server.url("api/sessions"), timeout=30) as response:
        sessions = json.load(response)
    for session in sessions:
        if session.get("path") == notebook:
            request = urllib.request.Request(server.url(f"api/sessions/{session['id']}"), method="DELETE")
            urllib.request.urlopen(request, timeout=30).close()


def wait_for_lab_idle(page: Page) -> None:
    """Lab is ready when the status bar says the notebook's kernel is Idle (the toolbar dot is unreliable).

    Matching the kernel name too skips the "No Kernel | Idle" shown before the session exists.
    """
    kernel_idle = page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\(ipykernel\) \| Idle"))
    kernel_idle.first.wait_for(timeout=KERNEL_TIMEOUT_MS)


HOSTILE = "<img src=x onerror=alert(1)>"  # typed into pages to prove user text is escaped


def fill(page: Page, css: str, text: str) -> None:
    """Type into a widget's field and leave it, so widgets that sync on change have synced."""
    box = page.locator(css)
    box.fill(text)
    box.press("Tab")


def add_commitment(page: Page, participant: str, action: str, owner: str, due: str) -> None:
    """Record one commitment in a clinic page (live or written) and wait until the table shows it."""
    from playwright.sync_api import expect

    table = page.locator(".okr-clinic-commitment-table")
    count = int(table.get_attribute("data-count") or 0)
    page.locator(".okr-clinic-commit-participant select").select_option(label=participant)
    fill(page, ".okr-clinic-commit-action input", action)
    fill(page, ".okr-clinic-commit-owner input", owner)
    fill(page, ".okr-clinic-commit-due input", due)
    page.locator(".okr-clinic-add-commitment").click()
    expect(table).to_have_attribute("data-count", str(count + 1))
