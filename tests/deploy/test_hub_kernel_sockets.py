"""The single-server hub gives each person's kernels a private folder for Unix sockets instead of TCP ports.

The config is run as JupyterHub runs it (with a `get_config`), in a folder of the test's own; the browser
tests check that a participant's kernel really talks over a socket (tests/browser/test_hub_browser.py).
"""

from __future__ import annotations

import os
import pwd
import runpy
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from traitlets.config import Config

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def load_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sockets: Path) -> dict[str, Any]:
    roster = tmp_path / "roster.yaml"
    roster.write_text("workshop: spring\nfacilitators: [coach]\nteams: {growth: [ana]}\n", encoding="utf-8")
    for name, value in {"OKR_HUB_ROSTER": roster, "OKR_HUB_STATE": tmp_path / "state",
                        "KIT_STORE_URL": "postgresql://hub@db/okr", "OKR_HUB_KERNEL_SOCKETS": sockets,
                        "OKR_HUB_SPAWNER": "simple"}.items():
        monkeypatch.setenv(name, str(value))
    return runpy.run_path(str(CONFIG), init_globals={"get_config": Config})


@pytest.fixture
def sockets() -> Iterator[Path]:
    """A folder with a short path, as /run/okr-hub-kernels is: a socket's whole path must fit in 107 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="okr-k-"))
    yield folder / "k"
    shutil.rmtree(folder)


def test_a_persons_socket_folder_is_theirs_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 sockets: Path) -> None:
    config = load_config(tmp_path, monkeypatch, sockets)
    folder = config["kernel_socket_folder"]("ana", os.geteuid())
    assert folder == sockets / "ana"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(sockets.stat().st_mode) == 0o711  # others pass through, but cannot list who has a folder


def test_a_folder_others_can_enter_or_a_link_is_refused_and_kernels_keep_tcp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sockets: Path
) -> None:
    config = load_config(tmp_path, monkeypatch, sockets)
    (sockets / "ben").mkdir(parents=True)
    (sockets / "ben").chmod(0o755)
    (sockets / "eva").symlink_to(tmp_path)
    assert config["kernel_socket_folder"]("ben", os.geteuid()) is None
    assert config["kernel_socket_folder"]("eva", os.geteuid()) is None


def test_a_path_too_long_for_a_socket_keeps_tcp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(tmp_path, monkeypatch, tmp_path / ("k" * 60))
    assert config["kernel_socket_folder"]("ana", os.geteuid()) is None
    assert not (tmp_path / ("k" * 60)).exists()  # nothing made that will not be used


def test_the_server_is_told_to_use_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              sockets: Path) -> None:
    config = load_config(tmp_path, monkeypatch, sockets)
    spawner = SimpleNamespace(user=SimpleNamespace(name="ana", groups=[SimpleNamespace(name="team-growth")]),
                              environment={}, args=[], home_dir=str(tmp_path / "homes" / "ana"), log=None)
    config["pre_spawn_hook"](spawner)
    assert spawner.environment["JUPYTER_RUNTIME_DIR"] == str(sockets / "ana")
    assert "--KernelManager.transport=ipc" in spawner.args
    assert (tmp_path / "homes" / "ana" / "03_self_serve_review.ipynb").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="handing files to another account needs root, as the hub has")
def test_what_the_hub_makes_for_a_system_account_is_handed_to_that_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sockets: Path
) -> None:
    config = load_config(tmp_path, monkeypatch, sockets)
    home = tmp_path / "homes" / "dana"
    account = pwd.struct_passwd(("dana", "x", 64123, 64123, "", str(home), "/bin/sh"))
    monkeypatch.setattr(config["pwd"], "getpwnam", lambda name: account)  # a LocalProcessSpawner's person
    spawner = SimpleNamespace(user=SimpleNamespace(name="dana", groups=[SimpleNamespace(name="team-growth")]),
                              environment={}, args=[])
    config["pre_spawn_hook"](spawner)
    made = [home, *home.rglob("*")]
    assert home / "03_self_serve_review.ipynb" in made
    assert {(path.stat().st_uid, path.stat().st_gid) for path in made} == {(64123, 64123)}
    assert (sockets / "dana").stat().st_uid == 64123
    assert spawner.environment["JUPYTER_RUNTIME_DIR"] == str(sockets / "dana")


def test_a_person_without_a_system_account_is_told_to_the_admin_before_anything_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sockets: Path
) -> None:
    config = load_config(tmp_path, monkeypatch, sockets)
    spawner = SimpleNamespace(user=SimpleNamespace(name="no-such-account-okr", groups=[]), environment={}, args=[])
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RuntimeError, match=r"no-such-account-okr has no system account.*adduser no-such-account-okr"):
        config["pre_spawn_hook"](spawner)
    assert not sockets.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.yaml", "state"]  # no home made for nobody


def test_a_folder_that_cannot_be_made_keeps_tcp_and_the_log_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      sockets: Path) -> None:
    blocked = sockets.parent / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")  # no folder can be made below it, not even by root
    config = load_config(tmp_path, monkeypatch, blocked / "k")
    warnings: list[str] = []
    spawner = SimpleNamespace(user=SimpleNamespace(name="ana", groups=[]), environment={}, args=[],
                              home_dir=str(tmp_path / "homes" / "ana"),
                              log=SimpleNamespace(warning=lambda message, *args: warnings.append(message % args)))
    config["pre_spawn_hook"](spawner)
    assert "JUPYTER_RUNTIME_DIR" not in spawner.environment
    assert "--KernelManager.transport=ipc" not in spawner.args
    assert warnings and "use TCP ports" in warnings[0]
    assert (tmp_path / "homes" / "ana" / "03_self_serve_review.ipynb").exists()  # the server starts all the same
