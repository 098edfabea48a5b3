"""How the coach is reached, and whether it may be reached at all.

The coach is off unless the user turns it on: an OKR draft is often confidential, so nothing leaves
the computer until someone sets `OKR_KIT_COACH=on` or writes `coach: on` in the workshop folder's
`okr-coach.yaml`. The API key is only ever read from the environment, never from a file that could be
shared with the workshop material.

Settings (environment wins over the file): OKR_KIT_COACH (on/off), OPENAI_API_KEY, OPENAI_BASE_URL,
OKR_KIT_COACH_MODEL, OKR_KIT_COACH_TIMEOUT (seconds one request may take in all, however steadily the
server sends), OKR_KIT_COACH_SET_TIMEOUT (seconds for a whole draft, retries included; past it the
rubric's review is shown without the coach), OKR_KIT_COACH_MAX_RETRIES (after a 429 or 5xx),
OKR_KIT_COACH_MAX_TOKENS, OKR_KIT_COACH_CACHE (a folder, or `off`). The file takes the same settings
as `coach`, `model`, `base_url`, `timeout`, `set_timeout`, `max_retries`, `max_tokens` and `cache`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml
from pydantic import Field, SecretStr

from kit.coach.redact import redact
from kit.model import FrozenModel

CONFIG_FILE = "okr-coach.yaml"
DEFAULT_MODEL = "gpt-4o-mini"
_ON = {"on", "1", "true", "yes"}
_OFF = {"off", "0", "false", "no", ""}
_FILE_KEYS = {"coach", "model", "base_url", "timeout", "set_timeout", "max_retries", "max_tokens", "cache"}


def without_credentials(url: str) -> str:
    """The URL with any user name or password replaced by ***: a key put in a base URL must not be shown."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    netloc = "***@" + (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "okr-workshop-kit" / "coach"


class CoachConfig(FrozenModel):
    """Everything needed to ask the coach; `enabled` and `reason` tell a front end what to show."""

    switched_on: bool = False
    api_key: SecretStr | None = Field(default=None, repr=False)
    base_url: str | None = None
    model: str = DEFAULT_MODEL
    timeout: float = Field(default=60.0, gt=0, description="Seconds one request may take, start to end.")
    set_timeout: float = Field(default=180.0, gt=0, description="Seconds the coach may take for one draft.")
    max_retries: int = Field(default=2, ge=0, le=5, description="Extra attempts after a 429 or a 5xx.")
    backoff_seconds: float = Field(default=1.0, ge=0, description="First wait before a retry; doubles.")
    max_backoff_seconds: float = Field(default=20.0, ge=0, description="Cap on any single wait.")
    max_tokens: int = Field(default=1500, ge=64)
    temperature: float = Field(default=0.0, ge=0, le=2)
    cache_dir: Path | None = Field(default_factory=default_cache_dir)
    problem: str | None = Field(default=None, description="Why the configuration could not be read.")

    @property
    def enabled(self) -> bool:
        return self.problem is None and self.switched_on and (self.api_key is not None or bool(self.base_url))

    @property
    def reason(self) -> str:
        """One sentence for a greyed-out button or a CLI notice: why the coach is or is not available."""
        if self.problem is not None:
            return f"The coach is off: {self.problem}"
        if not self.switched_on:
            return (
                "The coach is off, so your OKRs stay on this computer. To get its opinion, set "
                f"OKR_KIT_COACH=on (or write \"coach: on\" in {CONFIG_FILE} in the workshop folder)."
            )
        if not self.enabled:
            return (
                "The coach is switched on but has nowhere to send drafts: set OPENAI_API_KEY, "
                "or OPENAI_BASE_URL for a local OpenAI-compatible server."
            )
        return f"The coach is on: drafts are sent to {self.server_label} (model {self.model})."

    @property
    def server_label(self) -> str:
        if not self.base_url:
            return "api.openai.com"
        parts = urlsplit(self.base_url)
        return parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else "the server"

    def secrets(self) -> list[str]:
        """Everything that must never be shown: the key, and credentials written into the base URL."""
        found = [self.api_key.get_secret_value()] if self.api_key else []
        if self.base_url:
            parts = urlsplit(self.base_url)
            found += [value for value in (parts.username, parts.password) if value]
        return found

    def __repr_args__(self) -> Any:
        for name, value in super().__repr_args__():
            yield name, without_credentials(value) if name == "base_url" and isinstance(value, str) else value

    def redact(self, text: str) -> str:
        return redact(text, self.secrets())

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, folder: str | Path | None = None) -> CoachConfig:
        """Read `okr-coach.yaml` in `folder` (default: the current folder), then the environment on top.

        Never raises: a broken setting turns the coach off with a `reason` that says what to fix.
        """
        env = os.environ if env is None else env
        settings: dict[str, object] = {}
        path = Path(folder if folder is not None else Path.cwd()) / CONFIG_FILE
        if path.is_file():
            try:
                settings.update(_read_file(path))
            except ValueError as error:
                return cls(problem=redact(str(error)))
        try:
            settings.update(_read_env(env))
            return cls.model_validate(settings)
        except ValueError as error:
            first = str(error).splitlines()[0] if str(error) else "a setting is invalid"
            return cls(problem=redact(f"{first}. Check the OKR_KIT_COACH_* settings."))


