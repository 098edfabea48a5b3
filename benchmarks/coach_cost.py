"""What a coach review costs: requests and tokens for a 16-KR set, one request per set vs one per KR.

Runs against a real local llama-cpp-python server with the small Gemma model; token counts come from
the server's `usage` field. Both approaches get the same prompts, output mode and completion cap per
request, so the difference measured is structural: one request per KR repeats the system prompt and
the instructions sixteen times. The kit's approach runs exactly as the kit runs it (re-asking once when
an answer is unusable, every request counted); the naive approach sends one request per KR and no
re-asks. A second review of the unchanged set must be answered from the cache with zero requests,
which is only measurable when the first review produced a valid answer to cache.

    .venv/bin/python benchmarks/coach_cost.py
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, cast

import openai
from pydantic import ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kit.coach import CoachConfig, CoachError, ask, rule_ids_for
from kit.coach import client as coach_client
from kit.coach.client import Usage, consult, parse_answer, response_format, sampling_options
from kit.coach.prompts import build_request
from kit.coach.schema import answer_json_schema, target_ids
from kit.model import Finding, KeyResult, Objective, OkrSet, Review
from tests.support.llama_server import MODEL_ALIAS, llama_server, missing_requirements

REQUEST_RATIO_TARGET = 4.0  # one request per set must use at least 4x fewer requests than one per KR
CACHE_HIT_TARGET_MS = 50.0
# The same completion cap for every request of both approaches. A CPU-bound 270M model writes about
# 10 grammar-constrained tokens a second here, so this keeps the whole run within a few minutes.
MAX_TOKENS_PER_REQUEST = 160

# A made-up quarter for a product team: four objectives, four KRs each, some weak on purpose.
DRAFT = {
    "Make first-week onboarding effortless for small teams": [
        "Reduce median time from sign-up to first shared board from 3 days to 1 day by Jun 30",
        "Increase day-7 active team rate from 38% to 55% by Jun 30",
        "Run 5 onboarding webinars",
        "Cut onboarding support tickets per 100 sign-ups from 14 to 6 by Jun 30",
    ],
    "Earn the trust of finance teams": [
        "Raise finance-team NPS from 18 to 35 by Jun 30",
        "Ship the audit log",
        "Increase monthly exports to accounting tools from 2,100 to 4,000 by Jun 30",
        "Reduce reconciliation errors reported per month from 40 to 10 by Jun 30",
    ],
    "Keep the product fast as usage grows": [
        "Improve 95th percentile board load time from 2.4 s to 1.2 s by Jun 30",
        "Keep weekly availability at or above 99.9% through Jun 30",
        "Migrate search to the new cluster",
        "Reduce p95 API latency from 450 ms to 250 ms by Jun 30",
    ],
    "Grow revenue from existing customers": [
        "Lift net revenue retention from 102% to 110% by Jun 30",
        "Increase seat expansion rate from 4% to 8% per quarter by Jun 30",
        "Hold quarterly business reviews with the top 50 accounts",
        "Grow annual plan share of new subscriptions from 22% to 35% by Jun 30",
    ],
}


def sixteen_kr_review() -> Review:
    okr_set = OkrSet(
        title="Product team Q2",
        objectives=[
            Objective(text=objective, key_results=[KeyResult(text=kr, owner="Product lead") for kr in krs])
            for objective, krs in DRAFT.items()
        ],
    )
    return Review(okr_set=okr_set, findings=_rubric_findings(okr_set))


def _rubric_findings(okr_set: OkrSet) -> list[Finding]:
    """The house rubric's findings when it loads; the coach is measured either way."""
    try:
        from kit.rubric import load_rubric

        return list(load_rubric().check(okr_set))
    except Exception as error:
        print(f"  (rubric unavailable: {type(error).__name__}; measuring without rubric findings)")
        return []


def one_kr_reviews(review: Review) -> list[Review]:
    """The naive approach: each KR sent on its own, with its objective and its own rubric findings."""
    singles = []
    for oi, ki, kr in review.okr_set.key_results():
        objective = review.okr_set.objectives[oi].model_copy(update={"key_results": [kr], "initiatives": []})
        findings = [
            f.model_copy(update={"objective_index": 0, "kr_index": 0})
            for f in review.findings
            if f.objective_index == oi and f.kr_index == ki
        ]
        singles.append(Review(okr_set=OkrSet(objectives=[objective]), findings=findings))
    return singles


class RequestCounter:
    """Counts HTTP requests leaving the client: a cache hit must send none."""

    def __init__(self) -> None:
        self.count = 0
        self.client = openai.DefaultHttpxClient(event_hooks={"request": [self._seen]})

    def _seen(self, request: object) -> None:
        self.count += 1


def kit_review(review: Review, config: CoachConfig, usage: Usage) -> bool:
    """The kit's one request per set, re-ask included; True when it produced an answer (now cached)."""
    try:
        consult(review, config, rule_ids_for(review), usage=usage)
        return True
    except CoachError as error:
        print(f"  answer unusable ({error}); its requests and tokens still count")
        return False


