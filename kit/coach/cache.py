"""Answers on disk, so re-reviewing an unchanged draft costs no call.

The key is a hash of everything that shapes the answer: the model, the prompt versions, the exact
messages (which hold the set's content and the rubric's findings) and the response schema. Entries hold
the validated answer and where it came from, never the API key or the server's address. A damaged
entry is treated as a miss, never as an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kit.coach.config import without_credentials
from kit.coach.schema import CoachAnswer


class CachedAnswer(BaseModel):
    key: str
    model: str
    prompt_versions: list[str]
    created: str
    answer: CoachAnswer


def cache_key(
    endpoint: str, model: str, prompt_versions: list[str], messages: list[dict[str, str]], schema: dict[str, Any]
) -> str:
    """Answers from one server are never served for another: the endpoint (without credentials) is part of it."""
    payload = json.dumps(
        {"endpoint": without_credentials(endpoint), "model": model, "prompts": prompt_versions, "messages": messages,
         "schema": schema},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AnswerCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> CachedAnswer | None:
        try:
            entry = CachedAnswer.model_validate_json(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValidationError, ValueError):
            return None
        return entry if entry.key == key else None

    def put(self, key: str, model: str, prompt_versions: list[str], answer: CoachAnswer) -> None:
        """Write atomically so a reader never sees half an entry; a read-only disk only loses the cache."""
        entry = CachedAnswer(
            key=key,
            model=model,
            prompt_versions=prompt_versions,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            answer=answer,
        )
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
            ) as handle:
                handle.write(entry.model_dump_json(indent=1))
            os.replace(handle.name, path)
        except OSError:
            return
