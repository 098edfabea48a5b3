"""A coach server can be slow or flood us; the user still gets the rubric's review, promptly."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from kit.coach import ask
from kit.coach.transport import MAX_ANSWER_BYTES

from .fakes import API_KEY, FakeServer, completion, good_answer, sample_review


def _rubric_review_with_one_notice(before: Any, after: Any) -> str:
    assert after.findings == before.findings
    assert len(after.notices) == len(before.notices) + 1
    notice: str = after.notices[-1]
    assert API_KEY not in notice and "Traceback" not in notice
    return notice


def _cached_answers(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_a_server_that_drips_bytes_is_cut_off_at_the_request_deadline(
    fake_server: FakeServer, config_for: Any, tmp_path: Path
) -> None:
    dripping = completion(good_answer())
    dripping.drip = 0.3  # every read arrives well inside any per-read timeout
    fake_server.script = [dripping]
    review = sample_review()
    started = time.monotonic()
    result = ask(review, config_for(fake_server.url, timeout=1.5, max_retries=0, set_timeout=30))
    elapsed = time.monotonic() - started
    notice = _rubric_review_with_one_notice(review, result)
    assert elapsed < 1.5 + 1.0, f"took {elapsed:.1f} s with a 1.5 s request deadline"
    assert "did not answer within 1.5 s" in notice and "OKR_KIT_COACH_TIMEOUT" in notice
    assert not _cached_answers(tmp_path / "cache")


def test_the_whole_draft_has_a_deadline_too(fake_server: FakeServer, config_for: Any, tmp_path: Path) -> None:
    slow = completion(good_answer())
    slow.delay = 5.0  # each request would end in time on its own; the set as a whole may not
    fake_server.script = [slow]
    review = sample_review()
    started = time.monotonic()
    result = ask(review, config_for(fake_server.url, timeout=10, set_timeout=1.0))
    elapsed = time.monotonic() - started
    notice = _rubric_review_with_one_notice(review, result)
    assert elapsed < 1.0 + 0.5, f"took {elapsed:.1f} s with a 1 s deadline for the draft"
    assert "longer than 1 s" in notice and "OKR_KIT_COACH_SET_TIMEOUT" in notice


def test_an_oversized_answer_is_not_read_or_cached(fake_server: FakeServer, config_for: Any, tmp_path: Path) -> None:
    for declare_length in (True, False):
        flood = completion("x" * (MAX_ANSWER_BYTES + 1))
        flood.declare_length = declare_length
        fake_server.script = [flood]
        review = sample_review()
        result = ask(review, config_for(fake_server.url, max_retries=0))
        notice = _rubric_review_with_one_notice(review, result)
        assert f"larger than {MAX_ANSWER_BYTES // 1024} KB" in notice, notice
        assert not _cached_answers(tmp_path / "cache")


def test_a_compressed_answer_is_refused_before_it_is_unpacked(fake_server: FakeServer, config_for: Any) -> None:
    packed = completion(good_answer())
    packed.headers = {"content-encoding": "gzip"}
    fake_server.script = [packed]
    review = sample_review()
    result = ask(review, config_for(fake_server.url, max_retries=0))
    notice = _rubric_review_with_one_notice(review, result)
    assert "came compressed" in notice
    assert fake_server.headers[-1].get("accept-encoding") == "identity"
