"""`kit.review` is the one pipeline: parsing, the rubric, and the coach when asked for."""

from __future__ import annotations

import pytest

import kit
import kit.coach
from kit.coach import CoachConfig
from kit.model import Finding, Level, Review

DRAFT = "Objective: Customers get answers fast\n- KR: Launch the new help centre\n"


def test_without_the_coach_only_the_rubric_speaks() -> None:
    review = kit.review(DRAFT)
    assert {f.source for f in review.findings} == {"rubric"}
    assert not review.notices


def test_a_coach_that_is_off_leaves_the_rubric_review_and_says_why() -> None:
    rubric_only = kit.review(DRAFT)
    review = kit.review(DRAFT, coach=CoachConfig(switched_on=False, cache_dir=None))
    assert review.findings == rubric_only.findings
    assert len(review.notices) == 1 and "coach" in review.notices[0].lower()


def test_the_coachs_findings_are_added_beside_the_rubrics(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[CoachConfig | None] = []

    def fake_ask(review: Review, config: CoachConfig | None = None) -> Review:
        asked.append(config)
        remark = Finding(rule="coach-remark", level=Level.INFO, message="Who feels this?", scope="set", source="coach")
        return review.model_copy(update={"findings": [*review.findings, remark]})

    monkeypatch.setattr(kit.coach, "ask", fake_ask)
    config = CoachConfig(switched_on=True, base_url="http://127.0.0.1:9/v1", cache_dir=None)
    review = kit.review(DRAFT, coach=config)
    assert asked == [config]
    assert [f.rule for f in review.findings if f.source == "coach"] == ["coach-remark"]
    assert [f for f in review.findings if f.source == "rubric"] == kit.review(DRAFT).findings
