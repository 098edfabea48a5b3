"""GitLab's Code Quality report, checked field by field as GitLab documents it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.cli import main

SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
DRAFT = (
    "Objective: Customers come back\n"
    "- KR: Hold 6 workshops\n"
    "- KR: Hold 6 workshops\n"
    "- KR: Raise repeat purchase rate from 18% to 28% by Jun 30 (Owner: Dana)\n"
)


def test_every_issue_has_the_documented_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("okrs").mkdir()
    Path("okrs/growth.md").write_text(DRAFT, encoding="utf-8")
    Path("okrs/broken.json").write_text("{", encoding="utf-8")
    main(["review", "--format", "gitlab", "okrs/growth.md", "okrs/broken.json"])
    issues = json.loads(capsys.readouterr().out)
    assert isinstance(issues, list) and issues
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert issue["severity"] in SEVERITIES
        assert set(issue["location"]) == {"path", "lines"}
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)  # unique, even for repeated KRs
    tasks = [i for i in issues if i["check_name"] == "kr-task-list"]
    assert [(i["location"]["path"], i["location"]["lines"]["begin"], i["severity"]) for i in tasks] == [
        ("okrs/growth.md", 2, "major"), ("okrs/growth.md", 3, "major"),
    ]
    (unreadable,) = [i for i in issues if i["location"]["path"] == "okrs/broken.json"]
    assert unreadable["severity"] == "blocker"


def test_fingerprints_stay_the_same_between_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("okrs.md").write_text(DRAFT, encoding="utf-8")
    runs = []
    for _ in range(2):
        main(["review", "--format", "gitlab", "okrs.md"])
        runs.append([issue["fingerprint"] for issue in json.loads(capsys.readouterr().out)])
    assert runs[0] == runs[1]
