from __future__ import annotations

import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import pytest

from kit import launch
from kit.cli import main
from kit.errors import InputError

OKR_KIT = Path(sys.executable).with_name("okr-kit")


def _notebook(title: str) -> str:
    return json.dumps({"cells": [], "metadata": {"title": title}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def kit_notebooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the kit's notebooks folder, so these tests do not depend on its contents."""
    folder = tmp_path / "kit-notebooks"
    folder.mkdir()
    for name in ("00_start_here", "02_definition_workshop", "03_self_serve_review"):
        (folder / f"{name}.ipynb").write_text(_notebook(name))
    monkeypatch.setattr(launch, "data_dir", lambda name: folder)
    return folder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_workshop_gets_the_notebooks_once_and_edits_survive(tmp_path: Path, kit_notebooks: Path) -> None:
    workshop = tmp_path / "my-workshop"
    copied = launch.prepare_workshop(workshop)
    assert sorted(p.name for p in copied) == sorted(p.name for p in kit_notebooks.glob("*.ipynb"))
    edited = workshop / "03_self_serve_review.ipynb"
    edited.write_text(_notebook("my own notes"))
    assert launch.prepare_workshop(workshop) == []
    assert "my own notes" in edited.read_text()


def test_copies_carry_this_machines_kernel_details_and_nothing_else_changes(
    tmp_path: Path, kit_notebooks: Path
) -> None:
    """What Lab writes when the kernel starts is already there, so a notebook opened unchanged is not edited."""
    launch.prepare_workshop(tmp_path / "w")
    copy = json.loads((tmp_path / "w" / "03_self_serve_review.ipynb").read_text(encoding="utf-8"))
    source = json.loads((kit_notebooks / "03_self_serve_review.ipynb").read_text(encoding="utf-8"))
    kernel = launch.kernel_metadata()
    assert kernel["language_info"]["version"] == platform.python_version()
    assert kernel["kernelspec"]["name"] == "python3" and kernel["kernelspec"]["display_name"]
    assert copy["metadata"] == {**source.get("metadata", {}), **kernel}
    assert copy["cells"] == source["cells"]


def test_lab_command_binds_localhost_with_a_token_out_of_the_process_list(tmp_path: Path, kit_notebooks: Path) -> None:
    launch.prepare_workshop(tmp_path)
    lab = launch.lab_launch(tmp_path, 8899)
    assert lab.command[:4] == [sys.executable, "-m", "jupyter", "lab"]
    assert "--ServerApp.ip=127.0.0.1" in lab.command
    assert "--ServerApp.port=8899" in lab.command
    assert "--ServerApp.port_retries=0" in lab.command
    assert f"--ServerApp.root_dir={tmp_path.resolve()}" in lab.command
    token = lab.env["JUPYTER_TOKEN"]
    assert len(token) >= 24
    assert not any(token in part for part in lab.command)
    assert lab.url == f"http://127.0.0.1:8899/lab/tree/00_start_here.ipynb?token={token}"
    assert launch.lab_launch(tmp_path, 8899).env["JUPYTER_TOKEN"] != token
    assert "--ServerApp.ip=0.0.0.0" in launch.lab_launch(tmp_path, 8899, ip="0.0.0.0").command


def test_app_command_serves_one_notebook_with_code_hidden(tmp_path: Path) -> None:
    notebook = tmp_path / "03_self_serve_review.ipynb"
    app = launch.app_launch(notebook, 8870)
    assert app.command[:4] == [sys.executable, "-m", "voila", str(notebook)]
    assert {"--Voila.ip=127.0.0.1", "--Voila.port=8870", "--strip_sources=True", "--Voila.auto_token=True"} <= set(
        app.command
    )
    assert app.url == f"http://127.0.0.1:8870/?token={app.env['JUPYTER_TOKEN']}"
    assert app.cwd == tmp_path


def test_notebooks_are_found_by_name_prefix_or_path(tmp_path: Path, kit_notebooks: Path) -> None:
    launch.prepare_workshop(tmp_path)
    expected = (tmp_path / "03_self_serve_review.ipynb").resolve()
    assert launch.find_notebook("03_self_serve_review", tmp_path) == expected
    assert launch.find_notebook("03_self_serve_review.ipynb", tmp_path) == expected
    assert launch.find_notebook("03", tmp_path) == expected
    assert launch.find_notebook("self_serve_review", tmp_path) == expected
    elsewhere = tmp_path / "other" / "mine.ipynb"
    elsewhere.parent.mkdir()
    elsewhere.write_text(_notebook("mine"))
    assert launch.find_notebook(str(elsewhere), tmp_path) == elsewhere.resolve()
    with pytest.raises(InputError, match=r"no such notebook.*03_self_serve_review"):
        launch.find_notebook("budget", tmp_path)
    with pytest.raises(InputError, match="matches several"):
        launch.find_notebook("0", tmp_path)


def test_a_busy_port_is_a_clear_error_and_the_default_falls_back() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(InputError, match=f"port {port} is already in use"):
            launch.choose_port(port, 8888)
        fallback = launch.choose_port(None, port)
        assert fallback != port
        assert launch.port_is_free(fallback)
    for outside in (70000, 80, 0):
        with pytest.raises(InputError, match="not a port the kit can use"):
            launch.choose_port(outside, 8888)


def test_cli_lab_prints_the_url_then_hands_over_to_jupyter(
    tmp_path: Path, kit_notebooks: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    calls: list[tuple[str, Sequence[str], dict[str, str]]] = []
    monkeypatch.setattr(launch.os, "execve", lambda path, args, env: calls.append((path, args, env)))
    port = _free_port()
    assert main(["lab", "--no-browser", "--port", str(port), "--workshop", "ws"]) == 0
    ((path, args, env),) = calls
    assert path == sys.executable and f"--ServerApp.port={port}" in args
    out = capsys.readouterr().out
    assert f"http://127.0.0.1:{port}/lab/tree/00_start_here.ipynb?token={env['JUPYTER_TOKEN']}" in out
    assert (tmp_path / "ws" / "03_self_serve_review.ipynb").is_file()
    assert Path.cwd() == (tmp_path / "ws").resolve()


def test_cli_app_with_an_unknown_notebook_exits_2(
    tmp_path: Path, kit_notebooks: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(launch.os, "execve", lambda *args: pytest.fail("must not start a server"))
    assert main(["app", "budget", "--no-browser", "--workshop", "ws"]) == 2
    err = capsys.readouterr().err
    assert "budget: no such notebook" in err and "Traceback" not in err


@pytest.mark.slow
def test_okr_kit_lab_serves_http_on_localhost(tmp_path: Path) -> None:
    port = _free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    server = subprocess.Popen(
        [str(OKR_KIT), "lab", "--no-browser", "--port", str(port), "--workshop", str(tmp_path / "ws")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = next(line.split("Open: ", 1)[1].strip() for line in server.stdout if line.startswith("Open: "))
        token = url.split("token=", 1)[1]
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2) as r:
                    status = r.status
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert status == 200, f"JupyterLab did not answer on 127.0.0.1:{port} within 60 s"
        with pytest.raises(urllib.error.HTTPError) as refused:  # the token is required
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents", timeout=5)
        assert refused.value.code == 403
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_browser_opens_the_tokened_url_once_the_server_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spawned: list[dict[str, str]] = []
    monkeypatch.setattr(launch.subprocess, "Popen", lambda args, env, **kw: spawned.append(env))
    lab = launch.lab_launch(tmp_path, 8899, token="tok")
    launch._spawn_browser_opener(lab)
    assert spawned[0]["OKR_KIT_OPEN_URL"] == lab.url
    assert spawned[0]["OKR_KIT_WAIT_FOR"] == "127.0.0.1:8899"

    opened: list[str] = []
    pages: list[str] = []

    def fake_open(uri: str) -> None:
        opened.append(uri)
        pages.append(Path(uri.removeprefix("file://")).read_text())

    monkeypatch.setattr(launch.webbrowser, "open", fake_open)
    monkeypatch.setattr(launch.time, "sleep", lambda seconds: None)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        monkeypatch.setenv("OKR_KIT_OPEN_URL", "http://127.0.0.1:1/lab?token=tok&x=<y>")
        monkeypatch.setenv("OKR_KIT_WAIT_FOR", f"127.0.0.1:{server.getsockname()[1]}")
        launch.open_browser_when_ready(timeout=10)
    (uri,) = opened
    assert 'url=http://127.0.0.1:1/lab?token=tok&amp;x=&lt;y&gt;"' in pages[0]
    assert not Path(uri.removeprefix("file://")).exists()  # the token does not stay on disk


def test_cli_app_serves_a_room_on_the_given_address_behind_a_token(
    tmp_path: Path, kit_notebooks: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    calls: list[tuple[str, Sequence[str], dict[str, str]]] = []
    monkeypatch.setattr(launch.os, "execve", lambda path, args, env: calls.append((path, args, env)))
    port = _free_port()
    argv = ["app", "03", "--no-browser", "--port", str(port), "--workshop", "ws", "--ip", "0.0.0.0"]
    assert main([*argv, "--idle-kernel-timeout", "120"]) == 0
    ((_, args, env),) = calls
    assert "--Voila.ip=0.0.0.0" in args and "--Voila.auto_token=True" in args
    assert len(env["JUPYTER_TOKEN"]) >= 24
    assert "--MappingKernelManager.cull_idle_timeout=120" in args
    assert "--MappingKernelManager.cull_connected=False" in args
    out = capsys.readouterr().out
    assert f"?token={env['JUPYTER_TOKEN']}" in out
    assert "anyone with the link above can reach the app" in out


def test_app_shuts_down_kernels_left_behind_by_default(tmp_path: Path) -> None:
    app = launch.app_launch(tmp_path / "03_self_serve_review.ipynb", 8870)
    assert f"--MappingKernelManager.cull_idle_timeout={launch.DEFAULT_IDLE_KERNEL_SECONDS}" in app.command
    with pytest.raises(InputError, match="too short"):
        launch.idle_kernel_culling(0)
