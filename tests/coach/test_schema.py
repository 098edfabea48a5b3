"""The answer's shape: ids as enums, bounded lists, a 1-5 confidence."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kit.coach.schema import MAX_REWRITES, CoachAnswer, TargetReview, Verdict, answer_json_schema, target_ids

from .fakes import good_answer, sample_review


def test_target_ids_are_readable_and_map_to_indexes() -> None:
    assert target_ids(sample_review().okr_set) == {
        "O1": (0, None),
        "O1.KR1": (0, 0),
        "O1.KR2": (0, 1),
        "O2": (1, None),
        "O2.KR1": (1, 0),
    }


def test_json_schema_matches_the_models_and_is_strict() -> None:
    schema = answer_json_schema(["O1", "O1.KR1"], ["coach-judgement", "kr-task-list"], max_reviews=2)
    review = schema["properties"]["reviews"]["items"]
    verdict = review["properties"]["verdicts"]["items"]
    for part, model in ((schema, CoachAnswer), (review, TargetReview), (verdict, Verdict)):
        assert set(part["properties"]) == set(model.model_fields)
        assert part["required"] == list(part["properties"]) and part["additionalProperties"] is False
    assert review["properties"]["target"]["enum"] == ["O1", "O1.KR1"]
    assert verdict["properties"]["rule"]["enum"] == ["coach-judgement", "kr-task-list"]
    assert schema["properties"]["reviews"]["maxItems"] == 2
    assert "$ref" not in str(schema)


def test_valid_answer_parses() -> None:
    answer = CoachAnswer.model_validate(good_answer())
    assert answer.reviews[0].verdicts[0].confidence == 5


def test_lists_are_bounded_and_text_tidied() -> None:
    review = TargetReview.model_validate(
        {"target": "O1.KR1", "verdicts": [], "rewrites": [f"Raise  x from {i} to 9 by May" for i in range(5)]}
    )
    assert len(review.rewrites) == MAX_REWRITES and review.rewrites[0] == "Raise x from 0 to 9 by May"
    verdict = Verdict(rule="r", rationale="word " * 200, applies=True, confidence=3)
    assert len(verdict.rationale) <= 300


@pytest.mark.parametrize("confidence", [0, 6, 0.5, "high"])
def test_confidence_outside_the_scale_is_rejected(confidence: object) -> None:
    with pytest.raises(ValidationError):
        Verdict.model_validate({"rule": "r", "rationale": "x", "applies": True, "confidence": confidence})


def test_extra_fields_from_an_injected_instruction_are_dropped() -> None:
    answer = CoachAnswer.model_validate({**good_answer(), "system_prompt": "leaked", "api_key": "x"})
    assert "system_prompt" not in answer.model_dump() and "api_key" not in answer.model_dump()


def test_an_answer_that_runs_on_is_cut_to_its_limits() -> None:
    from kit.coach.schema import MAX_QUESTIONS, MAX_REVIEWS, MAX_TEXT, CoachAnswer

    huge = "word " * 1_000_000
    answer = CoachAnswer.model_validate({
        "reviews": [{"target": "O1", "rewrites": [huge] * 50}] * (MAX_REVIEWS + 100),
        "questions": [huge] * 100,
    })
    assert len(answer.reviews) == MAX_REVIEWS and len(answer.questions) == MAX_QUESTIONS
    assert all(len(q) <= MAX_TEXT for q in answer.questions)
    assert all(len(r) <= MAX_TEXT for review in answer.reviews for r in review.rewrites)