def _switch(value: object, where: str) -> bool:
    text = str(value).strip().lower()
    if isinstance(value, bool):
        return value
    if text in _ON:
        return True
    if text in _OFF:
        return False
    raise ValueError(f"{where}: '{value}' is neither on nor off")


def _read_file(path: Path) -> dict[str, object]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        where = f"{path}:{line + 1}" if line is not None else str(path)
        raise ValueError(f"{where} cannot be read ({type(error).__name__})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path} should hold `key: value` lines, e.g. `coach: on`")
    if "api_key" in data:
        raise ValueError(
            f"{path} holds an api_key; keys must not live in workshop files. "
            "Remove it and set OPENAI_API_KEY in the environment instead"
        )
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise ValueError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_FILE_KEYS))}")
    settings: dict[str, object] = {}
    if "coach" in data:
        settings["switched_on"] = _switch(data["coach"], f"{path}: coach")
    for key in ("model", "base_url", "timeout", "set_timeout", "max_retries", "max_tokens"):
        if key in data:
            settings[key] = data[key]
    if "cache" in data:
        settings["cache_dir"] = _cache_setting(str(data["cache"]), base=path.parent)
    return settings


def _read_env(env: Mapping[str, str]) -> dict[str, object]:
    settings: dict[str, object] = {}
    if "OKR_KIT_COACH" in env:
        settings["switched_on"] = _switch(env["OKR_KIT_COACH"], "OKR_KIT_COACH")
    if env.get("OPENAI_API_KEY"):
        settings["api_key"] = env["OPENAI_API_KEY"].strip()
    if env.get("OPENAI_BASE_URL"):
        settings["base_url"] = env["OPENAI_BASE_URL"].strip()
    names = {
        "OKR_KIT_COACH_MODEL": "model",
        "OKR_KIT_COACH_TIMEOUT": "timeout",
        "OKR_KIT_COACH_SET_TIMEOUT": "set_timeout",
        "OKR_KIT_COACH_MAX_RETRIES": "max_retries",
        "OKR_KIT_COACH_MAX_TOKENS": "max_tokens",
    }
    for name, key in names.items():
        if env.get(name):
            settings[key] = env[name].strip()
    if "OKR_KIT_COACH_CACHE" in env:
        settings["cache_dir"] = _cache_setting(env["OKR_KIT_COACH_CACHE"], base=Path.cwd())
    return settings


def _cache_setting(value: str, base: Path) -> Path | None:
    """`off` disables the answer cache; anything else is a folder (relative to where it was written)."""
    if value.strip().lower() in _OFF:
        return None
    folder = Path(value).expanduser()
    return folder if folder.is_absolute() else base / folder
