"""The answer cache: keyed by everything that shapes the answer, robust to damage."""

from __future__ import annotations

from pathlib import Path

from kit.coach.cache import AnswerCache, cache_key
from kit.coach.schema import CoachAnswer

from .fakes import good_answer

MESSAGES = [{"role": "system", "content": "s"}, {"role": "user", "content": "draft"}]
URL = "http://127.0.0.1:8080/v1"


def test_round_trip(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path)
    key = cache_key(URL, "m", ["system@1"], MESSAGES, {"type": "object"})
    assert cache.get(key) is None
    answer = CoachAnswer.model_validate(good_answer())
    cache.put(key, "m", ["system@1"], answer)
    entry = cache.get(key)
    assert entry is not None and entry.answer == answer and entry.prompt_versions == ["system@1"]


def test_key_changes_with_endpoint_model_prompt_version_content_and_schema() -> None:
    base = cache_key(URL, "m", ["system@1"], MESSAGES, {"a": 1})
    changed = [
        cache_key(URL, "other", ["system@1"], MESSAGES, {"a": 1}),
        cache_key("http://127.0.0.1:9090/v1", "m", ["system@1"], MESSAGES, {"a": 1}),
        cache_key(URL, "m", ["system@2"], MESSAGES, {"a": 1}),
        cache_key(URL, "m", ["system@1"], [*MESSAGES[:1], {"role": "user", "content": "draft 2"}], {"a": 1}),
        cache_key(URL, "m", ["system@1"], MESSAGES, {"a": 2}),
    ]
    assert base == cache_key(URL, "m", ["system@1"], MESSAGES, {"a": 1})
    assert base not in changed and len(set(changed)) == len(changed)


def test_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path)
    key = cache_key(URL, "m", [], MESSAGES, {})
    cache.put(key, "m", [], CoachAnswer.model_validate(good_answer()))
    (path,) = tmp_path.rglob("*.json")
    path.write_text('{"key": "' + key + '", "answer": {"reviews": "broken"')
    assert cache.get(key) is None


def test_unwritable_folder_only_loses_the_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = AnswerCache(blocker / "cache")
    key = cache_key(URL, "m", [], MESSAGES, {})
    cache.put(key, "m", [], CoachAnswer.model_validate(good_answer()))
    assert cache.get(key) is None
