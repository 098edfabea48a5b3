from __future__ import annotations

import pytest

from kit.errors import InputError
from kit.rollout.diagnosis import Response, diagnose, load_guide

AREAS = [a.id for a in load_guide().areas]


def _r(name: str, *ratings: int) -> Response:
    return Response(respondent=name, ratings=dict(zip(AREAS, ratings, strict=True)))


def test_disagreement_is_shown_not_averaged_away() -> None:
    result = diagnose([_r("CEO", 5, 4, 4, 4, 4), _r("CFO", 4, 4, 4, 4, 4), _r("COO", 2, 4, 4, 4, 4)],
                      "Teams cannot see which of many priorities matters most.")
    strategy = result.areas[0]
    assert strategy.spread == 3 and strategy.mean == pytest.approx(11 / 3)
    assert result.disagreements == ["strategy-clarity"]
    assert result.recommendation == "pilot"
    assert result.summary.startswith("Our OKRs are to solve this execution problem: Teams cannot see")


def test_weak_system_area_means_fix_the_system_first() -> None:
    result = diagnose([_r("A", 4, 2, 4, 4, 4), _r("B", 4, 2, 4, 4, 4)], "Reviews report activity, not progress.")
    assert result.recommendation == "fix-system" and result.weak_areas == ["operating-rhythm"]


def test_agreement_and_strength_means_go_to_drafting() -> None:
    result = diagnose([_r("A", 4, 4, 4, 4, 5), _r("B", 5, 4, 4, 4, 4)], "Ownership of outcomes is unclear.")
    assert result.recommendation == "draft"


@pytest.mark.parametrize(
    ("responses", "statement", "words"),
    [
        ([_r("A", 3, 3, 3, 3, 3)], "x", "at least two leaders"),
        ([_r("A", 3, 3, 3, 3, 3), _r("A", 3, 3, 3, 3, 3)], "x", "same name"),
        ([_r("A", 3, 3, 3, 3, 3), _r("B", 3, 3, 3, 3, 3)], "  ", "problem statement is empty"),
        ([_r("A", 3, 3, 3, 3, 9), _r("B", 3, 3, 3, 3, 3)], "x", "outside 1-5"),
        ([Response(respondent="A", ratings={"strategy-clarity": 3}), _r("B", 3, 3, 3, 3, 3)], "x", "has not rated"),
    ],
)
def test_bad_answers_get_a_clear_error(responses: list[Response], statement: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        diagnose(responses, statement)
