"""Workshop content is read by one loader: a coach's mistake names the file, the line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.content import content_path, load_content
from kit.definition.workshop import DefinitionWorkshop
from kit.errors import InputError, RubricError
from kit.paths import data_dir
from kit.rollout.diagnosis import DiagnosisGuide


def test_content_lives_apart_from_the_rules() -> None:
    assert content_path("diagnosis").is_file()
    assert not (data_dir("rubrics") / "diagnosis.yaml").exists()
    assert load_content("diagnosis", DiagnosisGuide).areas


def test_a_wrong_value_is_reported_with_its_line(tmp_path: Path) -> None:
    text = content_path("definition_workshop").read_text(encoding="utf-8")
    broken = text.replace("minutes: [", "minutes: [ten, ", 1)
    path = tmp_path / "agenda.yaml"
    path.write_text(broken, encoding="utf-8")
    expected_line = broken.splitlines().index(next(line for line in broken.splitlines() if "[ten," in line)) + 1
    with pytest.raises(InputError) as caught:
        load_content("definition_workshop", DefinitionWorkshop, path)
    error = caught.value
    assert not isinstance(error, RubricError)
    assert error.path == str(path) and error.line == expected_line
    assert "content/definition_workshop.yaml" in str(error)


def test_broken_yaml_names_the_content_file_not_a_rubric(tmp_path: Path) -> None:
    path = tmp_path / "guide.yaml"
    path.write_text("areas: [\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_content("diagnosis", DiagnosisGuide, path)
    with pytest.raises(InputError, match="cannot read the diagnosis file"):
        load_content("diagnosis", DiagnosisGuide, tmp_path / "missing.yaml")
