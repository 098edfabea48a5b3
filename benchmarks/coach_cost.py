"""What a coach review costs: requests and tokens for a 16-KR set, one request per set vs one per KR.

Runs against a real local llama-cpp-python server with the small Gemma model (the token counts come
from the server's `usage` field), then times a second review of the same draft, which the cache must
answer without a request. Prints each figure beside its target; exits 1 when a target is missed.

    .venv/bin/python benchmarks/coach_cost.py
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.llama_server import MODEL_ALIAS, llama_server, missing_requirements
from kit.coach import CoachConfig, CoachError, ask, rule_ids_for
from kit.coach.client import Usage, consult
from kit.model import Finding, KeyResult, Objective, OkrSet, Review

REQUEST_RATIO_TARGET = 4.0  # one request per set must use at least 4x fewer requests than one per KR
PROMPT_TOKEN_RATIO_TARGET = 2.0  # ...and at least 2x fewer prompt tokens
CACHE_HIT_TARGET_MS = 50.0
MAX_TOKENS_PER_SET = 1500
MAX_TOKENS_PER_KR = 250

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


def _consult(review: Review, config: CoachConfig, usage: Usage) -> bool:
    try:
        consult(review, config, rule_ids_for(review), usage=usage)
        return True
    except CoachError as error:
        print(f"  answer unusable ({error}); its requests and tokens still count")
        return False


def main() -> int:
    problem = missing_requirements()
    if problem:
        print(f"cannot run: {problem}")
        return 1
    review = sixteen_kr_review()
    kr_count = len(review.okr_set.key_results())
    with tempfile.TemporaryDirectory() as cache_dir, llama_server() as url:
        base = CoachConfig(
            switched_on=True, base_url=url, model=MODEL_ALIAS, timeout=600, cache_dir=None, max_retries=1
        )
        # Learn the server's output mode once, outside the measurement: both approaches then pay the same.
        with contextlib.suppress(CoachError):
            consult(one_kr_reviews(review)[0], base.model_copy(update={"max_tokens": 64}), rule_ids_for(review))

        print(f"one request per set ({kr_count} KRs) ...", flush=True)
        per_set = Usage()
        started = time.perf_counter()
        set_config = base.model_copy(update={"cache_dir": Path(cache_dir), "max_tokens": MAX_TOKENS_PER_SET})
        set_ok = _consult(review, set_config, per_set)
        set_seconds = time.perf_counter() - started
        print(f"  {per_set.requests} requests, {per_set.total_tokens} tokens, {set_seconds:.0f} s", flush=True)

        per_kr = Usage()
        started = time.perf_counter()
        kr_config = base.model_copy(update={"max_tokens": MAX_TOKENS_PER_KR})
        for number, single in enumerate(one_kr_reviews(review), start=1):
            print(f"one request per KR: {number}/{kr_count} ...", flush=True)
            _consult(single, kr_config, per_kr)
            print(f"  so far: {per_kr.requests} requests, {per_kr.total_tokens} tokens", flush=True)
        kr_seconds = time.perf_counter() - started

        started = time.perf_counter()
        cached = ask(review, set_config)
        hit_ms = (time.perf_counter() - started) * 1000
        from_cache = any("from the cache" in notice for notice in cached.notices)

    request_ratio = per_kr.requests / max(per_set.requests, 1)
    prompt_ratio = per_kr.prompt_tokens / max(per_set.prompt_tokens, 1)
    rows = [
        ("requests per review, one per set", f"{per_set.requests}", ""),
        ("requests per review, one per KR", f"{per_kr.requests}", ""),
        ("request ratio (per KR / per set)", f"{request_ratio:.1f}x", f">= {REQUEST_RATIO_TARGET:.0f}x"),
        ("prompt tokens, one per set", f"{per_set.prompt_tokens}", ""),
        ("prompt tokens, one per KR", f"{per_kr.prompt_tokens}", ""),
        ("prompt token ratio", f"{prompt_ratio:.1f}x", f">= {PROMPT_TOKEN_RATIO_TARGET:.0f}x"),
        ("completion tokens, one per set / per KR", f"{per_set.completion_tokens} / {per_kr.completion_tokens}", ""),
        ("total tokens, one per set / per KR", f"{per_set.total_tokens} / {per_kr.total_tokens}", ""),
        ("wall time, one per set / per KR", f"{set_seconds:.1f} s / {kr_seconds:.1f} s", ""),
        ("cache hit (second review, no request)", f"{hit_ms:.1f} ms", f"< {CACHE_HIT_TARGET_MS:.0f} ms"),
    ]
    print()
    for label, value, target in rows:
        print(f"{label:<44} {value:>22}   {('target ' + target) if target else ''}")

    misses = []
    if request_ratio < REQUEST_RATIO_TARGET:
        misses.append("request ratio")
    if prompt_ratio < PROMPT_TOKEN_RATIO_TARGET:
        misses.append("prompt token ratio")
    if not set_ok:
        misses.append("the one-per-set answer was unusable, so nothing could be cached")
    elif not from_cache or hit_ms >= CACHE_HIT_TARGET_MS:
        misses.append("cache hit")
    print()
    print("MISSED: " + "; ".join(misses) if misses else "all targets met")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
