"""The draft and sign-off gates: which findings stop a set from passing, as named in the rule file."""

from __future__ import annotations

from pathlib import Path

import pytest

import kit
from kit.errors import RubricError
from kit.model import Finding, Level, OkrSet
from kit.rubric import load_rubric, load_rule_files
from kit.rubric.gates import DRAFT, SIGN_OFF, judge

READY = """\
Objective: Small shops keep coming back to us
- KR: Raise 90-day shop retention from 71% to 80% by end of Q3 (Owner: Ines; Source: billing warehouse)
- KR: Raise weekly active shop owners from 1,200 to 1,900 by end of Q3 (Owner: Tom; Source: product analytics)
"""
NOT_READY = """\
Objective: Small shops keep coming back to us
- KR: Raise 90-day shop retention from 71% to 80% by end of Q3
- KR: Cut monthly churn from 4% to 3% by end of Q3
"""


def test_a_set_meeting_the_playbook_checks_passes_both_gates() -> None:
    review = kit.review(READY)
    gates = load_rubric().gates
    assert judge(review, gates, DRAFT).passes
    assert judge(review, gates, SIGN_OFF).passes


def test_sign_off_names_every_open_check_while_the_draft_gate_passes() -> None:
    review = kit.review(NOT_READY)
    gates = load_rubric().gates
    assert review.passes_gate and judge(review, gates, DRAFT).passes
    verdict = judge(review, gates, SIGN_OFF)
    assert not verdict.passes
    # no owner, no source, and two lagging impacts without a leading signal
    assert set(verdict.open_checks()) == {"kr-no-owner", "kr-no-source", "objective-no-leading-kr"}


def test_the_draft_gate_is_the_models_own_gate() -> None:
    gates = load_rubric().gates
    for source in (READY, NOT_READY, "Objective: Launch the app\n- KR: Ship it", OkrSet()):
        review = kit.review(source)
        assert judge(review, gates, DRAFT).passes is review.passes_gate


def test_coach_remarks_never_block_a_gate() -> None:
    review = kit.review(READY)
    remark = Finding(rule="coach-remark", level=Level.ERROR, message="I would not sign this", scope="set",
                     source="coach")
    with_coach = review.model_copy(update={"findings": [*review.findings, remark]})
    assert judge(with_coach, load_rubric().gates, SIGN_OFF).passes


def test_an_empty_draft_never_passes() -> None:
    verdict = judge(kit.review(OkrSet()), load_rubric().gates, SIGN_OFF)
    assert verdict.empty and not verdict.passes


def test_an_unknown_gate_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="draft, sign-off"):
        judge(kit.review(READY), load_rubric().gates, "launch")


def test_a_users_file_can_redefine_a_gate(tmp_path: Path) -> None:
    extra = tmp_path / "ours.yaml"
    extra.write_text("gates:\n  sign-off:\n    label: sign-off\n    block_rules: [kr-no-owner]\n", encoding="utf-8")
    rubric = load_rubric(extra)
    verdict = judge(kit.review(NOT_READY, rubric=extra), rubric.gates, SIGN_OFF)
    assert verdict.open_checks() == ["kr-no-owner"]


def test_a_gate_naming_an_unknown_rule_is_refused_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: []\ngates:\n  strict:\n    label: strict\n    block_rules: [kr-no-owners]\n",
                   encoding="utf-8")
    with pytest.raises(RubricError, match="unknown rule 'kr-no-owners'") as raised:
        load_rule_files(bad)
    assert raised.value.line == 3
