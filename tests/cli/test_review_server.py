"""The warm review server, run as users run it: the installed `okr-kit` script, a real server in the background.

The one promise that matters: a review through the server is the same review, byte for byte and exit
code for exit code, as one run in the `okr-kit` process; and whenever the server cannot help, the review
still runs.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.cli import review_client
from kit.paths import data_dir

OKR_KIT = Path(sys.executable).with_name("okr-kit")
SERVER_START_WAIT = 90.0  # seconds: the server warms up in the background, on a machine busy with other tests

TEAM_DRAFT = """\
# Platform team OKRs
Cycle: 2027-Q1

## Objective 1: Developers ship without waiting for us
- KR 1.1: Cut median build time from 14 minutes to 6 minutes by March 31 (Owner: Ada; Source: CI dashboard)
- KR 1.2: Migrate the build farm
- KR 1.3: Better documentation

## Objective 2: Launch the new deploy pipeline
- KR 2.1: Raise weekly deploys per team from 3 to 10 ☕
"""

RUBRIC = """\
rules:
  - id: kr-no-owner
    enabled: false
"""


def okr_kit(
    args: list[str], env: dict[str, str], cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OKR_KIT), *args], capture_output=True, text=True, env=env, cwd=cwd, input=stdin,
                          timeout=120, encoding="utf-8", errors="backslashreplace")


def served(env: dict[str, str], cwd: Path) -> int | None:
    """Reviews the running server has taken, or None when none answers."""
    folder = Path(env[review_client.FOLDER_ENV])
    answer = subprocess.run([sys.executable, "-c", "import json, sys; from pathlib import Path; "
                             "from kit.cli.review_client import ask_server; "
                             "print(json.dumps(ask_server(Path(sys.argv[1]), 'status')))", str(folder)],
                            capture_output=True, text=True, env=env, cwd=cwd, check=True, timeout=60)
    found = json.loads(answer.stdout)
    return None if found is None else int(found["served"])


def wait_for_server(env: dict[str, str], cwd: Path) -> int:
    deadline = time.monotonic() + SERVER_START_WAIT
    while (count := served(env, cwd)) is None:
        assert time.monotonic() < deadline, f"no review server after {SERVER_START_WAIT:.0f} s: {server_log(env)}"
        time.sleep(0.2)
    return count


def server_log(env: dict[str, str]) -> str:
    logs = sorted(Path(env[review_client.FOLDER_ENV]).glob("review-*.log"))
    return logs[0].read_text(encoding="utf-8") if logs else "(no log)"


def wait_for_log(env: dict[str, str], line: str) -> None:
    deadline = time.monotonic() + 60
    while line not in server_log(env):
        assert time.monotonic() < deadline, f"{line!r} not in the server log: {server_log(env)}"
        time.sleep(0.2)


def environment(folder: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("CI", review_client.SWITCH_ENV)}
    return {**env, review_client.SWITCH_ENV: "on", review_client.FOLDER_ENV: str(folder), **extra}


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A folder with a team draft, and an environment whose server lives in a private folder of its own."""
    (tmp_path / "team.md").write_text(TEAM_DRAFT, encoding="utf-8")
    env = environment(tmp_path / "srv")
    yield tmp_path, env
    stop_every_server(env, tmp_path)


def stop_every_server(env: dict[str, str], cwd: Path) -> None:
    """Stop the test's servers, one still warming up included: none may outlive its test."""
    deadline = time.monotonic() + 60
    for lock in Path(env[review_client.FOLDER_ENV]).glob("*.lock"):
        with lock.open("a") as held:
            while True:
                try:
                    fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    assert time.monotonic() < deadline, f"a review server would not stop: {server_log(env)}"
                    okr_kit(["server", "stop"], env, cwd)
                    time.sleep(0.2)


@pytest.fixture
def warm(workspace: tuple[Path, dict[str, str]]) -> tuple[Path, dict[str, str]]:
    folder, env = workspace
    okr_kit(["review", "team.md"], env, folder)  # a cold review starts the server for the next one
    wait_for_server(env, folder)
    return folder, env


CASES = {
    "text": ["review", "team.md"],
    "json": ["review", "team.md", "--format", "json"],
    "sarif": ["review", "team.md", "--format", "sarif"],
    "markdown, never failing": ["review", "team.md", "--format", "markdown", "--fail-on", "never"],
    "colour forced": ["review", "team.md", "--color", "always"],
    "own rubric": ["review", "team.md", "--rubric", "my-rules.yaml"],
    "a quality gate": ["review", "team.md", "--gate", "sign-off"],
    "a missing file beside a real one": ["review", "team.md", "nowhere.md"],
    "a folder reviewed by parallel workers": ["review", "drafts", "--format", "json"],
    "a usage error": ["review", "team.md", "--format", "pdf"],
    "only what changed since a git revision": ["review", "team.md", "--changed-since", "HEAD"],
    "help": ["review", "--help"],
}


