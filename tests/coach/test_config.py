"""The coach is off until a person turns it on, and says why in one sentence either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.coach import CoachConfig
from kit.coach.config import CONFIG_FILE

from .fakes import API_KEY


def test_off_by_default_even_with_a_key(tmp_path: Path) -> None:
    config = CoachConfig.from_env({"OPENAI_API_KEY": API_KEY}, folder=tmp_path)
    assert not config.enabled
    assert "off" in config.reason and "OKR_KIT_COACH=on" in config.reason


@pytest.mark.parametrize("switch", ["on", "ON", "1", "true", "yes"])
def test_switched_on_by_environment(tmp_path: Path, switch: str) -> None:
    config = CoachConfig.from_env(
        {"OKR_KIT_COACH": switch, "OPENAI_API_KEY": API_KEY, "OKR_KIT_COACH_MODEL": "gpt-test"}, folder=tmp_path
    )
    assert config.enabled and config.model == "gpt-test"
    assert config.reason == "The coach is on: drafts are sent to api.openai.com (model gpt-test)."


def test_on_without_key_or_server_explains_what_is_missing(tmp_path: Path) -> None:
    config = CoachConfig.from_env({"OKR_KIT_COACH": "on"}, folder=tmp_path)
    assert not config.enabled and "OPENAI_API_KEY" in config.reason


def test_local_server_needs_no_key(tmp_path: Path) -> None:
    config = CoachConfig.from_env(
        {"OKR_KIT_COACH": "on", "OPENAI_BASE_URL": "http://127.0.0.1:8080/v1"}, folder=tmp_path
    )
    assert config.enabled and "127.0.0.1:8080" in config.reason


def test_workshop_folder_file_switches_on_and_environment_wins(tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE).write_text("coach: on\nmodel: team-model\ntimeout: 12\ncache: answers\n")
    config = CoachConfig.from_env({"OPENAI_API_KEY": API_KEY}, folder=tmp_path)
    assert config.enabled and config.model == "team-model" and config.timeout == 12
    assert config.cache_dir == tmp_path / "answers"
    assert not CoachConfig.from_env({"OPENAI_API_KEY": API_KEY, "OKR_KIT_COACH": "off"}, folder=tmp_path).enabled


def test_a_key_in_the_workshop_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE).write_text(f"coach: on\napi_key: {API_KEY}\n")
    config = CoachConfig.from_env({"OPENAI_API_KEY": API_KEY}, folder=tmp_path)
    assert not config.enabled
    assert "api_key" in config.reason and "OPENAI_API_KEY" in config.reason
    assert API_KEY not in config.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("coach: maybe\n", "neither on nor off"),
        ("colour: blue\n", "unknown setting(s) colour"),
        ("coach: [on\n", "cannot be read"),
        ("- on\n", "key: value"),
    ],
)
def test_broken_file_turns_the_coach_off_with_the_file_named(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / CONFIG_FILE).write_text(text)
    config = CoachConfig.from_env({"OPENAI_API_KEY": API_KEY, "OKR_KIT_COACH": "on"}, folder=tmp_path)
    assert not config.enabled
    assert expected in config.reason and CONFIG_FILE in config.reason


def test_bad_environment_value_turns_the_coach_off(tmp_path: Path) -> None:
    config = CoachConfig.from_env(
        {"OKR_KIT_COACH": "on", "OPENAI_API_KEY": API_KEY, "OKR_KIT_COACH_TIMEOUT": "soon"}, folder=tmp_path
    )
    assert not config.enabled and "OKR_KIT_COACH_" in config.reason
    assert API_KEY not in config.reason


def test_cache_can_be_switched_off(tmp_path: Path) -> None:
    config = CoachConfig.from_env({"OKR_KIT_COACH_CACHE": "off"}, folder=tmp_path)
    assert config.cache_dir is None


def test_key_is_hidden_from_repr_and_dumps(tmp_path: Path) -> None:
    config = CoachConfig.from_env(
        {"OKR_KIT_COACH": "on", "OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": "https://user:pw@example.org/v1"},
        folder=tmp_path,
    )
    for shown in (repr(config), str(config), config.model_dump_json(), config.reason):
        assert API_KEY not in shown
    assert "pw" not in config.redact(f"failed at {config.base_url} with {API_KEY}")


def test_credentials_in_the_base_url_are_never_shown() -> None:
    from kit.coach.config import CoachConfig

    config = CoachConfig(switched_on=True, base_url="http://user:sk-url-secret-123@127.0.0.1:8080/v1")
    assert "sk-url-secret-123" not in repr(config) and "***@127.0.0.1:8080" in repr(config)
    assert "sk-url-secret-123" not in config.redact("calling http://user:sk-url-secret-123@127.0.0.1:8080/v1")
