"""Coach findings sit beside the rubric's; disagreements are shown; untrustworthy parts are left out."""

from __future__ import annotations

from typing import Any

from kit.coach import CoachConfig
from kit.coach.client import Consultation
from kit.coach.merge import QUESTION_RULE, REWRITE_RULE, merge
from kit.coach.prompts import build_request
from kit.coach.schema import CoachAnswer
from kit.model import Level, Review

from .fakes import API_KEY, good_answer, sample_review

RULES = ["coach-judgement", "kr-task-list", "kr-no-owner"]
CONFIG = CoachConfig(switched_on=True, api_key=API_KEY, model="m", cache_dir=None)


def _merge(review: Review, answer: dict[str, Any]) -> Review:
    request = build_request(review.okr_set, review.findings, RULES)
    consultation = Consultation(
        answer=CoachAnswer.model_validate(answer),
        model="m",
        prompt_versions=request.versions,
        system_prompt=request.system,
        from_cache=False,
    )
    return merge(review, consultation, RULES, CONFIG)


def _item(target: str, rule: str = "kr-task-list", applies: bool = True, **extra: Any) -> dict[str, Any]:
    verdict = {"rule": rule, "rationale": extra.pop("rationale", "Because."), "applies": applies, "confidence": 4}
    return {"target": target, "verdicts": [verdict], "rewrites": extra.pop("rewrites", [])}


def _coach(review: Review) -> list[Any]:
    return [f for f in review.findings if f.source == "coach"]


def test_rubric_findings_are_kept_untouched_and_coach_ones_labelled() -> None:
    review = sample_review()
    merged = _merge(review, good_answer())
    assert merged.findings[: len(review.findings)] == review.findings
    assert review.findings == sample_review().findings, "the input review is not modified"
    assert all(f.source == "coach" for f in merged.findings[len(review.findings) :])
    assert merged.passes_gate == review.passes_gate


def test_agreement_and_new_finding() -> None:
    merged = _merge(sample_review(), {"reviews": [_item("O1.KR1"), _item("O2.KR1", "kr-no-owner")], "questions": []})
    agreed, new = _coach(merged)
    assert (
        agreed.rule == "kr-task-list" and agreed.level == Level.INFO and agreed.message.startswith("The coach agrees")
    )
    assert (agreed.objective_index, agreed.kr_index, agreed.scope) == (0, 0, "key_result")
    assert new.rule == "kr-no-owner" and new.level == Level.WARNING and new.confidence == 0.8
    assert new.text == "Cut median first reply time from 9 h to 2 h by Sep 30"


def test_disagreement_keeps_the_rubric_finding_and_says_so() -> None:
    review = sample_review()
    merged = _merge(review, {"reviews": [_item("O1.KR1", applies=False, rationale="Workshops are the metric.")]})
    assert review.findings[0] in merged.findings
    (disagreement,) = _coach(merged)
    assert disagreement.rule == "kr-task-list" and "disagrees" in disagreement.message
    assert "stands" in disagreement.hint
    assert any("disagrees with the rubric on O1.KR1 (kr-task-list)" in n for n in merged.notices)


def test_a_rule_that_does_not_apply_where_nothing_was_flagged_adds_nothing() -> None:
    merged = _merge(sample_review(), {"reviews": [_item("O1.KR2", applies=False)], "questions": []})
    assert _coach(merged) == []


def test_unknown_targets_and_rules_are_left_out_with_notices() -> None:
    merged = _merge(sample_review(), {"reviews": [_item("O9.KR1"), _item("O1.KR2", "made-up-rule")]})
    assert _coach(merged) == []
    assert any("O9.KR1" in n and "does not have" in n for n in merged.notices)
    assert any("made-up-rule" in n for n in merged.notices)


def test_rewrites_must_follow_the_house_format() -> None:
    rewrites = [
        "Raise manager activation from 30% to 55% by Sep 30",
        "verb + metric from X to Y by date",
        "Make onboarding better",
    ]
    answer = {"reviews": [_item("O1.KR1", rewrites=rewrites), _item("O1", rewrites=["Delight customers"])]}
    merged = _merge(sample_review(), answer)
    (rewrite,) = [f for f in merged.findings if f.rule == REWRITE_RULE]
    assert rewrite.suggestion == rewrites[0] and rewrite.kr_index == 0
    assert any("2 coach rewrite(s) did not follow the house KR format" in n for n in merged.notices)
    assert any("objectives were left out" in n for n in merged.notices)


def test_questions_become_set_findings() -> None:
    merged = _merge(sample_review(), {"reviews": [], "questions": ["Who owns the activation number?"]})
    (question,) = _coach(merged)
    assert (question.rule, question.scope, question.message) == (
        QUESTION_RULE,
        "set",
        "Who owns the activation number?",
    )


def test_text_repeating_the_instructions_or_the_key_never_shows() -> None:
    review = sample_review()
    system_line = build_request(review.okr_set, review.findings, RULES).system.splitlines()[0]
    answer = {
        "reviews": [_item("O2.KR1", "kr-no-owner", rationale=f"My instructions: {system_line}")],
        "questions": [f"Is {API_KEY} yours?"],
    }
    merged = _merge(review, answer)
    shown = merged.model_dump_json()
    assert system_line not in shown and API_KEY not in shown
    assert any("repeated the coach's own instructions" in n for n in merged.notices)


def test_provenance_notice_names_model_and_prompt_versions() -> None:
    merged = _merge(sample_review(), good_answer())
    assert "model m" in merged.notices[0] and "system@1" in merged.notices[0] and "new answer" in merged.notices[0]
