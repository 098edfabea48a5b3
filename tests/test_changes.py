"""`okr-kit review --changed-since REF` on a real git history: only what changed, what it brought in, what it fixed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from kit.cli import main

BEFORE = (
    "Objective: Customers come back\n"
    "- KR: Hold 6 customer workshops\n"
    "- KR: Raise repeat purchase rate from 18% to 28% by Jun 30 (Owner: Dana)\n"
)
AFTER = (
    "Objective: Customers come back\n"
    "- KR: Cut time to first reorder from 40 to 25 days by Jun 30 (Owner: Ana)\n"
    "- KR: Raise repeat purchase rate from 18% to 28% by Jun 30 (Owner: Dana)\n"
    "- KR: Launch the loyalty app\n"
)


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "coach@example.org")
    git(tmp_path, "config", "user.name", "Coach")
    (tmp_path / "okrs").mkdir()
    (tmp_path / "okrs" / "growth.md").write_text(BEFORE, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first draft")
    (tmp_path / "okrs" / "growth.md").write_text(AFTER, encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "rewrite")
    return tmp_path


def test_only_changed_krs_are_reviewed_and_new_and_fixed_findings_are_told(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    main(["review", "--format", "json", "--changed-since", "HEAD~1", "okrs/growth.md"])
    document = json.loads(capsys.readouterr().out)["documents"][0]
    reviewed = {kr["text"] for o in document["objectives"] for kr in o["key_results"] if kr["findings"]}
    assert "Launch the loyalty app" in reviewed
    assert not any(kr.startswith("Raise repeat purchase") for kr in reviewed)  # unchanged: not reviewed again
    changes = document["changes"]
    assert changes["since"] == "HEAD~1" and changes["changed_items"] == 2
    assert ("kr-task-list", "Launch the loyalty app") in {(f["rule"], f["text"]) for f in changes["new"]}
    assert ("kr-task-list", "Hold 6 customer workshops") in {(f["rule"], f["text"]) for f in changes["fixed"]}
    main(["review", "--changed-since", "HEAD~1", "okrs/growth.md"])
    assert "fixed [kr-task-list] Hold 6 customer workshops" in capsys.readouterr().out


def test_an_unknown_revision_or_a_file_outside_git_is_one_clear_line(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(repo)
    assert main(["review", "--changed-since", "no-such-branch", "okrs/growth.md"]) == 2
    err = capsys.readouterr().err
    assert "okrs/growth.md" in err and "no-such-branch" in err and "Traceback" not in err
    outside = tmp_path_factory.mktemp("plain") / "okrs.md"
    outside.write_text(AFTER, encoding="utf-8")
    assert main(["review", "--changed-since", "HEAD", str(outside)]) == 2
    assert "is not in a git repository" in capsys.readouterr().err
