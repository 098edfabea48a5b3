"""`okr-kit lab` and `okr-kit app`: JupyterLab or a Voila app on the user's own workshop folder.

The workshop folder holds the user's work, never the installed package: the kit's notebooks are
copied in once and a user's edited copy is never overwritten. Servers listen on 127.0.0.1 behind
a fresh token unless told otherwise. The token travels in the JUPYTER_TOKEN environment variable,
not on the command line, so other users of the machine cannot read it from the process list.
"""

from __future__ import annotations

import html
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.errors import InputError
from kit.paths import data_dir

DEFAULT_LAB_PORT = 8888
DEFAULT_APP_PORT = 8866
LOCALHOST = "127.0.0.1"
# A reloaded or closed app page leaves its kernel behind (Voila's own shutdown call is refused by its
# XSRF check); a kernel with no page connected and idle this long is shut down. An open page keeps its
# kernel however long it sits idle.
DEFAULT_IDLE_KERNEL_SECONDS = 300
START_NOTEBOOK = "00_start_here.ipynb"
_OPEN_URL_ENV = "OKR_KIT_OPEN_URL"
_WAIT_FOR_ENV = "OKR_KIT_WAIT_FOR"

Exec = Callable[[str, Sequence[str], dict[str, str]], object]


@dataclass(frozen=True)
class Launch:
    """Everything needed to start a server: the command, its environment, folder and URL."""

    command: list[str]
    env: dict[str, str]
    cwd: Path
    url: str
    host: str
    port: int


def prepare_workshop(workshop: Path) -> list[Path]:
    """Create the folder and copy in the kit's notebooks it does not have yet; return what was copied.

    Each copy carries this machine's kernel name and language details: JupyterLab writes them into a
    notebook as its kernel starts, and a notebook that differed would read as edited the moment it
    opened (and ask "leave page?" when the user had changed nothing)."""
    workshop.mkdir(parents=True, exist_ok=True)
    copied = []
    kernel: dict[str, Any] | None = None
    for notebook in sorted(data_dir("notebooks").glob("*.ipynb")):
        target = workshop / notebook.name
        if not target.exists():
            kernel = kernel if kernel is not None else kernel_metadata()
            content = json.loads(notebook.read_text(encoding="utf-8"))
            content.setdefault("metadata", {}).update(kernel)
            target.write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            copied.append(target)
    return copied


def kernel_metadata() -> dict[str, Any]:
    """The kernelspec and language_info JupyterLab records for the python3 kernel of this environment."""
    from ipykernel.ipkernel import IPythonKernel
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
        display_name, language = spec.display_name, spec.language
    except NoSuchKernel:
        display_name, language = "Python 3 (ipykernel)", "python"
    return {
        "kernelspec": {"display_name": display_name, "language": language, "name": "python3"},
        "language_info": dict(IPythonKernel.language_info),
    }


def choose_port(requested: int | None, default: int, ip: str = LOCALHOST) -> int:
    """The requested port if free (a clear error if not), else the default, else any free port."""
    if requested is not None:
        if not 1024 <= requested < 65536:  # below 1024 needs root, which the kit never asks for
            raise InputError(
                f"--port {requested} is not a port the kit can use", path="okr-kit",
                fix="Use a number between 1024 and 65535",
            )
        if not port_is_free(requested, ip):
            raise InputError(
                f"port {requested} is already in use",
                path="okr-kit",
                fix="Choose another with --port, or leave --port out to pick a free one",
            )
        return requested
    if port_is_free(default, ip):
        return default
    with socket.socket() as probe:
        probe.bind((ip, 0))
        port: int = probe.getsockname()[1]
        return port


def port_is_free(port: int, ip: str = LOCALHOST) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((ip, port))
        except OSError:
            return False
    return True


def lab_launch(workshop: Path, port: int, ip: str = LOCALHOST, token: str | None = None) -> Launch:
    workshop = workshop.resolve()
    token = token or secrets.token_urlsafe(24)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={workshop}",
        f"--ServerApp.ip={ip}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--no-browser",  # the kit opens the browser itself, with the token, once the server answers
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI often run as root; Jupyter refuses otherwise
    page = f"lab/tree/{START_NOTEBOOK}" if (workshop / START_NOTEBOOK).exists() else "lab"
    host = _display_host(ip)
    url = f"http://{host}:{port}/{page}?token={token}"
    return Launch(command, _server_env(token), workshop, url, host, port)


def app_launch(
    notebook: Path,
    port: int,
    ip: str = LOCALHOST,
    token: str | None = None,
    idle_kernel_seconds: int = DEFAULT_IDLE_KERNEL_SECONDS,
) -> Launch:
    """Voila, code hidden, behind a token; 127.0.0.1 unless the coach serves a room with `ip`."""
    token = token or secrets.token_urlsafe(24)
    command = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--Voila.ip={ip}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        "--Voila.auto_token=True",  # read the token from JUPYTER_TOKEN
        "--no-browser",
        "--strip_sources=True",
        "--show_tracebacks=False",
        *idle_kernel_culling(idle_kernel_seconds),
    ]
    host = _display_host(ip)
    url = f"http://{host}:{port}/?token={token}"
    return Launch(command, _server_env(token), notebook.parent, url, host, port)