@pytest.mark.slow
def test_a_review_through_the_server_is_the_review_run_here(warm: tuple[Path, dict[str, str]]) -> None:
    folder, env = warm
    (folder / "my-rules.yaml").write_text(RUBRIC, encoding="utf-8")
    (folder / "drafts").mkdir()
    for number in range(20):
        (folder / "drafts" / f"team-{number}.md").write_text(TEAM_DRAFT.replace("Platform", f"Team {number}"),
                                                            encoding="utf-8")
    git = ["git", "-c", "user.name=Coach", "-c", "user.email=coach@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "team.md"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "first draft"], cwd=folder, check=True)
    (folder / "team.md").write_text(TEAM_DRAFT.replace("Better documentation", "Hold 3 demos"), encoding="utf-8")
    before = served(env, folder)
    assert before is not None
    here = {**env, review_client.SWITCH_ENV: "off"}
    for name, args in CASES.items():
        expected = okr_kit(args, here, folder)
        got = okr_kit(args, env, folder)
        assert (got.returncode, got.stdout, got.stderr) == (expected.returncode, expected.stdout, expected.stderr), name
    assert served(env, folder) == before + len(CASES), "every case went through the server"


@pytest.mark.slow
def test_standard_input_and_the_terminal_encoding_reach_the_served_review(warm: tuple[Path, dict[str, str]]) -> None:
    folder, env = warm
    latin = {**env, "PYTHONIOENCODING": "latin-1"}
    expected = okr_kit(["review", "-"], {**latin, review_client.SWITCH_ENV: "off"}, folder, stdin=TEAM_DRAFT)
    got = okr_kit(["review", "-"], latin, folder, stdin=TEAM_DRAFT)
    assert "\\u2615" in expected.stdout  # the emoji a Latin-1 terminal cannot show, escaped instead of crashing
    assert (got.returncode, got.stdout, got.stderr) == (expected.returncode, expected.stdout, expected.stderr)


@pytest.mark.slow
def test_the_first_review_starts_the_server_and_stop_stops_it(workspace: tuple[Path, dict[str, str]]) -> None:
    folder, env = workspace
    assert okr_kit(["server", "status"], env, folder).stdout.strip() == "no review server is running"
    first = okr_kit(["review", "team.md", "--format", "json"], env, folder)
    assert wait_for_server(env, folder) == 0
    second = okr_kit(["review", "team.md", "--format", "json"], env, folder)
    assert served(env, folder) == 1
    assert second.stdout == first.stdout and json.loads(second.stdout)["documents"]
    status = okr_kit(["server", "status"], env, folder).stdout
    assert status.startswith("running: review server (pid ") and "1 reviews served" in status
    assert okr_kit(["server", "stop"], env, folder).stdout.startswith("stopped the review server")
    deadline = time.monotonic() + 30
    while list(Path(env[review_client.FOLDER_ENV]).glob("*.sock")):
        assert time.monotonic() < deadline, "the stopped server left its socket"
        time.sleep(0.1)
    wait_for_log(env, "stopped: asked to stop")
    assert okr_kit(["server", "status"], env, folder).stdout.strip() == "no review server is running"


@pytest.mark.slow
def test_a_server_whose_house_rules_changed_stops_and_the_review_runs_here(
    warm: tuple[Path, dict[str, str]],
) -> None:
    folder, env = warm
    rules = data_dir("rubrics") / "okr.yaml"
    expected = okr_kit(["review", "team.md"], {**env, review_client.SWITCH_ENV: "off"}, folder)
    before = rules.stat()
    try:
        os.utime(rules, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        got = okr_kit(["review", "team.md"], env, folder)
        assert (got.returncode, got.stdout, got.stderr) == (expected.returncode, expected.stdout, expected.stderr)
        wait_for_log(env, "stopped: kit's code changed")
        assert wait_for_server(env, folder) == 0, "the review ran here and started a server of the new rules"
    finally:
        os.utime(rules, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.slow
def test_an_idle_server_stops_by_itself(workspace: tuple[Path, dict[str, str]]) -> None:
    folder, env = workspace
    env[review_client.IDLE_ENV] = "1"
    okr_kit(["review", "team.md"], env, folder)
    wait_for_server(env, folder)
    wait_for_log(env, "stopped: no review for 1 s")
    assert not list(Path(env[review_client.FOLDER_ENV]).glob("*.sock"))


def test_a_folder_others_can_enter_is_never_used(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    (tmp_path / "team.md").write_text(TEAM_DRAFT, encoding="utf-8")
    env = environment(shared)
    here = okr_kit(["review", "team.md"], {**env, review_client.SWITCH_ENV: "off"}, tmp_path)
    got = okr_kit(["review", "team.md"], env, tmp_path)
    assert (got.returncode, got.stdout) == (here.returncode, here.stdout)
    time.sleep(1)
    assert list(shared.iterdir()) == [], "no server, socket or lock in a folder others can enter"
    status = okr_kit(["server", "status"], env, tmp_path).stdout
    assert f"{shared} is not a folder only you can enter" in status


@pytest.mark.parametrize(
    ("argv", "env", "wanted"),
    [
        (["review", "a.md"], {}, True),
        (["review", "a.md"], {"OKR_KIT_SERVER": "off"}, False),
        (["review", "a.md"], {"CI": "true"}, False),
        (["review", "a.md"], {"CI": "true", "OKR_KIT_SERVER": "on"}, True),
        (["lab"], {}, False),
        (["rules"], {}, False),
        ([], {}, False),
    ],
)
def test_which_commands_go_to_the_server(argv: list[str], env: dict[str, str], wanted: bool,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("CI", "OKR_KIT_SERVER"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert review_client.server_wanted(argv) is wanted
