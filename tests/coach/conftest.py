"""Fixtures for the coach tests: a fake server per test, configs pointing at it, fresh output modes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kit.coach import CoachConfig
from kit.coach import client as coach_client

from .fakes import API_KEY, FakeServer


@pytest.fixture(autouse=True)
def _forget_output_modes() -> Iterator[None]:
    """Each test meets the server fresh: output modes learned by one test must not leak into the next."""
    coach_client._accepted_mode.clear()
    yield
    coach_client._accepted_mode.clear()


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    with FakeServer() as server:
        yield server


@pytest.fixture
def config_for(tmp_path: Path) -> Any:
    def make(url: str, **overrides: Any) -> CoachConfig:
        settings: dict[str, Any] = {
            "switched_on": True,
            "api_key": API_KEY,
            "base_url": url,
            "model": "fake-model",
            "timeout": 5.0,
            "max_retries": 2,
            "backoff_seconds": 0.01,
            "max_backoff_seconds": 0.05,
            "cache_dir": tmp_path / "cache",
        }
        settings.update(overrides)
        return CoachConfig(**settings)

    return make


@pytest.fixture(scope="session")
def llama_url() -> Iterator[str]:
    """A real llama-cpp-python server with the small Gemma model, for the whole session."""
    from tests.support.llama_server import llama_server, missing_requirements

    problem = missing_requirements()
    if problem:
        pytest.skip(f"local LLM server unavailable: {problem}")
    with llama_server() as url:
        yield url
