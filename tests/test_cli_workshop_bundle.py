"""`okr-kit export` / `okr-kit import`: a facilitator moves a whole workshop between machines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.cli import main
from kit.model import KeyResult, Objective, OkrSet
from kit.store import open_store

DRAFT = OkrSet(title="Support", objectives=[Objective(text="Customers get answers fast", key_results=[
    KeyResult(text="Cut median first reply from 9 h to 2 h by Sep 30")])])


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "laptop"
    folder.mkdir()
    with open_store(folder) as store:
        store.save_set("Spring workshop", "Support", DRAFT, author="ana")
        store.save_set("Spring workshop", "Support", DRAFT.model_copy(update={"title": "Support v2"}), author="ana")
    return folder


def test_export_then_import_moves_every_version(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "spring.json"
    assert main(["export", str(bundle), "--workshop", str(source)]) == 0
    target = tmp_path / "hub"
    assert main(["import", str(bundle), "--workshop", str(target)]) == 0
    assert "imported workshop 'Spring workshop'" in capsys.readouterr().out
    with open_store(target) as store:
        assert [v.version for v in store.versions("Spring workshop", "Support")] == [1, 2]
        latest = store.latest("Spring workshop", "Support")
        assert latest is not None and latest.okr_set.title == "Support v2"
    assert main(["import", str(bundle), "--workshop", str(target)]) == 2  # same name again: refused
    assert "already exists" in capsys.readouterr().err


def test_a_damaged_bundle_is_refused_and_changes_nothing(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "spring.json"
    assert main(["export", str(bundle), "--workshop", str(source)]) == 0
    data = json.loads(bundle.read_text(encoding="utf-8"))
    bundle.write_text(json.dumps(data)[:-40], encoding="utf-8")  # cut off in transit
    assert main(["import", str(bundle), "--workshop", str(source), "--name", "Copy", "--replace"]) == 2
    error = capsys.readouterr().err
    assert "okr-kit:" in error and "Traceback" not in error
    with open_store(source) as store:
        assert store.workshops() == ["Spring workshop"]


def test_export_says_what_to_do_when_there_is_nothing_to_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(tmp_path / "b.json"), "--workshop", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err
