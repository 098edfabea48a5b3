"""The pre-commit hook as a team uses it: the real `pre-commit` tool, a throw-away repository, a bad and a good file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BAD = "Objective: Customers come back\n- KR: Hold 6 customer workshops\n- KR: Launch the loyalty app\n"
GOOD = (
    "Objective: Customers come back\nCycle: 2027-Q1\n"
    "- KR: Raise repeat purchase rate from 18% to 28% by Mar 31 (Owner: Dana, Source: BI dashboard)\n"
    "- KR: Cut time to first reorder from 40 to 25 days by Mar 31 (Owner: Ana, Source: BI dashboard)\n"
)


def shipped_hook() -> dict[str, object]:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return dict(hook)


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(folder / ".cache"),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run(args, cwd=folder, env=env, capture_output=True, text=True, timeout=300)


def test_the_shipped_hook_runs_okr_kit_on_okr_folders_and_fails_on_errors_only() -> None:
    hook = shipped_hook()
    assert hook["id"] == "okr-kit-review" and hook["language"] == "python"
    assert hook["entry"] == "okr-kit review --fail-on error"
    assert hook["files"] == r"(^|/)okrs?/.*\.md$"


@pytest.mark.slow
def test_pre_commit_blocks_a_bad_okr_file_and_lets_a_good_one_through(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    hook = shipped_hook()
    # The shipped hook's own entry and file pattern, run by the real tool against the kit installed here
    # (language: system), so the test does not download and build the kit's environment again.
    config = {"repos": [{"repo": "local", "hooks": [
        {"id": hook["id"], "name": hook["name"], "entry": hook["entry"], "language": "system",
         "files": hook["files"], "types": hook["types"]}]}]}
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    run(tmp_path, "git", "init", "-q")
    (tmp_path / "okrs").mkdir()
    (tmp_path / "okrs" / "growth.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "notes.md").write_text(BAD, encoding="utf-8")  # outside okrs/: not the hook's business
    pre_commit = str(Path(sys.executable).parent / "pre-commit")
    bad = run(tmp_path, pre_commit, "run", "--files", "okrs/growth.md", "notes.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "kr-task-list" in bad.stdout and "notes.md" not in bad.stdout
    (tmp_path / "okrs" / "growth.md").write_text(GOOD, encoding="utf-8")
    good = run(tmp_path, pre_commit, "run", "--files", "okrs/growth.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