def naive_request(client: openai.OpenAI, review: Review, config: CoachConfig, mode: str, usage: Usage) -> bool:
    """One KR in one request, built from the kit's own prompts and schema; True when the answer is valid."""
    rule_ids = rule_ids_for(review)
    request = build_request(review.okr_set, review.findings, rule_ids)
    targets = list(target_ids(review.okr_set))
    schema = answer_json_schema(targets, rule_ids, max_reviews=len(targets))
    usage.requests += 1
    completion = client.chat.completions.create(
        model=config.model,
        messages=cast(Any, request.messages),
        response_format=cast(Any, response_format(mode, schema)),
        max_tokens=config.max_tokens,
        temperature=config.temperature,
        extra_body=sampling_options(mode) or None,
    )
    usage.add(completion.usage)
    try:
        parse_answer(completion.choices[0].message.content or "")
        return True
    except ValidationError:
        return False


def main() -> int:
    problem = missing_requirements()
    if problem:
        print(f"cannot run: {problem}")
        return 1
    began = time.perf_counter()
    review = sixteen_kr_review()
    kr_count = len(review.okr_set.key_results())
    singles = one_kr_reviews(review)
    with tempfile.TemporaryDirectory() as cache_dir, llama_server() as url:
        config = CoachConfig(
            switched_on=True,
            base_url=url,
            model=MODEL_ALIAS,
            timeout=300,
            cache_dir=Path(cache_dir),
            max_retries=1,
            max_tokens=MAX_TOKENS_PER_REQUEST,
        )
        # Learn the server's output mode once, outside the measurement: both approaches then use it.
        print(f"server up after {time.perf_counter() - began:.0f} s; learning its output mode ...", flush=True)
        with contextlib.suppress(CoachError):
            consult(singles[0], config.model_copy(update={"max_tokens": 64, "cache_dir": None}), rule_ids_for(review))
        mode = coach_client.OUTPUT_MODES[coach_client._accepted_mode.get((url, MODEL_ALIAS), 0)]
        print(f"  output mode: {mode}", flush=True)

        print(f"one request per set ({kr_count} KRs) ...", flush=True)
        per_set = Usage()
        started = time.perf_counter()
        set_ok = kit_review(review, config, per_set)
        set_seconds = time.perf_counter() - started
        print(f"  {per_set.requests} request(s), {per_set.total_tokens} tokens, {set_seconds:.0f} s", flush=True)

        per_kr = Usage()
        valid_per_kr = 0
        started = time.perf_counter()
        with openai.OpenAI(base_url=url, api_key="no-key-needed", timeout=config.timeout, max_retries=0) as client:
            for number, single in enumerate(singles, start=1):
                valid_per_kr += naive_request(client, single, config, mode, per_kr)
                print(
                    f"one request per KR: {number}/{kr_count}, so far {per_kr.total_tokens} tokens, "
                    f"{time.perf_counter() - started:.0f} s",
                    flush=True,
                )
        kr_seconds = time.perf_counter() - started

        hit_ms, hit_requests, from_cache = None, None, False
        if set_ok:
            counter = RequestCounter()
            started = time.perf_counter()
            cached = ask(review, config, http_client=counter.client)
            hit_ms = (time.perf_counter() - started) * 1000
            hit_requests = counter.count
            from_cache = any("from the cache" in notice for notice in cached.notices)

    request_ratio = per_kr.requests / max(per_set.requests, 1)
    token_ratio = per_kr.total_tokens / max(per_set.total_tokens, 1)
    cap = f"completion cap {MAX_TOKENS_PER_REQUEST} tokens per request, both approaches"
    rows = [
        ("requests per review, one per set", f"{per_set.requests}", ""),
        ("requests per review, one per KR", f"{per_kr.requests}", ""),
        ("request ratio (per KR / per set)", f"{request_ratio:.1f}x", f">= {REQUEST_RATIO_TARGET:.0f}x"),
        ("prompt tokens, one per set / per KR", f"{per_set.prompt_tokens} / {per_kr.prompt_tokens}", ""),
        ("completion tokens, one per set / per KR", f"{per_set.completion_tokens} / {per_kr.completion_tokens}", ""),
        ("total tokens, one per set / per KR", f"{per_set.total_tokens} / {per_kr.total_tokens}", "per set fewer"),
        ("token ratio (per KR / per set)", f"{token_ratio:.1f}x", ""),
        ("valid answers, one per set / per KR", f"{int(set_ok)}/1 / {valid_per_kr}/{kr_count}", ""),
        ("wall time, one per set / per KR", f"{set_seconds:.0f} s / {kr_seconds:.0f} s", ""),
        (
            "cache hit (second review of the same set)",
            f"{hit_ms:.1f} ms, {hit_requests} requests" if hit_ms is not None else "no valid answer to cache",
            f"< {CACHE_HIT_TARGET_MS:.0f} ms, 0 requests",
        ),
    ]
    print()
    print(f"16-KR set, {cap}")
    for label, value, target in rows:
        print(f"{label:<44} {value:>26}   {('target ' + target) if target else ''}")

    misses = []
    if request_ratio < REQUEST_RATIO_TARGET:
        misses.append("request ratio")
    if per_set.total_tokens >= per_kr.total_tokens:
        misses.append("total tokens")
    if hit_ms is None:
        misses.append("cache hit: the one-per-set answer was unusable, so there was no valid answer to cache")
    elif not from_cache or hit_requests != 0 or hit_ms >= CACHE_HIT_TARGET_MS:
        misses.append("cache hit")
    print(f"benchmark ran {time.perf_counter() - began:.0f} s")
    print("MISSED: " + "; ".join(misses) if misses else "all targets met")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
