"""The coach end to end against a real local model (llama-cpp-python + Gemma 3 270M).

A model this small judges OKRs poorly, so this checks the plumbing: a schema-valid answer in a
structured output mode, findings merged beside the rubric's, and a second review of the same draft
served from the cache without a request. The draft is small so one CPU-bound answer stays quick.
"""

from __future__ import annotations

from pathlib import Path

import openai
import pytest

from kit.coach import CoachConfig, ask
from kit.coach import client as coach_client
from kit.coach.cache import CachedAnswer
from kit.coach.schema import target_ids
from kit.model import Finding, KeyResult, Level, Objective, OkrSet, Review
from tests.support.llama_server import MODEL_ALIAS

pytestmark = [pytest.mark.llm, pytest.mark.slow]


class RequestCounter:
    """Counts HTTP requests leaving the client: a cache hit must send none."""

    def __init__(self) -> None:
        self.count = 0
        self.client = openai.DefaultHttpxClient(event_hooks={"request": [self._seen]})

    def _seen(self, request: object) -> None:
        self.count += 1


def small_review() -> Review:
    kr = "Hold 4 onboarding calls with new customers"
    okr_set = OkrSet(
        objectives=[
            Objective(
                text="Make new customers successful in their first week",
                key_results=[KeyResult(text=kr), KeyResult(text="Raise week-one activation from 40% to 60% by Sep 30")],
            )
        ]
    )
    task = Finding(
        rule="kr-task-list",
        level=Level.WARNING,
        message="This reads like a task, not a result.",
        scope="key_result",
        objective_index=0,
        kr_index=0,
        text=kr,
    )
    return Review(okr_set=okr_set, findings=[task])


def test_review_end_to_end_then_from_cache(llama_url: str, tmp_path: Path) -> None:
    review = small_review()
    config = CoachConfig(
        switched_on=True, base_url=llama_url, model=MODEL_ALIAS, cache_dir=tmp_path, max_tokens=300, timeout=400
    )
    counter = RequestCounter()

    first = ask(review, config, http_client=counter.client)

    assert counter.count >= 1
    problems = [n for n in first.notices if "could not" in n or "unavailable" in n or "failed" in n]
    assert not problems, problems
    mode = coach_client.OUTPUT_MODES[coach_client._accepted_mode[(llama_url, MODEL_ALIAS)]]
    assert mode in {"json_schema", "json_object_with_schema"}, "the server enforced the answer's schema"
    (entry_path,) = tmp_path.rglob("*.json")
    entry = CachedAnswer.model_validate_json(entry_path.read_text())
    ids = set(target_ids(review.okr_set))
    assert all(item.target in ids for item in entry.answer.reviews)
    assert 1 <= len(entry.answer.questions) <= 3

    assert first.findings[: len(review.findings)] == review.findings, "rubric findings are kept as they were"
    coach = [f for f in first.findings if f.source == "coach"]
    assert coach, "at least the clinic question is merged"
    places = set(target_ids(review.okr_set).values())
    assert all(f.scope == "set" or (f.objective_index, f.kr_index) in places for f in coach)
    assert any(f"model {MODEL_ALIAS}" in notice for notice in first.notices)

    requests_before = counter.count
    second = ask(review, config, http_client=counter.client)
    assert counter.count == requests_before, "the second review of the same draft sent no request"
    assert second.findings == first.findings
    assert any("from the cache" in notice for notice in second.notices)
