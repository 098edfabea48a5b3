"""The Definition event agenda: six steps in order, each with its structure and the guide's timings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kit.definition.workshop import SIX_STEPS, load_workshop
from kit.errors import InputError


def test_six_steps_in_the_guides_order() -> None:
    workshop = load_workshop()
    assert tuple(step.name for step in workshop.steps) == SIX_STEPS


def test_each_step_has_structure_purpose_prompts_and_a_timer() -> None:
    for step in load_workshop().steps:
        assert step.structure and step.purpose and len(step.prompts) >= 2
        assert step.timer_seconds == step.minutes[0] * 60


def test_timings_match_the_liberating_structures_design() -> None:
    workshop = load_workshop()
    assert workshop.step("contextualise").minutes == (20, 30)
    assert workshop.step("envision").timing == "45 min"
    assert workshop.step("quantify").timing == "30–45 min"
    assert workshop.total_minutes() == (185, 230)


def test_quantify_teaches_the_kr_shape_and_baselines() -> None:
    workshop = load_workshop()
    prompts = " ".join(workshop.step("quantify").prompts)
    assert workshop.kr_shape in prompts
    assert "baseline" in prompts


def test_unknown_step_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        load_workshop().step("brainstorm")


def test_an_agenda_missing_a_step_is_refused(tmp_path: Path) -> None:
    data = load_workshop().model_dump(mode="json")
    data["steps"] = data["steps"][:5]
    path = tmp_path / "agenda.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputError, match="six steps"):
        load_workshop(path)