def idle_kernel_culling(seconds: int) -> list[str]:
    """Server options that shut down kernels no page is connected to after `seconds` idle."""
    if seconds < 1:
        raise InputError(
            f"--idle-kernel-timeout {seconds} is too short", path="okr-kit",
            fix="Give the seconds a kernel with no page may stay idle, e.g. 300",
        )
    return [
        f"--MappingKernelManager.cull_idle_timeout={seconds}",
        f"--MappingKernelManager.cull_interval={max(1, min(60, seconds // 2))}",
        "--MappingKernelManager.cull_connected=False",
    ]


def find_notebook(name: str, workshop: Path) -> Path:
    """A path, or a kit notebook's name ('03_self_serve_review', '03', 'self_serve_review')."""
    as_path = Path(name)
    if as_path.suffix == ".ipynb" and as_path.is_file():
        return as_path.resolve()
    stem = as_path.name.removesuffix(".ipynb")
    candidates = sorted(workshop.glob("*.ipynb"))
    exact = [nb for nb in candidates if nb.stem == stem]
    if exact:
        return exact[0].resolve()
    partial = [nb for nb in candidates if nb.stem.startswith(stem) or nb.stem.endswith(stem)]
    if len(partial) == 1:
        return partial[0].resolve()
    available = ", ".join(nb.stem for nb in candidates) or "none"
    problem = "matches several notebooks" if partial else "no such notebook"
    raise InputError(problem, path=name, fix=f"Use one of: {available}")


def run_lab(
    *, port: int | None, open_browser: bool, workshop: Path, ip: str = LOCALHOST, exec_: Exec | None = None
) -> int:
    copied = prepare_workshop(workshop)
    launch = lab_launch(workshop, choose_port(port, DEFAULT_LAB_PORT, ip if ip else "0.0.0.0"), ip)
    _announce("JupyterLab", launch, copied)
    _warn_if_shared(ip, "this JupyterLab, and run code in it")
    return _start(launch, open_browser, exec_)


def run_app(
    notebook: str,
    *,
    port: int | None,
    open_browser: bool,
    workshop: Path,
    ip: str = LOCALHOST,
    idle_kernel_seconds: int = DEFAULT_IDLE_KERNEL_SECONDS,
    exec_: Exec | None = None,
) -> int:
    copied = prepare_workshop(workshop)
    path = find_notebook(notebook, workshop)
    port = choose_port(port, DEFAULT_APP_PORT, ip if ip else "0.0.0.0")
    launch = app_launch(path, port, ip, idle_kernel_seconds=idle_kernel_seconds)
    _announce(f"The {path.stem} app", launch, copied)
    _warn_if_shared(ip, "the app")
    return _start(launch, open_browser, exec_)


def _warn_if_shared(ip: str, what: str) -> None:
    if ip not in (LOCALHOST, "localhost", "::1"):
        print(f"Listening on {ip or 'every address'}: anyone with the link above can reach {what}.", flush=True)


def _announce(what: str, launch: Launch, copied: list[Path]) -> None:
    for path in copied:
        print(f"Copied {path.name} into {path.parent}", flush=True)
    print(f"{what} is starting in {launch.cwd}", flush=True)
    print(f"Open: {launch.url}", flush=True)
    print("Stop it with Ctrl-C.", flush=True)


def _start(launch: Launch, open_browser: bool, exec_: Exec | None) -> int:
    """Replace this process with the server, so Ctrl-C and signals reach Jupyter directly."""
    if open_browser:
        _spawn_browser_opener(launch)
    os.chdir(launch.cwd)
    (exec_ or os.execve)(launch.command[0], launch.command, launch.env)
    return 0


def _server_env(token: str) -> dict[str, str]:
    env = dict(os.environ)
    env["JUPYTER_TOKEN"] = token
    return env


def _display_host(ip: str) -> str:
    if ip in ("", "0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{ip}]" if ":" in ip else ip


def _spawn_browser_opener(launch: Launch) -> None:
    """A small detached process waits for the server, then opens the tokened URL once."""
    env = dict(os.environ)
    env[_OPEN_URL_ENV] = launch.url
    env[_WAIT_FOR_ENV] = f"{LOCALHOST if launch.host != '::1' else '::1'}:{launch.port}"
    subprocess.Popen(
        [sys.executable, "-c", "from kit.launch import open_browser_when_ready; open_browser_when_ready()"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def open_browser_when_ready(timeout: float = 120.0) -> None:
    """Open the URL through a private redirect file, so the token never shows in the process list."""
    url = os.environ[_OPEN_URL_ENV]
    host, _, port = os.environ[_WAIT_FOR_ENV].rpartition(":")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, int(port)), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    else:
        return
    fd, redirect = tempfile.mkstemp(suffix=".html", prefix="okr-kit-")
    with os.fdopen(fd, "w", encoding="utf-8") as page:
        target = html.escape(url, quote=True)
        page.write(f'<!DOCTYPE html><meta http-equiv="refresh" content="0;url={target}"><a href="{target}">Open</a>')
    webbrowser.open(Path(redirect).as_uri())
    time.sleep(30)  # long enough for the browser to read it; then the token leaves the disk
    Path(redirect).unlink(missing_ok=True)
